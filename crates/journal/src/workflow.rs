//! The contact centre's workflow (DIGEST §1–3): where an appeal stands, who may do what,
//! and the forms that record what happened to it.

mod action;
mod closing;
mod correction;
mod reclassify;
mod reopen;
mod support_hours;
mod timing;
mod triage;
mod vocabulary;

pub use action::{ActionForm, NOTE_MAX, ValidAction};
pub use closing::closing_allowed;
pub use correction::{CORRECTABLE, CorrectionForm, ValidCorrection};
pub use desk_vocab::{Channel, Criticality, EventKind, FailureType, Portal, RuleSet, Source};
pub use reclassify::{ReclassifyForm, ValidReclassification};
pub use reopen::{ReopenForm, ValidReopen};
pub use support_hours::{SupportHoursForm, SupportHoursMode, ValidSupportHours};
pub use triage::{ANALYSES, TriageForm, ValidTriage};
pub use vocabulary::{Action, Role, Status, info_request_open};
