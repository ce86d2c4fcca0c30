import { describe, expect, it } from "vitest";
import { remaining } from "./time";

describe("countdowns", () => {
  const now = Date.parse("2026-11-26T10:00:00Z");
  it("shows hours and minutes left", () => {
    expect(remaining("2026-11-26T12:15:30Z", now)).toEqual({ overdue: false, minutes: 136, text: "02:15" });
  });
  it("shows days when more than a day is left", () => {
    expect(remaining("2026-11-27T13:05:00Z", now).text).toBe("1\u00a0{d} 03:05");
  });
  it("counts overdue time upwards", () => {
    const r = remaining("2026-11-26T09:40:00Z", now);
    expect(r.overdue).toBe(true);
    expect(r.text).toBe("00:20");
  });
});
