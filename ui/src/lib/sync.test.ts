import { describe, expect, it } from "vitest";
import type { ConflictView, SyncStatus } from "./bindings";
import { ageParts, chooseAll, initialChoices, minutesSince, resolution, syncTone } from "./sync";
import { translate } from "./i18n";

const status = (patch: Partial<SyncStatus>): SyncStatus =>
  ({
    configured: true, enabled: true, server_url: "http://127.0.0.1:8470", login: "boss", online: true,
    pending: 0, oldest_pending: null, oldest_pending_minutes: null, warning: null,
    last_attempt: null, last_success: null, last_success_astana: null, last_error: null, conflicts: 0, ...patch,
  }) as unknown as SyncStatus;

describe("the sync bar's tone", () => {
  it("stays quiet with no server: the workstation works offline by design", () => {
    expect(syncTone(status({ configured: false, online: false, pending: 3 as unknown as bigint }))).toBe("quiet");
  });

  it("says off, offline or online as the app reports it", () => {
    expect(syncTone(status({ enabled: false }))).toBe("off");
    expect(syncTone(status({ online: false, last_error: "недоступен" }))).toBe("offline");
    expect(syncTone(status({}))).toBe("online");
  });

  it("warns past the app's 15-minute threshold only while the server is reachable", () => {
    const late = { pending: 2 as unknown as bigint, oldest_pending_minutes: 16 as unknown as bigint, warning: "2 изм. ждут отправки уже 16 мин" };
    expect(syncTone(status(late))).toBe("late");
    // Offline, a waiting change is expected, not a fault.
    expect(syncTone(status({ ...late, online: false }))).toBe("offline");
    expect(syncTone(status({ pending: 2 as unknown as bigint, oldest_pending_minutes: 14 as unknown as bigint }))).toBe("online");
  });
});

describe("ages and instants", () => {
  const now = Date.parse("2026-12-02T10:00:00Z");
  it("counts whole minutes and never a negative age from a clock ahead of this one", () => {
    expect(minutesSince("2026-12-02T09:44:30Z", now)).toBe(15);
    expect(minutesSince("2026-12-02T10:05:00Z", now)).toBe(0);
    expect(minutesSince("garbage", now)).toBe(0);
  });

  it("reads minutes, hours and days in each language", () => {
    const text = (lang: "kk" | "ru" | "en", m: number) => {
      const { id, args } = ageParts(m);
      return translate(lang, id, args);
    };
    expect(text("ru", 0)).toBe("меньше минуты");
    expect(text("kk", 0)).toBe("бір минуттан аз");
    expect(text("ru", 7)).toBe("7 мин");
    expect(text("ru", 125)).toBe("2 ч 05 мин");
    expect(text("kk", 125)).toBe("2 сағ 05 мин");
    expect(text("en", 3 * 1440 + 60)).toBe("3 d 1 h");
  });
});

describe("resolving a conflict field by field", () => {
  const view: ConflictView = {
    appeal_id: "a1", number: "AST1-2026-000001",
    versions: [
      { version_id: "head", head: true, author: "boss", workstation: "AST1", recorded_at: "2026-12-02T09:00:00Z", recorded_at_astana: "02.12.2026 14:00" },
      { version_id: "branch", head: false, author: "dana", workstation: "AST2", recorded_at: "2026-12-02T09:01:00Z", recorded_at_astana: "02.12.2026 14:01" },
    ],
    fields: [
      { field: "organisation", label: "Организация", values: ["ТОО А", "ТОО Б"], differs: true },
      { field: "phone", label: "Телефон", values: ["+7 701", "+7 702"], differs: true },
      { field: "email", label: "Почта", values: ["a@kz", "a@kz"], differs: false },
    ],
  };

  it("keeps the head wholesale by default and writes nothing else", () => {
    expect(resolution(view, initialChoices(view))).toEqual({ keep: "head", fields: [] });
  });

  it("keeps the other version wholesale when every field is taken from it", () => {
    expect(resolution(view, chooseAll(view, 1))).toEqual({ keep: "branch", fields: [] });
  });

  it("adds exactly the fields taken from the other side as corrections", () => {
    const mixed = { ...initialChoices(view), phone: 1 };
    expect(resolution(view, mixed)).toEqual({ keep: "head", fields: [{ field: "phone", value: "+7 702", reason: "" }] });
  });
});
