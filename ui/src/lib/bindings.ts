// Generated from the Rust types by `desk-app` (typescript_bindings). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p desk-app` after changing them.

export type Lang = "kk" | "ru" | "en";

export type Channel = "phone" | "email" | "letter" | "forum" | "monitoring";

export type Field = "organisation" | "bin_iin" | "received_at" | "channel" | "contact" | "description" | "workstation" | "source" | "contact_person" | "email" | "phone" | "detected_at" | "portal_module" | "portal" | "announcements" | "lots" | "procurement_method" | "rule_set" | "linked_to" | "criticality" | "failure_type" | "operator_fault" | "decision" | "recommendations" | "supporting_info" | "analysis" | "event_at" | "event" | "login" | "role" | "reason" | "reopen_reason" | "close_reason" | "note" | "reclassify_reason" | "reversal_reason" | "decision_until" | "decision_notice" | "support_mode" | "support_from" | "support_to" | "support_open" | "support_close" | "smtp_host" | "smtp_port" | "smtp_security" | "smtp_from" | "support_letter" | "attachment" | "date" | "procedure_id" | "procedure_kind" | "procedure_method" | "procedure_deadline" | "key_file" | "tsa_url" | "trust_dir" | "procedure_period_start" | "failure_started_at" | "maintenance_rule_set" | "maintenance_start" | "maintenance_end" | "maintenance_announced_at" | "maintenance_order";

export type NewAppeal = { organisation: string, bin_iin: string, 
/**
 * Astana wall-clock time, `DD.MM.YYYY HH:MM`.
 */
received_at: string, channel: string, 
/**
 * The contact data the user appealed by (the Journal's column).
 */
contact: string, description: string, 
/**
 * `user_appeal` when empty.
 */
source: string, contact_person: string, email: string, phone: string, 
/**
 * When the user detected the failure (Astana time), if known.
 */
detected_at: string, portal_module: string, 
/**
 * Comma-separated announcement numbers.
 */
announcements: string, 
/**
 * Comma-separated lot numbers.
 */
lots: string, procurement_method: string, 
/**
 * The portal the appeal concerns ([`workflow::Portal`] code); it decides the rule
 * set (issue 12 item 11). Empty: the state-procurement portal's rule set by date.
 */
portal: string, 
/**
 * Rule set code; empty: the portal's (or, without a portal, chosen by the date).
 */
rule_set: string, 
/**
 * The incident number of the first appeal about the same problem, if any.
 */
linked_to: string, };

export type AppealRow = { id: string, number: string, organisation: string, bin_iin: string, 
/**
 * UTC, RFC 3339.
 */
received_at: string, 
/**
 * The same instant in Astana time, `DD.MM.YYYY HH:MM`.
 */
received_at_astana: string, contact: string, decision: string | null, failure_type: FailureType | null, recommendations: string | null, channel: Channel, description: string, source: Source, contact_person: string, email: string, phone: string, detected_at: string | null, portal_module: string, announcements: string, lots: string, procurement_method: string, rule_set: RuleSet, 
/**
 * Number of the problem's first appeal when this is another report of it.
 */
linked_to: string | null, status: Status, criticality: Criticality | null, operator_fault: boolean | null, supporting_info: string | null, 
/**
 * The earliest due instant of a pending obligation.
 */
next_due: string | null, version_id: string, created_at: string, updated_at: string, };

export type JournalRow = { 
/**
 * The obligation id (`inform_authority`, …; `clocks_refused` when the rules refused
 * the history) whose due is `next_due`; `None` when nothing is due.
 */
next_duty: string | null, id: string, number: string, organisation: string, bin_iin: string, 
/**
 * UTC, RFC 3339.
 */
received_at: string, 
/**
 * The same instant in Astana time, `DD.MM.YYYY HH:MM`.
 */
received_at_astana: string, contact: string, decision: string | null, failure_type: FailureType | null, recommendations: string | null, channel: Channel, description: string, source: Source, contact_person: string, email: string, phone: string, detected_at: string | null, portal_module: string, announcements: string, lots: string, procurement_method: string, rule_set: RuleSet, 
/**
 * Number of the problem's first appeal when this is another report of it.
 */
linked_to: string | null, status: Status, criticality: Criticality | null, operator_fault: boolean | null, supporting_info: string | null, 
/**
 * The earliest due instant of a pending obligation.
 */
next_due: string | null, version_id: string, created_at: string, updated_at: string, };

export type Settings = { language: Lang, 
/**
 * `None` until the first-start dialog sets it.
 */
workstation: string | null, data_dir: string, 
/**
 * Now in Astana time, `DD.MM.YYYY HH:MM`: the default for "received at".
 */
now_astana: string, 
/**
 * Who is working, and what they may do.
 */
user: string, role: Role, 
/**
 * Whether the role keeps the Commission's records (003 §6), so the window offers
 * them only to those the app would let in.
 */
commission: boolean, };

