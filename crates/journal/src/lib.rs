//! The journal domain: what an appeal is, how it is checked and numbered. Pure: no I/O,
//! no clock (every check takes `now` from its caller).

pub mod bin_iin;
pub mod procedure;
pub mod query;
pub mod time;
pub mod workflow;

use chrono::{DateTime, Datelike, Utc};

use desk_i18n::{Lang, tr};
pub use desk_vocab::{
    AcceptanceMethod, Channel, Criticality, EventKind, FailureType, Portal, ProcedureKind, RuleSet,
    Source, coded_enum,
};
pub use query::{JournalQuery, SearchKey, ValidQuery};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
pub use workflow::{Action, Role, Status};
pub use workflow::{
    ActionForm, CorrectionForm, ReclassifyForm, ReopenForm, SupportHoursForm, SupportHoursMode,
    TriageForm, ValidAction, ValidCorrection, ValidReclassification, ValidReopen,
    ValidSupportHours, ValidTriage, closing_allowed, info_request_open,
};

pub use bin_iin::{BinIin, BinIinError};
pub use procedure::{ProcedureInput, ValidProcedure};

coded_enum! {
    /// A field of a form, named in every error about it (message id `field-<code>`).
    Field, "field" {
        Organisation = "organisation",
        BinIin = "bin_iin",
        ReceivedAt = "received_at",
        Channel = "channel",
        Contact = "contact",
        Description = "description",
        Workstation = "workstation",
        Source = "source",
        ContactPerson = "contact_person",
        Email = "email",
        Phone = "phone",
        DetectedAt = "detected_at",
        PortalModule = "portal_module",
        Portal = "portal",
        Announcements = "announcements",
        Lots = "lots",
        ProcurementMethod = "procurement_method",
        RuleSet = "rule_set",
        LinkedTo = "linked_to",
        Criticality = "criticality",
        FailureType = "failure_type",
        OperatorFault = "operator_fault",
        Decision = "decision",
        Recommendations = "recommendations",
        SupportingInfo = "supporting_info",
        Analysis = "analysis",
        EventAt = "event_at",
        Event = "event",
        Login = "login",
        Role = "role",
        Reason = "reason",
        ReopenReason = "reopen_reason",
        CloseReason = "close_reason",
        Note = "note",
        ReclassifyReason = "reclassify_reason",
        ReversalReason = "reversal_reason",
        DecisionUntil = "decision_until",
        DecisionNotice = "decision_notice",
        SupportMode = "support_mode",
        SupportFrom = "support_from",
        SupportTo = "support_to",
        SupportOpen = "support_open",
        SupportClose = "support_close",
        SmtpHost = "smtp_host",
        SmtpPort = "smtp_port",
        SmtpSecurity = "smtp_security",
        SmtpFrom = "smtp_from",
        SupportLetter = "support_letter",
        Attachment = "attachment",
        Date = "date",
        ProcedureId = "procedure_id",
        ProcedureKind = "procedure_kind",
        ProcedureMethod = "procedure_method",
        ProcedureDeadline = "procedure_deadline",
        // The window's signing form (issue 14 item 8).
        KeyFile = "key_file",
        TsaUrl = "tsa_url",
        TrustDir = "trust_dir",
        ProcedurePeriodStart = "procedure_period_start",
        FailureStartedAt = "failure_started_at",
        MaintenanceRuleSet = "maintenance_rule_set",
        MaintenanceStart = "maintenance_start",
        MaintenanceEnd = "maintenance_end",
        MaintenanceAnnouncedAt = "maintenance_announced_at",
        MaintenanceOrder = "maintenance_order",
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    BinIin(BinIinError),
    DateTimeFormat,
    InFuture,
    UnknownChannel(String),
    UnknownValue(String),
    WorkstationFormat,
    EmailFormat,
    BeforeReceipt,
    InfoNotRequested,
    CriticalityRequired,
    LinkSelf,
    /// The appeal linked to already reports this one's problem (002 §38).
    LinkCycle,
    /// Re-linking would start the fix clock from a later registration (002 §38).
    LinkLater,
    /// An event on a closed appeal that was not reopened.
    AppealClosed,
    AlreadyClosed,
    /// The extension calculator before the fix is recorded (deadlines.md §4: the outage
    /// is measured up to it): says what to record first (issue 19 item 1).
    FixNotRecorded,
    /// Closing with duties not done and no reason given (issue 19 item 2).
    DutiesNotDone {
        count: usize,
    },
    /// Reopening an appeal that is not closed.
    NotClosed,
    /// A confirmation without its failure type (002 §26).
    FailureTypeRequired,
    /// A stated fault the failure type contradicts (002 §26, §38).
    OperatorFaultContradictsType,
    /// Reclassifying a failure that was never confirmed (deadlines.md §3.8).
    NotConfirmed,
    /// A reclassification dated before the confirmation it changes.
    BeforeConfirmation,
    /// Not `HH:MM`.
    TimeFormat,
    /// An end not after its start.
    EndsBeforeStart,
    /// Support hours overlapping a period already recorded (000 §15, 002 §28).
    SupportOverlap,
    /// Extending a decision that is not ETP-CC's, or already taken (003 App. 4 §1.5).
    NotExtendable,
    /// An extension not later than the due in force.
    ExtensionNotLater {
        due: String,
    },
    /// An extension beyond 15 CD (003 App. 4 §1.5).
    ExtensionTooLong {
        latest: String,
    },
    /// Not an `http://` or `https://` address.
    UrlFormat,
    /// A folder that is not there.
    NoSuchFolder(String),
    /// An acceptance period that begins after its own deadline (002 §36.7).
    AfterDeadline,
    /// A failure that began after its recorded fix (deadlines.md §4: outage = fix − start).
    AfterFix {
        fixed: String,
    },
    /// A rule set chosen for an appeal received on a day it does not apply to
    /// (deadlines.md §2); the days it applies to, `DD.MM.YYYY`; `exact: false` when the
    /// material gives only the earliest first day.
    RuleSetNotInForce {
        rules: workflow::RuleSet,
        from: String,
        until: Option<String>,
        exact: bool,
    },
    /// A rule set chosen by hand that does not govern the portal named (000 §1, 002 §1,
    /// 003 §1, 004 §1).
    RuleSetNotForPortal {
        rules: workflow::RuleSet,
        portal: workflow::Portal,
    },
}

/// One invalid field; the message names the field in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem:?}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        FieldError { field, problem }
    }

    pub fn message(&self, lang: Lang) -> String {
        let field = self.field.label(lang);
        let f = ("field", field.as_str());
        match &self.problem {
            Problem::Required | Problem::BinIin(BinIinError::Empty) => {
                tr(lang, "err-required", &[f])
            }
            Problem::TooLong { max } => tr(lang, "err-too-long", &[f, ("max", &max.to_string())]),
            Problem::BinIin(BinIinError::NotDigits) => tr(lang, "err-bin-digits", &[f]),
            Problem::BinIin(BinIinError::WrongLength(n)) => {
                tr(lang, "err-bin-length", &[f, ("len", &n.to_string())])
            }
            Problem::BinIin(BinIinError::BadChecksum) => tr(lang, "err-bin-checksum", &[f]),
            Problem::DateTimeFormat => tr(lang, "err-datetime-format", &[f]),
            Problem::InFuture => tr(lang, "err-datetime-future", &[f]),
            Problem::UnknownChannel(v) => tr(lang, "err-channel-unknown", &[f, ("value", v)]),
            Problem::UnknownValue(v) => tr(lang, "err-unknown-value", &[f, ("value", v)]),
            Problem::WorkstationFormat => tr(lang, "err-workstation-format", &[f]),
            Problem::EmailFormat => tr(lang, "err-email-format", &[f]),
            Problem::BeforeReceipt => tr(lang, "err-event-before-receipt", &[f]),
            Problem::InfoNotRequested => tr(lang, "err-info-not-requested", &[f]),
            Problem::CriticalityRequired => tr(lang, "err-criticality-required", &[f]),
            Problem::LinkSelf => tr(lang, "err-link-self", &[f]),
            Problem::LinkCycle => tr(lang, "err-link-cycle", &[f]),
            Problem::LinkLater => tr(lang, "err-link-later", &[f]),
            Problem::AppealClosed => tr(lang, "err-appeal-closed", &[f]),
            Problem::AlreadyClosed => tr(lang, "err-already-closed", &[f]),
            Problem::FixNotRecorded => tr(lang, "err-fix-not-recorded", &[f]),
            Problem::DutiesNotDone { count } => {
                let mut args = desk_i18n::Args::new();
                args.set("field", field.as_str());
                args.set("count", *count);
                desk_i18n::tr_args(lang, "err-duties-not-done", &args)
            }
            Problem::NotClosed => tr(lang, "err-not-closed", &[f]),
            Problem::FailureTypeRequired => tr(lang, "err-failure-type-required", &[f]),
            Problem::OperatorFaultContradictsType => {
                tr(lang, "err-operator-fault-follows-type", &[f])
            }
            Problem::NotConfirmed => tr(lang, "err-not-confirmed", &[f]),
            Problem::BeforeConfirmation => tr(lang, "err-before-confirmation", &[f]),
            Problem::TimeFormat => tr(lang, "err-time-format", &[f]),
            Problem::EndsBeforeStart => tr(lang, "err-ends-before-start", &[f]),
            Problem::SupportOverlap => tr(lang, "err-support-overlap", &[f]),
            Problem::NotExtendable => tr(lang, "err-not-extendable", &[f]),
            Problem::ExtensionNotLater { due } => {
                tr(lang, "err-extension-not-later", &[f, ("due", due)])
            }
            Problem::ExtensionTooLong { latest } => {
                tr(lang, "err-extension-too-long", &[f, ("latest", latest)])
            }
            Problem::UrlFormat => tr(lang, "err-url-format", &[f]),
            Problem::NoSuchFolder(dir) => tr(lang, "err-no-such-folder", &[f, ("dir", dir)]),
            Problem::AfterDeadline => tr(lang, "err-after-deadline", &[f]),
            Problem::AfterFix { fixed } => tr(lang, "err-after-fix", &[f, ("fixed", fixed)]),
            Problem::RuleSetNotInForce {
                rules,
                from,
                until,
                exact,
            } => {
                let id = match (exact, until) {
                    (true, None) => "ruleset-dates-from",
                    (true, Some(_)) => "ruleset-dates-from-until",
                    (false, None) => "ruleset-dates-not-before",
                    (false, Some(_)) => "ruleset-dates-not-before-until",
                };
                let until = until.clone().unwrap_or_default();
                let dates = tr(lang, id, &[("from", from), ("until", &until)]);
                tr(
                    lang,
                    "err-rule-set-not-in-force",
                    &[f, ("rules", &rules.label(lang)), ("dates", &dates)],
                )
            }
            Problem::RuleSetNotForPortal { rules, portal } => tr(
                lang,
                "err-rule-set-not-for-portal",
                &[
                    f,
                    ("rules", &rules.label(lang)),
                    ("portal", &portal.label(lang)),
                ],
            ),
        }
    }
}

