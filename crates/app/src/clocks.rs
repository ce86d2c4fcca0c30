//! The regulatory clocks of an appeal: its stored history turned into a typed scenario
//! for the rules engine (deadlines.md §3), and the answer turned into what the appeal
//! page, the journal's "next due" column and the reports show.
//!
//! A history the rules refuse (e.g. a supervisor corrected `received_at` to a time after
//! the registration) is never an empty list of obligations: the appeal page shows why,
//! and the journal keeps the appeal due since its receipt, so it stays in the overdue
//! filter, the alerts and the reports until someone puts the history right.

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_journal::{AppealRow, EventKind, Status};
use desk_rules::clock::SupportPeriod;
use desk_rules::deadlines::{self, Event, Scenario, State};
use desk_rules::{InputError, Problem};
use desk_store::{ClockInputs, EventRow};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ObligationState {
    Met,
    Late,
    Pending,
    /// The fix while requested information is awaited (002 §38): no due, never overdue.
    Paused,
    /// Not met when the failure was reclassified (deadlines.md §3.8): no longer judged.
    Superseded,
    /// Not done when the appeal was closed (issue 19 item 2: closed with the reason the
    /// history keeps): no longer counted down, never overdue, until a reopening.
    Closed,
}

/// One regulatory duty of an appeal with its clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Obligation {
    /// `register`, `send_incident_id`, … (deadlines.md §3).
    pub id: String,
    /// The clause it comes from, e.g. `002 §29`.
    pub clause: String,
    /// `WT`, `CT`, `WD` or `NWD`.
    pub clock: String,
    /// `None` only while the fix is paused.
    pub due: Option<DateTime<Utc>>,
    pub due_astana: Option<String>,
    pub state: ObligationState,
    pub met_at: Option<DateTime<Utc>>,
    /// The same instant in Astana time (an e-mail's: when the server accepted it).
    pub met_at_astana: Option<String>,
    /// The event that meets it: what the "done" button records.
    pub met_by: Option<EventKind>,
    /// On a paused fix: the minutes left on its own clock.
    pub remaining_minutes: Option<u32>,
    /// Once the failure was reclassified: 1 for the first classification, 2, … after.
    pub round: Option<u32>,
    /// The reading beside the due, in the user's language (deadlines.md §2–3):
    /// "immediately — within 15 min", "within 2 working days", …
    pub reading: String,
    /// On a paused fix: "paused — 15 h left (working time)", in the user's language.
    pub paused_left: Option<String>,
    /// The rule's length (minutes on a WT/CT clock, days on a WD clock), read by
    /// [`describe`]; not part of what the window receives.
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) length: (i64, u32),
}

/// The id the daily analysis lists for an appeal whose clocks were refused
/// (`obligation-clocks_refused` in the translations).
pub const CLOCKS_REFUSED: &str = "clocks_refused";

/// The obligations of an appeal, or why the rules refused its history.
#[derive(Debug, Clone)]
pub(crate) struct Clocks {
    pub obligations: Vec<Obligation>,
    pub refused: Option<InputError>,
}

/// The events the rules read, in stored order (the index of an error refers to it).
fn clock_events(events: &[EventRow]) -> Vec<(&EventRow, Event)> {
    events
        .iter()
        .filter(|e| e.kind.drives_clocks())
        .map(|e| {
            let event = match (e.kind, e.confirmation.as_ref()) {
                (EventKind::Confirmed, Some(c)) => {
                    let event = Event::confirmed(e.at, c.criticality, c.operator_fault);
                    // 002 §26, §38: the fault follows the type. A confirmation recorded
                    // with the free checkbox that contradicts its type keeps the value it
                    // was recorded with (history is not rewritten).
                    match c.failure_type {
                        Some(t) if t.operator_dependent() == c.operator_fault => {
                            event.with_failure_type(t)
                        }
                        _ => event,
                    }
                }
                // deadlines.md §3.8: the new level (and type) from the reclassification.
                (EventKind::Reclassified, Some(c)) => {
                    Event::reclassified(e.at, c.criticality, c.failure_type)
                }
                // 003 App. 4 §1.5: the decision's new due.
                (EventKind::DecisionExtended, _) => match e.extended_until {
                    Some(until) => Event::decision_extended(e.at, until),
                    None => Event::new(EventKind::DecisionExtended, e.at),
                },
                (kind, _) => Event::new(kind, e.at),
            };
            (e, event)
        })
        .collect()
}

