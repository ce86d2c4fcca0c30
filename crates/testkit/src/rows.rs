//! Sample appeals: a valid registration form for `desk journal add` and journal rows for
//! the document models. Tests override what they are about.

use chrono::{DateTime, Utc};
use desk_journal::time::{parse_astana, to_astana_display};
use desk_journal::workflow::{RuleSet, Source, Status};
use desk_journal::{AppealRow, Channel, NewAppeal};
use uuid::Uuid;

/// A valid BIN (its check digit is right).
pub const BIN: &str = "971240001315";
pub const DESCRIPTION: &str = "Баға ұсынысы жүктелмейді";

/// `journal add` with a valid form by e-mail; append `--received-at`, `--rule-set`, … as
/// the test needs.
pub fn add_args<'a>(organisation: &'a str, contact: &'a str, description: &'a str) -> Vec<&'a str> {
    vec![
        "journal",
        "add",
        "--organisation",
        organisation,
        "--bin-iin",
        BIN,
        "--channel",
        "email",
        "--contact",
        contact,
        "--description",
        description,
    ]
}

/// A valid new-appeal form received at `received` (Astana time) by e-mail; the rule set
/// follows from the date.
pub fn new_appeal(received: DateTime<Utc>) -> NewAppeal {
    NewAppeal {
        organisation: "ТОО «Сапа»".into(),
        bin_iin: BIN.into(),
        received_at: to_astana_display(received),
        channel: "email".into(),
        contact: "user@example.kz".into(),
        description: DESCRIPTION.into(),
        ..Default::default()
    }
}

/// An instant written in Astana time, `DD.MM.YYYY HH:MM`.
pub fn at(astana: &str) -> DateTime<Utc> {
    parse_astana(astana).unwrap()
}

/// Appeal `AST1-2026-<n>` from `organisation`, received at `received` (Astana time) by
/// e-mail under QUASI-1216, registered and nothing more.
pub fn appeal_row(n: u32, received: &str, organisation: &str) -> AppealRow {
    appeal_row_at(n, at(received), organisation)
}

pub fn appeal_row_at(n: u32, received: DateTime<Utc>, organisation: &str) -> AppealRow {
    AppealRow {
        id: Uuid::nil(),
        number: format!("AST1-2026-{n:06}"),
        organisation: organisation.into(),
        bin_iin: BIN.into(),
        received_at: received,
        received_at_astana: to_astana_display(received),
        contact: "support@example.kz".into(),
        decision: None,
        failure_type: None,
        recommendations: None,
        channel: Channel::Email,
        description: DESCRIPTION.into(),
        source: Source::UserAppeal,
        contact_person: String::new(),
        email: String::new(),
        phone: String::new(),
        detected_at: None,
        portal_module: String::new(),
        announcements: String::new(),
        lots: String::new(),
        procurement_method: String::new(),
        rule_set: RuleSet::Quasi1216,
        linked_to: None,
        status: Status::Registered,
        criticality: None,
        operator_fault: None,
        supporting_info: None,
        next_due: None,
        version_id: Uuid::nil(),
        created_at: received,
        updated_at: received,
    }
}
