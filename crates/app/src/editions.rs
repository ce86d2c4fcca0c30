//! Rule-set editions in the journal (issue 13 item 6): a rule set chosen by hand for an
//! appeal received on a day it does not apply to is refused naming its days, and the
//! appeal page warns where the wording in force on the day of receipt is not in the
//! material (000 §16, §17, §32 re-worded by Order No. 297 from 12.07.2026).

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::ASTANA;
use desk_journal::{Field, FieldError, Problem, RuleSet};
use desk_rules::ruleset;

use crate::AppError;

fn day(t: DateTime<Utc>) -> chrono::NaiveDate {
    t.with_timezone(&ASTANA).date_naive()
}

/// Refuses `rules` for an appeal received at `received_at` when its edition does not
/// apply on that Astana day (deadlines.md §2), naming the days it does apply to and the
/// field that chose it (the rule set, or the portal that implied it).
pub(crate) fn check_choice(
    rules: RuleSet,
    received_at: DateTime<Utc>,
    field: Field,
) -> Result<(), AppError> {
    let Some(edition) = ruleset::of(rules).map(|r| &r.edition) else {
        return Ok(());
    };
    if edition.covers(day(received_at)) {
        return Ok(());
    }
    let fmt = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    Err(AppError::Invalid(vec![FieldError::new(
        field,
        Problem::RuleSetNotInForce {
            rules,
            from: fmt(edition.from),
            until: edition.until.map(fmt),
            exact: edition.exact,
        },
    )]))
}

/// The warnings the appeal page shows for an appeal under `rules` received at
/// `received_at`, one sentence each in `lang`.
pub(crate) fn notes(rules: RuleSet, received_at: DateTime<Utc>, lang: Lang) -> Vec<String> {
    ruleset::of(rules)
        .map(|r| {
            r.edition
                .notes_on(day(received_at))
                .map(|n| tr(lang, &format!("ruleset-note-{}", n.id), &[]))
                .collect()
        })
        .unwrap_or_default()
}
