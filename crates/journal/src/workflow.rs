//! The vocabulary of the contact centre's workflow (DIGEST §1–3): where a report came
//! from, which rule set governs it, what happened to it, who may do what.

use chrono::{DateTime, NaiveDate, Utc};
use desk_i18n::{Lang, tr};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::time::ASTANA;

coded_enum! {
    /// Who raised the failure (002 §27).
    Source, "source" {
        UserAppeal = "user_appeal",
        MonitoringSpecialist = "monitoring_specialist",
        MonitoringTool = "monitoring_tool",
        SystemLog = "system_log",
    }
}

coded_enum! {
    /// The regulation whose clocks apply (shared/specs/deadlines.md §2).
    RuleSet, "ruleset" {
        Gz692 = "GZ-692",
        Gz627 = "GZ-627",
        Quasi1216 = "QUASI-1216",
        EtpCc = "ETP-CC",
        Energy366 = "ENERGY-366",
    }
}

impl RuleSet {
    /// The default by the date of receipt in Astana: GZ-692 until 31.12.2024, GZ-627 from
    /// 01.01.2025 (deadlines.md §2). QUASI-1216, ETP-CC and ENERGY-366 are chosen by hand.
    pub fn default_for(received_at: DateTime<Utc>) -> RuleSet {
        let day = received_at.with_timezone(&ASTANA).date_naive();
        match NaiveDate::from_ymd_opt(2025, 1, 1) {
            Some(switch) if day < switch => RuleSet::Gz692,
            _ => RuleSet::Gz627,
        }
    }
}

coded_enum! {
    /// Criticality levels (002 §34, 000 §23).
    Criticality, "criticality" {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

coded_enum! {
    /// Types of technical failure (002 §26): the first three depend on the operator.
    FailureType, "failure" {
        OperatorUnlawfulActions = "operator_unlawful_actions",
        OperatorInsufficientSecurity = "operator_insufficient_security",
        OperatorPhysicalDamage = "operator_physical_damage",
        ThirdPartyPhysicalDamage = "third_party_physical_damage",
        ComputerAttack = "computer_attack",
        ThirdPartyActions = "third_party_actions",
        UserNetworkOrPower = "user_network_or_power",
        UserComputerSettings = "user_computer_settings",
        UserMalware = "user_malware",
        UserNonCompliance = "user_non_compliance",
        UserKeyBreach = "user_key_breach",
    }
}

impl FailureType {
    /// 002 §26.1: failures that depend on the operator.
    pub fn operator_dependent(self) -> bool {
        matches!(
            self,
            FailureType::OperatorUnlawfulActions
                | FailureType::OperatorInsufficientSecurity
                | FailureType::OperatorPhysicalDamage
        )
    }
}

coded_enum! {
    /// What happened to an appeal, with the event names of deadlines.md §3, plus `closed`.
    EventKind, "event" {
        Registered = "registered",
        IdSent = "id_sent",
        Confirmed = "confirmed",
        Refuted = "refuted",
        RefutationNotified = "refutation_notified",
        CriticalityNotified = "criticality_notified",
        HomepagePosted = "homepage_posted",
        ParticipantsNotified = "participants_notified",
        AuthorityInformed = "authority_informed",
        AuthorityReported = "authority_reported",
        InfoRequested = "info_requested",
        InfoReceived = "info_received",
        Fixed = "fixed",
        Closed = "closed",
    }
}

impl EventKind {
    /// Events the rules engine reads (deadlines.md §3); `closed` is ours alone.
    pub fn drives_clocks(self) -> bool {
        self != EventKind::Closed
    }
}

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
    /// The status after `event`, from the status before it.
    pub fn after(self, event: EventKind) -> Status {
        match event {
            EventKind::Confirmed => Status::Confirmed,
            EventKind::Refuted => Status::Refuted,
            EventKind::Fixed => Status::Fixed,
            EventKind::Closed => Status::Closed,
            _ => self,
        }
    }
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
        }
    }

    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("action-{}", self.code()), &[])
    }
}

