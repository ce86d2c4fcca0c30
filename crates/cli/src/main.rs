//! `desk`: the journal, the deadline calculator and the extension calculator without a
//! window. Same store, same validation and same translated messages as the desktop app.
//!
//! Exit codes: 0 done; 2 bad input (a one-line message naming the field on stderr);
//! 1 anything else (the database cannot be opened, a broken audit chain, …). Only
//! `desk_app::AppError::exit_code` decides which.

mod commission;
mod docs;
mod journal;
mod login;
mod outbox;
mod output;
mod settings;
mod sync;
mod usage;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::documents::DocumentError;
use desk_app::{AppError, Desk, calculators};
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
    /// Act as this login (default: the OS login); another login than the OS user's needs
    /// its password (DESK_PASSWORD, else asked on the terminal). Its role decides what is
    /// allowed.
    #[arg(long, global = true, env = "DESK_USER")]
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
    /// The journal's settings a supervisor records: `support-hours add|list` (000 §15,
    /// 002 §28).
    Settings {
        #[command(subcommand)]
        command: settings::SettingsCommand,
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
    /// Append long-term validation data (certificates, revocation lists) to a signed PDF.
    Ltv(docs::LtvArgs),
    /// Sync with the central server: push and pull once; `status`, `settings`,
    /// `conflicts`, `resolve`.
    Sync(sync::SyncArgs),
    /// Log in to the sync server (the login is `--user`, else the OS login); the password
    /// is asked without echo, or read from DESK_SYNC_PASSWORD (else DESK_PASSWORD).
    Login(sync::LoginArgs),
    /// Log out of the sync server: the token is revoked and removed from the OS keyring.
    Logout,
    /// The Commission for trading platforms: `tally` counts one meeting item's votes;
    /// `members`, `meeting` and `protocol` keep its records in the journal.
    Commission {
        #[command(subcommand)]
        command: commission::CommissionCommand,
    },
    /// A notice about an appeal (issue 18) in `--lang`, to standard output, `--out FILE`,
    /// or queued in the outbox with `--queue [ADDRESS…]`.
    Notice(outbox::NoticeArgs),
    /// The e-mail outbox: `list [--json]`, `send` (work the queue once), `retry ID`,
    /// `settings` (the mail server).
    Outbox {
        #[command(subcommand)]
        command: outbox::OutboxCommand,
    },
    /// How procurement deadlines move after a confirmed failure (JSON in, JSON out).
    Extensions {
        /// Scenario file; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
}

/// An error with the language to word it in; its exit code is [`AppError::exit_code`].
struct Failure {
    error: AppError,
    lang: Lang,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("DESK_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match usage::parse(&args) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let lang_given = cli.lang;
    match run(cli) {
        Ok(out) if out.is_empty() => ExitCode::SUCCESS,
        Ok(out) => match output::print(&out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let lang = lang_given.unwrap_or(Lang::Ru);
                output::print_error(&tr(lang, "cli-err-output", &[("detail", &e.to_string())]));
                ExitCode::FAILURE
            }
        },
        Err(f) => {
            output::print_error(&f.error.message(f.lang));
            ExitCode::from(f.error.exit_code())
        }
    }
}

/// The calculator's input, read no further than one byte past its limit so that a
/// hostile file or stream costs no more than the refusal (the calculator then refuses it).
fn read_input(path: Option<&PathBuf>) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    let limit = calculators::MAX_INPUT_BYTES as u64 + 1;
    let result = match path {
        Some(p) => std::fs::File::open(p).and_then(|f| f.take(limit).read_to_end(&mut bytes)),
        None => std::io::stdin().take(limit).read_to_end(&mut bytes),
    };
    let unreadable = |detail: String| DocumentError::Read {
        file: path.map_or_else(|| "-".to_owned(), |p| p.display().to_string()),
        detail,
    };
    result.map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() > calculators::MAX_INPUT_BYTES {
        // Cut anywhere, maybe inside a character: it is refused for its length alone.
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))?)
}

fn run(cli: Cli) -> Result<String, Failure> {
    // The calculators need no journal: they must not create a data directory.
    let calc_lang = cli.lang.unwrap_or(Lang::Ru);
    let in_calc_lang = |error: AppError| Failure {
        error,
        lang: calc_lang,
    };
    match &cli.command {
        Command::Deadlines { input } => {
            return read_input(input.as_ref())
                .and_then(|text| calculators::deadlines_json(&text))
                .map_err(in_calc_lang);
        }
        Command::Extensions { input } => {
            return read_input(input.as_ref())
                .and_then(|text| calculators::extensions_json(&text, calc_lang))
                .map_err(in_calc_lang);
        }
        Command::Commission { command } if !command.needs_journal() => {
            return commission::commission(command, calc_lang).map_err(in_calc_lang);
        }
        _ => {}
    }

    let mut desk = Desk::open_for_command(cli.data_dir.as_deref()).map_err(in_calc_lang)?;
    let lang = cli.lang.unwrap_or_else(|| desk.language());
    if let Some(notice) = desk.upgrade_notice(lang) {
        // On stderr: a command's answer on stdout stays what scripts read.
        eprintln!("{notice}");
    }
    let fail = |error: AppError| Failure { error, lang };
    if let Some(user) = cli.user.as_deref().filter(|u| !u.is_empty()) {
        desk.sign_in(user, || {
            login::password(login::PASSWORD_ENV, "cli-password-prompt", user, lang)
        })
        .map_err(fail)?;
    }
    match cli.command {
        Command::Setup {
            workstation,
            language,
        } => {
            let settings = desk.set_workstation(&workstation).map_err(fail)?;
            // The answer comes in the language just chosen, unless `--lang` says otherwise.
            let mut lang = lang;
            if let Some(l) = language {
                desk.set_language(l).map_err(fail)?;
                lang = cli.lang.unwrap_or(l);
            }
            Ok(format!(
                "{}: {}",
                tr(lang, "field-workstation", &[]),
                settings.workstation.unwrap_or_default()
            ))
        }
        Command::Journal { command } => journal::journal(&mut desk, lang, command),
        Command::Report { command } => journal::report(&desk, lang, command),
        Command::Users { command } => journal::users(&mut desk, lang, command),
        Command::Settings { command } => settings::settings(&mut desk, lang, command),
        Command::Extract(args) => docs::extract(&desk, lang, args),
        Command::Letter(args) => docs::letter(&desk, lang, args),
        Command::Protocol(args) => docs::protocol(lang, args),
        Command::Sign(args) => docs::sign(lang, args, cli.data_dir.as_deref()),
        Command::Ltv(args) => docs::ltv(lang, args, cli.data_dir.as_deref()),
        Command::Verify(args) => docs::verify(lang, args, cli.data_dir.as_deref()),
        Command::Sync(args) => sync::sync(&mut desk, lang, args),
        Command::Login(args) => sync::login(&mut desk, lang, args),
        Command::Logout => sync::logout(&mut desk, lang),
        Command::Commission { command } => commission::with_journal(&mut desk, lang, command),
        Command::Notice(args) => outbox::notice(&mut desk, lang, args),
        Command::Outbox { command } => outbox::outbox(&mut desk, lang, command),
        Command::Deadlines { .. } | Command::Extensions { .. } => Ok(String::new()),
    }
    .map_err(fail)
}
