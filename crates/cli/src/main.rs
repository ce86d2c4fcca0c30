//! `desk`: the journal, the deadline calculator and the extension calculator without a
//! window. Same store, same validation and same translated messages as the desktop app.
//!
//! Exit codes: 0 done; 2 bad input (a one-line message naming the field on stderr);
//! 1 anything else (the database cannot be opened, …).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::desk_journal::NewAppeal;
use desk_app::{AppError, Desk};

#[derive(Debug, Parser)]
#[command(
    name = "desk",
    version,
    about = "Incident Desk: the journal of technical failures, headless"
)]
struct Cli {
    /// Where the journal lives (default: the OS data directory).
    #[arg(long, global = true, env = "DESK_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Language of messages and explanations: kk, ru or en (default: the saved one).
    #[arg(long, global = true, env = "DESK_LANG")]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// First start: set this workstation's code (it starts every incident number).
    Setup {
        #[arg(long)]
        workstation: String,
        /// Also save the interface language.
        #[arg(long)]
        language: Option<Lang>,
    },
    /// The Journal of user appeals.
    Journal {
        #[command(subcommand)]
        command: JournalCommand,
    },
    /// Every contact-centre obligation of an appeal with its due instant (JSON in, JSON out).
    Deadlines {
        /// Scenario file; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// How procurement deadlines move after a confirmed failure (JSON in, JSON out).
    Extensions {
        /// Scenario file; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum JournalCommand {
    /// Register an appeal.
    Add {
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        bin_iin: String,
        /// Astana time, `DD.MM.YYYY HH:MM` (default: now).
        #[arg(long)]
        received_at: Option<String>,
        /// phone, email, letter, forum or monitoring.
        #[arg(long)]
        channel: String,
        #[arg(long)]
        contact: String,
        #[arg(long)]
        description: String,
        /// Print the registered appeal as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the journal, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// A failure already worded for the user, with its exit code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn app(e: &AppError, lang: Lang) -> Failure {
        let code = if matches!(e, AppError::Invalid(_)) {
            2
        } else {
            1
        };
        Failure {
            message: e.message(lang),
            code,
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("DESK_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            if !out.is_empty() {
                println!("{out}");
            }
            ExitCode::SUCCESS
        }
        Err(f) => {
            // One line, always: scripts read the first line of stderr.
            eprintln!("desk: {}", f.message.replace('\n', " "));
            ExitCode::from(f.code)
        }
    }
}

fn read_input(path: Option<&PathBuf>, lang: Lang) -> Result<String, Failure> {
    let mut text = String::new();
    let result = match path {
        Some(p) => std::fs::read_to_string(p).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    result.map_err(|e| Failure {
        message: tr(lang, "err-internal", &[("detail", &format!("input: {e}"))]),
        code: 2,
    })?;
    Ok(text)
}

fn run(cli: Cli) -> Result<String, Failure> {
    // The calculators need no journal: they must not create a data directory.
    let calc_lang = cli.lang.unwrap_or(Lang::Ru);
    match &cli.command {
        Command::Deadlines { input } => {
            let text = read_input(input.as_ref(), calc_lang)?;
            return desk_rules::deadlines_command(&text).map_err(|e| Failure {
                message: e.message(calc_lang),
                code: 2,
            });
        }
        Command::Extensions { input } => {
            let text = read_input(input.as_ref(), calc_lang)?;
            return desk_rules::extensions_command(&text, calc_lang).map_err(|e| Failure {
                message: e.message(calc_lang),
                code: 2,
            });
        }
        _ => {}
    }

    let mut desk = Desk::open(cli.data_dir.as_deref()).map_err(|e| Failure::app(&e, calc_lang))?;
    let lang = cli.lang.unwrap_or_else(|| desk.language());
    let fail = |e: AppError| Failure::app(&e, lang);
    match cli.command {
        Command::Setup {
            workstation,
            language,
        } => {
            let settings = desk.set_workstation(&workstation).map_err(fail)?;
            if let Some(l) = language {
                desk.set_language(l).map_err(fail)?;
            }
            Ok(format!(
                "{}: {}",
                tr(lang, "field-workstation", &[]),
                settings.workstation.unwrap_or_default()
            ))
        }
        Command::Journal {
            command:
                JournalCommand::Add {
                    organisation,
                    bin_iin,
                    received_at,
                    channel,
                    contact,
                    description,
                    json,
                },
        } => {
            let form = NewAppeal {
                organisation,
                bin_iin,
                received_at: received_at.unwrap_or_else(|| {
                    desk_app::desk_journal::time::to_astana_display(
                        desk_app::desk_journal::time::now(),
                    )
                }),
                channel,
                contact,
                description,
            };
            let row = desk.register_appeal(&form).map_err(fail)?;
            if json {
                serde_json::to_string_pretty(&row).map_err(|e| internal(lang, e))
            } else {
                Ok(tr(lang, "form-saved", &[("number", &row.number)]))
            }
        }
        Command::Journal {
            command: JournalCommand::List { json },
        } => {
            let rows = desk.journal().map_err(fail)?;
            if json {
                return serde_json::to_string_pretty(&rows).map_err(|e| internal(lang, e));
            }
            let header = [
                "col-number",
                "col-organisation",
                "col-bin-iin",
                "col-received-at",
                "col-contact",
                "col-channel",
            ]
            .map(|id| tr(lang, id, &[]))
            .join("\t");
            let mut out = vec![header];
            out.extend(rows.iter().map(|r| {
                [
                    r.number.as_str(),
                    &r.organisation,
                    &r.bin_iin,
                    &r.received_at_astana,
                    &r.contact,
                    &r.channel.label(lang),
                ]
                .join("\t")
            }));
            out.push(tr(
                lang,
                "journal-count",
                &[("count", &rows.len().to_string())],
            ));
            Ok(out.join("\n"))
        }
        Command::Deadlines { .. } | Command::Extensions { .. } => Ok(String::new()),
    }
}

fn internal(lang: Lang, e: impl std::fmt::Display) -> Failure {
    Failure {
        message: tr(lang, "err-internal", &[("detail", &e.to_string())]),
        code: 1,
    }
}
