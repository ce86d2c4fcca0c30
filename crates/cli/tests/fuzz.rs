#![allow(clippy::unwrap_used)]
//! The CLI fuzz (issue 11, Tests): thousands of seeded command lines and calculator
//! inputs, valid and hostile, against a real journal. Every run must exit 0, 1 or 2, say
//! nothing on standard error when it succeeds and exactly one `desk: …` line when it
//! fails, print no raw control character on either stream, never panic, and write
//! nothing — no row, no attachment part, no document — when it is refused.
//!
//! Bounded in time: 2,000 cases take about 20 s of a debug build on two cores; on a
//! loaded machine the run stops at 45 s (at least 500 cases) and prints how many ran.
//! `DESK_FUZZ_SEED` and `DESK_FUZZ_CASES` repeat or widen a run; the seed is printed
//! (`cargo test -p desk-cli --test fuzz -- --nocapture`) and a failure names its worker's
//! seed, which as `DESK_FUZZ_SEED` replays the same cases in worker 0.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use desk_testkit::DeskCli;
use desk_testkit::benchmarks::Rng;
use desk_testkit::rows::add_args;

const DEFAULT_CASES: u64 = 2000;
/// A loaded machine runs fewer cases rather than a longer test; the count run is printed.
const BUDGET: Duration = Duration::from_secs(45);
const WORKERS: u64 = 2;

/// Values that have broken command lines before: empty, hyphens, escape sequences,
/// direction overrides, impossible dates, numbers out of range, very long text.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "-",
    "--",
    "-5",
    "-5 % скидка",
    "--json",
    "--bogus",
    "-x",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}]0;title\u{7}",
    "\u{7}\u{8}\u{7f}",
    "\r\nforged line",
    "\u{202e}fdp.exe",
    "\u{9b}2J",
    "Қазақ «ТОО» №1",
    "99.99.9999",
    "31.02.2026 10:00",
    "29.02.2025",
    "01.01.1900 00:00",
    "20.11.2026 25:61",
    "-1",
    "0",
    "4294967296",
    "99999",
    "-2026",
    "1e9",
    "AST1-2026-999999",
    "AST1-0000-000000",
    "%s%n%x",
    "' OR 1=1 --",
    "null",
    "{}",
    "../../etc/passwd",
];

struct Fuzz {
    rng: Rng,
    dir: PathBuf,
    out: PathBuf,
    file: PathBuf,
    numbers: Vec<String>,
}

impl Fuzz {
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    fn hostile(&mut self) -> String {
        if self.chance(3) {
            return "ж".repeat(5000);
        }
        (*self.rng.pick(HOSTILE)).to_owned()
    }

    /// One of the pool most of the time, else something hostile.
    fn value(&mut self, pool: &[&str]) -> String {
        if self.chance(70) {
            (*self.rng.pick(pool)).to_owned()
        } else {
            self.hostile()
        }
    }

    fn number(&mut self) -> String {
        if self.chance(80) {
            let n = self.numbers.clone();
            self.rng.pick(&n).clone()
        } else {
            self.hostile()
        }
    }

    fn instant(&mut self) -> String {
        self.value(&[
            "20.11.2026 10:15",
            "21.11.2026 09:00",
            "01.03.2024 00:30",
            "02.12.2026 12:00",
        ])
    }

    fn date(&mut self) -> String {
        self.value(&["20.11.2026", "01.01.2026", "31.12.2026", "01.03.2024"])
    }

    fn attach_file(&mut self) -> String {
        let missing = self.dir.join("нет такого.png");
        let pool = [
            self.file.display().to_string(),
            missing.display().to_string(),
            self.dir.display().to_string(),
        ];
        self.rng.pick(&pool).clone()
    }

    /// `--name value` pairs, each kept with probability `keep`.
    fn options(&mut self, pairs: Vec<(&str, String)>, keep: u64) -> Vec<String> {
        let mut out = Vec::new();
        for (name, value) in pairs {
            if self.chance(keep) {
                out.push(name.to_owned());
                out.push(value);
            }
        }
        out
    }

