//! The heart of Incident Desk: for any appeal, what is due, when, and by which clause.
//!
//! Pure: the calendar and the rule sets are data files embedded at build time; nothing
//! here reads the clock or the disk. The deadline contract (`docs/contracts/deadlines.md`)
//! fixes the arithmetic. The journal calls it through types ([`deadlines::Scenario`],
//! [`extensions::Input`]); the two JSON contracts, [`deadlines_command`] and
//! [`extensions_command`], are the CLI's edge and go through the same checks.

pub mod calendar;
pub mod clock;
pub mod deadlines;
pub mod extensions;
pub mod late_report;
pub mod level_check;
pub mod ruleset;

use desk_i18n::{Lang, tr};

/// Bad input to a calculator: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem:?}")]
pub struct InputError {
    /// A path into the input, e.g. `events[2].at`.
    pub field: String,
    pub problem: Problem,
    /// The index of the event it is about, so the journal can name the event itself.
    pub event: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON at all (the parser's message).
    Json(String),
    Missing,
    WrongType(&'static str),
    UnknownRuleSet(String),
    UnknownValue(String),
    Time(String),
    Date(String),
    BeforeReceipt,
    InfoWithoutRequest,
    FixedBeforeStart,
    ConfirmedBeforeStart,
    EndsBeforeStart,
    /// A rule set without extension rules (deadlines.md §4 names QUASI-1216, GZ-627,
    /// ENERGY-366).
    NoExtensionRules(String),
    /// An extensions input names both a failure and planned maintenance.
    FailureAndMaintenance,
    /// An `operator_fault` that contradicts the failure type (002 §26, §38).
    OperatorFaultContradictsType,
    /// A reclassification with no confirmation before it.
    NotConfirmed,
    /// Two support-hours periods overlap.
    Overlap,
    /// A support-hours period (or its hours) ends before it starts.
    PeriodEndsBeforeStart,
    /// Not a time of day (`HH:MM`).
    TimeOfDay(String),
    /// The input text is longer than [`MAX_INPUT_BYTES`].
    TooLarge,
    /// A list holds more than [`MAX_ITEMS`] entries.
    TooMany,
}

/// The longest calculator input read: room for [`MAX_ITEMS`] procedures of a real
/// announcement (about 180 bytes each), and a bound on what a hostile input can cost.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The most procedures (`desk extensions`) or events (`desk deadlines`) in one input.
pub const MAX_ITEMS: usize = 100_000;

impl InputError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        InputError {
            field: field.into(),
            problem,
            event: None,
        }
    }

    /// About `events[index].<name>`.
    pub fn event(index: usize, name: &str, problem: Problem) -> Self {
        InputError {
            field: format!("events[{index}].{name}"),
            problem,
            event: Some(index),
        }
    }

    pub(crate) fn bad_date(field: &str, value: &str) -> Self {
        InputError::new(field, Problem::Date(value.to_owned()))
    }