/// Collects every problem of a form, so the form can mark each field at once.
#[derive(Debug, Default)]
pub struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn fail(&mut self, field: Field, problem: Problem) {
        self.errors.push(FieldError::new(field, problem));
    }

    /// A required text, trimmed, at most `max` characters.
    pub fn required(&mut self, field: Field, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, Problem::Required);
        } else if v.chars().count() > max {
            self.fail(field, Problem::TooLong { max });
        }
        v.to_owned()
    }

    /// An optional text, trimmed, at most `max` characters.
    pub fn optional(&mut self, field: Field, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.chars().count() > max {
            self.fail(field, Problem::TooLong { max });
        }
        v.to_owned()
    }

    /// An Astana wall-clock time that is not in the future; `None` when empty or invalid.
    pub fn instant(
        &mut self,
        field: Field,
        value: &str,
        now: DateTime<Utc>,
        required: bool,
    ) -> Option<DateTime<Utc>> {
        if value.trim().is_empty() {
            if required {
                self.fail(field, Problem::Required);
            }
            return None;
        }
        match time::parse_astana(value) {
            None => {
                self.fail(field, Problem::DateTimeFormat);
                None
            }
            Some(t) if t > now + chrono::Duration::minutes(FUTURE_TOLERANCE_MINUTES) => {
                self.fail(field, Problem::InFuture);
                None
            }
            Some(t) => Some(t),
        }
    }

    /// A value from a closed list, by its code; empty gives `None` unless required.
    pub fn coded<T>(
        &mut self,
        field: Field,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
        required: bool,
    ) -> Option<T> {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.fail(field, Problem::Required);
            }
            return None;
        }
        let parsed = parse(v);
        if parsed.is_none() {
            self.fail(field, Problem::UnknownValue(v.to_owned()));
        }
        parsed
    }

    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        match value() {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }
}

