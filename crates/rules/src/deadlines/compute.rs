//! The arithmetic of deadlines.md §3: every obligation whose trigger has happened, with
//! its due instant on its own clock and whether it was met in time.

use chrono::{DateTime, Duration, Utc};
use desk_vocab::EventKind;

use super::scenario::{Event, Scenario};
use crate::calendar::Calendar;
use crate::clock::{WorkClock, from_local, to_local};
use crate::ruleset::{self, ClockKind, ObligationRule, RuleSet, Trigger};

/// One computed obligation.
#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    pub id: &'static str,
    pub clause: &'static str,
    pub clock: &'static str,
    pub trigger: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub state: State,
    pub met_at: Option<DateTime<Utc>>,
    /// The event that meets it: what the journal's "done" button records.
    pub met_by: Option<EventKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Met,
    Late,
    Pending,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Met => "met",
            State::Late => "late",
            State::Pending => "pending",
        }
    }
}

fn applies(rule: &ObligationRule, confirmed: Option<&Event>) -> bool {
    if rule.when.criticality.is_empty() && rule.when.operator_fault.is_none() {
        return true;
    }
    let Some(c) = confirmed else { return false };
    let level_ok = rule.when.criticality.is_empty()
        || c.criticality
            .is_some_and(|l| rule.when.criticality.contains(&l));
    let fault_ok = rule
        .when
        .operator_fault
        .is_none_or(|f| f == c.operator_fault);
    level_ok && fault_ok
}

/// Every obligation of the scenario whose trigger has happened, in the order of
/// deadlines.md §3.
pub fn obligations(s: &Scenario) -> Vec<Obligation> {
    let calendar = s.calendar.as_ref().unwrap_or_else(|| Calendar::builtin());
    let clock = WorkClock {
        calendar,
        hours: s.rules.hours,
        round_the_clock: s.round_the_clock,
    };
    let registered = s.first(EventKind::Registered).map(|e| e.at);
    let confirmed = s.first(EventKind::Confirmed);
    let mut out = Vec::with_capacity(s.rules.obligations.len());
    let rules: &'static RuleSet = s.rules;
    for rule in rules.obligations.iter() {
        if !applies(rule, confirmed) {
            continue;
        }
        let trigger = match rule.trigger {
            Trigger::Received => Some(s.received_at),
            Trigger::Registered => registered,
            Trigger::Confirmed => confirmed.map(|e| e.at),
            Trigger::Refuted => s.first(EventKind::Refuted).map(|e| e.at),
            Trigger::Fixed => s.first(EventKind::Fixed).map(|e| e.at),
            // 002 §38: the fix clock of a problem reported several times runs from its
            // first registration; it starts only once the failure is confirmed.
            Trigger::Problem => confirmed.and(s.first_registered_at.or(registered)),
        };
        let Some(trigger) = trigger else { continue };
        let mut due = match rule.clock {
            ClockKind::Wt => clock.add_working(trigger, rule.minutes),
            ClockKind::Ct => trigger + Duration::minutes(rule.minutes),
            ClockKind::Wd => clock.working_days_after(trigger, rule.days),
            ClockKind::Eod => clock.end_of_working_day(trigger),
        };
        if rule.pausable {
            // 002 §38: waiting for the user's information extends the deadline by that
            // time, measured on the obligation's own clock. An open request leaves the
            // due as computed so far.
            for (from, to) in s.pauses() {
                let Some(to) = to else { continue };
                let from = from.max(trigger);
                if to <= from {
                    continue;
                }
                due = match rule.clock {
                    ClockKind::Ct => due + (to - from),
                    _ => {
                        let worked = clock.working_between(from, to);
                        if worked.is_zero() {
                            due
                        } else {
                            from_local(clock.add_working_local(to_local(due), worked))
                        }
                    }
                };
            }
        }
        let met_at = s
            .events
            .iter()
            .find(|e| rule.met_by.contains(&e.kind))
            .map(|e| e.at);
        let state = match met_at {
            Some(t) if t <= due => State::Met,
            Some(_) => State::Late,
            None => State::Pending,
        };
        out.push(Obligation {
            id: ruleset::ORDER
                .iter()
                .copied()
                .find(|x| *x == rule.id)
                .unwrap_or("unknown"),
            clause: rule.clause.as_str(),
            clock: rule.clock.label(),
            trigger,
            due,
            state,
            met_at,
            met_by: rule.met_by.first().copied(),
        });
    }
    out
}
