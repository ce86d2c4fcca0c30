//! The specialist's analysis of an appeal (002 §31–34): confirm with a level, or refute
//! with supporting information.

use chrono::{DateTime, Utc};
use desk_vocab::{Criticality, EventKind, FailureType};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::timing::instant_or_now;
use crate::{Checker, Field, Problem};

/// The outcomes of the specialist's analysis (002 §31–34): confirm or refute.
pub const ANALYSES: [EventKind; 2] = [EventKind::Confirmed, EventKind::Refuted];

/// The triage form of a specialist (002 §31–34): confirm or refute, with the decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TriageForm {
    /// `confirmed` or `refuted`.
    pub analysis: String,
    /// Astana time; empty: now.
    pub at: String,
    pub criticality: String,
    /// Not asked for: the fault follows the failure type (002 §26, §38). A caller that
    /// states it anyway is refused when it contradicts the type.
    pub operator_fault: Option<bool>,
    /// Required on a confirmation (002 §26).
    pub failure_type: String,
    pub decision: String,
    pub recommendations: String,
    /// Sent to the user with a refutation (002 §32).
    pub supporting_info: String,
    /// Why a refuted appeal is confirmed after all (a reversed refutation): required
    /// then, and kept by the event and the audit trail.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTriage {
    /// [`EventKind::Confirmed`] or [`EventKind::Refuted`].
    pub analysis: EventKind,
    pub at: DateTime<Utc>,
    pub criticality: Option<Criticality>,
    /// Follows `failure_type` (002 §26, §38); `false` for a refutation.
    pub operator_fault: bool,
    pub failure_type: Option<FailureType>,
    pub decision: String,
    pub recommendations: String,
    pub supporting_info: String,
    pub reason: String,
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
            |s| EventKind::from_code(s).filter(|k| ANALYSES.contains(k)),
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
        let confirming = analysis == Some(EventKind::Confirmed);
        // 002 §26: a confirmed failure is one of the listed types; its fault follows.
        let failure_type = c.coded(
            Field::FailureType,
            &self.failure_type,
            FailureType::from_code,
            false,
        );
        if confirming && self.failure_type.trim().is_empty() {
            c.fail(Field::FailureType, Problem::FailureTypeRequired);
        }
        // 002 §26, §38 (last paragraph): at fault exactly for the three operator types.
        let operator_fault =
            confirming && failure_type.is_some_and(FailureType::operator_dependent);
        if let (Some(stated), Some(t)) = (self.operator_fault, failure_type)
            && confirming
            && stated != t.operator_dependent()
        {
            c.fail(Field::OperatorFault, Problem::OperatorFaultContradictsType);
        }
        let decision = c.required(Field::Decision, &self.decision, 10_000);
        let recommendations = c.optional(Field::Recommendations, &self.recommendations, 10_000);
        let supporting_info = if analysis == Some(EventKind::Refuted) {
            // 002 §32: the refutation goes to the user with supporting information.
            c.required(Field::SupportingInfo, &self.supporting_info, 10_000)
        } else {
            c.optional(Field::SupportingInfo, &self.supporting_info, 10_000)
        };
        let reason = c.optional(Field::ReversalReason, &self.reason, 2_000);
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
                reason,
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
            failure_type: "operator_physical_damage".into(),
            decision: "Перезапуск".into(),
            ..Default::default()
        };
        let v = ok.validate(now, received).expect("valid");
        assert_eq!(
            (v.analysis, v.criticality, v.at, v.operator_fault),
            (EventKind::Confirmed, Some(Criticality::High), now, true)
        );
    }

    #[test]
    fn s26_s38_confirming_needs_the_failure_type_and_the_fault_follows_it() {
        let received = t("26.11.2026 10:00");
        let now = t("26.11.2026 11:00");
        let form = |failure_type: &str, operator_fault: Option<bool>| TriageForm {
            analysis: "confirmed".into(),
            criticality: "medium".into(),
            failure_type: failure_type.into(),
            operator_fault,
            decision: "Перезапуск".into(),
            ..Default::default()
        };
        // 002 §26: no type, no confirmation.
        let errors = form("", None).validate(now, received).expect_err("no type");
        assert_eq!(
            (errors[0].field, &errors[0].problem),
            (Field::FailureType, &Problem::FailureTypeRequired)
        );
        // 002 §38, last paragraph: the three operator types are at fault, the others not.
        for (code, at_fault) in [
            ("operator_unlawful_actions", true),
            ("operator_insufficient_security", true),
            ("operator_physical_damage", true),
            ("computer_attack", false),
            ("user_malware", false),
        ] {
            let v = form(code, None).validate(now, received).expect(code);
            assert_eq!(v.operator_fault, at_fault, "{code}");
            // Stating the same fault is accepted; the contrary is refused naming the field.
            assert!(form(code, Some(at_fault)).validate(now, received).is_ok());
            let errors = form(code, Some(!at_fault))
                .validate(now, received)
                .expect_err(code);
            assert_eq!(
                (errors[0].field, &errors[0].problem),
                (Field::OperatorFault, &Problem::OperatorFaultContradictsType)
            );
        }
        // A refutation needs no type and is nobody's fault.
        let refuted = TriageForm {
            analysis: "refuted".into(),
            decision: "Сбой не подтверждён".into(),
            supporting_info: "Портал доступен".into(),
            ..Default::default()
        };
        assert!(
            !refuted
                .validate(now, received)
                .expect("refuted")
                .operator_fault
        );
    }
}
