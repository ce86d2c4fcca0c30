//! `desk`: the journal, the deadline calculator and the extension calculator without a
//! window. Same store, same validation and same translated messages as the desktop app.
//!
//! Exit codes: 0 done; 2 bad input (a one-line message naming the field on stderr);
//! 1 anything else (the database cannot be opened, a broken audit chain, …).

mod docs;
mod journal;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::{AppError, Desk};
use journal::{JournalCommand, ReportCommand, UsersCommand};

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
    /// Act as this login (default: DESK_USER or the OS login); its role decides what is allowed.
    #[arg(long, global = true)]
    user: Option<String>,
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
    /// Reports: the daily analysis (002 §43).
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Who may do what on this workstation.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Every contact-centre obligation of an appeal with its due instant (JSON in, JSON out).
    Deadlines {
        /// Scenario file; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// The Journal extract for a period (002 Appendix) as PDF, CSV or XLSX.
    Extract(docs::ExtractArgs),
    /// A letter about an appeal: report to the authorised body or refutation notice (PDF).
    Letter(docs::LetterArgs),
    /// The Commission meeting protocol from a JSON description (PDF).
    Protocol(docs::ProtocolArgs),
    /// Sign a file with a PKCS#12 key: inside a PDF, or a detached FILE.cms.
    Sign(docs::SignArgs),
    /// List and check the signatures of a signed PDF or of FILE + FILE.cms.
    Verify(docs::VerifyArgs),
    /// How procurement deadlines move after a confirmed failure (JSON in, JSON out).
    Extensions {
        /// Scenario file; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
}

/// A failure already worded for the user, with its exit code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn docs(f: docs::DocsFailure) -> Failure {
        Failure {
            message: f.message,
            code: f.code,
        }
    }

    fn app(e: &AppError, lang: Lang) -> Failure {
        // Bad input (a field, an unknown incident number) is the user's to fix: exit 2.
        let code = match e {
            AppError::Invalid(_) | AppError::Store(desk_app::StoreError::NotFound(_)) => 2,
            _ => 1,
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
    if let Some(user) = &cli.user {
        desk = desk.with_user(user);
    }
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
            command: JournalCommand::Verify,
        } => {
            let (text, intact) = journal::verify(&desk, lang).map_err(fail)?;
            if intact {
                Ok(text)
            } else {
                Err(Failure {
                    message: text,
                    code: 1,
                })
            }
        }
        Command::Journal { command } => journal::journal(&mut desk, lang, command).map_err(fail),
        Command::Report { command } => journal::report(&desk, lang, command).map_err(fail),
        Command::Users { command } => journal::users(&mut desk, lang, command).map_err(fail),
        Command::Extract(args) => docs::extract(&desk, lang, args).map_err(Failure::docs),
        Command::Letter(args) => docs::letter(&desk, lang, args).map_err(Failure::docs),
        Command::Protocol(args) => docs::protocol(lang, args).map_err(Failure::docs),
        Command::Sign(args) => docs::sign(lang, args).map_err(Failure::docs),
        Command::Verify(args) => {
            docs::verify(lang, args, cli.data_dir.as_deref()).map_err(Failure::docs)
        }
        Command::Deadlines { .. } | Command::Extensions { .. } => Ok(String::new()),
    }
}
