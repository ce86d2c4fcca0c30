//! The TypeScript module the UI imports (`ui/src/lib/bindings.ts`), generated from the
//! Rust types, the command table ([`crate::desk_commands`]) and the closed lists the
//! forms offer, so the two sides can never disagree. `cargo test` fails when the
//! committed file is stale; run it with `UPDATE_BINDINGS=1` to rewrite it.

use std::fmt::Write as _;

use desk_i18n::Lang;
use desk_journal::{
    AcceptanceMethod, AppealRow, Channel, Criticality, EventKind, FailureType, Field, NewAppeal,
    ProcedureKind, Role, RuleSet, Source, Status,
};
use ts_rs::TS;

use crate::commands::{CommandSignature, signatures};
use crate::{
    AppealDetail, AttachmentView, AuditStatus, ConflictField, ConflictResolved, ConflictVersion,
    ConflictView, DailyReport, DailyRow, DocumentFile, DutyAnswer, ErrorCode, EventView,
    ExtensionAnswer, HistoryEntry, MaintenanceAnswer, NoticeAnswer, Obligation, ObligationState,
    ProcedureAnswer, ProcedureInput, RecordSyncState, Settings, SignatureView, SyncReport,
    SyncSettings, SyncStatus, UiError, UiFieldError, VerifyReport,
};

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
        Settings::decl(cfg),
        Source::decl(cfg),
        RuleSet::decl(cfg),
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
        ProcedureKind::decl(cfg),
        AcceptanceMethod::decl(cfg),
        ExtensionAnswer::decl(cfg),
        ProcedureAnswer::decl(cfg),
        DutyAnswer::decl(cfg),
        NoticeAnswer::decl(cfg),
        MaintenanceAnswer::decl(cfg),
        AuditStatus::decl(cfg),
        crate::CheckProgress::decl(cfg),
        DailyRow::decl(cfg),
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

/// `export const NAME = ["a", "b"] as const satisfies readonly Type[];`
fn value_list<'a>(
    doc: &str,
    name: &str,
    ty: &str,
    codes: impl IntoIterator<Item = &'a str>,
) -> String {
    let codes: Vec<String> = codes.into_iter().map(|c| format!("{c:?}")).collect();
    format!(
        "/** {doc} */\nexport const {name} = [{}] as const satisfies readonly {ty}[];",
        codes.join(", ")
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
