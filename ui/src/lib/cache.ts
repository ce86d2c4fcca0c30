// The command cache (TanStack Query): what the window has read from Rust, keyed by
// [command, args], and which reads a write makes stale. One table, so a new screen
// (the Commission, sync) adds its commands here instead of reloading by hand.
import { QueryClient, hashKey, type QueryKey } from "@tanstack/react-query";
import type { Args, Command, Returns } from "./api";

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Errors are translated answers to show at once, not network blips to retry; the
      // journal changes only through this window (or is re-read after each write).
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** The cache key of a read. */
export function key<C extends Command>(cmd: C, args?: Args<C>): QueryKey {
  return [cmd, args ?? {}];
}

/** Reads that show appeals: stale after any write to an appeal, which also leaves one more
 * change pending and the appeal local-only until it is sent. */
const APPEAL_READS: Command[] = ["list", "due_soon", "appeal_detail", "record_sync", "sync_status", "outbox"];

/** Everything a sync can change: pulled changes rewrite appeals, conflicts come and go. */
const SYNC_READS: Command[] = [...APPEAL_READS, "conflicts", "sync_settings"];

/** The Commission's reads: any of its writes may change a meeting, the list of meetings
 * (its protocol's state) or the compositions. */
const COMMISSION_READS: Command[] = ["commission_compositions", "commission_meetings", "commission_meeting", "commission_applications"];

/** What each write makes stale. Writes not named here change nothing the window caches. */
const STALE_AFTER: Partial<Record<Command, Command[]>> = {
  register_appeal: APPEAL_READS,
  triage: APPEAL_READS,
  reclassify: APPEAL_READS,
  extend_decision: APPEAL_READS,
  record_action: APPEAL_READS,
  link: APPEAL_READS,
  reopen: APPEAL_READS,
  correct: APPEAL_READS,
  compute_extensions: APPEAL_READS,
  // Support hours move the dues of the appeals they cover (000 §15, 002 §28).
  add_support_hours: [...APPEAL_READS, "support_hours"],
  // Planned works move no appeal's dues; only their own list (002 §41, 000 §31).
  add_planned_maintenance: ["planned_maintenance"],
  sync_now: SYNC_READS,
  resolve_conflict: SYNC_READS,
  // A login takes the server's accounts and roles, so who may do what can change.
  login: [...SYNC_READS, "settings"],
  logout: ["sync_status", "sync_settings"],
  set_sync_settings: ["sync_status", "sync_settings", "record_sync"],
  commission_set_members: COMMISSION_READS,
  commission_new_meeting: COMMISSION_READS,
  commission_attend: COMMISSION_READS,
  commission_vote: COMMISSION_READS,
  commission_dissent: COMMISSION_READS,
  commission_draft_protocol: COMMISSION_READS,
  commission_sign_protocol: COMMISSION_READS,
  commission_add_application: ["commission_applications"],
  commission_application_step: ["commission_applications"],
  // A message sent meets its appeal's obligation (issue 18); a retry only moves the queue.
  send_outbox: APPEAL_READS,
  retry_mail: ["outbox"],
  set_smtp_settings: ["smtp_settings"],
  // The protocol's file appears beside the meeting once it is written.
  commission_protocol_file: ["commission_meeting"],
};

/** Re-reads what a sync may have changed, after one this window did not make. */
export function afterOutsideSync(client: QueryClient) {
  const stale: Command[] = SYNC_READS.filter((c) => c !== "sync_status");
  void client.invalidateQueries({ predicate: (q) => stale.includes(q.queryKey[0] as Command) });
}

/** Reads the app words in the window's language: the sync status, the conflicts' labels
 * and the decisions' explanations. */
const TRANSLATED_SYNC_READS: Command[] = ["sync_status", "conflicts", "commission_meeting", "commission_meetings", "commission_applications"];

/** Refusals that still change a read: a failed sync or login is recorded as the last
 * error the status bar shows. */
const STALE_AFTER_REFUSAL: Partial<Record<Command, Command[]>> = {
  sync_now: ["sync_status"],
  login: ["sync_status"],
};

/** Updates the cache after `cmd` was refused. */
export function afterRefusal(client: QueryClient, cmd: Command) {
  const stale = STALE_AFTER_REFUSAL[cmd] ?? [];
  if (stale.length) void client.invalidateQueries({ predicate: (q) => stale.includes(q.queryKey[0] as Command) });
}

/** Writes that answer with the appeal as it now is (an `AppealDetail` for `args.id`). */
const ANSWER_WITH_DETAIL: Command[] = ["triage", "reclassify", "extend_decision", "record_action", "link", "reopen", "correct", "compute_extensions"];

/** Updates the cache after `cmd` succeeded with `args` and answered `result`. */
export function afterWrite<C extends Command>(client: QueryClient, cmd: C, args: Args<C> | undefined, result: Returns<C>) {
  if (cmd === "set_language" || cmd === "set_workstation") {
    client.setQueryData(key("settings"), result);
    // The sync status's warning, the conflicts' labels and the decisions are worded by the app.
    if (cmd === "set_language") void client.invalidateQueries({ predicate: (q) => TRANSLATED_SYNC_READS.includes(q.queryKey[0] as Command) });
    return;
  }
  const stale: Command[] = STALE_AFTER[cmd] ?? [];
  // Show the appeal the write answered with, without reading it again.
  const fresh = ANSWER_WITH_DETAIL.includes(cmd) && args && "id" in args ? key("appeal_detail", { id: args.id as string }) : null;
  if (fresh) client.setQueryData(fresh, result);
  void client.invalidateQueries({
    predicate: (q) => stale.includes(q.queryKey[0] as Command) && (fresh === null || q.queryHash !== hashKey(fresh)),
  });
}