export type Source = "user_appeal" | "monitoring_specialist" | "monitoring_tool" | "system_log";

export type RuleSet = "GZ-692" | "GZ-627" | "QUASI-1216" | "ETP-CC" | "ENERGY-366";

export type Portal = "state_procurement" | "quasi_state" | "trading_platform" | "energy_platform";

export type Criticality = "low" | "medium" | "high";

export type FailureType = "operator_unlawful_actions" | "operator_insufficient_security" | "operator_physical_damage" | "third_party_physical_damage" | "computer_attack" | "third_party_actions" | "user_network_or_power" | "user_computer_settings" | "user_malware" | "user_non_compliance" | "user_key_breach";

export type EventKind = "registered" | "id_sent" | "confirmed" | "reclassified" | "refuted" | "refutation_notified" | "criticality_notified" | "homepage_posted" | "participants_notified" | "authority_informed" | "authority_reported" | "info_requested" | "info_received" | "fixed" | "closed" | "reopened" | "decision_extended";

export type Status = "registered" | "confirmed" | "refuted" | "fixed" | "closed";

export type Role = "operator" | "specialist" | "supervisor";

export type TriageForm = { 
/**
 * `confirmed` or `refuted`.
 */
analysis: string, 
/**
 * Astana time; empty: now.
 */
at: string, criticality: string, 
/**
 * Not asked for: the fault follows the failure type (002 §26, §38). A caller that
 * states it anyway is refused when it contradicts the type.
 */
operator_fault: boolean | null, 
/**
 * Required on a confirmation (002 §26).
 */
failure_type: string, decision: string, recommendations: string, 
/**
 * Sent to the user with a refutation (002 §32).
 */
supporting_info: string, 
/**
 * Why a refuted appeal is confirmed after all (a reversed refutation): required
 * then, and kept by the event and the audit trail.
 */
reason: string, };

export type ActionForm = { kind: string, 
/**
 * Astana time; empty: now.
 */
at: string, 
/**
 * What the user adds about it (issue 19 item 1); closing an appeal with duties not
 * done requires it as the reason (item 2, [`super::closing`]).
 */
note: string, };

export type ReclassifyForm = { 
/**
 * The new level: `low`, `medium` or `high`.
 */
criticality: string, 
/**
 * Empty: the type, and so the operator's fault, stays as confirmed.
 */
failure_type: string, reason: string, 
/**
 * Astana time; empty: now.
 */
at: string, };

export type JournalQuery = { 
/**
 * First day of the period (Astana date, `DD.MM.YYYY` or `YYYY-MM-DD`), by receipt.
 */
from: string, 
/**
 * Last day of the period, inclusive.
 */
to: string, status: Status | null, criticality: Criticality | null, failure_type: FailureType | null, channel: Channel | null, rule_set: RuleSet | null, 
/**
 * Only appeals with an obligation past its due instant.
 */
overdue: boolean, 
/**
 * Words to find in organisation, description, decision and contacts; or what a
 * caller says first: an incident number, its last digits, a BIN/IIN ([`search_key`]).
 */
text: string, 
/**
 * Oldest receipt first (the official form's order) instead of newest first.
 */
oldest_first: boolean, 
/**
 * The queue by urgency (issue 19 item 4): the soonest next due first (overdue ones
 * lead), then the appeals with nothing due, newest first. Overrides `oldest_first`.
 */
by_due: boolean, offset: number, 
/**
 * Rows per page; 0 means 50.
 */
limit: number, };

export type Obligation = { 
/**
 * `register`, `send_incident_id`, … (deadlines.md §3).
 */
id: string, 
/**
 * The clause it comes from, e.g. `002 §29`.
 */
clause: string, 
/**
 * `WT`, `CT`, `WD` or `NWD`.
 */
clock: string, 
/**
 * `None` only while the fix is paused.
 */
due: string | null, due_astana: string | null, state: ObligationState, met_at: string | null, 
/**
 * The same instant in Astana time (an e-mail's: when the server accepted it).
 */
met_at_astana: string | null, 
/**
 * The event that meets it: what the "done" button records.
 */
met_by: EventKind | null, 
/**
 * On a paused fix: the minutes left on its own clock.
 */
remaining_minutes: number | null, 
/**
 * Once the failure was reclassified: 1 for the first classification, 2, … after.
 */
round: number | null, 
/**
 * The reading beside the due, in the user's language (deadlines.md §2–3):
 * "immediately — within 15 min", "within 2 working days", …
 */
reading: string, 
/**
 * On a paused fix: "paused — 15 h left (working time)", in the user's language.
 */
paused_left: string | null, };

export type ObligationState = "met" | "late" | "pending" | "paused" | "superseded" | "closed";

export type EventView = { kind: EventKind, at: string, at_astana: string, author: string, };

