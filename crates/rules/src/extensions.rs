//! Procurement deadline extensions after a confirmed failure, and the moves of planned
//! maintenance (deadlines.md §4, edition 2; 002 §35–37, §41, §48–49, §51; 000 §24–26,
//! §28, §31; 004 §29.3–4).
//!
//! The rules are data: `assets/rules/extensions/<rule set>.toml` lists, per clause, which
//! procedures it matches and how their deadline moves. This module interprets them,
//! explains each result in the user's language and lists the duties that follow from the
//! same failure (supplier notices, home-page notices, reports to the authority).
//!
//! Input (deadlines.md §4, plus optional fields the spec leaves open):
//! - `rules`, `failure` and `procedures` as in the spec; `procedures` may be absent or
//!   empty (then only the duties are listed), as `events` may in `desk deadlines`.
//! - per procedure, optionally `period_start` (002 §36.7), `protocol_formed` (002 §49,
//!   004 §29.4), `announcement` and `lots`
//!   (the numbers the home-page notices must carry, 002 §36.1, §37.12, 000 §26.12);
//! - `calendar` and `round_the_clock` as in deadlines.md §1, §3;
//! - instead of `failure`, planned maintenance (002 §41, 000 §31):
//!   `"maintenance": {"starts_at", "ends_at", "announced_at"}` (`announced_at` optional).
//!   Both at once is an error naming `maintenance`.
//!
//! Output: deadlines.md §4 fixes only the per-procedure object, so the answer wraps those
//! objects, in input order, the way `desk deadlines` wraps its obligations:
//! `{"rules", "maintenance"?, "procedures": [...], "duties": [...]}` — the duties of a
//! failure; for planned works `maintenance` (the announcement check) and the one duty of
//! the announcement.

mod answer;
mod compute;
mod data;
mod duties;
mod explanation;
pub mod json;
mod types;

pub use answer::{
    Answer, DutyAnswer, HomePageAnnouncement, MaintenanceAnswer, NoticeAnswer, ProcedureAnswer,
    answer, answer_json, outcomes,
};
pub use compute::{extend, shift_for_maintenance};
pub use data::{ExtensionRules, maintenance_clause};
pub use duties::DutyItem;
pub use explanation::explain;
pub use types::{Cause, Failure, Input, Maintenance, Outcome, Procedure, Reason, ShiftHow};
