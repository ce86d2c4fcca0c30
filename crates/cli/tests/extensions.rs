#![allow(clippy::unwrap_used)]
//! `desk extensions` as specified in shared/specs/deadlines.md §4: JSON in (stdin or
//! `--input FILE`), JSON out with explanations in `--lang` (default ru), exit 2 with one
//! line naming the field.

use std::process::Output;

use desk_testkit::DeskCli;
use serde_json::{Value, json};

fn desk(args: &[&str], stdin: &str) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .no_journal()
        .run_with_input(args, stdin)
}

fn answer(args: &[&str], stdin: &str) -> Value {
    let out = desk(args, stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The example of deadlines.md §4 with its elided instants filled in: a high failure on
/// Friday 20 March 2026, 10:00–16:30 (6 h 30 min), confirmed at 10:20. 21–22 March are a
/// weekend and 23–25 March Nauryz, so the next working day is Thursday 26 March.
const EXAMPLE: &str = r#"{"rules": "QUASI-1216",
 "failure": {"criticality": "high", "started_at": "2026-03-20T10:00:00+05:00",
             "confirmed_at": "2026-03-20T10:20:00+05:00",
             "fixed_at": "2026-03-20T16:30:00+05:00", "operator_fault": true, "decryption_impossible": false},
 "procedures": [
   {"id": "p1", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-20T12:00:00+05:00"},
   {"id": "p2", "kind": "auction_trading", "deadline": "2026-03-20T11:00:00+05:00"},
   {"id": "p3", "kind": "contract_signing", "deadline": "2026-03-20T18:00:00+05:00"},
   {"id": "p4", "kind": "complaint", "deadline": "2026-03-20T15:00:00+05:00"},
   {"id": "p5", "kind": "discussion", "deadline": "2026-03-20T10:00:00+05:00"}
 ]}"#;

#[test]
fn the_spec_example_answers_every_procedure_in_input_order() {
    let v = answer(&["extensions"], EXAMPLE);
    assert_eq!(v["rules"], "QUASI-1216");
    let rows: Vec<Value> = v["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            json!([
                p["id"],
                p["extended"],
                p["new_deadline"],
                p["clause"],
                p["annul_protocol"],
                p["resubmit"]
            ])
        })
        .collect();
    assert_eq!(
        rows,
        [
            // 002 §37.4: 12:00 + 6 h 30 min.
            json!([
                "p1",
                true,
                "2026-03-20T18:30:00+05:00",
                "002 §37.4",
                false,
                false
            ]),
            // 002 §37.7: the next working day after the fix, same time of day.
            json!([
                "p2",
                true,
                "2026-03-26T11:00:00+05:00",
                "002 §37.7",
                true,
                false
            ]),
            // 18:00 is after the fix: not affected.
            json!([
                "p3",
                false,
                "2026-03-20T18:00:00+05:00",
                "002 §37.5",
                false,
                false
            ]),
            // 002 §37.6: max(1, ceil(6.5 h / 24 h)) = 1 CD.
            json!([
                "p4",
                true,
                "2026-03-21T15:00:00+05:00",
                "002 §37.6",
                false,
                false
            ]),
            // 002 §51: + 1 CD.
            json!([
                "p5",
                true,
                "2026-03-21T10:00:00+05:00",
                "002 §51",
                false,
                false
            ]),
        ]
    );
    // Russian by default, naming the clause and both instants.
    let p2 = v["procedures"][1]["explanation"].as_str().unwrap();
    for needle in [
        "002 §37.7",
        "20.03.2026 11:00",
        "26.03.2026 11:00",
        "аннулируются",
    ] {
        assert!(p2.contains(needle), "{needle}: {p2}");
    }
    // The duties of 002 §37 are listed for the journal.
    let duties: Vec<(&str, &str)> = v["duties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["clause"].as_str().unwrap()))
        .collect();
    assert_eq!(
        duties,
        [
            ("inform_authority", "002 §37.1"),
            ("post_homepage", "002 §37.3"),
            ("post_fix_notice", "002 §37.12"),
            ("report_authority", "002 §37.13"),
        ]
    );
}

#[test]
fn explanations_follow_lang_and_input_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("failure.json");
    std::fs::write(&file, EXAMPLE).unwrap();
    let path = file.to_str().unwrap();
    for (lang, word) in [
        ("kk", "ұзартылады"),
        ("ru", "продлевается"),
        ("en", "extended"),
    ] {
        let v = answer(&["--lang", lang, "extensions", "--input", path], "");
        let text = v["procedures"][0]["explanation"].as_str().unwrap();
        assert!(
            text.contains(word) && text.contains("002 §37.4"),
            "{lang}: {text}"
        );
    }
}

