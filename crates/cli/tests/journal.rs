#![allow(clippy::unwrap_used)]
//! The `desk journal` commands as a script or a supervisor would use them.

use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::stderr;
use desk_testkit::rows::add_args;

fn desk(dir: &std::path::Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .run(args)
}

fn add_form() -> Vec<&'static str> {
    add_args(
        "ТОО «Қазақ Телеком»",
        "support@example.kz",
        "Электронды цифрлық қолтаңба қабылданбайды",
    )
}

#[test]
fn add_then_list_as_json_shows_the_appeal_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        desk(dir.path(), &["setup", "--workstation", "ast1"])
            .status
            .success()
    );
    let added = desk(
        dir.path(),
        &[
            &add_form()[..],
            &["--received-at", "20.11.2026 10:15", "--json"],
        ]
        .concat(),
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let row: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let number = row["number"].as_str().unwrap().to_owned();
    assert!(
        number.starts_with("AST1-") && number.ends_with("-000001"),
        "{number}"
    );

    let list = desk(dir.path(), &["journal", "list", "--json"]);
    assert!(list.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["number"], number.as_str());
    assert_eq!(rows[0]["organisation"], "ТОО «Қазақ Телеком»");
    assert_eq!(rows[0]["received_at"], "2026-11-20T05:15:00Z");
    assert_eq!(rows[0]["received_at_astana"], "20.11.2026 10:15");
}

#[test]
fn a_bad_bin_exits_2_with_one_translated_line_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    desk(dir.path(), &["setup", "--workstation", "AST1"]);
    let mut args = add_form();
    args[5] = "971240001316";
    for (lang, expected) in [
        (
            "kk",
            "desk: БСН / ЖСН: бақылау цифры сәйкес келмейді — нөмірді тексеріңіз\n",
        ),
        (
            "ru",
            "desk: БИН / ИИН: контрольная цифра не совпадает — проверьте номер\n",
        ),
        (
            "en",
            "desk: BIN / IIN: the control digit does not match — check the number\n",
        ),
    ] {
        let out = desk(dir.path(), &[&["--lang", lang], &args[..]].concat());
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stderr(&out), expected);
    }
    let list = desk(dir.path(), &["journal", "list", "--json"]);
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "[]");
}

#[test]
fn the_saved_language_is_used_when_none_is_given() {
    let dir = tempfile::tempdir().unwrap();
    desk(
        dir.path(),
        &["setup", "--workstation", "AST1", "--language", "kk"],
    );
    let mut args = add_form();
    args[5] = "123";
    let out = desk(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "desk: БСН / ЖСН: 12 цифр болуы керек, енгізілгені 3\n"
    );
}

#[test]
fn adding_before_setup_says_how_to_set_the_workstation() {
    let dir = tempfile::tempdir().unwrap();
    let out = desk(dir.path(), &[&["--lang", "en"], &add_form()[..]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("desk setup --workstation CODE"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_prints_the_official_columns_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    desk(dir.path(), &["setup", "--workstation", "AST1"]);
    desk(dir.path(), &add_form());
    let out = desk(dir.path(), &["--lang", "ru", "journal", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("№ инцидента\tНаименование обратившейся организации\tБИН / ИИН")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .contains("ТОО «Қазақ Телеком»\t971240001315")
    );
    assert_eq!(text.lines().last(), Some("Всего: 1"));
}

#[test]
fn s1_the_portal_decides_the_rule_set_and_a_contradiction_is_refused_naming_the_field() {
    // Issue 12 item 11; 000 §1, 002 §1, 003 §1, 004 §1: each regulation governs one portal.
    let dir = tempfile::tempdir().unwrap();
    desk(dir.path(), &["setup", "--workstation", "AST1"]);
    let added = desk(
        dir.path(),
        &[
            &add_form()[..],
            &[
                "--received-at",
                "20.11.2026 10:15",
                "--portal",
                "energy_platform",
                "--json",
            ],
        ]
        .concat(),
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let row: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    assert_eq!(row["rule_set"], "ENERGY-366");

    let refused = desk(
        dir.path(),
        &[
            &["--lang", "ru"][..],
            &add_form()[..],
            &[
                "--received-at",
                "20.11.2026 10:15",
                "--portal",
                "quasi_state",
                "--rule-set",
                "ETP-CC",
            ],
        ]
        .concat(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        stderr(&refused),
        "desk: Правила: ETP-CC · контакт-центр ЭТП не применяются к порталу «Веб-портал закупок субъектов квазигосударственного сектора»\n"
    );
    let list = desk(dir.path(), &["journal", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(
        rows.as_array().unwrap().len(),
        1,
        "nothing written by the refusal"
    );
}