impl Role {
    pub fn may(self, action: Action) -> bool {
        match self {
            Role::Supervisor => true,
            Role::Specialist => !matches!(action, Action::Correct | Action::ManageUsers),
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
    fn rule_set_defaults_by_astana_date_of_receipt() {
        // deadlines.md §2: GZ-692 until 2024-12-31, GZ-627 from 2025-01-01 (Astana dates).
        let t = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        assert_eq!(
            RuleSet::default_for(t("2024-12-31T18:59:00Z")),
            RuleSet::Gz692
        );
        // 19:00 UTC on 31 December is already 1 January in Astana (UTC+5).
        assert_eq!(
            RuleSet::default_for(t("2024-12-31T19:00:00Z")),
            RuleSet::Gz627
        );
    }

    #[test]
    fn operators_cannot_triage_and_only_supervisors_correct() {
        assert!(Role::Operator.may(Action::Register) && Role::Operator.may(Action::RecordAction));
        assert!(!Role::Operator.may(Action::Triage));
        assert!(Role::Specialist.may(Action::Triage) && !Role::Specialist.may(Action::Correct));
        assert!(Role::Supervisor.may(Action::Correct) && Role::Supervisor.may(Action::ManageUsers));
    }

    #[test]
    fn only_the_first_three_failure_types_depend_on_the_operator() {
        // 002 §26: 1) depending on the operator, 2) not depending on it.
        let dependent: Vec<_> = FailureType::ALL
            .iter()
            .filter(|f| f.operator_dependent())
            .collect();
        assert_eq!(dependent.len(), 3);
    }

    #[test]
    fn codes_round_trip_and_every_label_is_translated() {
        for lang in Lang::ALL {
            for k in EventKind::ALL {
                assert_eq!(EventKind::from_code(k.code()), Some(*k));
                assert!(!k.label(lang).starts_with("event-"), "{k:?} {lang}");
            }
            for s in Source::ALL {
                assert!(!s.label(lang).starts_with("source-"), "{s:?} {lang}");
            }
            for f in FailureType::ALL {
                assert!(!f.label(lang).starts_with("failure-"), "{f:?} {lang}");
            }
            for c in Criticality::ALL {
                assert!(!c.label(lang).starts_with("criticality-"));
            }
            for s in Status::ALL {
                assert!(!s.label(lang).starts_with("status-"));
            }
            for r in Role::ALL {
                assert!(!r.label(lang).starts_with("role-"));
            }
            for r in RuleSet::ALL {
                assert!(!r.label(lang).starts_with("ruleset-"));
            }
        }
    }
}

/// The triage form of a specialist (002 §31–34): confirm or refute, with the decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TriageForm {
    /// `confirmed` or `refuted`.
    pub analysis: String,
    /// Astana time; empty: now.
    pub at: String,
    pub criticality: String,
    pub operator_fault: bool,
    pub failure_type: String,
    pub decision: String,
    pub recommendations: String,
    /// Sent to the user with a refutation (002 §32).
    pub supporting_info: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTriage {
    /// [`EventKind::Confirmed`] or [`EventKind::Refuted`].
    pub analysis: EventKind,
    pub at: DateTime<Utc>,
    pub criticality: Option<Criticality>,
    pub operator_fault: bool,
    pub failure_type: Option<FailureType>,
    pub decision: String,
    pub recommendations: String,
    pub supporting_info: String,
}

/// Recording that an obligation was met, or that information was requested or received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ActionForm {
    pub kind: String,
    /// Astana time; empty: now.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAction {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
}

use crate::{Checker, Field, Problem};

fn instant_or_now(
    c: &mut Checker,
    field: Field,
    value: &str,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let at = if value.trim().is_empty() {
        Some(now)
    } else {
        c.instant(field, value, now, true)
    };
    match at {
        // Typed times have minute precision; the receipt may carry seconds of the same minute.
        Some(t) if t < received_at - chrono::Duration::seconds(59) => {
            c.fail(field, Problem::BeforeReceipt);
            None
        }
        other => other,
    }
}

impl TriageForm {
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        received_at: DateTime<Utc>,
    ) -> Result<ValidTriage, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        let analysis = c.coded(
            Field::Analysis,
            &self.analysis,
            |s| match s {
                "confirmed" => Some(EventKind::Confirmed),
                "refuted" => Some(EventKind::Refuted),
                _ => None,
            },
            true,
        );
        let at = instant_or_now(&mut c, Field::EventAt, &self.at, now, received_at);
        let criticality = c.coded(
            Field::Criticality,
            &self.criticality,
            Criticality::from_code,
            false,
        );
        if analysis == Some(EventKind::Confirmed)
            && criticality.is_none()
            && self.criticality.trim().is_empty()
        {
            // 002 §33: a confirmed failure gets its level.
            c.fail(Field::Criticality, Problem::CriticalityRequired);
        }
        let failure_type = c.coded(
            Field::FailureType,
            &self.failure_type,
            FailureType::from_code,
            false,
        );
        let decision = c.required(Field::Decision, &self.decision, 10_000);
        let recommendations = c.optional(Field::Recommendations, &self.recommendations, 10_000);
        let supporting_info = if analysis == Some(EventKind::Refuted) {
            // 002 §32: the refutation goes to the user with supporting information.
            c.required(Field::SupportingInfo, &self.supporting_info, 10_000)
        } else {
            c.optional(Field::SupportingInfo, &self.supporting_info, 10_000)
        };
        let operator_fault = self.operator_fault;
        c.finish(|| {
            let analysis = analysis?;
            Some(ValidTriage {
                analysis,
                at: at?,
                criticality: if analysis == EventKind::Confirmed {
                    criticality
                } else {
                    None
                },
                operator_fault,
                failure_type,
                decision,
                recommendations,
                supporting_info,
            })
        })
    }
}

