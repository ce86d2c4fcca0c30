//! The desktop shell. Its commands are generated from desk-app's command table
//! ([`desk_app::desk_commands`]), each a call into `desk-app` on a worker thread; nothing
//! here knows what an appeal is.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod desks;

use std::path::PathBuf;
use std::sync::Arc;

use desk_app::desk_i18n::{Lang, tr};
use desks::Desks;
use tauri::{Manager, State};
use tauri_plugin_notification::NotificationExt;

/// One `#[tauri::command]` per entry of the table, taking the arguments by their Rust
/// names (as the generated `Commands` map in ui/src/lib/bindings.ts spells them).
macro_rules! define_commands {
    ($( $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty = |$d:ident| $body:expr ; )*) => {
        $(
            #[tauri::command(rename_all = "snake_case")]
            async fn $name(
                desks: State<'_, Arc<Desks>>,
                $( $arg: $ty ),*
            ) -> Result<$ret, desk_app::UiError> {
                Arc::clone(&desks)
                    .run(move |$d: &mut desk_app::Desk| $body)
                    .await
            }
        )*
    };
}

/// The `invoke_handler` of every command in the table.
macro_rules! handler {
    ($( $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty = |$d:ident| $body:expr ; )*) => {
        tauri::generate_handler![$( $name ),*]
    };
}

desk_app::desk_commands!(define_commands);

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
    let desks = Desks::new(arg("data-dir").map(PathBuf::from), arg("user"));
    // Opened once here for the window title; a journal that cannot be opened is reported
    // by the first command, and the window shows it instead of crashing.
    // This first open is also the one that upgrades a journal an older release wrote
    // (issue 20 item 3); the user is told once, by a desktop notification.
    let (lang, upgraded) = match desks.open() {
        Ok(desk) => {
            let lang = desk.language();
            let upgraded = desk.upgrade_notice(lang);
            desks.give(desk);
            (lang, upgraded)
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot open the journal");
            (Lang::Ru, None)
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .manage(Arc::new(desks))
        .setup(move |app| {
            if let Some(w) = app.get_webview_window("main") {
                w.set_title(&tr(lang, "app-title", &[]))?;
            }
            if let Some(text) = upgraded {
                tracing::info!(notice = %text, "journal upgraded");
                let shown = app
                    .notification()
                    .builder()
                    .title(tr(lang, "app-title", &[]))
                    .body(text)
                    .show();
                if let Err(e) = shown {
                    tracing::warn!(error = %e, "the upgrade notice was not shown");
                }
            }
            Ok(())
        })
        .invoke_handler(desk_app::desk_commands!(handler))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the window could not start");
        std::process::exit(1);
    }
}
