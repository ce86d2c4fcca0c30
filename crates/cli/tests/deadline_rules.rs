#![allow(clippy::unwrap_used)]
//! Workflow rules that protect deadlines from a terminal (issue 11): `journal reopen`,
//! events on a closed appeal, links that would close a cycle, and two workstations
//! answering one information request at the same moment.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::{expect_ok as ok, stderr};
use desk_testkit::rows::add_args;

fn cli(dir: &Path, user: &str) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user(user)
        .env("DESK_PASSWORD", &format!("{user}-secret"))
        .lang("ru")
}

fn desk(dir: &Path, user: &str, args: &[&str]) -> Output {
    cli(dir, user).run(args)
}

fn add(dir: &Path) -> String {
    cli(dir, "boss").add(&add_args(
        "ТОО «Сапа»",
        "buyer@example.kz",
        "Портал недоступен",
    ))
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(desk(
        dir.path(),
        "boss",
        &["setup", "--workstation", "AST1"],
    ));
    ok(desk(
        dir.path(),
        "boss",
        &["users", "set", "aliya", "operator"],
    ));
    ok(cli(dir.path(), "boss")
        .env("DESK_NEW_PASSWORD", "aliya-secret")
        .run(&["users", "set-password", "aliya"]));
    ok(desk(
        dir.path(),
        "boss",
        &["users", "set", "nurlan", "specialist"],
    ));
    ok(cli(dir.path(), "boss")
        .env("DESK_NEW_PASSWORD", "nurlan-secret")
        .run(&["users", "set-password", "nurlan"]));
    dir
}

fn refused(o: &Output, code: i32, message: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert_eq!(stderr(o), format!("desk: {message}\n"));
}

#[test]
fn a_closed_appeal_is_reopened_with_a_reason_by_a_specialist_then_takes_events() {
    let dir = setup();
    let d = dir.path();
    let n = add(d);
    // Issue 19 item 2: its duties are not done, so closing needs the reason.
    let bare = desk(d, "nurlan", &["journal", "event", &n, "closed"]);
    assert_eq!(bare.status.code(), Some(2), "{}", stderr(&bare));
    assert!(
        stderr(&bare).contains(
            "не выполнены — закрыть всё равно? Укажите причину в поле «Причина закрытия»"
        ),
        "{}",
        stderr(&bare)
    );
    ok(desk(
        d,
        "nurlan",
        &[
            "journal",
            "event",
            &n,
            "closed",
            "--note",
            "Повторное обращение",
        ],
    ));
    refused(
        &desk(d, "aliya", &["journal", "event", &n, "homepage_posted"]),
        2,
        "Событие: обращение закрыто; сначала откройте его повторно, указав причину",
    );
    refused(
        &desk(d, "nurlan", &["journal", "event", &n, "closed"]),
        2,
        "Событие: обращение уже закрыто",
    );
    refused(
        &desk(
            d,
            "aliya",
            &["journal", "reopen", &n, "--reason", "повторный сбой"],
        ),
        1,
        "Роль «Оператор» не позволяет повторно открывать закрытое обращение",
    );
    refused(
        &desk(d, "nurlan", &["journal", "reopen", &n, "--reason", " "]),
        2,
        "Причина повторного открытия: обязательное поле",
    );
    let reopened = ok(desk(
        d,
        "nurlan",
        &[
            "journal",
            "reopen",
            &n,
            "--reason",
            "Пользователь сообщил о повторном сбое",
        ],
    ));
    assert_eq!(reopened, format!("{n} · Зарегистрировано\n"));
    ok(desk(
        d,
        "aliya",
        &["journal", "event", &n, "homepage_posted"],
    ));
    refused(
        &desk(
            d,
            "nurlan",
            &["journal", "reopen", &n, "--reason", "ещё раз"],
        ),
        2,
        "Событие: обращение не закрыто, открывать повторно нечего",
    );
    let show: serde_json::Value =
        serde_json::from_str(&ok(desk(d, "aliya", &["journal", "show", &n, "--json"]))).unwrap();
    let kinds: Vec<&str> = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["registered", "closed", "reopened", "homepage_posted"]
    );
    // The reopening and its reason are in the audit chain, which still holds.
    ok(desk(d, "boss", &["journal", "verify"]));
}

#[test]
fn a_link_that_would_close_a_cycle_is_refused_naming_the_field() {
    let dir = setup();
    let d = dir.path();
    let (a, b, c) = (add(d), add(d), add(d));
    ok(desk(d, "aliya", &["journal", "link", &a, "--to", &b]));
    ok(desk(d, "aliya", &["journal", "link", &b, "--to", &c]));
    refused(
        &desk(d, "aliya", &["journal", "link", &c, "--to", &a]),
        2,
        "Существующая проблема (№ инцидента): то обращение уже связано с проблемой этого обращения; связь образовала бы цикл",
    );
}

#[test]
fn two_workstations_recording_info_received_at_once_record_it_once() {
    // 002 §38: one request, one answer. Two `desk` processes answer together; whichever
    // writes second is refused, with exit 2 and the translated reason.
    let dir = setup();
    let d = dir.path();
    for _ in 0..4 {
        let n = add(d);
        ok(desk(
            d,
            "aliya",
            &["journal", "event", &n, "info_requested"],
        ));
        let barrier = std::sync::Barrier::new(2);
        let outputs: Vec<Output> = std::thread::scope(|scope| {
            let runs: Vec<_> = ["aliya", "nurlan"]
                .into_iter()
                .map(|user| {
                    let (barrier, n) = (&barrier, &n);
                    scope.spawn(move || {
                        let cli = cli(d, user);
                        barrier.wait();
                        cli.run(&["journal", "event", n, "info_received"])
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let (done, refusals): (Vec<&Output>, Vec<&Output>) =
            outputs.iter().partition(|o| o.status.success());
        assert_eq!((done.len(), refusals.len()), (1, 1), "{outputs:?}");
        refused(
            refusals[0],
            2,
            "Событие: дополнительная информация не запрашивалась",
        );
        let show: serde_json::Value =
            serde_json::from_str(&ok(desk(d, "aliya", &["journal", "show", &n, "--json"])))
                .unwrap();
        let answers = show["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "info_received")
            .count();
        assert_eq!(answers, 1);
    }
}
