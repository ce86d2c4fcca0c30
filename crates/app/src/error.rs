//! Every error the window and the CLI can meet, in one place: its translated wording, a
//! stable [`ErrorCode`] the UI can branch on, and the CLI's exit code, all decided here so
//! that the shell and the CLI never decide them again.

use desk_i18n::{Lang, tr};
use desk_journal::{Action, Field, FieldError, Role};
use desk_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::DocumentError;
use crate::sync::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("role {role:?} may not {action:?}")]
    Forbidden { role: Role, action: Action },
    /// The rules engine refused the scenario built from the appeal.
    #[error("calculator: {0}")]
    Calculator(desk_rules::InputError),
    /// The scenario the user gave `desk deadlines` or `desk extensions` is refused; the
    /// message names the field.
    #[error("scenario: {0}")]
    Scenario(desk_rules::InputError),
    #[error(transparent)]
    Store(StoreError),
    /// Making, signing or checking a document (issue 7).
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// `desk journal verify` found the journal differing from its audit chain: the first
    /// of `count` findings.
    #[error("the journal does not match its audit chain: {first:?} and {count} in all")]
    AuditBroken {
        first: desk_store::Problem,
        count: u64,
    },
    /// A printed chain head to check against is not `SEQ:HASH`.
    #[error("not a chain head: {0}")]
    BadChainHead(String),
    /// Acting under a login other than the OS user's is refused (issue 11 item 3).
    #[error("cannot act as {login}: {problem:?}")]
    SignIn {
        login: String,
        problem: crate::signin::SignInProblem,
    },
    /// Sync with the central server, logging in or out (issue 15).
    #[error("sync: {0}")]
    Sync(#[from] SyncError),
    /// The Commission's rules refuse the change (issue 17); the message names the field.
    #[error("commission: {0}")]
    Commission(#[from] desk_commission::CommissionError),
    /// A notice or the outbox refuses (issue 18); the message names the field.
    #[error("notice: {0}")]
    Notice(#[from] crate::outbox::NoticeError),
}

/// What kind of error it is, stable across languages and versions: the UI branches on it
/// and scripts may too. Serialised in snake_case (`not_found`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A value the user typed is refused; `UiError.fields` names the fields.
    Invalid,
    /// The user's role does not allow the action.
    Forbidden,
    /// No appeal with that incident number or id.
    NotFound,
    /// The journal's state does not allow it (already triaged, the workstation code is
    /// already set).
    Conflict,
    /// First-start setup is missing (the workstation code).
    SetupNeeded,
    /// A file the user named to attach to an appeal could not be read.
    Attachment,
    /// A document or signing input is refused: a period, a format, a letter that would
    /// contradict the journal, a meeting that breaks the rules, a key, its password, a
    /// file that cannot be read.
    Refused,
    /// The rules engine refused the scenario built from an appeal.
    Calculator,
    /// The file carries no signature at all.
    NoSignatures,
    /// Not every signature is valid and trusted.
    SignatureInvalid,
    /// The audit hash chain is broken.
    AuditBroken,
    /// A document could not be written.
    Io,
    /// The database failed.
    Store,
    /// The journal was written by a newer Incident Desk.
    NewerSchema,
    /// Rendering or cryptography failed: not the user's doing.
    Internal,
    /// No sync server is set up, or sync is turned off: the workstation works offline.
    SyncOff,
    /// The sync server cannot be reached (the work stays here and is sent later).
    Offline,
    /// Not logged in to the sync server, or the login expired: the window asks for the
    /// password.
    LoginNeeded,
    /// The sync server refused, or answered something unexpected.
    SyncRefused,
    /// The sync server speaks another protocol version: update the application.
    UpdateNeeded,
}

impl ErrorCode {
    /// The CLI's exit status: 2 when the user's input is to fix (a value, an unknown
    /// incident number, a file to attach that cannot be read, a refused document or key
    /// input), 1 for anything else.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorCode::Invalid
            | ErrorCode::NotFound
            | ErrorCode::Refused
            | ErrorCode::Attachment => 2,
            ErrorCode::Forbidden
            | ErrorCode::Conflict
            | ErrorCode::SetupNeeded
            | ErrorCode::Calculator
            | ErrorCode::NoSignatures
            | ErrorCode::SignatureInvalid
            | ErrorCode::AuditBroken
            | ErrorCode::Io
            | ErrorCode::Store
            | ErrorCode::NewerSchema
            | ErrorCode::Internal
            | ErrorCode::SyncOff
            | ErrorCode::Offline
            | ErrorCode::LoginNeeded
            | ErrorCode::SyncRefused
            | ErrorCode::UpdateNeeded => 1,
        }
    }
}

