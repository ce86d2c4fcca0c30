//! The journal's own closed lists: where an appeal stands, who may do what. The lists the
//! rules engine reads too (channels, sources, rule sets, criticality, failure types, event
//! kinds) live in `desk-vocab`.

use desk_i18n::{Lang, tr};
use desk_vocab::{EventKind, coded_enum};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

coded_enum! {
    /// Where an appeal stands, derived from its events.
    Status, "status" {
        Registered = "registered",
        Confirmed = "confirmed",
        Refuted = "refuted",
        Fixed = "fixed",
        Closed = "closed",
    }
}

impl Status {
    /// The status after `event`, from the status before it. A reopening needs the status
    /// the appeal had before it was closed: [`Status::of`] knows it.
    pub fn after(self, event: EventKind) -> Status {
        match event {
            EventKind::Confirmed => Status::Confirmed,
            EventKind::Refuted => Status::Refuted,
            EventKind::Fixed => Status::Fixed,
            EventKind::Closed => Status::Closed,
            _ => self,
        }
    }

    /// Where an appeal stands after `events`, in the order they were recorded: a
    /// reopening goes back to the status the appeal had when it was closed.
    pub fn of(events: impl IntoIterator<Item = EventKind>) -> Status {
        let (mut status, mut before_closing) = (Status::Registered, Status::Registered);
        for event in events {
            match event {
                EventKind::Closed if status != Status::Closed => {
                    before_closing = status;
                    status = Status::Closed;
                }
                EventKind::Reopened if status == Status::Closed => status = before_closing,
                _ => status = status.after(event),
            }
        }
        status
    }

    /// Where the handling of an appeal stood after `events` (in the order recorded),
    /// closing and reopening aside: what decides whether it is a failure (confirmed,
    /// refuted) and whether it is fixed, also once it is closed.
    pub fn handling(events: impl IntoIterator<Item = EventKind>) -> Status {
        Status::of(events.into_iter().filter(|k| k.drives_clocks()))
    }
}

/// Whether information was requested and has not arrived yet (002 §38), from the events
/// in the order they happened.
pub fn info_request_open(events: impl IntoIterator<Item = EventKind>) -> bool {
    events.into_iter().fold(false, |open, e| match e {
        EventKind::InfoRequested => true,
        EventKind::InfoReceived => false,
        _ => open,
    })
}

coded_enum! {
    /// Roles on a workstation (issue 6): operators register and record actions,
    /// specialists also triage and decide, supervisors do everything.
    Role, "role" {
        Operator = "operator",
        Specialist = "specialist",
        Supervisor = "supervisor",
    }
}

/// What a role is asked for; checked before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Register,
    RecordAction,
    Triage,
    Link,
    Correct,
    ManageUsers,
    /// Taking a closed appeal up again (issue 11): a decision, as closing is.
    Reopen,
    /// Producing the journal's documents for outside readers: extracts (002 Appendix),
    /// the daily analysis and yearly report (002 §43–44), letters to the authorised body
    /// and refutation notices (issue 11 item 4).
    ProduceDocuments,
    /// Changing a journal-wide setting, such as the workstation code every incident
    /// number starts with (issue 11 item 4).
    ChangeSettings,
    /// The Commission's secretariat (003 §6: the operator keeps its composition, meetings
    /// and protocols): recording a composition, a meeting, its roll call, votes,
    /// dissenting opinions, the protocol and its signatures (issue 17).
    Commission,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Register => "register",
            Action::RecordAction => "record_action",
            Action::Triage => "triage",
            Action::Link => "link",
            Action::Correct => "correct",
            Action::ManageUsers => "manage_users",
            Action::Reopen => "reopen",
            Action::ProduceDocuments => "produce_documents",
            Action::ChangeSettings => "change_settings",
            Action::Commission => "commission",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("action-{}", self.code()), &[])
    }

    /// What a role must be allowed to write an audit entry of `action` (the store's
    /// action names: `register`, `triage`, `event`, …), with the kind of the event the
    /// entry records when it records one. The one mapping a workstation and the server
    /// both check a change against (issue 15: the server re-checks every pushed change
    /// against its author's role). `None`: not a change a workstation makes.
    pub fn required_for(action: &str, event: Option<EventKind>) -> Option<Action> {
        match action {
            "register" => Some(Action::Register),
            // A reclassification is a specialist's decision, like the analysis (issue 12).
            "triage" | "reclassify" => Some(Action::Triage),
            // A conflict's resolution is a correction naming both versions (sync issue).
            "correct" | "resolve" => Some(Action::Correct),
            "link" => Some(Action::Link),
            "attach" | "extensions" => Some(Action::RecordAction),
            "set_role" | "set" => Some(Action::ManageUsers),
            "commission_composition"
            | "commission_meeting"
            | "commission_attendance"
            | "commission_vote"
            | "commission_dissent"
            | "commission_decision"
            | "commission_protocol"
            | "commission_signature"
            | "commission_application"
            | "commission_application_step" => Some(Action::Commission),
            "event" => match event? {
                // A registration is recorded by `register` itself, never as a bare event.
                EventKind::Registered => None,
                // Closing, confirming, refuting and reclassifying are decisions about the
                // appeal (workflow: triage and closing need Triage), not routine actions.
                EventKind::Closed
                | EventKind::Confirmed
                | EventKind::Refuted
                | EventKind::Reclassified
                | EventKind::DecisionExtended => Some(Action::Triage),
                EventKind::Reopened => Some(Action::Reopen),
                _ => Some(Action::RecordAction),
            },
            _ => None,
        }
    }
}

