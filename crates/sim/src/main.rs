//! `desk-sim`: runs seeds of the sync simulation against a throwaway PostgreSQL cluster.
//! `--seed N` replays one; `--seeds N` runs 0..N; a failing seed prints its replay
//! command and the run exits non-zero. `desk-sim bench` measures the sync's throughput.

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
    #[command(subcommand)]
    command: Option<Command>,
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
    /// Stop starting seeds after this many seconds (the figure then says how many ran).
    #[arg(long)]
    max_seconds: Option<u64>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Sync throughput over HTTP against a bulk COPY of the same rows (not a test).
    Bench {
        /// Changes in all, from 4 workstations.
        #[arg(long, default_value_t = 100_000)]
        changes: u64,
        /// Write the figures into BENCHMARKS.md.
        #[arg(long)]
        record: bool,
    },
}

fn memory_root() -> anyhow::Result<tempfile::TempDir> {
    // The journals live in memory-backed storage when there is one: a seed writes
    // thousands of small transactions.
    let shm = std::path::Path::new("/dev/shm");
    Ok(if shm.is_dir() {
        tempfile::tempdir_in(shm)?
    } else {
        tempfile::tempdir()?
    })
}

fn benchmarks_md() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../BENCHMARKS.md")
}

fn bench(changes: u64, record: bool) -> anyhow::Result<()> {
    let cluster = PgCluster::start();
    let root = memory_root()?;
    let f = desk_sim::bench::run(&cluster.database(), root.path(), changes)?;
    let ratio = f.push_rate() / f.copy_rate() * 100.0;
    let body = format!(
        "## Sync throughput against COPY (issue 16)\n\n`cargo run -p desk-sim --release -- bench --record`: {} changes (registrations) from {} workstations pushed through the real desk-server over HTTP on loopback (the client's HTTP transport, batches of {}), then pulled by a fresh workstation with the real engine; in the same run the same ops rows (and their version rows) are `COPY`'d into copies of the same tables of the same PostgreSQL (fsync off, a test cluster). Journals on tmpfs; generating them took {:.1} s.\n\n| measure | time | changes/s | of COPY |\n|---|---|---|---|\n| push (HTTP) | {:.1} s | {:.0} | {:.0} % |\n| pull to a fresh workstation (HTTP, applied) | {:.1} s | {:.0} | {:.0} % |\n| COPY of the same rows | {:.2} s | {:.0} | 100 % |\n\nPeak resident memory during the fresh workstation's pull: {:.0} MiB. A 1,000,000-appeal journal was not synced in this run.\n",
        f.changes,
        f.workstations,
        desk_wire::MAX_BATCH,
        f.generate.as_secs_f64(),
        f.push.as_secs_f64(),
        f.push_rate(),
        ratio,
        f.pull.as_secs_f64(),
        f.pull_rate(),
        f.pull_rate() / f.copy_rate() * 100.0,
        f.copy.as_secs_f64(),
        f.copy_rate(),
        f.pull_peak_rss_kib as f64 / 1024.0,
    );
    print!("{body}");
    if record {
        desk_testkit::benchmarks::write_section(&benchmarks_md(), "sync-throughput", &body)?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(Command::Bench { changes, record }) = args.command {
        return bench(changes, record);
    }
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
    let root = memory_root()?;
    let started = Instant::now();
    let (mut ops, mut edits, mut conflicts, mut failed) = (0u64, 0u64, 0u64, Vec::new());
    let mut ran = 0usize;
    for (n, seed) in seeds.iter().enumerate() {
        if args
            .max_seconds
            .is_some_and(|max| started.elapsed().as_secs() >= max)
        {
            println!("time limit reached after {n} seeds");
            break;
        }
        ran += 1;
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
        "{ran} seeds in {:.1?}: {} failed; {edits} edits, {ops} server ops, {conflicts} conflicted appeals",
        elapsed,
        failed.len()
    );
    if args.record && failed.is_empty() {
        let body = format!(
            "## Sync simulation (issue 16)\n\n`cargo run -p desk-sim --release -- --seeds {} --edits {}{} --record` (seeds {}..{}{}): {} workstations × {} offline edits per seed, link failures, partitions, crashes, replays, ±24 h skew; real desk-store journals (tmpfs) and desk-server's core over PostgreSQL.\n\n| seeds | failed | time | edits | server ops | conflicted appeals |\n|---|---|---|---|---|---|\n| {} | 0 | {:.0} s | {edits} | {ops} | {conflicts} |\n",
            seeds.len(),
            scale.edits,
            args.max_seconds
                .map(|m| format!(" --max-seconds {m}"))
                .unwrap_or_default(),
            args.from,
            args.from + ran as u64,
            if ran < seeds.len() {
                format!(", stopped by the time limit after {ran} of {}", seeds.len())
            } else {
                String::new()
            },
            scale.workstations,
            scale.edits,
            ran,
            elapsed.as_secs_f64()
        );
        desk_testkit::benchmarks::write_section(&benchmarks_md(), "sync-sim", &body)?;
    }
    if !failed.is_empty() {
        anyhow::bail!("failing seeds: {failed:?}");
    }
    Ok(())
}
