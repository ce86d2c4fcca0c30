//! A checked scenario: an appeal's receipt, its first registration and its events in
//! chronological order, under one rule set, with who reported it and the support hours in
//! force.

use chrono::{DateTime, Utc};
use desk_vocab::{Channel, Criticality, EventKind, FailureType, Source};

use crate::calendar::Calendar;
use crate::clock::{SupportMode, SupportPeriod};
use crate::ruleset::{self, RuleSet};
use crate::{InputError, Problem};

/// Something that happened to the appeal, as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// Set on `confirmed` (002 §33) and `reclassified`, required there.
    pub criticality: Option<Criticality>,
    /// Set on `confirmed`: the operator is at fault (002 §38). With a `failure_type` it
    /// must agree with it.
    pub operator_fault: bool,
    /// Set on `confirmed` or `reclassified` (002 §26); decides the operator's fault.
    pub failure_type: Option<FailureType>,
    /// Set on `decision_extended`: the decision's new due (003 App. 4 §1.5).
    pub until: Option<DateTime<Utc>>,
}

impl Event {
    pub fn new(kind: EventKind, at: DateTime<Utc>) -> Event {
        Event {
            kind,
            at,
            criticality: None,
            operator_fault: false,
            failure_type: None,
            until: None,
        }
    }

    /// The decision's due extended to `until` (003 App. 4 §1.5).
    pub fn decision_extended(at: DateTime<Utc>, until: DateTime<Utc>) -> Event {
        Event {
            until: Some(until),
            ..Event::new(EventKind::DecisionExtended, at)
        }
    }

    /// An edition-1 confirmation: the fault recorded as a flag.
    pub fn confirmed(at: DateTime<Utc>, criticality: Criticality, operator_fault: bool) -> Event {
        Event {
            kind: EventKind::Confirmed,
            at,
            criticality: Some(criticality),
            operator_fault,
            failure_type: None,
            until: None,
        }
    }

    /// A confirmation with its failure type: the operator is at fault exactly for the
    /// three `operator_*` types (002 §26, §38, last paragraph).
    pub fn confirmed_as(
        at: DateTime<Utc>,
        criticality: Criticality,
        failure_type: FailureType,
    ) -> Event {
        Event::confirmed(at, criticality, failure_type.operator_dependent())
            .with_failure_type(failure_type)
    }

    /// A change of a confirmed failure's level, and optionally of its type (deadlines.md
    /// §3.8); without a type the fault stays as it was.
    pub fn reclassified(
        at: DateTime<Utc>,
        criticality: Criticality,
        failure_type: Option<FailureType>,
    ) -> Event {
        Event {
            kind: EventKind::Reclassified,
            at,
            criticality: Some(criticality),
            operator_fault: failure_type.is_some_and(FailureType::operator_dependent),
            failure_type,
            until: None,
        }
    }

    /// Adds the failure type, keeping the recorded fault (which [`Scenario::new`] checks
    /// against it).
    pub fn with_failure_type(mut self, failure_type: FailureType) -> Event {
        self.failure_type = Some(failure_type);
        self
    }
}

/// One classification of the failure: its confirmation (round 1) or a reclassification.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Round {
    /// Index of its event in [`Scenario::events`].
    pub index: usize,
    pub at: DateTime<Utc>,
    pub criticality: Criticality,
    pub operator_fault: bool,
}

/// A checked `desk deadlines` input.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub rules: &'static RuleSet,
    /// Edition 1: round-the-clock support for the whole scenario.
    pub round_the_clock: bool,
    /// Dated support hours (000 §15, 002 §28), checked not to overlap.
    pub support_hours: Vec<SupportPeriod>,
    pub calendar: Option<Calendar>,
    /// Who raised the failure (002 §27); a user by default.
    pub source: Source,
    /// The information came through a monitoring channel (`monitoring`, `tool`,
    /// `system_log`): there is no user to notify (deadlines.md §3.7).
    pub monitoring_channel: bool,
    pub received_at: DateTime<Utc>,
    pub first_registered_at: Option<DateTime<Utc>>,
    /// In chronological order.
    pub events: Vec<Event>,
}

