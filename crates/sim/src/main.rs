//! `desk-sim`: runs seeds of the sync simulation against a throwaway PostgreSQL cluster.
//! `--seed N` replays one; `--seeds N` runs 0..N; a failing seed prints its replay
//! command and the run exits non-zero.

use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use desk_sim::{Scale, SimServer, replay_command, run_seed};
use desk_testkit::PgCluster;

#[derive(Debug, Parser)]
#[command(
    name = "desk-sim",
    about = "Deterministic simulation of Incident Desk's sync"
)]
struct Args {
    /// Replay this one seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Run seeds 0..N.
    #[arg(long, default_value_t = 200)]
    seeds: u64,
    /// Start at this seed (with --seeds).
    #[arg(long, default_value_t = 0)]
    from: u64,
    #[arg(long, default_value_t = 5)]
    workstations: usize,
    /// Offline edits per workstation.
    #[arg(long, default_value_t = 200)]
    edits: u32,
    /// Write the run's figure into BENCHMARKS.md.
    #[arg(long)]
    record: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let scale = Scale {
        workstations: args.workstations,
        edits: args.edits,
        ..Scale::default()
    };
    let seeds: Vec<u64> = match args.seed {
        Some(s) => vec![s],
        None => (args.from..args.from + args.seeds).collect(),
    };
    let cluster = PgCluster::start();
    let server = SimServer::start(&cluster.database())?;
    // The journals live in memory-backed storage when there is one: a seed writes
    // thousands of small transactions.
    let shm = std::path::Path::new("/dev/shm");
    let root = if shm.is_dir() {
        tempfile::tempdir_in(shm)?
    } else {
        tempfile::tempdir()?
    };
    let started = Instant::now();
    let (mut ops, mut edits, mut conflicts, mut failed) = (0u64, 0u64, 0u64, Vec::new());
    for (n, seed) in seeds.iter().enumerate() {
        let outcome = run_seed(&server, root.path(), *seed, scale)
            .with_context(|| format!("seed {seed}; replay: {}", replay_command(*seed, scale)));
        match outcome {
            Ok(o) if o.problems.is_empty() => {
                ops += o.ops;
                edits += o.edits;
                conflicts += o.conflicts;
                if seeds.len() == 1 || (n + 1) % 100 == 0 {
                    println!(
                        "seed {seed}: ok in {:.2?}: {} edits, {} ops, {} versions, {} conflicted appeals, faults {:?}",
                        o.elapsed, o.edits, o.ops, o.versions, o.conflicts, o.faults
                    );
                }
            }
            Ok(o) => {
                eprintln!("seed {seed} FAILED:");
                for p in &o.problems {
                    eprintln!("  {p}");
                }
                eprintln!("replay: {}", replay_command(*seed, scale));
                failed.push(*seed);
            }
            Err(e) => {
                eprintln!("seed {seed} FAILED: {e:#}");
                failed.push(*seed);
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{} seeds in {:.1?}: {} failed; {edits} edits, {ops} server ops, {conflicts} conflicted appeals",
        seeds.len(),
        elapsed,
        failed.len()
    );
    if args.record && failed.is_empty() {
        let body = format!(
            "## Sync simulation (issue 16)\n\n`cargo run -p desk-sim --release -- --seeds {} --record`: {} workstations × {} offline edits per seed, link failures, partitions, crashes, replays, ±24 h skew; real desk-store journals (tmpfs) and desk-server's core over PostgreSQL.\n\n| seeds | failed | time | edits | server ops | conflicted appeals |\n|---|---|---|---|---|---|\n| {} | 0 | {:.0} s | {edits} | {ops} | {conflicts} |\n",
            seeds.len(),
            scale.workstations,
            scale.edits,
            seeds.len(),
            elapsed.as_secs_f64()
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../BENCHMARKS.md");
        desk_testkit::benchmarks::write_section(&path, "sync-sim", &body)?;
    }
    if !failed.is_empty() {
        anyhow::bail!("failing seeds: {failed:?}");
    }
    Ok(())
}
