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
        self.criticality.contains(&f.criticality)
            && self.kinds.contains(&p.kind)
            && self
                .methods
                .as_ref()
                .is_none_or(|ms| p.method.is_some_and(|m| ms.contains(&m)))
            && self
                .decryption_impossible
                .is_none_or(|d| d == f.decryption_impossible)
            && self.protocol_formed.is_none_or(|x| x == p.protocol_formed)
    }

    fn reaches(&self, f: &Failure, p: &Procedure) -> bool {
        match self.scope {
            Scope::Window => f.started_at <= p.deadline && p.deadline <= f.fixed_at,
            Scope::Date => {
                let d = to_local(p.deadline).date();
                to_local(f.started_at).date() <= d && d <= to_local(f.fixed_at).date()
            }
            Scope::Open => p.deadline > f.started_at,
            Scope::Closed => p.deadline <= f.started_at,
        }
    }

    fn apply(
        &self,
        f: &Failure,
        p: &Procedure,
        cal: &Calendar,
    ) -> (DateTime<Utc>, Option<ShiftHow>) {
        let moved = match self.shift {
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
            Shift::None => (p.deadline, None),
        };
        // A move never brings a deadline forward, whatever a data file says.
        (moved.0.max(p.deadline), moved.1)
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
    }
}

/// The answer for one procedure under a confirmed failure.
pub fn extend(rules: &ExtensionRules, f: &Failure, p: &Procedure, cal: &Calendar) -> Outcome {
    // 002 §35 / 000 §24: a low failure moves no procurement deadline.
    if f.criticality == Criticality::Low {
        return unmoved(p, Some(rules.low_clause.clone()), Reason::LowCriticality);
    }
    let candidates: Vec<&Rule> = rules.rule.iter().filter(|r| r.matches(f, p)).collect();
    let deciding = candidates.iter().find(|r| !r.floor && r.reaches(f, p));
    let mut out = match deciding {
        Some(r) => {
            let (new, how) = r.apply(f, p, cal);
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
            }
        }
        None => match candidates.iter().find(|r| !r.floor) {
            Some(r) => unmoved(p, Some(r.clause.clone()), Reason::NotAffected),
            None => unmoved(p, None, Reason::NoRule),
        },
    };
    // 002 §49 is a lower bound: the later deadline decides and names its clause; the
    // other clause still appears in the explanation of the cancelled protocol.
    for r in candidates.iter().filter(|r| r.floor && r.reaches(f, p)) {
        let (new, how) = r.apply(f, p, cal);
        if new > out.new_deadline {
            out.protocol_clause = out.clause.take();
            out.new_deadline = new;
            out.extended = true;
            out.clause = Some(r.clause.clone());
            out.reason = Reason::Moved(how);
        }
        if r.annul_protocol {
            out.annul_protocol = true;
            if out.clause.as_deref() != Some(r.clause.as_str()) {
                out.protocol_clause = Some(r.clause.clone());
            }
        }
        out.resubmit |= r.resubmit;
    }
    if out.clause.as_deref() == out.protocol_clause.as_deref() {
        out.protocol_clause = None;
    }
    out
}

/// The answer for one procedure under planned maintenance (002 §41, 000 §31): a deadline
/// of a listed kind inside the works moves by their duration.
pub fn shift_for_maintenance(
    rule: &MaintenanceRuleView<'_>,
    m: &Maintenance,
    p: &Procedure,
) -> Outcome {
    let inside = m.starts_at <= p.deadline && p.deadline <= m.ends_at;
    if !rule.kinds.contains(&p.kind) {
        return unmoved(p, None, Reason::NoRule);
    }
    if !inside {
        return unmoved(p, Some(rule.clause.to_owned()), Reason::NotAffected);
    }
    let new = p.deadline + (m.ends_at - m.starts_at);
    Outcome {
        extended: new > p.deadline,
        new_deadline: new,
        clause: Some(rule.clause.to_owned()),
        annul_protocol: false,
        resubmit: false,
        reason: Reason::Moved(Some(ShiftHow::Maintenance)),
        protocol_clause: None,
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
