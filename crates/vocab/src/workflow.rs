//! How a failure reached the contact centre, which regulation governs it, how bad it is,
//! and what happened to it (DIGEST §1–3; deadlines.md §2–3).

use chrono::{DateTime, NaiveDate, Utc};

use crate::coded_enum;

/// Astana's zone (UTC+6 until 2024-03-01, UTC+5 after): the rule set's switch date is an
/// Astana date (deadlines.md §2).
const ASTANA: chrono_tz::Tz = chrono_tz::Asia::Almaty;

coded_enum! {
    /// How the appeal reached the contact centre (002 §20, §28).
    Channel, "channel" {
        Phone = "phone",
        Email = "email",
        Letter = "letter",
        Forum = "forum",
        Monitoring = "monitoring",
    }
}

coded_enum! {
    /// Who raised the failure (002 §27).
    Source, "source" {
        UserAppeal = "user_appeal",
        MonitoringSpecialist = "monitoring_specialist",
        MonitoringTool = "monitoring_tool",
        SystemLog = "system_log",
    }
}

impl Source {
    /// Whether a user appealed, so the duties owed to that user (the incident ID, the
    /// refutation, the level and planned fix, the fix) exist: raised by a user and not
    /// through monitoring (002 §27–30, deadlines.md §3.7). The clocks and the e-mails
    /// both ask this.
    pub fn owes_the_user(self, channel: Channel) -> bool {
        self == Source::UserAppeal && channel != Channel::Monitoring
    }
}

coded_enum! {
    /// The regulation whose clocks apply (deadlines.md §2).
    RuleSet, "ruleset" {
        Gz692 = "GZ-692",
        Gz627 = "GZ-627",
        Quasi1216 = "QUASI-1216",
        EtpCc = "ETP-CC",
        Energy366 = "ENERGY-366",
    }
}

impl RuleSet {
    /// The default by the date of receipt in Astana: GZ-692 until 31.12.2024, GZ-627 from
    /// 01.01.2025 (deadlines.md §2). QUASI-1216, ETP-CC and ENERGY-366 are chosen by hand.
    pub fn default_for(received_at: DateTime<Utc>) -> RuleSet {
        let day = received_at.with_timezone(&ASTANA).date_naive();
        match NaiveDate::from_ymd_opt(2025, 1, 1) {
            Some(switch) if day < switch => RuleSet::Gz692,
            _ => RuleSet::Gz627,
        }
    }
}

coded_enum! {
    /// Criticality levels (002 §34, 000 §23).
    Criticality, "criticality" {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

coded_enum! {
    /// Types of technical failure (002 §26): the first three depend on the operator.
    FailureType, "failure" {
        OperatorUnlawfulActions = "operator_unlawful_actions",
        OperatorInsufficientSecurity = "operator_insufficient_security",
        OperatorPhysicalDamage = "operator_physical_damage",
        ThirdPartyPhysicalDamage = "third_party_physical_damage",
        ComputerAttack = "computer_attack",
        ThirdPartyActions = "third_party_actions",
        UserNetworkOrPower = "user_network_or_power",
        UserComputerSettings = "user_computer_settings",
        UserMalware = "user_malware",
        UserNonCompliance = "user_non_compliance",
        UserKeyBreach = "user_key_breach",
    }
}

impl FailureType {
    /// 002 §26.1: failures that depend on the operator.
    pub fn operator_dependent(self) -> bool {
        matches!(
            self,
            FailureType::OperatorUnlawfulActions
                | FailureType::OperatorInsufficientSecurity
                | FailureType::OperatorPhysicalDamage
        )
    }
}

coded_enum! {
    /// What happened to an appeal, with the event names of deadlines.md §3 (`reclassified`:
    /// the level or type of a confirmed failure changed, §3.8), plus `closed` and
    /// `reopened` (a closed appeal taken up again, with a reason; issue 11), and
    /// `decision_extended` (the ETP-CC decision's 3 WD extended with notice to the user
    /// and the unified operator by at most 15 CD, 003 App. 4 §1.5; issue 12).
    EventKind, "event" {
        Registered = "registered",
        IdSent = "id_sent",
        Confirmed = "confirmed",
        Reclassified = "reclassified",
        Refuted = "refuted",
        RefutationNotified = "refutation_notified",
        CriticalityNotified = "criticality_notified",
        HomepagePosted = "homepage_posted",
        ParticipantsNotified = "participants_notified",
        AuthorityInformed = "authority_informed",
        AuthorityReported = "authority_reported",
        InfoRequested = "info_requested",
        InfoReceived = "info_received",
        Fixed = "fixed",
        Closed = "closed",
        Reopened = "reopened",
        DecisionExtended = "decision_extended",
    }
}

impl EventKind {
    /// Events the rules engine reads (deadlines.md §3); `closed` and `reopened` are the
    /// journal's alone.
    pub fn drives_clocks(self) -> bool {
        !matches!(self, EventKind::Closed | EventKind::Reopened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_i18n::Lang;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn rule_set_defaults_by_astana_date_of_receipt() {
        // deadlines.md §2: GZ-692 until 2024-12-31, GZ-627 from 2025-01-01 (Astana dates).
        assert_eq!(
            RuleSet::default_for(utc("2024-12-31T18:59:00Z")),
            RuleSet::Gz692
        );
        // 19:00 UTC on 31 December is already 1 January in Astana (UTC+5).
        assert_eq!(
            RuleSet::default_for(utc("2024-12-31T19:00:00Z")),
            RuleSet::Gz627
        );
    }

    #[test]
    fn only_the_first_three_failure_types_depend_on_the_operator() {
        // 002 §26: 1) depending on the operator, 2) not depending on it.
        let dependent = FailureType::ALL
            .iter()
            .filter(|f| f.operator_dependent())
            .count();
        assert_eq!(dependent, 3);
    }

    #[test]
    fn codes_round_trip_and_every_label_is_translated() {
        for lang in Lang::ALL {
            for k in EventKind::ALL {
                assert_eq!(EventKind::from_code(k.code()), Some(*k));
                assert!(!k.label(lang).starts_with("event-"), "{k:?} {lang}");
            }
            for c in Channel::ALL {
                assert!(!c.label(lang).starts_with("channel-"), "{c:?} {lang}");
            }
            for s in Source::ALL {
                assert!(!s.label(lang).starts_with("source-"), "{s:?} {lang}");
            }
            for f in FailureType::ALL {
                assert!(!f.label(lang).starts_with("failure-"), "{f:?} {lang}");
            }
            for c in Criticality::ALL {
                assert!(!c.label(lang).starts_with("criticality-"));
            }
            for r in RuleSet::ALL {
                assert!(!r.label(lang).starts_with("ruleset-"));
            }
        }
    }
}