/// A store's refusal names the field (a closed appeal, a link cycle): it is the user's
/// input to fix, as a form's is, wherever it comes from.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(field) => AppError::Invalid(vec![field]),
            other => AppError::Store(other),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

impl AppError {
    /// One line in the user's language: what the CLI prints and the UI shows on top.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join("; "),
            AppError::Forbidden { role, action } => tr(
                lang,
                "err-forbidden",
                &[("role", &role.label(lang)), ("action", &action.label(lang))],
            ),
            AppError::Calculator(e) | AppError::Scenario(e) => e.message(lang),
            AppError::Store(StoreError::NotFound(number)) => {
                tr(lang, "err-not-found", &[("number", number)])
            }
            AppError::Store(StoreError::AlreadyTriaged(number)) => {
                tr(lang, "err-already-triaged", &[("number", number)])
            }
            AppError::Store(StoreError::LinkSelf) => {
                FieldError::new(Field::LinkedTo, desk_journal::Problem::LinkSelf).message(lang)
            }
            AppError::Store(StoreError::Attachment { name, source }) => tr(
                lang,
                "err-attachment-unreadable",
                &[("name", name), ("detail", &source.to_string())],
            ),
            AppError::Store(StoreError::WorkstationNotSet) => {
                tr(lang, "err-workstation-missing", &[])
            }
            AppError::Store(StoreError::Sync(e)) => crate::sync::store_message(e, lang),
            AppError::Store(StoreError::WorkstationFixed(code)) => {
                tr(lang, "err-workstation-fixed", &[("code", code)])
            }
            AppError::Store(StoreError::NewerSchema {
                path,
                found,
                supported,
            }) => tr(
                lang,
                "err-store-newer",
                &[
                    ("path", &path.display().to_string()),
                    ("found", &found.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            AppError::Store(StoreError::BackupFailed {
                path,
                backup,
                reason,
            }) => tr(
                lang,
                "err-store-backup-failed",
                &[
                    ("path", &path.display().to_string()),
                    ("backup", &backup.display().to_string()),
                    ("detail", reason),
                ],
            ),
            AppError::Store(StoreError::UpgradeFailed {
                path,
                from,
                to,
                backup,
                reason,
                restore_error,
            }) => {
                let (path, backup) = (path.display().to_string(), backup.display().to_string());
                let (from, to) = (from.to_string(), to.to_string());
                let mut args = vec![
                    ("path", path.as_str()),
                    ("from", from.as_str()),
                    ("to", to.as_str()),
                    ("backup", backup.as_str()),
                    ("detail", reason.as_str()),
                ];
                match restore_error {
                    None => tr(lang, "err-store-upgrade-failed", &args),
                    Some(restore) => {
                        args.push(("restore", restore.as_str()));
                        tr(lang, "err-store-upgrade-unrestored", &args)
                    }
                }
            }
            AppError::Store(StoreError::Damaged { path, detail }) => tr(
                lang,
                "err-store-damaged",
                &[("path", &path.display().to_string()), ("detail", detail)],
            ),
            // A page SQLite cannot read, met while working: the file is damaged.
            AppError::Store(StoreError::Sqlite(e)) if desk_store::is_damage(e) => tr(
                lang,
                "err-store-damaged-read",
                &[("detail", &e.to_string())],
            ),
            AppError::Store(StoreError::LastSupervisor(login)) => {
                tr(lang, "err-last-supervisor", &[("login", login)])
            }
            AppError::Store(StoreError::NoSuchUser(login)) => {
                tr(lang, "err-no-such-user", &[("login", login)])
            }
            AppError::Store(StoreError::FirstSupervisorTaken) => {
                tr(lang, "err-first-supervisor-taken", &[])
            }
            AppError::Store(e) => tr(lang, "err-store", &[("detail", &e.to_string())]),
            AppError::Document(e) => e.message(lang),
            AppError::AuditBroken { first, count } => {
                let line = crate::integrity::problem_line(first, lang);
                match count.saturating_sub(1) {
                    0 => line,
                    more => format!(
                        "{line}; {}",
                        tr(lang, "verify-more", &[("count", &more.to_string())])
                    ),
                }
            }
            AppError::BadChainHead(value) => tr(lang, "verify-head-invalid", &[("value", value)]),
            AppError::SignIn { login, problem } => problem.message(login, lang),
            AppError::Sync(e) => e.message(lang),
            AppError::Commission(e) => e.message(lang),
            AppError::Notice(e) => e.message(lang),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Invalid(_) | AppError::Scenario(_) | AppError::BadChainHead(_) => {
                ErrorCode::Invalid
            }
            // A link to itself is a value the user typed (the incident number to link to).
            AppError::Store(StoreError::LinkSelf) => ErrorCode::Invalid,
            AppError::Forbidden { .. } | AppError::SignIn { .. } => ErrorCode::Forbidden,
            AppError::Calculator(_) => ErrorCode::Calculator,
            AppError::Store(e) => match e {
                StoreError::NotFound(_) => ErrorCode::NotFound,
                StoreError::AlreadyTriaged(_)
                | StoreError::WorkstationFixed(_)
                | StoreError::LastSupervisor(_)
                | StoreError::FirstSupervisorTaken => ErrorCode::Conflict,
                StoreError::NoSuchUser(_) => ErrorCode::NotFound,
                StoreError::WorkstationNotSet => ErrorCode::SetupNeeded,
                StoreError::Attachment { .. } => ErrorCode::Attachment,
                StoreError::NewerSchema { .. } => ErrorCode::NewerSchema,
                StoreError::Sync(e) => crate::sync::store_code(e),
                _ => ErrorCode::Store,
            },
            AppError::Document(e) => e.code(),
            AppError::AuditBroken { .. } => ErrorCode::AuditBroken,
            AppError::Sync(e) => e.code(),
            // A meeting, a vote or a protocol that breaks the rules is the user's input
            // to fix, as a refused document input is.
            AppError::Commission(_) => ErrorCode::Refused,
            AppError::Notice(e) => e.code(),
        }
    }

    /// The CLI's exit status (see [`ErrorCode::exit_code`]).
    pub fn exit_code(&self) -> u8 {
        self.code().exit_code()
    }

    pub fn to_ui(&self, lang: Lang) -> UiError {
        let fields = match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| UiFieldError {
                    field: e.field,
                    message: e.message(lang),
                })
                .collect(),
            _ => Vec::new(),
        };
        UiError {
            code: self.code(),
            message: self.message(lang),
            fields,
        }
    }
}

