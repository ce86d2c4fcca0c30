//! `desk commission …`: the Commission (issue 17). `tally` answers one meeting item by the
//! rule of shared/specs/commission.md; it needs no journal.

use std::path::PathBuf;

use clap::Subcommand;
use desk_app::AppError;
use desk_app::desk_i18n::Lang;

#[derive(Debug, Subcommand)]
pub enum CommissionCommand {
    /// The decision on one meeting item: quorum (003 §10), majority of all members and the
    /// chairing person's vote on a tie (003 §13). JSON in, JSON out.
    Tally {
        /// The meeting item; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
}

pub fn commission(command: &CommissionCommand, lang: Lang) -> Result<String, AppError> {
    match command {
        CommissionCommand::Tally { input } => crate::read_input(input.as_ref())
            .and_then(|text| desk_app::commission::tally_json(&text, lang)),
    }
}