impl Role {
    pub fn may(self, action: Action) -> bool {
        match self {
            Role::Supervisor => true,
            // The Commission's secretary is a specialist of the operator (003 §6).
            Role::Specialist => !matches!(
                action,
                Action::Correct | Action::ManageUsers | Action::ChangeSettings
            ),
            Role::Operator => matches!(
                action,
                Action::Register | Action::RecordAction | Action::Link
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_cannot_triage_and_only_supervisors_correct() {
        assert!(Role::Operator.may(Action::Register) && Role::Operator.may(Action::RecordAction));
        assert!(!Role::Operator.may(Action::Triage));
        assert!(Role::Specialist.may(Action::Triage) && !Role::Specialist.may(Action::Correct));
        assert!(Role::Supervisor.may(Action::Correct) && Role::Supervisor.may(Action::ManageUsers));
        assert!(!Role::Operator.may(Action::Reopen));
        assert!(Role::Specialist.may(Action::Reopen) && Role::Supervisor.may(Action::Reopen));
        assert!(!Role::Operator.may(Action::ProduceDocuments));
        assert!(Role::Specialist.may(Action::ProduceDocuments));
        assert!(!Role::Specialist.may(Action::ChangeSettings));
        assert!(Role::Supervisor.may(Action::ChangeSettings));
        // Issue 17: the Commission's secretariat is a specialist's or a supervisor's.
        assert!(!Role::Operator.may(Action::Commission));
        assert!(Role::Specialist.may(Action::Commission));
        assert!(Role::Supervisor.may(Action::Commission));
    }

    #[test]
    fn a_change_needs_the_action_its_workflow_step_needs() {
        let needs = Action::required_for;
        assert_eq!(needs("register", None), Some(Action::Register));
        assert_eq!(needs("triage", None), Some(Action::Triage));
        assert_eq!(needs("correct", None), Some(Action::Correct));
        assert_eq!(needs("resolve", None), Some(Action::Correct));
        assert_eq!(needs("attach", None), Some(Action::RecordAction));
        assert_eq!(needs("set_role", None), Some(Action::ManageUsers));
        assert_eq!(needs("set", None), Some(Action::ManageUsers));
        assert_eq!(
            needs("event", Some(EventKind::IdSent)),
            Some(Action::RecordAction)
        );
        // An operator records actions but cannot close, confirm or reopen (issue 6, 11).
        for decision in [EventKind::Closed, EventKind::Confirmed, EventKind::Refuted] {
            let action = needs("event", Some(decision));
            assert_eq!(action, Some(Action::Triage));
            assert!(!Role::Operator.may(action.unwrap_or(Action::ManageUsers)));
        }
        assert_eq!(
            needs("event", Some(EventKind::Reopened)),
            Some(Action::Reopen)
        );
        assert_eq!(needs("event", None), None);
        assert_eq!(needs("event", Some(EventKind::Registered)), None);
        assert_eq!(needs("cover", None), None);
        assert_eq!(needs("commission_vote", None), Some(Action::Commission));
        assert_eq!(
            needs("commission_signature", None),
            Some(Action::Commission)
        );
    }

    #[test]
    fn a_reopened_appeal_goes_back_to_where_it_stood_before_closing() {
        use EventKind::*;
        assert_eq!(Status::of([Registered, Confirmed, Closed]), Status::Closed);
        assert_eq!(
            Status::of([Registered, Confirmed, Closed, Reopened]),
            Status::Confirmed
        );
        assert_eq!(
            Status::of([Registered, Confirmed, Fixed, Closed, Reopened]),
            Status::Fixed
        );
        assert_eq!(
            Status::of([Registered, Closed, Reopened, Confirmed, Closed, Reopened]),
            Status::Confirmed
        );
        assert_eq!(Status::of([Registered, Reopened]), Status::Registered);
    }

    #[test]
    fn information_is_awaited_from_its_request_to_its_arrival() {
        use EventKind::*;
        assert!(!info_request_open([Registered]));
        assert!(info_request_open([Registered, InfoRequested]));
        assert!(!info_request_open([InfoRequested, InfoReceived]));
        assert!(info_request_open([
            InfoRequested,
            InfoReceived,
            InfoRequested
        ]));
    }

    #[test]
    fn every_status_and_role_has_a_label_in_every_language() {
        for lang in Lang::ALL {
            for s in Status::ALL {
                assert!(!s.label(lang).starts_with("status-"));
            }
            for r in Role::ALL {
                assert!(!r.label(lang).starts_with("role-"));
            }
        }
    }
}
