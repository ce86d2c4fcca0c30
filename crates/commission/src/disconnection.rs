//! A ground to disconnect a trading platform found in the journal: "systematic, daily,
//! continuous technical failures for more than 7 calendar days affecting the placing and
//! confirming of orders" (003 App. 7 §47.3), and the unified operator's 5 working days to
//! decide from the day the ground was found (§48).
//!
//! Pure: the caller gives the failures (the journal's confirmed ETP-CC failures, each
//! with the platform it concerns and its days), this finds the streaks. A streak is a
//! proposal for the Commission, not a decision: whether the failures affected orders is
//! for people to judge.
//!
//! Readings (docs/rules.md, "Commission cases"): a failure covers every calendar day
//! (Astana) from the day it began to the day it was fixed, both included, and an open one
//! up to the day judged on; days covered by failures one after another, with no day
//! between them free of failure, are one streak; "more than 7 days" is 8 days or more,
//! so the ground is found on the streak's 8th day.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use desk_rules::calendar::Calendar;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// More than this many consecutive calendar days of failures is a ground (§47.3).
pub const STREAK_DAYS: u32 = 7;
/// Working days to decide a disconnection from the day its ground was found (§48).
pub const DECISION_WORKING_DAYS: u32 = 5;

/// One confirmed failure of a platform, by its days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The platform as the appeal names it.
    pub platform: String,
    /// The appeal's incident number.
    pub number: String,
    pub from: NaiveDate,
    /// The day it was fixed; `None` while it is not.
    pub to: Option<NaiveDate>,
}

/// Days of failure one after another on one platform, more than 7 of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Streak {
    pub platform: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
    /// Still running on the day judged on (a failure of it is not fixed).
    pub ongoing: bool,
    /// The incident numbers of the failures it is made of, oldest first.
    pub appeals: Vec<String>,
    /// The streak's 8th day: the ground is found (§47.3).
    pub found_on: NaiveDate,
    /// 5 WD after `found_on`: the decision is due (§48).
    pub decide_by: NaiveDate,
}

