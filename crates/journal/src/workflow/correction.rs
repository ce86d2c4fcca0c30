//! A supervisor's correction of one field of an appeal: a new version naming what it
//! replaces and why.

use chrono::{DateTime, Utc};
use desk_vocab::FailureType;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Checker, Field, Problem};

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