/// Asks the rules engine for an appeal's obligations.
/// `support` are the journal's support-hours periods for the appeal's rule set
/// (000 §15, 002 §28; [`crate::support_hours::periods_for`]).
pub(crate) fn compute(
    row: &AppealRow,
    events: &[EventRow],
    first_registered_at: Option<DateTime<Utc>>,
    support: &[SupportPeriod],
) -> Clocks {
    // Closed as these events tell (the daily analysis passes those of a past day).
    let closed = Status::of(events.iter().map(|e| e.kind)) == Status::Closed;
    let events: Vec<Event> = clock_events(events).into_iter().map(|(_, e)| e).collect();
    // 002 §27–30: the duties owed to a user exist only when a user appealed.
    let scenario = Scenario::new(row.rule_set, row.received_at, first_registered_at, events)
        .map(|s| s.with_source(row.source).with_channel(row.channel))
        .and_then(|s| s.with_support_hours(support.to_vec()));
    match scenario {
        Ok(scenario) => Clocks {
            obligations: closed_off(
                closed,
                deadlines::obligations(&scenario)
                    .into_iter()
                    .map(|o| Obligation {
                        id: o.id.to_owned(),
                        clause: o.clause.to_owned(),
                        clock: o.clock.to_owned(),
                        due: o.due,
                        due_astana: o.due.map(to_astana_display),
                        state: match o.state {
                            State::Met => ObligationState::Met,
                            State::Late => ObligationState::Late,
                            State::Pending => ObligationState::Pending,
                            State::Paused => ObligationState::Paused,
                            State::Superseded => ObligationState::Superseded,
                        },
                        met_at: o.met_at,
                        met_at_astana: o.met_at.map(to_astana_display),
                        met_by: o.met_by,
                        remaining_minutes: o
                            .remaining_minutes
                            .map(|m| u32::try_from(m).unwrap_or(u32::MAX)),
                        round: o.round,
                        reading: String::new(),
                        paused_left: None,
                        length: (o.minutes, o.days),
                    })
                    .collect(),
            ),
            refused: None,
        },
        Err(e) => {
            tracing::warn!(appeal = %row.number, error = %e, "the rules refused the history");
            Clocks {
                obligations: Vec::new(),
                refused: Some(e),
            }
        }
    }
}

/// A closed appeal's duties not done are [`ObligationState::Closed`] (issue 19 item 2).
fn closed_off(closed: bool, mut obligations: Vec<Obligation>) -> Vec<Obligation> {
    if closed {
        for o in &mut obligations {
            if matches!(o.state, ObligationState::Pending | ObligationState::Paused) {
                o.state = ObligationState::Closed;
            }
        }
    }
    obligations
}

/// The duties in the order a person works them (issue 19 item 4): overdue, then due
/// soonest, then the paused ones, then what is done with, by when it was.
pub(crate) fn by_urgency(obligations: &mut [Obligation]) {
    obligations.sort_by_key(|o| {
        let rank = match o.state {
            ObligationState::Pending if o.due.is_some() => 0,
            ObligationState::Pending | ObligationState::Paused => 1,
            ObligationState::Closed => 2,
            ObligationState::Met | ObligationState::Late => 3,
            ObligationState::Superseded => 4,
        };
        (rank, if rank < 3 { o.due } else { o.met_at.or(o.due) })
    });
}

/// The earliest due instant of a pending obligation: what the journal's "next due"
/// column and overdue filter show. The store calls it inside each write. A refused
/// history is due since the receipt (see the module comment).
pub(crate) fn next_due(
    row: &AppealRow,
    events: &[EventRow],
    inputs: &ClockInputs<'_>,
) -> Option<DateTime<Utc>> {
    let support = crate::support_hours::periods_for(inputs.support_hours, row.rule_set);
    let events = with_problem_pauses(events, inputs.problem_pauses);
    let clocks = compute(row, &events, inputs.first_registered_at, &support);
    // Issue 19 item 2: a closed appeal is never due, whatever was left undone.
    if Status::of(events.iter().map(|e| e.kind)) == Status::Closed {
        return None;
    }
    if clocks.refused.is_some() {
        return Some(row.received_at);
    }
    clocks
        .obligations
        .iter()
        .filter(|o| o.state == ObligationState::Pending)
        .filter_map(|o| o.due)
        .min()
}

