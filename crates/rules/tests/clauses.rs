#![allow(clippy::unwrap_used)]
//! One test per clause of the deadlines table (docs/contracts/deadlines.md §3), named after
//! it, with the expected instants worked out by hand in the comments.
//! Calendar used: March 2026 — Tue 10, Wed 11, Thu 12, Fri 13 working; 21–25 March off.

use desk_rules::{InputError, Problem, deadlines_command};
use serde_json::{Value, json};

fn run(input: Value) -> Value {
    serde_json::from_str(&deadlines_command(&input.to_string()).unwrap()).unwrap()
}

fn scenario(rules: &str, received: &str, events: Value) -> Value {
    json!({"rules": rules, "appeal": {"channel": "email", "received_at": received, "first_registered_at": null}, "events": events})
}

fn ob(out: &Value, id: &str) -> Value {
    out["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

fn due(out: &Value, id: &str) -> String {
    ob(out, id)["due"]
        .as_str()
        .unwrap_or("not listed")
        .to_owned()
}

fn ids(out: &Value) -> Vec<String> {
    out["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

fn err(input: Value) -> InputError {
    deadlines_command(&input.to_string()).unwrap_err()
}

const REGISTERED: &str = "2026-03-10T14:40:00+05:00";

fn confirmed(level: &str, fault: bool) -> Value {
    json!([
        {"kind": "registered", "at": REGISTERED},
        {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": level, "operator_fault": fault}
    ])
}

// ---- QUASI-1216 (002), 09:00–18:30, lunch 13:00–14:30 ------------------------------

#[test]
fn quasi_1216_s29_lunch_receipt_registered_within_30_min_after_lunch() {
    // 002 §29: e-mail at 13:10 (lunch) → counting starts 14:30 → due 15:00.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        json!([{"kind": "registered", "at": REGISTERED}]),
    ));
    assert_eq!(
        ob(&out, "register"),
        json!({"id": "register", "clause": "002 §29", "clock": "WT",
        "trigger": "2026-03-10T13:10:00+05:00", "due": "2026-03-10T15:00:00+05:00", "state": "met", "met_at": REGISTERED})
    );
}

#[test]
fn quasi_1216_s29_out_of_hours_receipt_registered_next_working_day() {
    // 002 §29: e-mail at 19:00 → next working day 09:00 + 30 min.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T19:00:00+05:00",
        json!([]),
    ));
    assert_eq!(due(&out, "register"), "2026-03-11T09:30:00+05:00");
    assert_eq!(ob(&out, "register")["state"], "pending");
    assert_eq!(ob(&out, "register")["met_at"], Value::Null);
}

#[test]
fn quasi_1216_s30_incident_id_within_1_hour_of_registration() {
    // 002 §30: registered 14:40 → due 15:40; sent 14:45 → met.
    let events = json!([{"kind": "registered", "at": REGISTERED}, {"kind": "id_sent", "at": "2026-03-10T14:45:00+05:00"}]);
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "send_incident_id"), "2026-03-10T15:40:00+05:00");
    assert_eq!(ob(&out, "send_incident_id")["state"], "met");
    assert_eq!(ob(&out, "send_incident_id")["trigger"], REGISTERED);
}

#[test]
fn quasi_1216_s31_analysis_within_2_working_hours_of_receipt() {
    // 002 §31: receipt 13:10 → 14:30 + 2 h = 16:30; confirmed 15:30 → met.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("medium", true),
    ));
    assert_eq!(due(&out, "analyze"), "2026-03-10T16:30:00+05:00");
    assert_eq!(ob(&out, "analyze")["state"], "met");
}

#[test]
fn quasi_1216_s32_refutation_notified_within_30_min() {
    // 002 §32: refuted 16:00 → due 16:30; notified 16:45 → late.
    let events = json!([{"kind": "registered", "at": REGISTERED}, {"kind": "refuted", "at": "2026-03-10T16:00:00+05:00"},
        {"kind": "refutation_notified", "at": "2026-03-10T16:45:00+05:00"}]);
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "notify_refutation"), "2026-03-10T16:30:00+05:00");
    assert_eq!(ob(&out, "notify_refutation")["state"], "late");
}

#[test]
fn quasi_1216_s35_1_low_level_notified_within_30_min_carrying_over_the_evening() {
    // 002 §35.1: confirmed low at 18:20 → 10 min today + 20 min → next WD 09:20.
    let events = json!([{"kind": "registered", "at": REGISTERED},
        {"kind": "confirmed", "at": "2026-03-10T18:20:00+05:00", "criticality": "low", "operator_fault": false}]);
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "notify_criticality"), "2026-03-11T09:20:00+05:00");
    assert_eq!(due(&out, "post_homepage"), "not listed");
}

#[test]
fn quasi_1216_s36_1_and_s36_2_medium_home_page_and_suppliers_within_1_hour() {
    // 002 §36.1–2: confirmed medium 15:30 → both due 16:30.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("medium", true),
    ));
    assert_eq!(due(&out, "post_homepage"), "2026-03-10T16:30:00+05:00");
    assert_eq!(ob(&out, "post_homepage")["clause"], "002 §36.1");
    assert_eq!(
        due(&out, "notify_participants"),
        "2026-03-10T16:30:00+05:00"
    );
    assert_eq!(due(&out, "inform_authority"), "not listed");
}

#[test]
fn quasi_1216_s37_1_and_s37_3_high_authority_immediately_home_page_within_30_min_ct() {
    // 002 §37.1: immediately = 15 min CT → 15:45; §37.3: 15:30 + 30 min CT = 16:00
    // (deadlines.md §2–3, ed. 2: a high failure's duties run in calendar time).
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("high", true),
    ));
    assert_eq!(ob(&out, "inform_authority")["clock"], "CT");
    assert_eq!(due(&out, "inform_authority"), "2026-03-10T15:45:00+05:00");
    assert_eq!(due(&out, "post_homepage"), "2026-03-10T16:00:00+05:00");
    assert_eq!(ob(&out, "post_homepage")["clock"], "CT");
    assert_eq!(ob(&out, "post_homepage")["clause"], "002 §37.3");
    assert_eq!(due(&out, "notify_participants"), "not listed");
}

