#![allow(clippy::unwrap_used)]
//! `desk journal extensions` asks what the appeal page asks (issue 13 item 3): whether
//! price offers could not be decrypted, when the failure began, each acceptance period's
//! start and whether a protocol was formed during the failure — so the journal reaches
//! 002 §36.7, §37.9–10, §49 and 000 §26.9–10 like `desk extensions` does.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::expect_ok as ok;
use desk_testkit::rows::add_args;
use serde_json::Value;

fn cli(dir: &Path, user: &str) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user(user)
        .env("DESK_PASSWORD", &format!("{user}-secret"))
        .lang("ru")
}

fn desk(dir: &Path, args: &[&str]) -> Output {
    cli(dir, "nurlan").run(args)
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(cli(dir.path(), "boss").run(&["setup", "--workstation", "AST1"]));
    ok(cli(dir.path(), "boss").run(&["users", "set", "nurlan", "specialist"]));
    ok(cli(dir.path(), "boss")
        .env("DESK_NEW_PASSWORD", "nurlan-secret")
        .run(&["users", "set-password", "nurlan"]));
    dir
}

/// A failure received Fri 20.11.2026 10:00, confirmed 10:30, fixed 14:00.
fn fixed_failure(dir: &Path, rules: &str, level: &str, kind: &str, extra: &[&str]) -> String {
    let mut args = add_args(
        "ТОО «Сапа»",
        "buyer@example.kz",
        "Не расшифрованы предложения",
    );
    args.extend_from_slice(&["--received-at", "20.11.2026 10:00", "--rule-set", rules]);
    args.extend_from_slice(extra);
    let n = cli(dir, "boss").add(&args);
    ok(desk(
        dir,
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            level,
            "--failure-type",
            kind,
            "--decision",
            "Перезапуск",
            "--at",
            "20.11.2026 10:30",
        ],
    ));
    ok(desk(
        dir,
        &["journal", "event", &n, "fixed", "--at", "20.11.2026 14:00"],
    ));
    n
}

fn extensions(dir: &Path, n: &str, extra: &[&str]) -> Value {
    let mut args = vec!["journal", "extensions", n];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(desk(dir, &args))).unwrap()
}

fn refused(dir: &Path, n: &str, extra: &[&str]) -> String {
    let mut args = vec!["journal", "extensions", n];
    args.extend_from_slice(extra);
    let out = desk(dir, &args);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    err
}

fn proc_<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

#[test]
fn gz_627_s26_9_s26_10_decryption_impossible_from_the_journal_counts_from_detection() {
    // GZ-627 high; the user detected the failure at 09:00, an hour before the appeal
    // (000 §15.1): the outage is 09:00–14:00 = 5 h.
    let dir = setup();
    let n = fixed_failure(
        dir.path(),
        "GZ-627",
        "high",
        "operator_unlawful_actions",
        &["--detected-at", "20.11.2026 09:00"],
    );
    let procedures = [
        "--procedure",
        "p1,acceptance_end,price_request,19.11.2026 18:00",
        "--procedure",
        "p2,acceptance_end,tender,20.11.2026 09:30",
        "--procedure",
        "p3,acceptance_end,one_source,20.11.2026 12:00",
    ];
    // Without the answer "could not be decrypted" only the window counts: 000 §26.4
    // moves p2 by one whole day; p1 was over before the failure.
    let plain = extensions(dir.path(), &n, &procedures);
    assert_eq!(proc_(&plain, "p1")["extended"], false);
    assert_eq!(proc_(&plain, "p2")["clause"], "000 §26.4");
    assert_eq!(
        proc_(&plain, "p2")["new_deadline"],
        "2026-11-21T09:30:00+05:00"
    );

    let mut args = procedures.to_vec();
    args.push("--decryption-impossible");
    let v = extensions(dir.path(), &n, &args);
    // 000 §26.10: over at 09:00, reopened from the fix: 14:00 + max(5 h, 1 CD).
    let p1 = proc_(&v, "p1");
    assert_eq!(
        (&p1["clause"], &p1["new_deadline"], &p1["resubmit"]),
        (
            &Value::from("000 §26.10"),
            &Value::from("2026-11-21T14:00:00+05:00"),
            &Value::from(true)
        )
    );
    // 000 §26.9: still running at 09:00: 09:30 + 5 h.
    let p2 = proc_(&v, "p2");
    assert_eq!(
        (&p2["clause"], &p2["new_deadline"], &p2["resubmit"]),
        (
            &Value::from("000 §26.9"),
            &Value::from("2026-11-20T14:30:00+05:00"),
            &Value::from(true)
        )
    );
    // 000 §26.9–10 name price request, auction and tender only.
    assert_eq!(proc_(&v, "p3")["extended"], false);
    assert_eq!(proc_(&v, "p3")["resubmit"], false);

    // --started-at overrides the detection: from 09:45 p2 (09:30) was already over, so
    // 000 §26.10 reopens it from the fix, 14:00 + 1 CD.
    args.extend_from_slice(&["--started-at", "20.11.2026 09:45"]);
    let later = extensions(dir.path(), &n, &args);
    let p2 = proc_(&later, "p2");
    assert_eq!(
        (&p2["clause"], &p2["new_deadline"]),
        (
            &Value::from("000 §26.10"),
            &Value::from("2026-11-21T14:00:00+05:00")
        )
    );
}

