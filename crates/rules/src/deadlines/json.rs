//! `desk deadlines` at the CLI's edge (deadlines.md §3): the JSON scenario read into a
//! typed [`Scenario`] through the same checks the journal's histories go through, and the
//! answer written back in the contract's field order. Nothing else parses JSON here.

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};
use desk_vocab::{Criticality, EventKind, FailureType, Source};
use serde_json::Value;

use super::compute::obligations;
use super::scenario::{Event, Scenario};
use crate::calendar::{Calendar, parse_date};
use crate::clock::{ASTANA, SupportMode, SupportPeriod};
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

/// The channels through which no user reaches the contact centre (deadlines.md §3.7).
const MONITORING_CHANNELS: &[&str] = &["monitoring", "tool", "system_log"];

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
    let mut monitoring_channel = false;
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
        monitoring_channel = known(MONITORING_CHANNELS, s);
    }
    let source = match appeal.get("source") {
        None | Some(Value::Null) => Source::UserAppeal,
        Some(v) => {
            let s = v
                .as_str()
                .ok_or_else(|| InputError::new("appeal.source", Problem::WrongType("string")))?;
            Source::from_code(s).ok_or_else(|| {
                InputError::new("appeal.source", Problem::UnknownValue(s.to_owned()))
            })?
        }
    };
    let support_hours = support_hours(root.get("support_hours"))?;
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
        let classifies = matches!(kind, EventKind::Confirmed | EventKind::Reclassified);
        let criticality = match (classifies, e.get("criticality")) {
            (true, None | Some(Value::Null)) => {
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
        let failure_type = match e.get("failure_type") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let s = v.as_str().ok_or_else(|| {
                    InputError::new(f("failure_type"), Problem::WrongType("string"))
                })?;
                Some(FailureType::from_code(s).ok_or_else(|| {
                    InputError::new(f("failure_type"), Problem::UnknownValue(s.to_owned()))
                })?)
            }
        };
        // Edition 1 states the fault; edition 2 derives it from the type, and
        // `Scenario::new` refuses a stated fault that contradicts the type.
        let operator_fault = match e.get("operator_fault") {
            None | Some(Value::Null) => failure_type.is_some_and(FailureType::operator_dependent),
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(InputError::new(
                    f("operator_fault"),
                    Problem::WrongType("true or false"),
                ));
            }
        };
        let until = match (kind, e.get("until")) {
            (EventKind::DecisionExtended, Some(v)) => Some(parse_instant(v, &f("until"))?),
            _ => None,
        };
        events.push(Event {
            until,
            kind,
            at,
            criticality,
            operator_fault,
            failure_type: failure_type.filter(|_| classifies),
        });
    }
    let mut scenario = Scenario::new(rules.set, received_at, first_registered_at, events)?
        .with_source(source)
        .with_round_the_clock(round_the_clock)
        .with_support_hours(support_hours)?;
    scenario.monitoring_channel = monitoring_channel;
    scenario.calendar = calendar;
    Ok(scenario)
}

/// `support_hours` (deadlines.md §3): dated periods of round-the-clock or extended hours.
fn support_hours(v: Option<&Value>) -> Result<Vec<SupportPeriod>, InputError> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(InputError::new(
                "support_hours",
                Problem::WrongType("array"),
            ));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let f = |name: &str| format!("support_hours[{i}].{name}");
            let p = p.as_object().ok_or_else(|| {
                InputError::new(format!("support_hours[{i}]"), Problem::WrongType("object"))
            })?;
            let instant = |name: &str| {
                parse_instant(
                    p.get(name)
                        .ok_or_else(|| InputError::new(f(name), Problem::Missing))?,
                    &f(name),
                )
            };
            let time_of_day = |name: &str| {
                let s = p
                    .get(name)
                    .ok_or_else(|| InputError::new(f(name), Problem::Missing))?
                    .as_str()
                    .ok_or_else(|| InputError::new(f(name), Problem::WrongType("HH:MM")))?;
                NaiveTime::parse_from_str(s, "%H:%M")
                    .map_err(|_| InputError::new(f(name), Problem::TimeOfDay(s.to_owned())))
            };
            let mode = p
                .get("mode")
                .ok_or_else(|| InputError::new(f("mode"), Problem::Missing))?
                .as_str()
                .ok_or_else(|| InputError::new(f("mode"), Problem::WrongType("string")))?;
            let mode = match mode {
                "round_the_clock" => SupportMode::RoundTheClock,
                "extended" => SupportMode::Extended {
                    open: time_of_day("open")?,
                    close: time_of_day("close")?,
                },
                other => {
                    return Err(InputError::new(
                        f("mode"),
                        Problem::UnknownValue(other.to_owned()),
                    ));
                }
            };
            Ok(SupportPeriod {
                from: instant("from")?,
                to: instant("to")?,
                mode,
            })
        })
        .collect()
}

#[derive(serde::Serialize)]
struct ObligationOut {
    id: &'static str,
    clause: &'static str,
    clock: &'static str,
    trigger: String,
    due: Option<String>,
    state: &'static str,
    met_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    round: Option<u32>,
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
                due: o.due.map(show),
                state: o.state.code(),
                met_at: o.met_at.map(show),
                remaining_minutes: o.remaining_minutes,
                round: o.round,
            })
            .collect(),
    };
    // Strings and options of strings always serialise.
    serde_json::to_string(&answer).unwrap_or_default()
}