export type HistoryEntry = { at_astana: string, actor: string, action: string, 
/**
 * `field: old → new` pairs, one per line.
 */
changes: string, };

export type AttachmentView = { name: string, size: bigint, sha256: string, parts: number, };

export type AppealDetail = { appeal: AppealRow, obligations: Array<Obligation>, 
/**
 * Why the rules refused this appeal's history, in the user's language; the
 * obligations are then unknown, not absent, and the journal keeps the appeal due.
 */
clocks_error: string | null, events: Array<EventView>, history: Array<HistoryEntry>, attachments: Array<AttachmentView>, 
/**
 * Information was requested and has not arrived: the fix clock stands still (002 §38).
 */
paused: boolean, 
/**
 * The latest extension calculation attached to this failure, if any.
 */
extensions: ExtensionAnswer | null, extensions_at_astana: string | null, 
/**
 * Where the extension form counts the failure from unless told otherwise: when the
 * user detected it, else the receipt (000 §15.1, 002 §28.1), Astana time.
 */
failure_started_astana: string, 
/**
 * Where the wording in force on the day of receipt is not in the material, what the
 * clocks were computed on instead (issue 13 item 6), one sentence each.
 */
edition_notes: Array<string>, 
/**
 * The user reported later than the rule set asks (000 §15.1, 002 §28.1, 001 §6.1:
 * 1 hour after detection; 004 §25: 3 WD): a flag, never a refusal.
 */
late_report: LateReportView | null, 
/**
 * A medium or high level recorded for an ENERGY-366 failure that began out of
 * working time, which 004 §23.3 calls low by definition: one sentence, a flag.
 */
level_warning: string | null, 
/**
 * Which support hours the clocks used (000 §15, 002 §28), one sentence each in the
 * user's language: the recorded periods covering this appeal, then the rule set's
 * own hours for the rest.
 */
support_hours: Array<string>, 
/**
 * The e-mails and posted notices about this appeal, newest first (issue 18): where
 * each stands, a failed one with the server's answer.
 */
mails: Array<OutboxEntry>, };

export type LateReportView = { 
/**
 * `002 §28.1`, …
 */
clause: string, due: string, due_astana: string, 
/**
 * One sentence in the user's language naming the clause, the detection and the receipt.
 */
message: string, };

export type SupportHoursView = { 
/**
 * `round_the_clock` or `extended`.
 */
mode: string, from: string, to: string, open: string | null, close: string | null, letter: string, 
/**
 * `None`: every rule set.
 */
rule_set: RuleSet | null, recorded_by: string, recorded_at_astana: string, 
/**
 * The period in one sentence, in the user's language.
 */
description: string, };

export type ExtendDecisionForm = { 
/**
 * The new due, Astana time `DD.MM.YYYY HH:MM`.
 */
until: string, 
/**
 * How and when the user and the unified operator were told.
 */
notice: string, 
/**
 * Astana time; empty: now.
 */
at: string, };

export type SupportHoursForm = { 
/**
 * `round_the_clock` or `extended`.
 */
mode: string, 
/**
 * Astana time `DD.MM.YYYY HH:MM`, included.
 */
from: string, 
/**
 * Astana time `DD.MM.YYYY HH:MM`, excluded.
 */
to: string, 
/**
 * Extended hours: `HH:MM`.
 */
open: string, close: string, 
/**
 * The authorised body's letter agreeing to it (number and date); required for round
 * the clock.
 */
letter: string, 
/**
 * Empty: every rule set.
 */
rule_set: string, };

export type CorrectionForm = { 
/**
 * The field's code, e.g. `organisation`, `bin_iin`, `received_at`.
 */
field: string, value: string, reason: string, };

export type ProcedureInput = { 
/**
 * The announcement or procedure number.
 */
id: string, 
/**
 * A [`ProcedureKind`] code.
 */
kind: string, 
/**
 * An [`AcceptanceMethod`] code; required for acceptance stages.
 */
method: string, deadline: string, announcement: string, 
/**
 * Comma-separated lot numbers.
 */
lots: string, 
/**
 * When the acceptance period began, Astana time; empty: not known (002 §36.7).
 */
period_start: string, 
/**
 * A protocol was formed automatically during the failure (002 §49, 004 §29.4).
 */
protocol_formed: boolean, };

export type ExtensionForm = { procedures: Array<ProcedureInput>, 
/**
 * Price offers could not be decrypted (002 §37.9–10, 000 §26.9–10).
 */
decryption_impossible: boolean, 
/**
 * When the failure began, Astana time `DD.MM.YYYY HH:MM`; empty: when the user
 * detected it, else the receipt (000 §15.1, 002 §28.1).
 */
started_at: string, };

export type ProcedureKind = "acceptance_end" | "acceptance_start" | "supplement_end" | "opening" | "admission" | "results" | "auction_trading" | "contract_approval" | "contract_signing" | "complaint" | "discussion" | "desk_control_end" | "desk_control_notice_end" | "tariff_end";

