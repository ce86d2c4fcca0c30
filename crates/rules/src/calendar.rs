//! Kazakhstan's working calendar (deadlines.md §1): Monday–Friday, minus holidays and the
//! days off they move to, plus weekend days made working by decree. One editable file per
//! year in `assets/calendars/`, embedded at build time.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use crate::InputError;

const FILES: &[&str] = &[
    include_str!("../../../assets/calendars/kz-2019.toml"),
    include_str!("../../../assets/calendars/kz-2020.toml"),
    include_str!("../../../assets/calendars/kz-2021.toml"),
    include_str!("../../../assets/calendars/kz-2022.toml"),
    include_str!("../../../assets/calendars/kz-2023.toml"),
    include_str!("../../../assets/calendars/kz-2024.toml"),
    include_str!("../../../assets/calendars/kz-2025.toml"),
    include_str!("../../../assets/calendars/kz-2026.toml"),
    include_str!("../../../assets/calendars/kz-2027.toml"),
];

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    days_off: Vec<NaiveDate>,
    working_days: Vec<NaiveDate>,
}

/// Which days are working days: a flag per day over the years covered, so a lookup is an
/// index, not a search (the clocks ask millions of times a second).
#[derive(Debug, Clone)]
pub struct Calendar {
    first: NaiveDate,
    working: Vec<bool>,
}

fn default_working(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// The built-in calendar. The data files are part of the binary; a broken one is a
    /// build defect caught by the tests, and reads as "weekends only" rather than a panic.
    pub fn builtin() -> &'static Calendar {
        static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        CAL.get_or_init(|| {
            let years: Vec<YearFile> = FILES
                .iter()
                .filter_map(|f| toml::from_str(f).ok())
                .collect();
            Calendar::from_years(&years)
        })
    }

    fn from_years(years: &[YearFile]) -> Calendar {
        let lo = years.iter().map(|y| y.year).min().unwrap_or(2019);
        let hi = years.iter().map(|y| y.year).max().unwrap_or(2027);
        // One spare year each side, so arithmetic near the edges stays on weekends only.
        let first = NaiveDate::from_ymd_opt(lo - 1, 1, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(hi + 2, 1, 1).unwrap_or_default();
        let working = first
            .iter_days()
            .take_while(|d| *d < last)
            .map(default_working)
            .collect();
        let mut cal = Calendar { first, working };
        for y in years {
            for d in &y.days_off {
                cal.set(*d, false);
            }
            for d in &y.working_days {
                cal.set(*d, true);
            }
        }
        cal
    }

    fn index(&self, d: NaiveDate) -> Option<usize> {
        usize::try_from((d - self.first).num_days())
            .ok()
            .filter(|i| *i < self.working.len())
    }

    fn set(&mut self, d: NaiveDate, working: bool) {
        if let Some(i) = self.index(d) {
            self.working[i] = working;
        }
    }

    /// Applies an input's overrides (deadlines.md §1) on top of the built-in data.
    pub fn with_overrides(&self, holidays: &[NaiveDate], working_days: &[NaiveDate]) -> Calendar {
        let mut cal = self.clone();
        for d in holidays {
            cal.set(*d, false);
        }
        for d in working_days {
            cal.set(*d, true);
        }
        cal
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(i) => self.working[i],
            None => default_working(d),
        }
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut n = d;
        loop {
            n = n.succ_opt().unwrap_or(n);
            if self.is_working_day(n) {
                return n;
            }
        }
    }

    /// The `n`-th working day strictly after `d` (002 §38: the day itself never counts).
    pub fn nth_working_day_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        (0..n.max(1)).fold(d, |day, _| self.next_working_day(day))
    }
}

/// Parses `YYYY-MM-DD` from an input field.
pub fn parse_date(s: &str, field: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| InputError::bad_date(field, s))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn days_off(year: i32) -> Vec<String> {
        let cal = Calendar::builtin();
        d(&format!("{year}-01-01"))
            .iter_days()
            .take_while(|x| x.year() == year)
            .filter(|x| default_working(*x) && !cal.is_working_day(*x))
            .map(|x| x.format("%d.%m").to_string())
            .collect()
    }

    #[test]
    fn every_year_file_parses() {
        for f in FILES {
            assert!(toml::from_str::<YearFile>(f).is_ok(), "{}", &f[..80]);
        }
    }

    #[test]
    fn calendar_2025_matches_the_published_production_calendar() {
        // deadlines.md §1: 2025 days off besides Saturdays and Sundays.
        assert_eq!(
            days_off(2025),
            [
                "01.01", "02.01", "03.01", "07.01", "10.03", "21.03", "24.03", "25.03", "01.05",
                "07.05", "09.05", "06.06", "07.07", "01.09", "27.10", "16.12"
            ]
        );
        // Sunday 5 January 2025 was worked instead of 3 January.
        assert!(Calendar::builtin().is_working_day(d("2025-01-05")));
    }

    #[test]
    fn calendar_2026_matches_the_published_production_calendar() {
        assert_eq!(
            days_off(2026),
            [
                "01.01", "02.01", "07.01", "09.03", "23.03", "24.03", "25.03", "01.05", "07.05",
                "11.05", "27.05", "06.07", "31.08", "26.10", "16.12"
            ]
        );
    }

    #[test]
    fn a_secular_holiday_on_a_weekend_moves_but_a_religious_one_does_not() {
        let cal = Calendar::builtin();
        // 8 March 2026 is a Sunday: Monday 9 March is off.
        assert!(!cal.is_working_day(d("2026-03-09")));
        // Kurban Ait 2024 fell on Sunday 16 June: Monday 17 June was worked.
        assert!(cal.is_working_day(d("2024-06-17")));
        // Republic Day exists from 2022 (25 Oct 2022 was a Tuesday); 1 December stopped.
        assert!(!cal.is_working_day(d("2022-10-25")));
        assert!(cal.is_working_day(d("2022-12-01")));
        assert!(!cal.is_working_day(d("2021-12-01")));
    }

    #[test]
    fn overrides_add_holidays_and_working_saturdays() {
        let cal = Calendar::builtin().with_overrides(&[d("2026-03-10")], &[d("2026-03-14")]);
        assert!(!cal.is_working_day(d("2026-03-10")));
        assert!(cal.is_working_day(d("2026-03-14")));
        assert_eq!(cal.next_working_day(d("2026-03-13")), d("2026-03-14"));
    }

    #[test]
    fn working_days_after_skip_the_day_itself_weekends_and_holidays() {
        let cal = Calendar::builtin();
        // Friday 20 March 2026 → the next working day is Thursday 26 March (21–25 off).
        assert_eq!(cal.next_working_day(d("2026-03-20")), d("2026-03-26"));
        assert_eq!(
            cal.nth_working_day_after(d("2026-03-10"), 2),
            d("2026-03-12")
        );
    }
}