impl ActionForm {
    /// `info_requested_open`: whether a request for information is waiting for an answer.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        received_at: DateTime<Utc>,
        info_requested_open: bool,
    ) -> Result<ValidAction, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        // Confirmation and refutation carry a decision: they go through triage.
        let kind = c.coded(
            Field::Event,
            &self.kind,
            |s| {
                EventKind::from_code(s).filter(|k| {
                    !matches!(
                        k,
                        EventKind::Registered | EventKind::Confirmed | EventKind::Refuted
                    )
                })
            },
            true,
        );
        if kind == Some(EventKind::InfoReceived) && !info_requested_open {
            c.fail(Field::Event, Problem::InfoNotRequested);
        }
        let at = instant_or_now(&mut c, Field::EventAt, &self.at, now, received_at);
        c.finish(|| {
            Some(ValidAction {
                kind: kind?,
                at: at?,
            })
        })
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;
    use crate::time::parse_astana;

    fn t(s: &str) -> DateTime<Utc> {
        parse_astana(s).unwrap_or_default()
    }

    #[test]
    fn confirming_needs_a_level_and_refuting_needs_supporting_information() {
        let received = t("26.11.2026 10:00");
        let now = t("26.11.2026 11:00");
        let confirm = TriageForm {
            analysis: "confirmed".into(),
            decision: "Модуль перезапущен".into(),
            ..Default::default()
        };
        let errors = confirm.validate(now, received).expect_err("no level");
        // 002 §33: the level is set on confirmation.
        assert_eq!(errors[0].problem, Problem::CriticalityRequired);

        let refute = TriageForm {
            analysis: "refuted".into(),
            decision: "Сбой не подтверждён".into(),
            ..Default::default()
        };
        let errors = refute.validate(now, received).expect_err("no info");
        // 002 §32: the refutation is sent with supporting information.
        assert_eq!(errors[0].field, Field::SupportingInfo);

        let ok = TriageForm {
            analysis: "confirmed".into(),
            criticality: "high".into(),
            operator_fault: true,
            decision: "Перезапуск".into(),
            ..Default::default()
        };
        let v = ok.validate(now, received).expect("valid");
        assert_eq!(
            (v.analysis, v.criticality, v.at),
            (EventKind::Confirmed, Some(Criticality::High), now)
        );
    }

    #[test]
    fn an_action_cannot_predate_the_receipt_and_info_received_needs_a_request() {
        let received = t("26.11.2026 10:00");
        let now = t("26.11.2026 11:00");
        let early = ActionForm {
            kind: "id_sent".into(),
            at: "26.11.2026 09:59".into(),
        };
        assert_eq!(
            early.validate(now, received, false).expect_err("early")[0].problem,
            Problem::BeforeReceipt
        );
        let answer = ActionForm {
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
            kind: "confirmed".into(),
            at: String::new(),
        };
        assert!(triage_via_action.validate(now, received, false).is_err());
    }
}

