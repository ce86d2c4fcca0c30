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

// ---- edition 2: the spec's examples end to end ----------------------------------------

fn answer(input: &str) -> serde_json::Value {
    let out = desk(&["deadlines"], input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn get<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or(&serde_json::Value::Null)
}

/// The edition-2 example of deadlines.md §3: support-hours periods, the source, and a
/// failure type instead of `operator_fault`.
const EXAMPLE_2: &str = r#"{
  "rules": "QUASI-1216",
  "round_the_clock": false,
  "support_hours": [
    {"from": "2026-03-01T00:00:00+05:00", "to": "2026-03-08T00:00:00+05:00", "mode": "round_the_clock"},
    {"from": "2026-04-01T00:00:00+05:00", "to": "2026-05-01T00:00:00+05:00", "mode": "extended", "open": "08:00", "close": "21:00"}
  ],
  "calendar": {"holidays": [], "working_days": []},
  "appeal": {"channel": "email", "source": "user_appeal", "received_at": "2026-03-10T13:10:00+05:00", "first_registered_at": null},
  "events": [
    {"kind": "registered", "at": "2026-03-10T14:40:00+05:00"},
    {"kind": "id_sent", "at": "2026-03-10T14:45:00+05:00"},
    {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium", "failure_type": "operator_insufficient_security"}
  ]
}"#;

#[test]
fn the_edition_2_example_with_a_failure_type_answers_as_edition_1_did_with_the_flag() {
    // Neither period covers 10 March, so the rule set's hours apply; the type is one of
    // the operator's (002 §26), so the fix is owed: the same answer as the flag gave.
    assert_eq!(answer(EXAMPLE_2), answer(EXAMPLE));
}

#[test]
fn example_a_sunday_23_59_and_monday_00_01_get_the_same_dues() {
    // deadlines.md §3.10 A, GZ-627: analysis 1 WD after the anchor day Mon 16.03.
    for received in ["2026-03-15T23:59:00+05:00", "2026-03-16T00:01:00+05:00"] {
        let input = format!(
            r#"{{"rules": "GZ-627", "appeal": {{"channel": "email", "received_at": "{received}"}},
                "events": [{{"kind": "registered", "at": "2026-03-16T09:20:00+05:00"}}]}}"#
        );
        let v = answer(&input);
        assert_eq!(get(&v, "analyze")["due"], "2026-03-17T18:30:00+05:00");
        assert_eq!(get(&v, "register")["due"], "2026-03-16T18:30:00+05:00");
    }
}

#[test]
fn example_b_a_high_failure_in_the_evening_runs_in_calendar_time() {
    // deadlines.md §3.10 B: home page 18:50, authority 18:35 (informed 18:30: met), fix
    // 17:10 + 12 h = Tue 05:10.
    let v = answer(
        r#"{"rules": "QUASI-1216", "appeal": {"channel": "email", "received_at": "2026-03-16T17:00:00+05:00"},
            "events": [
              {"kind": "registered", "at": "2026-03-16T17:10:00+05:00"},
              {"kind": "confirmed", "at": "2026-03-16T18:20:00+05:00", "criticality": "high", "failure_type": "operator_insufficient_security"},
              {"kind": "authority_informed", "at": "2026-03-16T18:30:00+05:00"}]}"#,
    );
    assert_eq!(get(&v, "post_homepage")["due"], "2026-03-16T18:50:00+05:00");
    assert_eq!(
        (
            &get(&v, "inform_authority")["due"],
            &get(&v, "inform_authority")["state"]
        ),
        (
            &serde_json::json!("2026-03-16T18:35:00+05:00"),
            &serde_json::json!("met")
        )
    );
    assert_eq!(get(&v, "fix")["due"], "2026-03-17T05:10:00+05:00");
}

#[test]
fn example_c_an_open_request_pauses_the_fix() {
    // deadlines.md §3.10 C: 900 working minutes left when the request was made.
    let v = answer(
        r#"{"rules": "QUASI-1216", "appeal": {"channel": "email", "received_at": "2026-03-16T09:10:00+05:00"},
            "events": [
              {"kind": "registered", "at": "2026-03-16T09:20:00+05:00"},
              {"kind": "confirmed", "at": "2026-03-16T11:00:00+05:00", "criticality": "medium", "failure_type": "operator_unlawful_actions"},
              {"kind": "info_requested", "at": "2026-03-17T10:00:00+05:00"}]}"#,
    );
    assert_eq!(
        get(&v, "fix"),
        &serde_json::json!({"id": "fix", "clause": "002 §38", "clock": "WD",
            "trigger": "2026-03-16T09:20:00+05:00", "due": null, "state": "paused",
            "met_at": null, "remaining_minutes": 900})
    );
}

#[test]
fn the_reclassification_example_lists_rounds_and_supersedes() {
    // deadlines.md §3.8: medium at 11:00, home page posted 11:30, high at 11:45.
    let v = answer(
        r#"{"rules": "QUASI-1216", "appeal": {"channel": "email", "received_at": "2026-03-16T09:10:00+05:00"},
            "events": [
              {"kind": "registered", "at": "2026-03-16T09:20:00+05:00"},
              {"kind": "confirmed", "at": "2026-03-16T11:00:00+05:00", "criticality": "medium", "failure_type": "operator_insufficient_security"},
              {"kind": "homepage_posted", "at": "2026-03-16T11:30:00+05:00"},
              {"kind": "reclassified", "at": "2026-03-16T11:45:00+05:00", "criticality": "high"}]}"#,
    );
    let rows: Vec<String> = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{} {} {} {}", o["id"], o["round"], o["due"], o["state"]))
        .collect();
    assert_eq!(
        rows[3..],
        [
            r#""post_homepage" 1 "2026-03-16T12:00:00+05:00" "met""#,
            r#""post_homepage" 2 "2026-03-16T12:15:00+05:00" "pending""#,
            r#""notify_participants" 1 "2026-03-16T12:00:00+05:00" "superseded""#,
            r#""inform_authority" 2 "2026-03-16T12:00:00+05:00" "pending""#,
            r#""fix" 2 "2026-03-16T21:20:00+05:00" "pending""#,
        ]
    );
}

#[test]
fn a_monitoring_found_failure_gets_no_user_notices() {
    let v = answer(&EXAMPLE_2.replace(
        r#""channel": "email", "source": "user_appeal""#,
        r#""channel": "tool", "source": "monitoring_tool""#,
    ));
    let ids: Vec<&str> = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "register",
            "analyze",
            "post_homepage",
            "notify_participants",
            "fix"
        ]
    );
}

#[test]
fn an_operator_fault_contradicting_the_type_exits_2_naming_the_field() {
    let bad = EXAMPLE_2.replace(
        r#""failure_type": "operator_insufficient_security""#,
        r#""failure_type": "computer_attack", "operator_fault": true"#,
    );
    let out = desk(&["deadlines"], &bad);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("desk: events[2].operator_fault: противоречит типу сбоя"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(out.stdout.is_empty());
}
