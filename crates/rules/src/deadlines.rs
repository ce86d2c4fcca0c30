//! Contact-centre obligations of one appeal (deadlines.md §3).

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use serde_json::Value;

use crate::calendar::{Calendar, parse_date};
use crate::clock::{ASTANA, WorkClock, from_local, to_local};
use crate::ruleset::{self, ClockKind, ObligationRule, RuleSet, Trigger};
use crate::{InputError, Problem};

pub const EVENT_KINDS: &[&str] = &[
    "registered",
    "id_sent",
    "confirmed",
    "refuted",
    "refutation_notified",
    "criticality_notified",
    "homepage_posted",
    "participants_notified",
    "authority_informed",
    "authority_reported",
    "info_requested",
    "info_received",
    "fixed",
];

const CHANNELS: &[&str] = &[
    "phone",
    "email",
    "letter",
    "forum",
    "monitoring",
    "tool",
    "system_log",
];
const CRITICALITIES: &[&str] = &["low", "medium", "high"];

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: &'static str,
    pub at: DateTime<Utc>,
    pub criticality: Option<&'static str>,
    pub operator_fault: bool,
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

/// An instant with any offset (or `Z`).
pub fn parse_instant(v: &Value, field: &str) -> Result<DateTime<Utc>, InputError> {
    let s = v
        .as_str()
        .ok_or_else(|| InputError::new(field, Problem::WrongType("RFC 3339 time")))?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| InputError::new(field, Problem::Time(s.to_owned())))
}

/// Astana time, RFC 3339 with offset and whole seconds (deadlines.md, preamble).
pub fn show(t: DateTime<Utc>) -> String {
    t.with_timezone(&ASTANA)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn intern(list: &'static [&'static str], s: &str) -> Option<&'static str> {
    list.iter().copied().find(|x| *x == s)
}

/// The input's `calendar` overrides (deadlines.md §1) on top of the built-in calendar;
/// `None` when there are none, so the shared built-in one is used.
pub(crate) fn calendar_override(v: Option<&Value>) -> Result<Option<Calendar>, InputError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(c)) => {
            let holidays = dates(c.get("holidays"), "calendar.holidays")?;
            let working = dates(c.get("working_days"), "calendar.working_days")?;
            Ok((!holidays.is_empty() || !working.is_empty())
                .then(|| Calendar::builtin().with_overrides(&holidays, &working)))
        }
        Some(_) => Err(InputError::new("calendar", Problem::WrongType("object"))),
    }
}

/// A list of `YYYY-MM-DD` dates, each error naming its index.
fn dates(v: Option<&Value>, field: &str) -> Result<Vec<NaiveDate>, InputError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let f = format!("{field}[{i}]");
                let s = d
                    .as_str()
                    .ok_or_else(|| InputError::new(&f, Problem::WrongType("YYYY-MM-DD")))?;
                parse_date(s, &f)
            })
            .collect(),
        Some(_) => Err(InputError::new(field, Problem::WrongType("array of dates"))),
    }
}

