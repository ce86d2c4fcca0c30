//! `desk settings …`: the journal's settings a supervisor records, over the same
//! services as the window. For now the support hours (000 §15, 002 §28).

use clap::{Args, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::desk_journal::SupportHoursForm;
use desk_app::{AppError, Desk};

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Support hours for dated periods (000 §15, 002 §28): `add` records one
    /// (supervisors), `list` shows them; the clocks of the appeals they cover use them.
    SupportHours {
        #[command(subcommand)]
        command: SupportHoursCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum SupportHoursCommand {
    /// Record a period: `--mode round_the_clock --letter "№ … от …"`, or `--mode extended
    /// --open 08:00 --close 21:00`, from `--from` (included) to `--to` (excluded).
    Add(AddArgs),
    /// The recorded periods, oldest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// round_the_clock or extended.
    #[arg(long)]
    mode: String,
    /// Astana time `DD.MM.YYYY HH:MM`.
    #[arg(long)]
    from: String,
    /// Astana time `DD.MM.YYYY HH:MM` (excluded).
    #[arg(long)]
    to: String,
    #[arg(long, default_value = "")]
    open: String,
    #[arg(long, default_value = "")]
    close: String,
    /// The authorised body's letter agreeing to it (required for round the clock).
    #[arg(long, default_value = "")]
    letter: String,
    /// Only appeals of this rule set (default: every rule set).
    #[arg(long, default_value = "")]
    rule_set: String,
}

pub fn settings(desk: &mut Desk, lang: Lang, command: SettingsCommand) -> Result<String, AppError> {
    let SettingsCommand::SupportHours { command } = command;
    match command {
        SupportHoursCommand::Add(a) => {
            let form = SupportHoursForm {
                mode: a.mode,
                from: a.from,
                to: a.to,
                open: a.open,
                close: a.close,
                letter: a.letter,
                rule_set: a.rule_set,
            };
            let all = desk.add_support_hours(&form)?;
            // The period just recorded: the one with the latest recording.
            let added = all
                .iter()
                .max_by(|x, y| x.recorded_at_astana.cmp(&y.recorded_at_astana))
                .map(|p| p.description.clone())
                .unwrap_or_default();
            Ok(tr(lang, "cli-support-hours-added", &[("text", &added)]))
        }
        SupportHoursCommand::List { json } => {
            let all = desk.support_hours()?;
            if json {
                return Ok(serde_json::to_string_pretty(&all).unwrap_or_default());
            }
            if all.is_empty() {
                return Ok(tr(lang, "cli-support-hours-none", &[]));
            }
            Ok(all
                .iter()
                .map(|p| format!("{}\t{}", p.description, p.recorded_by))
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}
