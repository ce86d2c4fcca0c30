//! The window's commands, declared once. Each line names a command, its arguments with
//! their types, what it returns and the one [`crate::Desk`] call it makes. Two readers
//! expand the same table: the shell (src-tauri) turns it into `#[tauri::command]`
//! functions and their `generate_handler!` list, and [`crate::typescript_bindings`] turns
//! it into the `Commands` map that `ui/src/lib/api.ts` is typed against. A command the
//! shell serves is therefore a command the UI may call, with the same arguments, and the
//! stale-bindings test fails when the two could differ.
//!
//! The command's name is the name of the `Desk` method it calls, so one operation has one
//! name in the UI, the shell and here. The shell runs every command on a worker thread
//! with a journal connection of its own (src-tauri/src/desks.rs), so none may assume it
//! runs alone or on the window's thread.
//!
//! Adding a command: one entry below, then `UPDATE_BINDINGS=1 cargo test -p desk-app`;
//! the UI calls it as `call("name", { … })` or through `useCommand` / `useAction`, and a
//! command that writes names the reads it makes stale in `ui/src/lib/cache.ts`.

/// Calls `$then! { … }` with the command table. Each entry reads
/// `name(arg: Type, …) -> Return = |desk| desk.method(…);`; the arguments arrive from
/// the UI by these names (snake case) and are moved into the call.
#[macro_export]
macro_rules! desk_commands {
    ($then:ident) => {
        $then! {
            settings() -> $crate::Settings = |d| d.settings();
            switch_user(login: String, password: String) -> $crate::Settings =
                |d| d.switch_user(&login, &password);
            set_language(language: $crate::desk_i18n::Lang) -> $crate::Settings =
                |d| d.set_language(language);
            set_workstation(code: String) -> $crate::Settings = |d| d.set_workstation(&code);
            register_appeal(
                form: $crate::desk_journal::NewAppeal,
            ) -> $crate::desk_journal::AppealRow = |d| d.register_appeal(&form);
            list(
                query: $crate::desk_journal::JournalQuery,
            ) -> Vec<$crate::JournalRow> = |d| d.journal_page(&query);
            due_soon(minutes: u32) -> Vec<$crate::desk_journal::AppealRow> =
                |d| d.due_soon(i64::from(minutes));
            appeal_detail(id: String) -> $crate::AppealDetail = |d| d.appeal_detail(&id);
            triage(
                id: String,
                form: $crate::desk_journal::TriageForm,
            ) -> $crate::AppealDetail = |d| d.triage(&id, &form);
            record_action(
                id: String,
                form: $crate::desk_journal::ActionForm,
            ) -> $crate::AppealDetail = |d| d.record_action(&id, &form);
            reclassify(
                id: String,
                form: $crate::desk_journal::ReclassifyForm,
            ) -> $crate::AppealDetail = |d| d.reclassify(&id, &form);
            extend_decision(
                id: String,
                form: $crate::ExtendDecisionForm,
            ) -> $crate::AppealDetail = |d| d.extend_decision(&id, &form);
            link(id: String, number: String) -> $crate::AppealDetail = |d| d.link(&id, &number);
            reopen(id: String, reason: String) -> $crate::AppealDetail = |d| d.reopen(&id, &reason);
            correct(
                id: String,
                form: $crate::desk_journal::CorrectionForm,
            ) -> $crate::AppealDetail = |d| d.correct(&id, &form);
            compute_extensions(
                id: String,
                form: $crate::ExtensionForm,
            ) -> $crate::AppealDetail = |d| d.compute_extensions(&id, &form);
            support_hours() -> Vec<$crate::SupportHoursView> = |d| d.support_hours();
            planned_maintenance() -> Vec<$crate::MaintenanceView> = |d| d.planned_maintenance();
            add_planned_maintenance(
                form: $crate::MaintenanceForm,
            ) -> Vec<$crate::MaintenanceView> = |d| d.add_planned_maintenance(&form);
            add_support_hours(
                form: $crate::desk_journal::SupportHoursForm,
            ) -> Vec<$crate::SupportHoursView> = |d| d.add_support_hours(&form);
            audit_status() -> $crate::AuditStatus = |d| d.audit_status();
            check_progress() -> Option<$crate::CheckProgress> = |d| Ok(d.check_progress());
            daily_report(date: String) -> $crate::DailyReport = |d| d.daily_report(&date);
            yearly_report_pdf(
                year: String,
                lang: $crate::desk_i18n::Lang,
            ) -> $crate::DocumentFile = |d| d.yearly_report_pdf(&year, lang);
            extract_pdf(
                from: String,
                to: String,
                rules: Option<String>,
                lang: $crate::desk_i18n::Lang,
            ) -> $crate::DocumentFile = |d| d.extract_pdf(&from, &to, rules.as_deref(), lang);
            letter_pdf(
                number: String,
                kind: String,
                lang: $crate::desk_i18n::Lang,
            ) -> $crate::DocumentFile = |d| d.letter_pdf(&number, &kind, lang);
            protocol_pdf(
                input: String,
                lang: $crate::desk_i18n::Lang,
            ) -> $crate::DocumentFile = |d| d.protocol_pdf(&input, lang);
            sign_pdf_file(
                path: String,
                p12: String,
                password: String,
            ) -> $crate::DocumentFile = |d| d.sign_pdf_file(&path, &p12, &password);
            verify_pdf_file(path: String) -> $crate::VerifyReport = |d| d.verify_pdf_file(&path);
            sign_with_form(form: $crate::documents::SignForm) -> $crate::DocumentFile =
                |d| d.sign_with_form(&form);
            verify_document(path: String, cms: String, trust: String) -> $crate::VerifyReport =
                |d| d.verify_in_window(&path, &cms, &trust);
            sync_status() -> $crate::SyncStatus = |d| d.sync_status();
            sync_now() -> $crate::SyncReport = |d| d.sync_now();
            sync_settings() -> $crate::SyncSettings = |d| d.sync_settings();
            set_sync_settings(
                server_url: Option<String>,
                enabled: bool,
            ) -> $crate::SyncSettings = |d| d.set_sync_settings(server_url.as_deref(), enabled);
            login(server: String, user: String, password: String) -> $crate::SyncStatus =
                |d| d.login(&server, &user, &password);
            logout() -> $crate::SyncStatus = |d| d.logout();
            conflicts() -> Vec<$crate::ConflictView> = |d| d.conflicts();
            resolve_conflict(
                appeal_id: String,
                keep: String,
                fields: Vec<$crate::desk_journal::CorrectionForm>,
            ) -> $crate::ConflictResolved = |d| d.resolve_conflict(&appeal_id, &keep, &fields);
            record_sync(id: String) -> $crate::RecordSyncState = |d| d.record_sync(&id);
            outbox() -> Vec<$crate::OutboxEntry> = |d| d.outbox();
            send_outbox() -> $crate::SendReport = |d| d.send_outbox();
            retry_mail(id: String) -> $crate::OutboxEntry = |d| d.retry_mail(&id);
            smtp_settings() -> $crate::SmtpForm = |d| d.smtp_settings();
            set_smtp_settings(form: $crate::SmtpForm) -> $crate::SmtpForm =
                |d| d.set_smtp_settings(&form);
            notice_preview(
                number: String,
                kind: String,
                lang: $crate::desk_i18n::Lang,
                set: Vec<String>,
            ) -> $crate::NoticePreview = |d| d.notice_preview(&number, &kind, lang, &set);
            commission_compositions() -> Vec<$crate::commission::CompositionView> =
                |d| d.commission_compositions();
            commission_set_members(
                form: $crate::commission::CompositionForm,
            ) -> $crate::commission::CompositionView = |d| d.commission_set_members(&form);
            commission_meetings() -> Vec<$crate::commission::MeetingView> = |d| {
                let lang = d.language();
                d.commission_meetings(lang)
            };
            commission_new_meeting(
                form: $crate::commission::MeetingForm,
            ) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_new_meeting(&form, lang)
            };
            commission_meeting(number: String) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_meeting(&number, lang)
            };
            commission_attend(
                number: String,
                present: Vec<String>,
                acting_chair: Option<String>,
            ) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_attend(&number, &present, acting_chair.as_deref(), lang)
            };
            commission_vote(
                number: String,
                item: u32,
                member: String,
                vote: $crate::desk_commission::Vote,
                conflict: Option<String>,
            ) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_vote(&number, item as usize, &member, vote, conflict.as_deref(), lang)
            };
            commission_dissent(
                number: String,
                item: u32,
                member: String,
                text: String,
            ) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_dissent(&number, item as usize, &member, &text, lang)
            };
            commission_draft_protocol(
                number: String,
                text: Option<String>,
            ) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_draft_protocol(&number, text.as_deref(), lang)
            };
            commission_protocol_file(number: String) -> $crate::DocumentFile = |d| {
                let lang = d.language();
                d.commission_protocol_file(&number, lang)
            };
            commission_applications() -> Vec<$crate::commission::ApplicationView> = |d| {
                let lang = d.language();
                d.commission_applications(lang)
            };
            commission_add_application(
                form: $crate::commission::ApplicationForm,
            ) -> $crate::commission::ApplicationView = |d| {
                let lang = d.language();
                d.commission_add_application(&form, lang)
            };
            commission_application_step(
                number: String,
                step: String,
                date: String,
                note: String,
            ) -> $crate::commission::ApplicationView = |d| {
                let lang = d.language();
                d.commission_application_step(&number, &step, &date, &note, lang)
            };
            commission_disconnection_grounds(
                as_of: String,
            ) -> Vec<$crate::commission::DisconnectionGround> = |d| {
                let lang = d.language();
                d.commission_disconnection_grounds(&as_of, lang)
            };
            commission_notice_file(number: String) -> $crate::DocumentFile = |d| {
                let lang = d.language();
                d.commission_notice_file(&number, lang)
            };
            commission_publish(number: String) -> $crate::DocumentFile = |d| {
                let lang = d.language();
                let dir = d.documents_dir().join("publication");
                d.commission_publish(&number, &dir, None, lang)
            };
            commission_sign_protocol(
                number: String,
                member: String,
                p12: String,
                password: String,
            ) -> $crate::commission::MeetingView = |d| {
                let lang = d.language();
                d.commission_sign_protocol(&number, &member, &p12, &password, lang)
            };
        }
    };
}

/// One command as the TypeScript generator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSignature {
    pub name: &'static str,
    /// Argument names with their TypeScript types.
    pub args: Vec<(&'static str, String)>,
    pub returns: String,
}

macro_rules! signatures {
    ($( $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty = |$d:ident| $body:expr ; )*) => {
        /// Every command in the table, in its order.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<CommandSignature> {
            vec![$(CommandSignature {
                name: stringify!($name),
                args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*],
                returns: <$ret as ts_rs::TS>::name(cfg),
            }),*]
        }
    };
}

desk_commands!(signatures);
