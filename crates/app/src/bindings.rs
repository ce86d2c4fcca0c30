//! The TypeScript module the UI imports (`ui/src/lib/bindings.ts`), generated from the
//! Rust types, the command table ([`crate::desk_commands`]) and the closed lists the
//! forms offer, so the two sides can never disagree. `cargo test` fails when the
//! committed file is stale; run it with `UPDATE_BINDINGS=1` to rewrite it.

use std::fmt::Write as _;

use desk_i18n::Lang;
use desk_journal::{
    AcceptanceMethod, AppealRow, Channel, Criticality, EventKind, FailureType, Field, NewAppeal,
    Portal, ProcedureKind, Role, RuleSet, Source, Status,
};
use ts_rs::TS;

use crate::commands::{CommandSignature, signatures};
use crate::commission;
use crate::{
    AppealDetail, AttachmentView, AuditStatus, ConflictField, ConflictResolved, ConflictVersion,
    ConflictView, DailyReport, DailyRow, DocumentFile, DutyAnswer, ErrorCode, EventView,
    ExtensionAnswer, HistoryEntry, MaintenanceAnswer, NoticeAnswer, Obligation, ObligationState,
    ProcedureAnswer, ProcedureInput, RecordSyncState, Settings, SignatureView, SyncReport,
    SyncSettings, SyncStatus, UiError, UiFieldError, VerifyReport,
};
use desk_commission::{Proposal, Vote};

/// The order the forms offer rule sets in: the regulations in force first, the repealed
/// GZ-692 (until 31.12.2024, deadlines.md §2) last, for appeals about the old period.
const RULE_SET_ORDER: [RuleSet; 5] = [
    RuleSet::Gz627,
    RuleSet::Quasi1216,
    RuleSet::EtpCc,
    RuleSet::Energy366,
    RuleSet::Gz692,
];

fn type_declarations(cfg: &ts_rs::Config) -> Vec<String> {
    vec![
        Lang::decl(cfg),
        Channel::decl(cfg),
        Field::decl(cfg),
        NewAppeal::decl(cfg),
        AppealRow::decl(cfg),
        crate::JournalRow::decl(cfg),
        Settings::decl(cfg),
        Source::decl(cfg),
        RuleSet::decl(cfg),
        Portal::decl(cfg),
        Criticality::decl(cfg),
        FailureType::decl(cfg),
        EventKind::decl(cfg),
        Status::decl(cfg),
        Role::decl(cfg),
        desk_journal::TriageForm::decl(cfg),
        desk_journal::ActionForm::decl(cfg),
        desk_journal::ReclassifyForm::decl(cfg),
        desk_journal::JournalQuery::decl(cfg),
        Obligation::decl(cfg),
        ObligationState::decl(cfg),
        EventView::decl(cfg),
        HistoryEntry::decl(cfg),
        AttachmentView::decl(cfg),
        AppealDetail::decl(cfg),
        crate::LateReportView::decl(cfg),
        crate::SupportHoursView::decl(cfg),
        crate::ExtendDecisionForm::decl(cfg),
        desk_journal::SupportHoursForm::decl(cfg),
        desk_journal::CorrectionForm::decl(cfg),
        ProcedureInput::decl(cfg),
        crate::ExtensionForm::decl(cfg),
        ProcedureKind::decl(cfg),
        AcceptanceMethod::decl(cfg),
        ExtensionAnswer::decl(cfg),
        ProcedureAnswer::decl(cfg),
        DutyAnswer::decl(cfg),
        NoticeAnswer::decl(cfg),
        MaintenanceAnswer::decl(cfg),
        crate::HomePageAnnouncement::decl(cfg),
        crate::MaintenanceForm::decl(cfg),
        crate::MaintenanceView::decl(cfg),
        AuditStatus::decl(cfg),
        crate::CheckProgress::decl(cfg),
        DailyRow::decl(cfg),
        crate::DailyTotals::decl(cfg),
        DailyReport::decl(cfg),
        ErrorCode::decl(cfg),
        UiError::decl(cfg),
        UiFieldError::decl(cfg),
        DocumentFile::decl(cfg),
        SignatureView::decl(cfg),
        VerifyReport::decl(cfg),
        SyncStatus::decl(cfg),
        SyncSettings::decl(cfg),
        SyncReport::decl(cfg),
        ConflictVersion::decl(cfg),
        ConflictField::decl(cfg),
        ConflictView::decl(cfg),
        ConflictResolved::decl(cfg),
        RecordSyncState::decl(cfg),
        desk_commission::Standing::decl(cfg),
        desk_commission::Member::decl(cfg),
        desk_commission::Warning::decl(cfg),
        desk_commission::Proposal::decl(cfg),
        desk_commission::Ballot::decl(cfg),
        desk_commission::Dissent::decl(cfg),
        desk_commission::Vote::decl(cfg),
        desk_commission::Outcome::decl(cfg),
        commission::OrderForm::decl(cfg),
        commission::CompositionForm::decl(cfg),
        commission::AgendaItem::decl(cfg),
        commission::MeetingForm::decl(cfg),
        commission::CompositionView::decl(cfg),
        commission::VoteCounts::decl(cfg),
        commission::ItemView::decl(cfg),
        commission::SignerView::decl(cfg),
        commission::ProtocolView::decl(cfg),
        commission::MeetingView::decl(cfg),
        desk_commission::application::Form::decl(cfg),
        desk_commission::application::Document::decl(cfg),
        desk_commission::application::Fields::decl(cfg),
        commission::ApplicationForm::decl(cfg),
        commission::CheckLine::decl(cfg),
        commission::CaseClockView::decl(cfg),
        commission::StepView::decl(cfg),
        commission::ApplicationView::decl(cfg),
        crate::OutboxEntry::decl(cfg),
        crate::SendReport::decl(cfg),
        crate::NoticePreview::decl(cfg),
        crate::SmtpForm::decl(cfg),
        desk_commission::disconnection::Streak::decl(cfg),
        crate::documents::KeySource::decl(cfg),
        crate::documents::SignForm::decl(cfg),
        commission::DisconnectionGround::decl(cfg),
    ]
}

