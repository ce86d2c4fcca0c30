#![allow(clippy::unwrap_used)]
//! `desk notice` and `desk outbox` (issue 18 item 5): a notice printed in the chosen
//! language or written to a file, bad input refused with exit 2 and one translated line
//! naming the field, and — against a real SMTP server (aiosmtpd) — a `desk outbox send`
//! killed after the server accepted the message but before it recorded that: no silent
//! duplicate; the message is listed as still sending, sent again only at the operator's
//! `desk outbox retry`, with the same Message-ID.

use std::time::{Duration, Instant};

use desk_testkit::DeskCli;
use desk_testkit::desk::{expect_ok, stderr};
use desk_testkit::rows::add_args;
use desk_testkit::smtp::{self, Options, SmtpServer};
use serde_json::Value;

fn desk(dir: &std::path::Path) -> DeskCli {
    let desk = DeskCli::new(env!("CARGO_BIN_EXE_desk")).data_dir(dir);
    desk.ok(&["setup", "--workstation", "AST1", "--language", "kk"]);
    desk
}

fn register(desk: &DeskCli) -> String {
    let mut args = add_args(
        "ТОО «Астана Құрылыс»",
        "user@example.kz",
        "Порталға кіру мүмкін емес",
    );
    args.extend(["--email", "user@example.kz"]);
    desk.add(&args)
}

fn refused(o: &std::process::Output, starts: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    let line = err.trim().strip_prefix("desk: ").unwrap_or(&err);
    assert!(line.starts_with(starts), "{err}");
}