export type AcceptanceMethod = "tender" | "auction" | "price_request" | "housing" | "one_source";

export type ExtensionAnswer = { rules: RuleSet, maintenance?: MaintenanceAnswer, procedures: Array<ProcedureAnswer>, duties?: Array<DutyAnswer>, };

export type ProcedureAnswer = { id: string, extended: boolean, new_deadline: string, clause: string | null, annul_protocol: boolean, resubmit: boolean, 
/**
 * One paragraph in the user's language that names the clause.
 */
explanation: string, };

export type DutyAnswer = { id: string, clause: string, due: string | null, procedures: Array<string>, notices?: Array<NoticeAnswer>, explanation: string, };

export type NoticeAnswer = { id: string, announcement: string | null, lots: Array<string>, };

export type MaintenanceAnswer = { clause: string | null, starts_at: string, ends_at: string, announced_at: string | null, announce_by: string | null, announced_in_time: boolean | null, explanation: string, 
/**
 * The notice for the portal's home page (002 §41, 000 §31: users told of the works
 * and of the deadlines they move), in the portal's languages whatever `--lang` is.
 */
announcement: HomePageAnnouncement, };

export type HomePageAnnouncement = { kk: string, ru: string, };

export type MaintenanceForm = { 
/**
 * QUASI-1216 (002 §41) or GZ-627 (000 §31).
 */
rule_set: string, starts_at: string, ends_at: string, 
/**
 * When users were told; empty: not yet.
 */
announced_at: string, 
/**
 * The approved plan or order agreeing the works (002 §40, 000 §30).
 */
order: string, procedures: Array<ProcedureInput>, };

export type MaintenanceView = { rule_set: RuleSet, starts_at_astana: string, ends_at_astana: string, announced_at_astana: string | null, order: string, recorded_by: string, recorded_at_astana: string, 
/**
 * The calculator's answer: the notice check, the announcement duty, the home-page
 * notice (kk, ru) and each procedure's deadline.
 */
answer: ExtensionAnswer, };

export type AuditStatus = { intact: boolean, message: string, };

export type CheckProgress = { 
/**
 * What it is checking now, in the user's language.
 */
stage: string, 
/**
 * Which stage (1 to `steps`).
 */
step: number, steps: number, 
/**
 * 0–100 within the stage (its total is an estimate, so it never passes 100).
 */
percent: number, };

export type DailyRow = { number: string, organisation: string, 
/**
 * Where the appeal stood at the day's end.
 */
status: Status, 
/**
 * The criticality confirmed by the day's end, if any.
 */
criticality: Criticality | null, 
/**
 * Obligation ids past their due instant and not met at the day's end;
 * `clocks_refused` when the rules refused the appeal's history.
 */
overdue: Array<string>, };

export type DailyTotals = { received: number, 
/**
 * Confirmed and not fixed yet.
 */
confirmed: number, fixed: number, 
/**
 * Not fixed: awaiting triage or confirmed.
 */
open: number, 
/**
 * Overdue duties over all the day's failures.
 */
overdue: number, refuted: number, };

export type DailyReport = { 
/**
 * The day analysed, `DD.MM.YYYY`.
 */
date: string, 
/**
 * The end of that day (24:00 Astana): every state below is as at this instant.
 */
as_at: string, 
/**
 * The failures received that day, oldest first; refuted appeals are not among them.
 */
appeals: Array<DailyRow>, 
/**
 * Appeals received that day and refuted by its end: not failures (002 §32).
 */
refuted: Array<DailyRow>, totals: DailyTotals, };

export type ErrorCode = "invalid" | "forbidden" | "not_found" | "conflict" | "setup_needed" | "attachment" | "refused" | "calculator" | "no_signatures" | "signature_invalid" | "audit_broken" | "io" | "store" | "newer_schema" | "internal" | "sync_off" | "offline" | "login_needed" | "sync_refused" | "update_needed";

export type UiError = { code: ErrorCode, message: string, fields: Array<UiFieldError>, };

export type UiFieldError = { field: Field, message: string, };

export type DocumentFile = { path: string, 
/**
 * One translated line: what was written.
 */
message: string, };

export type SignatureView = { 
/**
 * Heading, signer, IIN/BIN, time, algorithm, status, coverage, trust: translated.
 */
lines: Array<string>, 
/**
 * Valid, trusted, and nothing but signatures after it.
 */
good: boolean, };

export type VerifyReport = { path: string, signatures: Array<SignatureView>, all_good: boolean, 
/**
 * The one-line verdict.
 */
message: string, };

