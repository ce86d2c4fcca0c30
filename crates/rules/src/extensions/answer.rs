//! The calculator's answer, typed: the journal stores and shows it, `desk extensions`
//! prints it as JSON (deadlines.md §4).

use desk_i18n::{Lang, tr};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::Duration;

use super::compute::{extend, shift_for_maintenance, unmoved};
use super::duties::{DutyItem, duties, duty_text, notices};
use super::explanation::{explain, human, what};
use super::types::{Cause, Input, Maintenance, Outcome, Reason};
use crate::deadlines::json::show;

/// The outcome for every procedure, in input order.
pub fn outcomes(input: &Input) -> Vec<Outcome> {
    let cal = input.calendar();
    input
        .procedures
        .iter()
        .map(|p| match &input.cause {
            Cause::Failure(f) => extend(input.rules, f, p, cal),
            Cause::Maintenance(m) => match input.rules.maintenance() {
                Some(rule) => shift_for_maintenance(&rule, m, p, cal),
                None => unmoved(p, None, Reason::NoRule),
            },
        })
        .collect()
}

/// What happens to one procedure (deadlines.md §4), instants in Astana time (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProcedureAnswer {
    pub id: String,
    pub extended: bool,
    pub new_deadline: String,
    pub clause: Option<String>,
    pub annul_protocol: bool,
    pub resubmit: bool,
    /// One paragraph in the user's language that names the clause.
    pub explanation: String,
}

/// The numbers a notice must carry (002 §36.1, §37.12, 000 §26.12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticeAnswer {
    pub id: String,
    pub announcement: Option<String>,
    pub lots: Vec<String>,
}

/// A duty that follows from the failure, with its due instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DutyAnswer {
    pub id: String,
    pub clause: String,
    pub due: Option<String>,
    pub procedures: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notices: Option<Vec<NoticeAnswer>>,
    pub explanation: String,
}

/// The announcement check of planned works (002 §41, 000 §31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaintenanceAnswer {
    pub clause: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub announced_at: Option<String>,
    pub announce_by: Option<String>,
    pub announced_in_time: Option<bool>,
    pub explanation: String,
    /// The notice for the portal's home page (002 §41, 000 §31: users told of the works
    /// and of the deadlines they move), in the portal's languages whatever `--lang` is.
    #[serde(default)]
    pub announcement: HomePageAnnouncement,
}

/// The home-page notice of planned works, in Kazakh and Russian.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HomePageAnnouncement {
    pub kk: String,
    pub ru: String,
}

/// The notice in `lang`: the works, then each deadline they move, old → new.
fn announcement_text(input: &Input, m: &Maintenance, outs: &[Outcome], lang: Lang) -> String {
    let clause = input
        .rules
        .maintenance()
        .map(|r| r.clause)
        .unwrap_or_default();
    let moved: Vec<String> = input
        .procedures
        .iter()
        .zip(outs)
        .filter(|(_, o)| o.extended)
        .map(|(p, o)| {
            tr(
                lang,
                "ext-announcement-moved",
                &[
                    ("what", &what(lang, p)),
                    ("old", &human(p.deadline)),
                    ("new", &human(o.new_deadline)),
                ],
            )
        })
        .collect();
    let head = tr(
        lang,
        "ext-announcement",
        &[("start", &human(m.starts_at)), ("end", &human(m.ends_at))],
    );
    let tail = if moved.is_empty() {
        tr(lang, "ext-announcement-none", &[])
    } else {
        tr(
            lang,
            "ext-announcement-list",
            &[("clause", clause), ("list", &moved.join("; "))],
        )
    };
    format!("{head} {tail}")
}

/// The top-level answer. deadlines.md §4 defines only the per-procedure object; the
/// wrapper follows `desk deadlines` (`{"rules", "obligations"}`): the rule set, then the
/// procedures in input order, then the duties of the same failure (issue 5 item 4) for the
/// journal to make tasks of. Planned maintenance adds `maintenance` (the announcement
/// check) and its one duty, the announcement, which says when it was late.
/// Field order is the contract's: the JSON is serialised from this struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ExtensionAnswer")]
pub struct Answer {
    pub rules: desk_vocab::RuleSet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub maintenance: Option<MaintenanceAnswer>,
    pub procedures: Vec<ProcedureAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub duties: Option<Vec<DutyAnswer>>,
}

