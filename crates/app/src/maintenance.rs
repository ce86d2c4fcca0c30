//! Planned maintenance as a supervisor records it (002 §40–41, 000 §30–31; issue 13 item
//! 2): the works (start, end, the order or plan agreeing them), when users were told, and
//! the procedures whose dates fall on them. Kept in the journal's audited
//! `planned_maintenance` setting (no schema change); each read computes the 2-CD notice
//! check, the moved deadlines and the home-page notice in Kazakh and Russian with the
//! extension calculator (deadlines.md §4.6), so the calendar in force decides.

use chrono::{DateTime, Utc};
use desk_journal::time::{parse_astana, to_astana_display};
use desk_journal::{Action, Checker, Field, Problem, ProcedureInput, RuleSet};
use desk_rules::extensions::{self, Answer, Cause, Input, Maintenance, Procedure};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Desk};

/// The setting holding the recorded works, as JSON.
const PLANNED_MAINTENANCE: &str = "planned_maintenance";

/// The form: instants in Astana time `DD.MM.YYYY HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MaintenanceForm {
    /// QUASI-1216 (002 §41) or GZ-627 (000 §31).
    pub rule_set: String,
    pub starts_at: String,
    pub ends_at: String,
    /// When users were told; empty: not yet.
    pub announced_at: String,
    /// The approved plan or order agreeing the works (002 §40, 000 §30).
    pub order: String,
    pub procedures: Vec<ProcedureInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    rule_set: RuleSet,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    announced_at: Option<DateTime<Utc>>,
    order: String,
    procedures: Vec<ProcedureInput>,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

/// Recorded works as the supervisor panel and `desk settings maintenance list` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaintenanceView {
    pub rule_set: RuleSet,
    pub starts_at_astana: String,
    pub ends_at_astana: String,
    pub announced_at_astana: Option<String>,
    pub order: String,
    pub recorded_by: String,
    pub recorded_at_astana: String,
    /// The calculator's answer: the notice check, the announcement duty, the home-page
    /// notice (kk, ru) and each procedure's deadline.
    pub answer: Answer,
}

fn stored(setting: Option<&str>) -> Vec<Stored> {
    let Some(s) = setting else {
        return Vec::new();
    };
    serde_json::from_str(s).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the planned_maintenance setting cannot be read");
        Vec::new()
    })
}

/// An Astana instant that may lie in the future (planned works).
fn planned(c: &mut Checker, field: Field, value: &str) -> Option<DateTime<Utc>> {
    if value.trim().is_empty() {
        c.fail(field, Problem::Required);
        return None;
    }
    let t = parse_astana(value);
    if t.is_none() {
        c.fail(field, Problem::DateTimeFormat);
    }
    t
}

fn procedures(valid: Vec<desk_journal::ValidProcedure>) -> Vec<Procedure> {
    valid
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
        .collect()
}

impl Desk {
    fn maintenance_view(&self, s: &Stored) -> Result<MaintenanceView, AppError> {
        let valid = ProcedureInput::validate_all(&s.procedures).map_err(AppError::Invalid)?;
        let cause = Cause::Maintenance(Maintenance {
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            announced_at: s.announced_at,
        });
        let input =
            Input::new(s.rule_set, cause, procedures(valid)).map_err(AppError::Calculator)?;
        Ok(MaintenanceView {
            rule_set: s.rule_set,
            starts_at_astana: to_astana_display(s.starts_at),
            ends_at_astana: to_astana_display(s.ends_at),
            announced_at_astana: s.announced_at.map(to_astana_display),
            order: s.order.clone(),
            recorded_by: s.recorded_by.clone(),
            recorded_at_astana: to_astana_display(s.recorded_at),
            answer: extensions::answer(&input, self.language()),
        })
    }

    /// The recorded works, earliest first.
    pub fn planned_maintenance(&self) -> Result<Vec<MaintenanceView>, AppError> {
        let setting = self.store.setting(PLANNED_MAINTENANCE)?;
        let mut all = stored(setting.as_deref());
        all.sort_by_key(|s| s.starts_at);
        all.iter().map(|s| self.maintenance_view(s)).collect()
    }

    /// A supervisor records planned works (002 §40–41, 000 §30–31). Refused, naming the
    /// field, when the form is incomplete, the works end before they start, or the rule
    /// set has no maintenance clause. The change is audited like every setting.
    pub fn add_planned_maintenance(
        &mut self,
        form: &MaintenanceForm,
    ) -> Result<Vec<MaintenanceView>, AppError> {
        self.require(Action::ChangeSettings)?;
        let mut c = Checker::default();
        let rule_set = c.coded(
            Field::MaintenanceRuleSet,
            &form.rule_set,
            RuleSet::from_code,
            true,
        );
        if let Some(r) = rule_set
            && extensions::maintenance_clause(r).is_none()
        {
            c.fail(
                Field::MaintenanceRuleSet,
                Problem::UnknownValue(r.label(self.language())),
            );
        }
        let starts_at = planned(&mut c, Field::MaintenanceStart, &form.starts_at);
        let ends_at = planned(&mut c, Field::MaintenanceEnd, &form.ends_at);
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            c.fail(Field::MaintenanceEnd, Problem::EndsBeforeStart);
        }
        let announced_at = c.instant(
            Field::MaintenanceAnnouncedAt,
            &form.announced_at,
            Utc::now(),
            false,
        );
        let order = c.required(Field::MaintenanceOrder, &form.order, 500);
        let mut errors = c.errors;
        if let Err(e) = ProcedureInput::validate_all(&form.procedures) {
            errors.extend(e);
        }
        let (Some(rule_set), Some(starts_at), Some(ends_at), true) =
            (rule_set, starts_at, ends_at, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let mut all = stored(self.store.setting(PLANNED_MAINTENANCE)?.as_deref());
        all.push(Stored {
            rule_set,
            starts_at,
            ends_at,
            announced_at,
            order,
            procedures: form.procedures.clone(),
            recorded_by: self.actor.user.clone(),
            recorded_at: Utc::now(),
        });
        let value = serde_json::to_string(&all)
            .map_err(|e| desk_store::StoreError::Corrupt(format!("planned maintenance: {e}")))?;
        self.store
            .set_setting(PLANNED_MAINTENANCE, &value, &self.actor)?;
        self.planned_maintenance()
    }
}