#[test]
fn quasi_1216_s36_7_and_s49_from_the_journal_read_the_period_and_the_protocol() {
    // QUASI-1216 medium, the failure began at 09:00 (before the appeal), fixed 14:00.
    let dir = setup();
    let n = fixed_failure(
        dir.path(),
        "QUASI-1216",
        "medium",
        "operator_insufficient_security",
        &[],
    );
    let v = extensions(
        dir.path(),
        &n,
        &[
            "--started-at",
            "20.11.2026 09:00",
            "--procedure",
            "p3,acceptance_end,auction,20.11.2026 12:00,20.11.2026 09:30",
            "--procedure",
            "p4,acceptance_end,tender,20.11.2026 11:00",
            "--procedure",
            "p5,acceptance_end,auction,20.11.2026 12:00",
            "--protocol-formed",
            "p4",
        ],
    );
    // 002 §36.7: the period 09:30–12:00 lies inside the failure: the next working day
    // after Fri 20.11 is Mon 23.11, at the deadline's 12:00 — auctions included.
    let p3 = proc_(&v, "p3");
    assert_eq!(
        (&p3["clause"], &p3["new_deadline"]),
        (
            &Value::from("002 §36.7"),
            &Value::from("2026-11-23T12:00:00+05:00")
        )
    );
    // 002 §49 on 002 §36.3: later of 11:00 + 5 h = 16:00 and the fix 14:00, + 1 CD;
    // the protocol is annulled.
    let p4 = proc_(&v, "p4");
    assert_eq!(
        (&p4["clause"], &p4["new_deadline"], &p4["annul_protocol"]),
        (
            &Value::from("002 §49"),
            &Value::from("2026-11-21T16:00:00+05:00"),
            &Value::from(true)
        )
    );
    // 002 §36.3: without its period an auction's acceptance is the exception.
    assert_eq!(proc_(&v, "p5")["extended"], false);
    assert_eq!(proc_(&v, "p5")["clause"], "002 §36.3");
}

#[test]
fn the_new_questions_refuse_bad_answers_naming_the_field() {
    let dir = setup();
    let n = fixed_failure(
        dir.path(),
        "QUASI-1216",
        "high",
        "operator_unlawful_actions",
        &[],
    );
    let p = "p1,acceptance_end,tender,20.11.2026 12:00";
    // outage = fixed − started (deadlines.md §4): a start after the fix is refused.
    let err = refused(
        dir.path(),
        &n,
        &["--procedure", p, "--started-at", "20.11.2026 15:00"],
    );
    assert!(err.contains("Когда начался сбой"), "{err}");
    assert!(err.contains("20.11.2026 14:00"), "{err}");
    // 002 §36.7: a period that begins after its own deadline.
    let err = refused(
        dir.path(),
        &n,
        &[
            "--procedure",
            "p1,acceptance_end,tender,20.11.2026 12:00,20.11.2026 12:30",
        ],
    );
    assert!(err.contains("начало периода приёма заявок"), "{err}");
    // A protocol flag for a procedure not given would change nothing silently.
    let err = refused(
        dir.path(),
        &n,
        &["--procedure", p, "--protocol-formed", "p9"],
    );
    assert!(err.contains("p9"), "{err}");
}