impl Scenario {
    pub fn from_json(v: &Value) -> Result<Scenario, InputError> {
        let root = v
            .as_object()
            .ok_or_else(|| InputError::new("input", Problem::WrongType("object")))?;
        let rules_id = root
            .get("rules")
            .ok_or_else(|| InputError::new("rules", Problem::Missing))?
            .as_str()
            .ok_or_else(|| InputError::new("rules", Problem::WrongType("string")))?;
        let rules = ruleset::find(rules_id).ok_or_else(|| {
            InputError::new("rules", Problem::UnknownRuleSet(rules_id.to_owned()))
        })?;
        let round_the_clock = match root.get("round_the_clock") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(InputError::new(
                    "round_the_clock",
                    Problem::WrongType("true or false"),
                ));
            }
        };
        let calendar = calendar_override(root.get("calendar"))?;
        let appeal = root
            .get("appeal")
            .ok_or_else(|| InputError::new("appeal", Problem::Missing))?
            .as_object()
            .ok_or_else(|| InputError::new("appeal", Problem::WrongType("object")))?;
        if let Some(ch) = appeal.get("channel").filter(|c| !c.is_null()) {
            let s = ch
                .as_str()
                .ok_or_else(|| InputError::new("appeal.channel", Problem::WrongType("string")))?;
            if intern(CHANNELS, s).is_none() {
                return Err(InputError::new(
                    "appeal.channel",
                    Problem::UnknownValue(s.to_owned()),
                ));
            }
        }
        let received_at = parse_instant(
            appeal
                .get("received_at")
                .ok_or_else(|| InputError::new("appeal.received_at", Problem::Missing))?,
            "appeal.received_at",
        )?;
        let first_registered_at = match appeal.get("first_registered_at") {
            None | Some(Value::Null) => None,
            Some(t) => Some(parse_instant(t, "appeal.first_registered_at")?),
        };

        let raw = match root.get("events") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(_) => return Err(InputError::new("events", Problem::WrongType("array"))),
        };
        let mut events = Vec::with_capacity(raw.len());
        for (i, e) in raw.iter().enumerate() {
            let f = |name: &str| format!("events[{i}].{name}");
            let e = e.as_object().ok_or_else(|| {
                InputError::new(format!("events[{i}]"), Problem::WrongType("object"))
            })?;
            let kind_s = e
                .get("kind")
                .ok_or_else(|| InputError::new(f("kind"), Problem::Missing))?
                .as_str()
                .ok_or_else(|| InputError::new(f("kind"), Problem::WrongType("string")))?;
            let kind = intern(EVENT_KINDS, kind_s).ok_or_else(|| {
                InputError::new(f("kind"), Problem::UnknownValue(kind_s.to_owned()))
            })?;
            let at = parse_instant(
                e.get("at")
                    .ok_or_else(|| InputError::new(f("at"), Problem::Missing))?,
                &f("at"),
            )?;
            if at < received_at {
                return Err(InputError::new(f("at"), Problem::BeforeReceipt));
            }
            let criticality = match (kind, e.get("criticality")) {
                ("confirmed", None | Some(Value::Null)) => {
                    return Err(InputError::new(f("criticality"), Problem::Missing));
                }
                (_, None | Some(Value::Null)) => None,
                (_, Some(c)) => {
                    let s = c.as_str().ok_or_else(|| {
                        InputError::new(f("criticality"), Problem::WrongType("string"))
                    })?;
                    Some(intern(CRITICALITIES, s).ok_or_else(|| {
                        InputError::new(f("criticality"), Problem::UnknownValue(s.to_owned()))
                    })?)
                }
            };
            let operator_fault = match e.get("operator_fault") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    return Err(InputError::new(
                        f("operator_fault"),
                        Problem::WrongType("true or false"),
                    ));
                }
            };
            events.push((
                i,
                Event {
                    kind,
                    at,
                    criticality,
                    operator_fault,
                },
            ));
        }
        // Chronological order, input order for equal instants.
        events.sort_by_key(|(i, e)| (e.at, *i));
        let mut open_request = false;
        for (i, e) in &events {
            match e.kind {
                "info_requested" => open_request = true,
                "info_received" if !open_request => {
                    return Err(InputError::new(
                        format!("events[{i}].kind"),
                        Problem::InfoWithoutRequest,
                    ));
                }
                "info_received" => open_request = false,
                _ => {}
            }
        }
        Ok(Scenario {
            rules,
            round_the_clock,
            calendar,
            received_at,
            first_registered_at,
            events: events.into_iter().map(|(_, e)| e).collect(),
        })
    }

    fn first(&self, kind: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.kind == kind)
    }

    /// The request/answer intervals; an open request has no end.
    fn pauses(&self) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
        let mut out = Vec::new();
        let mut open: Option<DateTime<Utc>> = None;
        for e in &self.events {
            match e.kind {
                "info_requested" if open.is_none() => open = Some(e.at),
                "info_received" => {
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

fn applies(rule: &ObligationRule, confirmed: Option<&Event>) -> bool {
    if rule.when.criticality.is_empty() && rule.when.operator_fault.is_none() {
        return true;
    }
    let Some(c) = confirmed else { return false };
    let level_ok = rule.when.criticality.is_empty()
        || c.criticality
            .is_some_and(|l| rule.when.criticality.iter().any(|x| x == l));
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
    let registered = s.first("registered").map(|e| e.at);
    let confirmed = s.first("confirmed");
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
            Trigger::Refuted => s.first("refuted").map(|e| e.at),
            Trigger::Fixed => s.first("fixed").map(|e| e.at),
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
            .find(|e| rule.met_by.iter().any(|k| k == e.kind))
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
        });
    }
    out
}

#[derive(serde::Serialize)]
struct ObligationOut {
    id: &'static str,
    clause: &'static str,
    clock: &'static str,
    trigger: String,
    due: String,
    state: &'static str,
    met_at: Option<String>,
}

#[derive(serde::Serialize)]
struct Answer<'a> {
    rules: &'a str,
    obligations: Vec<ObligationOut>,
}

/// The `desk deadlines` answer as JSON text, fields in the order of deadlines.md §3
/// (serialised from structs: a `serde_json::Value` would sort the keys).
pub fn answer_json(s: &Scenario) -> String {
    let answer = Answer {
        rules: &s.rules.id,
        obligations: obligations(s)
            .into_iter()
            .map(|o| ObligationOut {
                id: o.id,
                clause: o.clause,
                clock: o.clock,
                trigger: show(o.trigger),
                due: show(o.due),
                state: o.state.code(),
                met_at: o.met_at.map(show),
            })
            .collect(),
    };
    // Strings and options of strings always serialise.
    serde_json::to_string(&answer).unwrap_or_default()
}