export type SyncStatus = { 
/**
 * A server address is saved.
 */
configured: boolean, 
/**
 * Sync is turned on.
 */
enabled: boolean, server_url: string | null, 
/**
 * Who is logged in to the server from this journal, if anyone.
 */
login: string | null, 
/**
 * The last attempt reached the server and completed.
 */
online: boolean, 
/**
 * Changes not yet acknowledged by the server.
 */
pending: bigint, 
/**
 * The workstation's clock when the oldest of them was made.
 */
oldest_pending: string | null, 
/**
 * Its age in whole minutes.
 */
oldest_pending_minutes: bigint | null, 
/**
 * Set when the oldest change waits longer than 15 minutes although the server is
 * reachable; translated.
 */
warning: string | null, last_attempt: string | null, last_success: string | null, 
/**
 * The same in Astana time, as the journal shows every instant. Formatted here, not
 * in the window: WebKitGTK's ICU on Debian 12 still has Astana at UTC+6, from before
 * Kazakhstan moved to UTC+5 on 1 March 2024 (tzdata 2024a).
 */
last_success_astana: string | null, 
/**
 * Why the last attempt failed, in the language of that moment; `None` after a
 * success.
 */
last_error: string | null, 
/**
 * Records waiting for a person to resolve a conflict.
 */
conflicts: bigint, };

export type SyncSettings = { 
/**
 * `None`: no server, the workstation works offline.
 */
server_url: string | null, enabled: boolean, };

export type SyncReport = { 
/**
 * Changes of this workstation the server acknowledged.
 */
pushed: bigint, 
/**
 * Changes received from the server (of other workstations).
 */
pulled: bigint, 
/**
 * Records left conflicted, waiting for a person to resolve them.
 */
conflicts: bigint, 
/**
 * Changes still waiting to be sent (0 after a complete sync).
 */
pending_after: bigint, };

export type ConflictVersion = { version_id: string, 
/**
 * The version the journal shows now (the server's order decides it, the same on
 * every workstation); the others are branches.
 */
head: boolean, author: string, workstation: string, 
/**
 * The author's clock: shown, never trusted for order.
 */
recorded_at: string, 
/**
 * The same in Astana time (formatted here, for the reason `SyncStatus` gives).
 */
recorded_at_astana: string, };

export type ConflictField = { field: Field, 
/**
 * The field's name in the user's language.
 */
label: string, 
/**
 * The value in each version, as a correction would take it (`DD.MM.YYYY HH:MM` for
 * instants, codes for closed lists); empty for none.
 */
values: Array<string>, 
/**
 * Whether the versions disagree on it.
 */
differs: boolean, };

export type ConflictView = { appeal_id: string, number: string, 
/**
 * The head first, then the branches.
 */
versions: Array<ConflictVersion>, 
/**
 * Every field a correction may change.
 */
fields: Array<ConflictField>, };

export type ConflictResolved = { number: string, 
/**
 * The new version, whose parents are both sides.
 */
version_id: string, };

export type RecordSyncState = "local_only" | "synced" | "conflicted";

export type Standing = "chair" | "member";

export type Member = { id: string, name: string, role: Standing, 
/**
 * e.g. the "Atameken" National Chamber of Entrepreneurs (003 §5).
 */
organisation: string, position: string, };

export type CommissionWarning = "no_chamber_representative";

export type Proposal = { "kind": "test" } | { "kind": "connect" } | { "kind": "refuse", reasons: string, } | { "kind": "other" };

export type Ballot = { member: string, vote: Vote, 
/**
 * The conflict of interest a recused member declared.
 */
conflict: string | null, };

export type Dissent = { member: string, position: string, text: string, };

export type Vote = "for" | "against" | "abstain" | "recused";

export type Outcome = "adopted" | "not_adopted" | "no_quorum";

export type OrderForm = { number: string, 
/**
 * `YYYY-MM-DD` or `DD.MM.YYYY`.
 */
date: string, };

export type CompositionForm = { order: OrderForm, valid_from: string | null, members: Array<Member>, };

export type AgendaItem = { title: string, proposal: Proposal, };

export type MeetingForm = { number: string, date: string, 
/**
 * `HH:MM`, Astana time.
 */
time: string, place: string, agenda: Array<AgendaItem>, };

export type CompositionView = { order_number: string, order_date: string, valid_from: string, members: Array<Member>, 
/**
 * 003 §5: a representative of the "Atameken" chamber is included by agreement.
 */
warnings: Array<CommissionWarning>, };

export type VoteCounts = { votes_for: number, against: number, abstain: number, recused: number, awaited: number, };

export type ItemView = { 
/**
 * From 1.
 */
n: number, title: string, proposal: Proposal, ballots: Array<Ballot>, dissents: Array<Dissent>, 
/**
 * The votes as they stand, for the meeting screen's live count.
 */
counts: VoteCounts, outcome: Outcome | null, 
/**
 * Why, in the user's language, naming the clauses.
 */
explanation: string | null, };

export type SignerView = { id: string, name: string, 
/**
 * When the signature was recorded, Astana time; `None` while it is awaited.
 */
signed_at: string | null, };

