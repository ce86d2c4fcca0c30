//! A supervisor's record of the contact centre's support hours for a dated period
//! (000 §15, 002 §28): round the clock, agreed with the authorised body by a letter, or
//! extended hours such as 08:00–21:00. The clocks of the appeals the period covers use it.

use chrono::{DateTime, NaiveTime, Utc};
use desk_vocab::RuleSet;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Checker, Field, Problem, time};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SupportHoursForm {
    /// `round_the_clock` or `extended`.
    pub mode: String,
    /// Astana time `DD.MM.YYYY HH:MM`, included.
    pub from: String,
    /// Astana time `DD.MM.YYYY HH:MM`, excluded.
    pub to: String,
    /// Extended hours: `HH:MM`.
    pub open: String,
    pub close: String,
    /// The authorised body's letter agreeing to it (number and date); required for round
    /// the clock.
    pub letter: String,
    /// Empty: every rule set.
    pub rule_set: String,
}

/// How the centre works during the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SupportHoursMode {
    RoundTheClock,
    Extended { open: NaiveTime, close: NaiveTime },
}

/// A checked period, as the journal stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidSupportHours {
    pub mode: SupportHoursMode,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub letter: String,
    pub rule_set: Option<RuleSet>,
}

impl ValidSupportHours {
    /// Whether the two periods could apply to one appeal at one instant.
    pub fn overlaps(&self, other: &ValidSupportHours) -> bool {
        let same_scope = match (self.rule_set, other.rule_set) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        same_scope && self.from < other.to && other.from < self.to
    }
}

fn instant(c: &mut Checker, field: Field, value: &str) -> Option<DateTime<Utc>> {
    if value.trim().is_empty() {
        c.fail(field, Problem::Required);
        return None;
    }
    // A period may be planned ahead: the future is allowed here.
    let t = time::parse_astana(value);
    if t.is_none() {
        c.fail(field, Problem::DateTimeFormat);
    }
    t
}

fn hour(c: &mut Checker, field: Field, value: &str) -> Option<NaiveTime> {
    if value.trim().is_empty() {
        c.fail(field, Problem::Required);
        return None;
    }
    let t = NaiveTime::parse_from_str(value.trim(), "%H:%M").ok();
    if t.is_none() {
        c.fail(field, Problem::TimeFormat);
    }
    t
}

impl SupportHoursForm {
    pub fn validate(&self) -> Result<ValidSupportHours, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        let mode = self.mode.trim();
        let from = instant(&mut c, Field::SupportFrom, &self.from);
        let to = instant(&mut c, Field::SupportTo, &self.to);
        if let (Some(f), Some(t)) = (from, to)
            && t <= f
        {
            c.fail(Field::SupportTo, Problem::EndsBeforeStart);
        }
        let letter = c.optional(Field::SupportLetter, &self.letter, 500);
        let mode = match mode {
            "round_the_clock" => {
                // 000 §15, 002 §28: round-the-clock support is agreed with the
                // authorised body; the letter is what shows it.
                if letter.is_empty() {
                    c.fail(Field::SupportLetter, Problem::Required);
                }
                Some(SupportHoursMode::RoundTheClock)
            }
            "extended" => {
                let open = hour(&mut c, Field::SupportOpen, &self.open);
                let close = hour(&mut c, Field::SupportClose, &self.close);
                match (open, close) {
                    (Some(o), Some(cl)) if cl <= o => {
                        c.fail(Field::SupportClose, Problem::EndsBeforeStart);
                        None
                    }
                    (Some(open), Some(close)) => Some(SupportHoursMode::Extended { open, close }),
                    _ => None,
                }
            }
            "" => {
                c.fail(Field::SupportMode, Problem::Required);
                None
            }
            other => {
                c.fail(Field::SupportMode, Problem::UnknownValue(other.to_owned()));
                None
            }
        };
        let rule_set = c.coded(Field::RuleSet, &self.rule_set, RuleSet::from_code, false);
        c.finish(|| {
            Some(ValidSupportHours {
                mode: mode?,
                from: from?,
                to: to?,
                letter,
                rule_set,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s15_s28_round_the_clock_needs_the_letter_and_extended_hours_their_opening_and_closing() {
        let round = SupportHoursForm {
            mode: "round_the_clock".into(),
            from: "01.03.2026 00:00".into(),
            to: "01.04.2026 00:00".into(),
            ..Default::default()
        };
        let errors = round.validate().expect_err("no letter");
        assert_eq!(
            (errors[0].field, &errors[0].problem),
            (Field::SupportLetter, &Problem::Required)
        );
        let ok = SupportHoursForm {
            letter: "№ 12-3/456 от 20.02.2026".into(),
            ..round.clone()
        }
        .validate()
        .expect("valid");
        assert_eq!(ok.mode, SupportHoursMode::RoundTheClock);
        let backwards = SupportHoursForm {
            mode: "extended".into(),
            from: "01.03.2026 00:00".into(),
            to: "01.02.2026 00:00".into(),
            open: "21:00".into(),
            close: "08:00".into(),
            ..Default::default()
        };
        let fields: Vec<Field> = backwards
            .validate()
            .expect_err("backwards")
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::SupportTo, Field::SupportClose]);
        let extended = SupportHoursForm {
            open: "08:00".into(),
            close: "21:00".into(),
            to: "01.04.2026 00:00".into(),
            ..backwards
        }
        .validate()
        .expect("valid");
        assert!(extended.overlaps(&ok), "same dates, every rule set");
    }
}
