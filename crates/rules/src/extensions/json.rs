//! `desk extensions` at the CLI's edge (deadlines.md §4): the JSON input read into a typed
//! [`Input`] through the same checks as the journal's typed calls.

use chrono::{DateTime, Utc};
use desk_vocab::{AcceptanceMethod as Method, Criticality, ProcedureKind as Kind};
use serde_json::Value;

use super::types::{Cause, Failure, Input, Maintenance, Procedure};
use crate::deadlines::json::{calendar_override, parse_instant};
use crate::{InputError, Problem};

fn get_str<'a>(
    o: &'a serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<&'a str>, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(InputError::new(field, Problem::WrongType("string"))),
    }
}

fn get_bool(
    o: &serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<bool, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(InputError::new(field, Problem::WrongType("true or false"))),
    }
}

fn required_instant(
    o: &serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<DateTime<Utc>, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Err(InputError::new(field, Problem::Missing)),
        Some(v) => parse_instant(v, field),
    }
}

fn optional_instant(
    o: &serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<DateTime<Utc>>, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => parse_instant(v, field).map(Some),
    }
}

fn object<'a>(v: &'a Value, field: &str) -> Result<&'a serde_json::Map<String, Value>, InputError> {
    v.as_object()
        .ok_or_else(|| InputError::new(field, Problem::WrongType("object")))
}

fn parse_failure(o: &serde_json::Map<String, Value>) -> Result<Failure, InputError> {
    let level = get_str(o, "criticality", "failure.criticality")?
        .ok_or_else(|| InputError::new("failure.criticality", Problem::Missing))?;
    let criticality = Criticality::from_code(level).ok_or_else(|| {
        InputError::new(
            "failure.criticality",
            Problem::UnknownValue(level.to_owned()),
        )
    })?;
    let started_at = required_instant(o, "started_at", "failure.started_at")?;
    let confirmed_at = optional_instant(o, "confirmed_at", "failure.confirmed_at")?;
    let fixed_at = required_instant(o, "fixed_at", "failure.fixed_at")?;
    get_bool(o, "operator_fault", "failure.operator_fault")?;
    Ok(Failure {
        criticality,
        started_at,
        confirmed_at,
        fixed_at,
        decryption_impossible: get_bool(
            o,
            "decryption_impossible",
            "failure.decryption_impossible",
        )?,
    })
}

fn parse_maintenance(o: &serde_json::Map<String, Value>) -> Result<Maintenance, InputError> {
    let starts_at = required_instant(o, "starts_at", "maintenance.starts_at")?;
    let ends_at = required_instant(o, "ends_at", "maintenance.ends_at")?;
    Ok(Maintenance {
        starts_at,
        ends_at,
        announced_at: optional_instant(o, "announced_at", "maintenance.announced_at")?,
    })
}

fn parse_procedure(v: &Value, i: usize) -> Result<Procedure, InputError> {
    let f = |name: &str| format!("procedures[{i}].{name}");
    let o = object(v, &format!("procedures[{i}]"))?;
    let id = match o.get("id") {
        None | Some(Value::Null) => return Err(InputError::new(f("id"), Problem::Missing)),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(InputError::new(f("id"), Problem::WrongType("string"))),
    };
    let kind_s = get_str(o, "kind", &f("kind"))?
        .ok_or_else(|| InputError::new(f("kind"), Problem::Missing))?;
    let kind = Kind::from_code(kind_s)
        .ok_or_else(|| InputError::new(f("kind"), Problem::UnknownValue(kind_s.to_owned())))?;
    let method = match get_str(o, "method", &f("method"))? {
        None => None,
        Some(m) => Some(
            Method::from_code(m)
                .ok_or_else(|| InputError::new(f("method"), Problem::UnknownValue(m.to_owned())))?,
        ),
    };
    let deadline = required_instant(o, "deadline", &f("deadline"))?;
    let announcement = match o.get("announcement") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            return Err(InputError::new(
                f("announcement"),
                Problem::WrongType("string"),
            ));
        }
    };
    let lots = match o.get("lots") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(j, l)| match l {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(InputError::new(
                    format!("procedures[{i}].lots[{j}]"),
                    Problem::WrongType("string"),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(InputError::new(f("lots"), Problem::WrongType("array"))),
    };
    Ok(Procedure {
        id,
        kind,
        method,
        deadline,
        period_start: optional_instant(o, "period_start", &f("period_start"))?,
        protocol_formed: get_bool(o, "protocol_formed", &f("protocol_formed"))?,
        announcement,
        lots,
    })
}

/// Reads a `desk extensions` input.
pub fn input(v: &Value) -> Result<Input, InputError> {
    let root = object(v, "input")?;
    let rules_id = get_str(root, "rules", "rules")?
        .ok_or_else(|| InputError::new("rules", Problem::Missing))?;
    let set = desk_vocab::RuleSet::from_code(rules_id)
        .ok_or_else(|| InputError::new("rules", Problem::UnknownRuleSet(rules_id.to_owned())))?;
    let round_the_clock = get_bool(root, "round_the_clock", "round_the_clock")?;
    let calendar = calendar_override(root.get("calendar"))?;
    let cause = match (root.get("failure"), root.get("maintenance")) {
        (Some(f), None | Some(Value::Null)) if !f.is_null() => {
            Cause::Failure(parse_failure(object(f, "failure")?)?)
        }
        (None | Some(Value::Null), Some(m)) if !m.is_null() => {
            Cause::Maintenance(parse_maintenance(object(m, "maintenance")?)?)
        }
        (None | Some(Value::Null), None | Some(Value::Null)) => {
            return Err(InputError::new("failure", Problem::Missing));
        }
        _ => {
            return Err(InputError::new(
                "maintenance",
                Problem::FailureAndMaintenance,
            ));
        }
    };
    let procedures = match root.get("procedures") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, p)| parse_procedure(p, i))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(InputError::new("procedures", Problem::WrongType("array"))),
    };
    let mut input = Input::new(set, cause, procedures)?;
    input.round_the_clock = round_the_clock;
    input.calendar = calendar;
    Ok(input)
}