#[test]
fn planned_maintenance_moves_deadlines_and_flags_a_late_announcement() {
    // 002 §41: works Sat 14 March 20:00 – Sun 02:00, announced on Fri 13 March: later than
    // Thu 12 March 20:00, 48 h ahead. An acceptance ending Sat 22:00 falls on a date of the
    // works: later of Sun 04:00 and Mon 16 March 22:00 (edition 1: Sun 04:00).
    let v = answer(
        &["--lang", "en", "extensions"],
        r#"{"rules": "QUASI-1216",
            "maintenance": {"starts_at": "2026-03-14T20:00:00+05:00", "ends_at": "2026-03-15T02:00:00+05:00",
                            "announced_at": "2026-03-13T09:00:00+05:00"},
            "procedures": [{"id": "a", "kind": "acceptance_end", "method": "tender",
                            "deadline": "2026-03-14T22:00:00+05:00"}]}"#,
    );
    assert_eq!(v["maintenance"]["announced_in_time"], false);
    assert_eq!(v["maintenance"]["announce_by"], "2026-03-12T20:00:00+05:00");
    assert_eq!(
        v["procedures"][0]["new_deadline"],
        "2026-03-16T22:00:00+05:00"
    );
    assert_eq!(v["duties"][0]["id"], "announce_maintenance");
    assert!(
        v["duties"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("too late")
    );
}

/// deadlines.md §4.7: a failure on Tue 17 March 2026, 10:00–14:30.
fn failure_17(rules: &str, level: &str, decryption: bool, procedures: Value) -> String {
    json!({"rules": rules,
           "failure": {"criticality": level, "started_at": "2026-03-17T10:00:00+05:00",
                       "confirmed_at": "2026-03-17T10:40:00+05:00",
                       "fixed_at": "2026-03-17T14:30:00+05:00",
                       "decryption_impossible": decryption},
           "procedures": procedures})
    .to_string()
}

#[test]
fn new_kinds_supplement_opening_admission_results_contract_approval_move_past_planned_works() {
    // 002 §41: works Fri 27 March 20:00 → Sat 28 March 02:00; each new kind due Sat 01:00
    // → Mon 30 March 01:00 (the first working day after the works), at its time of day.
    let kinds = [
        "supplement_end",
        "opening",
        "admission",
        "results",
        "contract_approval",
    ];
    let procedures: Vec<Value> = kinds
        .iter()
        .map(|k| json!({"id": k, "kind": k, "deadline": "2026-03-28T01:00:00+05:00"}))
        .collect();
    let input = json!({"rules": "QUASI-1216",
        "maintenance": {"starts_at": "2026-03-27T20:00:00+05:00",
                        "ends_at": "2026-03-28T02:00:00+05:00",
                        "announced_at": "2026-03-25T09:00:00+05:00"},
        "procedures": procedures});
    let v = answer(&["--lang", "kk", "extensions"], &input.to_string());
    for (k, p) in kinds.iter().zip(v["procedures"].as_array().unwrap()) {
        assert_eq!(p["id"], *k);
        assert_eq!(p["new_deadline"], "2026-03-30T01:00:00+05:00", "{p}");
        assert_eq!(p["clause"], "002 §41");
        let text = p["explanation"].as_str().unwrap();
        assert!(!text.contains("ext-kind"), "{text}");
    }
    assert_eq!(v["maintenance"]["announced_in_time"], true);
}

#[test]
fn desk_control_kinds_extended_under_gz_627_s25_2_and_s26_2() {
    // 000 §25.2 medium: 12:00 + 4 h 30 min = 16:30; 000 §26.2 high: + 1 CD → Wed 12:00.
    let procedures = json!([
        {"id": "dc", "kind": "desk_control_end", "deadline": "2026-03-17T12:00:00+05:00"},
        {"id": "dn", "kind": "desk_control_notice_end", "deadline": "2026-03-17T12:00:00+05:00"}
    ]);
    for (level, clause, new) in [
        ("medium", "000 §25.2", "2026-03-17T16:30:00+05:00"),
        ("high", "000 §26.2", "2026-03-18T12:00:00+05:00"),
    ] {
        let v = answer(
            &["extensions"],
            &failure_17("GZ-627", level, false, procedures.clone()),
        );
        for p in v["procedures"].as_array().unwrap() {
            assert_eq!(p["clause"], clause, "{p}");
            assert_eq!(p["new_deadline"], new, "{p}");
        }
    }
}