#[test]
fn quasi_1216_s37_13_written_report_within_1_working_day_of_the_fix() {
    // 002 §37.13: fixed Thu 12 March 17:00 → closing of Fri 13 March.
    let mut events = confirmed("high", true);
    events
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "fixed", "at": "2026-03-12T17:00:00+05:00"}));
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "report_authority"), "2026-03-13T18:30:00+05:00");
    assert_eq!(ob(&out, "report_authority")["clock"], "WD");
}

#[test]
fn quasi_1216_s38_1_low_fixed_within_5_working_days_not_counting_the_day() {
    // 002 §38.1: registered Tue 10 March → 11, 12, 13, 16, 17 → Tue 17 March 18:30.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("low", true),
    ));
    assert_eq!(due(&out, "fix"), "2026-03-17T18:30:00+05:00");
    assert_eq!(ob(&out, "fix")["trigger"], REGISTERED);
}

#[test]
fn quasi_1216_s38_2_medium_fixed_within_2_working_days() {
    // 002 §38.2: → Thu 12 March 18:30.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("medium", true),
    ));
    assert_eq!(due(&out, "fix"), "2026-03-12T18:30:00+05:00");
}

#[test]
fn quasi_1216_s38_3_high_fixed_within_12_calendar_hours_if_the_operator_is_at_fault() {
    // 002 §38.3: 14:40 + 12 h = 02:40 next day, calendar time.
    let out = run(scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("high", true),
    ));
    assert_eq!(due(&out, "fix"), "2026-03-11T02:40:00+05:00");
    assert_eq!(ob(&out, "fix")["clock"], "CT");
}

#[test]
fn quasi_1216_s38_no_fix_deadline_when_the_operator_is_not_at_fault() {
    // 002 §38, last paragraph: the deadlines do not apply to failures independent of the operator.
    for level in ["low", "medium", "high"] {
        let out = run(scenario(
            "QUASI-1216",
            "2026-03-10T13:10:00+05:00",
            confirmed(level, false),
        ));
        assert_eq!(due(&out, "fix"), "not listed", "{level}");
    }
}

#[test]
fn quasi_1216_s38_linked_appeal_fix_runs_from_the_first_registration() {
    // 002 §38: the problem was first registered Fri 6 March 10:00 (in working time, so
    // Friday is the anchor day) → 2 WD, Mon 9 March being a day off → Tue 10, Wed 11
    // March 18:30, while this appeal's own answers still count from its own receipt.
    let mut input = scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        confirmed("medium", true),
    );
    input["appeal"]["first_registered_at"] = json!("2026-03-06T10:00:00+05:00");
    let out = run(input);
    assert_eq!(due(&out, "fix"), "2026-03-11T18:30:00+05:00");
    assert_eq!(due(&out, "analyze"), "2026-03-10T16:30:00+05:00");
}

#[test]
fn quasi_1216_s38_waiting_for_information_extends_a_working_day_fix_by_working_time() {
    // 002 §38: medium due Thu 12 March 18:30; information awaited Wed 10:00–12:00 = 2
    // working hours → 18:30 + 2 h → Fri 13 March 11:00.
    let mut events = confirmed("medium", true);
    let a = events.as_array_mut().unwrap();
    a.push(json!({"kind": "info_requested", "at": "2026-03-11T10:00:00+05:00"}));
    a.push(json!({"kind": "info_received", "at": "2026-03-11T12:00:00+05:00"}));
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "fix"), "2026-03-13T11:00:00+05:00");
}

#[test]
fn quasi_1216_s38_waiting_for_information_extends_a_calendar_fix_by_calendar_time() {
    // 002 §38: high due 02:40; information awaited 15:00–16:00 → 03:40.
    let mut events = confirmed("high", true);
    let a = events.as_array_mut().unwrap();
    a.push(json!({"kind": "info_requested", "at": "2026-03-10T15:00:00+05:00"}));
    a.push(json!({"kind": "info_received", "at": "2026-03-10T16:00:00+05:00"}));
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "fix"), "2026-03-11T03:40:00+05:00");
}

#[test]
fn quasi_1216_s38_an_open_request_pauses_the_fix_with_the_minutes_left() {
    // 002 §38, last paragraph (deadlines.md §3.9, ed. 2): high, registered 14:40 → due
    // 02:40 (12 h CT); information requested 15:00 → paused, 11 h 40 min = 700 min left.
    let mut events = confirmed("high", true);
    events
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "info_requested", "at": "2026-03-10T15:00:00+05:00"}));
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(
        ob(&out, "fix"),
        json!({"id": "fix", "clause": "002 §38", "clock": "CT", "trigger": REGISTERED,
               "due": null, "state": "paused", "met_at": null, "remaining_minutes": 700})
    );
}

#[test]
fn quasi_1216_s38_a_request_still_open_at_the_fix_ends_with_the_fix() {
    // 002 §38: medium, due Thu 12.03 18:30; requested Wed 11.03 10:00, never answered,
    // fixed Fri 13.03 10:00. The pause runs to the fix: Wed 10:00–13:00 + 14:30–18:30,
    // all of Thu, Fri 09:00–10:00 = 420 + 480 + 60 = 960 working min → Thu 18:30 + 960
    // = all of Fri (480) and all of Mon 16.03 (480) → Mon 16.03 18:30. Fixed Fri 10:00 →
    // met.
    let mut events = confirmed("medium", true);
    let a = events.as_array_mut().unwrap();
    a.push(json!({"kind": "info_requested", "at": "2026-03-11T10:00:00+05:00"}));
    a.push(json!({"kind": "fixed", "at": "2026-03-13T10:00:00+05:00"}));
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "fix"), "2026-03-16T18:30:00+05:00");
    assert_eq!(ob(&out, "fix")["state"], "met");
}

