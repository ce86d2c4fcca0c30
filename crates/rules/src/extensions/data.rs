//! The extension rules as data: `assets/rules/extensions/<rule set>.toml` lists, per
//! clause, which procedures it matches and how their deadline moves.

use std::sync::OnceLock;

use desk_vocab::{AcceptanceMethod as Method, Criticality, ProcedureKind as Kind};
use serde::Deserialize;

const FILES: &[&str] = &[
    include_str!("../../../../assets/rules/extensions/QUASI-1216.toml"),
    include_str!("../../../../assets/rules/extensions/GZ-627.toml"),
    include_str!("../../../../assets/rules/extensions/ENERGY-366.toml"),
];

/// Which deadlines a rule reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Scope {
    /// `started_at ≤ deadline ≤ fixed_at` (deadlines.md §4).
    Window,
    /// The deadline's date is one of the failure's dates (004 §29.3, 002 §48).
    Date,
    /// Still running when the failure started (002 §37.9, 000 §26.9).
    Open,
    /// Already over when the failure started (002 §37.10, 000 §26.10).
    Closed,
    /// The whole period `[period_start, deadline]` lies inside the failure (002 §36.7).
    Period,
    /// The deadline's date is one of the failure's dates and the failure began no later
    /// than the deadline, so it could affect submission (004 §29.3).
    DateFromStart,
}

/// How a deadline moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Shift {
    /// `deadline + (fixed_at − started_at)`.
    Outage,
    /// `deadline + max(1, ceil(outage / 24 h))` calendar days.
    Days,
    OneDay,
    /// The first working day after `fixed_at`'s date, at the deadline's time of day.
    NextWorkingDay,
    /// The n-th working day after `fixed_at`'s date, at `fixed_at`'s time of day.
    WorkingDaysAfterFix,
    /// `fixed_at + max(outage, 1 CD)`: reopened from the fix (000 §26.10).
    FixPlusOutage,
    /// 1 CD from the later of the deciding rule's deadline and `fixed_at` (002 §49);
    /// only for a `floor` rule.
    OneDayAfterLater,
    /// The rule says why the deadline stays.
    None,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Rule {
    pub(crate) clause: String,
    pub(crate) criticality: Vec<Criticality>,
    pub(crate) kinds: Vec<Kind>,
    pub(crate) methods: Option<Vec<Method>>,
    pub(crate) decryption_impossible: Option<bool>,
    pub(crate) protocol_formed: Option<bool>,
    pub(crate) scope: Scope,
    pub(crate) shift: Shift,
    #[serde(default)]
    pub(crate) n: u32,
    #[serde(default)]
    pub(crate) annul_protocol: bool,
    #[serde(default)]
    pub(crate) resubmit: bool,
    /// A lower bound applied on top of the deciding rule (002 §49).
    #[serde(default)]
    pub(crate) floor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DutyDue {
    /// Working minutes after the confirmation.
    WtAfterConfirmation,
    Immediately,
    /// The closing hour of the n-th working day after the fix.
    WdAfterFix,
    None,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Duty {
    pub(crate) id: String,
    pub(crate) clause: String,
    pub(crate) criticality: Vec<Criticality>,
    pub(crate) due: DutyDue,
    #[serde(default)]
    pub(crate) minutes: i64,
    #[serde(default)]
    pub(crate) n: u32,
    #[serde(default)]
    pub(crate) only_if_resubmit: bool,
    #[serde(default)]
    pub(crate) only_if_extended: bool,
    #[serde(default)]
    pub(crate) with_numbers: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MaintenanceRule {
    pub(crate) clause: String,
    pub(crate) notice_days: i64,
    pub(crate) kinds: Vec<Kind>,
}

/// One rule set's extension rules.
#[derive(Debug, Clone, Deserialize)]
pub struct ExtensionRules {
    pub(crate) id: desk_vocab::RuleSet,
    /// The clause that keeps every deadline after a low failure; none where the rule set
    /// has no level condition (004 §29.3 in edition 2).
    pub(crate) low_clause: Option<String>,
    #[serde(default)]
    pub(crate) rule: Vec<Rule>,
    #[serde(default)]
    pub(crate) duty: Vec<Duty>,
    pub(crate) maintenance: Option<MaintenanceRule>,
}

pub(crate) fn all() -> &'static [ExtensionRules] {
    static SETS: OnceLock<Vec<ExtensionRules>> = OnceLock::new();
    SETS.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|f| toml::from_str(f).ok())
            .collect()
    })
}

pub(crate) fn find(set: desk_vocab::RuleSet) -> Option<&'static ExtensionRules> {
    all().iter().find(|r| r.id == set)
}

/// The clause on planned maintenance of a rule set (002 §41, 000 §31), if it has one.
pub fn maintenance_clause(set: desk_vocab::RuleSet) -> Option<&'static str> {
    find(set).and_then(|r| r.maintenance.as_ref().map(|m| m.clause.as_str()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ruleset;

    #[test]
    fn every_extension_file_parses_and_cites_its_clauses() {
        for f in FILES {
            let r: ExtensionRules = toml::from_str(f).unwrap();
            assert!(ruleset::of(r.id).is_some(), "{} is not a rule set", r.id);
            for rule in &r.rule {
                assert!(rule.clause.contains('§'), "{}: {:?}", r.id, rule.clause);
            }
            for d in &r.duty {
                assert!(d.clause.contains('§'), "{}: {:?}", r.id, d.clause);
            }
        }
        assert_eq!(all().len(), FILES.len());
    }
}
