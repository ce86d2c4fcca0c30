import { describe, expect, it } from "vitest";
import { translate } from "./i18n";
import type { Lang } from "./bindings";
import { astanaInput, countdownInWords, lengthInWords } from "./time";

// Issue 19 item 4: countdowns in words, in each language of the window.
const t = (lang: Lang) => (id: string, args?: Record<string, string | number>) => translate(lang, id, args);
const now = Date.parse("2026-11-26T10:00:00Z");
const at = (min: number) => new Date(now + min * 60_000).toISOString();

describe("countdowns in words", () => {
  it("says hours and minutes left", () => {
    expect(countdownInWords(at(9 * 60 + 32), now, t("en")).text).toBe("9 h 32 min left");
    expect(countdownInWords(at(9 * 60 + 32), now, t("kk")).text).toBe("9 сағ 32 мин қалды");
    expect(countdownInWords(at(9 * 60 + 32), now, t("ru")).text).toBe("осталось 9 ч 32 мин");
  });
  it("says overdue time in days and hours", () => {
    const late = at(-(2 * 1440 + 4 * 60 + 10));
    expect(countdownInWords(late, now, t("en"))).toEqual({ overdue: true, minutes: -3130, text: "overdue by 2 d 4 h" });
    expect(countdownInWords(late, now, t("ru")).text).toBe("просрочено на 2 дн 4 ч");
    expect(countdownInWords(late, now, t("kk")).text).toBe("2 күн 4 сағ кешікті");
  });
  it("leaves out a zero unit and shows minutes alone under an hour", () => {
    expect(lengthInWords(3 * 60, t("en"))).toBe("3 h");
    expect(lengthInWords(1440 + 5, t("ru"))).toBe("1 дн");
    expect(lengthInWords(32, t("kk"))).toBe("32 мин");
    expect(lengthInWords(0, t("en"))).toBe("0 min");
  });
});

describe("the time a form offers", () => {
  it("is Astana time (UTC+5), as the app reads it back", () => {
    expect(astanaInput(Date.parse("2026-12-02T15:37:40Z"))).toBe("02.12.2026 20:37");
    expect(astanaInput(Date.parse("2026-12-31T19:05:00Z"))).toBe("01.01.2027 00:05");
  });
});