#[test]
fn quasi_1216_obligations_come_in_the_order_of_the_table() {
    let mut events = confirmed("high", true);
    events
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "fixed", "at": "2026-03-10T20:00:00+05:00"}));
    let out = run(scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(out["rules"], "QUASI-1216");
    assert_eq!(
        ids(&out),
        [
            "register",
            "send_incident_id",
            "analyze",
            "post_homepage",
            "inform_authority",
            "report_authority",
            "fix"
        ]
    );
}

// ---- GZ-627 (000), 09:00–18:30, lunch 13:00–14:30 -----------------------------------

#[test]
fn gz_627_s16_registered_by_the_end_of_the_working_day_covering_the_receipt() {
    // 000 §16: 10:00 → the same day's closing; 19:10 → the next working day's closing.
    assert_eq!(
        due(
            &run(scenario("GZ-627", "2026-03-10T10:00:00+05:00", json!([]))),
            "register"
        ),
        "2026-03-10T18:30:00+05:00"
    );
    let late = run(scenario("GZ-627", "2026-03-10T19:10:00+05:00", json!([])));
    assert_eq!(due(&late, "register"), "2026-03-11T18:30:00+05:00");
    assert_eq!(ob(&late, "register")["clause"], "000 §16");
    assert_eq!(ob(&late, "register")["clock"], "WT");
}

#[test]
fn gz_627_s17_incident_id_within_1_hour() {
    let out = run(scenario(
        "GZ-627",
        "2026-03-10T13:10:00+05:00",
        json!([{"kind": "registered", "at": REGISTERED}]),
    ));
    assert_eq!(due(&out, "send_incident_id"), "2026-03-10T15:40:00+05:00");
    assert_eq!(ob(&out, "send_incident_id")["clause"], "000 §17");
}

#[test]
fn gz_627_s19_analysis_within_1_working_day() {
    // 000 §19: received Tue 10:00 → closing of Wed 11 March.
    let out = run(scenario("GZ-627", "2026-03-10T10:00:00+05:00", json!([])));
    assert_eq!(due(&out, "analyze"), "2026-03-11T18:30:00+05:00");
}

#[test]
fn gz_627_s21_refutation_notified_within_2_working_hours() {
    // 000 §21: refuted 17:00 → 1 h 30 min today + 30 min → Wed 09:30.
    let events = json!([{"kind": "registered", "at": REGISTERED}, {"kind": "refuted", "at": "2026-03-10T17:00:00+05:00"}]);
    assert_eq!(
        due(
            &run(scenario("GZ-627", "2026-03-10T13:10:00+05:00", events)),
            "notify_refutation"
        ),
        "2026-03-11T09:30:00+05:00"
    );
}

#[test]
fn gz_627_s26_1_s26_3_s26_13_high_authority_immediately_home_page_1_h_ct_and_report() {
    // 000 §26.1 immediately = 15 min CT → 15:45; §26.3 within 1 h CT → 16:30 (ed. 2:
    // calendar time); §26.13 1 WD after the fix (Wed 11.03 09:00, in working time) →
    // Thu 12.03 18:30.
    let mut events = confirmed("high", true);
    events
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "fixed", "at": "2026-03-11T09:00:00+05:00"}));
    let out = run(scenario("GZ-627", "2026-03-10T13:10:00+05:00", events));
    assert_eq!(due(&out, "inform_authority"), "2026-03-10T15:45:00+05:00");
    assert_eq!(due(&out, "post_homepage"), "2026-03-10T16:30:00+05:00");
    assert_eq!(ob(&out, "post_homepage")["clock"], "CT");
    assert_eq!(due(&out, "report_authority"), "2026-03-12T18:30:00+05:00");
    // GZ-627 sets no fix deadline of its own (deadlines.md §3).
    assert_eq!(due(&out, "fix"), "not listed");
}

// ---- GZ-692 (001), 09:00–19:00 ------------------------------------------------------

#[test]
fn gz_692_s7_and_s9_register_30_min_analyse_2_hours_without_lunch() {
    // 001 §7, §9: no lunch break in 001 → 13:10 + 30 min = 13:40, + 2 h = 15:10.
    let out = run(scenario("GZ-692", "2024-06-10T13:10:00+05:00", json!([])));
    assert_eq!(due(&out, "register"), "2024-06-10T13:40:00+05:00");
    assert_eq!(due(&out, "analyze"), "2024-06-10T15:10:00+05:00");
    assert_eq!(ids(&out), ["register", "analyze"]);
}

#[test]
fn gz_692_s7_across_the_2024_time_zone_change() {
    // 001 §7: Thu 29 Feb 2024 18:50 (UTC+6) → 10 min to 19:00, 20 min on Fri 1 March,
    // now UTC+5 → 09:20+05:00.
    let out = run(scenario("GZ-692", "2024-02-29T18:50:00+06:00", json!([])));
    assert_eq!(ob(&out, "register")["trigger"], "2024-02-29T18:50:00+06:00");
    assert_eq!(due(&out, "register"), "2024-03-01T09:20:00+05:00");
}

// ---- ETP-CC (003 App. 4), 09:00–20:00 -----------------------------------------------

