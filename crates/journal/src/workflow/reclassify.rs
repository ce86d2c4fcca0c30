//! A specialist's change of a confirmed failure's level, and optionally of its type
//! (002 §35.1, §36.1–2, §37.3, 000 §26.3; deadlines.md §3.8), with the reason the event
//! and the audit trail keep. The new level's duties run from the reclassification.

use chrono::{DateTime, Utc};
use desk_vocab::{Criticality, FailureType};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::timing::instant_or_now;
use crate::{Checker, Field, Problem};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReclassifyForm {
    /// The new level: `low`, `medium` or `high`.
    pub criticality: String,
    /// Empty: the type, and so the operator's fault, stays as confirmed.
    pub failure_type: String,
    pub reason: String,
    /// Astana time; empty: now.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReclassification {
    pub at: DateTime<Utc>,
    pub criticality: Criticality,
    pub failure_type: Option<FailureType>,
    pub reason: String,
}

impl ReclassifyForm {
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        received_at: DateTime<Utc>,
    ) -> Result<ValidReclassification, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        let criticality = c.coded(
            Field::Criticality,
            &self.criticality,
            Criticality::from_code,
            false,
        );
        if self.criticality.trim().is_empty() {
            // deadlines.md §3.8: a reclassification states the new level.
            c.fail(Field::Criticality, Problem::CriticalityRequired);
        }
        let failure_type = c.coded(
            Field::FailureType,
            &self.failure_type,
            FailureType::from_code,
            false,
        );
        let reason = c.required(Field::ReclassifyReason, &self.reason, 2_000);
        let at = instant_or_now(&mut c, Field::EventAt, &self.at, now, received_at);
        c.finish(|| {
            Some(ValidReclassification {
                at: at?,
                criticality: criticality?,
                failure_type,
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
    fn s35_1_s37_3_a_reclassification_needs_the_new_level_and_a_reason() {
        let received = t("16.03.2026 10:00");
        let now = t("16.03.2026 12:00");
        let errors = ReclassifyForm::default()
            .validate(now, received)
            .expect_err("empty");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Criticality, Field::ReclassifyReason]);
        let v = ReclassifyForm {
            criticality: "high".into(),
            reason: "Сбой затронул все модули".into(),
            at: "16.03.2026 11:45".into(),
            ..Default::default()
        }
        .validate(now, received)
        .expect("valid");
        assert_eq!(
            (v.criticality, v.failure_type, v.at),
            (Criticality::High, None, t("16.03.2026 11:45"))
        );
    }
}
