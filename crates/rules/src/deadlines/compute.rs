//! The arithmetic of deadlines.md §3: every obligation whose trigger has happened, with
//! its due instant on its own clock and whether it was met in time.

use chrono::{DateTime, Duration, Utc};
use desk_vocab::EventKind;

use super::scenario::{Round, Scenario};
use crate::calendar::Calendar;
use crate::clock::{SupportClock, WorkClock, from_local, to_local};
use crate::ruleset::{self, ClockKind, ObligationRule, Trigger};

/// One computed obligation.
#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    pub id: &'static str,
    pub clause: &'static str,
    pub clock: &'static str,
    pub trigger: DateTime<Utc>,
    /// `None` only for a paused fix (deadlines.md §3.9).
    pub due: Option<DateTime<Utc>>,
    pub state: State,
    pub met_at: Option<DateTime<Utc>>,
    /// The event that meets it: what the journal's "done" button records.
    pub met_by: Option<EventKind>,
    /// On a paused fix: what was left on its own clock when the pause began.
    pub remaining_minutes: Option<i64>,
    /// Once the failure has been reclassified: the classification (1 = the confirmation,
    /// 2 = after the first reclassification, …) this obligation was computed from.
    pub round: Option<u32>,
    /// The rule's length on its clock (minutes for WT/CT, days for WD): what the
    /// journal shows as the reading beside the due ("immediately — within 15 min").
    pub minutes: i64,
    pub days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Met,
    Late,
    Pending,
    /// The fix while requested information is awaited: never overdue (002 §38).
    Paused,
    /// Not met when the failure was reclassified; the new level owes it no more, or owes
    /// it again as a later round (deadlines.md §3.8).
    Superseded,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Met => "met",
            State::Late => "late",
            State::Pending => "pending",
            State::Paused => "paused",
            State::Superseded => "superseded",
        }
    }
}

/// Whether a rule's conditions hold for a classification; rules without conditions hold
/// always.
fn applies(rule: &ObligationRule, round: Option<&Round>) -> bool {
    if rule.when.criticality.is_empty() && rule.when.operator_fault.is_none() {
        return true;
    }
    let Some(r) = round else { return false };
    let level_ok =
        rule.when.criticality.is_empty() || rule.when.criticality.contains(&r.criticality);
    let fault_ok = rule
        .when
        .operator_fault
        .is_none_or(|f| f == r.operator_fault);
    level_ok && fault_ok
}

/// Whether a rule depends on the failure's classification (so it carries a `round`).
fn classified(rule: &ObligationRule) -> bool {
    rule.trigger == Trigger::Confirmed
        || !rule.when.criticality.is_empty()
        || rule.when.operator_fault.is_some()
}

struct Context<'a> {
    s: &'a Scenario,
    clock: SupportClock<'a>,
    rounds: Vec<Round>,
}

