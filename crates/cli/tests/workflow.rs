#![allow(clippy::unwrap_used)]
//! The contact centre's day from a terminal: roles, triage, actions, links, search,
//! the daily analysis and the audit check.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::expect_ok as ok;
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

fn add(dir: &Path, org: &str, description: &str, extra: &[&str]) -> String {
    let mut args = add_args(org, "buyer@example.kz", description);
    args.extend_from_slice(extra);
    cli(dir, "boss").add(&args)
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

#[test]
fn an_operator_cannot_triage_but_a_specialist_can() {
    let dir = setup();
    let n = add(dir.path(), "ТОО «Сапа»", "Портал недоступен", &[]);
    let refused = desk(
        dir.path(),
        "aliya",
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "high",
            "--decision",
            "x",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "desk: Роль «Оператор» не позволяет проводить анализ и принимать решения\n"
    );
    let done = ok(desk(
        dir.path(),
        "nurlan",
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "high",
            "--failure-type",
            "computer_attack",
            "--decision",
            "Перезапуск балансировщика",
        ],
    ));
    assert!(done.contains("Подтверждено"), "{done}");
    // An operator records actions.
    ok(desk(
        dir.path(),
        "aliya",
        &["journal", "event", &n, "homepage_posted"],
    ));
    let show: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        "aliya",
        &["journal", "show", &n, "--json"],
    )))
    .unwrap();
    let kinds: Vec<&str> = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["registered", "confirmed", "homepage_posted"]);
    assert_eq!(show["appeal"]["criticality"], "high");
    let history: Vec<&str> = show["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["actor"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["boss", "nurlan", "aliya"]);
}

#[test]
fn bad_actions_are_refused_with_the_field_named() {
    let dir = setup();
    let n = add(dir.path(), "А", "б", &[]);
    let o = desk(
        dir.path(),
        "aliya",
        &["journal", "event", &n, "info_received"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "desk: Событие: дополнительная информация не запрашивалась\n"
    );
    let o = desk(
        dir.path(),
        "aliya",
        &["journal", "event", "AST1-2026-999999", "fixed"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "desk: Инцидент AST1-2026-999999 не найден\n"
    );
}

#[test]
fn linked_reports_search_and_filters() {
    let dir = setup();
    let first = add(dir.path(), "ҚАЗАҚ ТЕЛЕКОМ", "Аукцион беті ашылмайды", &[]);
    let second = add(
        dir.path(),
        "ТОО «Ёлочка»",
        "Аукцион не открывается",
        &["--linked-to", &first.to_lowercase()],
    );
    let show: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        "boss",
        &["journal", "show", &second, "--json"],
    )))
    .unwrap();
    assert_eq!(show["appeal"]["linked_to"], first.as_str());

    let found = |text: &str| -> Vec<String> {
        let rows: serde_json::Value = serde_json::from_str(&ok(desk(
            dir.path(),
            "boss",
            &["journal", "list", "--json", "--search", text],
        )))
        .unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(found("қазақ"), vec![first.clone()]);
    assert_eq!(found("ЕЛОЧКА"), vec![second.clone()]);
    assert_eq!(found("аукцион").len(), 2);
    let confirmed = ok(desk(
        dir.path(),
        "boss",
        &["journal", "list", "--status", "confirmed"],
    ));
    assert!(confirmed.ends_with("Всего: 0\n"), "{confirmed}");
}

#[test]
fn the_daily_analysis_lists_the_days_appeals() {
    let dir = setup();
    let n = add(
        dir.path(),
        "ТОО «Сапа»",
        "Сбой",
        &["--received-at", "20.11.2026 10:15"],
    );
    add(
        dir.path(),
        "Другой день",
        "Сбой",
        &["--received-at", "21.11.2026 10:15"],
    );
    let report: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        "boss",
        &["report", "daily", "--date", "20.11.2026", "--json"],
    )))
    .unwrap();
    assert_eq!(report["date"], "20.11.2026");
    let numbers: Vec<&str> = report["appeals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [n.as_str()]);
    let text = ok(desk(
        dir.path(),
        "boss",
        &["report", "daily", "--date", "20.11.2026"],
    ));
    assert!(
        text.starts_with("Анализ технических сбоев за 20.11.2026 (002 §43)"),
        "{text}"
    );
}

