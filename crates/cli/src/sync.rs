//! `desk sync …`, `desk login` and `desk logout`: the workstation's sync with the
//! central server from a terminal, over the same services as the window.

use std::io::IsTerminal;

use clap::{Args, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::desk_journal::CorrectionForm;
use desk_app::desk_journal::time::to_astana_display;
use desk_app::sync::{SyncError, SyncStatus};
use desk_app::{AppError, Desk};

/// `desk sync` alone pushes and pulls once.
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Pending changes, the age of the oldest, the last sync, conflicts.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Show or change the server address and whether sync is on.
    Settings {
        /// The server's address (`https://host`); an empty value removes it.
        #[arg(long)]
        server: Option<String>,
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
        #[arg(long)]
        json: bool,
    },
    /// Records whose versions conflict, each version's fields side by side.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// What the server's alarms say (supervisors): changes sent again with other content.
    Alarms {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict: keep the fields of one version (`--keep VERSION`, as `desk sync
    /// conflicts` lists them), then any `--set FIELD=VALUE` on top; the new version names
    /// both.
    Resolve {
        number: String,
        #[arg(long)]
        keep: String,
        /// A field's value to take instead of the kept version's (`organisation=…`).
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        sets: Vec<String>,
        /// Why (default: which version was kept).
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The server's address, `https://host` (`http://` for a server on this machine).
    #[arg(long)]
    server: String,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    Ok(serde_json::to_string_pretty(value).unwrap_or_default())
}

pub fn sync(desk: &mut Desk, lang: Lang, args: SyncArgs) -> Result<String, AppError> {
    match args.command {
        None => {
            let report = desk.sync_now_in(lang)?;
            if report.pending_after > 0 {
                return Err(SyncError::Incomplete {
                    pending: report.pending_after,
                }
                .into());
            }
            let mut lines = vec![tr(
                lang,
                "cli-sync-done",
                &[
                    ("pushed", &report.pushed.to_string()),
                    ("pulled", &report.pulled.to_string()),
                ],
            )];
            if report.conflicts > 0 {
                lines.push(tr(
                    lang,
                    "cli-sync-conflicts",
                    &[("count", &report.conflicts.to_string())],
                ));
            }
            Ok(lines.join("\n"))
        }
        Some(SyncCommand::Alarms { json: true }) => json(&desk.server_alarms(lang)?),
        Some(SyncCommand::Alarms { json: false }) => {
            let alarms = desk.server_alarms(lang)?;
            if alarms.is_empty() {
                return Ok(tr(lang, "cli-sync-no-alarms", &[]));
            }
            Ok(alarms
                .iter()
                .map(|a| format!("{} — {}", a.at_astana, a.message))
                .collect::<Vec<_>>()
                .join("\n"))
        }
        Some(SyncCommand::Status { json: true }) => json(&desk.sync_status()?),
        Some(SyncCommand::Status { json: false }) => Ok(status_text(&desk.sync_status()?, lang)),
        Some(SyncCommand::Settings {
            server,
            on,
            off,
            json: as_json,
        }) => {
            let current = desk.sync_settings()?;
            let settings = if server.is_some() || on || off {
                let url = server.or(current.server_url);
                desk.set_sync_settings(
                    url.as_deref(),
                    if on || off { on } else { current.enabled },
                )?
            } else {
                current
            };
            if as_json {
                return json(&settings);
            }
            let server = match &settings.server_url {
                Some(url) => tr(lang, "cli-sync-server", &[("server", url)]),
                None => tr(lang, "cli-sync-no-server", &[]),
            };
            let enabled = if settings.enabled {
                "cli-sync-enabled"
            } else {
                "cli-sync-disabled"
            };
            Ok(format!("{server}\n{}", tr(lang, enabled, &[])))
        }
        Some(SyncCommand::Conflicts { json: as_json }) => {
            let conflicts = desk.conflicts()?;
            if as_json {
                return json(&conflicts);
            }
            if conflicts.is_empty() {
                return Ok(tr(lang, "cli-sync-no-conflicts", &[]));
            }
            let mut lines = Vec::new();
            for c in &conflicts {
                lines.push(tr(lang, "cli-sync-conflict", &[("number", &c.number)]));
                for v in &c.versions {
                    lines.push(format!(
                        "  {}",
                        tr(
                            lang,
                            "cli-sync-version",
                            &[
                                ("version", &v.version_id),
                                ("author", &v.author),
                                ("workstation", &v.workstation),
                                ("at", &to_astana_display(v.recorded_at)),
                            ],
                        )
                    ));
                }
                for f in &c.fields {
                    lines.push(format!("    {}: {}", f.label, f.values.join("  |  ")));
                }
            }
            Ok(lines.join("\n"))
        }
        Some(SyncCommand::Resolve {
            number,
            keep,
            sets,
            reason,
        }) => {
            // `FIELD=VALUE`; a value without `=` names no field and is refused as one.
            let fields: Vec<CorrectionForm> = sets
                .iter()
                .map(|s| {
                    let (field, value) = s.split_once('=').unwrap_or((s.as_str(), ""));
                    CorrectionForm {
                        field: field.trim().to_owned(),
                        value: value.to_owned(),
                        reason: reason.clone(),
                    }
                })
                .collect();
            let done = desk.resolve_conflict(&number, &keep, &fields)?;
            Ok(tr(lang, "cli-sync-resolved", &[("number", &done.number)]))
        }
    }
}

fn status_text(s: &SyncStatus, lang: Lang) -> String {
    let mut lines = Vec::new();
    match &s.server_url {
        Some(url) => lines.push(tr(lang, "cli-sync-server", &[("server", url)])),
        None => lines.push(tr(lang, "cli-sync-no-server", &[])),
    }
    if s.configured {
        lines.push(match &s.login {
            Some(login) => tr(lang, "cli-sync-login", &[("login", login)]),
            None => tr(lang, "cli-sync-not-logged-in", &[]),
        });
        let enabled = if s.enabled {
            "cli-sync-enabled"
        } else {
            "cli-sync-disabled"
        };
        lines.push(tr(lang, enabled, &[]));
        let online = if s.online {
            "cli-sync-online"
        } else {
            "cli-sync-offline"
        };
        lines.push(tr(lang, online, &[]));
    }
    lines.push(tr(
        lang,
        "cli-sync-pending",
        &[("count", &s.pending.to_string())],
    ));
    if let (Some(at), Some(minutes)) = (s.oldest_pending, s.oldest_pending_minutes) {
        lines.push(tr(
            lang,
            "cli-sync-oldest",
            &[
                ("at", &to_astana_display(at)),
                ("minutes", &minutes.to_string()),
            ],
        ));
    }
    lines.push(match s.last_success {
        Some(at) => tr(lang, "cli-sync-last", &[("at", &to_astana_display(at))]),
        None => tr(lang, "cli-sync-never", &[]),
    });
    if let Some(error) = &s.last_error {
        lines.push(tr(lang, "cli-sync-last-error", &[("error", error)]));
    }
    lines.push(if s.conflicts == 0 {
        tr(lang, "cli-sync-no-conflicts", &[])
    } else {
        tr(
            lang,
            "cli-sync-conflict-count",
            &[("count", &s.conflicts.to_string())],
        )
    });
    if let Some(warning) = &s.warning {
        lines.push(warning.clone());
    }
    lines.join("\n")
}

/// The server password: `DESK_SYNC_PASSWORD`, else `DESK_PASSWORD` (which is also the
/// local password of `--user`: the same person usually has one password for both, and
/// when they differ the first names the server's), else asked on the terminal without
/// echo; with none, the login is refused before anything is sent.
fn password(lang: Lang, login: &str, server: &str) -> Result<String, AppError> {
    if let Some(p) = ["DESK_SYNC_PASSWORD", "DESK_PASSWORD"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|p| !p.is_empty()))
    {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(SyncError::PasswordNeeded.into());
    }
    let prompt = format!(
        "{} ",
        tr(
            lang,
            "cli-server-password-prompt",
            &[("login", login), ("server", server)]
        )
    );
    rpassword::prompt_password(prompt)
        .ok()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| SyncError::PasswordNeeded.into())
}

/// `desk login --server URL [--user NAME]`: the login is the global `--user`, else the
/// person at the keyboard (`DESK_USER`, the OS login), as for every other command.
pub fn login(desk: &mut Desk, lang: Lang, args: LoginArgs) -> Result<String, AppError> {
    let user = desk.settings()?.user;
    let server = desk_app::sync::server_url(&args.server)?;
    let password = password(lang, &user, &server)?;
    let status = desk.login_in(lang, &server, &user, &password)?;
    Ok(tr(
        lang,
        "cli-login-done",
        &[
            ("server", &status.server_url.unwrap_or_default()),
            ("login", &status.login.unwrap_or(user)),
        ],
    ))
}

pub fn logout(desk: &mut Desk, lang: Lang) -> Result<String, AppError> {
    desk.logout()?;
    Ok(tr(lang, "cli-logout-done", &[]))
}
