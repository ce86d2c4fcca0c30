//! The rules applied: how each procedure's deadline moves under a failure or planned works.

use chrono::{DateTime, Duration, Utc};
use desk_vocab::Criticality;

use desk_vocab::ProcedureKind as Kind;

use super::data::{ExtensionRules, Rule, Scope, Shift};
use super::types::{Failure, Maintenance, Outcome, Procedure, Reason, ShiftHow};
use crate::calendar::Calendar;
use crate::clock::{from_local, next_working_day_at, to_local};

/// Adds whole calendar days on Astana's wall clock, so the time of day survives the 2024
/// change of offset.
pub(crate) fn add_days(t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    from_local(to_local(t) + Duration::days(days))
}

impl Rule {
    fn matches(&self, f: &Failure, p: &Procedure) -> bool {
        self.names_method(p) && self.matches_any_method(f, p)
    }

    /// 002 §36.3, §37.4, §37.9–10, 000 §26.4, §26.9–10 name their procurement methods.
    fn names_method(&self, p: &Procedure) -> bool {
        self.methods
            .as_ref()
            .is_none_or(|ms| p.method.is_some_and(|m| ms.contains(&m)))
    }

    fn matches_any_method(&self, f: &Failure, p: &Procedure) -> bool {
        self.criticality.contains(&f.criticality)
            && self.kinds.contains(&p.kind)
            && self
                .decryption_impossible
                .is_none_or(|d| d == f.decryption_impossible)
            && self.protocol_formed.is_none_or(|x| x == p.protocol_formed)
    }

    fn reaches(&self, f: &Failure, p: &Procedure) -> bool {
        let on_failure_date = || {
            let d = to_local(p.deadline).date();
            to_local(f.started_at).date() <= d && d <= to_local(f.fixed_at).date()
        };
        match self.scope {
            Scope::Window => f.started_at <= p.deadline && p.deadline <= f.fixed_at,
            Scope::Date => on_failure_date(),
            Scope::Open => p.deadline > f.started_at,
            Scope::Closed => p.deadline <= f.started_at,
            // 002 §36.7 «техническим сбоем, превышающим срок приема заявок»: the period
            // began after the failure did and ended before the fix.
            Scope::Period => {
                p.period_start.is_some_and(|s| f.started_at <= s) && p.deadline <= f.fixed_at
            }
            Scope::DateFromStart => on_failure_date() && f.started_at <= p.deadline,
        }
    }

    /// The deadline this rule gives; `base` is the deciding rule's deadline, which only a
    /// floor rule (002 §49) builds on.
    fn apply(
        &self,
        f: &Failure,
        p: &Procedure,
        cal: &Calendar,
        base: DateTime<Utc>,
    ) -> (DateTime<Utc>, Option<ShiftHow>) {
        match self.shift {
            Shift::Outage => (p.deadline + f.outage(), Some(ShiftHow::Outage)),
            Shift::Days => (
                add_days(p.deadline, f.days()),
                Some(ShiftHow::Days(f.days())),
            ),
            Shift::OneDay => (add_days(p.deadline, 1), Some(ShiftHow::OneDay)),
            Shift::NextWorkingDay => (
                next_working_day_at(cal, f.fixed_at, p.deadline),
                Some(ShiftHow::NextWorkingDay),
            ),
            Shift::WorkingDaysAfterFix => {
                let fixed = to_local(f.fixed_at);
                let day = cal.nth_working_day_after(fixed.date(), self.n);
                (
                    from_local(day.and_time(fixed.time())),
                    Some(ShiftHow::WorkingDaysAfterFix(self.n)),
                )
            }
            // 000 §26.10 reopens acceptance «іркілісті жою уақытына сәйкес»: counted from
            // the fix, never an instant already past (deadlines.md §5 no. 4: the 1-CD floor).
            Shift::FixPlusOutage => (
                (f.fixed_at + f.outage()).max(add_days(f.fixed_at, 1)),
                Some(ShiftHow::FixPlusOutage),
            ),
            Shift::OneDayAfterLater => {
                let later = base.max(f.fixed_at);
                (add_days(later, 1), Some(ShiftHow::OneDayAfterLater(later)))
            }
            Shift::None => (p.deadline, None),
        }
    }
}

pub(crate) fn unmoved(p: &Procedure, clause: Option<String>, reason: Reason) -> Outcome {
    Outcome {
        extended: false,
        new_deadline: p.deadline,
        clause,
        annul_protocol: false,
        resubmit: false,
        reason,
        protocol_clause: None,
        guarded_from: None,
    }
}