/// Where information was awaited: from each request to the answer that ended it (`None`
/// while still open), in the order the events happened.
fn pauses(events: &[EventRow]) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let mut out = Vec::new();
    let mut open = None;
    for e in events {
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

/// A linked report's events with the pauses of its problem's first appeal (002 §38: a
/// pause there reaches every report of the problem): the information requests and
/// answers become those of the union of both appeals' pauses, so the fix stands still
/// whenever either waits, and a request on one never pairs with an answer on the other.
pub(crate) fn with_problem_pauses(own: &[EventRow], problem: &[EventRow]) -> Vec<EventRow> {
    if problem.is_empty() {
        return own.to_vec();
    }
    let is_info =
        |e: &EventRow| matches!(e.kind, EventKind::InfoRequested | EventKind::InfoReceived);
    let own_info: Vec<EventRow> = own.iter().filter(|e| is_info(e)).cloned().collect();
    let mut spans = pauses(&own_info);
    spans.extend(pauses(problem));
    spans.sort_by_key(|(from, _)| *from);
    let mut union: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    for (from, to) in spans {
        match union.last_mut() {
            // Overlapping or touching: one pause. `None` is still open, so it covers all.
            Some((_, last_to)) if last_to.is_none_or(|t| from <= t) => {
                *last_to = match (*last_to, to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => union.push((from, to)),
        }
    }
    let template = problem.first().or(own.first()).cloned();
    let mut out: Vec<EventRow> = own.iter().filter(|e| !is_info(e)).cloned().collect();
    if let Some(t) = template {
        for (from, to) in union {
            out.push(EventRow {
                kind: EventKind::InfoRequested,
                at: from,
                confirmation: None,
                extended_until: None,
                ..t.clone()
            });
            if let Some(to) = to {
                out.push(EventRow {
                    kind: EventKind::InfoReceived,
                    at: to,
                    confirmation: None,
                    ..t.clone()
                });
            }
        }
    }
    out.sort_by_key(|e| e.at);
    out
}

/// Why the clocks could not be computed, in the user's language, naming the event and
/// what to correct.
pub(crate) fn refusal_message(
    e: &InputError,
    row: &AppealRow,
    events: &[EventRow],
    lang: Lang,
) -> String {
    let clocked = clock_events(events);
    let event = e
        .event
        .and_then(|i| clocked.get(i))
        .map(|(stored, _)| *stored);
    let received = to_astana_display(row.received_at);
    match (&e.problem, event) {
        (Problem::BeforeReceipt, Some(ev)) => tr(
            lang,
            "clocks-err-before-receipt",
            &[
                ("event", &ev.kind.label(lang)),
                ("at", &to_astana_display(ev.at)),
                ("received", &received),
            ],
        ),
        (Problem::InfoWithoutRequest, Some(ev)) => tr(
            lang,
            "clocks-err-info-without-request",
            &[("at", &to_astana_display(ev.at))],
        ),
        (Problem::Missing, Some(ev)) if ev.kind == EventKind::Confirmed => tr(
            lang,
            "clocks-err-no-criticality",
            &[("at", &to_astana_display(ev.at))],
        ),
        _ => tr(lang, "clocks-err-other", &[("detail", &e.message(lang))]),
    }
}

/// `minutes` as the user reads a length: "15 мин", "12 ч", "2 ч 30 мин".
fn length(minutes: i64, lang: Lang) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let (h_s, m_s) = (h.to_string(), m.to_string());
    match (h, m) {
        (0, _) => tr(lang, "length-min", &[("m", &m_s)]),
        (_, 0) => tr(lang, "length-h", &[("h", &h_s)]),
        _ => tr(lang, "length-h-min", &[("h", &h_s), ("m", &m_s)]),
    }
}

/// Fills in the reading of each duty's clock and the time a paused fix has left, in the
/// user's language (issue 12 items 2, 6): the window shows them as they are, so no clock
/// code reaches the user.
pub(crate) fn describe(obligations: &mut [Obligation], lang: Lang) {
    for o in obligations {
        let (minutes, days) = o.length;
        o.reading = match o.clock.as_str() {
            // 002 §37.1, 000 §26.1: «незамедлительно», read as 15 min of calendar time
            // (deadlines.md §2).
            "CT" if o.id == "inform_authority" => tr(
                lang,
                "reading-immediately",
                &[("length", &length(minutes, lang))],
            ),
            "CT" => tr(lang, "reading-ct", &[("length", &length(minutes, lang))]),
            "WT" => tr(lang, "reading-wt", &[("length", &length(minutes, lang))]),
            "WD" => tr(lang, "reading-wd", &[("days", &days.to_string())]),
            "EOD" => tr(lang, "reading-eod", &[]),
            _ => tr(lang, "reading-nwd", &[]),
        };
        // 002 §38, last paragraph: a WD fix waits in working time, a CT fix in calendar
        // time; either way it has no due while paused.
        o.paused_left = (o.state == ObligationState::Paused).then(|| {
            let left = length(i64::from(o.remaining_minutes.unwrap_or(0)), lang);
            let id = if o.clock == "CT" {
                "paused-left-ct"
            } else {
                "paused-left-wt"
            };
            tr(lang, id, &[("length", &left)])
        });
    }
}

/// Information was requested and has not arrived: the fix clock stands still (002 §38).
pub(crate) fn paused(events: &[EventRow]) -> bool {
    desk_journal::info_request_open(events.iter().map(|e| e.kind))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use desk_journal::Criticality;
    use desk_store::Confirmation;

    fn event(kind: EventKind, at: &str, confirmation: Option<Confirmation>) -> EventRow {
        let at = desk_journal::time::parse_astana(at).unwrap();
        EventRow {
            id: uuid::Uuid::nil(),
            kind,
            at,
            recorded_at: at,
            author: "sp".into(),
            confirmation,
            extended_until: None,
        }
    }

    #[test]
    fn the_rules_read_the_confirmation_and_never_the_closing() {
        let confirmed = Confirmation {
            criticality: Criticality::Medium,
            operator_fault: true,
            failure_type: None,
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(confirmed)),
            event(EventKind::Closed, "11.03.2026 15:30", None),
        ];
        let read: Vec<Event> = clock_events(&events).into_iter().map(|(_, e)| e).collect();
        assert_eq!(read.len(), 2, "closed is the journal's alone");
        assert_eq!(
            (read[1].kind, read[1].criticality, read[1].operator_fault),
            (EventKind::Confirmed, Some(Criticality::Medium), true)
        );
    }

    #[test]
    fn a_medium_failure_at_fault_gets_its_fix_clock() {
        // 002 §38: a medium failure the operator is at fault for is fixed within 2 WD of
        // its first registration.
        let at = |s: &str| desk_journal::time::parse_astana(s).unwrap();
        let confirmed = Confirmation {
            criticality: Criticality::Medium,
            operator_fault: true,
            failure_type: None,
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(confirmed)),
        ];
        let mut row = sample_row();
        row.received_at = at("10.03.2026 13:10");
        let clocks = compute(&row, &events, None, &[]);
        assert!(clocks.refused.is_none());
        let fix = clocks.obligations.iter().find(|o| o.id == "fix").unwrap();
        assert_eq!(
            (fix.clause.as_str(), fix.due_astana.as_deref()),
            ("002 §38", Some("12.03.2026 18:30"))
        );
        assert_eq!(fix.met_by, Some(EventKind::Fixed));
    }

    fn at(s: &str) -> DateTime<Utc> {
        desk_journal::time::parse_astana(s).unwrap()
    }

    #[test]
    fn a_confirmation_recorded_against_its_type_keeps_its_recorded_fault() {
        // 002 §26, §38: the fault follows the type; an appeal confirmed with the free
        // checkbox before edition 2 keeps what was recorded (history is not rewritten), so
        // "at fault" for a computer attack still owes the medium fix (2 WD → 12.03 18:30).
        let recorded = Confirmation {
            criticality: Criticality::Medium,
            operator_fault: true,
            failure_type: Some(desk_journal::FailureType::ComputerAttack),
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(recorded)),
        ];
        let mut row = sample_row();
        row.received_at = at("10.03.2026 13:10");
        let clocks = compute(&row, &events, None, &[]);
        assert!(clocks.refused.is_none());
        let fix = clocks.obligations.iter().find(|o| o.id == "fix").unwrap();
        assert_eq!(fix.due_astana.as_deref(), Some("12.03.2026 18:30"));
        // Recorded in agreement with its type: the type decides, and it is not at fault.
        let typed = Confirmation {
            criticality: Criticality::Medium,
            operator_fault: false,
            failure_type: Some(desk_journal::FailureType::ComputerAttack),
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(typed)),
        ];
        let clocks = compute(&row, &events, None, &[]);
        assert!(clocks.obligations.iter().all(|o| o.id != "fix"));
    }

    #[test]
    fn a_failure_found_by_monitoring_owes_no_incident_id_to_a_user() {
        // 002 §27–30: the journal's source decides; a monitoring tool has no user.
        let events = [event(EventKind::Registered, "10.03.2026 14:40", None)];
        let mut row = sample_row();
        row.source = desk_journal::Source::MonitoringTool;
        let ids: Vec<String> = compute(&row, &events, None, &[])
            .obligations
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(ids, ["register", "analyze"]);
        row.source = desk_journal::Source::UserAppeal;
        row.channel = desk_journal::Channel::Monitoring;
        assert!(
            compute(&row, &events, None, &[])
                .obligations
                .iter()
                .all(|o| o.id != "send_incident_id")
        );
    }

    #[test]
    fn a_paused_fix_has_no_due_and_never_makes_the_appeal_due() {
        // 002 §38, last paragraph: information requested 11.03 10:00 and not received →
        // the fix (due Thu 12.03 18:30) is paused with 900 working minutes left (Wed
        // 10:00–13:00 and 14:30–18:30 = 420, all of Thu = 480), and the journal's next due
        // ignores it.
        let confirmed = Confirmation {
            criticality: Criticality::Medium,
            operator_fault: true,
            failure_type: Some(desk_journal::FailureType::OperatorUnlawfulActions),
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::IdSent, "10.03.2026 14:45", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(confirmed)),
            event(EventKind::HomepagePosted, "10.03.2026 15:40", None),
            event(EventKind::ParticipantsNotified, "10.03.2026 15:50", None),
            event(EventKind::InfoRequested, "11.03.2026 10:00", None),
        ];
        let mut row = sample_row();
        row.received_at = at("10.03.2026 13:10");
        let clocks = compute(&row, &events, None, &[]);
        let fix = clocks.obligations.iter().find(|o| o.id == "fix").unwrap();
        assert_eq!(
            (fix.state, fix.due, fix.remaining_minutes),
            (ObligationState::Paused, None, Some(420 + 480))
        );
        let inputs = ClockInputs {
            first_registered_at: None,
            support_hours: None,
            problem_pauses: &[],
        };
        assert_eq!(next_due(&row, &events, &inputs), None);
    }

    #[test]
    fn s37_1_s38_the_reading_and_a_paused_fix_are_worded_in_the_users_language() {
        // Issue 12 items 2 and 6: "immediately" = 15 min CT (002 §37.1), the fix of a
        // medium failure 2 WD (§38.2), paused with 900 working minutes = 15 h left.
        let confirmed = Confirmation {
            criticality: Criticality::High,
            operator_fault: true,
            failure_type: Some(desk_journal::FailureType::OperatorPhysicalDamage),
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(confirmed)),
        ];
        let mut row = sample_row();
        row.received_at = at("10.03.2026 13:10");
        let mut obligations = compute(&row, &events, None, &[]).obligations;
        describe(&mut obligations, Lang::Ru);
        let reading = |id: &str| {
            obligations
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.reading.clone())
                .unwrap()
        };
        assert_eq!(
            reading("inform_authority"),
            "незамедлительно — в течение 15 мин"
        );
        assert_eq!(reading("register"), "в течение 30 мин рабочего времени");
        assert_eq!(reading("fix"), "в течение 12 ч календарного времени");
        let mut obligations = compute(&row, &events, None, &[]).obligations;
        describe(&mut obligations, Lang::Kk);
        let authority = obligations
            .iter()
            .find(|o| o.id == "inform_authority")
            .unwrap();
        assert_eq!(authority.reading, "дереу — 15 мин ішінде");

        let medium = Confirmation {
            criticality: Criticality::Medium,
            operator_fault: true,
            failure_type: Some(desk_journal::FailureType::OperatorUnlawfulActions),
        };
        let events = [
            event(EventKind::Registered, "10.03.2026 14:40", None),
            event(EventKind::Confirmed, "10.03.2026 15:30", Some(medium)),
            event(EventKind::InfoRequested, "11.03.2026 10:00", None),
        ];
        for (lang, reading, left) in [
            (
                Lang::Ru,
                "в течение 2 рабочих дн.",
                "приостановлено — осталось 15 ч рабочего времени",
            ),
            (
                Lang::Kk,
                "2 жұмыс күні ішінде",
                "тоқтатылған — жұмыс уақытының 15 сағ қалды",
            ),
            (
                Lang::En,
                "within 2 working days",
                "paused — 15 h of working time left",
            ),
        ] {
            let mut obligations = compute(&row, &events, None, &[]).obligations;
            describe(&mut obligations, lang);
            let fix = obligations.iter().find(|o| o.id == "fix").unwrap();
            assert_eq!(
                (fix.reading.as_str(), fix.paused_left.as_deref()),
                (reading, Some(left))
            );
        }
    }

    fn sample_row() -> AppealRow {
        let mut row = desk_testkit::rows::appeal_row(1, "10.03.2026 13:10", "А");
        row.status = desk_journal::Status::Confirmed;
        row.criticality = Some(Criticality::Medium);
        row.operator_fault = Some(true);
        row
    }
}
