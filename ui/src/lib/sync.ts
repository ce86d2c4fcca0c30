// The sync status bar's and the conflicts screen's pure parts: what tone the bar takes,
// how an age and an instant read, and which resolution the user's per-field choices make.
// The rules themselves (when a pending change is late, what a resolution writes) are the
// app's (desk-app sync::service, sync::conflicts); this only shapes what it answered.
import type { ConflictView, CorrectionForm, SyncStatus } from "./bindings";

/** ts-rs types u64 as bigint; the JSON from the shell carries plain numbers. */
export function count(n: bigint | number | null | undefined): number {
  return n === null || n === undefined ? 0 : Number(n);
}

/** How the bar reads: `quiet` with no server (the app works fully offline, nothing to warn
 * about), `off` when sync is turned off, else online or offline, `late` when the app warns
 * that the oldest pending change waits too long while the server is reachable. */
export type SyncTone = "quiet" | "off" | "online" | "offline" | "late";

export function syncTone(s: SyncStatus): SyncTone {
  if (!s.configured) return "quiet";
  if (!s.enabled) return "off";
  if (!s.online) return "offline";
  // The 15-minute threshold is the app's (PENDING_WARNING_MINUTES); its warning is the fact.
  return s.warning !== null && count(s.pending) > 0 ? "late" : "online";
}

/** Whole minutes since `since` (an RFC 3339 instant), never negative (the workstation's
 * clock may be behind the one that wrote it). */
export function minutesSince(since: string, now: number): number {
  const ms = now - Date.parse(since);
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 60_000) : 0;
}

/** An age as the Fluent message `ui-sync-age-*` takes it: "under a minute", minutes under an hour, hours and
 * minutes under a day, then days and hours. */
export function ageParts(minutes: number): { id: `ui-sync-age-${"under-minute" | "minutes" | "hours" | "days"}`; args: Record<string, string | number> } {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 1) return { id: "ui-sync-age-under-minute", args: {} };
  if (m < 60) return { id: "ui-sync-age-minutes", args: { minutes: m } };
  if (m < 1440) return { id: "ui-sync-age-hours", args: { hours: Math.floor(m / 60), minutes: String(m % 60).padStart(2, "0") } };
  return { id: "ui-sync-age-days", args: { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60) } };
}

/** Per field, the index (into `view.versions`) of the version whose value the user keeps. */
export type Choices = Record<string, number>;

/** Every field starts on the version the journal shows now (the head, index 0). */
export function initialChoices(view: ConflictView): Choices {
  return Object.fromEntries(view.fields.map((f) => [f.field, 0]));
}

/** Every field set to version `index`: "keep this version wholesale". */
export function chooseAll(view: ConflictView, index: number): Choices {
  return Object.fromEntries(view.fields.map((f) => [f.field, index]));
}

/** What `resolve_conflict` is called with for the user's choices: the version most of the
 * differing choices came from is kept (the head on a tie, or when nothing differs), and
 * each field chosen from another version whose value differs from the kept one is added as
 * a correction. The reason is left to the app, which names the kept version. */
export function resolution(view: ConflictView, choices: Choices): { keep: string; fields: CorrectionForm[] } {
  const votes = view.versions.map(() => 0);
  for (const f of view.fields) if (f.differs) votes[choices[f.field] ?? 0] += 1;
  let kept = 0;
  votes.forEach((v, i) => {
    if (v > votes[kept]) kept = i;
  });
  const fields = view.fields
    .filter((f) => f.values[choices[f.field] ?? 0] !== f.values[kept])
    .map((f) => ({ field: f.field, value: f.values[choices[f.field] ?? 0] ?? "", reason: "" }));
  return { keep: view.versions[kept]?.version_id ?? "", fields };
}