/// The answer for one procedure under a confirmed failure.
pub fn extend(rules: &ExtensionRules, f: &Failure, p: &Procedure, cal: &Calendar) -> Outcome {
    // 002 §35 / 000 §24: a low failure moves no procurement deadline. ENERGY-366 names no
    // such clause: 004 §29.3 applies at every level.
    if f.criticality == Criticality::Low
        && let Some(clause) = &rules.low_clause
    {
        return unmoved(p, Some(clause.clone()), Reason::LowCriticality);
    }
    let candidates: Vec<&Rule> = rules.rule.iter().filter(|r| r.matches(f, p)).collect();
    let deciding = candidates.iter().find(|r| !r.floor && r.reaches(f, p));
    let mut out = match deciding {
        Some(r) => {
            let (mut new, how) = r.apply(f, p, cal, p.deadline);
            let mut guarded_from = None;
            if how.is_some() {
                // deadlines.md §4 guard: a moved deadline is never earlier than the
                // original nor than the fix; the clause that moved it still decides.
                new = new.max(p.deadline);
                if new < f.fixed_at {
                    guarded_from = Some(new);
                    new = f.fixed_at;
                }
            }
            let reason = match (r.shift, how) {
                (Shift::None, _) => Reason::AuctionExcepted,
                (_, how) => Reason::Moved(how),
            };
            Outcome {
                extended: new > p.deadline,
                new_deadline: new,
                clause: Some(r.clause.clone()),
                annul_protocol: r.annul_protocol,
                resubmit: r.resubmit,
                reason,
                protocol_clause: None,
                guarded_from,
            }
        }
        None => {
            // A clause that would reach the procedure but names other methods says why
            // it stays (a one-source acceptance under 002 §37.4).
            let other_method = rules
                .rule
                .iter()
                .find(|r| !r.floor && r.matches_any_method(f, p) && r.reaches(f, p));
            match (other_method, candidates.iter().find(|r| !r.floor)) {
                (Some(r), _) => unmoved(p, Some(r.clause.clone()), Reason::MethodNotNamed),
                (None, Some(r)) => unmoved(p, Some(r.clause.clone()), Reason::NotAffected),
                (None, None) => unmoved(p, None, Reason::NoRule),
            }
        }
    };
    // Rules applied on top of the deciding one: 002 §49 extends from the later of its
    // deadline and the fix and cancels the protocol; 004 §29.4 only cancels it.
    for r in candidates.iter().filter(|r| r.floor && r.reaches(f, p)) {
        let (new, how) = r.apply(f, p, cal, out.new_deadline);
        if new > out.new_deadline {
            out.new_deadline = new;
            out.extended = true;
            out.clause = Some(r.clause.clone());
            out.reason = Reason::Moved(how);
            out.guarded_from = None;
        }
        if r.annul_protocol {
            out.annul_protocol = true;
            if out.clause.as_deref() != Some(r.clause.as_str()) {
                out.protocol_clause = Some(r.clause.clone());
            }
        }
        out.resubmit |= r.resubmit;
    }
    out
}

/// The answer for one procedure under planned maintenance (002 §41, 000 §31): a deadline
/// of a listed kind whose date is a date of the works moves «с учетом периода проведения
/// работ» — by their length, but at least to the first working day after their last date
/// at the deadline's own time of day (by the length alone it could land inside them).
pub fn shift_for_maintenance(
    rule: &MaintenanceRuleView<'_>,
    m: &Maintenance,
    p: &Procedure,
    cal: &Calendar,
) -> Outcome {
    if !rule.kinds.contains(&p.kind) {
        return unmoved(p, None, Reason::NoRule);
    }
    let day = to_local(p.deadline).date();
    if day < to_local(m.starts_at).date() || to_local(m.ends_at).date() < day {
        return unmoved(p, Some(rule.clause.to_owned()), Reason::NotAffected);
    }
    let by_length = p.deadline + (m.ends_at - m.starts_at);
    let after_works = next_working_day_at(cal, m.ends_at, p.deadline);
    let (new, how) = if after_works > by_length {
        (after_works, ShiftHow::MaintenanceNextWorkingDay)
    } else {
        (by_length, ShiftHow::Maintenance)
    };
    Outcome {
        extended: new > p.deadline,
        new_deadline: new,
        clause: Some(rule.clause.to_owned()),
        annul_protocol: false,
        resubmit: false,
        reason: Reason::Moved(Some(how)),
        protocol_clause: None,
        guarded_from: None,
    }
}

/// A rule set's maintenance rule, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct MaintenanceRuleView<'a> {
    pub(crate) clause: &'a str,
    pub(crate) notice_days: i64,
    pub(crate) kinds: &'a [Kind],
}

impl ExtensionRules {
    pub(crate) fn maintenance(&self) -> Option<MaintenanceRuleView<'_>> {
        self.maintenance.as_ref().map(|m| MaintenanceRuleView {
            clause: &m.clause,
            notice_days: m.notice_days,
            kinds: &m.kinds,
        })
    }
}