#[test]
fn etp_cc_1_3_1_4_1_5_register_15_min_id_2_hours_decision_3_working_days() {
    // 1.3: 19:50 → 10 min today + 5 min → 09:05; 1.4: registered 09:05 → 11:05;
    // 1.5: Tue 10 March → 11, 12, 13 → Fri 13 March 20:00.
    let events = json!([{"kind": "registered", "at": "2026-03-11T09:05:00+05:00"}]);
    let out = run(scenario("ETP-CC", "2026-03-10T19:50:00+05:00", events));
    assert_eq!(due(&out, "register"), "2026-03-11T09:05:00+05:00");
    assert_eq!(ob(&out, "register")["state"], "met");
    assert_eq!(due(&out, "send_incident_id"), "2026-03-11T11:05:00+05:00");
    assert_eq!(due(&out, "analyze"), "2026-03-13T20:00:00+05:00");
}

#[test]
fn etp_cc_1_5_the_decision_extended_with_notice_by_at_most_15_calendar_days() {
    // 003 App. 4 §1.5: received Tue 10 March 19:50, decision due Fri 13 March 20:00;
    // extended on Thu 12 March to Fri 20 March 20:00 (7 CD later): the new due.
    let extend = |until: &str| {
        json!([{"kind": "registered", "at": "2026-03-11T09:05:00+05:00"},
               {"kind": "decision_extended", "at": "2026-03-12T10:00:00+05:00", "until": until}])
    };
    let out = run(scenario(
        "ETP-CC",
        "2026-03-10T19:50:00+05:00",
        extend("2026-03-20T20:00:00+05:00"),
    ));
    assert_eq!(due(&out, "analyze"), "2026-03-20T20:00:00+05:00");
    // Never more than 15 CD after the original due (28 March 20:00), never earlier.
    let out = run(scenario(
        "ETP-CC",
        "2026-03-10T19:50:00+05:00",
        extend("2026-04-30T20:00:00+05:00"),
    ));
    assert_eq!(due(&out, "analyze"), "2026-03-28T20:00:00+05:00");
    let out = run(scenario(
        "ETP-CC",
        "2026-03-10T19:50:00+05:00",
        extend("2026-03-12T12:00:00+05:00"),
    ));
    assert_eq!(due(&out, "analyze"), "2026-03-13T20:00:00+05:00");
    // Another rule set's decision is not extended this way.
    let err = deadlines_command(
        &scenario(
            "QUASI-1216",
            "2026-03-10T10:00:00+05:00",
            extend("2026-03-20T20:00:00+05:00"),
        )
        .to_string(),
    )
    .unwrap_err();
    assert_eq!(err.field, "events[1].kind");
}

#[test]
fn energy_366_has_no_contact_centre_deadlines() {
    assert_eq!(
        ids(&run(scenario(
            "ENERGY-366",
            "2026-03-10T10:00:00+05:00",
            confirmed("high", true)
        ))),
        Vec::<String>::new()
    );
}

// ---- calendar edges, overrides and 24/7 ---------------------------------------------

#[test]
fn holidays_carry_the_clock_over_nauryz() {
    // 002 §29 on Fri 20 March 2026 18:20: 21–25 March are off → Thu 26 March 09:20.
    assert_eq!(
        due(
            &run(scenario(
                "QUASI-1216",
                "2026-03-20T18:20:00+05:00",
                json!([])
            )),
            "register"
        ),
        "2026-03-26T09:20:00+05:00"
    );
}

#[test]
fn calendar_overrides_from_the_input_apply() {
    // A holiday declared on Wed 11 March moves 18:20 + 30 min to Thu 12 March 09:20; a
    // working Saturday 14 March counts.
    let mut input = scenario("QUASI-1216", "2026-03-10T18:20:00+05:00", json!([]));
    input["calendar"] = json!({"holidays": ["2026-03-11"], "working_days": []});
    assert_eq!(due(&run(input), "register"), "2026-03-12T09:20:00+05:00");
    let mut input = scenario("QUASI-1216", "2026-03-13T18:20:00+05:00", json!([]));
    input["calendar"] = json!({"holidays": [], "working_days": ["2026-03-14"]});
    assert_eq!(due(&run(input), "register"), "2026-03-14T09:20:00+05:00");
}

#[test]
fn round_the_clock_mode_counts_calendar_time() {
    let mut input = scenario("QUASI-1216", "2026-03-10T23:50:00+05:00", json!([]));
    input["round_the_clock"] = json!(true);
    assert_eq!(due(&run(input), "register"), "2026-03-11T00:20:00+05:00");
}

#[test]
fn input_instants_may_carry_any_offset() {
    let out = run(scenario("QUASI-1216", "2026-03-10T08:10:00Z", json!([])));
    assert_eq!(ob(&out, "register")["trigger"], "2026-03-10T13:10:00+05:00");
}

// ---- bad input ------------------------------------------------------------------------

#[test]
fn bad_input_names_the_field() {
    let ok = scenario("QUASI-1216", "2026-03-10T13:10:00+05:00", json!([]));
    let mut x = ok.clone();
    x["rules"] = json!("GZ-999");
    assert_eq!(
        err(x),
        InputError::new("rules", Problem::UnknownRuleSet("GZ-999".into()))
    );
    let mut x = ok.clone();
    x["appeal"]["received_at"] = json!("10.03.2026 13:10");
    assert_eq!(err(x).field, "appeal.received_at");
    let x = scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        json!([{"kind": "registered", "at": "2026-03-10T13:00:00+05:00"}]),
    );
    assert_eq!(err(x), InputError::event(0, "at", Problem::BeforeReceipt));
    let x = scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        json!([{"kind": "teleported", "at": REGISTERED}]),
    );
    assert_eq!(
        err(x),
        InputError::new("events[0].kind", Problem::UnknownValue("teleported".into()))
    );
    let x = scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        json!([{"kind": "registered", "at": REGISTERED}, {"kind": "info_received", "at": REGISTERED}]),
    );
    assert_eq!(
        err(x),
        InputError::event(1, "kind", Problem::InfoWithoutRequest)
    );
    let x = scenario(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        json!([{"kind": "confirmed", "at": REGISTERED}]),
    );
    assert_eq!(err(x).field, "events[0].criticality");
    assert_eq!(deadlines_command("{").unwrap_err().field, "input");
}

