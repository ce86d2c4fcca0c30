//! A procurement procedure affected by a failure, as the specialist enters it on the
//! appeal page (deadlines.md §4 `procedures[]`).

use chrono::{DateTime, Utc};
use desk_vocab::{AcceptanceMethod, ProcedureKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Checker, Field, FieldError, Problem};

/// The form of one procedure; the deadline in Astana time, `DD.MM.YYYY HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProcedureInput {
    /// The announcement or procedure number.
    pub id: String,
    /// A [`ProcedureKind`] code.
    pub kind: String,
    /// An [`AcceptanceMethod`] code; required for acceptance stages.
    pub method: String,
    pub deadline: String,
    pub announcement: String,
    /// Comma-separated lot numbers.
    pub lots: String,
}

/// A checked procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProcedure {
    pub id: String,
    pub kind: ProcedureKind,
    pub method: Option<AcceptanceMethod>,
    pub deadline: DateTime<Utc>,
    pub announcement: Option<String>,
    pub lots: Vec<String>,
}

impl ProcedureInput {
    /// Checks every procedure and reports every problem at once. A deadline may lie in
    /// the future (a procurement still running), unlike the journal's other instants.
    pub fn validate_all(
        procedures: &[ProcedureInput],
    ) -> Result<Vec<ValidProcedure>, Vec<FieldError>> {
        let mut c = Checker::default();
        let mut out = Vec::with_capacity(procedures.len());
        for p in procedures {
            let id = c.required(Field::ProcedureId, &p.id, 200);
            let kind = c.coded(
                Field::ProcedureKind,
                &p.kind,
                ProcedureKind::from_code,
                true,
            );
            let method = c.coded(
                Field::ProcedureMethod,
                &p.method,
                AcceptanceMethod::from_code,
                kind.is_some_and(ProcedureKind::needs_method),
            );
            let deadline = if p.deadline.trim().is_empty() {
                c.fail(Field::ProcedureDeadline, Problem::Required);
                None
            } else {
                let t = crate::time::parse_astana(&p.deadline);
                if t.is_none() {
                    c.fail(Field::ProcedureDeadline, Problem::DateTimeFormat);
                }
                t
            };
            let announcement = c.optional(Field::Announcements, &p.announcement, 200);
            let lots = c.optional(Field::Lots, &p.lots, 2_000);
            if let (Some(kind), Some(deadline)) = (kind, deadline) {
                out.push(ValidProcedure {
                    id,
                    kind,
                    method,
                    deadline,
                    announcement: Some(announcement).filter(|a| !a.is_empty()),
                    lots: lots
                        .split(',')
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                });
            }
        }
        c.finish(|| Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acceptance_stage_needs_its_method_and_every_problem_is_named() {
        // 002 §36.3, §37.4: the acceptance rules depend on the procurement method.
        let bad = [ProcedureInput {
            id: "12345".into(),
            kind: "acceptance_end".into(),
            deadline: "31.02.2026 10:00".into(),
            ..Default::default()
        }];
        let fields: Vec<Field> = ProcedureInput::validate_all(&bad)
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::ProcedureMethod, Field::ProcedureDeadline]);
        let ok = [ProcedureInput {
            id: "12345".into(),
            kind: "auction_trading".into(),
            deadline: "10.03.2026 15:00".into(),
            lots: "1, 2,".into(),
            ..Default::default()
        }];
        let v = ProcedureInput::validate_all(&ok).expect("valid");
        assert_eq!(
            (v[0].kind, v[0].lots.len()),
            (ProcedureKind::AuctionTrading, 2)
        );
    }
}