impl Scenario {
    /// Checks a history and orders it. Errors name the event by its index in `events`
    /// (`events[i].at`), which is also its index in a JSON input.
    ///
    /// Refused: an event before the receipt, a confirmation or reclassification without
    /// its level (002 §33), a fault that contradicts the failure type (002 §26, §38), a
    /// reclassification before any confirmation, an `info_received` with no open
    /// `info_requested` (002 §38), and `closed`, which the rules do not read (the journal
    /// leaves it out).
    pub fn new(
        rules: desk_vocab::RuleSet,
        received_at: DateTime<Utc>,
        first_registered_at: Option<DateTime<Utc>>,
        events: Vec<Event>,
    ) -> Result<Scenario, InputError> {
        let rules = ruleset::of(rules)
            .ok_or_else(|| InputError::new("rules", Problem::UnknownRuleSet(rules.to_string())))?;
        let mut indexed: Vec<(usize, Event)> = Vec::with_capacity(events.len());
        for (i, e) in events.into_iter().enumerate() {
            if !e.kind.drives_clocks() {
                return Err(InputError::event(
                    i,
                    "kind",
                    Problem::UnknownValue(e.kind.to_string()),
                ));
            }
            if e.at < received_at {
                return Err(InputError::event(i, "at", Problem::BeforeReceipt));
            }
            if e.kind == EventKind::DecisionExtended {
                // 003 App. 4 §1.5: only a rule set whose decision may be extended.
                if !rules
                    .obligations
                    .iter()
                    .any(|r| r.extendable_days.is_some())
                {
                    return Err(InputError::event(
                        i,
                        "kind",
                        Problem::UnknownValue(e.kind.to_string()),
                    ));
                }
                if e.until.is_none() {
                    return Err(InputError::event(i, "until", Problem::Missing));
                }
            }
            let classifies = matches!(e.kind, EventKind::Confirmed | EventKind::Reclassified);
            if classifies && e.criticality.is_none() {
                return Err(InputError::event(i, "criticality", Problem::Missing));
            }
            if classifies
                && e.failure_type
                    .is_some_and(|t| t.operator_dependent() != e.operator_fault)
            {
                return Err(InputError::event(
                    i,
                    "operator_fault",
                    Problem::OperatorFaultContradictsType,
                ));
            }
            indexed.push((i, e));
        }
        // Chronological order, input order for equal instants.
        indexed.sort_by_key(|(i, e)| (e.at, *i));
        let mut open_request = false;
        let mut confirmed = false;
        for (i, e) in &indexed {
            match e.kind {
                EventKind::InfoRequested => open_request = true,
                EventKind::InfoReceived if !open_request => {
                    return Err(InputError::event(*i, "kind", Problem::InfoWithoutRequest));
                }
                EventKind::InfoReceived => open_request = false,
                EventKind::Confirmed => confirmed = true,
                EventKind::Reclassified if !confirmed => {
                    return Err(InputError::event(*i, "kind", Problem::NotConfirmed));
                }
                _ => {}
            }
        }
        Ok(Scenario {
            rules,
            round_the_clock: false,
            support_hours: Vec::new(),
            calendar: None,
            source: Source::UserAppeal,
            monitoring_channel: false,
            received_at,
            first_registered_at,
            events: indexed.into_iter().map(|(_, e)| e).collect(),
        })
    }

    /// Who raised the failure (002 §27).
    pub fn with_source(mut self, source: Source) -> Scenario {
        self.source = source;
        self
    }

    /// How the information came (002 §20, §28).
    pub fn with_channel(mut self, channel: Channel) -> Scenario {
        self.monitoring_channel = channel == Channel::Monitoring;
        self
    }

    /// Edition 1's flag: one round-the-clock period covering everything.
    pub fn with_round_the_clock(mut self, round_the_clock: bool) -> Scenario {
        self.round_the_clock = round_the_clock;
        self
    }

    pub fn with_calendar(mut self, calendar: Calendar) -> Scenario {
        self.calendar = Some(calendar);
        self
    }

