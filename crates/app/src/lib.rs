//! What the desktop shell and the CLI both do, in one place: each Tauri command and each
//! CLI subcommand is a thin call into [`Desk`]. Errors leave here already translated into
//! the user's language and tied to the form field they are about.

use std::path::{Path, PathBuf};

use chrono::Utc;
use desk_i18n::Lang;
use desk_journal::{Action, AppealRow, Field, FieldError, NewAppeal, Role, WorkstationCode};
pub use desk_store::StoreError;
use desk_store::{Actor, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use desk_commission;
pub use desk_i18n;
pub use desk_journal;

mod bindings;
pub mod calculators;
pub mod commands;
pub mod commission;
pub mod documents;
mod error;
pub use bindings::typescript_bindings;
pub mod reports;
pub use documents::{DocumentError, DocumentFile, SignatureView, VerifyReport};
mod clocks;
mod daily;
pub use error::{AppError, ErrorCode, UiError, UiFieldError};
mod editions;
mod extensions;
mod history;
pub mod integrity;
mod maintenance;
pub mod outbox;
mod queue;
pub mod signin;
mod support_hours;
pub mod sync;
mod workflow;
pub use clocks::{Obligation, ObligationState};
pub use daily::{DailyReport, DailyRow, DailyTotals};
pub use desk_journal::ProcedureInput;
pub use desk_rules::extensions::{
    Answer as ExtensionAnswer, DutyAnswer, HomePageAnnouncement, MaintenanceAnswer, NoticeAnswer,
    ProcedureAnswer,
};
pub use extensions::ExtensionForm;
pub use history::HistoryEntry;
pub use integrity::CheckProgress;
pub use maintenance::{MaintenanceForm, MaintenanceView};
pub use outbox::{NoticeError, NoticePreview, OutboxEntry, SendReport, SmtpForm};
pub use queue::JournalRow;
pub use support_hours::SupportHoursView;
pub use sync::{
    ConflictField, ConflictResolved, ConflictVersion, ConflictView, RecordSyncState, SyncReport,
    SyncSettings, SyncStatus,
};
pub use workflow::{
    AppealDetail, AttachmentView, AuditStatus, EventView, ExtendDecisionForm, LateReportView,
};

/// Environment variable that moves the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "DESK_DATA_DIR";

/// What the window needs to know at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub language: Lang,
    /// `None` until the first-start dialog sets it.
    pub workstation: Option<String>,
    pub data_dir: String,
    /// Now in Astana time, `DD.MM.YYYY HH:MM`: the default for "received at".
    pub now_astana: String,
    /// Who is working, and what they may do.
    pub user: String,
    pub role: Role,
    /// Whether the role keeps the Commission's records (003 §6), so the window offers
    /// them only to those the app would let in.
    pub commission: bool,
}

/// The OS data directory for this user (`~/.local/share/incident-desk` on Linux,
/// `%APPDATA%\Incident Desk\data` on Windows), unless `DESK_DATA_DIR` says otherwise.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("kz", "", "Incident Desk")
        .map(|p| p.data_dir().to_owned())
        .unwrap_or_else(|| PathBuf::from("incident-desk-data"))
}

#[derive(Debug)]
pub struct Desk {
    store: Store,
    data_dir: PathBuf,
    actor: Actor,
    /// The PHC string of the password the first login of a new journal chose
    /// ([`Desk::sign_in`]), saved with the write that makes it supervisor.
    first_password: Option<String>,
    /// This connection told the store that its actor counts on becoming the first
    /// supervisor (see [`Desk::settle_role`]).
    expects_first: bool,
}

impl Desk {
    /// Opens the journal in `data_dir`, or in [`default_data_dir`].
    pub fn open(data_dir: Option<&Path>) -> Result<Desk, AppError> {
        let data_dir = data_dir
            .map(Path::to_owned)
            .unwrap_or_else(default_data_dir);
        let store = Store::open_in_dir(&data_dir)?;
        Desk::with_store(store, data_dir)
    }

