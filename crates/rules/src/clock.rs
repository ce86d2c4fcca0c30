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

/// How the contact centre works during a support-hours period (000 §15, 002 §28: longer
/// hours or round-the-clock support agreed with the authorised body; deadlines.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportMode {
    /// Working time is calendar time.
    RoundTheClock,
    /// Working days from `open` to `close`, without the rule set's lunch (the period
    /// states the hours the centre is open).
    Extended { open: NaiveTime, close: NaiveTime },
}

/// Support hours in force from `from` (included) to `to` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupportPeriod {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub mode: SupportMode,
}

/// The working-time clock of one rule set on one calendar.
#[derive(Debug, Clone, Copy)]
pub struct WorkClock<'a> {
    pub calendar: &'a Calendar,
    pub hours: Hours,
    /// 24/7 mode: working time equals calendar time.
    pub round_the_clock: bool,
}

impl<'a> WorkClock<'a> {
    /// This clock with dated support-hours periods on top of the rule set's hours.
    pub fn with_support(self, periods: &'a [SupportPeriod]) -> SupportClock<'a> {
        SupportClock {
            base: self,
            periods,
        }
    }

    fn plain(&self) -> SupportClock<'a> {
        self.with_support(&[])
    }

    /// The first working instant at or after `t` (a trigger outside working time starts
    /// counting at the next opening; one during lunch, when lunch ends).
    pub fn next_working(&self, t: NaiveDateTime) -> NaiveDateTime {
        self.plain().next_working(t)
    }

    /// `minutes` of working time after `start` (WT clock).
    pub fn add_working(&self, start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        self.plain().add_working(start, minutes)
    }

    pub fn add_working_local(&self, start: NaiveDateTime, amount: Duration) -> NaiveDateTime {
        self.plain().add_working_local(start, amount)
    }

    /// Working time between two instants (for pauses measured on a WD clock).
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        self.plain().working_between(from, to)
    }

    /// WD clock: due at the closing hour of the `n`-th working day strictly after the
    /// anchor day (deadlines.md §2).
    pub fn working_days_after(&self, trigger: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        self.plain().working_days_after(trigger, n)
    }

    /// The end of the working day on which working time first covers `trigger` (000 §16).
    pub fn end_of_working_day(&self, trigger: DateTime<Utc>) -> DateTime<Utc> {
        self.plain().end_of_working_day(trigger)
    }

    /// Whether an instant lies in working time (closing and lunch-start included, as the
    /// instants a stretch ends at).
    pub fn in_working_time(&self, t: DateTime<Utc>) -> bool {
        self.plain().in_working_time(t)
    }
}

/// Which hours are in force over a stretch of wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Regime {
    RuleSet,
    Extended(NaiveTime, NaiveTime),
    AllDay,
}

/// The WT/WD/EOD clocks of a rule set with the support-hours periods of a scenario: each
/// period replaces the rule set's hours between its `from` and `to` (deadlines.md §3).
#[derive(Debug, Clone, Copy)]
pub struct SupportClock<'a> {
    pub base: WorkClock<'a>,
    /// Checked not to overlap (`Scenario::with_support_hours`).
    pub periods: &'a [SupportPeriod],
}