fn maintenance_answer(
    input: &Input,
    m: &Maintenance,
    outs: &[Outcome],
    lang: Lang,
) -> MaintenanceAnswer {
    let rule = input.rules.maintenance();
    let clause = rule.map(|r| r.clause);
    // 002 §41, 000 §31: "не позднее 2 (двух) календарных дней до проведения" — read as
    // 48 hours before the works start (deadlines.md §2.3, the default reading).
    let announce_by = rule.map(|r| m.starts_at - Duration::hours(24 * r.notice_days));
    let in_time = m.announced_at.zip(announce_by).map(|(a, by)| a <= by);
    let c = clause.unwrap_or_default();
    let explanation = match (in_time, announce_by) {
        (Some(true), Some(by)) => tr(
            lang,
            "ext-maintenance-announced-in-time",
            &[("clause", c), ("by", &human(by))],
        ),
        (Some(false), Some(by)) => tr(
            lang,
            "ext-maintenance-announced-late",
            &[
                ("clause", c),
                ("by", &human(by)),
                ("at", &m.announced_at.map(human).unwrap_or_default()),
            ],
        ),
        (_, Some(by)) => tr(
            lang,
            "ext-maintenance-announce-by",
            &[("clause", c), ("by", &human(by))],
        ),
        _ => String::new(),
    };
    MaintenanceAnswer {
        clause: clause.map(str::to_owned),
        starts_at: show(m.starts_at),
        ends_at: show(m.ends_at),
        announced_at: m.announced_at.map(show),
        announce_by: announce_by.map(show),
        announced_in_time: in_time,
        explanation,
        announcement: HomePageAnnouncement {
            kk: announcement_text(input, m, outs, Lang::Kk),
            ru: announcement_text(input, m, outs, Lang::Ru),
        },
    }
}

/// The answer in `lang`: every procedure in input order, then the duties or the
/// announcement check.
pub fn answer(input: &Input, lang: Lang) -> Answer {
    let outs = outcomes(input);
    let procedures = input
        .procedures
        .iter()
        .zip(&outs)
        .map(|(p, o)| ProcedureAnswer {
            id: p.id.clone(),
            extended: o.extended,
            new_deadline: show(o.new_deadline),
            clause: o.clause.clone(),
            annul_protocol: o.annul_protocol,
            resubmit: o.resubmit,
            explanation: explain(lang, input.rules.id.code(), &input.cause, p, o),
        })
        .collect();
    let maintenance = match &input.cause {
        Cause::Maintenance(m) => Some(maintenance_answer(input, m, &outs, lang)),
        Cause::Failure(_) => None,
    };
    let duties = match (&input.cause, &maintenance) {
        (Cause::Failure(f), _) => Some(
            duties(input, f, &outs)
                .iter()
                .map(|d| duty_answer(input, d, lang))
                .collect(),
        ),
        (Cause::Maintenance(_), Some(m)) => Some(announcement_duty(input, &outs, m)),
        (Cause::Maintenance(_), None) => None,
    };
    Answer {
        rules: input.rules.id,
        maintenance,
        procedures,
        duties,
    }
}

/// 002 §41, 000 §31: the announcement of the works, due 48 h before they start; its
/// explanation says whether it was made in time or late.
fn announcement_duty(input: &Input, outs: &[Outcome], m: &MaintenanceAnswer) -> Vec<DutyAnswer> {
    let Some(clause) = m.clause.clone() else {
        return Vec::new();
    };
    let procedures = input
        .procedures
        .iter()
        .zip(outs)
        .filter(|(_, o)| o.extended)
        .map(|(p, _)| p.id.clone())
        .collect();
    vec![DutyAnswer {
        id: "announce_maintenance".to_owned(),
        clause,
        due: m.announce_by.clone(),
        procedures,
        notices: None,
        explanation: m.explanation.clone(),
    }]
}

fn duty_answer(input: &Input, d: &DutyItem, lang: Lang) -> DutyAnswer {
    DutyAnswer {
        id: d.id.clone(),
        clause: d.clause.clone(),
        due: d.due.map(show),
        procedures: d.procedures.clone(),
        notices: d.with_numbers.then(|| notices(input, d)),
        explanation: duty_text(lang, input, d),
    }
}

/// The `desk extensions` answer as JSON text, fields in the order of deadlines.md §4.
pub fn answer_json(input: &Input, lang: Lang) -> String {
    // Plain structs of strings and booleans always serialise.
    serde_json::to_string(&answer(input, lang)).unwrap_or_default()
}
