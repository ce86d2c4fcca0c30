//! `cargo run --release -p desk-bench-rules [-- --write BENCHMARKS.md]`
//! `cargo run --release -p desk-bench-rules -- calculators [--desk target/release/desk] [--write BENCHMARKS.md]`
//!
//! Issue 4's targets: at least 1,000,000 obligation computations per second on one core
//! (so every open clock can be recomputed on each keystroke), and the cost of one
//! working-time addition spanning a year. Single-threaded by construction.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use chrono::{DateTime, Duration, TimeZone, Utc};
use desk_rules::calendar::Calendar;
use desk_rules::clock::WorkClock;
use desk_rules::deadlines::{Event, Scenario, obligations};
use desk_testkit::benchmarks::{Rng, write_section};
use desk_vocab::{Criticality, EventKind, RuleSet};

mod calculators;

fn random_scenario(rng: &mut Rng, base: DateTime<Utc>) -> Option<Scenario> {
    let sets = RuleSet::ALL;
    let rules = sets[rng.below(sets.len() as u64) as usize];
    let received = base + Duration::minutes(rng.below(3 * 365 * 24 * 60) as i64);
    let mut t = received;
    let mut step = |rng: &mut Rng| {
        t += Duration::minutes(rng.below(240) as i64 + 1);
        t
    };
    let mut events = vec![Event::new(EventKind::Registered, step(rng))];
    if rng.below(2) == 0 {
        events.push(Event::new(EventKind::IdSent, step(rng)));
    }
    match rng.below(3) {
        0 => {}
        1 => events.push(Event::new(EventKind::Refuted, step(rng))),
        _ => {
            let level = Criticality::ALL[rng.below(3) as usize];
            events.push(Event::confirmed(step(rng), level, rng.below(2) == 0));
            if rng.below(3) == 0 {
                events.push(Event::new(EventKind::InfoRequested, step(rng)));
                events.push(Event::new(EventKind::InfoReceived, step(rng)));
            }
            if rng.below(2) == 0 {
                events.push(Event::new(EventKind::Fixed, step(rng)));
            }
        }
    }
    // Every generated history is valid; a refused one would only shrink the sample.
    Scenario::new(rules, received, None, events).ok()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .cloned();
    if args.get(1).is_some_and(|a| a == "calculators") {
        let desk = args
            .iter()
            .position(|a| a == "--desk")
            .and_then(|i| args.get(i + 1))
            .cloned();
        return calculators::run(desk.as_deref(), write.as_deref());
    }
    let base = Utc
        .with_ymd_and_hms(2024, 1, 1, 3, 0, 0)
        .single()
        .unwrap_or_default();

    // Scenarios are generated first, so the timing covers the computation alone.
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let n = 1_000_000;
    let scenarios: Vec<Scenario> = (0..n)
        .filter_map(|_| random_scenario(&mut rng, base))
        .collect();
    let t = Instant::now();
    let mut count = 0usize;
    for s in &scenarios {
        count += black_box(obligations(black_box(s))).len();
    }
    let secs = t.elapsed().as_secs_f64();
    let per_sec = count as f64 / secs;
    let appeals_per_sec = n as f64 / secs;
    eprintln!(
        "{n} appeals, {count} obligations in {secs:.2} s: {per_sec:.0} obligations/s, {appeals_per_sec:.0} appeals/s"
    );

    // One working-time addition spanning a year: 250 working days × 8 h (QUASI-1216 hours).
    let quasi = desk_rules::ruleset::of(RuleSet::Quasi1216)
        .map(|r| r.hours)
        .ok_or_else(|| anyhow::anyhow!("QUASI-1216"))?;
    let clock = WorkClock {
        calendar: Calendar::builtin(),
        hours: quasi,
        round_the_clock: false,
    };
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 4, 0, 0)
        .single()
        .unwrap_or_default();
    let minutes = 250 * 8 * 60;
    let runs = 20_000;
    let t = Instant::now();
    let mut last = start;
    for i in 0..runs {
        last = black_box(clock.add_working(black_box(start + Duration::minutes(i % 60)), minutes));
    }
    let year_us = t.elapsed().as_secs_f64() * 1e6 / runs as f64;
    eprintln!(
        "one working-time addition of {minutes} min (a working year): {year_us:.1} µs (ends {last})"
    );

    if let Some(path) = write {
        let section = format!(
            "## Rules engine (issue 4)\n\n\
             `cargo run --release -p desk-bench-rules -- --write BENCHMARKS.md`, one thread, on this project's CI machine (2 cores).\n\n\
             | what | figure | target |\n|---|---:|---|\n\
             | obligations computed per second ({n} random appeals across all five rule sets, {count} obligations) | {per_sec:.0} | ≥ 1,000,000 |\n\
             | appeals fully recomputed per second | {appeals_per_sec:.0} | |\n\
             | one working-time addition spanning a working year ({minutes} min, QUASI-1216 hours) | {year_us:.1} µs | |\n"
        );
        write_section(Path::new(&path), "rules-bench", &section)?;
    }
    Ok(())
}