    fn add(&mut self) -> Vec<String> {
        let description = self.value(&["Баға ұсынысы жүктелмейді", "-5 % скидка", "ЭЦП"]);
        let mut args: Vec<String> = add_args("ТОО «Fuzz»", "fuzz@example.kz", "x")
            .into_iter()
            .map(str::to_owned)
            .collect();
        *args.last_mut().unwrap() = description;
        // Mutate one required value, or drop one required option with its value.
        if self.chance(40) {
            let i = 3 + 2 * self.rng.below(5) as usize;
            args[i] = self.hostile();
        } else if self.chance(10) {
            let i = 2 + 2 * self.rng.below(5) as usize;
            args.drain(i..i + 2);
        }
        let received = self.instant();
        let channel = self.value(&["phone", "email", "letter", "forum", "monitoring"]);
        let rule_set = self.value(&["GZ-692", "GZ-627", "QUASI-1216", "ETP-CC", "ENERGY-366"]);
        let linked = self.number();
        let lots = self.value(&["1, 2", "Л-1"]);
        args.extend(self.options(
            vec![
                ("--received-at", received),
                ("--channel", channel),
                ("--rule-set", rule_set),
                ("--linked-to", linked),
                ("--lots", lots),
            ],
            20,
        ));
        if self.chance(25) {
            args.push("--attach".into());
            args.push(self.attach_file());
        }
        args
    }

    fn journal(&mut self) -> Vec<String> {
        let number = self.number();
        let mut args: Vec<String> = vec!["journal".into()];
        match self.rng.below(11) {
            0 | 1 => return self.add(),
            2 => {
                let kind = self.value(&[
                    "id_sent",
                    "homepage_posted",
                    "authority_informed",
                    "info_requested",
                    "info_received",
                    "fixed",
                    "closed",
                    "registered",
                ]);
                args.extend(["event".into(), number, kind]);
                let at = self.instant();
                args.extend(self.options(vec![("--at", at)], 50));
            }
            3 => {
                let to = self.number();
                args.extend(["link".into(), number, "--to".into(), to]);
            }
            4 => {
                let analysis = self.value(&["confirmed", "refuted"]);
                let criticality = self.value(&["high", "medium", "low"]);
                let failure_type = self.value(&["software", "hardware", "network"]);
                let decision = self.value(&["Сбой подтверждён", "Қате жоқ"]);
                let at = self.instant();
                args.extend(["triage".into(), number]);
                args.extend(self.options(
                    vec![
                        ("--analysis", analysis),
                        ("--criticality", criticality),
                        ("--failure-type", failure_type),
                        ("--decision", decision),
                        ("--at", at),
                    ],
                    70,
                ));
            }
            5 => {
                let field = self.value(&[
                    "organisation",
                    "description",
                    "received_at",
                    "bin_iin",
                    "channel",
                    "contact",
                ]);
                let value = self.value(&["ТОО «Исправлено»", "20.11.2026 10:00", "971240001315"]);
                let reason = self.value(&["опечатка", "қате"]);
                args.extend(["correct".into(), number]);
                args.extend(self.options(
                    vec![("--field", field), ("--value", value), ("--reason", reason)],
                    85,
                ));
            }
            6 => {
                let file = self.attach_file();
                args.extend(["attach".into(), number, file]);
            }
            7 => {
                let procedure = self.value(&[
                    "p1,acceptance_end,tender,20.11.2026 12:00",
                    "p2,auction_trading,,20.11.2026 11:00",
                    "p3,contract_signing",
                    ",,,",
                ]);
                args.extend(["extensions".into(), number, "--procedure".into(), procedure]);
            }
            8 => {
                args.push("list".into());
                let from = self.date();
                let to = self.date();
                let status = self.value(&["registered", "confirmed", "fixed"]);
                let limit = self.value(&["1", "0", "500"]);
                let search = self.value(&["Fuzz", "ЭЦП"]);
                args.extend(self.options(
                    vec![
                        ("--from", from),
                        ("--to", to),
                        ("--status", status),
                        ("--limit", limit),
                        ("--search", search),
                    ],
                    30,
                ));
                if self.chance(50) {
                    args.push("--json".into());
                }
            }
            9 => args.extend(["show".into(), number]),
            _ => args.push("verify".into()),
        }
        args
    }

