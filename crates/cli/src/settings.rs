//! `desk settings …`: the journal's settings a supervisor records, over the same
//! services as the window: the support hours (000 §15, 002 §28) and planned maintenance
//! (002 §40–41, 000 §30–31).

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
    /// Planned maintenance works (002 §40–41, 000 §30–31): `add` records them
    /// (supervisors), `list` shows each with its 2-CD notice check, the deadlines it moves
    /// and the home-page notice in Kazakh and Russian.
    Maintenance {
        #[command(subcommand)]
        command: MaintenanceCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum MaintenanceCommand {
    /// Record works from `--from` to `--to` (Astana `DD.MM.YYYY HH:MM`), agreed by
    /// `--order`, announced at `--announced-at`; each `--procedure` is
    /// `ID,KIND,METHOD,DD.MM.YYYY HH:MM` as in `desk journal extensions`.
    Add(MaintenanceArgs),
    /// The recorded works, earliest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct MaintenanceArgs {
    /// QUASI-1216 (002 §41) or GZ-627 (000 §31).
    #[arg(long)]
    rule_set: String,
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    #[arg(long, default_value = "")]
    announced_at: String,
    /// The approved plan or order agreeing the works.
    #[arg(long)]
    order: String,
    #[arg(long = "procedure")]
    procedures: Vec<String>,
}

/// One recorded works entry in text: the works, the notice check, the moved deadlines,
/// the home-page notice in both languages.
fn maintenance_text(m: &desk_app::MaintenanceView, lang: Lang) -> String {
    let mut out = vec![tr(
        lang,
        "cli-maintenance",
        &[
            ("from", &m.starts_at_astana),
            ("to", &m.ends_at_astana),
            ("rules", &m.rule_set.label(lang)),
            ("order", &m.order),
        ],
    )];
    if let Some(check) = &m.answer.maintenance {
        out.push(check.explanation.clone());
    }
    out.extend(
        m.answer
            .procedures
            .iter()
            .map(|p| format!("  {}", p.explanation)),
    );
    if let Some(check) = &m.answer.maintenance {
        out.push(format!("kk: {}", check.announcement.kk));
        out.push(format!("ru: {}", check.announcement.ru));
    }
    out.join("\n")
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
    let command = match command {
        SettingsCommand::SupportHours { command } => command,
        SettingsCommand::Maintenance { command } => return maintenance(desk, lang, command),
    };
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

fn maintenance(
    desk: &mut Desk,
    lang: Lang,
    command: MaintenanceCommand,
) -> Result<String, AppError> {
    match command {
        MaintenanceCommand::Add(a) => {
            let procedures = a
                .procedures
                .iter()
                .map(|p| {
                    let mut parts = p.splitn(4, ',').map(str::trim);
                    desk_app::ProcedureInput {
                        id: parts.next().unwrap_or_default().to_owned(),
                        kind: parts.next().unwrap_or_default().to_owned(),
                        method: parts.next().unwrap_or_default().to_owned(),
                        deadline: parts.next().unwrap_or_default().to_owned(),
                        ..Default::default()
                    }
                })
                .collect();
            let form = desk_app::MaintenanceForm {
                rule_set: a.rule_set,
                starts_at: a.from,
                ends_at: a.to,
                announced_at: a.announced_at,
                order: a.order,
                procedures,
            };
            let all = desk.add_planned_maintenance(&form)?;
            // The works just recorded: the one with the latest recording.
            Ok(all
                .iter()
                .max_by(|x, y| x.recorded_at_astana.cmp(&y.recorded_at_astana))
                .map(|m| maintenance_text(m, lang))
                .unwrap_or_default())
        }
        MaintenanceCommand::List { json } => {
            let all = desk.planned_maintenance()?;
            if json {
                return Ok(serde_json::to_string_pretty(&all).unwrap_or_default());
            }
            if all.is_empty() {
                return Ok(tr(lang, "cli-maintenance-none", &[]));
            }
            Ok(all
                .iter()
                .map(|m| maintenance_text(m, lang))
                .collect::<Vec<_>>()
                .join("\n\n"))
        }
    }
}
