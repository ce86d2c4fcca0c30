//! The regulatory clocks of deadlines.md §2, on Astana wall-clock time.
//!
//! Working hours are wall-clock hours, so working-time arithmetic runs on local naive
//! times; calendar-time arithmetic runs on absolute instants (UTC), so the switch from
//! UTC+6 to UTC+5 on 2024-03-01 never adds or loses an hour.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::Calendar;

/// Astana time through the IANA zone (UTC+6 before 2024-03-01, UTC+5 from then on).
pub const ASTANA: Tz = chrono_tz::Asia::Almaty;

pub fn to_local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&ASTANA).naive_local()
}

/// Wall-clock time back to an instant; in the hour repeated at the 2024 switch the
/// earlier reading is taken.
pub fn from_local(t: NaiveDateTime) -> DateTime<Utc> {
    ASTANA
        .from_local_datetime(&t)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&t), |x| x.with_timezone(&Utc))
}

/// A rule set's working hours (deadlines.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub open: NaiveTime,
    pub close: NaiveTime,
    pub lunch: Option<(NaiveTime, NaiveTime)>,
}

/// The working-time clock of one rule set on one calendar.
#[derive(Debug, Clone, Copy)]
pub struct WorkClock<'a> {
    pub calendar: &'a Calendar,
    pub hours: Hours,
    /// 24/7 mode: working time equals calendar time.
    pub round_the_clock: bool,
}

impl WorkClock<'_> {
    fn at(day: NaiveDate, t: NaiveTime) -> NaiveDateTime {
        day.and_time(t)
    }

    /// The first working instant at or after `t` (a trigger outside working time starts
    /// counting at the next opening; one during lunch, when lunch ends).
    pub fn next_working(&self, t: NaiveDateTime) -> NaiveDateTime {
        let mut day = t.date();
        let mut t = t;
        loop {
            if self.calendar.is_working_day(day) {
                let open = Self::at(day, self.hours.open);
                if t < open {
                    return open;
                }
                if let Some((from, to)) = self.hours.lunch
                    && t >= Self::at(day, from)
                    && t < Self::at(day, to)
                {
                    return Self::at(day, to);
                }
                if t < Self::at(day, self.hours.close) {
                    return t;
                }
            }
            day = self.calendar.next_working_day(day);
            t = Self::at(day, self.hours.open);
        }
    }

    /// Where the working stretch containing `t` ends: lunch or closing.
    fn stretch_end(&self, t: NaiveDateTime) -> NaiveDateTime {
        let day = t.date();
        match self.hours.lunch {
            Some((from, _)) if t < Self::at(day, from) => Self::at(day, from),
            _ => Self::at(day, self.hours.close),
        }
    }

    /// `minutes` of working time after `start` (WT clock). The due may fall exactly on
    /// the closing hour or the start of lunch; remaining minutes carry over to the next
    /// stretch (18:20 + 30 min with closing at 18:30 → next working day 09:20).
    pub fn add_working(&self, start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        if self.round_the_clock {
            return start + Duration::minutes(minutes);
        }
        from_local(self.add_working_local(to_local(start), Duration::minutes(minutes)))
    }

    pub fn add_working_local(&self, start: NaiveDateTime, amount: Duration) -> NaiveDateTime {
        let mut t = self.next_working(start);
        let mut left = amount;
        loop {
            let end = self.stretch_end(t);
            let available = end - t;
            if left <= available {
                return t + left;
            }
            left -= available;
            t = self.next_working(end);
        }
    }

    /// Working time between two instants (for pauses measured on a WD clock).
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        if self.round_the_clock {
            return to - from;
        }
        let (from, to) = (to_local(from), to_local(to));
        let mut total = Duration::zero();
        let mut t = self.next_working(from);
        while t < to {
            let end = self.stretch_end(t).min(to);
            total += end - t;
            t = self.next_working(self.stretch_end(t));
        }
        total
    }

    /// Due at the closing hour of the `n`-th working day strictly after the trigger's
    /// date (WD clock; 002 §38: the day of the appeal is not counted).
    pub fn working_days_after(&self, trigger: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let day = self
            .calendar
            .nth_working_day_after(to_local(trigger).date(), n);
        from_local(Self::at(day, self.hours.close))
    }

    /// The end of the working day on which working time first covers `trigger`
    /// (000 §16: an appeal is registered the same working day, or the next one when it
    /// arrives out of hours).
    pub fn end_of_working_day(&self, trigger: DateTime<Utc>) -> DateTime<Utc> {
        if self.round_the_clock {
            let local = to_local(trigger);
            let close = Self::at(local.date(), self.hours.close);
            let due = if local <= close {
                close
            } else {
                Self::at(local.date() + Duration::days(1), self.hours.close)
            };
            return from_local(due);
        }
        let start = self.next_working(to_local(trigger));
        from_local(Self::at(start.date(), self.hours.close))
    }

    /// Whether an instant lies in working time (closing and lunch-start included, as the
    /// instants a stretch ends at).
    pub fn in_working_time(&self, t: DateTime<Utc>) -> bool {
        if self.round_the_clock {
            return true;
        }
        let l = to_local(t);
        let day = l.date();
        if !self.calendar.is_working_day(day) {
            return false;
        }
        let (open, close) = (
            Self::at(day, self.hours.open),
            Self::at(day, self.hours.close),
        );
        let in_lunch = self
            .hours
            .lunch
            .is_some_and(|(from, to)| l > Self::at(day, from) && l < Self::at(day, to));
        l >= open && l <= close && !in_lunch
    }
}

