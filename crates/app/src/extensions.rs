//! The extension calculator from the appeal page: the confirmed failure comes from the
//! journal, the procedures from the specialist, and the typed answer (deadlines.md §4) is
//! attached to the appeal, append-only.

use chrono::{DateTime, SecondsFormat, Utc};
use desk_journal::time::ASTANA;
use desk_journal::time::to_astana_display;
use desk_journal::{Action, EventKind, Field, Problem, ProcedureInput};
use desk_rules::extensions::{self, Answer, Cause, Failure, Input, Procedure};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workflow::AppealDetail;
use crate::{AppError, Desk};

fn rfc3339_astana(t: DateTime<Utc>) -> String {
    t.with_timezone(&ASTANA)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The appeal page's extension form (deadlines.md §4 `failure` and `procedures`): what
/// the journal does not know about the failure and the procurements it touched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ExtensionForm {
    pub procedures: Vec<ProcedureInput>,
    /// Price offers could not be decrypted (002 §37.9–10, 000 §26.9–10).
    pub decryption_impossible: bool,
    /// When the failure began, Astana time `DD.MM.YYYY HH:MM`; empty: when the user
    /// detected it, else the receipt (000 §15.1, 002 §28.1).
    pub started_at: String,
}

/// What was asked, kept beside the answer in the journal (the `desk extensions` input,
/// so a supervisor can rerun it from the CLI).
fn input_record(
    rules: desk_journal::RuleSet,
    f: &Failure,
    operator_fault: bool,
    procedures: &[Procedure],
) -> String {
    let procs: Vec<serde_json::Value> = procedures
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "kind": p.kind,
                "method": p.method,
                "deadline": rfc3339_astana(p.deadline),
                "period_start": p.period_start.map(rfc3339_astana),
                "protocol_formed": p.protocol_formed,
                "announcement": p.announcement,
                "lots": p.lots,
            })
        })
        .collect();
    serde_json::json!({
        "rules": rules,
        "failure": {
            "criticality": f.criticality,
            "started_at": rfc3339_astana(f.started_at),
            "confirmed_at": f.confirmed_at.map(rfc3339_astana),
            "fixed_at": rfc3339_astana(f.fixed_at),
            "operator_fault": operator_fault,
            "decryption_impossible": f.decryption_impossible,
        },
        "procedures": procs,
    })
    .to_string()
}

impl Desk {
    /// Computes how the affected procurements' deadlines move after this confirmed
    /// failure (deadlines.md §4) and attaches the answer to the appeal. The failure comes
    /// from the journal: criticality from the triage, the end from the `fixed` event, the
    /// start from the form, else when the user detected it, else the receipt; the form
    /// adds what only the specialist knows (decryption, the periods, the protocols).
    pub fn compute_extensions(
        &mut self,
        appeal_id: &str,
        form: &ExtensionForm,
    ) -> Result<AppealDetail, AppError> {
        let procedures = &form.procedures;
        self.require(Action::Triage)?;
        let row = self.row(appeal_id)?;
        let events = self.store.events(appeal_id)?;
        let at = |k: EventKind| events.iter().find(|e| e.kind == k).map(|e| e.at);
        let mut c = desk_journal::Checker::default();
        if row.criticality.is_none() {
            c.fail(Field::Criticality, Problem::CriticalityRequired);
        }
        let fixed_at = at(EventKind::Fixed);
        if fixed_at.is_none() {
            // The outage is measured up to the fix (deadlines.md §4): nothing to compute yet.
            c.fail(Field::Event, Problem::FixNotRecorded);
        }
        let started_at = c
            .instant(Field::FailureStartedAt, &form.started_at, Utc::now(), false)
            .unwrap_or(row.detected_at.unwrap_or(row.received_at));
        if let Some(fixed) = fixed_at.filter(|f| started_at > *f) {
            // outage = fixed_at − started_at (deadlines.md §4) would be negative.
            c.fail(
                Field::FailureStartedAt,
                Problem::AfterFix {
                    fixed: to_astana_display(fixed),
                },
            );
        }
        let valid = ProcedureInput::validate_all(procedures);
        let mut errors = c.errors;
        if let Err(e) = &valid {
            errors.extend(e.iter().cloned());
        }
        let (Some(criticality), Some(fixed_at), Ok(valid), true) =
            (row.criticality, fixed_at, valid, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let failure = Failure {
            criticality,
            started_at,
            confirmed_at: at(EventKind::Confirmed),
            fixed_at,
            decryption_impossible: form.decryption_impossible,
        };
        let procedures: Vec<Procedure> = valid
            .into_iter()
            .map(|p| Procedure {
                id: p.id,
                kind: p.kind,
                method: p.method,
                deadline: p.deadline,
                period_start: p.period_start,
                protocol_formed: p.protocol_formed,
                announcement: p.announcement,
                lots: p.lots,
            })
            .collect();
        let record = input_record(
            row.rule_set,
            &failure,
            row.operator_fault.unwrap_or(false),
            &procedures,
        );
        let input = Input::new(row.rule_set, Cause::Failure(failure), procedures)
            .map_err(AppError::Calculator)?;
        let answer = extensions::answer(&input, self.language());
        let output = serde_json::to_string(&answer)
            .map_err(|e| desk_store::StoreError::Corrupt(format!("extension answer: {e}")))?;
        self.store
            .save_extensions(appeal_id, &record, &output, &self.actor, Utc::now())?;
        self.appeal_detail(appeal_id)
    }

    /// The latest answer attached to an appeal; one that no longer reads is `Corrupt`.
    pub(crate) fn latest_extensions(
        &self,
        appeal_id: &str,
    ) -> Result<Option<(DateTime<Utc>, Answer)>, AppError> {
        let Some((at, text)) = self.store.latest_extensions(appeal_id)? else {
            return Ok(None);
        };
        let answer: Answer = serde_json::from_str(&text).map_err(|e| {
            desk_store::StoreError::Corrupt(format!("extension answer of {appeal_id}: {e}"))
        })?;
        Ok(Some((at, answer)))
    }
}