#[test]
fn error_messages_are_translated_and_name_the_field() {
    let e = InputError::event(2, "at", Problem::BeforeReceipt);
    assert_eq!(
        e.message(desk_i18n::Lang::Ru),
        "events[2].at: событие раньше поступления обращения"
    );
    assert_eq!(
        e.message(desk_i18n::Lang::Kk),
        "events[2].at: оқиға өтініш түскеннен ерте"
    );
    assert_eq!(
        e.message(desk_i18n::Lang::En),
        "events[2].at: the event is earlier than the receipt of the appeal"
    );
}

// ---- edition 2 (deadlines.md, December 2026) -----------------------------------------
// March 2026: Sun 15, Mon 16, Tue 17, Wed 18, Thu 19, Fri 20; 21–25 March off.

fn user_appeal(rules: &str, received: &str, events: Value) -> Value {
    json!({"rules": rules,
           "appeal": {"channel": "email", "source": "user_appeal", "received_at": received},
           "events": events})
}

#[test]
fn wd_anchor_gz_627_s19_and_etp_cc_1_5_sunday_23_59_and_monday_00_01_get_the_same_due() {
    // deadlines.md §3.10 A: both reach the centre at Mon 16.03 09:00, the anchor day. 000
    // §19: 1 WD after Monday → Tue 17.03 18:30 (edition 1 gave Sunday's Mon 18:30); 003
    // App. 4 1.5: 3 WD after Monday, closing 20:00 → Thu 19.03 20:00.
    for received in ["2026-03-15T23:59:00+05:00", "2026-03-16T00:01:00+05:00"] {
        let events = json!([{"kind": "registered", "at": "2026-03-16T09:20:00+05:00"}]);
        let gz = run(user_appeal("GZ-627", received, events.clone()));
        assert_eq!(
            due(&gz, "analyze"),
            "2026-03-17T18:30:00+05:00",
            "{received}"
        );
        assert_eq!(
            due(&gz, "register"),
            "2026-03-16T18:30:00+05:00",
            "{received}"
        );
        let etp = run(user_appeal("ETP-CC", received, events.clone()));
        assert_eq!(
            due(&etp, "analyze"),
            "2026-03-19T20:00:00+05:00",
            "{received}"
        );
        // 003 App. 4 1.3: 15 min WT from 09:00 → 09:15, registered 09:20 → late.
        assert_eq!(ob(&etp, "register")["state"], "late");
        let quasi = run(user_appeal("QUASI-1216", received, events));
        assert_eq!(
            due(&quasi, "analyze"),
            "2026-03-16T11:00:00+05:00",
            "{received}"
        );
    }
}

#[test]
fn wd_anchor_s38_2_fix_from_a_registration_out_of_hours_counts_from_the_next_opening() {
    // 002 §38.2: registered Fri 20.03 19:00 (out of hours) → anchor Thu 26.03 (21–25
    // off) → 2 WD → Mon 30.03 18:30 (edition 1: from Friday, Thu 26 → Fri 27.03).
    let out = run(user_appeal(
        "QUASI-1216",
        "2026-03-20T18:50:00+05:00",
        json!([
            {"kind": "registered", "at": "2026-03-20T19:00:00+05:00"},
            {"kind": "confirmed", "at": "2026-03-20T19:30:00+05:00", "criticality": "medium",
             "failure_type": "operator_unlawful_actions"}
        ]),
    ));
    assert_eq!(due(&out, "fix"), "2026-03-30T18:30:00+05:00");
}

#[test]
fn quasi_1216_s37_1_s37_3_s38_3_high_failure_in_the_evening_runs_in_calendar_time() {
    // deadlines.md §3.10 B: received Mon 16.03 17:00, registered 17:10, confirmed high
    // 18:20, authority informed 18:30. §37.3: 18:20 + 30 min CT = 18:50 (edition 1: WT,
    // Tue 09:20); §37.1: immediately = 15 min CT → 18:35, informed 18:30 → met (edition
    // 1: 0 min → late); §38.3: 17:10 + 12 h CT → Tue 17.03 05:10.
    let out = run(user_appeal(
        "QUASI-1216",
        "2026-03-16T17:00:00+05:00",
        json!([
            {"kind": "registered", "at": "2026-03-16T17:10:00+05:00"},
            {"kind": "confirmed", "at": "2026-03-16T18:20:00+05:00", "criticality": "high",
             "failure_type": "operator_insufficient_security"},
            {"kind": "authority_informed", "at": "2026-03-16T18:30:00+05:00"}
        ]),
    ));
    assert_eq!(
        (
            due(&out, "post_homepage"),
            ob(&out, "post_homepage")["clock"].clone()
        ),
        ("2026-03-16T18:50:00+05:00".to_owned(), json!("CT"))
    );
    assert_eq!(due(&out, "inform_authority"), "2026-03-16T18:35:00+05:00");
    assert_eq!(ob(&out, "inform_authority")["state"], "met");
    assert_eq!(due(&out, "fix"), "2026-03-17T05:10:00+05:00");
}