/// `export type Commands = { name: { args: {…}; returns: … }; … }`.
fn command_map(commands: &[CommandSignature]) -> String {
    let mut out = String::from(
        "/** Every command the window serves: its arguments by name and what it returns. */\n\
         export type Commands = {\n",
    );
    for c in commands {
        let args = if c.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        let _ = writeln!(
            out,
            "  {}: {{ args: {args}; returns: {} }};",
            c.name, c.returns
        );
    }
    out.push('}');
    out
}

/// The code serde writes for `value` (or for its `tag` field), so a list and the type
/// it belongs to cannot spell a value differently.
fn serde_code<T: serde::Serialize>(value: &T, tag: Option<&str>) -> String {
    let v = serde_json::to_value(value).unwrap_or_default();
    let v = tag.map_or(&v, |t| &v[t]);
    v.as_str().unwrap_or_default().to_owned()
}

/// `export const NAME = ["a", "b"] as const satisfies readonly Type[];`
fn value_list<S: AsRef<str>>(
    doc: &str,
    name: &str,
    ty: &str,
    codes: impl IntoIterator<Item = S>,
) -> String {
    let codes: Vec<String> = codes
        .into_iter()
        .map(|c| format!("{:?}", c.as_ref()))
        .collect();
    format!(
        "/** {doc} */\nexport const {name} = [{}] as const satisfies readonly {ty}[];",
        codes.join(", ")
    )
}

/// Which rule sets govern each portal (000 §1, 002 §1, 003 §1, 004 §1), the first the
/// one in force today: the form offers only those, and the appeal page names the portal.
fn portal_rule_sets() -> String {
    let entries: Vec<String> = Portal::ALL
        .iter()
        .map(|p| {
            let rules: Vec<String> = p
                .rule_sets()
                .iter()
                .map(|r| format!("{:?}", r.code()))
                .collect();
            format!("{:?}: [{}]", p.code(), rules.join(", "))
        })
        .collect();
    format!(
        "/** The rule sets that govern each portal (000 §1, 002 §1, 003 §1, 004 §1); several: the date of receipt decides. */\nexport const PORTAL_RULE_SETS = {{ {} }} as const satisfies Record<Portal, readonly RuleSet[]>;",
        entries.join(", ")
    )
}

