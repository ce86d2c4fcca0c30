#![allow(clippy::unwrap_used)]
//! `desk settings maintenance` (issue 13 item 2; 002 §40–41, 000 §30–31): a supervisor
//! records planned works; the journal keeps them audited and answers with the 2-CD notice
//! check, the deadlines they move by date and the home-page notice in Kazakh and Russian.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::expect_ok as ok;
use serde_json::Value;

fn cli(dir: &Path, user: &str) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user(user)
        .env("DESK_PASSWORD", &format!("{user}-secret"))
        .lang("ru")
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(cli(dir.path(), "boss").run(&["setup", "--workstation", "AST1"]));
    ok(cli(dir.path(), "boss").run(&["users", "set", "aliya", "operator"]));
    ok(cli(dir.path(), "boss")
        .env("DESK_NEW_PASSWORD", "aliya-secret")
        .run(&["users", "set-password", "aliya"]));
    dir
}

/// Works Fri 27.03.2026 20:00 → Sat 28.03 02:00 under QUASI-1216, announced Thu 26.03 09:00.
fn add(dir: &Path, user: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "settings",
        "maintenance",
        "add",
        "--rule-set",
        "QUASI-1216",
        "--from",
        "27.03.2026 20:00",
        "--to",
        "28.03.2026 02:00",
        "--announced-at",
        "26.03.2026 09:00",
        "--order",
        "План работ на I квартал 2026 г., согласован письмом № 12-3/456",
    ];
    args.extend_from_slice(extra);
    cli(dir, user).run(&args)
}

#[test]
fn s41_recorded_works_move_deadlines_by_date_and_flag_a_late_notice() {
    let dir = setup();
    let text = ok(add(
        dir.path(),
        "boss",
        &[
            "--procedure",
            "T-7,acceptance_end,tender,27.03.2026 19:59",
            "--procedure",
            "S-2,contract_signing,,26.03.2026 18:00",
        ],
    ));
    // 002 §41: the notice was due 48 h before the works, Wed 25.03 20:00 — late.
    assert!(text.contains("25.03.2026 20:00"), "{text}");
    assert!(text.contains("ru: Уважаемые пользователи!"), "{text}");
    assert!(text.contains("kk: Құрметті пайдаланушылар!"), "{text}");
    let list: Value = serde_json::from_str(&ok(cli(dir.path(), "boss").run(&[
        "settings",
        "maintenance",
        "list",
        "--json",
    ])))
    .unwrap();
    let w = &list[0];
    assert_eq!(w["recorded_by"], "boss");
    assert_eq!(w["answer"]["maintenance"]["announced_in_time"], false);
    // By date: the acceptance at 19:59, before the works at 20:00, falls on their date and
    // moves to the first working day after them at its own time; the signing the day
    // before stays.
    let p = &w["answer"]["procedures"];
    assert_eq!(p[0]["new_deadline"], "2026-03-30T19:59:00+05:00");
    assert_eq!(p[0]["clause"], "002 §41");
    assert_eq!(p[1]["extended"], false);
    let ru = w["answer"]["maintenance"]["announcement"]["ru"]
        .as_str()
        .unwrap();
    assert!(ru.contains("27.03.2026 19:59 → 30.03.2026 19:59"), "{ru}");
    // Kept in the journal's audit trail: the chain still verifies.
    ok(cli(dir.path(), "boss").run(&["journal", "verify"]));
}

#[test]
fn bad_works_are_refused_naming_the_field_and_operators_may_not_record_them() {
    let dir = setup();
    let refused = |out: Output, code: i32, expected: &str| {
        assert_eq!(out.status.code(), Some(code), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains(expected), "{err}");
    };
    // The works end before they start.
    let mut args = vec![
        "settings",
        "maintenance",
        "add",
        "--rule-set",
        "GZ-627",
        "--from",
        "28.03.2026 02:00",
        "--to",
        "27.03.2026 20:00",
        "--order",
        "Приказ № 15",
    ];
    refused(cli(dir.path(), "boss").run(&args), 2, "Окончание работ");
    // ENERGY-366 has no maintenance clause.
    args[4] = "ENERGY-366";
    args[6] = "27.03.2026 20:00";
    args[8] = "28.03.2026 02:00";
    refused(
        cli(dir.path(), "boss").run(&args),
        2,
        "Правила, по которым проводятся работы",
    );
    // Only a supervisor changes settings.
    let out = add(dir.path(), "aliya", &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let none = ok(cli(dir.path(), "boss").run(&["settings", "maintenance", "list"]));
    assert!(none.contains("не записаны"), "{none}");
}
