//! How soon the user is asked to report a failure once detected (issue 12 item 12):
//! 000 §15.1, 002 §28.1 and 001 §6.1 within 1 hour, 004 §25 within 3 working days. A
//! later report is flagged, never refused: the contact centre still takes the appeal.

use chrono::{DateTime, Duration, Utc};
use desk_vocab::RuleSet;

use crate::calendar::Calendar;
use crate::clock::WorkClock;
use crate::ruleset;

/// The user's reporting limit under one rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportLimit {
    /// Calendar hours from the detection.
    Hours(i64),
    /// Working days after the detection's anchor day, due at the closing hour.
    WorkingDays(u32),
}

/// A report received after the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateReport {
    pub clause: &'static str,
    pub limit: ReportLimit,
    /// When the report was due.
    pub due: DateTime<Utc>,
}

/// The clause and limit of `rules`; ETP-CC states none.
pub fn report_limit(rules: RuleSet) -> Option<(&'static str, ReportLimit)> {
    match rules {
        RuleSet::Gz627 => Some(("000 §15.1", ReportLimit::Hours(1))),
        RuleSet::Quasi1216 => Some(("002 §28.1", ReportLimit::Hours(1))),
        RuleSet::Gz692 => Some(("001 §6.1", ReportLimit::Hours(1))),
        RuleSet::Energy366 => Some(("004 §25", ReportLimit::WorkingDays(3))),
        RuleSet::EtpCc => None,
    }
}

/// `Some` when an appeal received at `received_at` about a failure detected at
/// `detected_at` came later than its rule set asks.
pub fn late_report(
    rules: RuleSet,
    detected_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Option<LateReport> {
    let (clause, limit) = report_limit(rules)?;
    let due = match limit {
        ReportLimit::Hours(h) => detected_at + Duration::hours(h),
        ReportLimit::WorkingDays(n) => WorkClock {
            calendar: Calendar::builtin(),
            hours: ruleset::of(rules)?.hours,
            round_the_clock: false,
        }
        .working_days_after(detected_at, n),
    };
    (received_at > due).then_some(LateReport { clause, limit, due })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::clock::from_local;

    fn at(s: &str) -> DateTime<Utc> {
        from_local(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
    }

    #[test]
    fn s15_1_s28_1_s6_1_a_report_more_than_an_hour_after_detection_is_late() {
        for rules in [RuleSet::Gz627, RuleSet::Quasi1216, RuleSet::Gz692] {
            let detected = at("2026-03-10 09:00");
            // Exactly one hour: on time.
            assert_eq!(late_report(rules, detected, at("2026-03-10 10:00")), None);
            let late = late_report(rules, detected, at("2026-03-10 10:01")).unwrap();
            assert_eq!(
                (late.limit, late.due),
                (ReportLimit::Hours(1), at("2026-03-10 10:00"))
            );
        }
        assert_eq!(
            late_report(
                RuleSet::Quasi1216,
                at("2026-03-10 09:00"),
                at("2026-03-10 10:01")
            )
            .unwrap()
            .clause,
            "002 §28.1"
        );
    }

    #[test]
    fn s25_energy_366_allows_three_working_days_and_etp_cc_states_no_limit() {
        // 004 §25: detected Thu 5.03.2026 10:00; Fri 6, (Sun 8 is a holiday, moved to Mon
        // 9), Tue 10, Wed 11 → the 3rd WD is Wed 11.03, due at its closing.
        let detected = at("2026-03-05 10:00");
        let late = late_report(RuleSet::Energy366, detected, at("2026-03-12 09:00")).unwrap();
        assert_eq!(
            (late.clause, late.limit),
            ("004 §25", ReportLimit::WorkingDays(3))
        );
        assert!(late.due < at("2026-03-12 00:00") && late.due > at("2026-03-11 00:00"));
        assert_eq!(
            late_report(RuleSet::Energy366, detected, at("2026-03-11 12:00")),
            None
        );
        assert_eq!(
            late_report(RuleSet::EtpCc, detected, at("2026-03-20 12:00")),
            None
        );
    }
}