    /// One line in the user's language, naming the field.
    pub fn message(&self, lang: Lang) -> String {
        let f = ("field", self.field.as_str());
        match &self.problem {
            Problem::Json(detail) => tr(lang, "rules-err-json", &[("detail", detail)]),
            Problem::Missing => tr(lang, "rules-err-missing", &[f]),
            Problem::WrongType(t) => tr(lang, "rules-err-type", &[f, ("expected", t)]),
            Problem::UnknownRuleSet(v) => tr(lang, "rules-err-rule-set", &[f, ("value", v)]),
            Problem::UnknownValue(v) => tr(lang, "rules-err-value", &[f, ("value", v)]),
            Problem::Time(v) => tr(lang, "rules-err-time", &[f, ("value", v)]),
            Problem::Date(v) => tr(lang, "rules-err-date", &[f, ("value", v)]),
            Problem::BeforeReceipt => tr(lang, "rules-err-before-receipt", &[f]),
            Problem::InfoWithoutRequest => tr(lang, "rules-err-info-without-request", &[f]),
            Problem::FixedBeforeStart => tr(lang, "rules-err-fixed-before-start", &[f]),
            Problem::ConfirmedBeforeStart => tr(lang, "ext-err-confirmed-before-start", &[f]),
            Problem::EndsBeforeStart => tr(lang, "ext-err-ends-before-start", &[f]),
            Problem::NoExtensionRules(v) => tr(lang, "ext-err-no-rules", &[f, ("value", v)]),
            Problem::FailureAndMaintenance => tr(lang, "ext-err-failure-and-maintenance", &[f]),
            Problem::OperatorFaultContradictsType => tr(lang, "rules-err-operator-fault", &[f]),
            Problem::NotConfirmed => tr(lang, "rules-err-not-confirmed", &[f]),
            Problem::Overlap => tr(lang, "rules-err-overlap", &[f]),
            Problem::PeriodEndsBeforeStart => tr(lang, "rules-err-period-ends-before-start", &[f]),
            Problem::TimeOfDay(v) => tr(lang, "rules-err-time-of-day", &[f, ("value", v)]),
            Problem::TooLarge => tr(
                lang,
                "rules-err-too-large",
                &[("limit", &(MAX_INPUT_BYTES / (1024 * 1024)).to_string())],
            ),
            Problem::TooMany => tr(
                lang,
                "rules-err-too-many",
                &[f, ("limit", &MAX_ITEMS.to_string())],
            ),
        }
    }
}

/// The input as JSON, refused before parsing when longer than [`MAX_INPUT_BYTES`] and
/// after when its list `list` is longer than [`MAX_ITEMS`]: both calculators are linear
/// in their input, so these bound what one call can cost.
fn bounded_json(input_json: &str, list: &str) -> Result<serde_json::Value, InputError> {
    if input_json.len() > MAX_INPUT_BYTES {
        return Err(InputError::new("input", Problem::TooLarge));
    }
    let value: serde_json::Value = serde_json::from_str(input_json)
        .map_err(|e| InputError::new("input", Problem::Json(e.to_string())))?;
    let items = value
        .get(list)
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    if items > MAX_ITEMS {
        return Err(InputError::new(list, Problem::TooMany));
    }
    Ok(value)
}

/// `desk deadlines` (deadlines.md §3): one scenario in, the obligations out, as JSON text.
pub fn deadlines_command(input_json: &str) -> Result<String, InputError> {
    let value = bounded_json(input_json, "events")?;
    let scenario = deadlines::json::scenario(&value)?;
    Ok(deadlines::json::answer_json(&scenario))
}

/// `desk extensions` (deadlines.md §4): a confirmed failure and procedures in, their new
/// deadlines with explanations in `lang` out, as JSON text.
pub fn extensions_command(input_json: &str, lang: Lang) -> Result<String, InputError> {
    let value = bounded_json(input_json, "procedures")?;
    let input = extensions::json::input(&value)?;
    Ok(extensions::answer_json(&input, lang))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_input_over_the_byte_limit_is_refused_before_it_is_parsed() {
        let huge = " ".repeat(MAX_INPUT_BYTES + 1);
        let e = extensions_command(&huge, Lang::En).unwrap_err();
        assert_eq!(e.problem, Problem::TooLarge);
        assert!(
            e.message(Lang::En).contains("32 MiB"),
            "{}",
            e.message(Lang::En)
        );
        assert_eq!(
            deadlines_command(&huge).unwrap_err().problem,
            Problem::TooLarge
        );
    }

    #[test]
    fn more_procedures_or_events_than_the_limit_are_refused_naming_the_list() {
        let list = format!("[{}]", vec!["{}"; MAX_ITEMS + 1].join(","));
        let e = extensions_command(&format!(r#"{{"procedures": {list}}}"#), Lang::Ru).unwrap_err();
        assert_eq!(
            (e.field.as_str(), &e.problem),
            ("procedures", &Problem::TooMany)
        );
        assert!(
            e.message(Lang::Ru).contains("100000"),
            "{}",
            e.message(Lang::Ru)
        );
        let e = deadlines_command(&format!(r#"{{"events": {list}}}"#)).unwrap_err();
        assert_eq!(
            (e.field.as_str(), &e.problem),
            ("events", &Problem::TooMany)
        );
    }
}