#[test]
fn s28_support_hours_round_the_clock_period_applies_between_from_and_to() {
    // 002 §28: round-the-clock support agreed for 1–15 March 2026. Received Tue 10.03
    // 19:00 → registered within 30 min CT → 19:30. The same receipt a week later (outside
    // the period) → next opening Wed 18.03 09:00 + 30 min.
    let period = json!([{"from": "2026-03-01T00:00:00+05:00", "to": "2026-03-15T00:00:00+05:00",
                          "mode": "round_the_clock"}]);
    let mut inside = user_appeal("QUASI-1216", "2026-03-10T19:00:00+05:00", json!([]));
    inside["support_hours"] = period.clone();
    assert_eq!(due(&run(inside), "register"), "2026-03-10T19:30:00+05:00");
    let mut outside = user_appeal("QUASI-1216", "2026-03-17T19:00:00+05:00", json!([]));
    outside["support_hours"] = period;
    assert_eq!(due(&run(outside), "register"), "2026-03-18T09:30:00+05:00");
}

#[test]
fn s28_support_hours_extended_period_opens_08_00_closes_21_00() {
    // 000 §15 / 002 §28: extended hours 08:00–21:00 in April 2026. Received Thu 02.04
    // 20:45 → 15 min left today, 15 min from Fri 08:00 → 08:15 (002 §29, 30 min WT);
    // analysis 2 h WT → 15 min + 105 min → Fri 09:45.
    let mut input = user_appeal("QUASI-1216", "2026-04-02T20:45:00+05:00", json!([]));
    input["support_hours"] = json!([{"from": "2026-04-01T00:00:00+05:00",
        "to": "2026-05-01T00:00:00+05:00", "mode": "extended", "open": "08:00", "close": "21:00"}]);
    let out = run(input);
    assert_eq!(due(&out, "register"), "2026-04-03T08:15:00+05:00");
    assert_eq!(due(&out, "analyze"), "2026-04-03T09:45:00+05:00");
}

#[test]
fn s28_round_the_clock_flag_of_edition_1_is_one_period_covering_everything() {
    let events = json!([{"kind": "registered", "at": "2026-03-11T00:05:00+05:00"}]);
    let mut flag = user_appeal("QUASI-1216", "2026-03-10T23:50:00+05:00", events.clone());
    flag["round_the_clock"] = json!(true);
    let mut period = user_appeal("QUASI-1216", "2026-03-10T23:50:00+05:00", events);
    period["support_hours"] = json!([{"from": "2020-01-01T00:00:00+06:00",
        "to": "2030-01-01T00:00:00+05:00", "mode": "round_the_clock"}]);
    assert_eq!(run(flag), run(period));
}

#[test]
fn s27_30_a_failure_found_by_monitoring_owes_no_user_id_refutation_or_criticality_notice() {
    // 002 §27–30 (deadlines.md §3.7): no user appealed, so no ID e-mail (§30), no
    // refutation notice (§32), no criticality notice (§35.1); registration, analysis and
    // the fix still apply.
    let low = json!([
        {"kind": "registered", "at": REGISTERED},
        {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "low",
         "failure_type": "operator_physical_damage"}
    ]);
    let refuted = json!([
        {"kind": "registered", "at": REGISTERED},
        {"kind": "refuted", "at": "2026-03-10T15:30:00+05:00"}
    ]);
    for (channel, source) in [
        ("monitoring", "monitoring_specialist"),
        ("email", "monitoring_tool"),
        ("tool", "user_appeal"),
        ("system_log", "system_log"),
    ] {
        let appeal = |events: &Value| {
            json!({"rules": "QUASI-1216", "events": events,
                   "appeal": {"channel": channel, "source": source,
                              "received_at": "2026-03-10T13:10:00+05:00"}})
        };
        assert_eq!(
            ids(&run(appeal(&low))),
            ["register", "analyze", "fix"],
            "{channel} {source}"
        );
        assert_eq!(
            ids(&run(appeal(&refuted))),
            ["register", "analyze"],
            "{channel} {source}"
        );
    }
    // A user who e-mailed is owed all three.
    let out = run(user_appeal("QUASI-1216", "2026-03-10T13:10:00+05:00", low));
    assert_eq!(
        ids(&out),
        [
            "register",
            "send_incident_id",
            "analyze",
            "notify_criticality",
            "fix"
        ]
    );
}

#[test]
fn s26_s38_operator_fault_follows_the_failure_type() {
    // 002 §26: the three operator_* types depend on the operator; §38 (last paragraph):
    // the fix deadlines do not apply to the others. Medium, registered Tue 10.03 14:40 →
    // 2 WD → Thu 12.03 18:30.
    let confirmed_as = |failure_type: &str| {
        json!([
            {"kind": "registered", "at": REGISTERED},
            {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium",
             "failure_type": failure_type}
        ])
    };
    for t in [
        "operator_unlawful_actions",
        "operator_insufficient_security",
        "operator_physical_damage",
    ] {
        let out = run(user_appeal(
            "QUASI-1216",
            "2026-03-10T13:10:00+05:00",
            confirmed_as(t),
        ));
        assert_eq!(due(&out, "fix"), "2026-03-12T18:30:00+05:00", "{t}");
    }
    for t in [
        "third_party_physical_damage",
        "computer_attack",
        "third_party_actions",
        "user_network_or_power",
        "user_computer_settings",
        "user_malware",
        "user_non_compliance",
        "user_key_breach",
    ] {
        let out = run(user_appeal(
            "QUASI-1216",
            "2026-03-10T13:10:00+05:00",
            confirmed_as(t),
        ));
        assert_eq!(due(&out, "fix"), "not listed", "{t}");
    }
    // An agreeing edition-1 flag is accepted.
    let mut agreeing = confirmed_as("computer_attack");
    agreeing[1]["operator_fault"] = json!(false);
    assert_eq!(
        due(
            &run(user_appeal(
                "QUASI-1216",
                "2026-03-10T13:10:00+05:00",
                agreeing
            )),
            "fix"
        ),
        "not listed"
    );
}

