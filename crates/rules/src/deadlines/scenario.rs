//! A checked scenario: an appeal's receipt, its first registration and its events in
//! chronological order, under one rule set.

use chrono::{DateTime, Utc};
use desk_vocab::{Criticality, EventKind};

use crate::calendar::Calendar;
use crate::ruleset::{self, RuleSet};
use crate::{InputError, Problem};

/// Something that happened to the appeal, as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// Set on `confirmed` (002 §33), required there.
    pub criticality: Option<Criticality>,
    /// Set on `confirmed`: the operator is at fault (002 §38).
    pub operator_fault: bool,
}

impl Event {
    pub fn new(kind: EventKind, at: DateTime<Utc>) -> Event {
        Event {
            kind,
            at,
            criticality: None,
            operator_fault: false,
        }
    }

    pub fn confirmed(at: DateTime<Utc>, criticality: Criticality, operator_fault: bool) -> Event {
        Event {
            kind: EventKind::Confirmed,
            at,
            criticality: Some(criticality),
            operator_fault,
        }
    }
}

/// A checked `desk deadlines` input.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub rules: &'static RuleSet,
    pub round_the_clock: bool,
    pub calendar: Option<Calendar>,
    pub received_at: DateTime<Utc>,
    pub first_registered_at: Option<DateTime<Utc>>,
    /// In chronological order.
    pub events: Vec<Event>,
}

impl Scenario {
    /// Checks a history and orders it. Errors name the event by its index in `events`
    /// (`events[i].at`), which is also its index in a JSON input.
    ///
    /// Refused: an event before the receipt, a confirmation without its level (002 §33),
    /// an `info_received` with no open `info_requested` (002 §38), and `closed`, which
    /// the rules do not read (the journal leaves it out).
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
            if e.kind == EventKind::Confirmed && e.criticality.is_none() {
                return Err(InputError::event(i, "criticality", Problem::Missing));
            }
            indexed.push((i, e));
        }
        // Chronological order, input order for equal instants.
        indexed.sort_by_key(|(i, e)| (e.at, *i));
        let mut open_request = false;
        for (i, e) in &indexed {
            match e.kind {
                EventKind::InfoRequested => open_request = true,
                EventKind::InfoReceived if !open_request => {
                    return Err(InputError::event(*i, "kind", Problem::InfoWithoutRequest));
                }
                EventKind::InfoReceived => open_request = false,
                _ => {}
            }
        }
        Ok(Scenario {
            rules,
            round_the_clock: false,
            calendar: None,
            received_at,
            first_registered_at,
            events: indexed.into_iter().map(|(_, e)| e).collect(),
        })
    }

    pub(crate) fn first(&self, kind: EventKind) -> Option<&Event> {
        self.events.iter().find(|e| e.kind == kind)
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
