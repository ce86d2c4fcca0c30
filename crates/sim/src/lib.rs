//! Deterministic simulation of the sync (issue 16 item 1): the real journals
//! (`desk-store`) and the real sync engine (`desk_app::sync::sync_once`) against the real
//! server core (`desk-server`'s functions over PostgreSQL), driven by a seeded
//! scheduler that owns every link, every clock and every crash. One seed, one run:
//! `desk-sim --seed N` replays it.

pub mod bench;
pub mod check;
pub mod link;
pub mod rng;
pub mod run;
pub mod server;
pub mod workstation;

pub use check::Outcome;
pub use run::{Scale, run_seed};
pub use server::SimServer;

/// The command that replays seed `seed` at `scale`.
pub fn replay_command(seed: u64, scale: Scale) -> String {
    format!(
        "cargo run -p desk-sim --release -- --seed {seed} --workstations {} --edits {}",
        scale.workstations, scale.edits
    )
}