#[test]
fn a_notice_is_printed_in_its_language_and_bad_input_exits_2_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let number = register(&desk);
    // No mail server set: the registration queues nothing.
    assert_eq!(desk.ok(&["outbox", "list"]).trim(), "Хаттар кезегі бос.");

    let kk = desk.ok(&["notice", &number, "--kind", "incident_id"]);
    assert!(
        kk.starts_with(&format!(
            "Өтінішіңіз тіркелді: {number} инциденті\n\nҚайырлы күн,"
        )),
        "{kk}"
    );
    let ru = desk.ok(&["--lang", "ru", "notice", &number, "--kind", "incident_id"]);
    assert!(
        ru.contains(&format!(
            "зарегистрировано под идентификатором инцидента {number}"
        )),
        "{ru}"
    );
    let out = dir.path().join("notice.txt");
    desk.ok(&[
        "--lang",
        "en",
        "notice",
        &number,
        "--kind",
        "criticality",
        "--set",
        "criticality=high",
        "--set",
        "planned_fix=03.12.2026 18:00",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("Planned date and time of the fix: 03.12.2026 18:00"),
        "{text}"
    );

    // 002 §35.1: no notice without the planned fix.
    refused(
        &desk.run(&[
            "--lang",
            "ru",
            "notice",
            &number,
            "--kind",
            "criticality",
            "--set",
            "criticality=высокий",
        ]),
        "плановые дата и время устранения:",
    );
    refused(
        &desk.run(&["notice", &number, "--kind", "telegram"]),
        "Хабарлама түрі:",
    );
    refused(
        &desk.run(&["notice", &number, "--kind", "fixed", "--set", "fixed_at"]),
        "Мән:",
    );
    refused(
        &desk.run(&[
            "--lang",
            "en",
            "notice",
            "AST1-2026-999999",
            "--kind",
            "fixed",
        ]),
        "",
    );
    refused(
        &desk.run(&["--lang", "en", "outbox", "retry", "no-such-id"]),
        "Message:",
    );
    // Sending needs a mail server.
    let o = desk.run(&["--lang", "en", "outbox", "send"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("desk: Mail server:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_home_page_text_recorded_as_posted_is_kept_and_meets_its_duty_at_that_instant() {
    // Issue 18 item 3; 002 §36.1: a medium failure is posted on the home page within 1 h.
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let number = register(&desk);
    desk.ok(&[
        "journal",
        "triage",
        &number,
        "--analysis",
        "confirmed",
        "--criticality",
        "medium",
        "--failure-type",
        "operator_insufficient_security",
        "--decision",
        "Қайта іске қосу",
    ]);
    let out = desk.ok(&[
        "notice",
        &number,
        "--kind",
        "homepage_failure",
        "--set",
        "announcements=12345-1",
        "--set",
        "lots=12345-1-Л1",
        "--set",
        "planned_fix=03.12.2026 18:00",
        "--done",
    ]);
    assert!(out.contains("Веб-порталдың техникалық іркілісі"), "{out}");
    let list: Vec<Value> = serde_json::from_str(&desk.ok(&["outbox", "list", "--json"])).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["state"], "sent");
    assert_eq!(list[0]["to"], serde_json::json!([]));
    let show = desk.ok(&["journal", "show", &number, "--json"]);
    assert!(show.contains("homepage_posted"), "{show}");
    // Nothing to mail: the queue has no work.
    desk.ok(&["journal", "verify"]);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs aiosmtpd (Python), which runs on Linux only (see scripts/wine-tests.sh)"
)]
fn a_send_killed_after_the_server_accepted_is_no_silent_duplicate() {
    let Some(python) = smtp::python_or_skip("cli outbox") else {
        return;
    };
    let (dir, first, second) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let port = smtp::free_port();
    let desk = desk(dir.path());
    desk.ok(&[
        "outbox",
        "settings",
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--security",
        "none",
        "--from",
        "desk@example.kz",
    ]);
    let number = register(&desk);
    let list = |desk: &DeskCli| -> Vec<Value> {
        serde_json::from_str(&desk.ok(&["outbox", "list", "--json"])).unwrap()
    };
    let queued = list(&desk);
    assert_eq!(queued.len(), 1);
    let id = queued[0]["id"].as_str().unwrap().to_owned();
    let message_id = queued[0]["message_id"].as_str().unwrap().to_owned();

    // The server takes the message and holds its 250; the sender is killed meanwhile.
    let slow = SmtpServer::start(
        &python,
        first.path(),
        port,
        &Options {
            delay_data: Some(30.0),
            ..Options::default()
        },
    );
    let mut child = desk.spawn(&["outbox", "send"]);
    let start = Instant::now();
    while slow.messages().is_empty() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(slow.messages().len(), 1, "the server received it");
    child.kill().unwrap();
    child.wait().unwrap();
    slow.stop();

    let server = SmtpServer::start(&python, second.path(), port, &Options::default());
    assert_eq!(list(&desk)[0]["state"], "sending");
    let again = expect_ok(desk.run(&["--lang", "en", "outbox", "send"]));
    assert!(again.starts_with("Sent: 0;"), "{again}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        server.messages().is_empty(),
        "not sent twice without a word"
    );

    // The operator checked: sent again, with the Message-ID it had the first time.
    desk.ok(&["outbox", "retry", &id]);
    let sent = expect_ok(desk.run(&["--lang", "en", "outbox", "send"]));
    assert!(sent.starts_with("Sent: 1;"), "{sent}");
    let got = server.wait_for(1, Duration::from_secs(10));
    assert_eq!(got[0]["message"]["message_id"], message_id.as_str());
    assert_eq!(slow_first_id(first.path()), message_id);
    let after = list(&desk);
    assert_eq!(after[0]["state"], "sent");
    assert_eq!(after[0]["attempts"], 2);
    // The obligation of 002 §30 is met, and the journal still matches its chain.
    let show: Value =
        serde_json::from_str(&desk.ok(&["journal", "show", &number, "--json"])).unwrap();
    assert!(show.to_string().contains("id_sent"), "{show}");
    desk.ok(&["journal", "verify"]);
    server.stop();
}

fn slow_first_id(dir: &std::path::Path) -> String {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("1.json")).unwrap()).unwrap();
    v["message"]["message_id"].as_str().unwrap().to_owned()
}