#[test]
fn s26_s38_operator_fault_contradicting_the_failure_type_is_refused() {
    let mut events = json!([
        {"kind": "registered", "at": REGISTERED},
        {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium",
         "failure_type": "computer_attack", "operator_fault": true}
    ]);
    let e = err(user_appeal(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        events.clone(),
    ));
    assert_eq!(
        e,
        InputError::event(1, "operator_fault", Problem::OperatorFaultContradictsType)
    );
    assert!(
        e.message(desk_i18n::Lang::Ru)
            .starts_with("events[1].operator_fault: противоречит типу сбоя")
    );
    events[1]["failure_type"] = json!("no_such_type");
    assert_eq!(
        err(user_appeal(
            "QUASI-1216",
            "2026-03-10T13:10:00+05:00",
            events
        ))
        .field,
        "events[1].failure_type"
    );
}

/// deadlines.md §3.8's example: QUASI-1216, registered Mon 16.03 09:20, confirmed medium
/// 11:00, home page posted 11:30, reclassified high 11:45.
fn medium_then_high(extra: Value) -> Value {
    let mut events = json!([
        {"kind": "registered", "at": "2026-03-16T09:20:00+05:00"},
        {"kind": "id_sent", "at": "2026-03-16T09:25:00+05:00"},
        {"kind": "confirmed", "at": "2026-03-16T11:00:00+05:00", "criticality": "medium",
         "failure_type": "operator_insufficient_security"},
        {"kind": "homepage_posted", "at": "2026-03-16T11:30:00+05:00"},
        {"kind": "reclassified", "at": "2026-03-16T11:45:00+05:00", "criticality": "high"}
    ]);
    events
        .as_array_mut()
        .unwrap()
        .extend(extra.as_array().unwrap().iter().cloned());
    user_appeal("QUASI-1216", "2026-03-16T09:10:00+05:00", events)
}

#[test]
fn s35_1_s36_s37_reclassified_medium_to_high_new_duties_from_the_reclassification() {
    // §36.1 round 1: 11:00 + 1 h WT = 12:00, met 11:30 — stays. §37.3 round 2: 11:45 +
    // 30 min CT = 12:15. §36.2 round 1 due 12:00, pending at 11:45, high has no such duty
    // → superseded. §37.1: 11:45 + 15 min CT = 12:00. §38.3: the fix keeps its trigger
    // (registration 09:20) with high's duration: + 12 h CT = 21:20.
    let out = run(medium_then_high(json!([])));
    let classified: Vec<Value> = out["obligations"].as_array().unwrap()[3..].to_vec();
    assert_eq!(
        classified,
        [
            json!({"id": "post_homepage", "clause": "002 §36.1", "clock": "WT",
                   "trigger": "2026-03-16T11:00:00+05:00", "due": "2026-03-16T12:00:00+05:00",
                   "state": "met", "met_at": "2026-03-16T11:30:00+05:00", "round": 1}),
            json!({"id": "post_homepage", "clause": "002 §37.3", "clock": "CT",
                   "trigger": "2026-03-16T11:45:00+05:00", "due": "2026-03-16T12:15:00+05:00",
                   "state": "pending", "met_at": null, "round": 2}),
            json!({"id": "notify_participants", "clause": "002 §36.2", "clock": "WT",
                   "trigger": "2026-03-16T11:00:00+05:00", "due": "2026-03-16T12:00:00+05:00",
                   "state": "superseded", "met_at": null, "round": 1}),
            json!({"id": "inform_authority", "clause": "002 §37.1", "clock": "CT",
                   "trigger": "2026-03-16T11:45:00+05:00", "due": "2026-03-16T12:00:00+05:00",
                   "state": "pending", "met_at": null, "round": 2}),
            json!({"id": "fix", "clause": "002 §38", "clock": "CT",
                   "trigger": "2026-03-16T09:20:00+05:00", "due": "2026-03-16T21:20:00+05:00",
                   "state": "pending", "met_at": null, "round": 2}),
        ]
    );
    // Obligations not computed from a classification carry no round.
    assert!(out["obligations"][0].get("round").is_none());
}

