#![allow(clippy::unwrap_used)]
//! `desk deadlines` as specified in shared/specs/deadlines.md §3: JSON in (stdin or
//! `--input FILE`), JSON out, exit 2 with one line naming the field.

use std::process::Output;

use desk_testkit::DeskCli;

fn desk(args: &[&str], stdin: &str) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .no_journal()
        .run_with_input(args, stdin)
}

/// The example of deadlines.md §3, with its elided events left out.
const EXAMPLE: &str = r#"{
  "rules": "QUASI-1216",
  "round_the_clock": false,
  "calendar": {"holidays": [], "working_days": []},
  "appeal": {"channel": "email", "received_at": "2026-03-10T13:10:00+05:00", "first_registered_at": null},
  "events": [
    {"kind": "registered", "at": "2026-03-10T14:40:00+05:00"},
    {"kind": "id_sent", "at": "2026-03-10T14:45:00+05:00"},
    {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium", "operator_fault": true}
  ]
}"#;

#[test]
fn the_spec_example_answers_every_obligation_in_order() {
    let out = desk(&["deadlines"], EXAMPLE);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 002 §29: 13:10 in lunch → 15:00, registered 14:40 (met); §30: 14:40 + 1 h; §31:
    // 14:30 + 2 h; §36.1–2: 15:30 + 1 h; §38.2: 2 WD after 10 March → 12 March 18:30.
    assert_eq!(
        v,
        serde_json::json!({"rules": "QUASI-1216", "obligations": [
            {"id": "register", "clause": "002 §29", "clock": "WT", "trigger": "2026-03-10T13:10:00+05:00", "due": "2026-03-10T15:00:00+05:00", "state": "met", "met_at": "2026-03-10T14:40:00+05:00"},
            {"id": "send_incident_id", "clause": "002 §30", "clock": "WT", "trigger": "2026-03-10T14:40:00+05:00", "due": "2026-03-10T15:40:00+05:00", "state": "met", "met_at": "2026-03-10T14:45:00+05:00"},
            {"id": "analyze", "clause": "002 §31", "clock": "WT", "trigger": "2026-03-10T13:10:00+05:00", "due": "2026-03-10T16:30:00+05:00", "state": "met", "met_at": "2026-03-10T15:30:00+05:00"},
            {"id": "post_homepage", "clause": "002 §36.1", "clock": "WT", "trigger": "2026-03-10T15:30:00+05:00", "due": "2026-03-10T16:30:00+05:00", "state": "pending", "met_at": null},
            {"id": "notify_participants", "clause": "002 §36.2", "clock": "WT", "trigger": "2026-03-10T15:30:00+05:00", "due": "2026-03-10T16:30:00+05:00", "state": "pending", "met_at": null},
            {"id": "fix", "clause": "002 §38", "clock": "WD", "trigger": "2026-03-10T14:40:00+05:00", "due": "2026-03-12T18:30:00+05:00", "state": "pending", "met_at": null}
        ]})
    );
}

#[test]
fn input_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.json");
    std::fs::write(&file, EXAMPLE).unwrap();
    let out = desk(&["deadlines", "--input", file.to_str().unwrap()], "");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"fix\""));
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let cases = [
        (
            EXAMPLE.replace("QUASI-1216", "QUASI-9999"),
            "desk: rules: неизвестный набор правил «QUASI-9999»",
        ),
        (
            EXAMPLE.replace("2026-03-10T13:10:00+05:00", "10.03.2026 13:10"),
            "desk: appeal.received_at: не удаётся прочитать время «10.03.2026 13:10»",
        ),
        (
            EXAMPLE.replace("\"id_sent\"", "\"id_lost\""),
            "desk: events[1].kind: неизвестное значение «id_lost»",
        ),
        (
            EXAMPLE.replace("2026-03-10T14:45:00+05:00", "2026-03-10T13:00:00+05:00"),
            "desk: events[1].at: событие раньше поступления обращения",
        ),
        (
            EXAMPLE.replace("\"id_sent\"", "\"info_received\""),
            "desk: events[1].kind: info_received без предшествующего info_requested",
        ),
        ("not json".to_owned(), "desk: входные данные — не JSON"),
    ];
    for (input, expected) in cases {
        let out = desk(&["deadlines"], &input);
        assert_eq!(out.status.code(), Some(2), "{expected}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(expected), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn errors_follow_the_chosen_language() {
    let bad = EXAMPLE.replace("QUASI-1216", "X");
    let kk = desk(&["--lang", "kk", "deadlines"], &bad);
    assert!(
        String::from_utf8_lossy(&kk.stderr)
            .starts_with("desk: rules: белгісіз қағидалар жинағы «X»")
    );
    let en = desk(&["--lang", "en", "deadlines"], &bad);
    assert!(String::from_utf8_lossy(&en.stderr).starts_with("desk: rules: unknown rule set “X”"));
}
