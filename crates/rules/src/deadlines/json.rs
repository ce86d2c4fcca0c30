//! `desk deadlines` at the CLI's edge (deadlines.md §3): the JSON scenario read into a
//! typed [`Scenario`] through the same checks the journal's histories go through, and the
//! answer written back in the contract's field order. Nothing else parses JSON here.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use desk_vocab::{Criticality, EventKind};
use serde_json::Value;

use super::compute::obligations;
use super::scenario::{Event, Scenario};
use crate::calendar::{Calendar, parse_date};
use crate::clock::ASTANA;
use crate::ruleset;
use crate::{InputError, Problem};

/// The channels of the contract: a user's channels plus the monitoring sources, which
/// deadlines.md §3 lists as channels.
const CHANNELS: &[&str] = &[
    "phone",
    "email",
    "letter",
    "forum",
    "monitoring",
    "tool",
    "system_log",
];

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

fn known(list: &[&str], s: &str) -> bool {
    list.contains(&s)
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

/// Reads a `desk deadlines` scenario.
pub fn scenario(v: &Value) -> Result<Scenario, InputError> {
    let root = v
        .as_object()
        .ok_or_else(|| InputError::new("input", Problem::WrongType("object")))?;
    let rules_id = root
        .get("rules")
        .ok_or_else(|| InputError::new("rules", Problem::Missing))?
        .as_str()
        .ok_or_else(|| InputError::new("rules", Problem::WrongType("string")))?;
    let rules = ruleset::find(rules_id)
        .ok_or_else(|| InputError::new("rules", Problem::UnknownRuleSet(rules_id.to_owned())))?;
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
        if !known(CHANNELS, s) {
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
        let e = e
            .as_object()
            .ok_or_else(|| InputError::new(format!("events[{i}]"), Problem::WrongType("object")))?;
        let kind_s = e
            .get("kind")
            .ok_or_else(|| InputError::new(f("kind"), Problem::Missing))?
            .as_str()
            .ok_or_else(|| InputError::new(f("kind"), Problem::WrongType("string")))?;
        let kind = EventKind::from_code(kind_s)
            .filter(|k| k.drives_clocks())
            .ok_or_else(|| InputError::new(f("kind"), Problem::UnknownValue(kind_s.to_owned())))?;
        let at = parse_instant(
            e.get("at")
                .ok_or_else(|| InputError::new(f("at"), Problem::Missing))?,
            &f("at"),
        )?;
        let criticality = match (kind, e.get("criticality")) {
            (EventKind::Confirmed, None | Some(Value::Null)) => {
                return Err(InputError::new(f("criticality"), Problem::Missing));
            }
            (_, None | Some(Value::Null)) => None,
            (_, Some(c)) => {
                let s = c.as_str().ok_or_else(|| {
                    InputError::new(f("criticality"), Problem::WrongType("string"))
                })?;
                Some(Criticality::from_code(s).ok_or_else(|| {
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
        events.push(Event {
            kind,
            at,
            criticality,
            operator_fault,
        });
    }
    let mut scenario = Scenario::new(rules.set, received_at, first_registered_at, events)?;
    scenario.round_the_clock = round_the_clock;
    scenario.calendar = calendar;
    Ok(scenario)
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
        rules: s.rules.id,
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
