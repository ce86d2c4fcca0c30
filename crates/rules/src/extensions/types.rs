//! What the calculator reads (a failure or planned works, and the procedures) and what it
//! answers for each procedure.

use chrono::{DateTime, Duration, Utc};
use desk_vocab::{AcceptanceMethod as Method, Criticality, ProcedureKind as Kind};

use super::data::{self, ExtensionRules};
use crate::calendar::Calendar;
use crate::clock::{Hours, WorkClock};
use crate::{InputError, Problem, ruleset};

#[derive(Debug, Clone)]
pub struct Failure {
    pub criticality: Criticality,
    pub started_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub fixed_at: DateTime<Utc>,
    pub decryption_impossible: bool,
}

impl Failure {
    pub(crate) fn outage(&self) -> Duration {
        self.fixed_at - self.started_at
    }

    /// deadlines.md §4: `max(1, ceil(outage / 24 h))` calendar days.
    pub(crate) fn days(&self) -> i64 {
        let secs = self.outage().num_seconds();
        ((secs + 86_399) / 86_400).max(1)
    }
}

#[derive(Debug, Clone)]
pub struct Maintenance {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub announced_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub enum Cause {
    Failure(Failure),
    Maintenance(Maintenance),
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: String,
    pub kind: Kind,
    pub method: Option<Method>,
    pub deadline: DateTime<Utc>,
    /// When the acceptance period began: a period wholly inside the failure moves by
    /// 002 §36.7.
    pub period_start: Option<DateTime<Utc>>,
    /// An opening/results protocol was already formed during the failure (002 §49,
    /// 004 §29.4).
    pub protocol_formed: bool,
    pub announcement: Option<String>,
    pub lots: Vec<String>,
}

/// A checked `desk extensions` input.
#[derive(Debug, Clone)]
pub struct Input {
    pub(crate) rules: &'static ExtensionRules,
    pub(crate) hours: Hours,
    /// Round-the-clock support (deadlines.md §3): working time is calendar time.
    pub round_the_clock: bool,
    /// Overrides of the built-in calendar (deadlines.md §1).
    pub calendar: Option<Calendar>,
    pub cause: Cause,
    pub procedures: Vec<Procedure>,
}

/// Why a procedure's deadline moved or stayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Moved(Option<ShiftHow>),
    LowCriticality,
    NotAffected,
    AuctionExcepted,
    /// The clause that reaches the deadline names other procurement methods.
    MethodNotNamed,
    NoRule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftHow {
    Outage,
    Days(i64),
    OneDay,
    NextWorkingDay,
    WorkingDaysAfterFix(u32),
    Maintenance,
    /// Planned works: the first working day after their last date (002 §41, 000 §31).
    MaintenanceNextWorkingDay,
    /// 002 §49: 1 CD from the later of the deciding rule's deadline and the fix.
    OneDayAfterLater(DateTime<Utc>),
    /// 000 §26.10: `fixed_at + max(outage, 1 CD)`.
    FixPlusOutage,
}

/// The answer for one procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub extended: bool,
    pub new_deadline: DateTime<Utc>,
    pub clause: Option<String>,
    pub annul_protocol: bool,
    pub resubmit: bool,
    pub reason: Reason,
    /// 002 §49 when a formed protocol is cancelled on top of the deciding rule.
    pub protocol_clause: Option<String>,
    /// deadlines.md §4 guard: the instant the rule alone gave, before the fix.
    pub guarded_from: Option<DateTime<Utc>>,
}

impl Input {
    /// Checks a calculation. Refused: a rule set without extension rules (deadlines.md §4
    /// names QUASI-1216, GZ-627 and ENERGY-366), a fix or a confirmation before the
    /// failure began, works that end before they start, an acceptance stage without its
    /// method, an acceptance period that starts after its deadline.
    pub fn new(
        set: desk_vocab::RuleSet,
        cause: Cause,
        procedures: Vec<Procedure>,
    ) -> Result<Input, InputError> {
        let base = ruleset::of(set)
            .ok_or_else(|| InputError::new("rules", Problem::UnknownRuleSet(set.to_string())))?;
        let rules = data::find(set)
            .ok_or_else(|| InputError::new("rules", Problem::NoExtensionRules(set.to_string())))?;
        match &cause {
            Cause::Failure(f) => {
                if f.fixed_at < f.started_at {
                    return Err(InputError::new(
                        "failure.fixed_at",
                        Problem::FixedBeforeStart,
                    ));
                }
                if f.confirmed_at.is_some_and(|c| c < f.started_at) {
                    return Err(InputError::new(
                        "failure.confirmed_at",
                        Problem::ConfirmedBeforeStart,
                    ));
                }
            }
            Cause::Maintenance(m) if m.ends_at < m.starts_at => {
                return Err(InputError::new(
                    "maintenance.ends_at",
                    Problem::EndsBeforeStart,
                ));
            }
            Cause::Maintenance(_) => {}
        }
        if let Some(i) = procedures
            .iter()
            .position(|p| p.kind.needs_method() && p.method.is_none())
        {
            return Err(InputError::new(
                format!("procedures[{i}].method"),
                Problem::Missing,
            ));
        }
        if let Some(i) = procedures
            .iter()
            .position(|p| p.period_start.is_some_and(|s| s > p.deadline))
        {
            return Err(InputError::new(
                format!("procedures[{i}].period_start"),
                Problem::PeriodEndsBeforeStart,
            ));
        }
        Ok(Input {
            rules,
            hours: base.hours,
            round_the_clock: false,
            calendar: None,
            cause,
            procedures,
        })
    }

    pub(crate) fn calendar(&self) -> &Calendar {
        self.calendar
            .as_ref()
            .unwrap_or_else(|| Calendar::builtin())
    }

    pub(crate) fn clock(&self) -> WorkClock<'_> {
        WorkClock {
            calendar: self.calendar(),
            hours: self.hours,
            round_the_clock: self.round_the_clock,
        }
    }
}
