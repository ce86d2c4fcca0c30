//! The duties that follow from the same failure: supplier notices, home-page notices,
//! reports to the authority (002 §36–37, 000 §25–26).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};

use super::answer::NoticeAnswer;
use super::data::DutyDue;
use super::explanation::human;
use super::types::{Failure, Input, Outcome, Procedure};

/// A duty that follows from the same failure, for the journal to turn into a task.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyItem {
    pub id: String,
    pub clause: String,
    pub due: Option<DateTime<Utc>>,
    /// The procedures it concerns (the extended ones).
    pub procedures: Vec<String>,
    /// The notice must carry announcement and lot numbers (002 §36.1, §37.12, 000 §26.12).
    pub with_numbers: bool,
}

pub(crate) fn duties(input: &Input, f: &Failure, outcomes: &[Outcome]) -> Vec<DutyItem> {
    let clock = input.clock();
    let any_resubmit = outcomes.iter().any(|o| o.resubmit);
    let any_extended = outcomes.iter().any(|o| o.extended);
    let extended: Vec<String> = input
        .procedures
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.extended)
        .map(|(p, _)| p.id.clone())
        .collect();
    input
        .rules
        .duty
        .iter()
        .filter(|d| d.criticality.contains(&f.criticality))
        .filter(|d| !d.only_if_resubmit || any_resubmit)
        .filter(|d| !d.only_if_extended || any_extended)
        .map(|d| DutyItem {
            id: d.id.clone(),
            clause: d.clause.clone(),
            due: match d.due {
                DutyDue::WtAfterConfirmation => {
                    f.confirmed_at.map(|c| clock.add_working(c, d.minutes))
                }
                DutyDue::Immediately => f.confirmed_at,
                DutyDue::WdAfterFix => Some(clock.working_days_after(f.fixed_at, d.n.max(1))),
                DutyDue::None => None,
            },
            procedures: extended.clone(),
            with_numbers: d.with_numbers,
        })
        .collect()
}

/// The procedures a duty concerns, in input order. A set, not `Vec::contains`: with every
/// procedure extended the lookup per procedure made 64,000 procedures take 52 s (issue 11).
fn concerned<'a>(input: &'a Input, d: &DutyItem) -> impl Iterator<Item = &'a Procedure> {
    let ids: HashSet<&str> = d.procedures.iter().map(String::as_str).collect();
    input
        .procedures
        .iter()
        .filter(move |p| ids.contains(p.id.as_str()))
}

pub(crate) fn notices(input: &Input, d: &DutyItem) -> Vec<NoticeAnswer> {
    concerned(input, d)
        .map(|p| NoticeAnswer {
            id: p.id.clone(),
            announcement: p.announcement.clone(),
            lots: p.lots.clone(),
        })
        .collect()
}

pub(crate) fn duty_text(lang: Lang, input: &Input, d: &DutyItem) -> String {
    let numbers: Vec<String> = concerned(input, d)
        .map(|p| {
            let ann = p.announcement.clone().unwrap_or_else(|| p.id.clone());
            if p.lots.is_empty() {
                ann
            } else {
                tr(
                    lang,
                    "ext-lots",
                    &[("announcement", &ann), ("lots", &p.lots.join(", "))],
                )
            }
        })
        .collect();
    let due = d.due.map(human).unwrap_or_default();
    let id = format!("ext-duty-{}", d.id.replace('_', "-"));
    let mut text = tr(lang, &id, &[("clause", &d.clause)]);
    if !due.is_empty() {
        text.push(' ');
        text.push_str(&tr(lang, "ext-duty-due", &[("due", &due)]));
    }
    if !numbers.is_empty() && d.with_numbers {
        text.push(' ');
        text.push_str(&tr(
            lang,
            "ext-duty-procedures",
            &[("list", &numbers.join("; "))],
        ));
    }
    text
}