    fn report(&mut self) -> Vec<String> {
        if self.chance(50) {
            let date = self.date();
            let mut args = vec!["report".into(), "daily".into()];
            args.extend(self.options(vec![("--date", date)], 80));
            return args;
        }
        let year = self.value(&["2026", "2025"]);
        let from = self.date();
        let to = self.date();
        let out = self.out.join("yearly.pdf").display().to_string();
        let mut args = vec!["report".into(), "yearly".into()];
        args.extend(self.options(
            vec![
                ("--year", year),
                ("--from", from),
                ("--to", to),
                ("--out", out),
            ],
            45,
        ));
        args
    }

    /// The sync commands with no server to reach: no login is ever kept, so nothing
    /// leaves the machine; a refused one must write nothing, as everywhere.
    fn sync(&mut self) -> Vec<String> {
        // Loopback only: a login that did get a password would try nothing farther.
        let server = self.value(&["http://127.0.0.1:9", "https://localhost:9", ""]);
        let mut args: Vec<String> = match self.rng.below(7) {
            0 => vec!["sync".into()],
            1 => vec!["sync".into(), "status".into()],
            2 => vec!["sync".into(), "conflicts".into()],
            3 => {
                let mut a = vec!["sync".into(), "settings".into()];
                a.extend(self.options(vec![("--server", server)], 60));
                for flag in ["--on", "--off"] {
                    if self.chance(30) {
                        a.push(flag.into());
                    }
                }
                a
            }
            4 => {
                let number = self.number();
                let keep = self.hostile();
                let mut a = vec!["sync".into(), "resolve".into(), number];
                a.extend(self.options(vec![("--keep", keep)], 85));
                a
            }
            5 => {
                let mut a = vec!["login".into()];
                a.extend(self.options(vec![("--server", server)], 85));
                a
            }
            _ => vec!["logout".into()],
        };
        if args[0] == "sync" && args.len() > 1 && args[1] != "resolve" && self.chance(50) {
            args.push("--json".into());
        }
        args
    }

    fn other(&mut self) -> Vec<String> {
        match self.rng.below(5) {
            0 => {
                let login = self.value(&["operator1", "specialist1"]);
                let role = self.value(&["operator", "specialist", "supervisor"]);
                vec!["users".into(), "set".into(), login, role]
            }
            1 => {
                let from = self.date();
                let to = self.date();
                let format = self.value(&["csv", "xlsx"]);
                let out = self.out.join("extract.csv").display().to_string();
                let mut args = vec!["extract".into()];
                args.extend(self.options(
                    vec![
                        ("--from", from),
                        ("--to", to),
                        ("--format", format),
                        ("--out", out),
                    ],
                    85,
                ));
                args
            }
            2 => self.sync(),
            // Nothing the parser knows, or a known command followed by anything.
            _ => {
                let mut args = Vec::new();
                if self.chance(50) {
                    args.push(
                        (*self
                            .rng
                            .pick(&["journal", "report", "users", "setup", "sync", "login"]))
                        .into(),
                    );
                }
                for _ in 0..self.rng.below(4) {
                    args.push(self.hostile());
                }
                args
            }
        }
    }