    /// Dated support hours (000 §15, 002 §28). Refused, naming `support_hours[i]`: a
    /// period that ends before it starts, extended hours that close before they open,
    /// and periods that overlap (which hours would apply is then unknown).
    pub fn with_support_hours(
        mut self,
        periods: Vec<SupportPeriod>,
    ) -> Result<Scenario, InputError> {
        for (i, p) in periods.iter().enumerate() {
            if p.to <= p.from {
                return Err(InputError::new(
                    format!("support_hours[{i}].to"),
                    Problem::PeriodEndsBeforeStart,
                ));
            }
            if let SupportMode::Extended { open, close } = p.mode
                && close <= open
            {
                return Err(InputError::new(
                    format!("support_hours[{i}].close"),
                    Problem::PeriodEndsBeforeStart,
                ));
            }
            if periods[..i].iter().any(|q| p.from < q.to && q.from < p.to) {
                return Err(InputError::new(
                    format!("support_hours[{i}].from"),
                    Problem::Overlap,
                ));
            }
        }
        self.support_hours = periods;
        Ok(self)
    }

    /// Whether a user appealed, so the duties owed to that user exist (002 §27–30,
    /// deadlines.md §3.7).
    pub fn owes_the_user(&self) -> bool {
        self.source == Source::UserAppeal && !self.monitoring_channel
    }

    pub(crate) fn first(&self, kind: EventKind) -> Option<&Event> {
        self.events.iter().find(|e| e.kind == kind)
    }

    pub(crate) fn first_index(&self, kind: EventKind) -> Option<usize> {
        self.events.iter().position(|e| e.kind == kind)
    }

    /// The confirmation and every reclassification after it, in order. A reclassification
    /// without a type keeps the fault as it was.
    pub(crate) fn rounds(&self) -> Vec<Round> {
        let mut out: Vec<Round> = Vec::new();
        for (index, e) in self.events.iter().enumerate() {
            let Some(criticality) = e.criticality else {
                continue;
            };
            let operator_fault = match (e.kind, out.last()) {
                (EventKind::Confirmed, None) => e.operator_fault,
                (EventKind::Reclassified, Some(prev)) => e
                    .failure_type
                    .map_or(prev.operator_fault, FailureType::operator_dependent),
                _ => continue,
            };
            out.push(Round {
                index,
                at: e.at,
                criticality,
                operator_fault,
            });
        }
        out
    }

    /// The request/answer intervals; an open request has no end.
    pub(crate) fn pauses(&self) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
        let mut out = Vec::new();
        let mut open: Option<DateTime<Utc>> = None;
        for e in &self.events {
            match e.kind {
                EventKind::InfoRequested if open.is_none() => open = Some(e.at),
                EventKind::InfoReceived => {
                    if let Some(from) = open.take() {
                        out.push((from, Some(e.at)));
                    }
                }
                _ => {}
            }
        }
        if let Some(from) = open {
            out.push((from, None));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_vocab::RuleSet as Set;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn an_event_before_the_receipt_is_refused_naming_the_event() {
        // A supervisor moved `received_at` past the registration: the history is refused,
        // never computed into an empty list.
        let err = Scenario::new(
            Set::Quasi1216,
            at("2026-03-10T15:00:00+05:00"),
            None,
            vec![Event::new(
                EventKind::Registered,
                at("2026-03-10T14:40:00+05:00"),
            )],
        )
        .expect_err("before receipt");
        assert_eq!(
            (err.field.as_str(), err.event, err.problem),
            ("events[0].at", Some(0), Problem::BeforeReceipt)
        );
    }

    #[test]
    fn info_received_needs_an_open_request_in_time_order() {
        // 002 §38: the pause runs from the request to the answer.
        let t = at("2026-03-10T15:00:00+05:00");
        let answer_first = vec![
            Event::new(EventKind::InfoRequested, t + chrono::Duration::hours(1)),
            Event::new(EventKind::InfoReceived, t),
        ];
        let err = Scenario::new(Set::Quasi1216, t, None, answer_first).expect_err("order");
        assert_eq!(err.problem, Problem::InfoWithoutRequest);
        assert_eq!(err.event, Some(1));
    }
}