#[test]
fn verify_reports_the_first_broken_link_of_the_audit_chain() {
    let dir = setup();
    add(dir.path(), "А", "один", &[]);
    add(dir.path(), "Б", "два", &[]);
    let intact = ok(desk(dir.path(), "boss", &["journal", "verify"]));
    assert!(intact.starts_with("Цепочка аудита цела"), "{intact}");
    {
        let c = rusqlite::Connection::open(dir.path().join("journal.sqlite3")).unwrap();
        c.execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'ghost' WHERE seq = 4;",
        )
        .unwrap();
    }
    let broken = desk(dir.path(), "boss", &["journal", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&broken.stderr)
            .starts_with("desk: Цепочка аудита нарушена на записи 4")
    );
}

#[test]
fn only_a_supervisor_corrects_and_the_correction_is_a_new_version_with_its_reason() {
    let dir = setup();
    let n = add(dir.path(), "ТОО «Опечатка»", "Сбой", &[]);
    let refused = desk(
        dir.path(),
        "nurlan",
        &[
            "journal",
            "correct",
            &n,
            "--field",
            "organisation",
            "--value",
            "ТОО «Исправлено»",
            "--reason",
            "Опечатка",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("не позволяет исправлять записи"));
    let out = ok(desk(
        dir.path(),
        "boss",
        &[
            "journal",
            "correct",
            &n,
            "--field",
            "organisation",
            "--value",
            "ТОО «Исправлено»",
            "--reason",
            "Опечатка в названии",
        ],
    ));
    assert!(out.contains("ТОО «Опечатка» → ТОО «Исправлено»"), "{out}");
    let show: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        "boss",
        &["journal", "show", &n, "--json"],
    )))
    .unwrap();
    assert_eq!(show["appeal"]["organisation"], "ТОО «Исправлено»");
    let last = show["history"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["changes"]
            .as_str()
            .unwrap()
            .contains("Опечатка в названии")
    );
    let bad = desk(
        dir.path(),
        "boss",
        &[
            "journal", "correct", &n, "--field", "bin_iin", "--value", "123", "--reason", "x",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "desk: БИН / ИИН: должно быть 12 цифр, введено 3\n"
    );
    // Searching finds the corrected name, not the old one.
    let rows: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        "boss",
        &["journal", "list", "--json", "--search", "исправлено"],
    )))
    .unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
}

#[test]
fn a_confirmed_failure_gets_its_procurement_extensions_attached() {
    // deadlines.md §4 through the journal: QUASI-1216 high, operator at fault; the outage
    // runs from the receipt to the recorded fix.
    let dir = setup();
    let n = add(
        dir.path(),
        "ТОО «Сапа»",
        "Аукцион недоступен",
        &[
            "--received-at",
            "20.11.2026 10:00",
            "--rule-set",
            "QUASI-1216",
        ],
    );
    ok(desk(
        dir.path(),
        "nurlan",
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "high",
            "--failure-type",
            "operator_unlawful_actions",
            "--decision",
            "Перезапуск",
            "--at",
            "20.11.2026 10:30",
        ],
    ));
    let before_fix = desk(
        dir.path(),
        "nurlan",
        &[
            "journal",
            "extensions",
            &n,
            "--procedure",
            "p1,acceptance_end,tender,20.11.2026 12:00",
        ],
    );
    assert_eq!(before_fix.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&before_fix.stderr).contains("сначала отметьте «Сбой устранён»")
    );
    ok(desk(
        dir.path(),
        "nurlan",
        &["journal", "event", &n, "fixed", "--at", "20.11.2026 14:00"],
    ));
    let out = ok(desk(
        dir.path(),
        "nurlan",
        &[
            "journal",
            "extensions",
            &n,
            "--procedure",
            "p1,acceptance_end,tender,20.11.2026 12:00",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // 002 §37.4: acceptance ending inside the failure moves by the outage (4 h): 16:00.
    assert_eq!(v["procedures"][0]["extended"], true);
    assert_eq!(
        v["procedures"][0]["new_deadline"],
        "2026-11-20T16:00:00+05:00"
    );
    let show: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        "nurlan",
        &["journal", "show", &n, "--json"],
    )))
    .unwrap();
    assert_eq!(
        show["extensions"]["procedures"][0]["new_deadline"], "2026-11-20T16:00:00+05:00",
        "attached to the appeal, typed"
    );
}