/// The next working day after the date of `reference`, at the time of day of `original`
/// (NWD clock: auction stage, 004 acceptance extension).
pub fn next_working_day_at(
    calendar: &Calendar,
    reference: DateTime<Utc>,
    original: DateTime<Utc>,
) -> DateTime<Utc> {
    let day = calendar.next_working_day(to_local(reference).date());
    from_local(day.and_time(to_local(original).time()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn show(x: DateTime<Utc>) -> String {
        x.with_timezone(&ASTANA).to_rfc3339()
    }

    fn quasi() -> Hours {
        Hours {
            open: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            close: NaiveTime::from_hms_opt(18, 30, 0).unwrap(),
            lunch: Some((
                NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(14, 30, 0).unwrap(),
            )),
        }
    }

    fn clock() -> WorkClock<'static> {
        WorkClock {
            calendar: Calendar::builtin(),
            hours: quasi(),
            round_the_clock: false,
        }
    }

    #[test]
    fn remaining_minutes_carry_over_to_the_next_working_day() {
        // deadlines.md §2: 18:20 + 30 min with closing 18:30 → next WD 09:20.
        assert_eq!(
            show(clock().add_working(t("2026-03-10T18:20:00+05:00"), 30)),
            "2026-03-11T09:20:00+05:00"
        );
        // Friday evening carries over the weekend.
        assert_eq!(
            show(clock().add_working(t("2026-03-13T18:20:00+05:00"), 30)),
            "2026-03-16T09:20:00+05:00"
        );
    }

    #[test]
    fn lunch_does_not_count_and_a_trigger_in_lunch_starts_after_it() {
        // 002 §29: an e-mail during lunch is registered within 30 min after lunch.
        assert_eq!(
            show(clock().add_working(t("2026-03-10T13:10:00+05:00"), 30)),
            "2026-03-10T15:00:00+05:00"
        );
        assert_eq!(
            show(clock().add_working(t("2026-03-10T12:45:00+05:00"), 30)),
            "2026-03-10T14:45:00+05:00"
        );
    }

    #[test]
    fn round_the_clock_working_time_is_calendar_time() {
        let c = WorkClock {
            round_the_clock: true,
            ..clock()
        };
        assert_eq!(
            show(c.add_working(t("2026-03-10T23:50:00+05:00"), 30)),
            "2026-03-11T00:20:00+05:00"
        );
    }

    #[test]
    fn astana_is_utc_plus_6_before_the_2024_switch_and_utc_plus_5_after() {
        // Thursday 29 Feb 2024 18:20 (UTC+6) + 30 min → Friday 1 March 09:20 (UTC+5).
        let due = clock().add_working(t("2024-02-29T18:20:00+06:00"), 30);
        assert_eq!(show(due), "2024-03-01T09:20:00+05:00");
        assert_eq!(due, t("2024-03-01T04:20:00Z"));
        assert_eq!(show(t("2024-02-29T12:00:00Z")), "2024-02-29T18:00:00+06:00");
    }

    #[test]
    fn working_days_are_due_at_closing_and_never_count_the_trigger_day() {
        // 002 §38: 2 WD from Tuesday 10 March 2026 → Thursday 12 March, 18:30.
        assert_eq!(
            show(clock().working_days_after(t("2026-03-10T10:00:00+05:00"), 2)),
            "2026-03-12T18:30:00+05:00"
        );
        // From a Saturday: Monday is the first working day.
        assert_eq!(
            show(clock().working_days_after(t("2026-03-14T10:00:00+05:00"), 1)),
            "2026-03-16T18:30:00+05:00"
        );
    }

    #[test]
    fn a_saturday_made_working_by_decree_counts() {
        let cal = Calendar::builtin()
            .with_overrides(&[], &[NaiveDate::from_ymd_opt(2026, 3, 14).unwrap()]);
        let c = WorkClock {
            calendar: &cal,
            ..clock()
        };
        assert_eq!(
            show(c.add_working(t("2026-03-13T18:20:00+05:00"), 30)),
            "2026-03-14T09:20:00+05:00"
        );
    }

    #[test]
    fn next_working_day_keeps_the_original_time_of_day() {
        let due = next_working_day_at(
            Calendar::builtin(),
            t("2026-03-20T16:00:00+05:00"),
            t("2026-03-18T11:00:00+05:00"),
        );
        assert_eq!(show(due), "2026-03-26T11:00:00+05:00");
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 2019–2027, minute resolution.
        (0i64..(9 * 365 * 24 * 60))
            .prop_map(|m| t("2019-01-01T00:00:00+06:00") + Duration::minutes(m))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn due_is_never_before_the_trigger_and_lies_in_working_time(start in instant(), minutes in 0i64..20_000) {
            let due = clock().add_working(start, minutes);
            prop_assert!(due >= start);
            prop_assert!(clock().in_working_time(due));
        }

        #[test]
        fn adding_working_time_is_monotonic_and_additive(start in instant(), a in 1i64..5_000, b in 1i64..5_000) {
            let c = clock();
            prop_assert!(c.add_working(start, a) <= c.add_working(start, a + b));
            prop_assert_eq!(c.add_working(c.add_working(start, a), b), c.add_working(start, a + b));
        }

        #[test]
        fn working_time_between_inverts_adding_it(start in instant(), minutes in 1i64..5_000) {
            let c = clock();
            let s = c.add_working(start, 0);
            prop_assert_eq!(c.working_between(s, c.add_working(s, minutes)), Duration::minutes(minutes));
        }

        #[test]
        fn working_day_dues_lie_in_working_time(start in instant(), n in 1u32..10) {
            let c = clock();
            let due = c.working_days_after(start, n);
            prop_assert!(due > start && c.in_working_time(due));
        }
    }
}