#[test]
fn period_start_gives_002_s36_7_for_a_period_inside_the_failure_auctions_included() {
    // 002 §36.7: period 10:30–12:00 inside 10:00–14:30 → Wed 18 March 12:00.
    let v = answer(
        &["extensions"],
        &failure_17(
            "QUASI-1216",
            "medium",
            false,
            json!([{"id": "a", "kind": "acceptance_end", "method": "auction",
                    "deadline": "2026-03-17T12:00:00+05:00",
                    "period_start": "2026-03-17T10:30:00+05:00"}]),
        ),
    );
    assert_eq!(v["procedures"][0]["clause"], "002 §36.7");
    assert_eq!(
        v["procedures"][0]["new_deadline"],
        "2026-03-18T12:00:00+05:00"
    );
}

#[test]
fn protocol_formed_annuls_under_002_s49_and_004_s29_4() {
    // 002 §49: §36.3 gives 16:30, + 1 CD → Wed 18 March 16:30, annulled.
    let p = json!([{"id": "t", "kind": "acceptance_end", "method": "tender",
                    "deadline": "2026-03-17T12:00:00+05:00", "protocol_formed": true}]);
    let v = answer(
        &["extensions"],
        &failure_17("QUASI-1216", "medium", false, p.clone()),
    );
    assert_eq!(v["procedures"][0]["clause"], "002 §49");
    assert_eq!(
        v["procedures"][0]["new_deadline"],
        "2026-03-18T16:30:00+05:00"
    );
    assert_eq!(v["procedures"][0]["annul_protocol"], true);
    // 004 §29.4 at a low level: §29.3 moves it to Wed 18 March 12:00, protocol annulled.
    let v = answer(&["extensions"], &failure_17("ENERGY-366", "low", false, p));
    assert_eq!(v["procedures"][0]["clause"], "004 §29.3");
    assert_eq!(
        v["procedures"][0]["new_deadline"],
        "2026-03-18T12:00:00+05:00"
    );
    assert_eq!(v["procedures"][0]["annul_protocol"], true);
    assert!(
        v["procedures"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("004 §29.4")
    );
}

#[test]
fn decryption_impossible_under_gz_627_s26_10_reopens_a_closed_acceptance_from_the_fix() {
    // 000 §26.10: over Mon 16 March 18:00 → 14:30 + 1 CD = Wed 18 March 14:30, resubmit;
    // a one-source acceptance is outside §26.9–10 and stays.
    let v = answer(
        &["extensions"],
        &failure_17(
            "GZ-627",
            "high",
            true,
            json!([
                {"id": "pr", "kind": "acceptance_end", "method": "price_request",
                 "deadline": "2026-03-16T18:00:00+05:00"},
                {"id": "os", "kind": "acceptance_end", "method": "one_source",
                 "deadline": "2026-03-16T18:00:00+05:00"}
            ]),
        ),
    );
    let p = &v["procedures"];
    assert_eq!(p[0]["new_deadline"], "2026-03-18T14:30:00+05:00");
    assert_eq!(p[0]["resubmit"], true);
    assert_eq!(p[1]["extended"], false);
    assert_eq!(p[1]["new_deadline"], "2026-03-16T18:00:00+05:00");
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let cases = [
        (
            EXAMPLE.replace(
                "\"fixed_at\": \"2026-03-20T16:30:00+05:00\"",
                "\"fixed_at\": \"2026-03-20T09:00:00+05:00\"",
            ),
            "desk: failure.fixed_at: устранение раньше начала сбоя",
        ),
        (
            EXAMPLE.replace("\"complaint\"", "\"appeal\""),
            "desk: procedures[3].kind: неизвестное значение «appeal»",
        ),
        (
            EXAMPLE.replace(", \"method\": \"tender\"", ""),
            "desk: procedures[0].method:",
        ),
        (
            EXAMPLE.replace("QUASI-1216", "ETP-CC"),
            "desk: rules: для «ETP-CC» нет правил продления",
        ),
        ("[]".to_owned(), "desk: input:"),
        (
            EXAMPLE.replace(
                "\"deadline\": \"2026-03-20T12:00:00+05:00\"",
                "\"deadline\": \"2026-03-20T12:00:00+05:00\", \"period_start\": \"2026-03-21T09:00:00+05:00\"",
            ),
            "desk: procedures[0].period_start:",
        ),
    ];
    for (input, expected) in cases {
        let out = desk(&["extensions"], &input);
        assert_eq!(out.status.code(), Some(2), "{expected}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(expected), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    let kk = desk(
        &["--lang", "kk", "extensions"],
        &EXAMPLE.replace("\"complaint\"", "\"appeal\""),
    );
    assert!(
        String::from_utf8_lossy(&kk.stderr).starts_with("desk: procedures[3].kind:"),
        "{}",
        String::from_utf8_lossy(&kk.stderr)
    );
}
