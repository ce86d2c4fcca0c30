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
}