export type ProtocolView = { text: string, sha256: string, 
/**
 * The last day it is due by, `DD.MM.YYYY` (003 §14).
 */
due: string, produced_at: string, 
/**
 * Produced after the due day: kept and marked, never refused (issue 17 §6).
 */
late: boolean, 
/**
 * The chairing person first, then every member who voted (003 §14).
 */
signers: Array<SignerView>, 
/**
 * The protocol's PDF in the documents folder, once it has been written there (the
 * file the members sign one after another).
 */
file: string | null, };

export type MeetingView = { number: string, date: string, time: string, place: string, composition: CompositionView, 
/**
 * `None` until the roll call is recorded.
 */
present: Array<string> | null, acting_chair: string | null, quorum: number, has_quorum: boolean, items: Array<ItemView>, protocol: ProtocolView | null, };

export type ApplicationFormKind = "test" | "production";

export type ApplicationDocument = "technical_specification" | "non_disclosure_agreement" | "functional_compliance" | "compliance_evidence" | "integration_test_protocol" | "copyright_document" | "tariffs";

export type ApplicationFields = { owner: string, bin_iin: string, address: string, platform: string, licence: string, location: string, resource: string, declaration: boolean, };

export type ApplicationForm = { number: string, form: ApplicationFormKind, 
/**
 * `DD.MM.YYYY` or `YYYY-MM-DD`.
 */
received: string, fields: ApplicationFields, documents: Array<ApplicationDocument>, 
/**
 * The infosec test protocol's date (empty: none attached) and whether positive.
 */
infosec_date: string, infosec_positive: boolean, };

export type CheckLine = { code: string, clause: string, text: string, };

export type CaseClockView = { duty: string, text: string, from: string, 
/**
 * The last day, `DD.MM.YYYY`.
 */
due: string, done: string | null, 
/**
 * `met`, `late`, `pending`, `overdue`, `open` or `lapsed`.
 */
state: string, };

export type StepView = { step: string, date: string, note: string, recorded_at: string, };

export type ApplicationView = { number: string, form: ApplicationFormKind, received: string, fields: ApplicationFields, documents: Array<ApplicationDocument>, complete: boolean, missing: Array<CheckLine>, notes: Array<CheckLine>, clocks: Array<CaseClockView>, steps: Array<StepView>, };

export type OutboxEntry = { id: string, message_id: string, number: string | null, kind: string, kind_label: string, lang: Lang, to: Array<string>, subject: string, 
/**
 * `queued`, `sending`, `sent`, `retry`, `failed`, or `uncertain`: an attempt
 * interrupted before its outcome was recorded (the server may have it).
 */
state: string, state_label: string, 
/**
 * When the latest attempt happened (sent: when the server accepted it), UTC.
 */
state_at: string | null, state_at_astana: string | null, next_at_astana: string | null, attempts: number, 
/**
 * The server's answer to a retried or failed attempt.
 */
detail: string, attachments: Array<string>, };

export type SendReport = { sent: Array<string>, retry: Array<string>, failed: Array<string>, 
/**
 * Interrupted attempts left for the operator (`desk outbox retry ID`).
 */
uncertain: Array<string>, };

export type NoticePreview = { subject: string, body: string, };

export type SmtpForm = { host: string, port: string, 
/**
 * `starttls`, `tls` or `none`.
 */
security: string, user: string, from: string, ca_file: string, 
/**
 * Empty: keep the stored one. Never stored in the journal.
 */
password: string, };

export type Streak = { platform: string, from: string, to: string, days: number, 
/**
 * Still running on the day judged on (a failure of it is not fixed).
 */
ongoing: boolean, 
/**
 * The incident numbers of the failures it is made of, oldest first.
 */
appeals: Array<string>, 
/**
 * The streak's 8th day: the ground is found (§47.3).
 */
found_on: string, 
/**
 * 5 WD after `found_on`: the decision is due (§48).
 */
decide_by: string, };

export type KeySource = "p12" | "nca_layer";

export type SignForm = { path: string, key: KeySource, 
/**
 * The PKCS#12 file (with `p12`).
 */
p12: string, 
/**
 * A revocation list the key is checked against first; empty: none.
 */
crl: string, 
/**
 * Used once, not kept; unused for NCALayer.
 */
password: string, 
/**
 * A detached `FILE.cms` even for a PDF.
 */
detached: boolean, 
/**
 * The timestamp authority's URL; empty: no timestamp.
 */
tsa: string, 
/**
 * Append long-term validation data from the trust store (PDF only).
 */
ltv: boolean, };

export type DisconnectionGround = { streak: Streak, 
/**
 * The decision's due day is past.
 */
overdue: boolean, 
/**
 * The ground in words, with its clauses.
 */
text: string, };

