#![allow(clippy::unwrap_used)]
//! Issue 11 item 6: one clean line for every bad input. Exit 2 for every bad value, clap's
//! usage errors translated, values that start with `-`, no control character echoed, a
//! closed standard output, the language just chosen; and item 5's `journal add --attach`,
//! which registers and attaches in one transaction or writes nothing.

use std::path::Path;
use std::process::{Output, Stdio};

use desk_testkit::DeskCli;
use desk_testkit::desk::{stderr, text};
use desk_testkit::rows::add_args;

fn cli(dir: &Path) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk")).data_dir(dir)
}

fn journal(dir: &Path) -> (DeskCli, String) {
    let desk = cli(dir);
    desk.ok(&["setup", "--workstation", "AST1"]);
    let number = desk.add(&add_args("ТОО «Бір»", "one@example.kz", "Сбой ЭЦП"));
    (desk, number)
}

/// Exit 2 and exactly one line on standard error, which is returned.
fn refused(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "{}", text(o));
    let err = stderr(o);
    assert!(
        err.starts_with("desk: ") && err.matches('\n').count() == 1 && err.ends_with('\n'),
        "{err:?}"
    );
    assert!(o.stdout.is_empty(), "{}", text(o));
    err
}

fn audit_rows(dir: &Path) -> i64 {
    let c = rusqlite::Connection::open(dir.join("journal.sqlite3")).unwrap();
    c.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else if p.file_name().is_some_and(|n| n != ".lock") {
            out.push(p.display().to_string());
        }
    }
    out
}

#[test]
fn usage_errors_are_one_translated_line_in_the_language_typed() {
    let dir = tempfile::tempdir().unwrap();
    let desk = cli(dir.path());
    let cases: [(&[&str], &str); 6] = [
        (
            &["--lang", "en", "journal", "list", "--bogus"],
            "desk: unknown option --bogus; see desk --help\n",
        ),
        (
            &["--lang", "ru", "journal", "frobnicate"],
            "desk: неизвестная команда frobnicate; см. desk --help\n",
        ),
        (
            &["--lang", "kk", "journal", "list", "--limit", "-1"],
            "desk: --limit <LIMIT>: «-1» мәні қабылданбайды\n",
        ),
        (
            &["--lang", "en", "journal", "show"],
            "desk: required, but not given: <NUMBER>\n",
        ),
        (
            &["--lang", "en"],
            "desk: a command is needed; see desk --help\n",
        ),
        (
            &["--lang=en", "journal", "list", "--status", "lost"],
            "desk: --status <STATUS>: the value «lost» is not accepted\n",
        ),
    ];
    for (args, want) in cases {
        assert_eq!(refused(&desk.run(args)), want, "{args:?}");
    }
    // A usage error opens no journal, so it cannot write one.
    assert!(!dir.path().join("journal.sqlite3").exists());
}

#[test]
fn help_and_version_print_as_usual_and_exit_0() {
    let desk = cli(Path::new("/nonexistent/help-needs-no-journal"));
    for args in [
        &["--help"][..],
        &["journal", "add", "--help"],
        &["--version"],
    ] {
        let o = desk.run(args);
        assert!(o.status.success(), "{}", text(&o));
        assert!(!o.stdout.is_empty() && o.stderr.is_empty(), "{}", text(&o));
    }
}

#[test]
fn every_bad_value_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, number) = journal(dir.path());
    let out = dir.path().join("report.pdf");
    let out = out.to_str().unwrap();
    let bad: [&[&str]; 9] = [
        &[
            "report",
            "yearly",
            "--from",
            "99.99.2026",
            "--to",
            "31.12.2026",
            "--out",
            out,
        ],
        &["report", "yearly", "--year", "-5", "--out", out],
        &["report", "yearly", "--year", "99999", "--out", out],
        &["report", "yearly", "--year", "0", "--out", out],
        &["report", "daily", "--date", "32.01.2026"],
        &["journal", "link", &number, "--to", &number],
        &["journal", "attach", &number, "/no/such/file.png"],
        &[
            "journal",
            "event",
            &number,
            "fixed",
            "--at",
            "31.02.2026 10:00",
        ],
        &["journal", "show", "AST1-2026-999999"],
    ];
    let audit = audit_rows(dir.path());
    for args in bad {
        refused(&desk.run(args));
    }
    assert!(!Path::new(out).exists());
    assert_eq!(
        audit_rows(dir.path()),
        audit,
        "a refusal wrote to the journal"
    );
    // The calculators too, from a file that is not there or text that is not JSON.
    refused(&desk.run(&["extensions", "--input", "/no/such/input.json"]));
    refused(&desk.run_with_input(&["deadlines"], "{\"rules\": "));
}

#[test]
fn a_value_may_start_with_a_hyphen() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = journal(dir.path());
    let number = desk.add(&add_args("ТОО «Екі»", "-two@example.kz", "-5 % скидка"));
    let shown = desk.ok(&["journal", "show", &number, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["appeal"]["description"], "-5 % скидка");
}

