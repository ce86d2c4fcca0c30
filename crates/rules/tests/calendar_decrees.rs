//! The Government's (from 2024 the Labour Ministry's) decree transfers of days off, one
//! test per year: the weekday becomes a day off and the weekend day a working day, and
//! the clocks follow.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use desk_rules::calendar::Calendar;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn moved(off: &str, worked: &str) {
    let cal = Calendar::builtin();
    assert!(!cal.is_working_day(d(off)), "{off} should be a day off");
    assert!(cal.is_working_day(d(worked)), "{worked} should be worked");
}

#[test]
fn decree_2020_moves_three_days_off_and_two_sundays_are_worked() {
    // Sun 5 Jan → Fri 3 Jan; Mon 11 May (9 May's transfer) → Fri 8 May; Sun 20 Dec → Fri 18 Dec.
    moved("2020-01-03", "2020-01-05");
    moved("2020-05-08", "2020-05-11");
    moved("2020-12-18", "2020-12-20");
}

#[test]
fn decree_2021_moves_saturday_3_july_to_monday_5_july() {
    moved("2021-07-05", "2021-07-03");
}

#[test]
fn decree_713_of_2021_moves_three_saturdays_of_2022() {
    moved("2022-03-07", "2022-03-05");
    moved("2022-08-29", "2022-08-27");
    moved("2022-10-24", "2022-10-22");
}

#[test]
fn decree_2023_moves_saturday_1_july_to_friday_7_july() {
    moved("2023-07-07", "2023-07-01");
}

#[test]
fn order_2024_moves_saturday_4_may_to_wednesday_8_may() {
    moved("2024-05-08", "2024-05-04");
    // The worked Saturday counts: 2 WD after Fri 3 May 2024 are Sat 4 and Mon 6 May.
    assert_eq!(
        Calendar::builtin().nth_working_day_after(d("2024-05-03"), 2),
        d("2024-05-06")
    );
    // And the day off does not: the working day after Tue 7 May is Fri 10 May.
    assert_eq!(
        Calendar::builtin().next_working_day(d("2024-05-07")),
        d("2024-05-10")
    );
}