/// The code of a workstation, set at first start; it makes incident numbers unique
/// across workstations without asking a server.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkstationCode(String);

impl WorkstationCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        let ok = (2..=8).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric());
        if ok {
            Ok(WorkstationCode(code))
        } else {
            Err(FieldError {
                field: Field::Workstation,
                problem: Problem::WorkstationFormat,
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `<workstation>-<year>-<sequence>`, e.g. `AST1-2026-000042`. The year is the Astana
/// year of registration; the sequence restarts every year on every workstation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentNumber {
    pub workstation: WorkstationCode,
    pub year: i32,
    pub sequence: u32,
}

impl IncidentNumber {
    pub fn new(workstation: WorkstationCode, registered_at: DateTime<Utc>, sequence: u32) -> Self {
        let year = registered_at.with_timezone(&time::ASTANA).year();
        IncidentNumber {
            workstation,
            year,
            sequence,
        }
    }
}

impl std::fmt::Display for IncidentNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}-{:06}",
            self.workstation.as_str(),
            self.year,
            self.sequence
        )
    }
}

/// The new-appeal form as typed: every field a string, checked by [`NewAppeal::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewAppeal {
    pub organisation: String,
    pub bin_iin: String,
    /// Astana wall-clock time, `DD.MM.YYYY HH:MM`.
    pub received_at: String,
    pub channel: String,
    /// The contact data the user appealed by (the Journal's column).
    pub contact: String,
    pub description: String,
    /// `user_appeal` when empty.
    pub source: String,
    pub contact_person: String,
    pub email: String,
    pub phone: String,
    /// When the user detected the failure (Astana time), if known.
    pub detected_at: String,
    pub portal_module: String,
    /// Comma-separated announcement numbers.
    pub announcements: String,
    /// Comma-separated lot numbers.
    pub lots: String,
    pub procurement_method: String,
    /// The portal the appeal concerns ([`workflow::Portal`] code); it decides the rule
    /// set (issue 12 item 11). Empty: the state-procurement portal's rule set by date.
    pub portal: String,
    /// Rule set code; empty: the portal's (or, without a portal, chosen by the date).
    pub rule_set: String,
    /// The incident number of the first appeal about the same problem, if any.
    pub linked_to: String,
}