    fn calculator_input(&mut self) -> (Vec<String>, String) {
        let command = if self.chance(50) {
            "deadlines"
        } else {
            "extensions"
        };
        let mut v: serde_json::Value = serde_json::from_str(if command == "deadlines" {
            DEADLINES
        } else {
            EXTENSIONS
        })
        .unwrap();
        // Replace one value somewhere in the tree with something hostile.
        if self.chance(80) {
            let mut node = &mut v;
            loop {
                let keys: Vec<String> = match node {
                    serde_json::Value::Object(o) => o.keys().cloned().collect(),
                    serde_json::Value::Array(a) => (0..a.len()).map(|i| i.to_string()).collect(),
                    _ => break,
                };
                if keys.is_empty() || self.chance(30) {
                    break;
                }
                let key = self.rng.pick(&keys).clone();
                node = match node {
                    serde_json::Value::Object(o) => o.get_mut(&key).unwrap(),
                    serde_json::Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
                    _ => unreachable!(),
                };
            }
            *node = match self.rng.below(5) {
                0 => serde_json::Value::Null,
                1 => serde_json::json!(-1),
                2 => serde_json::json!([]),
                3 => serde_json::json!({}),
                _ => serde_json::Value::String(self.hostile()),
            };
        }
        let mut text = v.to_string();
        if self.chance(10) {
            let cut = self.rng.below(text.len() as u64) as usize;
            text = text.chars().take(cut).collect();
        }
        (vec![command.into()], text)
    }
}

const DEADLINES: &str = r#"{"rules": "QUASI-1216",
 "appeal": {"received_at": "2026-03-20T10:00:00+05:00", "channel": "email"},
 "events": [{"kind": "confirmed", "at": "2026-03-20T10:20:00+05:00", "criticality": "high"},
            {"kind": "info_requested", "at": "2026-03-20T11:00:00+05:00"},
            {"kind": "info_received", "at": "2026-03-20T12:00:00+05:00"},
            {"kind": "fixed", "at": "2026-03-20T16:30:00+05:00"}]}"#;

const EXTENSIONS: &str = r#"{"rules": "QUASI-1216",
 "failure": {"criticality": "high", "started_at": "2026-03-20T10:00:00+05:00",
             "confirmed_at": "2026-03-20T10:20:00+05:00", "fixed_at": "2026-03-20T16:30:00+05:00"},
 "procedures": [
   {"id": "p1", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-20T12:00:00+05:00",
    "announcement": "A-1", "lots": ["1", "2"]},
   {"id": "p2", "kind": "auction_trading", "deadline": "2026-03-20T11:00:00+05:00"}]}"#;

/// What a refused command must leave as it was: the rows of every table, and every file
/// in the data directory (attachment parts, staging) and in the documents' directory.
fn fingerprint(dir: &Path, out: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join("journal.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut print = BTreeMap::new();
    for t in tables {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
            .unwrap();
        print.insert(format!("table {t}"), n);
    }
    for root in [dir, out] {
        for f in files(root) {
            let name = f.file_name().unwrap().to_string_lossy();
            if !name.starts_with("journal.sqlite3") && name != ".lock" {
                let len = std::fs::metadata(&f).map_or(-1, |m| m.len() as i64);
                print.insert(format!("file {}", f.display()), len);
            }
        }
    }
    print
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn check(o: &Output, seed: u64, case: u64, args: &[String]) {
    let at = || format!("seed {seed}, case {case}: desk {args:?}");
    let code = o
        .status
        .code()
        .unwrap_or_else(|| panic!("{}: killed by a signal", at()));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(code, 0..=2), "{}: exit {code}: {err}", at());
    assert!(!err.contains("panicked"), "{}: {err}", at());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.chars().any(|c| c != '\n'
            && c != '\t'
            && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c))),
        "{}: raw control character on stdout: {out:?}",
        at()
    );
    if code == 0 {
        assert!(err.is_empty(), "{}: success with stderr {err:?}", at());
        return;
    }
    assert!(
        err.starts_with("desk: ") && err.ends_with('\n') && err.matches('\n').count() == 1,
        "{}: not one line: {err:?}",
        at()
    );
    assert!(
        !err.chars()
            .any(|c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c))),
        "{}: raw control character on stderr: {err:?}",
        at()
    );
}

