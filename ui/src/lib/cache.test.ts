import { describe, expect, it } from "vitest";
import { afterOutsideSync, afterRefusal, afterWrite, key, newQueryClient } from "./cache";
import type { AppealDetail, AppealRow, Settings } from "./bindings";

const query = { from: "", to: "", status: null, criticality: null, failure_type: null, channel: null, rule_set: null, overdue: false, text: "", oldest_first: false, by_due: false, offset: 0, limit: 50 };

describe("the command cache", () => {
  it("shows the appeal a triage answered with and re-reads the journal and the alerts", () => {
    const client = newQueryClient();
    client.setQueryData(key("list", { query }), [] as AppealRow[]);
    client.setQueryData(key("due_soon", { minutes: 15 }), [] as AppealRow[]);
    client.setQueryData(key("appeal_detail", { id: "a1" }), { paused: false } as AppealDetail);
    const after = { paused: true } as AppealDetail;
    afterWrite(client, "triage", { id: "a1", form: {} as never }, after);
    expect(client.getQueryData(key("appeal_detail", { id: "a1" }))).toEqual(after);
    expect(client.getQueryState(key("appeal_detail", { id: "a1" }))?.isInvalidated).toBe(false);
    expect(client.getQueryState(key("list", { query }))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("due_soon", { minutes: 15 }))?.isInvalidated).toBe(true);
  });

  it("takes the settings a language change answered with, and leaves the journal alone", () => {
    const client = newQueryClient();
    client.setQueryData(key("list", { query }), [] as AppealRow[]);
    const kk = { language: "kk" } as Settings;
    afterWrite(client, "set_language", { language: "kk" }, kk);
    expect(client.getQueryData(key("settings"))).toEqual(kk);
    expect(client.getQueryState(key("list", { query }))?.isInvalidated).toBe(false);
  });

  it("a document made changes nothing the window has read", () => {
    const client = newQueryClient();
    client.setQueryData(key("list", { query }), [] as AppealRow[]);
    afterWrite(client, "extract_pdf", { from: "", to: "", rules: null, lang: "kk" }, { path: "x", message: "x" });
    expect(client.getQueryState(key("list", { query }))?.isInvalidated).toBe(false);
  });
});

describe("the command cache and the outbox", () => {
  it("a registration and a send re-read the outbox; a send also the appeal whose obligation it met", () => {
    const client = newQueryClient();
    client.setQueryData(key("outbox"), []);
    afterWrite(client, "register_appeal", { form: {} as never }, {} as never);
    expect(client.getQueryState(key("outbox"))?.isInvalidated).toBe(true);
    client.setQueryData(key("outbox"), []);
    client.setQueryData(key("appeal_detail", { id: "a1" }), { paused: false } as AppealDetail);
    afterWrite(client, "send_outbox", {}, { sent: ["m1"], retry: [], failed: [], uncertain: [] });
    expect(client.getQueryState(key("outbox"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("appeal_detail", { id: "a1" }))?.isInvalidated).toBe(true);
  });
});

describe("the command cache and sync", () => {
  it("a write leaves the status bar's pending count and the record's badge to be re-read", () => {
    const client = newQueryClient();
    client.setQueryData(key("sync_status"), {} as never);
    client.setQueryData(key("record_sync", { id: "a1" }), "synced");
    afterWrite(client, "register_appeal", { form: {} as never }, {} as never);
    expect(client.getQueryState(key("sync_status"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("record_sync", { id: "a1" }))?.isInvalidated).toBe(true);
  });

  it("a resolution re-reads the conflicts and the journal", () => {
    const client = newQueryClient();
    client.setQueryData(key("conflicts"), []);
    client.setQueryData(key("list", { query }), [] as AppealRow[]);
    afterWrite(client, "resolve_conflict", { appeal_id: "a1", keep: "v", fields: [] }, { number: "n", version_id: "v2" });
    expect(client.getQueryState(key("conflicts"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("list", { query }))?.isInvalidated).toBe(true);
  });

  it("a failed sync still re-reads the status, which now carries its error", () => {
    const client = newQueryClient();
    client.setQueryData(key("sync_status"), {} as never);
    client.setQueryData(key("list", { query }), [] as AppealRow[]);
    afterRefusal(client, "sync_now");
    expect(client.getQueryState(key("sync_status"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("list", { query }))?.isInvalidated).toBe(false);
  });
});

describe("the command cache and the window's language", () => {
  it("a language change re-reads what the app words for the sync bar and the conflicts screen", () => {
    const client = newQueryClient();
    client.setQueryData(key("sync_status"), {} as never);
    client.setQueryData(key("conflicts"), []);
    afterWrite(client, "set_language", { language: "kk" }, { language: "kk" } as Settings);
    expect(client.getQueryState(key("sync_status"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("conflicts"))?.isInvalidated).toBe(true);
  });
});

describe("a sync made outside the window", () => {
  it("re-reads the journal and the conflicts it may have changed", () => {
    const client = newQueryClient();
    client.setQueryData(key("list", { query }), [] as AppealRow[]);
    client.setQueryData(key("conflicts"), []);
    client.setQueryData(key("sync_status"), {} as never);
    afterOutsideSync(client);
    expect(client.getQueryState(key("list", { query }))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("conflicts"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(key("sync_status"))?.isInvalidated).toBe(false);
  });
});
