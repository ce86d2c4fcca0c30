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
    /// When the acceptance period began, Astana time; empty: not known (002 §36.7).
    pub period_start: String,
    /// A protocol was formed automatically during the failure (002 §49, 004 §29.4).
    pub protocol_formed: bool,
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
    pub period_start: Option<DateTime<Utc>>,
    pub protocol_formed: bool,
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
            // 002 §36.7 compares the whole acceptance period with the failure: a period
            // that starts after its own end is a typing error, not a period.
            let period_start = if p.period_start.trim().is_empty() {
                None
            } else {
                let t = crate::time::parse_astana(&p.period_start);
                match (t, deadline) {
                    (None, _) => c.fail(Field::ProcedurePeriodStart, Problem::DateTimeFormat),
                    (Some(s), Some(d)) if s > d => {
                        c.fail(Field::ProcedurePeriodStart, Problem::AfterDeadline)
                    }
                    _ => {}
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
                    period_start,
                    protocol_formed: p.protocol_formed,
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

    #[test]
    fn s36_7_the_period_start_is_read_and_one_after_the_deadline_is_named() {
        // 002 §36.7 needs the whole acceptance period; 002 §49 the protocol flag.
        let p = |start: &str| ProcedureInput {
            id: "7".into(),
            kind: "acceptance_end".into(),
            method: "auction".into(),
            deadline: "17.03.2026 12:00".into(),
            period_start: start.into(),
            protocol_formed: true,
            ..Default::default()
        };
        let v = ProcedureInput::validate_all(&[p("17.03.2026 10:30")]).expect("valid");
        assert_eq!(
            v[0].period_start,
            crate::time::parse_astana("17.03.2026 10:30")
        );
        assert!(v[0].protocol_formed);
        for (start, problem) in [
            ("17.03.2026 12:01", Problem::AfterDeadline),
            ("17.03.2026", Problem::DateTimeFormat),
        ] {
            let e = ProcedureInput::validate_all(&[p(start)]).expect_err(start);
            assert_eq!(
                (e[0].field, &e[0].problem),
                (Field::ProcedurePeriodStart, &problem)
            );
        }
    }
}