/// A checked appeal, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAppeal {
    pub organisation: String,
    pub bin_iin: BinIin,
    pub received_at: DateTime<Utc>,
    pub channel: Channel,
    pub contact: String,
    pub description: String,
    pub source: workflow::Source,
    pub contact_person: String,
    pub email: String,
    pub phone: String,
    pub detected_at: Option<DateTime<Utc>>,
    pub portal_module: String,
    pub announcements: String,
    pub lots: String,
    pub procurement_method: String,
    pub rule_set: workflow::RuleSet,
    /// Incident number of the problem's first appeal; resolved by the store.
    pub linked_to: Option<String>,
}

const MAX_SHORT: usize = 500;
const MAX_LONG: usize = 10_000;

/// Clock skew between workstations is real; a receipt a few minutes "ahead" is not an error.
const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// A plausible e-mail address: one `@`, something before it, a dot after it, no spaces.
fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

impl NewAppeal {
    /// Checks every field and reports all problems at once, so the form can mark each one.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidAppeal, Vec<FieldError>> {
        let mut c = Checker::default();
        let organisation = c.required(Field::Organisation, &self.organisation, MAX_SHORT);
        let bin_iin = BinIin::parse(&self.bin_iin)
            .map_err(|e| c.fail(Field::BinIin, Problem::BinIin(e)))
            .ok();
        let received_at = c.instant(Field::ReceivedAt, &self.received_at, now, true);
        let channel = match Channel::from_code(&self.channel) {
            Some(ch) => Some(ch),
            None if self.channel.trim().is_empty() => {
                c.fail(Field::Channel, Problem::Required);
                None
            }
            None => {
                c.fail(
                    Field::Channel,
                    Problem::UnknownChannel(self.channel.trim().to_owned()),
                );
                None
            }
        };
        let contact = c.required(Field::Contact, &self.contact, MAX_SHORT);
        let description = c.required(Field::Description, &self.description, MAX_LONG);
        let source = if self.source.trim().is_empty() {
            Some(workflow::Source::UserAppeal)
        } else {
            c.coded(
                Field::Source,
                &self.source,
                workflow::Source::from_code,
                true,
            )
        };
        let contact_person = c.optional(Field::ContactPerson, &self.contact_person, MAX_SHORT);
        let email = c.optional(Field::Email, &self.email, MAX_SHORT);
        if !email.is_empty() && !looks_like_email(&email) {
            c.fail(Field::Email, Problem::EmailFormat);
        }
        let phone = c.optional(Field::Phone, &self.phone, 100);
        let detected_at = c.instant(Field::DetectedAt, &self.detected_at, now, false);
        let portal_module = c.optional(Field::PortalModule, &self.portal_module, MAX_SHORT);
        let announcements = c.optional(Field::Announcements, &self.announcements, MAX_SHORT);
        let lots = c.optional(Field::Lots, &self.lots, MAX_SHORT);
        let procurement_method =
            c.optional(Field::ProcurementMethod, &self.procurement_method, 100);
        let portal = c.coded(
            Field::Portal,
            &self.portal,
            workflow::Portal::from_code,
            false,
        );
        let chosen = c.coded(
            Field::RuleSet,
            &self.rule_set,
            workflow::RuleSet::from_code,
            false,
        );
        // The portal decides the rule set (000 §1, 002 §1, 003 §1, 004 §1); a rule set
        // also chosen by hand must be one that governs that portal.
        if let (Some(portal), Some(rules)) = (portal, chosen)
            && !portal.rule_sets().contains(&rules)
        {
            c.fail(
                Field::RuleSet,
                Problem::RuleSetNotForPortal { rules, portal },
            );
        }
        let by_portal = self.portal.trim().is_empty() || portal.is_some();
        let rule_set = match (chosen, received_at) {
            (Some(r), _) => Some(r),
            (None, Some(t)) if self.rule_set.trim().is_empty() && by_portal => Some(
                portal.map_or_else(|| workflow::RuleSet::default_for(t), |p| p.rule_set_for(t)),
            ),
            _ => None,
        };
        let linked_to = Some(self.linked_to.trim().to_uppercase()).filter(|s| !s.is_empty());
        c.finish(|| {
            Some(ValidAppeal {
                organisation,
                bin_iin: bin_iin?,
                received_at: received_at?,
                channel: channel?,
                contact,
                description,
                source: source?,
                contact_person,
                email,
                phone,
                detected_at,
                portal_module,
                announcements,
                lots,
                procurement_method,
                rule_set: rule_set?,
                linked_to,
            })
        })
    }
}