impl SupportClock<'_> {
    fn at(day: NaiveDate, t: NaiveTime) -> NaiveDateTime {
        day.and_time(t)
    }

    /// The regime in force at `t` and the instant it ends (`None`: never).
    fn regime_at(&self, t: NaiveDateTime) -> (Regime, Option<NaiveDateTime>) {
        if self.base.round_the_clock {
            return (Regime::AllDay, None);
        }
        let mut next_start: Option<NaiveDateTime> = None;
        for p in self.periods {
            let (from, to) = (to_local(p.from), to_local(p.to));
            if from <= t && t < to {
                let regime = match p.mode {
                    SupportMode::RoundTheClock => Regime::AllDay,
                    SupportMode::Extended { open, close } => Regime::Extended(open, close),
                };
                return (regime, Some(to));
            }
            if from > t {
                next_start = Some(next_start.map_or(from, |n| n.min(from)));
            }
        }
        (Regime::RuleSet, next_start)
    }

    /// The first working stretch of `regime` that ends after `t`, started no earlier
    /// than `t` (`None` end: it never ends).
    fn regime_stretch(
        &self,
        regime: Regime,
        t: NaiveDateTime,
    ) -> (NaiveDateTime, Option<NaiveDateTime>) {
        let calendar = self.base.calendar;
        let (open, close, lunch) = match regime {
            Regime::AllDay => return (t, None),
            Regime::RuleSet => (
                self.base.hours.open,
                self.base.hours.close,
                self.base.hours.lunch,
            ),
            Regime::Extended(open, close) => (open, close, None),
        };
        let mut day = t.date();
        let mut t = t;
        loop {
            if calendar.is_working_day(day) {
                let (o, c) = (Self::at(day, open), Self::at(day, close));
                let t0 = t.max(o);
                match lunch {
                    Some((from, _)) if t0 < Self::at(day, from) => {
                        return (t0, Some(Self::at(day, from)));
                    }
                    Some((_, to)) => {
                        let after = t0.max(Self::at(day, to));
                        if after < c {
                            return (after, Some(c));
                        }
                    }
                    None if t0 < c => return (t0, Some(c)),
                    None => {}
                }
            }
            day = calendar.next_working_day(day);
            t = Self::at(day, open);
        }
    }

    /// The working stretch in force at or after `t`: where counting starts and where it
    /// stops (a closing, a lunch, or the edge of a support-hours period).
    fn stretch(&self, t: NaiveDateTime) -> (NaiveDateTime, Option<NaiveDateTime>) {
        let mut t = t;
        loop {
            let (regime, regime_end) = self.regime_at(t);
            let (start, end) = self.regime_stretch(regime, t);
            match regime_end {
                Some(re) if start >= re => t = re,
                Some(re) => return (start, Some(end.map_or(re, |e| e.min(re)))),
                None => return (start, end),
            }
        }
    }

    pub fn next_working(&self, t: NaiveDateTime) -> NaiveDateTime {
        self.stretch(t).0
    }

    /// `minutes` of working time after `start` (WT clock). The due may fall exactly on
    /// the closing hour or the start of lunch; remaining minutes carry over to the next
    /// stretch (18:20 + 30 min with closing at 18:30 → next working day 09:20).
    pub fn add_working(&self, start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        if self.base.round_the_clock {
            return start + Duration::minutes(minutes);
        }
        from_local(self.add_working_local(to_local(start), Duration::minutes(minutes)))
    }

    pub fn add_working_local(&self, start: NaiveDateTime, amount: Duration) -> NaiveDateTime {
        let mut t = start;
        let mut left = amount;
        loop {
            let (s, end) = self.stretch(t);
            let Some(end) = end else { return s + left };
            if left <= end - s {
                return s + left;
            }
            left -= end - s;
            t = end;
        }
    }

    /// Working time between two instants (pauses measured on a WD clock, what is left of
    /// a paused fix).
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        if self.base.round_the_clock {
            return to - from;
        }
        let (from, to) = (to_local(from), to_local(to));
        let mut total = Duration::zero();
        let mut t = from;
        loop {
            let (s, end) = self.stretch(t);
            if s >= to {
                return total;
            }
            let stop = end.map_or(to, |e| e.min(to));
            total += stop - s;
            match end {
                Some(e) if e < to => t = e,
                _ => return total,
            }
        }
    }

    /// The anchor day of a WD clock (deadlines.md §2): the trigger's date when it lies in
    /// working time, otherwise the date of the next working opening — so Sunday 23:59 and
    /// Monday 00:01 anchor on the same Monday.
    pub fn anchor_day(&self, trigger: DateTime<Utc>) -> NaiveDate {
        if self.in_working_time(trigger) {
            to_local(trigger).date()
        } else {
            self.next_working(to_local(trigger)).date()
        }
    }

    /// Due at the rule set's closing hour of the `n`-th working day strictly after the
    /// anchor day (002 §38: the day of the appeal is not counted). Support-hours periods
    /// move the anchor but not the closing hour (deadlines.md §2, the default reading).
    pub fn working_days_after(&self, trigger: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let day = self
            .base
            .calendar
            .nth_working_day_after(self.anchor_day(trigger), n);
        from_local(Self::at(day, self.base.hours.close))
    }

    /// The end (the rule set's closing hour) of the working day on which working time
    /// first covers `trigger` (000 §16: an appeal is registered the same working day, or
    /// the next one when it arrives out of hours). When support hours reach past the
    /// closing hour, that is the next day's closing.
    pub fn end_of_working_day(&self, trigger: DateTime<Utc>) -> DateTime<Utc> {
        let start = self.next_working(to_local(trigger));
        let close = self.base.hours.close;
        let day = if start.time() <= close {
            start.date()
        } else {
            start.date() + Duration::days(1)
        };
        from_local(Self::at(day, close))
    }

    /// Whether an instant lies in working time: inside a working stretch, or at the
    /// instant one ends (closing, the start of lunch).
    pub fn in_working_time(&self, t: DateTime<Utc>) -> bool {
        if self.base.round_the_clock {
            return true;
        }
        let l = to_local(t);
        if self.stretch(l).0 == l {
            return true;
        }
        let before = l - Duration::seconds(1);
        let (s, end) = self.stretch(before);
        s == before && end.is_none_or(|e| e >= l)
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
        // From a Saturday the anchor day is Monday (its first opening), so 1 WD is
        // Tuesday (deadlines.md §2, edition 2).
        assert_eq!(
            show(clock().working_days_after(t("2026-03-14T10:00:00+05:00"), 1)),
            "2026-03-17T18:30:00+05:00"
        );
    }

    #[test]
    fn working_days_count_from_the_anchor_day_so_sunday_night_and_monday_dawn_agree() {
        // deadlines.md §2.2 table (GZ-627 hours, March 2026; 23–25 March off): the anchor
        // is the trigger's date in working time, else the date of the next opening.
        let c = clock();
        let wd1 = |s: &str| show(c.working_days_after(t(s), 1));
        assert_eq!(
            wd1("2026-03-15T23:59:00+05:00"),
            "2026-03-17T18:30:00+05:00"
        );
        assert_eq!(
            wd1("2026-03-16T00:01:00+05:00"),
            "2026-03-17T18:30:00+05:00"
        );
        assert_eq!(
            wd1("2026-03-16T10:00:00+05:00"),
            "2026-03-17T18:30:00+05:00"
        );
        assert_eq!(
            wd1("2026-03-16T13:30:00+05:00"),
            "2026-03-17T18:30:00+05:00"
        );
        assert_eq!(
            wd1("2026-03-16T19:00:00+05:00"),
            "2026-03-18T18:30:00+05:00"
        );
        assert_eq!(
            wd1("2026-03-20T19:00:00+05:00"),
            "2026-03-27T18:30:00+05:00"
        );
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_round_the_clock_period_counts_calendar_time_only_between_its_from_and_to() {
        // 002 §28: 24/7 support from Tue 10.03 18:00 to Wed 11.03 08:00. 18:20 + 30 min
        // → 18:50 (inside the period); 07:50 + 30 min → 08:00 ends the period with 20 min
        // left → the rule set's opening 09:00 + 20 = 09:20.
        let periods = [SupportPeriod {
            from: t("2026-03-10T18:00:00+05:00"),
            to: t("2026-03-11T08:00:00+05:00"),
            mode: SupportMode::RoundTheClock,
        }];
        let c = clock().with_support(&periods);
        assert_eq!(
            show(c.add_working(t("2026-03-10T18:20:00+05:00"), 30)),
            "2026-03-10T18:50:00+05:00"
        );
        assert_eq!(
            show(c.add_working(t("2026-03-11T07:50:00+05:00"), 30)),
            "2026-03-11T09:20:00+05:00"
        );
        // Outside the period the rule set's hours apply.
        assert_eq!(
            show(c.add_working(t("2026-03-12T18:20:00+05:00"), 30)),
            "2026-03-13T09:20:00+05:00"
        );
    }

    #[test]
    fn an_extended_period_opens_earlier_closes_later_and_has_no_lunch() {
        // 000 §15: 08:00–21:00 agreed for March 2026. 20:50 + 30 → next WD 08:20; 13:10
        // (the rule set's lunch) + 30 → 13:40.
        let periods = [SupportPeriod {
            from: t("2026-03-01T00:00:00+05:00"),
            to: t("2026-04-01T00:00:00+05:00"),
            mode: SupportMode::Extended {
                open: hm(8, 0),
                close: hm(21, 0),
            },
        }];
        let c = clock().with_support(&periods);
        assert_eq!(
            show(c.add_working(t("2026-03-10T20:50:00+05:00"), 30)),
            "2026-03-11T08:20:00+05:00"
        );
        assert_eq!(
            show(c.add_working(t("2026-03-10T13:10:00+05:00"), 30)),
            "2026-03-10T13:40:00+05:00"
        );
        // A trigger at 19:00 lies in working time: its own date is the anchor day.
        assert_eq!(
            show(c.working_days_after(t("2026-03-16T19:00:00+05:00"), 1)),
            "2026-03-17T18:30:00+05:00"
        );
        assert_eq!(
            c.working_between(
                t("2026-03-10T20:00:00+05:00"),
                t("2026-03-11T09:00:00+05:00")
            ),
            Duration::minutes(120)
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
