//! `desk notice …` and `desk outbox …` (issue 18 item 5): a notice rendered for an appeal
//! in the chosen `--lang`, and the e-mail outbox listed, worked once, or one message
//! retried, over the same services as the window.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::outbox::parse_values;
use desk_app::{AppError, Desk, SmtpForm};

/// The notice to render: `desk notice NUMBER --kind incident_id --lang kk`.
#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// The appeal's incident number.
    number: String,
    /// incident_id, refutation, criticality, supplier_extension, fixed, homepage_failure,
    /// homepage_fixed, maintenance, authority_report, decision_extension, commission_meeting.
    #[arg(long)]
    kind: String,
    /// A value the journal does not know or the operator corrects: FIELD=VALUE (e.g.
    /// `--set planned_fix="03.12.2026 18:00"`); repeatable.
    #[arg(long = "set")]
    set: Vec<String>,
    /// Write the notice here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Queue it in the outbox to these addresses (the appeal's e-mail when the option
    /// is given without a value).
    #[arg(long, num_args = 0..)]
    queue: Option<Vec<String>>,
    /// A file to attach to the queued message (a PDF letter); repeatable.
    #[arg(long)]
    attach: Vec<PathBuf>,
    /// Record the notice as done now (posted on the home page, handed over): its text is
    /// kept and the duty it meets marked met at this instant.
    #[arg(long, conflicts_with = "queue")]
    done: bool,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Every message: queued, sent (with the instant and the Message-ID), failed (why).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Work the queue once: send what is queued or due for a retry.
    Send {
        #[arg(long)]
        json: bool,
    },
    /// Send an interrupted or failed message again, with the same Message-ID.
    Retry { id: String },
    /// The deployment's mail server (supervisors). The password is read from
    /// DESK_SMTP_PASSWORD and kept in the OS keyring.
    Settings(SmtpArgs),
}

#[derive(Debug, Args)]
pub struct SmtpArgs {
    #[arg(long)]
    host: Option<String>,
    #[arg(long, default_value = "")]
    port: String,
    /// starttls (default), tls or none.
    #[arg(long, default_value = "")]
    security: String,
    #[arg(long, default_value = "")]
    smtp_user: String,
    /// The sender: `Name <address>` or an address.
    #[arg(long, default_value = "")]
    from: String,
    /// A PEM root to trust besides the OS store.
    #[arg(long, default_value = "")]
    ca_file: String,
}

pub const PASSWORD_ENV: &str = "DESK_SMTP_PASSWORD";

pub fn notice(desk: &mut Desk, lang: Lang, args: NoticeArgs) -> Result<String, AppError> {
    let values = parse_values(&args.set)?;
    if args.done {
        let e = desk.record_notice_done(&args.number, &args.kind, lang, &values)?;
        return Ok(format!(
            "{}\t{}\t{}",
            e.id,
            e.state_at_astana.unwrap_or_default(),
            e.subject
        ));
    }
    if let Some(to) = args.queue {
        let e = desk.queue_notice(&args.number, &args.kind, lang, &values, &to, &args.attach)?;
        return Ok(format!("{}\t{}\t{}", e.id, e.message_id, e.to.join(", ")));
    }
    let n = desk.notice(&args.number, &args.kind, lang, &values)?;
    let text = format!("{}\n\n{}", n.subject, n.body);
    match args.out {
        None => Ok(text),
        Some(path) => {
            std::fs::write(&path, text.as_bytes()).map_err(|e| desk_app::DocumentError::Write {
                file: path.display().to_string(),
                detail: e.to_string(),
            })?;
            Ok(path.display().to_string())
        }
    }
}

pub fn outbox(desk: &mut Desk, lang: Lang, command: OutboxCommand) -> Result<String, AppError> {
    match command {
        OutboxCommand::List { json } => {
            let all = desk.outbox()?;
            if json {
                return Ok(serde_json::to_string_pretty(&all).unwrap_or_default());
            }
            if all.is_empty() {
                return Ok(tr(lang, "outbox-empty", &[]));
            }
            Ok(all
                .iter()
                .map(|e| {
                    format!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        e.id,
                        e.state_label,
                        e.state_at_astana.clone().unwrap_or_default(),
                        e.message_id,
                        e.number.clone().unwrap_or_default(),
                        e.to.join(", "),
                        e.subject,
                        e.detail
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        OutboxCommand::Send { json } => {
            let r = desk.send_outbox()?;
            for id in &r.uncertain {
                eprintln!("{}", tr(lang, "outbox-uncertain-warning", &[("id", id)]));
            }
            if json {
                return Ok(serde_json::to_string_pretty(&r).unwrap_or_default());
            }
            Ok(tr(
                lang,
                "outbox-sent-count",
                &[
                    ("sent", &r.sent.len().to_string()),
                    ("retry", &r.retry.len().to_string()),
                    ("failed", &r.failed.len().to_string()),
                    ("uncertain", &r.uncertain.len().to_string()),
                ],
            ))
        }
        OutboxCommand::Retry { id } => {
            let e = desk.retry_mail(&id)?;
            Ok(format!("{}\t{}", e.id, e.state_label))
        }
        OutboxCommand::Settings(a) => {
            let Some(host) = a.host else {
                let s = desk.smtp_settings()?;
                return Ok(serde_json::to_string_pretty(&s).unwrap_or_default());
            };
            let form = SmtpForm {
                host,
                port: a.port,
                security: a.security,
                user: a.smtp_user,
                from: a.from,
                ca_file: a.ca_file,
                password: std::env::var(PASSWORD_ENV).unwrap_or_default(),
            };
            let s = desk.set_smtp_settings(&form)?;
            Ok(serde_json::to_string_pretty(&s).unwrap_or_default())
        }
    }
}
