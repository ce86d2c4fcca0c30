//! The closed lists of values that the journal, the rules engine, the store, the wire and
//! the UI all speak: one definition each, with the code stored in the database and sent
//! over the wire, and a translated label (message id `<prefix>-<code>` in
//! `assets/i18n/*.ftl`). Pure: no I/O, no clock.
//!
//! It is the lowest crate that needs them: `desk-rules` and `desk-journal` both depend on
//! it and on nothing of each other.

mod coded;
mod procedure;
mod workflow;

pub use procedure::{AcceptanceMethod, ProcedureKind};
pub use workflow::{Channel, Criticality, EventKind, FailureType, Portal, RuleSet, Source};

#[doc(hidden)]
pub mod __private {
    pub use desk_i18n::{Lang, tr};
}
