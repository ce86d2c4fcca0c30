#![allow(clippy::unwrap_used)]
//! The simulation in CI (issue 16 item 1): 200 seeds, each 5 workstations editing offline
//! under link failures, partitions, crashes, replays and ±24 h skew, every invariant
//! checked after quiescence. The edits per workstation are fewer than the on-demand run's
//! 200 so that the test stays within its time on a 2-core machine (`DESK_SIM_EDITS` and
//! `DESK_SIM_SEEDS` change them); a failing seed prints the command that replays it.

use desk_sim::{Scale, SimServer, replay_command, run_seed};
use desk_testkit::PgCluster;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn every_seed_loses_nothing_duplicates_nothing_and_keeps_every_conflict() {
    let scale = Scale {
        edits: env("DESK_SIM_EDITS", 6) as u32,
        ..Scale::default()
    };
    let seeds = env("DESK_SIM_SEEDS", 200);
    let cluster = PgCluster::start();
    let server = SimServer::start(&cluster.database()).unwrap();
    let root = tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap();
    let mut failures = Vec::new();
    let (mut conflicts, mut crashes, mut lost_replies) = (0, 0, 0);
    for seed in 0..seeds {
        match run_seed(&server, root.path(), seed, scale) {
            Ok(o) if o.problems.is_empty() => {
                conflicts += o.conflicts;
                crashes += o.faults.crashes;
                lost_replies += o.faults.replies_lost;
            }
            Ok(o) => failures.push(format!(
                "seed {seed}: {:#?}\n  replay: {}",
                o.problems,
                replay_command(seed, scale)
            )),
            Err(e) => failures.push(format!(
                "seed {seed}: {e:#}\n  replay: {}",
                replay_command(seed, scale)
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The faults the invariants are about did happen.
    assert!(conflicts > 0 && crashes > 0 && lost_replies > 0);
}

#[test]
fn a_seed_replays_the_same_run() {
    let scale = Scale {
        edits: 15,
        ..Scale::default()
    };
    let cluster = PgCluster::start();
    let server = SimServer::start(&cluster.database()).unwrap();
    let root = tempfile::tempdir().unwrap();
    let a = run_seed(&server, root.path(), 42, scale).unwrap();
    let b = run_seed(&server, root.path(), 42, scale).unwrap();
    assert!(a.problems.is_empty(), "{:?}", a.problems);
    assert_eq!(
        (a.edits, a.ops, a.versions, a.conflicts, &a.faults),
        (b.edits, b.ops, b.versions, b.conflicts, &b.faults)
    );
}