/** Every command the window serves: its arguments by name and what it returns. */
export type Commands = {
  settings: { args: Record<string, never>; returns: Settings };
  switch_user: { args: { login: string; password: string }; returns: Settings };
  set_language: { args: { language: Lang }; returns: Settings };
  set_workstation: { args: { code: string }; returns: Settings };
  register_appeal: { args: { form: NewAppeal }; returns: AppealRow };
  list: { args: { query: JournalQuery }; returns: Array<JournalRow> };
  due_soon: { args: { minutes: number }; returns: Array<AppealRow> };
  appeal_detail: { args: { id: string }; returns: AppealDetail };
  triage: { args: { id: string; form: TriageForm }; returns: AppealDetail };
  record_action: { args: { id: string; form: ActionForm }; returns: AppealDetail };
  reclassify: { args: { id: string; form: ReclassifyForm }; returns: AppealDetail };
  extend_decision: { args: { id: string; form: ExtendDecisionForm }; returns: AppealDetail };
  link: { args: { id: string; number: string }; returns: AppealDetail };
  reopen: { args: { id: string; reason: string }; returns: AppealDetail };
  correct: { args: { id: string; form: CorrectionForm }; returns: AppealDetail };
  compute_extensions: { args: { id: string; form: ExtensionForm }; returns: AppealDetail };
  support_hours: { args: Record<string, never>; returns: Array<SupportHoursView> };
  planned_maintenance: { args: Record<string, never>; returns: Array<MaintenanceView> };
  add_planned_maintenance: { args: { form: MaintenanceForm }; returns: Array<MaintenanceView> };
  add_support_hours: { args: { form: SupportHoursForm }; returns: Array<SupportHoursView> };
  audit_status: { args: Record<string, never>; returns: AuditStatus };
  check_progress: { args: Record<string, never>; returns: CheckProgress | null };
  daily_report: { args: { date: string }; returns: DailyReport };
  yearly_report_pdf: { args: { year: string; lang: Lang }; returns: DocumentFile };
  extract_pdf: { args: { from: string; to: string; rules: string | null; lang: Lang }; returns: DocumentFile };
  letter_pdf: { args: { number: string; kind: string; lang: Lang }; returns: DocumentFile };
  protocol_pdf: { args: { input: string; lang: Lang }; returns: DocumentFile };
  sign_pdf_file: { args: { path: string; p12: string; password: string }; returns: DocumentFile };
  verify_pdf_file: { args: { path: string }; returns: VerifyReport };
  sign_with_form: { args: { form: SignForm }; returns: DocumentFile };
  verify_document: { args: { path: string; cms: string; trust: string }; returns: VerifyReport };
  sync_status: { args: Record<string, never>; returns: SyncStatus };
  sync_now: { args: Record<string, never>; returns: SyncReport };
  sync_settings: { args: Record<string, never>; returns: SyncSettings };
  set_sync_settings: { args: { server_url: string | null; enabled: boolean }; returns: SyncSettings };
  login: { args: { server: string; user: string; password: string }; returns: SyncStatus };
  logout: { args: Record<string, never>; returns: SyncStatus };
  conflicts: { args: Record<string, never>; returns: Array<ConflictView> };
  resolve_conflict: { args: { appeal_id: string; keep: string; fields: Array<CorrectionForm> }; returns: ConflictResolved };
  record_sync: { args: { id: string }; returns: RecordSyncState };
  outbox: { args: Record<string, never>; returns: Array<OutboxEntry> };
  send_outbox: { args: Record<string, never>; returns: SendReport };
  retry_mail: { args: { id: string }; returns: OutboxEntry };
  smtp_settings: { args: Record<string, never>; returns: SmtpForm };
  set_smtp_settings: { args: { form: SmtpForm }; returns: SmtpForm };
  notice_preview: { args: { number: string; kind: string; lang: Lang; set: Array<string> }; returns: NoticePreview };
  commission_compositions: { args: Record<string, never>; returns: Array<CompositionView> };
  commission_set_members: { args: { form: CompositionForm }; returns: CompositionView };
  commission_meetings: { args: Record<string, never>; returns: Array<MeetingView> };
  commission_new_meeting: { args: { form: MeetingForm }; returns: MeetingView };
  commission_meeting: { args: { number: string }; returns: MeetingView };
  commission_attend: { args: { number: string; present: Array<string>; acting_chair: string | null }; returns: MeetingView };
  commission_vote: { args: { number: string; item: number; member: string; vote: Vote; conflict: string | null }; returns: MeetingView };
  commission_dissent: { args: { number: string; item: number; member: string; text: string }; returns: MeetingView };
  commission_draft_protocol: { args: { number: string; text: string | null }; returns: MeetingView };
  commission_protocol_file: { args: { number: string }; returns: DocumentFile };
  commission_applications: { args: Record<string, never>; returns: Array<ApplicationView> };
  commission_add_application: { args: { form: ApplicationForm }; returns: ApplicationView };
  commission_application_step: { args: { number: string; step: string; date: string; note: string }; returns: ApplicationView };
  commission_disconnection_grounds: { args: { as_of: string }; returns: Array<DisconnectionGround> };
  commission_notice_file: { args: { number: string }; returns: DocumentFile };
  commission_publish: { args: { number: string }; returns: DocumentFile };
  commission_sign_protocol: { args: { number: string; member: string; p12: string; password: string }; returns: MeetingView };
}