/// One row of the Journal as the screen and the CLI show it, in the official column order
/// (002 Appendix) followed by what the software adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppealRow {
    pub id: Uuid,
    pub number: String,
    pub organisation: String,
    pub bin_iin: String,
    /// UTC, RFC 3339.
    pub received_at: DateTime<Utc>,
    /// The same instant in Astana time, `DD.MM.YYYY HH:MM`.
    pub received_at_astana: String,
    pub contact: String,
    pub decision: Option<String>,
    pub failure_type: Option<workflow::FailureType>,
    pub recommendations: Option<String>,
    pub channel: Channel,
    pub description: String,
    pub source: workflow::Source,
    pub contact_person: String,
    pub email: String,
    pub phone: String,
    pub detected_at: Option<DateTime<Utc>>,
    pub portal_module: String,
    pub announcements: String,
    pub lots: String,
    pub procurement_method: String,
    pub rule_set: workflow::RuleSet,
    /// Number of the problem's first appeal when this is another report of it.
    pub linked_to: Option<String>,
    pub status: workflow::Status,
    pub criticality: Option<workflow::Criticality>,
    pub operator_fault: Option<bool>,
    pub supporting_info: Option<String>,
    /// The earliest due instant of a pending obligation.
    pub next_due: Option<DateTime<Utc>>,
    pub version_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        time::parse_astana("26.11.2026 15:00").unwrap_or_default()
    }

    fn form() -> NewAppeal {
        NewAppeal {
            organisation: "ТОО «Астана Құрылыс»".into(),
            bin_iin: "971240001315".into(),
            received_at: "26.11.2026 14:05".into(),
            channel: "phone".into(),
            contact: "+7 701 000 00 00".into(),
            description: "Порталға кіру мүмкін емес".into(),
            ..Default::default()
        }
    }

    #[test]
    fn s1_the_rule_set_follows_the_portal_the_appeal_concerns() {
        // 000 §1, 002 §1, 003 §1, 004 §1 (issue 12 item 11): the portal decides the rule
        // set, not the date alone; the state portal's by the date of receipt.
        let about = |portal: &str, received: &str| NewAppeal {
            portal: portal.into(),
            received_at: received.into(),
            ..form()
        };
        let rules = |f: NewAppeal| f.validate(now()).expect("valid").rule_set;
        assert_eq!(
            rules(about("quasi_state", "26.11.2026 14:05")),
            RuleSet::Quasi1216
        );
        assert_eq!(
            rules(about("trading_platform", "26.11.2026 14:05")),
            RuleSet::EtpCc
        );
        assert_eq!(
            rules(about("energy_platform", "26.11.2026 14:05")),
            RuleSet::Energy366
        );
        assert_eq!(
            rules(about("state_procurement", "26.11.2026 14:05")),
            RuleSet::Gz627
        );
        assert_eq!(
            rules(about("state_procurement", "30.12.2024 10:00")),
            RuleSet::Gz692
        );

        // A rule set chosen by hand must govern that portal; the error names the rule set.
        let contradiction = NewAppeal {
            rule_set: "QUASI-1216".into(),
            ..about("energy_platform", "26.11.2026 14:05")
        };
        let errors = contradiction.validate(now()).expect_err("refused");
        assert_eq!(
            errors
                .iter()
                .map(|e| (e.field, e.problem.clone()))
                .collect::<Vec<_>>(),
            [(
                Field::RuleSet,
                Problem::RuleSetNotForPortal {
                    rules: RuleSet::Quasi1216,
                    portal: Portal::EnergyPlatform,
                }
            )]
        );
        let ru = errors[0].message(Lang::Ru);
        assert!(
            ru.contains("QUASI-1216") && ru.contains("энергетического"),
            "{ru}"
        );
        let unknown = about("the moon", "26.11.2026 14:05").validate(now());
        assert_eq!(
            unknown.expect_err("refused")[0].field,
            Field::Portal,
            "an unknown portal is named, not replaced by a default"
        );
    }

    #[test]
    fn optional_fields_are_checked_and_the_rule_set_follows_the_receipt_date() {
        let v = form().validate(now()).expect("valid");
        // deadlines.md §2: a receipt in 2026 falls under GZ-627 unless chosen otherwise.
        assert_eq!((v.rule_set, v.source), (RuleSet::Gz627, Source::UserAppeal));
        let old = NewAppeal {
            received_at: "30.12.2024 10:00".into(),
            ..form()
        };
        assert_eq!(old.validate(now()).expect("valid").rule_set, RuleSet::Gz692);
        let chosen = NewAppeal {
            rule_set: "QUASI-1216".into(),
            linked_to: " ast1-2026-000001 ".into(),
            ..form()
        };
        let v = chosen.validate(now()).expect("valid");
        assert_eq!(
            (v.rule_set, v.linked_to.as_deref()),
            (RuleSet::Quasi1216, Some("AST1-2026-000001"))
        );

        let bad = NewAppeal {
            email: "user@portal".into(),
            source: "rumour".into(),
            rule_set: "GZ-999".into(),
            detected_at: "вчера".into(),
            ..form()
        };
        let errors = bad.validate(now()).expect_err("invalid");
        let got: Vec<(Field, Problem)> = errors.into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            [
                (Field::Source, Problem::UnknownValue("rumour".into())),
                (Field::Email, Problem::EmailFormat),
                (Field::DetectedAt, Problem::DateTimeFormat),
                (Field::RuleSet, Problem::UnknownValue("GZ-999".into())),
            ]
        );
    }

    #[test]
    fn a_complete_form_is_accepted_in_astana_time() {
        let v = form().validate(now()).expect("valid");
        assert_eq!(v.received_at.to_rfc3339(), "2026-11-26T09:05:00+00:00");
        assert_eq!(v.channel, Channel::Phone);
    }

    #[test]
    fn every_bad_field_is_reported_at_once_and_named() {
        let bad = NewAppeal {
            organisation: " ".into(),
            bin_iin: "971240001316".into(),
            received_at: "31.02.2026 10:00".into(),
            channel: "fax".into(),
            ..form()
        };
        let errors = bad.validate(now()).expect_err("invalid");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Organisation,
                Field::BinIin,
                Field::ReceivedAt,
                Field::Channel
            ]
        );
        let kk: Vec<String> = errors.iter().map(|e| e.message(Lang::Kk)).collect();
        assert_eq!(
            kk[1],
            "БСН / ЖСН: бақылау цифры сәйкес келмейді — нөмірді тексеріңіз"
        );
        assert!(kk[3].contains("«fax»"));
        assert_eq!(
            errors[1].message(Lang::Ru),
            "БИН / ИИН: контрольная цифра не совпадает — проверьте номер"
        );
    }

    #[test]
    fn a_receipt_in_the_future_is_refused() {
        let bad = NewAppeal {
            received_at: "27.11.2026 09:00".into(),
            ..form()
        };
        let errors = bad.validate(now()).expect_err("future");
        assert_eq!(errors[0].problem, Problem::InFuture);
    }

    #[test]
    fn incident_numbers_carry_workstation_astana_year_and_six_digit_sequence() {
        let ws = WorkstationCode::parse("ast1").expect("code");
        // 31.12.2025 20:00 UTC is already 01.01.2026 in Astana.
        let t = DateTime::parse_from_rfc3339("2025-12-31T20:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(
            IncidentNumber::new(ws, t, 42).to_string(),
            "AST1-2026-000042"
        );
    }

    #[test]
    fn workstation_codes_are_short_latin_codes() {
        assert!(WorkstationCode::parse("AST1").is_ok());
        for bad in ["", "A", "ASTANA-1", "АСТ1", "TOOLONGCODE"] {
            assert!(WorkstationCode::parse(bad).is_err(), "{bad}");
        }
    }
}