#[test]
fn s35_1_s36_1_reclassified_to_the_same_level_repeats_the_notices() {
    // «в случае изменения такой информации повторно уведомляет / размещает»: medium again
    // at 12:30 → §36.1 and §36.2 due again 12:30 + 1 h WT = 14:30 + … lunch 13:00–14:30
    // → 30 min before lunch, 30 after → 15:00. The new post at 14:40 meets round 2; the
    // participants never notified before 12:30 leave round 1 superseded.
    let out = run(user_appeal(
        "QUASI-1216",
        "2026-03-16T09:10:00+05:00",
        json!([
            {"kind": "registered", "at": "2026-03-16T09:20:00+05:00"},
            {"kind": "confirmed", "at": "2026-03-16T11:00:00+05:00", "criticality": "medium",
             "failure_type": "operator_insufficient_security"},
            {"kind": "homepage_posted", "at": "2026-03-16T11:30:00+05:00"},
            {"kind": "reclassified", "at": "2026-03-16T12:30:00+05:00", "criticality": "medium"},
            {"kind": "homepage_posted", "at": "2026-03-16T14:40:00+05:00"}
        ]),
    ));
    let rounds: Vec<(String, u64, String, String)> = out["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["id"] == "post_homepage" || o["id"] == "notify_participants")
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_owned(),
                o["round"].as_u64().unwrap(),
                o["due"].as_str().unwrap().to_owned(),
                o["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let row = |id: &str, r: u64, due: &str, state: &str| {
        (id.to_owned(), r, due.to_owned(), state.to_owned())
    };
    assert_eq!(
        rounds,
        [
            row("post_homepage", 1, "2026-03-16T12:00:00+05:00", "met"),
            row("post_homepage", 2, "2026-03-16T15:00:00+05:00", "met"),
            row(
                "notify_participants",
                1,
                "2026-03-16T12:00:00+05:00",
                "superseded"
            ),
            row(
                "notify_participants",
                2,
                "2026-03-16T15:00:00+05:00",
                "pending"
            ),
        ]
    );
    // The fix stays one obligation: medium, 2 WD after Monday → Wed 18.03 18:30.
    assert_eq!(due(&out, "fix"), "2026-03-18T18:30:00+05:00");
}

#[test]
fn s38_reclassified_to_a_type_independent_of_the_operator_supersedes_the_fix() {
    // 002 §38, last paragraph: the new type (a computer attack) is not the operator's
    // fault, so the fix owed under the first classification is superseded.
    let out = run(user_appeal(
        "QUASI-1216",
        "2026-03-16T09:10:00+05:00",
        json!([
            {"kind": "registered", "at": "2026-03-16T09:20:00+05:00"},
            {"kind": "confirmed", "at": "2026-03-16T11:00:00+05:00", "criticality": "medium",
             "failure_type": "operator_insufficient_security"},
            {"kind": "reclassified", "at": "2026-03-16T12:00:00+05:00", "criticality": "medium",
             "failure_type": "computer_attack"}
        ]),
    ));
    assert_eq!(ob(&out, "fix")["state"], "superseded");
    assert_eq!(ob(&out, "fix")["round"], 1);
}

#[test]
fn s35_1_a_reclassification_needs_a_confirmation_and_a_level() {
    let before = json!([
        {"kind": "registered", "at": REGISTERED},
        {"kind": "reclassified", "at": "2026-03-10T15:00:00+05:00", "criticality": "high"},
        {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium",
         "failure_type": "computer_attack"}
    ]);
    let e = err(user_appeal(
        "QUASI-1216",
        "2026-03-10T13:10:00+05:00",
        before,
    ));
    assert_eq!(e, InputError::event(1, "kind", Problem::NotConfirmed));
    let no_level = json!([
        {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium",
         "failure_type": "computer_attack"},
        {"kind": "reclassified", "at": "2026-03-10T16:00:00+05:00"}
    ]);
    assert_eq!(
        err(user_appeal(
            "QUASI-1216",
            "2026-03-10T13:10:00+05:00",
            no_level
        ))
        .field,
        "events[1].criticality"
    );
}

#[test]
fn s38_pause_example_c_paused_with_900_minutes_left_then_extended_by_210() {
    // deadlines.md §3.10 C: medium, registered Mon 16.03 09:20 → Wed 18.03 18:30. Asked
    // Tue 10:00: left = Tue 10:00–13:00 (180) + 14:30–18:30 (240) + all of Wed (480) =
    // 900 → paused. Answered Tue 15:00: 10:00–13:00 + 14:30–15:00 = 210 working min →
    // Wed 18:30 + 210 → Thu 19.03 12:30.
    let events = |answered: bool| {
        let mut e = json!([
            {"kind": "registered", "at": "2026-03-16T09:20:00+05:00"},
            {"kind": "confirmed", "at": "2026-03-16T11:00:00+05:00", "criticality": "medium",
             "failure_type": "operator_unlawful_actions"},
            {"kind": "info_requested", "at": "2026-03-17T10:00:00+05:00"}
        ]);
        if answered {
            e.as_array_mut()
                .unwrap()
                .push(json!({"kind": "info_received", "at": "2026-03-17T15:00:00+05:00"}));
        }
        user_appeal("QUASI-1216", "2026-03-16T09:10:00+05:00", e)
    };
    let open = run(events(false));
    assert_eq!(
        (
            ob(&open, "fix")["state"].clone(),
            ob(&open, "fix")["due"].clone(),
            ob(&open, "fix")["remaining_minutes"].clone()
        ),
        (json!("paused"), Value::Null, json!(900))
    );
    let closed = run(events(true));
    assert_eq!(due(&closed, "fix"), "2026-03-19T12:30:00+05:00");
    assert_eq!(ob(&closed, "fix")["state"], "pending");
    assert!(ob(&closed, "fix").get("remaining_minutes").is_none());
}

#[test]
fn s28_bad_support_hours_are_refused_naming_the_period() {
    let with = |periods: Value| {
        let mut x = user_appeal("QUASI-1216", "2026-03-10T13:10:00+05:00", json!([]));
        x["support_hours"] = periods;
        err(x)
    };
    let p = |from: &str, to: &str| json!({"from": from, "to": to, "mode": "round_the_clock"});
    assert_eq!(
        with(json!([p(
            "2026-03-02T00:00:00+05:00",
            "2026-03-01T00:00:00+05:00"
        )])),
        InputError::new("support_hours[0].to", Problem::PeriodEndsBeforeStart)
    );
    assert_eq!(
        with(json!([
            p("2026-03-01T00:00:00+05:00", "2026-03-10T00:00:00+05:00"),
            p("2026-03-09T00:00:00+05:00", "2026-03-12T00:00:00+05:00")
        ])),
        InputError::new("support_hours[1].from", Problem::Overlap)
    );
    assert_eq!(
        with(
            json!([{"from": "2026-03-01T00:00:00+05:00", "to": "2026-03-10T00:00:00+05:00",
                     "mode": "extended", "open": "8 am", "close": "21:00"}])
        ),
        InputError::new("support_hours[0].open", Problem::TimeOfDay("8 am".into()))
    );
    assert_eq!(
        with(
            json!([{"from": "2026-03-01T00:00:00+05:00", "to": "2026-03-10T00:00:00+05:00",
                     "mode": "nightly"}])
        )
        .field,
        "support_hours[0].mode"
    );
    let mut x = user_appeal("QUASI-1216", "2026-03-10T13:10:00+05:00", json!([]));
    x["appeal"]["source"] = json!("rumour");
    assert_eq!(err(x).field, "appeal.source");
}