impl Context<'_> {
    fn due(&self, rule: &ObligationRule, trigger: DateTime<Utc>) -> DateTime<Utc> {
        match rule.clock {
            ClockKind::Wt => self.clock.add_working(trigger, rule.minutes),
            ClockKind::Ct => trigger + Duration::minutes(rule.minutes),
            ClockKind::Wd => self.clock.working_days_after(trigger, rule.days),
            ClockKind::Eod => self.clock.end_of_working_day(trigger),
        }
    }

    /// `due` as the latest `decision_extended` recorded before it ran out moved it
    /// (003 App. 4 §1.5): never earlier, and by at most the rule's calendar days.
    fn extended(&self, rule: &ObligationRule, due: DateTime<Utc>) -> DateTime<Utc> {
        let Some(days) = rule.extendable_days else {
            return due;
        };
        self.s
            .events
            .iter()
            .filter(|e| e.kind == EventKind::DecisionExtended && e.at <= due)
            .filter_map(|e| e.until)
            .next_back()
            .map_or(due, |until| until.min(due + Duration::days(days)).max(due))
    }

    /// The first event of `events[from..to]` that meets the rule.
    fn met_in(&self, rule: &ObligationRule, from: usize, to: usize) -> Option<DateTime<Utc>> {
        self.s
            .events
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .find(|e| rule.met_by.contains(&e.kind))
            .map(|e| e.at)
    }

    /// `due` moved later by `from … to` measured on the rule's own clock (002 §38).
    fn extend(
        &self,
        rule: &ObligationRule,
        due: DateTime<Utc>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DateTime<Utc> {
        if to <= from {
            return due;
        }
        match rule.clock {
            ClockKind::Ct => due + (to - from),
            _ => {
                let worked = self.clock.working_between(from, to);
                if worked.is_zero() {
                    due
                } else {
                    from_local(self.clock.add_working_local(to_local(due), worked))
                }
            }
        }
    }

    /// What is left of `due` from `from` on the rule's own clock, in whole minutes.
    fn remaining(&self, rule: &ObligationRule, from: DateTime<Utc>, due: DateTime<Utc>) -> i64 {
        let left = match rule.clock {
            ClockKind::Ct => due - from,
            _ => self.clock.working_between(from, due),
        };
        left.num_minutes().max(0)
    }

    fn entry(
        &self,
        rule: &'static ObligationRule,
        trigger: DateTime<Utc>,
        due: Option<DateTime<Utc>>,
        state: State,
        met_at: Option<DateTime<Utc>>,
    ) -> Obligation {
        Obligation {
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
            remaining_minutes: None,
            round: None,
            minutes: rule.minutes,
            days: rule.days,
        }
    }

    fn judged(
        &self,
        rule: &'static ObligationRule,
        trigger: DateTime<Utc>,
        due: DateTime<Utc>,
        met_at: Option<DateTime<Utc>>,
    ) -> Obligation {
        let state = match met_at {
            Some(t) if t <= due => State::Met,
            Some(_) => State::Late,
            None => State::Pending,
        };
        self.entry(rule, trigger, Some(due), state, met_at)
    }

    /// A duty triggered by a classification, once per round it applies in (deadlines.md
    /// §3.8): each round is met by the first event after its own trigger and before the
    /// next reclassification; not met by then, it is superseded. Round 1 keeps edition 1's
    /// reading: any event of the history meets it.
    fn per_round(&self, rule: &'static ObligationRule, out: &mut Vec<(usize, Obligation)>) {
        for (r, round) in self.rounds.iter().enumerate() {
            if !applies(rule, Some(round)) {
                continue;
            }
            let from = if r == 0 { 0 } else { round.index + 1 };
            let next = self.rounds.get(r + 1).map(|n| n.index);
            let to = next.unwrap_or(self.s.events.len());
            let due = self.due(rule, round.at);
            let met_at = self.met_in(rule, from, to);
            let mut o = self.judged(rule, round.at, due, met_at);
            if met_at.is_none() && next.is_some() {
                o.state = State::Superseded;
            }
            o.round = Some(r as u32 + 1);
            out.push((r, o));
        }
    }

    /// The classification in force for a duty computed once (the fix, the report): the
    /// last one before the fix, else the latest.
    fn governing(&self) -> Option<usize> {
        let fixed = self.s.first_index(EventKind::Fixed);
        if self.rounds.is_empty() {
            return None;
        }
        // A fix recorded before the confirmation is judged on the confirmation.
        Some(
            self.rounds
                .iter()
                .rposition(|r| fixed.is_none_or(|f| r.index < f))
                .unwrap_or(0),
        )
    }

    /// The fix (002 §38), listed once: its trigger is the problem's first registration,
    /// its duration the level in force. A level that no longer owes a fix leaves the
    /// earlier one superseded.
    fn fix(&self, rules: &[&'static ObligationRule], trigger: DateTime<Utc>) -> Option<Obligation> {
        let g = self.governing()?;
        let (round, rule) = match rules.iter().find(|r| applies(r, self.rounds.get(g))) {
            Some(rule) => (g, *rule),
            None => {
                let (r, rule) = (0..g).rev().find_map(|r| {
                    rules
                        .iter()
                        .find(|rule| applies(rule, self.rounds.get(r)))
                        .map(|rule| (r, *rule))
                })?;
                let mut o = self.entry(
                    rule,
                    trigger,
                    Some(self.due(rule, trigger)),
                    State::Superseded,
                    None,
                );
                o.round = Some(r as u32 + 1);
                return Some(o);
            }
        };
        let met_at = self.met_in(rule, 0, self.s.events.len());
        let mut due = self.due(rule, trigger);
        let mut paused_from = None;
        if rule.pausable {
            // 002 §38: waiting for the user's information extends the deadline by that
            // time, measured on the obligation's own clock. A request still open pauses
            // the fix; one left open when the failure was fixed ended with the fix.
            for (from, to) in self.s.pauses() {
                let from = from.max(trigger);
                match to.or(met_at.filter(|m| *m >= from)) {
                    Some(to) => due = self.extend(rule, due, from, to),
                    None if met_at.is_none() => paused_from = Some(from),
                    None => {}
                }
            }
        }
        let mut o = match paused_from {
            Some(from) => {
                let mut o = self.entry(rule, trigger, None, State::Paused, None);
                o.remaining_minutes = Some(self.remaining(rule, from, due));
                o
            }
            None => self.judged(rule, trigger, due, met_at),
        };
        o.round = Some(round as u32 + 1);
        Some(o)
    }
}

/// Every obligation of the scenario whose trigger has happened, in the order of
/// deadlines.md §3.
pub fn obligations(s: &Scenario) -> Vec<Obligation> {
    let calendar = s.calendar.as_ref().unwrap_or_else(|| Calendar::builtin());
    let base = WorkClock {
        calendar,
        hours: s.rules.hours,
        round_the_clock: s.round_the_clock,
    };
    let cx = Context {
        s,
        clock: base.with_support(&s.support_hours),
        rounds: s.rounds(),
    };
    let reclassified = cx.rounds.len() > 1;
    let registered = s.first(EventKind::Registered).map(|e| e.at);
    let owes_the_user = s.owes_the_user();
    let mut out = Vec::with_capacity(s.rules.obligations.len());
    for id in ruleset::ORDER {
        let rules: Vec<&'static ObligationRule> = s
            .rules
            .obligations
            .iter()
            .filter(|r| r.id == *id && (owes_the_user || !r.to_user))
            .collect();
        let Some(first) = rules.first() else { continue };
        let mut entries: Vec<(usize, Obligation)> = Vec::new();
        match first.trigger {
            Trigger::Confirmed => {
                for rule in &rules {
                    cx.per_round(rule, &mut entries);
                }
            }
            // 002 §38: the fix clock of a problem reported several times runs from its
            // first registration; it starts only once the failure is confirmed.
            Trigger::Problem => {
                if let Some(trigger) = s.first_registered_at.or(registered)
                    && let Some(o) = cx.fix(&rules, trigger)
                {
                    entries.push((0, o));
                }
            }
            _ => {
                let round = cx.governing();
                for rule in &rules {
                    if !applies(rule, round.and_then(|g| cx.rounds.get(g))) {
                        continue;
                    }
                    let trigger = match rule.trigger {
                        Trigger::Received => Some(s.received_at),
                        Trigger::Registered => registered,
                        Trigger::Refuted => s.first(EventKind::Refuted).map(|e| e.at),
                        Trigger::Fixed => s.first(EventKind::Fixed).map(|e| e.at),
                        Trigger::Confirmed | Trigger::Problem => None,
                    };
                    let Some(trigger) = trigger else { continue };
                    let met_at = cx.met_in(rule, 0, s.events.len());
                    let due = cx.extended(rule, cx.due(rule, trigger));
                    let mut o = cx.judged(rule, trigger, due, met_at);
                    if classified(rule) {
                        o.round = round.map(|g| g as u32 + 1);
                    }
                    entries.push((0, o));
                }
            }
        }
        // Rounds of one id follow each other (deadlines.md §3.8).
        entries.sort_by_key(|(r, _)| *r);
        out.extend(entries.into_iter().map(|(_, mut o)| {
            if !reclassified {
                o.round = None;
            }
            o
        }));
    }
    out
}
