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
    /// The portal or platform an appeal concerns; each regulation's §1 gives the one it
    /// governs, so the portal decides the rule set (issue 12 item 11).
    Portal, "portal" {
        StateProcurement = "state_procurement",
        QuasiState = "quasi_state",
        TradingPlatform = "trading_platform",
        EnergyPlatform = "energy_platform",
    }
}

impl Portal {
    /// The rule sets that govern this portal: the state-procurement portal by order 692
    /// until 31.12.2024 (001) and 627 after (000 §1); the quasi-state portals by 1216
    /// (002 §1); trading platforms by the ETP requirements (003 §1); the energy platform
    /// by order 366 (004 §1).
    pub fn rule_sets(self) -> &'static [RuleSet] {
        match self {
            Portal::StateProcurement => &[RuleSet::Gz627, RuleSet::Gz692],
            Portal::QuasiState => &[RuleSet::Quasi1216],
            Portal::TradingPlatform => &[RuleSet::EtpCc],
            Portal::EnergyPlatform => &[RuleSet::Energy366],
        }
    }

    /// The rule set an appeal about this portal received at `received_at` falls under:
    /// for the state-procurement portal the date decides between 692 and 627.
    pub fn rule_set_for(self, received_at: DateTime<Utc>) -> RuleSet {
        match self {
            Portal::StateProcurement => RuleSet::default_for(received_at),
            other => other.rule_sets()[0],
        }
    }
}

impl RuleSet {
    /// The portal a rule set governs (the inverse of [`Portal::rule_sets`]).
    pub fn portal(self) -> Portal {
        match self {
            RuleSet::Gz692 | RuleSet::Gz627 => Portal::StateProcurement,
            RuleSet::Quasi1216 => Portal::QuasiState,
            RuleSet::EtpCc => Portal::TradingPlatform,
            RuleSet::Energy366 => Portal::EnergyPlatform,
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
            for p in Portal::ALL {
                assert!(!p.label(lang).starts_with("portal-"), "{p:?} {lang}");
            }
        }
    }

    #[test]
    fn s1_each_portal_is_governed_by_its_own_regulation_and_back() {
        // 000 §1, 002 §1, 003 §1, 004 §1: each text governs one portal; the state
        // portal by 692 until 31.12.2024 and 627 from 01.01.2025 (Astana dates).
        let before = utc("2024-12-31T18:59:00Z");
        let after = utc("2024-12-31T19:00:00Z");
        assert_eq!(
            Portal::StateProcurement.rule_set_for(before),
            RuleSet::Gz692
        );
        assert_eq!(Portal::StateProcurement.rule_set_for(after), RuleSet::Gz627);
        assert_eq!(Portal::QuasiState.rule_set_for(before), RuleSet::Quasi1216);
        assert_eq!(Portal::TradingPlatform.rule_set_for(after), RuleSet::EtpCc);
        assert_eq!(
            Portal::EnergyPlatform.rule_set_for(after),
            RuleSet::Energy366
        );
        for r in RuleSet::ALL {
            assert!(r.portal().rule_sets().contains(r), "{r:?}");
        }
    }
}