/** The portals an appeal may concern (000 §1, 002 §1, 003 §1, 004 §1). */
export const PORTALS = ["state_procurement", "quasi_state", "trading_platform", "energy_platform"] as const satisfies readonly Portal[];

/** The rule sets that govern each portal (000 §1, 002 §1, 003 §1, 004 §1); several: the date of receipt decides. */
export const PORTAL_RULE_SETS = { "state_procurement": ["GZ-627", "GZ-692"], "quasi_state": ["QUASI-1216"], "trading_platform": ["ETP-CC"], "energy_platform": ["ENERGY-366"] } as const satisfies Record<Portal, readonly RuleSet[]>;

/** The interface and document languages. */
export const LANGUAGES = ["kk", "ru", "en"] as const satisfies readonly Lang[];

/** How an appeal reached the contact centre (002 §20, §28). */
export const CHANNELS = ["phone", "email", "letter", "forum", "monitoring"] as const satisfies readonly Channel[];

/** Who raised the failure (002 §27). */
export const SOURCES = ["user_appeal", "monitoring_specialist", "monitoring_tool", "system_log"] as const satisfies readonly Source[];

/** Rule sets with a planned-maintenance clause (002 §41, 000 §31). */
export const MAINTENANCE_RULE_SETS = ["GZ-627", "QUASI-1216"] as const satisfies readonly RuleSet[];

/** Rule sets in the order the forms offer them. */
export const RULE_SETS = ["GZ-627", "QUASI-1216", "ETP-CC", "ENERGY-366", "GZ-692"] as const satisfies readonly RuleSet[];

/** Criticality levels (002 §34, 000 §23). */
export const CRITICALITIES = ["low", "medium", "high"] as const satisfies readonly Criticality[];

/** Where an appeal stands. */
export const STATUSES = ["registered", "confirmed", "refuted", "fixed", "closed"] as const satisfies readonly Status[];

/** Failure types that depend on the operator (002 §26.1). */
export const OPERATOR_FAILURES = ["operator_unlawful_actions", "operator_insufficient_security", "operator_physical_damage"] as const satisfies readonly FailureType[];

/** Failure types that do not depend on the operator (002 §26). */
export const OTHER_FAILURES = ["third_party_physical_damage", "computer_attack", "third_party_actions", "user_network_or_power", "user_computer_settings", "user_malware", "user_non_compliance", "user_key_breach"] as const satisfies readonly FailureType[];

/** The outcomes of the specialist's analysis (002 §31–34). */
export const ANALYSES = ["confirmed", "refuted"] as const satisfies readonly EventKind[];

/** Fields a supervisor's correction may change. */
export const CORRECTABLE_FIELDS = ["organisation", "bin_iin", "received_at", "channel", "contact", "description", "contact_person", "email", "phone", "portal_module", "announcements", "lots", "procurement_method", "decision", "recommendations", "failure_type"] as const satisfies readonly Field[];

/** Kinds of procurement procedure the extension calculator knows (deadlines.md §4). */
export const PROCEDURE_KINDS = ["acceptance_end", "acceptance_start", "supplement_end", "opening", "admission", "results", "auction_trading", "contract_approval", "contract_signing", "complaint", "discussion", "desk_control_end", "desk_control_notice_end", "tariff_end"] as const satisfies readonly ProcedureKind[];

/** Procurement methods, for acceptance procedures (deadlines.md §4). */
export const ACCEPTANCE_METHODS = ["tender", "auction", "price_request", "housing", "one_source"] as const satisfies readonly AcceptanceMethod[];

/** A present member's answer on an item (003 §13, §17; recused: a declared conflict of interest). */
export const VOTES = ["for", "against", "abstain", "recused"] as const satisfies readonly Vote[];

/** What an agenda item puts to the vote (003 §7). */
export const PROPOSAL_KINDS = ["test", "connect", "refuse", "other"] as const satisfies readonly Proposal["kind"][];

/** The documents a platform's application can carry (003 §22, §28, §30, App. 2). */
export const APPLICATION_DOCUMENTS = ["technical_specification", "non_disclosure_agreement", "functional_compliance", "compliance_evidence", "integration_test_protocol", "copyright_document", "tariffs"] as const satisfies readonly ApplicationDocument[];

/** The steps of the connection procedure, in order (003 §20–27). */
export const APPLICATION_STEPS = ["access_granted", "production_filed", "meeting", "test_decision", "test_day", "tested", "test_protocol_signed", "deficiencies_protocol_signed", "refiled", "connect_decision", "connected"] as const satisfies readonly string[];