/// An error as the UI receives it: translated, with one entry per invalid field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UiError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<UiFieldError>,
}

impl UiError {
    /// Something broke that is not the user's doing and has no [`AppError`] (a poisoned
    /// lock in the shell): worded in the OS locale's language, as no journal says
    /// otherwise.
    pub fn internal(detail: &str) -> UiError {
        let lang = Lang::from_locale(std::env::var("LANG").ok().as_deref());
        UiError {
            code: ErrorCode::Internal,
            message: tr(lang, "err-internal", &[("detail", detail)]),
            fields: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UiFieldError {
    pub field: Field,
    pub message: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use desk_journal::Problem;

    #[test]
    fn codes_are_snake_case_and_only_the_users_input_exits_2() {
        assert_eq!(
            serde_json::to_string(&ErrorCode::NotFound).unwrap(),
            r#""not_found""#
        );
        assert_eq!(
            serde_json::to_string(&ErrorCode::SignatureInvalid).unwrap(),
            r#""signature_invalid""#
        );
        let bad_field = AppError::from(FieldError::new(Field::BinIin, Problem::Required));
        assert_eq!(bad_field.exit_code(), 2);
        assert_eq!(
            AppError::Store(StoreError::NotFound("AST1-2026-000009".into())).exit_code(),
            2
        );
        let read = AppError::Document(DocumentError::Read {
            file: "key.p12".into(),
            detail: "no such file".into(),
        });
        assert_eq!((read.code(), read.exit_code()), (ErrorCode::Refused, 2));
        let forbidden = AppError::Forbidden {
            role: Role::Operator,
            action: Action::Triage,
        };
        assert_eq!(forbidden.exit_code(), 1);
        // Issue 11: a self-link and a file that cannot be read are the user's to fix.
        assert_eq!(AppError::Store(StoreError::LinkSelf).exit_code(), 2);
        let unreadable = AppError::Store(StoreError::Attachment {
            name: "scan.png".into(),
            source: std::io::ErrorKind::NotFound.into(),
        });
        assert_eq!(unreadable.exit_code(), 2);
        assert_eq!(
            AppError::Store(StoreError::WorkstationNotSet).exit_code(),
            1
        );
        let broken = AppError::AuditBroken {
            first: desk_store::Problem {
                kind: desk_store::ProblemKind::Content,
                seq: Some(3),
                what: "x".into(),
            },
            count: 1,
        };
        assert_eq!(broken.exit_code(), 1);
    }

    #[test]
    fn the_ui_gets_the_code_with_the_translated_message() {
        let e = AppError::Store(StoreError::NotFound("AST1-2026-000009".into())).to_ui(Lang::En);
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("AST1-2026-000009"), "{}", e.message);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "not_found");
        let e = UiError::internal("journal lock");
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("journal lock"), "{}", e.message);
    }
}
