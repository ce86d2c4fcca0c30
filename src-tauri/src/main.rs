//! The desktop shell. Each command is a one-line call into `desk-app`; nothing here knows
//! what an appeal is.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Mutex;

use desk_app::desk_i18n::{Lang, tr};
use desk_app::desk_journal::{
    ActionForm, AppealRow, CorrectionForm, JournalQuery, NewAppeal, TriageForm,
};
use desk_app::{
    AppError, AppealDetail, AuditStatus, DailyReport, Desk, DocumentFile, Settings, UiError,
    VerifyReport,
};
use tauri::{Manager, State, WebviewWindow};

/// The open journal, or why it could not be opened (shown in the window instead of a crash).
struct Shell(Mutex<Result<Desk, UiError>>);

fn with<T>(
    shell: &State<'_, Shell>,
    f: impl FnOnce(&mut Desk) -> Result<T, AppError>,
) -> Result<T, UiError> {
    let mut guard = shell.0.lock().map_err(|_| UiError {
        message: "internal error: journal lock".into(),
        fields: vec![],
    })?;
    match guard.as_mut() {
        Ok(desk) => desk.ui(f),
        Err(e) => Err(e.clone()),
    }
}

#[tauri::command]
fn settings(shell: State<'_, Shell>) -> Result<Settings, UiError> {
    with(&shell, |d| d.settings())
}

#[tauri::command]
fn set_language(
    shell: State<'_, Shell>,
    window: WebviewWindow,
    language: Lang,
) -> Result<Settings, UiError> {
    let s = with(&shell, |d| d.set_language(language))?;
    let _ = window.set_title(&tr(s.language, "app-title", &[]));
    Ok(s)
}

#[tauri::command]
fn set_workstation(shell: State<'_, Shell>, code: String) -> Result<Settings, UiError> {
    with(&shell, |d| d.set_workstation(&code))
}

#[tauri::command]
fn register_appeal(shell: State<'_, Shell>, form: NewAppeal) -> Result<AppealRow, UiError> {
    with(&shell, |d| d.register_appeal(&form))
}

#[tauri::command]
fn journal(shell: State<'_, Shell>) -> Result<Vec<AppealRow>, UiError> {
    with(&shell, |d| d.journal())
}

#[tauri::command]
fn list_appeals(shell: State<'_, Shell>, query: JournalQuery) -> Result<Vec<AppealRow>, UiError> {
    with(&shell, |d| d.list(&query))
}

#[tauri::command]
fn appeal_detail(shell: State<'_, Shell>, id: String) -> Result<AppealDetail, UiError> {
    with(&shell, |d| d.appeal_detail(&id))
}

#[tauri::command]
fn triage(shell: State<'_, Shell>, id: String, form: TriageForm) -> Result<AppealDetail, UiError> {
    with(&shell, |d| d.triage(&id, &form))
}

#[tauri::command]
fn record_action(
    shell: State<'_, Shell>,
    id: String,
    form: ActionForm,
) -> Result<AppealDetail, UiError> {
    with(&shell, |d| d.record_action(&id, &form))
}

#[tauri::command]
fn compute_extensions(
    shell: State<'_, Shell>,
    id: String,
    procedures: Vec<desk_app::ProcedureInput>,
) -> Result<AppealDetail, UiError> {
    with(&shell, |d| d.compute_extensions(&id, &procedures))
}

#[tauri::command]
fn correct_appeal(
    shell: State<'_, Shell>,
    id: String,
    form: CorrectionForm,
) -> Result<AppealDetail, UiError> {
    with(&shell, |d| d.correct(&id, &form))
}

#[tauri::command]
fn audit_status(shell: State<'_, Shell>) -> Result<AuditStatus, UiError> {
    with(&shell, |d| d.audit_status())
}

#[tauri::command]
fn daily_report(shell: State<'_, Shell>, date: String) -> Result<DailyReport, UiError> {
    with(&shell, |d| d.daily_report(&date))
}

#[tauri::command]
fn due_soon(shell: State<'_, Shell>, minutes: i64) -> Result<Vec<AppealRow>, UiError> {
    with(&shell, |d| d.due_soon(minutes))
}

#[tauri::command]
fn link_appeal(
    shell: State<'_, Shell>,
    id: String,
    number: String,
) -> Result<AppealDetail, UiError> {
    with(&shell, |d| d.link(&id, &number))
}

#[tauri::command]
fn yearly_report_pdf(
    shell: State<'_, Shell>,
    year: String,
    lang: Lang,
) -> Result<DocumentFile, UiError> {
    with(&shell, |d| d.yearly_report_pdf(&year, lang))
}

#[tauri::command]
fn extract_pdf(
    shell: State<'_, Shell>,
    from: String,
    to: String,
    rules: Option<String>,
    lang: Lang,
) -> Result<DocumentFile, UiError> {
    with(&shell, |d| {
        d.extract_pdf(&from, &to, rules.as_deref(), lang)
    })
}

#[tauri::command]
fn letter_pdf(
    shell: State<'_, Shell>,
    number: String,
    kind: String,
    lang: Lang,
) -> Result<DocumentFile, UiError> {
    with(&shell, |d| d.letter_pdf(&number, &kind, lang))
}

#[tauri::command]
fn protocol_pdf(
    shell: State<'_, Shell>,
    input: String,
    lang: Lang,
) -> Result<DocumentFile, UiError> {
    with(&shell, |d| d.protocol_pdf(&input, lang))
}

#[tauri::command]
fn sign_pdf(
    shell: State<'_, Shell>,
    path: String,
    p12: String,
    password: String,
) -> Result<DocumentFile, UiError> {
    with(&shell, |d| d.sign_pdf_file(&path, &p12, &password))
}

#[tauri::command]
fn verify_pdf(shell: State<'_, Shell>, path: String) -> Result<VerifyReport, UiError> {
    with(&shell, |d| d.verify_pdf_file(&path))
}

/// `--NAME VALUE` or `--NAME=VALUE` from the command line: `--data-dir` moves the
/// journal, `--user` acts as another login (shared workstations, tests), like the CLI.
fn arg(name: &str) -> Option<String> {
    let flag = format!("--{name}");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            return args.next();
        }
        if let Some(v) = a.strip_prefix(&format!("{flag}=")) {
            return Some(v.to_owned());
        }
    }
    None
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("DESK_LOG"))
        .init();
    let user = arg("user");
    let opened = Desk::open(arg("data-dir").map(PathBuf::from).as_deref())
        .map(|d| match &user {
            Some(u) => d.with_user(u),
            None => d,
        })
        .map_err(|e| {
            tracing::error!(error = %e, "cannot open the journal");
            e.to_ui(Lang::from_locale(std::env::var("LANG").ok().as_deref()))
        });
    let lang = opened.as_ref().map(Desk::language).unwrap_or(Lang::Ru);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .manage(Shell(Mutex::new(opened)))
        .setup(move |app| {
            if let Some(w) = app.get_webview_window("main") {
                w.set_title(&tr(lang, "app-title", &[]))?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            settings,
            set_language,
            set_workstation,
            register_appeal,
            journal,
            list_appeals,
            appeal_detail,
            triage,
            record_action,
            link_appeal,
            due_soon,
            correct_appeal,
            compute_extensions,
            yearly_report_pdf,
            audit_status,
            daily_report,
            extract_pdf,
            letter_pdf,
            protocol_pdf,
            sign_pdf,
            verify_pdf
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the window could not start");
        std::process::exit(1);
    }
}
