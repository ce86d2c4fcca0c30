#![allow(clippy::unwrap_used)]
//! Rule-set editions in the journal (issue 13 item 6, deadlines.md §2): a rule set chosen
//! for an appeal received on a day it does not apply to is refused naming its days; an
//! appeal whose wording in force is not in the material says what it was computed on.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::expect_ok as ok;
use desk_testkit::rows::add_args;

fn cli(dir: &Path) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user("boss")
        .env("DESK_PASSWORD", "boss-secret")
        .lang("ru")
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(cli(dir.path()).run(&["setup", "--workstation", "AST1"]));
    dir
}

fn add(dir: &Path, received: &str, rules: Option<&str>) -> Output {
    let mut args = add_args("ТОО «Сапа»", "buyer@example.kz", "Портал недоступен");
    args.extend_from_slice(&["--received-at", received]);
    if let Some(r) = rules {
        args.extend_from_slice(&["--rule-set", r]);
    }
    cli(dir).run(&args)
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    err
}

#[test]
fn an_explicit_rule_set_outside_its_dates_is_refused_naming_them() {
    let dir = setup();
    // GZ-692 until 31.12.2024 (repealed by Order No. 627 from 01.01.2025).
    let err = refused(&add(dir.path(), "15.03.2026 10:00", Some("GZ-692")));
    assert!(
        err.contains("GZ-692 · "),
        "the rule set by its label: {err}"
    );
    assert!(err.contains("по 31.12.2024"), "{err}");
    // GZ-627 from 01.01.2025 (627 §4).
    let err = refused(&add(dir.path(), "30.12.2024 10:00", Some("GZ-627")));
    assert!(err.contains("с 01.01.2025"), "{err}");
    // ENERGY-366: 10 CD after a publication the material does not date, so the earliest
    // day is named as such.
    let err = refused(&add(dir.path(), "20.09.2025 10:00", Some("ENERGY-366")));
    assert!(err.contains("не ранее 27.09.2025"), "{err}");
    // Nothing was written.
    let list = ok(cli(dir.path()).run(&["journal", "list"]));
    assert!(!list.contains("AST1-"), "{list}");
    // Inside their dates, and the default by the date of receipt, are accepted.
    ok(add(dir.path(), "27.09.2025 10:00", Some("ENERGY-366")));
    ok(add(dir.path(), "31.12.2024 10:00", Some("GZ-692")));
    ok(add(dir.path(), "30.12.2024 10:00", None));
}

#[test]
fn gz_627_from_12_07_2026_warns_that_s16_s17_s32_use_the_earlier_wording() {
    let dir = setup();
    let show = |n: &str| ok(cli(dir.path()).run(&["journal", "show", n]));
    let json = |n: &str| -> serde_json::Value {
        serde_json::from_str(&ok(cli(dir.path()).run(&["journal", "show", n, "--json"]))).unwrap()
    };
    let number = |received: &str| {
        let mut args = add_args("ТОО «Сапа»", "buyer@example.kz", "Портал недоступен");
        args.extend_from_slice(&["--received-at", received, "--rule-set", "GZ-627"]);
        cli(dir.path()).add(&args)
    };
    let before = number("11.07.2026 10:00");
    let after = number("12.07.2026 10:00");
    assert_eq!(json(&before)["edition_notes"], serde_json::json!([]));
    let notes = json(&after)["edition_notes"].clone();
    assert_eq!(notes.as_array().unwrap().len(), 1, "{notes}");
    let text = show(&after);
    assert!(
        text.contains("Пункты 16, 17 и 32 Правил") && text.contains("прежней редакции"),
        "{text}"
    );
    assert!(!show(&before).contains("Пункты 16, 17 и 32"));
}
