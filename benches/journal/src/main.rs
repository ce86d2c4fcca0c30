//! `cargo run --release -p desk-bench-journal -- generate --data-dir D --count 1000000`
//! `cargo run --release -p desk-bench-journal -- run --data-dir D [--write BENCHMARKS.md]`
//! `cargo run --release -p desk-bench-journal -- verify --data-dir D [--write BENCHMARKS.md]`
//!
//! Figures for issue 6's targets: a 50-row journal page under any filter (p99 < 30 ms),
//! full-text search (p99 < 50 ms), registering one appeal (< 5 ms), opening the journal to
//! its first page (< 2 s), and peak memory (< 300 MB). Timings are measured in-process
//! around the same calls the window makes; they are not unit tests.

use std::path::{Path, PathBuf};
use std::time::{Duration as StdDuration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{Duration, Utc};
use desk_app::Desk;
use desk_app::desk_journal::{
    Channel, Criticality, JournalQuery, NewAppeal, RuleSet, Status, WorkstationCode,
};
use desk_store::{Actor, Store};
use desk_testkit::benchmarks::{Rng, write_section};

const ORGS: &[&str] = &[
    "ТОО «Астана Құрылыс»",
    "АО «Самрук-Энерго»",
    "ТОО «Ақ Жол»",
    "ГКП «Алматы Су»",
    "ЖШС «Сапа Сервис»",
    "ТОО «Өрнек»",
    "АО «Қазақтелеком»",
    "ТОО «Ёлочка Трейд»",
    "КГУ «Школа-гимназия № 12»",
    "ИП «Нұрлан»",
];
const WORDS: &[&str] = &[
    "аукцион",
    "портал",
    "қолжетімсіз",
    "договор",
    "подписание",
    "ЭЦП",
    "баға",
    "ұсыныс",
    "протокол",
    "заявка",
    "жүктелмейді",
    "ошибка",
    "сервер",
    "модуль",
    "лот",
    "хабарландыру",
    "сертификат",
    "кіру",
    "страница",
    "таймаут",
];

fn now_minus(rng: &mut Rng, days: i64) -> chrono::DateTime<Utc> {
    Utc::now() - Duration::minutes((rng.next_u64() % (days as u64 * 1440)) as i64 + 10)
}

fn generate(dir: &Path, count: usize) -> Result<()> {
    let mut store = Store::open_in_dir(dir)?;
    let actor = Actor {
        user: "generator".into(),
    };
    if store.workstation()?.is_none() {
        store.set_workstation(&WorkstationCode::parse("GEN1").context("code")?, &actor)?;
    }
    // A generator, not an operator: durability per row is not needed here.
    store
        .connection()
        .pragma_update(None, "synchronous", "OFF")?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let channels = ["phone", "email", "letter", "forum", "monitoring"];
    let rule_sets = ["GZ-627", "QUASI-1216", "ETP-CC", "ENERGY-366"];
    let started = Instant::now();
    let batch = 10_000;
    let mut done = 0;
    while done < count {
        let n = batch.min(count - done);
        let mut appeals = Vec::with_capacity(n);
        for _ in 0..n {
            let received = now_minus(&mut rng, 730);
            let desc: Vec<&str> = (0..8).map(|_| *rng.pick(WORDS)).collect();
            let form = NewAppeal {
                organisation: rng.pick(ORGS).to_string(),
                bin_iin: "971240001315".into(),
                received_at: desk_app::desk_journal::time::to_astana_display(received),
                channel: rng.pick(&channels).to_string(),
                contact: format!(
                    "+7 701 {:03} {:02} {:02}",
                    rng.next_u64() % 1000,
                    rng.next_u64() % 100,
                    rng.next_u64() % 100
                ),
                description: desc.join(" "),
                rule_set: rng.pick(&rule_sets).to_string(),
                ..Default::default()
            };
            let valid = form
                .validate(Utc::now())
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            appeals.push((valid, received + Duration::minutes(5)));
        }
        store.register_appeals_bulk(appeals.iter().map(|(a, t)| (a, *t)), &actor)?;
        done += n;
        eprint!(
            "\r{done}/{count} appeals ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    }
    eprintln!();
    // Spread states and clocks over the journal as a real one would have them: derived
    // columns only (the history of these synthetic appeals stays "registered").
    let c = store.connection();
    c.execute_batch(
        "UPDATE appeal_heads SET status = 'confirmed', criticality = CASE n % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' ELSE 'high' END WHERE n % 7 = 0;
         UPDATE appeal_heads SET status = 'closed' WHERE n % 7 = 1;
         UPDATE appeal_heads SET next_due = strftime('%Y-%m-%dT%H:%M:%fZ', received_at, '+2 hours') WHERE n % 7 IN (0, 2);",
    )?;
    c.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
    println!(
        "generated {count} appeals in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn percentile(sorted: &[StdDuration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct Figure {
    name: String,
    p50: f64,
    p99: f64,
    max: f64,
    target: &'static str,
}

fn time<F: FnMut(usize) -> Result<()>>(
    name: &str,
    target: &'static str,
    runs: usize,
    mut f: F,
) -> Result<Figure> {
    f(0)?; // warm the page cache and prepared statements
    let mut ds = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        f(i)?;
        ds.push(t.elapsed());
    }
    ds.sort();
    let fig = Figure {
        name: name.into(),
        p50: percentile(&ds, 0.5),
        p99: percentile(&ds, 0.99),
        max: percentile(&ds, 1.0),
        target,
    };
    eprintln!(
        "{:<44} p50 {:>8.2} ms  p99 {:>8.2} ms",
        fig.name, fig.p50, fig.p99
    );
    Ok(fig)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn run(dir: &Path, write: Option<&Path>) -> Result<()> {
    let t = Instant::now();
    let desk = Desk::open(Some(dir))?;
    let first = desk.list(&JournalQuery::default())?;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    if first.is_empty() {
        bail!(
            "the journal in {} is empty: run `generate` first",
            dir.display()
        );
    }
    let total: i64 = Store::open_in_dir(dir)?.connection().query_row(
        "SELECT count(*) FROM appeals",
        [],
        |r| r.get(0),
    )?;
    eprintln!("{total} appeals; open + first page {open_ms:.0} ms");

    let q = |f: fn(&mut JournalQuery)| {
        let mut q = JournalQuery::default();
        f(&mut q);
        q
    };
    let month_ago = (Utc::now() - Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let filters: Vec<(&str, JournalQuery)> = vec![
        ("page: no filter, newest first", JournalQuery::default()),
        (
            "page: oldest first (official order)",
            q(|q| q.oldest_first = true),
        ),
        (
            "page: status = confirmed",
            q(|q| q.status = Some(Status::Confirmed)),
        ),
        (
            "page: criticality = high",
            q(|q| q.criticality = Some(Criticality::High)),
        ),
        (
            "page: channel = letter",
            q(|q| q.channel = Some(Channel::Letter)),
        ),
        (
            "page: rule set = ETP-CC",
            q(|q| q.rule_set = Some(RuleSet::EtpCc)),
        ),
        ("page: overdue only", q(|q| q.overdue = true)),
        // Issue 19 item 4: the queue by urgency, in the heads_next_due index's order.
        ("page: most urgent first", q(|q| q.by_due = true)),
        (
            "page: last 30 days",
            JournalQuery {
                from: month_ago,
                to: today,
                ..Default::default()
            },
        ),
        (
            "page: high + letter + QUASI-1216",
            q(|q| {
                q.criticality = Some(Criticality::High);
                q.channel = Some(Channel::Letter);
                q.rule_set = Some(RuleSet::Quasi1216);
            }),
        ),
    ];
    let mut figures = Vec::new();
    for (name, query) in &filters {
        figures.push(time(name, "p99 < 30 ms", 200, |i| {
            // Any of the first 20 pages, as an operator scrolling would ask.
            let page = JournalQuery {
                offset: (i % 20) as u32 * 50,
                ..query.clone()
            };
            desk.list(&page).map(|_| ())?;
            Ok(())
        })?);
    }
    // Issue 19 item 4: the window's page, each row's next duty named from its clocks.
    figures.push(time(
        "window page: most urgent first, next duty named",
        "p99 < 30 ms",
        200,
        |i| {
            let page = JournalQuery {
                by_due: true,
                offset: (i % 20) as u32 * 50,
                ..Default::default()
            };
            desk.journal_page(&page).map(|_| ())?;
            Ok(())
        },
    )?);
    let words = [
        "қолжетімсіз",
        "ҚАЗАҚТЕЛЕКОМ",
        "елочка",
        "протокол подписание",
        "аукц",
        "сертификат кіру",
        "701 12",
        "астана құрылыс",
    ];
    figures.push(time(
        "full-text search (kk/ru words, prefixes)",
        "p99 < 50 ms",
        200,
        |i| {
            let page = JournalQuery {
                text: words[i % words.len()].into(),
                ..Default::default()
            };
            desk.list(&page).map(|_| ())?;
            Ok(())
        },
    )?);
    let mut desk = desk.with_user("bench");
    let form = NewAppeal {
        organisation: "ТОО «Бенчмарк»".into(),
        bin_iin: "971240001315".into(),
        received_at: desk_app::desk_journal::time::to_astana_display(Utc::now()),
        channel: "email".into(),
        contact: "bench@example.kz".into(),
        description: "Өлшеу үшін тіркелген өтініш".into(),
        rule_set: "QUASI-1216".into(),
        ..Default::default()
    };
    figures.push(time(
        "register one appeal (fsync, clocks computed)",
        "< 5 ms",
        100,
        |_| {
            desk.register_appeal(&form).map(|_| ())?;
            Ok(())
        },
    )?);
    // Say whether registration really computed clocks: the rules engine may be absent.
    let probe = desk.register_appeal(&form)?;
    let with_clocks = !desk
        .appeal_detail(&probe.id.to_string())?
        .obligations
        .is_empty();
    let rss = peak_rss_mb();
    eprintln!("peak memory {rss:.0} MB");

    if let Some(path) = write {
        let mut md = String::from("## Journal (issue 6)\n\n");
        md.push_str(&format!(
            "Journal of {total} generated appeals (`cargo run --release -p desk-bench-journal -- generate --data-dir D --count {total}`),\n\
             measured with `cargo run --release -p desk-bench-journal -- run --data-dir D --write BENCHMARKS.md`\n\
             on this project's CI machine (2 cores); each row 200 runs after a warm-up (registration: 100).\n\n\
             | what | p50 ms | p99 ms | max ms | target |\n|---|---:|---:|---:|---|\n"
        ));
        for f in &figures {
            md.push_str(&format!(
                "| {} | {:.2} | {:.2} | {:.2} | {} |\n",
                f.name, f.p50, f.p99, f.max, f.target
            ));
        }
        md.push_str(&format!(
            "| open the journal and read its first page (process already started) | {open_ms:.0} | | | < 2 s to an interactive journal |\n\
             \nRegistration {}.\n\
             \nPeak resident memory of the benchmark process: **{rss:.0} MB** (target < 300 MB).\n\n\
             Not measured here: the window's own start (WebKitGTK) to an interactive journal; the figure above is the\n\
             Rust side of it. States, criticality and due instants of the generated appeals are spread synthetically\n\
             over the derived columns (1 in 7 confirmed, 1 in 7 closed, 2 in 7 with a clock running).\n",
            if with_clocks {
                "includes computing the appeal's obligations with the rules engine"
            } else {
                "was measured WITHOUT the rules engine (it answered no obligations in this build): the clock computation is not in the figure"
            }
        ));
        write_section(path, "journal-bench", &md)?;
        eprintln!("written to {}", path.display());
    }
    Ok(())
}

/// Issue 11: the full journal check (`desk journal verify`) — time and peak memory, in
/// this process, on the generated journal; and the quick check every start runs.
fn verify(dir: &Path, write: Option<&Path>) -> Result<()> {
    let store = Store::open_in_dir(dir)?;
    let appeals: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM appeals", [], |r| r.get(0))?;
    let t = Instant::now();
    let quick = store.quick_check();
    let quick_s = t.elapsed().as_secs_f64();
    drop(store);
    eprintln!("quick_check {quick_s:.1} s ({} problems)", quick.len());
    let desk = Desk::open(Some(dir)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = Instant::now();
    let mut last = None;
    let mut starts = Vec::new();
    let v = desk
        .verify_journal(None, &mut |p| {
            if last != Some(p.stage) {
                eprintln!("\n{:?} at {:.1} s", p.stage, t.elapsed().as_secs_f64());
                starts.push(t.elapsed().as_secs_f64());
                last = Some(p.stage);
            }
            eprint!("\r{:?} {}/{}", p.stage, p.done, p.total);
        })
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let secs = t.elapsed().as_secs_f64();
    starts.push(secs);
    // Chain, rows, projections, file: each stage's share of the time.
    let stage = |i: usize| {
        starts
            .get(i + 1)
            .zip(starts.get(i))
            .map_or(0.0, |(b, a)| b - a)
    };
    let rss = peak_rss_mb();
    eprintln!(
        "\nverify {secs:.1} s, peak {rss:.0} MB: {} entries, {} appeals, {} findings",
        v.entries, v.appeals, v.problem_count
    );
    if let Some(path) = write {
        let md = format!(
            "## Journal integrity check (issue 11)\n\n\
             `desk journal verify` on the generated journal of {appeals} appeals ({} audit entries, every\n\
             entry's row bodies hashed), measured with `cargo run --release -p desk-bench-journal -- verify\n\
             --data-dir D --write BENCHMARKS.md` on this project's CI machine (2 cores):\n\n\
             | what | time | peak memory | target |\n|---|---:|---:|---|\n\
             | full check | {secs:.1} s | {rss:.0} MB | streams; < 300 MB |\n\
             | — the chain and every entry's row bodies | {:.1} s | | |\n\
             | — unrecorded rows, roles and settings, number gaps | {:.1} s | | |\n\
             | — projections (heads rebuilt, clocks recomputed with the rules engine, search entries) | {:.1} s | | |\n\
             | — `PRAGMA integrity_check` | {:.1} s | | |\n\
             | `PRAGMA quick_check` (at every start, beside the work) | {quick_s:.1} s | | |\n\n\
             Peak memory is the whole benchmark process's (VmHWM). The generator spreads states and clocks\n\
             synthetically over the derived columns only, so the check reports those heads as differing from\n\
             their history: {} findings here, of which the first {} are kept — which is the check working.\n",
            v.entries,
            stage(0),
            stage(1),
            stage(2),
            stage(3),
            v.problem_count,
            v.problems.len()
        );
        write_section(path, "verify-bench", &md)?;
        eprintln!("written to {}", path.display());
    }
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let dir = PathBuf::from(flag("--data-dir").context("--data-dir DIR is required")?);
    match args.get(1).map(String::as_str) {
        Some("generate") => generate(&dir, flag("--count").map_or(Ok(1_000_000), |c| c.parse())?),
        Some("run") => run(&dir, flag("--write").map(PathBuf::from).as_deref()),
        Some("verify") => verify(&dir, flag("--write").map(PathBuf::from).as_deref()),
        _ => bail!(
            "usage: desk-bench-journal generate|run|verify --data-dir DIR [--count N] [--write BENCHMARKS.md]"
        ),
    }
}
