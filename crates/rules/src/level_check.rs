//! ENERGY-366's own reading of a level (issue 12 item 13; 004 §23): high and medium are
//! failures that disrupt the platform for all users *in working time*; a failure outside
//! the working time is low by definition (004 §23.3). A medium or high level recorded for
//! a failure that began out of hours is flagged at triage, never refused: the specialist
//! who sets the level (004 §23.4) may know more than the recorded instants.

use chrono::{DateTime, Utc};
use desk_vocab::{Criticality, RuleSet};

use crate::calendar::Calendar;
use crate::clock::WorkClock;
use crate::ruleset;

/// The clause a level contradicts, when it does.
pub fn out_of_hours_level(
    rules: RuleSet,
    level: Criticality,
    failure_began: DateTime<Utc>,
) -> Option<&'static str> {
    if rules != RuleSet::Energy366 || level == Criticality::Low {
        return None;
    }
    let clock = WorkClock {
        calendar: Calendar::builtin(),
        hours: ruleset::of(rules)?.hours,
        round_the_clock: false,
    };
    (!clock.in_working_time(failure_began)).then_some("004 §23.3")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::from_local;
    use chrono::NaiveDateTime;

    fn astana(s: &str) -> DateTime<Utc> {
        from_local(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default())
    }

    #[test]
    fn s23_a_failure_out_of_working_time_is_low_by_definition_so_a_higher_level_is_flagged() {
        // 004 §19, §23.3: working time 09:00–18:30 on working days (Wed 25 Nov 2026,
        // Sat 28 Nov 2026).
        let evening = astana("2026-11-25 19:10");
        let saturday = astana("2026-11-28 11:00");
        let morning = astana("2026-11-25 10:00");
        for (at, level, flagged) in [
            (evening, Criticality::High, true),
            (saturday, Criticality::Medium, true),
            (evening, Criticality::Low, false),
            (morning, Criticality::High, false),
        ] {
            assert_eq!(
                out_of_hours_level(RuleSet::Energy366, level, at).is_some(),
                flagged,
                "{at} {level:?}"
            );
        }
        // Other rule sets define their levels without working time (002 §34, 000 §23).
        assert_eq!(
            out_of_hours_level(RuleSet::Quasi1216, Criticality::High, evening),
            None
        );
    }
}
