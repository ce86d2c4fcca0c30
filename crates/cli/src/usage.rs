//! Parsing the command line: clap's own usage errors (an unknown option, a missing value,
//! a number that is not one) worded from the translations, on one line, exit 2. `--help`
//! and `--version` print as clap writes them and exit 0.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use desk_app::desk_i18n::{Lang, tr};

use crate::Cli;
use crate::output::print_error;

/// The command line, or the exit code of a run that ends here (help, version, a usage
/// error already reported).
pub fn parse(args: &[OsString]) -> Result<Cli, ExitCode> {
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    parsed.map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed standard output leaves nothing to report.
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            print_error(&message(&e, lang_of(args)));
            ExitCode::from(2)
        }
    })
}

/// `desk`'s clap command, with every option that takes a value accepting one that starts
/// with `-` (`--description "-5 % скидка"`, `--year -5`, which is then refused by its own
/// check): an option's value is whatever follows it.
fn command() -> clap::Command {
    hyphen_values(Cli::command())
}

fn hyphen_values(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        if !a.is_positional() && a.get_action().takes_values() {
            a.allow_hyphen_values(true)
        } else {
            a
        }
    })
    .mut_subcommands(hyphen_values)
}

/// The language for a usage error: `--lang` as typed (the line did not parse, but that
/// option may well be right), then `DESK_LANG`, then Russian as for the calculators.
fn lang_of(args: &[OsString]) -> Lang {
    let mut words = args.iter().filter_map(|a| a.to_str());
    let mut typed = None;
    while let Some(w) = words.next() {
        if w == "--" {
            break;
        }
        if w == "--lang" {
            typed = words.next();
        } else if let Some(v) = w.strip_prefix("--lang=") {
            typed = Some(v);
        }
    }
    typed
        .and_then(Lang::from_code)
        .or_else(|| {
            std::env::var("DESK_LANG")
                .ok()
                .and_then(|l| Lang::from_code(&l))
        })
        .unwrap_or(Lang::Ru)
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// clap's error in the user's language.
fn message(e: &clap::Error, lang: Lang) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => tr(lang, "cli-err-unknown-argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => tr(
            lang,
            "cli-err-unknown-command",
            &[("command", &context(e, ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => tr(
            lang,
            "cli-err-invalid-value",
            &[
                ("arg", &arg),
                ("value", &context(e, ContextKind::InvalidValue)),
            ],
        ),
        ErrorKind::MissingRequiredArgument => {
            tr(lang, "cli-err-missing-argument", &[("arg", &arg)])
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            tr(lang, "cli-err-missing-command", &[])
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            tr(lang, "cli-err-value-count", &[("arg", &arg)])
        }
        ErrorKind::ArgumentConflict => tr(
            lang,
            "cli-err-conflict",
            &[("arg", &arg), ("other", &context(e, ContextKind::PriorArg))],
        ),
        ErrorKind::InvalidUtf8 => tr(lang, "cli-err-utf8", &[]),
        _ => tr(lang, "cli-err-usage", &[]),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn args(line: &[&str]) -> Vec<OsString> {
        std::iter::once("desk")
            .chain(line.iter().copied())
            .map(OsString::from)
            .collect()
    }

    fn error(line: &[&str]) -> clap::Error {
        command().try_get_matches_from(args(line)).unwrap_err()
    }

    #[test]
    fn the_command_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn usage_errors_are_worded_from_the_translations_naming_the_option() {
        let e = error(&["journal", "list", "--bogus"]);
        assert_eq!(
            message(&e, Lang::En),
            "unknown option --bogus; see desk --help"
        );
        let e = error(&["journal", "list", "--limit", "-1"]);
        assert_eq!(
            message(&e, Lang::Ru),
            "--limit <LIMIT>: значение «-1» не принимается"
        );
        let e = error(&["journal", "frobnicate"]);
        assert!(message(&e, Lang::Kk).contains("frobnicate"));
        let e = error(&["report", "yearly"]);
        assert!(
            message(&e, Lang::En).contains("--out"),
            "{}",
            message(&e, Lang::En)
        );
        assert_eq!(
            message(&error(&[]), Lang::En),
            "a command is needed; see desk --help"
        );
    }

    #[test]
    fn the_sync_commands_name_what_is_wrong_in_the_users_language() {
        let e = error(&["sync", "settings", "--on", "--off"]);
        assert!(
            message(&e, Lang::En).contains("--off"),
            "{}",
            message(&e, Lang::En)
        );
        let e = error(&["login"]);
        assert!(
            message(&e, Lang::Kk).contains("--server"),
            "{}",
            message(&e, Lang::Kk)
        );
        let e = error(&["sync", "resolve", "AST1-2026-000001"]);
        assert!(
            message(&e, Lang::Ru).contains("--keep"),
            "{}",
            message(&e, Lang::Ru)
        );
    }

    #[test]
    fn a_value_may_start_with_a_hyphen_where_a_value_is_expected() {
        let m = command()
            .try_get_matches_from(args(&[
                "report", "yearly", "--year", "-5", "--out", "-x.pdf",
            ]))
            .unwrap();
        let cli = Cli::from_arg_matches(&m).unwrap();
        assert!(format!("{cli:?}").contains("\"-5\""), "{cli:?}");
    }

    #[test]
    fn the_language_of_a_usage_error_is_the_one_typed_even_when_the_line_does_not_parse() {
        assert_eq!(
            lang_of(&args(&["--lang", "kk", "journal", "--bogus"])),
            Lang::Kk
        );
        assert_eq!(lang_of(&args(&["journal", "--lang=en"])), Lang::En);
    }
}