/// The platform's name as streaks group it: case and spacing do not make another one.
fn key(platform: &str) -> String {
    platform
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The streaks of more than 7 days in `failures`, judged on `as_of` (an open failure runs
/// to it; nothing after it counts), by platform and then oldest first.
pub fn streaks(failures: &[Failure], as_of: NaiveDate) -> Vec<Streak> {
    let mut by_platform: BTreeMap<String, Vec<&Failure>> = BTreeMap::new();
    for f in failures {
        if f.platform.trim().is_empty() || f.from > as_of {
            continue;
        }
        by_platform.entry(key(&f.platform)).or_default().push(f);
    }
    let mut out = Vec::new();
    for group in by_platform.values_mut() {
        group.sort_by(|a, b| (a.from, &a.number).cmp(&(b.from, &b.number)));
        let mut run: Option<(NaiveDate, NaiveDate, bool, Vec<String>)> = None;
        for f in group.iter() {
            let (to, open) = match f.to {
                Some(d) if d <= as_of => (d.max(f.from), false),
                _ => (as_of, true),
            };
            run = match run.take() {
                // The next day after the run's last one still continues it.
                Some((from, end, ongoing, mut numbers))
                    if f.from <= end.checked_add_days(Days::new(1)).unwrap_or(end) =>
                {
                    numbers.push(f.number.clone());
                    Some((from, end.max(to), ongoing || open, numbers))
                }
                done => {
                    if let Some(r) = done {
                        push(&mut out, &group[0].platform, r, as_of);
                    }
                    Some((f.from, to, open, vec![f.number.clone()]))
                }
            };
        }
        if let Some(r) = run {
            push(&mut out, &group[0].platform, r, as_of);
        }
    }
    out
}

fn push(
    out: &mut Vec<Streak>,
    platform: &str,
    (from, to, open, appeals): (NaiveDate, NaiveDate, bool, Vec<String>),
    as_of: NaiveDate,
) {
    let days = u32::try_from((to - from).num_days() + 1).unwrap_or(0);
    if days <= STREAK_DAYS {
        return;
    }
    let found_on = from
        .checked_add_days(Days::new(u64::from(STREAK_DAYS)))
        .unwrap_or(to);
    out.push(Streak {
        platform: platform.trim().to_owned(),
        from,
        to,
        days,
        ongoing: open && to == as_of,
        appeals,
        found_on,
        decide_by: Calendar::builtin().nth_working_day_after(found_on, DECISION_WORKING_DAYS),
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%d.%m.%Y").unwrap()
    }

    fn failure(platform: &str, number: &str, from: &str, to: Option<&str>) -> Failure {
        Failure {
            platform: platform.into(),
            number: number.into(),
            from: d(from),
            to: to.map(d),
        }
    }

    #[test]
    fn a47_3_eight_days_of_failures_one_after_another_are_a_ground_seven_are_not() {
        // 003 App. 7 §47.3: "more than 7 calendar days". Failures 1–4 and 5–8 March 2026
        // (the second begins the day after the first was fixed) are one streak of 8 days.
        let eight = [
            failure("ЭСА «Тендер»", "A1", "01.03.2026", Some("04.03.2026")),
            failure("ЭСА «Тендер»", "A2", "05.03.2026", Some("08.03.2026")),
        ];
        let found = streaks(&eight, d("20.03.2026"));
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(
            (s.from, s.to, s.days),
            (d("01.03.2026"), d("08.03.2026"), 8)
        );
        assert_eq!(s.appeals, ["A1", "A2"]);
        assert!(!s.ongoing);
        // The ground is found on the 8th day; §48: 5 WD to decide. Sunday 8 March 2026 is
        // Women's Day on a day off, moved to Monday 9 March: the 5 WD are 10–16 March.
        assert_eq!(s.found_on, d("08.03.2026"));
        assert_eq!(s.decide_by, d("16.03.2026"));

        let seven = [failure(
            "ЭСА «Тендер»",
            "A1",
            "01.03.2026",
            Some("07.03.2026"),
        )];
        assert!(streaks(&seven, d("20.03.2026")).is_empty());
    }

    #[test]
    fn a47_3_a_day_without_failure_breaks_the_streak() {
        let gap = [
            failure("ЭСА «Тендер»", "A1", "01.03.2026", Some("04.03.2026")),
            failure("ЭСА «Тендер»", "A2", "06.03.2026", Some("10.03.2026")),
        ];
        assert!(streaks(&gap, d("20.03.2026")).is_empty());
    }

    #[test]
    fn a47_3_an_open_failure_runs_to_the_day_judged_on_and_the_streak_is_ongoing() {
        let open = [failure("ЭСА «Тендер»", "A1", "10.03.2026", None)];
        assert!(streaks(&open, d("16.03.2026")).is_empty(), "7 days so far");
        let s = &streaks(&open, d("17.03.2026"))[0];
        assert_eq!((s.days, s.ongoing, s.to), (8, true, d("17.03.2026")));
        // A fix recorded after the day judged on is not known then.
        let fixed_later = [failure(
            "ЭСА «Тендер»",
            "A1",
            "10.03.2026",
            Some("30.03.2026"),
        )];
        assert_eq!(streaks(&fixed_later, d("17.03.2026"))[0].days, 8);
    }

    #[test]
    fn a47_3_platforms_are_judged_apart_and_their_names_by_case_and_spacing_alike() {
        let mixed = [
            failure("ЭСА «Тендер»", "A1", "01.03.2026", Some("04.03.2026")),
            failure("эса  «тендер» ", "A2", "05.03.2026", Some("08.03.2026")),
            failure("ЭСА «Сауда»", "B1", "03.03.2026", Some("06.03.2026")),
            failure("", "C1", "01.03.2026", None),
        ];
        let found = streaks(&mixed, d("20.03.2026"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].platform, "ЭСА «Тендер»");
        assert_eq!(found[0].appeals, ["A1", "A2"]);
    }

    #[test]
    fn a47_3_overlapping_failures_make_one_streak_counted_by_days_not_by_appeals() {
        let overlapping = [
            failure("ЭСА «Тендер»", "A1", "01.03.2026", Some("06.03.2026")),
            failure("ЭСА «Тендер»", "A2", "02.03.2026", Some("03.03.2026")),
            failure("ЭСА «Тендер»", "A3", "06.03.2026", Some("09.03.2026")),
        ];
        let s = &streaks(&overlapping, d("20.03.2026"))[0];
        assert_eq!(
            (s.from, s.to, s.days),
            (d("01.03.2026"), d("09.03.2026"), 9)
        );
        assert_eq!(s.appeals, ["A1", "A2", "A3"]);
    }
}