    /// Opens the journal for one command: where there is none yet, it is created by the
    /// command's first write, so a command that is refused (or only reads) leaves a new
    /// data directory as it found it (issue 11 item 5).
    pub fn open_for_command(data_dir: Option<&Path>) -> Result<Desk, AppError> {
        let data_dir = data_dir
            .map(Path::to_owned)
            .unwrap_or_else(default_data_dir);
        let store = Store::open_deferred_in_dir(&data_dir)?;
        Desk::with_store(store, data_dir)
    }

    fn with_store(mut store: Store, data_dir: PathBuf) -> Result<Desk, AppError> {
        // A journal not created yet has nothing on disk to check or sweep.
        if !store.is_pending() {
            integrity::check_at_start(store.path())?;
            // Copies of attachments that a crash interrupted; a failure to sweep them
            // costs disk space, not data, so it does not stop the journal from opening.
            match store.sweep_attachment_staging() {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "interrupted attachment copies removed"),
                Err(e) => tracing::warn!(error = %e, "attachment staging not swept"),
            }
            // Issue 19 item 2: journals from before it kept closed appeals due.
            match store.clear_due_of_closed() {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "closed appeals no longer due"),
                Err(e) => tracing::warn!(error = %e, "closed appeals' dues not cleared"),
            }
        }
        store.set_clocks(Box::new(clocks::next_due));
        Ok(Desk {
            store,
            data_dir,
            actor: Actor {
                user: signin::os_login(),
            },
            first_password: None,
            expects_first: false,
        })
    }

    /// One line for the user when this open upgraded a journal an older release wrote
    /// (issue 20 item 3): from which schema, and where the copy of it as it was is.
    pub fn upgrade_notice(&self, lang: Lang) -> Option<String> {
        self.store.upgrade().map(|u| {
            desk_i18n::tr(
                lang,
                "store-upgraded",
                &[
                    ("from", &u.from.to_string()),
                    ("to", &u.to.to_string()),
                    ("backup", &u.backup.display().to_string()),
                ],
            )
        })
    }

    /// Acts as `user` without asking its password: for tests, and for the shell's
    /// connections after [`Desk::sign_in`] accepted the login on one of them. The CLI
    /// and the window's switch go through `sign_in`.
    pub fn with_user(mut self, user: &str) -> Desk {
        self.actor = Actor {
            user: user.to_owned(),
        };
        self.first_password = None;
        self
    }

    /// Who acts on this connection.
    pub fn user(&self) -> &str {
        &self.actor.user
    }

    /// The saved interface language, else the OS locale's, else Russian.
    pub fn language(&self) -> Lang {
        self.store
            .setting("language")
            .ok()
            .flatten()
            .and_then(|c| Lang::from_code(&c))
            .unwrap_or_else(|| Lang::from_locale(std::env::var("LANG").ok().as_deref()))
    }

    pub fn settings(&self) -> Result<Settings, AppError> {
        let role = self.role()?;
        Ok(Settings {
            language: self.language(),
            workstation: self.store.workstation()?.map(|w| w.as_str().to_owned()),
            data_dir: self.data_dir.display().to_string(),
            now_astana: desk_journal::time::to_astana_display(Utc::now()),
            user: self.actor.user.clone(),
            role,
            commission: role.may(desk_journal::Action::Commission),
        })
    }

    pub fn set_language(&mut self, lang: Lang) -> Result<Settings, AppError> {
        // Anyone may choose the interface language; on a new journal it is the first
        // write all the same.
        self.settle_role()?;
        self.store
            .set_setting("language", lang.code(), &self.actor)?;
        self.settings()
    }

    pub fn set_workstation(&mut self, code: &str) -> Result<Settings, AppError> {
        let code = WorkstationCode::parse(code)?;
        self.require(Action::ChangeSettings)?;
        self.store.set_workstation(&code, &self.actor)?;
        self.settings()
    }

    /// Checks the form and registers the appeal; on any error nothing is written.
    pub fn register_appeal(&mut self, form: &NewAppeal) -> Result<AppealRow, AppError> {
        self.register_appeal_with_attachments(form, &[])
    }

    /// Registers an appeal and attaches `files` in one transaction: a file that cannot
    /// be read refuses the whole registration, and nothing is written.
    pub fn register_appeal_with_attachments(
        &mut self,
        form: &NewAppeal,
        files: &[PathBuf],
    ) -> Result<AppealRow, AppError> {
        self.require(Action::Register)?;
        if !files.is_empty() {
            self.require(Action::RecordAction)?;
        }
        let now = Utc::now();
        let valid = form.validate(now).map_err(AppError::Invalid)?;
        // A rule set chosen by hand, or implied by the portal (000 §1, 002 §1, 003 §1,
        // 004 §1), must be in force on the day of receipt; the date's own choice always is.
        if !form.rule_set.trim().is_empty() {
            editions::check_choice(valid.rule_set, valid.received_at, Field::RuleSet)?;
        } else if !form.portal.trim().is_empty() {
            editions::check_choice(valid.rule_set, valid.received_at, Field::Portal)?;
        }
        let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        // 002 §30: the incident ID goes to the user's e-mail; queued by the registration
        // itself, so neither is written without the other.
        let row = match self.incident_id_mail(&valid)? {
            Some(mail) => {
                self.store
                    .register_appeal_with_mail(&valid, &files, mail, &self.actor, now)?
            }
            None => {
                self.store
                    .register_appeal_with_attachments(&valid, &files, &self.actor, now)?
            }
        };
        tracing::info!(number = %row.number, "appeal registered");
        Ok(row)
    }

    /// The role of the person at the keyboard. The first person to use a new journal
    /// becomes its supervisor; anyone not yet given a role is an operator.
    pub fn role(&self) -> Result<Role, AppError> {
        if let Some(role) = self.store.role_of(&self.actor.user)? {
            return Ok(role);
        }
        Ok(if self.store.users()?.is_empty() {
            Role::Supervisor
        } else {
            Role::Operator
        })
    }

    /// Checks that the actor's role allows `action`. It writes nothing: on a new journal
    /// the store records the first supervisor with the command's own write, after the
    /// command has been validated, so a refused command leaves the journal untouched.
    fn require(&mut self, action: Action) -> Result<(), AppError> {
        let role = self.settle_role()?;
        if !role.may(action) {
            return Err(AppError::Forbidden { role, action });
        }
        Ok(())
    }

    /// [`Desk::require`] for commands that only read the journal (documents): nothing is
    /// recorded, so no first supervisor either.
    pub(crate) fn permit(&self, action: Action) -> Result<(), AppError> {
        let role = self.role()?;
        if !role.may(action) {
            return Err(AppError::Forbidden { role, action });
        }
        Ok(())
    }

    /// The actor's role, telling the store whether this connection's next write is the
    /// one that makes the actor the first supervisor of a journal without users.
    fn settle_role(&mut self) -> Result<Role, AppError> {
        let first =
            self.store.role_of(&self.actor.user)?.is_none() && self.store.users()?.is_empty();
        if first {
            self.store
                .expect_first_supervisor(&self.actor.user, self.first_password.as_deref())?;
            self.expects_first = true;
        } else if self.expects_first {
            self.store.forget_first_supervisor()?;
            self.expects_first = false;
        }
        self.role()
    }

    pub fn users(&self) -> Result<Vec<(String, Role)>, AppError> {
        Ok(self.store.users()?)
    }

    /// Gives a login a role (supervisors only).
    pub fn set_role(&mut self, login: &str, role: Role) -> Result<(), AppError> {
        self.require(Action::ManageUsers)?;
        let login = login.trim();
        if login.is_empty() {
            return Err(FieldError::new(Field::Login, desk_journal::Problem::Required).into());
        }
        Ok(self.store.set_role(login, role, &self.actor)?)
    }

    pub fn journal(&self) -> Result<Vec<AppealRow>, AppError> {
        Ok(self.store.appeals()?)
    }

    /// Runs `f` and translates its error for the UI.
    pub fn ui<T>(
        &mut self,
        f: impl FnOnce(&mut Desk) -> Result<T, AppError>,
    ) -> Result<T, UiError> {
        f(self).map_err(|e| {
            let lang = self.language();
            tracing::warn!(error = %e, "command refused");
            e.to_ui(lang)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn form() -> NewAppeal {
        NewAppeal {
            organisation: "АО «Самрук-Энерго»".into(),
            bin_iin: "971240001315".into(),
            received_at: desk_journal::time::to_astana_display(Utc::now()),
            channel: "forum".into(),
            contact: "+7 717 200 00 00".into(),
            description: "Не открывается раздел договоров".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_invalid_form_writes_nothing_and_names_each_field_in_the_chosen_language() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(Some(dir.path())).unwrap();
        desk.set_workstation("ast1").unwrap();
        desk.set_language(Lang::Kk).unwrap();
        let bad = NewAppeal {
            bin_iin: "12345".into(),
            contact: String::new(),
            ..form()
        };
        let err = desk.ui(|d| d.register_appeal(&bad)).unwrap_err();
        let fields: Vec<Field> = err.fields.iter().map(|f| f.field).collect();
        assert_eq!(fields, [Field::BinIin, Field::Contact]);
        assert_eq!(
            err.fields[0].message,
            "БСН / ЖСН: 12 цифр болуы керек, енгізілгені 5"
        );
        assert!(desk.journal().unwrap().is_empty());
    }

    #[test]
    fn language_and_appeals_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let number = {
            let mut desk = Desk::open(Some(dir.path())).unwrap();
            desk.set_workstation("AST1").unwrap();
            desk.set_language(Lang::En).unwrap();
            desk.register_appeal(&form()).unwrap().number
        };
        let desk = Desk::open(Some(dir.path())).unwrap();
        assert_eq!(desk.language(), Lang::En);
        assert_eq!(
            desk.settings().unwrap().workstation.as_deref(),
            Some("AST1")
        );
        assert_eq!(desk.journal().unwrap()[0].number, number);
    }

    #[test]
    fn the_first_user_supervises_and_an_operator_cannot_triage() {
        let dir = tempfile::tempdir().unwrap();
        let mut boss = Desk::open(Some(dir.path())).unwrap().with_user("boss");
        boss.set_workstation("AST1").unwrap();
        assert_eq!(boss.role().unwrap(), Role::Supervisor);
        let id = boss.register_appeal(&form()).unwrap().id.to_string();
        boss.set_role("aigerim", Role::Operator).unwrap();
        drop(boss);

        let mut op = Desk::open(Some(dir.path())).unwrap().with_user("aigerim");
        op.set_language(Lang::Kk).unwrap();
        assert_eq!(op.role().unwrap(), Role::Operator);
        let triage = desk_journal::TriageForm {
            analysis: "confirmed".into(),
            criticality: "high".into(),
            decision: "—".into(),
            ..Default::default()
        };
        let err = op.ui(|d| d.triage(&id, &triage)).unwrap_err();
        assert_eq!(
            err.message,
            "«Оператор» рөлі талдау жүргізуге және шешім қабылдауға рұқсат бермейді"
        );
        assert!(op.ui(|d| d.set_role("aigerim", Role::Supervisor)).is_err());
        // An unknown login on a journal that has users is an operator, not a supervisor.
        let stranger = Desk::open(Some(dir.path())).unwrap().with_user("stranger");
        assert_eq!(stranger.role().unwrap(), Role::Operator);
    }

    #[test]
    fn registering_before_first_start_setup_explains_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(Some(dir.path())).unwrap();
        desk.set_language(Lang::Ru).unwrap();
        let err = desk.ui(|d| d.register_appeal(&form())).unwrap_err();
        assert!(
            err.message.contains("desk setup --workstation"),
            "{}",
            err.message
        );
    }
}