#[test]
fn control_characters_typed_by_the_user_are_shown_escaped_not_sent_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = journal(dir.path());
    let err = refused(&desk.run(&[
        "--lang",
        "en",
        "journal",
        "list",
        "--status",
        "\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}",
    ]));
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{202e}'));
    assert!(err.contains("\\u{1b}[2J"), "{err}");
    let err = refused(&desk.run(&["journal", "show", "AST1\r\nforged: line\u{1b}[0m"]));
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");

    // The journal keeps the name as typed; the table shows it, escaped.
    desk.add(&add_args("ТОО \u{1b}[31m«Қызыл»", "red@example.kz", "Сбой"));
    let list = desk.ok(&["journal", "list"]);
    assert!(!list.contains('\u{1b}'), "{list:?}");
    assert!(list.contains("ТОО \\u{1b}[31m«Қызыл»"), "{list}");
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = journal(dir.path());
    for i in 0..3 {
        desk.add(&add_args(&format!("ТОО «{i}»"), "x@example.kz", "Сбой"));
    }
    // As `desk journal list | head -1`: the reader is gone before desk writes.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_desk"))
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "journal",
            "list",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(o.stderr.is_empty(), "{}", text(&o));
}

#[test]
fn setup_answers_in_the_language_it_just_saved() {
    let dir = tempfile::tempdir().unwrap();
    let desk = cli(dir.path());
    let out = desk.ok(&["setup", "--workstation", "AST1", "--language", "kk"]);
    assert_eq!(out.trim(), "Жұмыс орнының коды: AST1");
}

#[test]
fn a_calculator_input_over_the_limit_is_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.json");
    std::fs::write(&file, " ".repeat(33 * 1024 * 1024)).unwrap();
    let desk = DeskCli::new(env!("CARGO_BIN_EXE_desk")).no_journal();
    let err = refused(&desk.run(&[
        "--lang",
        "en",
        "extensions",
        "--input",
        file.to_str().unwrap(),
    ]));
    assert_eq!(
        err,
        "desk: the input is larger than 32 MiB; split it into smaller files\n"
    );
}

#[test]
fn add_with_a_missing_attachment_registers_nothing_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = journal(dir.path());
    let scan = dir.path().join("scan.png");
    std::fs::write(&scan, b"\x89PNG scan").unwrap();
    let before = (
        audit_rows(dir.path()),
        files_under(&dir.path().join("attachments")),
    );
    let mut args = add_args("ТОО «Екі»", "two@example.kz", "Сбой");
    args.extend([
        "--attach",
        scan.to_str().unwrap(),
        "--attach",
        "/no/such/photo.jpg",
    ]);
    let err = refused(&desk.run(&args));
    assert!(err.contains("photo.jpg"), "{err}");
    assert_eq!(
        (
            audit_rows(dir.path()),
            files_under(&dir.path().join("attachments"))
        ),
        before,
        "the refused add wrote"
    );
    let list = desk.ok(&["journal", "list", "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // With both files readable: one appeal, both attached, in one command.
    args.truncate(args.len() - 2);
    args.extend(["--attach", scan.to_str().unwrap()]);
    let number = desk.add(&args);
    let shown = desk.ok(&["journal", "show", &number, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["attachments"].as_array().unwrap().len(), 2, "{v}");
    assert!(files_under(&dir.path().join("attachments/incoming")).is_empty());
}

#[test]
fn what_a_crashed_attach_left_in_staging_is_swept_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = journal(dir.path());
    // A copy interrupted mid-way, and one that had placed its part when the process died
    // before the commit: the part names a hash no row knows.
    let incoming = dir.path().join("attachments/incoming");
    let sha = "ab".repeat(32);
    for (tag, placed) in [
        ("01-interrupted", ""),
        ("02-placed", &*format!("{sha}.0000\n")),
    ] {
        std::fs::create_dir_all(incoming.join(tag)).unwrap();
        std::fs::write(incoming.join(tag).join("0000"), b"half a file").unwrap();
        std::fs::write(incoming.join(tag).join("placed"), placed).unwrap();
    }
    let part = dir.path().join(format!("attachments/ab/{sha}.0000"));
    std::fs::create_dir_all(part.parent().unwrap()).unwrap();
    std::fs::write(&part, b"never committed").unwrap();

    desk.ok(&["journal", "list"]);
    assert_eq!(
        files_under(&dir.path().join("attachments")),
        Vec::<String>::new()
    );
}

/// Issue 11 item 5: "a refused command writes nothing at all, ever" — not even the
/// journal file of a data directory that had none. A command that only reads leaves it
/// as it was too; the first accepted write creates it.
#[test]
fn on_a_new_data_directory_a_refused_or_reading_command_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fresh");
    let desk = cli(&dir);
    let refusals: [&[&str]; 4] = [
        &["setup", "--workstation", "not a code!"],
        &add_args("ТОО «Бір»", "one@example.kz", "Сбой ЭЦП"),
        &["journal", "show", "AST1-2026-000001"],
        &["report", "daily", "--date", "2026-02-30"],
    ];
    for args in refusals {
        let o = desk.run(args);
        assert!(
            matches!(o.status.code(), Some(1 | 2)) && stderr(&o).starts_with("desk: "),
            "{}",
            text(&o)
        );
        assert!(!dir.exists(), "`desk {}` created {dir:?}", args.join(" "));
    }
    for args in [
        &["journal", "list", "--json"][..],
        &["journal", "verify"],
        &["users", "list"],
        &["sync", "status"],
    ] {
        desk.ok(args);
        assert!(!dir.exists(), "`desk {}` created {dir:?}", args.join(" "));
    }
    desk.ok(&["setup", "--workstation", "AST1"]);
    assert!(dir.join("journal.sqlite3").exists());
    let number = desk.add(&add_args("ТОО «Бір»", "one@example.kz", "Сбой ЭЦП"));
    assert!(desk.ok(&["journal", "show", &number]).contains("ТОО «Бір»"));
    desk.ok(&["journal", "verify"]);
}
