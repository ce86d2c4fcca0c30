//! Rule sets as data: one file per regulation in `assets/rules/`, carrying its working
//! hours and, for each obligation, the clause, trigger, clock and duration. The code
//! interprets the files; amending a duration is an edit of a file plus a test.

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveTime};
use desk_vocab::{Criticality, EventKind};
use serde::Deserialize;

use crate::clock::Hours;

const FILES: &[&str] = &[
    include_str!("../../../assets/rules/GZ-692.toml"),
    include_str!("../../../assets/rules/GZ-627.toml"),
    include_str!("../../../assets/rules/QUASI-1216.toml"),
    include_str!("../../../assets/rules/ETP-CC.toml"),
    include_str!("../../../assets/rules/ENERGY-366.toml"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Received,
    Registered,
    Confirmed,
    Refuted,
    Fixed,
    /// The first registration of the problem, else this appeal's (002 §38).
    Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ClockKind {
    /// Working time.
    #[serde(rename = "WT")]
    Wt,
    /// Calendar time.
    #[serde(rename = "CT")]
    Ct,
    /// Working days, due at the closing hour.
    #[serde(rename = "WD")]
    Wd,
    /// The end of the working day on which working time first covers the trigger.
    #[serde(rename = "EOD")]
    Eod,
}

impl ClockKind {
    /// The clock's name in `desk deadlines` output (deadlines.md §2).
    pub fn label(self) -> &'static str {
        match self {
            ClockKind::Wt | ClockKind::Eod => "WT",
            ClockKind::Ct => "CT",
            ClockKind::Wd => "WD",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct When {
    #[serde(default)]
    pub criticality: Vec<Criticality>,
    pub operator_fault: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ObligationRule {
    pub id: String,
    pub clause: String,
    pub trigger: Trigger,
    pub clock: ClockKind,
    #[serde(default)]
    pub minutes: i64,
    #[serde(default)]
    pub days: u32,
    /// The events that meet it; the first is what the journal's "done" records.
    pub met_by: Vec<EventKind>,
    #[serde(default)]
    pub when: When,
    /// Requests for information stop this clock (002 §38).
    #[serde(default)]
    pub pausable: bool,
    /// Owed to the user who appealed: absent when no user appealed (002 §27–30,
    /// deadlines.md §3.7).
    #[serde(default)]
    pub to_user: bool,
    /// The due may be extended by a `decision_extended` event by at most this many
    /// calendar days (003 App. 4 §1.5).
    #[serde(default)]
    pub extendable_days: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
struct HoursFile {
    /// The clause that sets these hours (`004 §19`), shown beside them.
    clause: String,
    open: NaiveTime,
    close: NaiveTime,
    lunch: Option<[NaiveTime; 2]>,
}

/// The edition a rule-set file follows and the days of receipt it applies to
/// (deadlines.md §2: a rule set applies by the date of the appeal's receipt).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Edition {
    /// The order and wording the file's clauses are taken from.
    pub text: String,
    /// The first day of receipt it applies to.
    pub from: NaiveDate,
    /// `false` when the material does not give the exact day (an order in force "10
    /// calendar days after its first official publication"): `from` is then the earliest
    /// day the material allows.
    pub exact: bool,
    /// The last day of receipt it applies to (a repealed rule set).
    pub until: Option<NaiveDate>,
    /// Days of receipt on which the file's wording is not the one in force and the one in
    /// force is not in the material: the appeal page warns (issue 13 item 6).
    #[serde(default)]
    pub note: Vec<EditionNote>,
}

/// A warning for appeals received between `from` and `until` (both included); its text is
/// the message `ruleset-note-<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EditionNote {
    pub id: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Edition {
    /// Whether an appeal received on `day` (Astana) may be computed under this rule set.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }

    /// The warnings for an appeal received on `day`.
    pub fn notes_on(&self, day: NaiveDate) -> impl Iterator<Item = &EditionNote> {
        self.note
            .iter()
            .filter(move |n| n.from.is_none_or(|f| f <= day) && n.until.is_none_or(|u| day <= u))
    }
}

#[derive(Debug, Clone, Deserialize)]
struct RuleSetFile {
    id: desk_vocab::RuleSet,
    hours: HoursFile,
    #[serde(default)]
    obligation: Vec<ObligationRule>,
    edition: Edition,
}

#[derive(Debug, Clone)]
pub struct RuleSet {
    pub set: desk_vocab::RuleSet,
    pub id: &'static str,
    pub hours: Hours,
    /// The clause that sets the working hours (`002 §28`, `004 §19`, …).
    pub hours_clause: String,
    pub obligations: Vec<ObligationRule>,
    pub edition: Edition,
}

/// The order obligations are reported in (deadlines.md §3 table).
pub const ORDER: &[&str] = &[
    "register",
    "send_incident_id",
    "analyze",
    "notify_refutation",
    "notify_criticality",
    "post_homepage",
    "notify_participants",
    "inform_authority",
    "report_authority",
    "fix",
];

fn parse(text: &str) -> Result<RuleSet, toml::de::Error> {
    let f: RuleSetFile = toml::from_str(text)?;
    let mut obligations = f.obligation;
    obligations.sort_by_key(|o| {
        ORDER
            .iter()
            .position(|id| *id == o.id)
            .unwrap_or(ORDER.len())
    });
    Ok(RuleSet {
        set: f.id,
        id: f.id.code(),
        hours: Hours {
            open: f.hours.open,
            close: f.hours.close,
            lunch: f.hours.lunch.map(|[a, b]| (a, b)),
        },
        hours_clause: f.hours.clause,
        obligations,
        edition: f.edition,
    })
}

/// Every built-in rule set.
pub fn all() -> &'static [RuleSet] {
    static SETS: OnceLock<Vec<RuleSet>> = OnceLock::new();
    SETS.get_or_init(|| FILES.iter().filter_map(|f| parse(f).ok()).collect())
}

/// The rule set of a code, for the JSON edge (`desk deadlines`).
pub fn find(id: &str) -> Option<&'static RuleSet> {
    all().iter().find(|r| r.id == id)
}

/// The built-in data of a rule set; `None` only if its file failed to parse, which the
/// tests below rule out.
pub fn of(set: desk_vocab::RuleSet) -> Option<&'static RuleSet> {
    all().iter().find(|r| r.set == set)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_rule_set_file_parses_and_names_its_clauses() {
        for f in FILES {
            let r = parse(f).unwrap();
            for o in &r.obligations {
                assert!(
                    ORDER.contains(&o.id.as_str()),
                    "{}: unknown obligation {}",
                    r.id,
                    o.id
                );
                assert!(o.clause.contains('§'), "{} {} cites no clause", r.id, o.id);
            }
        }
        let ids: Vec<&str> = all().iter().map(|r| r.id).collect();
        for set in desk_vocab::RuleSet::ALL {
            assert!(of(*set).is_some(), "{set} has no rule-set file");
        }
        assert_eq!(
            ids,
            ["GZ-692", "GZ-627", "QUASI-1216", "ETP-CC", "ENERGY-366"]
        );
    }

    #[test]
    fn each_rule_set_names_its_edition_and_the_days_it_applies_to() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let e = |id: &str| &find(id).unwrap().edition;
        // deadlines.md §2: GZ-692 until 31.12.2024, GZ-627 from 01.01.2025 (627 §4).
        assert!(e("GZ-692").covers(d("2024-12-31")) && !e("GZ-692").covers(d("2025-01-01")));
        assert!(!e("GZ-627").covers(d("2024-12-31")) && e("GZ-627").covers(d("2025-01-01")));
        assert!(e("GZ-627").exact && e("GZ-627").text.contains("783"));
        // Order No. 139 and Order No. 366: 10 CD after a publication the material does not
        // date, so only the earliest day is known.
        assert_eq!(
            (e("GZ-692").from, e("GZ-692").exact),
            (d("2020-02-27"), false)
        );
        assert_eq!(
            (e("ENERGY-366").from, e("ENERGY-366").exact),
            (d("2025-09-27"), false)
        );
        assert_eq!(e("ETP-CC").from, d("2025-10-08"));
        // 000 §16, §17, §32 re-worded by Order No. 297 from 12.07.2026, not in the material.
        let notes = |day: &str| -> Vec<String> {
            e("GZ-627").notes_on(d(day)).map(|n| n.id.clone()).collect()
        };
        assert_eq!(notes("2026-07-11"), Vec::<String>::new());
        assert_eq!(notes("2026-07-12"), ["gz-627-297"]);
        assert_eq!(notes("2025-03-01"), ["gz-627-783"]);
        for r in all() {
            assert!(
                r.edition.until.is_none_or(|u| r.edition.from <= u),
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn working_hours_follow_deadlines_md_section_2() {
        let h = |id: &str| {
            let r = find(id).unwrap();
            (
                r.hours.open.to_string(),
                r.hours.close.to_string(),
                r.hours.lunch.is_some(),
            )
        };
        assert_eq!(
            h("QUASI-1216"),
            ("09:00:00".into(), "18:30:00".into(), true)
        );
        assert_eq!(h("GZ-627"), ("09:00:00".into(), "18:30:00".into(), true));
        assert_eq!(h("GZ-692"), ("09:00:00".into(), "19:00:00".into(), false));
        assert_eq!(h("ETP-CC"), ("09:00:00".into(), "20:00:00".into(), false));
        assert_eq!(
            h("ENERGY-366"),
            ("09:00:00".into(), "18:30:00".into(), false)
        );
    }
}