/// A supervisor's correction of one field: a new version that names what it replaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CorrectionForm {
    /// The field's code, e.g. `organisation`, `bin_iin`, `received_at`.
    pub field: String,
    pub value: String,
    pub reason: String,
}

/// A checked correction: the stored column and its new value (`None` clears it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCorrection {
    pub field: Field,
    pub value: Option<String>,
    pub reason: String,
}

/// Fields a correction may change. The analysis itself (confirmed/refuted, criticality)
/// is not among them: it drives the clocks and is recorded as events.
pub const CORRECTABLE: &[Field] = &[
    Field::Organisation,
    Field::BinIin,
    Field::ReceivedAt,
    Field::Channel,
    Field::Contact,
    Field::Description,
    Field::ContactPerson,
    Field::Email,
    Field::Phone,
    Field::PortalModule,
    Field::Announcements,
    Field::Lots,
    Field::ProcurementMethod,
    Field::Decision,
    Field::Recommendations,
    Field::FailureType,
];

impl CorrectionForm {
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidCorrection, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        let field = c.coded(
            Field::Event,
            &self.field,
            |s| Field::from_code(s).filter(|f| CORRECTABLE.contains(f)),
            true,
        );
        let reason = c.required(Field::Reason, &self.reason, 2_000);
        let value = match field {
            None => None,
            Some(Field::BinIin) => crate::BinIin::parse(&self.value)
                .map_err(|e| c.fail(Field::BinIin, Problem::BinIin(e)))
                .ok()
                .map(|b| Some(b.as_str().to_owned())),
            Some(Field::ReceivedAt) => c
                .instant(Field::ReceivedAt, &self.value, now, true)
                .map(|t| Some(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))),
            Some(Field::Channel) => c
                .coded(Field::Channel, &self.value, crate::Channel::from_code, true)
                .map(|ch| Some(ch.code().to_owned())),
            Some(Field::FailureType) => {
                if self.value.trim().is_empty() {
                    Some(None)
                } else {
                    c.coded(
                        Field::FailureType,
                        &self.value,
                        FailureType::from_code,
                        true,
                    )
                    .map(|f| Some(f.code().to_owned()))
                }
            }
            Some(f @ (Field::Organisation | Field::Contact | Field::Description)) => {
                Some(Some(c.required(f, &self.value, 10_000)))
            }
            Some(Field::Email) => {
                let v = c.optional(Field::Email, &self.value, 500);
                if !v.is_empty() && !v.contains('@') {
                    c.fail(Field::Email, Problem::EmailFormat);
                }
                Some(Some(v))
            }
            Some(Field::Decision | Field::Recommendations) if self.value.trim().is_empty() => {
                Some(None)
            }
            Some(f) => Some(Some(c.optional(f, &self.value, 10_000))),
        };
        c.finish(|| {
            Some(ValidCorrection {
                field: field?,
                value: value?,
                reason,
            })
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod correction_tests {
    use super::*;

    #[test]
    fn a_correction_names_its_reason_and_checks_the_new_value() {
        let now = crate::time::parse_astana("26.11.2026 15:00").unwrap_or_default();
        let ok = CorrectionForm {
            field: "bin_iin".into(),
            value: "9712 4000 1315".into(),
            reason: "Опечатка".into(),
        };
        assert_eq!(
            ok.validate(now).map(|v| v.value),
            Ok(Some("971240001315".into()))
        );
        let bad = CorrectionForm {
            field: "bin_iin".into(),
            value: "971240001316".into(),
            reason: String::new(),
        };
        let fields: Vec<Field> = bad
            .validate(now)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::Reason, Field::BinIin]);
        let analysis = CorrectionForm {
            field: "criticality".into(),
            value: "low".into(),
            reason: "x".into(),
        };
        assert!(
            analysis.validate(now).is_err(),
            "criticality is an event, not a correction"
        );
    }
}
