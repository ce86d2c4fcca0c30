//! Recording that a duty was met, or that information was requested or received.

use chrono::{DateTime, Utc};
use desk_vocab::EventKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::timing::instant_or_now;
use crate::{Checker, Field, Problem};

/// Recording that an obligation was met, or that information was requested or received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ActionForm {
    pub kind: String,
    /// Astana time; empty: now.
    pub at: String,
    /// What the user adds about it (issue 19 item 1); closing an appeal with duties not
    /// done requires it as the reason (item 2, [`super::closing`]).
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAction {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// Trimmed; empty when none was given.
    pub note: String,
}

/// The longest note an event keeps.
pub const NOTE_MAX: usize = 2000;

impl ActionForm {
    /// `info_requested_open`: whether a request for information is waiting for an answer.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        received_at: DateTime<Utc>,
        info_requested_open: bool,
    ) -> Result<ValidAction, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        // Confirmation, reclassification and refutation carry a decision: not a bare
        // action (a reclassification without its level would stop the clocks).
        let kind = c.coded(
            Field::Event,
            &self.kind,
            |s| {
                EventKind::from_code(s).filter(|k| {
                    !matches!(
                        k,
                        EventKind::Registered
                            | EventKind::Confirmed
                            | EventKind::Reclassified
                            | EventKind::Refuted
                            | EventKind::Reopened
                            | EventKind::DecisionExtended
                    )
                })
            },
            true,
        );
        if kind == Some(EventKind::InfoReceived) && !info_requested_open {
            c.fail(Field::Event, Problem::InfoNotRequested);
        }
        let at = instant_or_now(&mut c, Field::EventAt, &self.at, now, received_at);
        let note = self.note.trim().to_owned();
        if note.chars().count() > NOTE_MAX {
            c.fail(Field::Note, Problem::TooLong { max: NOTE_MAX });
        }
        c.finish(|| {
            Some(ValidAction {
                kind: kind?,
                at: at?,
                note,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_astana;

    fn t(s: &str) -> DateTime<Utc> {
        parse_astana(s).unwrap_or_default()
    }

    #[test]
    fn an_action_cannot_predate_the_receipt_and_info_received_needs_a_request() {
        let received = t("26.11.2026 10:00");
        let now = t("26.11.2026 11:00");
        let early = ActionForm {
            note: String::new(),
            kind: "id_sent".into(),
            at: "26.11.2026 09:59".into(),
        };
        assert_eq!(
            early.validate(now, received, false).expect_err("early")[0].problem,
            Problem::BeforeReceipt
        );
        let answer = ActionForm {
            note: String::new(),
            kind: "info_received".into(),
            at: String::new(),
        };
        assert_eq!(
            answer
                .validate(now, received, false)
                .expect_err("no request")[0]
                .problem,
            Problem::InfoNotRequested
        );
        assert!(answer.validate(now, received, true).is_ok());
        let triage_via_action = ActionForm {
            note: String::new(),
            kind: "confirmed".into(),
            at: String::new(),
        };
        assert!(triage_via_action.validate(now, received, false).is_err());
        // A reopening carries its reason: not a bare action either.
        let reopen_via_action = ActionForm {
            note: String::new(),
            kind: "reopened".into(),
            at: String::new(),
        };
        assert!(reopen_via_action.validate(now, received, false).is_err());
    }
}