fn value_lists() -> Vec<String> {
    let failures = |operator: bool| {
        FailureType::ALL
            .iter()
            .filter(move |f| f.operator_dependent() == operator)
            .map(|f| f.code())
    };
    vec![
        value_list(
            "The portals an appeal may concern (000 §1, 002 §1, 003 §1, 004 §1).",
            "PORTALS",
            "Portal",
            Portal::ALL.iter().map(|p| p.code()),
        ),
        portal_rule_sets(),
        value_list(
            "The interface and document languages.",
            "LANGUAGES",
            "Lang",
            Lang::ALL.iter().map(|l| l.code()),
        ),
        value_list(
            "How an appeal reached the contact centre (002 §20, §28).",
            "CHANNELS",
            "Channel",
            Channel::ALL.iter().map(|c| c.code()),
        ),
        value_list(
            "Who raised the failure (002 §27).",
            "SOURCES",
            "Source",
            Source::ALL.iter().map(|s| s.code()),
        ),
        value_list(
            "Rule sets with a planned-maintenance clause (002 §41, 000 §31).",
            "MAINTENANCE_RULE_SETS",
            "RuleSet",
            RULE_SET_ORDER
                .iter()
                .filter(|r| desk_rules::extensions::maintenance_clause(**r).is_some())
                .map(|r| r.code()),
        ),
        value_list(
            "Rule sets in the order the forms offer them.",
            "RULE_SETS",
            "RuleSet",
            RULE_SET_ORDER.iter().map(|r| r.code()),
        ),
        value_list(
            "Criticality levels (002 §34, 000 §23).",
            "CRITICALITIES",
            "Criticality",
            Criticality::ALL.iter().map(|c| c.code()),
        ),
        value_list(
            "Where an appeal stands.",
            "STATUSES",
            "Status",
            Status::ALL.iter().map(|s| s.code()),
        ),
        value_list(
            "Failure types that depend on the operator (002 §26.1).",
            "OPERATOR_FAILURES",
            "FailureType",
            failures(true),
        ),
        value_list(
            "Failure types that do not depend on the operator (002 §26).",
            "OTHER_FAILURES",
            "FailureType",
            failures(false),
        ),
        value_list(
            "The outcomes of the specialist's analysis (002 §31–34).",
            "ANALYSES",
            "EventKind",
            desk_journal::workflow::ANALYSES.iter().map(|e| e.code()),
        ),
        value_list(
            "Fields a supervisor's correction may change.",
            "CORRECTABLE_FIELDS",
            "Field",
            desk_journal::workflow::CORRECTABLE.iter().map(|f| f.code()),
        ),
        value_list(
            "Kinds of procurement procedure the extension calculator knows (deadlines.md §4).",
            "PROCEDURE_KINDS",
            "ProcedureKind",
            ProcedureKind::ALL.iter().map(|k| k.code()),
        ),
        value_list(
            "Procurement methods, for acceptance procedures (deadlines.md §4).",
            "ACCEPTANCE_METHODS",
            "AcceptanceMethod",
            AcceptanceMethod::ALL.iter().map(|m| m.code()),
        ),
        value_list(
            "A present member's answer on an item (003 §13, §17; recused: a declared conflict of interest).",
            "VOTES",
            "Vote",
            [Vote::For, Vote::Against, Vote::Abstain, Vote::Recused]
                .iter()
                .map(|v| serde_code(v, None)),
        ),
        value_list(
            "What an agenda item puts to the vote (003 §7).",
            "PROPOSAL_KINDS",
            "Proposal[\"kind\"]",
            [
                Proposal::Test,
                Proposal::Connect,
                Proposal::Refuse {
                    reasons: String::new(),
                },
                Proposal::Other,
            ]
            .iter()
            .map(|p| serde_code(p, Some("kind"))),
        ),
        value_list(
            "The documents a platform's application can carry (003 §22, §28, §30, App. 2).",
            "APPLICATION_DOCUMENTS",
            "ApplicationDocument",
            desk_commission::application::DOCUMENTS
                .iter()
                .map(|d| serde_code(d, None)),
        ),
        value_list(
            "The steps of the connection procedure, in order (003 §20–27).",
            "APPLICATION_STEPS",
            "string",
            desk_commission::application::Steps::CODES,
        ),
    ]
}

/// The whole generated module.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::new();
    let mut out = String::from(
        "// Generated from the Rust types by `desk-app` (typescript_bindings). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p desk-app` after changing them.\n\n",
    );
    for d in type_declarations(&cfg) {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&command_map(&signatures(&cfg)));
    out.push_str("\n\n");
    for list in value_lists() {
        out.push_str(&list);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Where the generated file lives, from the workspace root.
    const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

    #[test]
    fn generated_typescript_matches_the_committed_file() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(BINDINGS_PATH);
        let fresh = typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{BINDINGS_PATH} is stale: run UPDATE_BINDINGS=1 cargo test -p desk-app"
        );
    }

    #[test]
    fn the_forms_offer_every_rule_set_exactly_once() {
        let mut shown = RULE_SET_ORDER.to_vec();
        shown.sort_by_key(|r| r.code());
        let mut all = RuleSet::ALL.to_vec();
        all.sort_by_key(|r| r.code());
        assert_eq!(shown, all);
    }
}