/// Runs `cases` cases against a journal of its own, or as many as fit before `deadline`;
/// returns how many exited 0, 1 and 2.
fn worker(seed: u64, cases: u64, deadline: Instant) -> [u64; 3] {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // No password for `desk login`: it is refused before anything is sent.
    let desk = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir.path())
        .env("DESK_PASSWORD", "");
    desk.ok(&["setup", "--workstation", "AST1"]);
    // The one input file lives in the documents' directory; outputs must not appear there.
    let file = out.path().join("скриншот.png");
    std::fs::write(&file, b"\x89PNG fuzz").unwrap();
    let numbers = vec![
        desk.add(&add_args("ТОО «Один»", "one@example.kz", "Сбой ЭЦП")),
        desk.add(&add_args("ТОО «Екі»", "two@example.kz", "Баға ұсынысы")),
    ];
    let mut fuzz = Fuzz {
        rng: Rng(seed),
        dir: dir.path().to_owned(),
        out: out.path().to_owned(),
        file,
        numbers,
    };
    let mut exits = [0u64; 3];
    // Only a command that succeeded may change it.
    let mut state = fingerprint(dir.path(), out.path());
    let mut checking = Duration::ZERO;
    for case in 0..cases {
        if Instant::now() > deadline {
            break;
        }
        let (mut args, stdin) = match fuzz.rng.below(10) {
            0..=5 => (fuzz.journal(), None),
            6 => (fuzz.report(), None),
            7 => (fuzz.other(), None),
            _ => {
                let (args, text) = fuzz.calculator_input();
                (args, Some(text))
            }
        };
        if fuzz.chance(15) {
            let lang = fuzz.value(&["kk", "ru", "en"]);
            args.splice(0..0, ["--lang".to_owned(), lang]);
        }
        if fuzz.chance(10) {
            args.splice(0..0, ["--user".to_owned(), "operator1".to_owned()]);
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = match &stdin {
            Some(text) => desk.run_with_input(&argv, text),
            None => desk.run(&argv),
        };
        check(&o, seed, case, &args);
        let code = o.status.code().unwrap_or(1) as usize;
        exits[code] += 1;
        let t = Instant::now();
        let after = fingerprint(dir.path(), out.path());
        checking += t.elapsed();
        if code != 0 {
            assert_eq!(
                state,
                after,
                "seed {seed}, case {case}: desk {args:?} was refused ({}) but wrote",
                String::from_utf8_lossy(&o.stderr).trim_end()
            );
        }
        state = after;
    }
    println!(
        "cli fuzz: worker {seed}: {cases} cases, {:.1} s of them comparing the journal",
        checking.as_secs_f64()
    );
    exits
}

#[test]
fn thousands_of_seeded_command_lines_exit_0_1_or_2_with_one_line_and_refusals_write_nothing() {
    let seed = std::env::var("DESK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    let cases: u64 = std::env::var("DESK_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    println!("cli fuzz: seed {seed}, {cases} cases (DESK_FUZZ_SEED={seed} repeats this run)");
    let started = Instant::now();
    let deadline = started + BUDGET;
    // Two journals side by side, one per core; worker w runs the seed `seed + w`.
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let n = cases / WORKERS + u64::from(w < cases % WORKERS);
            std::thread::spawn(move || worker(seed.wrapping_add(w * 2), n, deadline))
        })
        .collect();
    let mut exits = [0u64; 3];
    for w in workers {
        let e = w
            .join()
            .unwrap_or_else(|_| panic!("seed {seed}: a worker failed"));
        for (total, n) in exits.iter_mut().zip(e) {
            *total += n;
        }
    }
    let run: u64 = exits.iter().sum();
    println!(
        "cli fuzz: seed {seed}, {run} of {cases} cases in {:.1} s: {} done, {} failed (1), {} refused (2)",
        started.elapsed().as_secs_f64(),
        exits[0],
        exits[1],
        exits[2]
    );
    // A fuzz that only ever reaches the parser proves little: each outcome must occur.
    if cases >= 500 {
        assert!(run >= 500, "seed {seed}: only {run} cases in {BUDGET:?}");
        assert!(exits.iter().all(|&n| n > 0), "seed {seed}: {exits:?}");
    }
}
