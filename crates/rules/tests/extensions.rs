//! One test per extension clause (deadlines.md §4), instants worked out by hand in Astana
//! time, plus property tests. Each test cites its clause as `002 §36.3`.
#![allow(clippy::unwrap_used)]

use desk_i18n::Lang;
use desk_rules::calendar::Calendar;
use desk_rules::extensions_command;
use proptest::prelude::*;
use serde_json::{Value, json};

fn run_in(input: &Value, lang: Lang) -> Value {
    let out = extensions_command(&input.to_string(), lang)
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    serde_json::from_str(&out).unwrap()
}

fn run(input: &Value) -> Value {
    run_in(input, Lang::En)
}

fn error(input: &Value) -> String {
    extensions_command(&input.to_string(), Lang::En)
        .unwrap_err()
        .message(Lang::En)
}

/// A failure on Tuesday 10 March 2026, 10:00–16:30 (6 h 30 min), confirmed at 10:30.
fn failure(criticality: &str) -> Value {
    json!({"criticality": criticality, "started_at": "2026-03-10T10:00:00+05:00",
           "confirmed_at": "2026-03-10T10:30:00+05:00", "fixed_at": "2026-03-10T16:30:00+05:00",
           "operator_fault": true, "decryption_impossible": false})
}

fn input(rules: &str, failure: Value, procedures: Value) -> Value {
    json!({"rules": rules, "failure": failure, "procedures": procedures})
}

fn one(rules: &str, failure: Value, procedure: Value) -> Value {
    run(&input(rules, failure, json!([procedure])))["procedures"][0].clone()
}

fn acceptance(method: &str, deadline: &str) -> Value {
    json!({"id": "p1", "kind": "acceptance_end", "method": method, "deadline": deadline})
}

fn proc_(kind: &str, deadline: &str) -> Value {
    json!({"id": "p1", "kind": kind, "deadline": deadline})
}

fn assert_moved(out: &Value, clause: &str, new_deadline: &str) {
    assert_eq!(out["clause"], clause, "{out}");
    assert_eq!(out["new_deadline"], new_deadline, "{out}");
    assert_eq!(out["extended"], true, "{out}");
}

fn assert_unmoved(out: &Value, deadline: &str) {
    assert_eq!(out["new_deadline"], deadline, "{out}");
    assert_eq!(out["extended"], false, "{out}");
    assert_eq!(out["annul_protocol"], false, "{out}");
    assert_eq!(out["resubmit"], false, "{out}");
}

// ---- QUASI-1216 -----------------------------------------------------------------------

#[test]
fn quasi_1216_spec_example_keeps_input_order_and_every_field() {
    let out = run(&input(
        "QUASI-1216",
        failure("high"),
        json!([
            {"id": "p1", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-10T12:00:00+05:00"},
            {"id": "p2", "kind": "auction_trading", "deadline": "2026-03-10T11:00:00+05:00"},
            {"id": "p3", "kind": "contract_signing", "deadline": "2026-03-10T15:00:00+05:00"},
            {"id": "p4", "kind": "complaint", "deadline": "2026-03-10T16:30:00+05:00"},
            {"id": "p5", "kind": "discussion", "deadline": "2026-03-10T10:00:00+05:00"}
        ]),
    ));
    assert_eq!(out["rules"], "QUASI-1216");
    let ids: Vec<&str> = out["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5"]);
    // Fields in the order of deadlines.md §4 (read from the text: a parsed Value sorts them).
    let text = extensions_command(
        &input(
            "QUASI-1216",
            failure("high"),
            json!([proc_("complaint", "2026-03-10T12:00:00+05:00")]),
        )
        .to_string(),
        Lang::En,
    )
    .unwrap();
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    let order = [
        "id",
        "extended",
        "new_deadline",
        "clause",
        "annul_protocol",
        "resubmit",
        "explanation",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
}

#[test]
fn quasi_1216_s35_low_failure_moves_no_deadline() {
    // 002 §35: "продление сроков закупок не производится".
    let out = one(
        "QUASI-1216",
        failure("low"),
        acceptance("tender", "2026-03-10T12:00:00+05:00"),
    );
    assert_unmoved(&out, "2026-03-10T12:00:00+05:00");
    assert_eq!(out["clause"], "002 §35");
}

#[test]
fn quasi_1216_s36_3_medium_tender_acceptance_extended_by_the_fix_time() {
    // 002 §36.3: 12:00 + 6 h 30 min = 18:30 the same day.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        acceptance("tender", "2026-03-10T12:00:00+05:00"),
    );
    assert_moved(&out, "002 §36.3", "2026-03-10T18:30:00+05:00");
    assert_eq!(out["annul_protocol"], false);
    assert_eq!(out["resubmit"], false);
}

#[test]
fn quasi_1216_s36_3_medium_auction_acceptance_is_the_exception() {
    // 002 §36.3: "за исключением закупок способом аукциона".
    let out = one(
        "QUASI-1216",
        failure("medium"),
        acceptance("auction", "2026-03-10T12:00:00+05:00"),
    );
    assert_unmoved(&out, "2026-03-10T12:00:00+05:00");
    assert_eq!(out["clause"], "002 §36.3");
}

/// A failure on Friday 20 March 2026, 10:00–16:30; 21–22 March are a weekend and 23–25
/// March Nauryz holidays, so the next working day is Thursday 26 March.
fn friday_failure(criticality: &str) -> Value {
    json!({"criticality": criticality, "started_at": "2026-03-20T10:00:00+05:00",
           "confirmed_at": "2026-03-20T10:20:00+05:00", "fixed_at": "2026-03-20T16:30:00+05:00"})
}

#[test]
fn quasi_1216_s36_4_medium_auction_round_moves_to_the_next_working_day_and_annuls_the_protocol() {
    // 002 §36.4: next WD after the fix (Fri 20 → Thu 26 March), the deadline's time kept.
    let out = one(
        "QUASI-1216",
        friday_failure("medium"),
        proc_("auction_trading", "2026-03-20T11:00:00+05:00"),
    );
    assert_moved(&out, "002 §36.4", "2026-03-26T11:00:00+05:00");
    assert_eq!(out["annul_protocol"], true);
}

#[test]
fn quasi_1216_s36_5_medium_contract_signing_extended_by_whole_days_at_least_one() {
    // 002 §36.5: 6 h 30 min → max(1, ceil(6.5 / 24)) = 1 CD: 15:00 → next day 15:00.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        proc_("contract_signing", "2026-03-10T15:00:00+05:00"),
    );
    assert_moved(&out, "002 §36.5", "2026-03-11T15:00:00+05:00");
    // A 30-hour failure (Tue 10:00 → Wed 16:00) takes ceil(30 / 24) = 2 CD.
    let long = json!({"criticality": "medium", "started_at": "2026-03-10T10:00:00+05:00",
                      "fixed_at": "2026-03-11T16:00:00+05:00"});
    let out = one(
        "QUASI-1216",
        long,
        proc_("contract_signing", "2026-03-11T12:00:00+05:00"),
    );
    assert_moved(&out, "002 §36.5", "2026-03-13T12:00:00+05:00");
}

#[test]
fn quasi_1216_s36_6_medium_complaint_extended_by_at_least_one_calendar_day() {
    // 002 §36.6: the deadline at the very end of the failure is inside the window.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        proc_("complaint", "2026-03-10T16:30:00+05:00"),
    );
    assert_moved(&out, "002 §36.6", "2026-03-11T16:30:00+05:00");
}

#[test]
fn quasi_1216_s37_4_high_acceptance_by_tender_auction_housing_price_request_extended_by_the_fix_time()
 {
    // 002 §37.4: tender, auction, housing, price request: 12:00 + 6 h 30 min → 18:30.
    for method in ["tender", "auction", "housing", "price_request"] {
        let out = one(
            "QUASI-1216",
            failure("high"),
            acceptance(method, "2026-03-10T12:00:00+05:00"),
        );
        assert_moved(&out, "002 §37.4", "2026-03-10T18:30:00+05:00");
    }
    // One-source acceptance is not named (edition 1 moved it too).
    let out = one(
        "QUASI-1216",
        failure("high"),
        acceptance("one_source", "2026-03-10T12:00:00+05:00"),
    );
    assert_unmoved(&out, "2026-03-10T12:00:00+05:00");
    assert_eq!(out["clause"], "002 §37.4");
    assert!(out["explanation"].as_str().unwrap().contains("method"));
}

#[test]
fn quasi_1216_s37_5_high_contract_signing_extended_by_days() {
    // 002 §37.5: 1 CD.
    let out = one(
        "QUASI-1216",
        failure("high"),
        proc_("contract_signing", "2026-03-10T10:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.5", "2026-03-11T10:00:00+05:00");
}

#[test]
fn quasi_1216_s37_6_high_complaint_extended_by_days() {
    // 002 §37.6: 1 CD.
    let out = one(
        "QUASI-1216",
        failure("high"),
        proc_("complaint", "2026-03-10T13:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.6", "2026-03-11T13:00:00+05:00");
}

#[test]
fn quasi_1216_s37_7_high_auction_trading_to_the_next_working_day_protocol_annulled() {
    // 002 §37.7: Fri 20 March → Thu 26 March, same time of day.
    let out = one(
        "QUASI-1216",
        friday_failure("high"),
        proc_("auction_trading", "2026-03-20T15:45:00+05:00"),
    );
    assert_moved(&out, "002 §37.7", "2026-03-26T15:45:00+05:00");
    assert_eq!(out["annul_protocol"], true);
}

#[test]
fn quasi_1216_s37_8_high_start_of_acceptance_moved_by_the_fix_time() {
    // 002 §37.8: 14:00 + 6 h 30 min = 20:30.
    let out = one(
        "QUASI-1216",
        failure("high"),
        json!({"id": "p1", "kind": "acceptance_start", "method": "price_request",
               "deadline": "2026-03-10T14:00:00+05:00"}),
    );
    assert_moved(&out, "002 §37.8", "2026-03-10T20:30:00+05:00");
}

fn undecryptable() -> Value {
    let mut f = failure("high");
    f["decryption_impossible"] = json!(true);
    f
}

#[test]
fn quasi_1216_s37_9_decryption_impossible_running_acceptance_extended_and_resubmitted() {
    // 002 §37.9: still running at 10:00, even though it ends after the fix (outside the
    // window): Thu 12 March 10:00 + 6 h 30 min = 16:30; suppliers resubmit.
    let out = one(
        "QUASI-1216",
        undecryptable(),
        acceptance("tender", "2026-03-12T10:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.9", "2026-03-12T16:30:00+05:00");
    assert_eq!(out["resubmit"], true);
}

#[test]
fn quasi_1216_s37_10_decryption_impossible_closed_acceptance_five_working_days_after_the_fix() {
    // 002 §37.10: over at the start (Mon 9 March 18:00); 5 WD after Tue 10 March are
    // 11, 12, 13, 16, 17 March → Tue 17 March at the fix's 16:30.
    let out = one(
        "QUASI-1216",
        undecryptable(),
        acceptance("auction", "2026-03-09T18:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.10", "2026-03-17T16:30:00+05:00");
    assert_eq!(out["resubmit"], true);
}

#[test]
fn quasi_1216_s48_tariff_ending_on_a_failure_date_extended_like_acceptance() {
    // 002 §48: the tariff ends at 23:00 on the failure's date (after the fix): + 6 h 30 min.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        proc_("tariff_end", "2026-03-10T23:00:00+05:00"),
    );
    assert_moved(&out, "002 §48", "2026-03-11T05:30:00+05:00");
    // Another date: the tariff does not move.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        proc_("tariff_end", "2026-03-11T00:00:00+05:00"),
    );
    assert_unmoved(&out, "2026-03-11T00:00:00+05:00");
}

#[test]
fn quasi_1216_s49_protocol_formed_cancelled_acceptance_one_day_after_the_later_of_the_rule_and_the_fix()
 {
    // 002 §49 on §36.3: 12:00 + 6 h 30 min = 18:30, later than the fix (16:30), + 1 CD →
    // Wed 11 March 18:30, protocol cancelled (edition 1: the later of 12:00 + 1 CD and
    // 18:30, i.e. Wed 12:00).
    let mut p = acceptance("tender", "2026-03-10T12:00:00+05:00");
    p["protocol_formed"] = json!(true);
    let out = one("QUASI-1216", failure("medium"), p.clone());
    assert_moved(&out, "002 §49", "2026-03-11T18:30:00+05:00");
    assert_eq!(out["annul_protocol"], true);
    assert!(
        out["explanation"]
            .as_str()
            .unwrap()
            .contains("10.03.2026 18:30")
    );
    // 002 §49 on §37.4, a 30-hour failure (Tue 10:00 → Wed 16:00): 12:00 + 30 h = Wed
    // 18:00, later than the fix, + 1 CD → Thu 12 March 18:00.
    let long = json!({"criticality": "high", "started_at": "2026-03-10T10:00:00+05:00",
                      "fixed_at": "2026-03-11T16:00:00+05:00"});
    let out = one("QUASI-1216", long, p);
    assert_moved(&out, "002 §49", "2026-03-12T18:00:00+05:00");
    assert_eq!(out["annul_protocol"], true);
    assert!(out["explanation"].as_str().unwrap().contains("002 §49"));
    // 002 §49 on a medium auction acceptance (§36.3 does not move it): the fix is the
    // later instant → Wed 11 March 16:30.
    let mut p = acceptance("auction", "2026-03-10T12:00:00+05:00");
    p["protocol_formed"] = json!(true);
    let out = one("QUASI-1216", failure("medium"), p);
    assert_moved(&out, "002 §49", "2026-03-11T16:30:00+05:00");
    assert_eq!(out["annul_protocol"], true);
}

#[test]
fn quasi_1216_s51_discussion_extended_by_one_calendar_day() {
    // 002 §51: 10:00 (the failure's first instant) → 11 March 10:00.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        proc_("discussion", "2026-03-10T10:00:00+05:00"),
    );
    assert_moved(&out, "002 §51", "2026-03-11T10:00:00+05:00");
}

#[test]
fn quasi_1216_s37_deadlines_outside_the_window_do_not_move() {
    // 002 §37.2: only procedures that coincided with the failure; one second after the fix
    // is outside it.
    let out = one(
        "QUASI-1216",
        failure("high"),
        proc_("complaint", "2026-03-10T16:30:01+05:00"),
    );
    assert_unmoved(&out, "2026-03-10T16:30:01+05:00");
    let out = one(
        "QUASI-1216",
        failure("high"),
        proc_("complaint", "2026-03-10T09:59:59+05:00"),
    );
    assert_unmoved(&out, "2026-03-10T09:59:59+05:00");
}

#[test]
fn quasi_1216_s37_6_window_includes_both_ends_and_s37_10_an_acceptance_ending_at_the_start_is_over()
{
    // deadlines.md §4: affected when started_at ≤ deadline ≤ fixed_at, both ends included.
    // The failure runs Tue 10 March 10:00–16:30 (6 h 30 min → 1 CD).
    // 002 §37.6: a complaint due at 10:00 sharp → Wed 11 March 10:00.
    let out = one(
        "QUASI-1216",
        failure("high"),
        proc_("complaint", "2026-03-10T10:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.6", "2026-03-11T10:00:00+05:00");
    // … and one due at the fix, given in UTC (11:30Z = 16:30 Astana) → Wed 11 March 16:30.
    let out = one(
        "QUASI-1216",
        failure("high"),
        proc_("complaint", "2026-03-10T11:30:00Z"),
    );
    assert_moved(&out, "002 §37.6", "2026-03-11T16:30:00+05:00");
    // 002 §37.9 needs `deadline > started_at`: acceptance ending at 10:00 sharp was already
    // over when the failure began, so 002 §37.10 gives 5 WD after Tue 10 March (11, 12, 13,
    // 16, 17 March) at the fix's 16:30.
    let out = one(
        "QUASI-1216",
        undecryptable(),
        acceptance("tender", "2026-03-10T10:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.10", "2026-03-17T16:30:00+05:00");
    assert_eq!(out["resubmit"], true);
    // One second later it was still running: 002 §37.9, 10:00:01 + 6 h 30 min = 16:30:01.
    let out = one(
        "QUASI-1216",
        undecryptable(),
        acceptance("tender", "2026-03-10T10:00:01+05:00"),
    );
    assert_moved(&out, "002 §37.9", "2026-03-10T16:30:01+05:00");
    assert_eq!(out["resubmit"], true);
}

#[test]
fn quasi_1216_s37_5_days_keep_the_wall_clock_across_the_2024_time_zone_change() {
    // 002 §37.5: Thu 29 Feb 2024 11:00 (UTC+6) + 1 CD = Fri 1 March 11:00 (UTC+5).
    let f = json!({"criticality": "high", "started_at": "2024-02-29T10:00:00+06:00",
                   "fixed_at": "2024-02-29T12:00:00+06:00"});
    let out = one(
        "QUASI-1216",
        f,
        proc_("contract_signing", "2024-02-29T05:00:00Z"),
    );
    assert_moved(&out, "002 §37.5", "2024-03-01T11:00:00+05:00");
}

#[test]
fn quasi_1216_s37_7_next_working_day_follows_the_input_calendar() {
    // 002 §37.7 with the calendar override of deadlines.md §1: Saturday 21 March 2026 made
    // a working day → the trading stage moves there instead of Thursday 26 March.
    let mut i = input(
        "QUASI-1216",
        friday_failure("high"),
        json!([proc_("auction_trading", "2026-03-20T11:00:00+05:00")]),
    );
    i["calendar"] = json!({"holidays": [], "working_days": ["2026-03-21"]});
    assert_moved(
        &run(&i)["procedures"][0],
        "002 §37.7",
        "2026-03-21T11:00:00+05:00",
    );
}

// ---- QUASI-1216 duties ----------------------------------------------------------------

fn duty<'a>(out: &'a Value, id: &str) -> &'a Value {
    out["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no duty {id} in {out}"))
}

#[test]
fn quasi_1216_s36_1_s36_2_medium_home_page_and_supplier_notices_within_one_working_hour() {
    // 002 §36.1, §36.2: confirmed 10:30 → 11:30; the home-page notice names announcement
    // and lot numbers of the extended procurements.
    let mut p = acceptance("tender", "2026-03-10T12:00:00+05:00");
    p["announcement"] = json!("1234567-1");
    p["lots"] = json!(["1", "2"]);
    let out = run(&input("QUASI-1216", failure("medium"), json!([p])));
    let home = duty(&out, "post_homepage");
    assert_eq!(home["clause"], "002 §36.1");
    assert_eq!(home["due"], "2026-03-10T11:30:00+05:00");
    assert_eq!(home["notices"][0]["announcement"], "1234567-1");
    assert_eq!(home["notices"][0]["lots"], json!(["1", "2"]));
    assert!(
        home["explanation"]
            .as_str()
            .unwrap()
            .contains("1234567-1, lots 1, 2")
    );
    let notify = duty(&out, "notify_suppliers");
    assert_eq!(notify["clause"], "002 §36.2");
    assert_eq!(notify["due"], "2026-03-10T11:30:00+05:00");
    assert_eq!(notify["procedures"], json!(["p1"]));
    // 002 §36.9, §36.10: the fix notice and the written report follow.
    assert_eq!(duty(&out, "post_fix_notice")["clause"], "002 §36.9");
    assert_eq!(duty(&out, "report_authority")["clause"], "002 §36.10");
}

#[test]
fn quasi_1216_s37_1_s37_3_s37_13_high_authority_at_once_home_page_in_30_min_report_in_1_wd() {
    // Confirmed at 13:10, during lunch: 002 §37.3 counts 30 working minutes from 14:30 →
    // 15:00. Fixed Fri 20 March 16:30: 002 §37.13 1 WD → Thu 26 March 18:30.
    let f = json!({"criticality": "high", "started_at": "2026-03-20T12:00:00+05:00",
                   "confirmed_at": "2026-03-20T13:10:00+05:00",
                   "fixed_at": "2026-03-20T16:30:00+05:00"});
    let out = run(&input("QUASI-1216", f, json!([])));
    assert_eq!(
        duty(&out, "inform_authority")["due"],
        "2026-03-20T13:10:00+05:00"
    );
    assert_eq!(duty(&out, "post_homepage")["clause"], "002 §37.3");
    assert_eq!(
        duty(&out, "post_homepage")["due"],
        "2026-03-20T15:00:00+05:00"
    );
    assert_eq!(duty(&out, "report_authority")["clause"], "002 §37.13");
    assert_eq!(
        duty(&out, "report_authority")["due"],
        "2026-03-26T18:30:00+05:00"
    );
    // Nothing to resubmit: no supplier notice of §37.9–10.
    assert!(
        out["duties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["id"] != "notify_suppliers")
    );
}

#[test]
fn quasi_1216_s35_low_failure_has_no_extension_duties() {
    // 002 §35: the low-level notices are contact-centre obligations (desk deadlines).
    let out = run(&input("QUASI-1216", failure("low"), json!([])));
    assert_eq!(out["duties"], json!([]));
}

// ---- GZ-627 ---------------------------------------------------------------------------

#[test]
fn gz_627_s24_low_failure_moves_no_deadline() {
    // 000 §24.
    let out = one(
        "GZ-627",
        failure("low"),
        proc_("complaint", "2026-03-10T12:00:00+05:00"),
    );
    assert_unmoved(&out, "2026-03-10T12:00:00+05:00");
    assert_eq!(out["clause"], "000 §24");
}

#[test]
fn gz_627_s25_2_medium_every_ending_procedure_extended_by_the_fix_time() {
    // 000 §25.2: acceptance (auctions too), auction trading, contract signing, complaints:
    // 12:00 + 6 h 30 min = 18:30.
    let out = run(&input(
        "GZ-627",
        failure("medium"),
        json!([
            {"id": "a", "kind": "acceptance_end", "method": "auction", "deadline": "2026-03-10T12:00:00+05:00"},
            {"id": "b", "kind": "auction_trading", "deadline": "2026-03-10T12:00:00+05:00"},
            {"id": "c", "kind": "contract_signing", "deadline": "2026-03-10T12:00:00+05:00"},
            {"id": "d", "kind": "complaint", "deadline": "2026-03-10T12:00:00+05:00"}
        ]),
    ));
    for p in out["procedures"].as_array().unwrap() {
        assert_moved(p, "000 §25.2", "2026-03-10T18:30:00+05:00");
    }
    assert_eq!(duty(&out, "report_authority")["clause"], "000 §25.3");
}

#[test]
fn gz_627_s26_4_high_acceptance_extended_by_days_at_least_one() {
    // 000 §26.4: 6 h 30 min → 1 CD.
    let out = one(
        "GZ-627",
        failure("high"),
        acceptance("price_request", "2026-03-10T12:00:00+05:00"),
    );
    assert_moved(&out, "000 §26.4", "2026-03-11T12:00:00+05:00");
}

#[test]
fn gz_627_s26_5_s26_6_high_contract_signing_and_complaints_extended_by_days() {
    // 000 §26.5, §26.6.
    let out = one(
        "GZ-627",
        failure("high"),
        proc_("contract_signing", "2026-03-10T12:00:00+05:00"),
    );
    assert_moved(&out, "000 §26.5", "2026-03-11T12:00:00+05:00");
    let out = one(
        "GZ-627",
        failure("high"),
        proc_("complaint", "2026-03-10T12:00:00+05:00"),
    );
    assert_moved(&out, "000 §26.6", "2026-03-11T12:00:00+05:00");
}

#[test]
fn gz_627_s26_7_high_auction_trading_to_the_next_working_day_protocol_annulled() {
    // 000 §26.7: Fri 20 March → Thu 26 March 11:00.
    let out = one(
        "GZ-627",
        friday_failure("high"),
        proc_("auction_trading", "2026-03-20T11:00:00+05:00"),
    );
    assert_moved(&out, "000 §26.7", "2026-03-26T11:00:00+05:00");
    assert_eq!(out["annul_protocol"], true);
}

#[test]
fn gz_627_s26_8_high_start_of_acceptance_moved_by_the_fix_time() {
    // 000 §26.8.
    let out = one(
        "GZ-627",
        failure("high"),
        json!({"id": "p1", "kind": "acceptance_start", "method": "tender",
               "deadline": "2026-03-10T11:00:00+05:00"}),
    );
    assert_moved(&out, "000 §26.8", "2026-03-10T17:30:00+05:00");
}

#[test]
fn gz_627_s26_9_s26_10_decryption_impossible_running_extended_by_the_fix_time_closed_reopened_from_the_fix()
 {
    // 000 §26.9: running at the start (Thu 12 March 10:00) → 16:30. 000 §26.10: already
    // over (Mon 9 March 18:00) → reopened from the fix, Tue 16:30 + max(6 h 30, 1 CD) =
    // Wed 11 March 16:30 (edition 1 gave 10 March 00:30, before the fix); both resubmit.
    let mut f = failure("high");
    f["decryption_impossible"] = json!(true);
    let out = run(&input(
        "GZ-627",
        f,
        json!([
            {"id": "open", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-12T10:00:00+05:00"},
            {"id": "over", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-09T18:00:00+05:00"}
        ]),
    ));
    let p = &out["procedures"];
    assert_moved(&p[0], "000 §26.9", "2026-03-12T16:30:00+05:00");
    assert_moved(&p[1], "000 §26.10", "2026-03-11T16:30:00+05:00");
    assert_eq!(p[0]["resubmit"], true);
    assert_eq!(p[1]["resubmit"], true);
    assert_eq!(duty(&out, "notify_suppliers")["clause"], "000 §26.9–10");
}

#[test]
fn gz_627_s26_3_s26_13_high_home_page_within_one_working_hour_report_within_1_wd() {
    // 000 §26.3: confirmed 10:30 → 11:30. 000 §26.13: fixed Tue 10 March → Wed 11 March 18:30.
    let out = run(&input("GZ-627", failure("high"), json!([])));
    assert_eq!(
        duty(&out, "post_homepage")["due"],
        "2026-03-10T11:30:00+05:00"
    );
    assert_eq!(duty(&out, "inform_authority")["clause"], "000 §26.1");
    assert_eq!(
        duty(&out, "report_authority")["due"],
        "2026-03-11T18:30:00+05:00"
    );
}

#[test]
fn gz_627_s28_discussion_extended_by_one_calendar_day() {
    // 000 §28.
    let out = one(
        "GZ-627",
        failure("medium"),
        proc_("discussion", "2026-03-10T12:00:00+05:00"),
    );
    assert_moved(&out, "000 §28", "2026-03-11T12:00:00+05:00");
}

// ---- ENERGY-366 -----------------------------------------------------------------------

#[test]
fn energy_366_s29_3_acceptance_ending_on_a_failure_date_moves_to_the_working_day_after_the_fix() {
    // 004 §29.3: the failure is on Fri 20 March; acceptance ends that day at 18:00 (after
    // the fix, but on its date) → the working day after the fix, Thu 26 March, 18:00.
    let out = one(
        "ENERGY-366",
        friday_failure("high"),
        acceptance("tender", "2026-03-20T18:00:00+05:00"),
    );
    assert_moved(&out, "004 §29.3", "2026-03-26T18:00:00+05:00");
    // Acceptance ending the day before does not move.
    let out = one(
        "ENERGY-366",
        friday_failure("high"),
        acceptance("tender", "2026-03-19T18:00:00+05:00"),
    );
    assert_unmoved(&out, "2026-03-19T18:00:00+05:00");
}

// ---- planned maintenance --------------------------------------------------------------

fn maintenance(announced_at: &str) -> Value {
    json!({"starts_at": "2026-03-14T20:00:00+05:00", "ends_at": "2026-03-15T02:00:00+05:00",
           "announced_at": announced_at})
}

#[test]
fn quasi_1216_s41_maintenance_moves_deadlines_on_the_dates_of_the_works_past_them() {
    // 002 §41: works Sat 14 March 20:00 – Sun 02:00 (6 h); every listed deadline on 14 or
    // 15 March moves to the later of deadline + 6 h and Mon 16 March at its own time:
    // acceptance at 23:00 → Mon 23:00 (not Sun 05:00); contract signing at Sun 02:00 →
    // Mon 02:00; the discussion is not a procedure §41 names; an acceptance ending at
    // 19:59, before the works but on their date, moves to Mon 19:59 (edition 1 kept it);
    // one on Fri 13 March stays.
    let out = run(&json!({
        "rules": "QUASI-1216",
        "maintenance": maintenance("2026-03-12T20:00:00+05:00"),
        "procedures": [
            {"id": "a", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-14T23:00:00+05:00"},
            {"id": "b", "kind": "contract_signing", "deadline": "2026-03-15T02:00:00+05:00"},
            {"id": "c", "kind": "discussion", "deadline": "2026-03-14T23:00:00+05:00"},
            {"id": "d", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-14T19:59:00+05:00"},
            {"id": "e", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-13T23:59:00+05:00"}
        ]
    }));
    let p = &out["procedures"];
    assert_moved(&p[0], "002 §41", "2026-03-16T23:00:00+05:00");
    assert_moved(&p[1], "002 §41", "2026-03-16T02:00:00+05:00");
    assert_unmoved(&p[2], "2026-03-14T23:00:00+05:00");
    assert_moved(&p[3], "002 §41", "2026-03-16T19:59:00+05:00");
    assert_unmoved(&p[4], "2026-03-13T23:59:00+05:00");
    // The announcement is the one duty of planned works (exactly 48 h ahead: in time).
    let d = duty(&out, "announce_maintenance");
    assert_eq!(d["clause"], "002 §41");
    assert_eq!(d["due"], "2026-03-12T20:00:00+05:00");
    assert_eq!(d["procedures"], json!(["a", "b", "d"]));
}

#[test]
fn quasi_1216_s41_maintenance_announced_at_least_two_calendar_days_ahead() {
    // 002 §41: works at Sat 14 March 20:00 → announce by Thu 12 March 20:00.
    let check = |announced: &str| {
        run(
            &json!({"rules": "QUASI-1216", "maintenance": maintenance(announced),
                    "procedures": []}),
        )["maintenance"]
            .clone()
    };
    let on_time = check("2026-03-12T20:00:00+05:00");
    assert_eq!(on_time["announce_by"], "2026-03-12T20:00:00+05:00");
    assert_eq!(on_time["announced_in_time"], true);
    let late = check("2026-03-12T20:01:00+05:00");
    assert_eq!(late["announced_in_time"], false);
    assert!(late["explanation"].as_str().unwrap().contains("too late"));
}

#[test]
fn gz_627_s31_maintenance_moves_deadlines_and_checks_the_announcement() {
    // 000 §31: the same reading as 002 §41: Sat 14 March 20:00 + 6 h = Sun 02:00, but the
    // first working day after the works is Mon 16 March → 20:00 that day.
    let out = run_in(
        &json!({
            "rules": "GZ-627",
            "maintenance": maintenance("2026-03-13T09:00:00+05:00"),
            "procedures": [{"id": "a", "kind": "acceptance_end", "method": "auction",
                            "deadline": "2026-03-14T20:00:00+05:00"}]
        }),
        Lang::Kk,
    );
    assert_moved(
        &out["procedures"][0],
        "000 §31",
        "2026-03-16T20:00:00+05:00",
    );
    assert_eq!(out["maintenance"]["clause"], "000 §31");
    assert_eq!(out["maintenance"]["announced_in_time"], false);
    assert!(
        out["maintenance"]["explanation"]
            .as_str()
            .unwrap()
            .contains("кешікті")
    );
}

// ---- edition 2 (deadlines.md §4, issue 13) ---------------------------------------------

/// The contract's worked examples (deadlines.md §4.7): Tue 17 March 2026 10:00–14:30,
/// confirmed 10:40; outage 4 h 30 min, days = 1, NWD = Wed 18 March.
fn march_17(criticality: &str) -> Value {
    json!({"criticality": criticality, "started_at": "2026-03-17T10:00:00+05:00",
           "confirmed_at": "2026-03-17T10:40:00+05:00", "fixed_at": "2026-03-17T14:30:00+05:00"})
}

fn march_17_undecryptable() -> Value {
    let mut f = march_17("high");
    f["decryption_impossible"] = json!(true);
    f
}

#[test]
fn gz_627_s26_10_closed_acceptance_reopened_from_the_fix_for_the_outage_at_least_one_day() {
    // 000 §26.10: over at the start (Mon 16 March 18:00): 14:30 + max(4 h 30, 24 h) →
    // Wed 18 March 14:30, resubmit (edition 1: Mon 16 March 22:30, already past).
    let out = one(
        "GZ-627",
        march_17_undecryptable(),
        acceptance("price_request", "2026-03-16T18:00:00+05:00"),
    );
    assert_moved(&out, "000 §26.10", "2026-03-18T14:30:00+05:00");
    assert_eq!(out["resubmit"], true);
    // A 30-hour failure (Tue 10 March 10:00 → Wed 11 March 16:00): the outage is longer
    // than 1 CD → Wed 16:00 + 30 h = Thu 12 March 22:00.
    let long = json!({"criticality": "high", "started_at": "2026-03-10T10:00:00+05:00",
                      "fixed_at": "2026-03-11T16:00:00+05:00", "decryption_impossible": true});
    let out = one(
        "GZ-627",
        long,
        acceptance("tender", "2026-03-09T18:00:00+05:00"),
    );
    assert_moved(&out, "000 §26.10", "2026-03-12T22:00:00+05:00");
}

#[test]
fn guard_s51_a_moved_deadline_never_ends_before_the_fix_and_the_clause_says_so() {
    // deadlines.md §4 guard with 002 §51: a 48-hour failure (Tue 10 March 10:00 → Thu 12
    // March 10:00); the discussion due Tue 12:00 + 1 CD = Wed 11 March 12:00 would end
    // before the fix → Thu 12 March 10:00, still under 002 §51.
    let long = json!({"criticality": "medium", "started_at": "2026-03-10T10:00:00+05:00",
                      "fixed_at": "2026-03-12T10:00:00+05:00"});
    for (lang, needle) in [
        (Lang::En, "before the fix"),
        (Lang::Ru, "до устранения сбоя"),
        (Lang::Kk, "ерте аяқталмайды"),
    ] {
        let out = run_in(
            &input(
                "QUASI-1216",
                long.clone(),
                json!([proc_("discussion", "2026-03-10T12:00:00+05:00")]),
            ),
            lang,
        )["procedures"][0]
            .clone();
        assert_moved(&out, "002 §51", "2026-03-12T10:00:00+05:00");
        let text = out["explanation"].as_str().unwrap();
        for n in ["002 §51", "11.03.2026 12:00", "12.03.2026 10:00", needle] {
            assert!(text.contains(n), "{lang}: {n} missing in {text}");
        }
    }
    // 002 §48 by date: a tariff ending at 09:00, before a 10:00–16:30 failure on its date:
    // 09:00 + 6 h 30 min = 15:30 is before the fix → 16:30.
    let out = one(
        "QUASI-1216",
        failure("medium"),
        proc_("tariff_end", "2026-03-10T09:00:00+05:00"),
    );
    assert_moved(&out, "002 §48", "2026-03-10T16:30:00+05:00");
}

#[test]
fn quasi_1216_s36_3_medium_only_tender_and_price_request_acceptance_is_extended() {
    // 002 §36.3 names tender and price request: 12:00 + 4 h 30 min → 16:30; housing and
    // one-source acceptance stay (edition 1 moved them).
    for method in ["tender", "price_request"] {
        let out = one(
            "QUASI-1216",
            march_17("medium"),
            acceptance(method, "2026-03-17T12:00:00+05:00"),
        );
        assert_moved(&out, "002 §36.3", "2026-03-17T16:30:00+05:00");
    }
    for method in ["housing", "one_source"] {
        let out = one(
            "QUASI-1216",
            march_17("medium"),
            acceptance(method, "2026-03-17T12:00:00+05:00"),
        );
        assert_unmoved(&out, "2026-03-17T12:00:00+05:00");
        assert_eq!(out["clause"], "002 §36.3");
    }
}

#[test]
fn quasi_1216_s36_7_a_period_wholly_inside_the_failure_moves_to_the_next_working_day() {
    // 002 §36.7: an auction acceptance whose period 10:30–12:00 lies inside the failure
    // (10:00–14:30) → Wed 18 March 12:00, auctions included.
    let mut p = acceptance("auction", "2026-03-17T12:00:00+05:00");
    p["period_start"] = json!("2026-03-17T10:30:00+05:00");
    let out = one("QUASI-1216", march_17("medium"), p);
    assert_moved(&out, "002 §36.7", "2026-03-18T12:00:00+05:00");
    // The more specific clause decides over §36.3 for a tender too.
    let mut p = acceptance("tender", "2026-03-17T12:00:00+05:00");
    p["period_start"] = json!("2026-03-17T10:00:00+05:00");
    let out = one("QUASI-1216", march_17("medium"), p);
    assert_moved(&out, "002 §36.7", "2026-03-18T12:00:00+05:00");
    // A period that began before the failure is not inside it: §36.3 (tender → 16:30;
    // auction excepted).
    let mut p = acceptance("tender", "2026-03-17T12:00:00+05:00");
    p["period_start"] = json!("2026-03-17T09:59:00+05:00");
    let out = one("QUASI-1216", march_17("medium"), p.clone());
    assert_moved(&out, "002 §36.3", "2026-03-17T16:30:00+05:00");
    p["method"] = json!("auction");
    let out = one("QUASI-1216", march_17("medium"), p);
    assert_unmoved(&out, "2026-03-17T12:00:00+05:00");
}

#[test]
fn quasi_1216_s49_medium_tender_with_a_protocol_formed_annulled_one_day_after_s36_3() {
    // deadlines.md §4.7: §36.3 gives 16:30, later than the fix 14:30, + 1 CD → Wed 18
    // March 16:30, protocol annulled.
    let mut p = acceptance("tender", "2026-03-17T12:00:00+05:00");
    p["protocol_formed"] = json!(true);
    let out = one("QUASI-1216", march_17("medium"), p);
    assert_moved(&out, "002 §49", "2026-03-18T16:30:00+05:00");
    assert_eq!(out["annul_protocol"], true);
    assert_eq!(out["resubmit"], false);
}

#[test]
fn quasi_1216_s37_9_s37_10_only_price_request_auction_and_tender_are_resubmitted() {
    // 002 §37.9: a tender acceptance still running (Fri 20 March 18:00) → 22:30, resubmit.
    let out = one(
        "QUASI-1216",
        march_17_undecryptable(),
        acceptance("tender", "2026-03-20T18:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.9", "2026-03-20T22:30:00+05:00");
    assert_eq!(out["resubmit"], true);
    // 002 §37.10: a price request over before the failure (Mon 16 March 18:00): 5 WD
    // after 17 March = 18, 19, 20, 26, 27 (21–22 weekend, 23–25 Nauryz) → Fri 27 March at
    // the fix's 14:30.
    let out = one(
        "QUASI-1216",
        march_17_undecryptable(),
        acceptance("price_request", "2026-03-16T18:00:00+05:00"),
    );
    assert_moved(&out, "002 §37.10", "2026-03-27T14:30:00+05:00");
    assert_eq!(out["resubmit"], true);
    // Housing and one-source acceptance are outside §37.9–10: neither, running after the
    // fix or over before the failure, moves or is resubmitted.
    for method in ["housing", "one_source"] {
        for deadline in ["2026-03-20T18:00:00+05:00", "2026-03-16T18:00:00+05:00"] {
            let out = one(
                "QUASI-1216",
                march_17_undecryptable(),
                acceptance(method, deadline),
            );
            assert_unmoved(&out, deadline);
        }
    }
}

#[test]
fn gz_627_s26_4_s26_9_s26_10_only_tender_auction_and_price_request() {
    // 000 §26.4: tender, auction, price request + 1 CD → Wed 18 March 12:00.
    for method in ["tender", "auction", "price_request"] {
        let out = one(
            "GZ-627",
            march_17("high"),
            acceptance(method, "2026-03-17T12:00:00+05:00"),
        );
        assert_moved(&out, "000 §26.4", "2026-03-18T12:00:00+05:00");
    }
    // Housing and one source are not named, nor by §26.9–10.
    for method in ["housing", "one_source"] {
        let out = one(
            "GZ-627",
            march_17("high"),
            acceptance(method, "2026-03-17T12:00:00+05:00"),
        );
        assert_unmoved(&out, "2026-03-17T12:00:00+05:00");
        assert_eq!(out["clause"], "000 §26.4");
        let out = one(
            "GZ-627",
            march_17_undecryptable(),
            acceptance(method, "2026-03-16T18:00:00+05:00"),
        );
        assert_unmoved(&out, "2026-03-16T18:00:00+05:00");
    }
}

#[test]
fn gz_627_s25_2_s26_2_desk_control_and_its_notices_are_extended() {
    // 000 §25.2 medium: + the time spent fixing, 12:00 + 6 h 30 min → 18:30.
    for kind in ["desk_control_end", "desk_control_notice_end"] {
        let out = one(
            "GZ-627",
            failure("medium"),
            proc_(kind, "2026-03-10T12:00:00+05:00"),
        );
        assert_moved(&out, "000 §25.2", "2026-03-10T18:30:00+05:00");
        // 000 §26.2 high: + days (deadlines.md §5 no. 13) → Wed 11 March 12:00.
        let out = one(
            "GZ-627",
            failure("high"),
            proc_(kind, "2026-03-10T12:00:00+05:00"),
        );
        assert_moved(&out, "000 §26.2", "2026-03-11T12:00:00+05:00");
        // QUASI-1216 has no desk control.
        let out = one(
            "QUASI-1216",
            failure("high"),
            proc_(kind, "2026-03-10T12:00:00+05:00"),
        );
        assert_unmoved(&out, "2026-03-10T12:00:00+05:00");
    }
}

#[test]
fn s36_s37_s25_s26_new_kinds_are_not_moved_by_a_failure() {
    // deadlines.md §4 gives no failure rule for supplements, opening, admission, results
    // or contract approval (only planned works move them, 002 §41, 000 §31).
    for rules in ["QUASI-1216", "GZ-627"] {
        for kind in [
            "supplement_end",
            "opening",
            "admission",
            "results",
            "contract_approval",
        ] {
            let out = one(
                rules,
                failure("high"),
                proc_(kind, "2026-03-10T12:00:00+05:00"),
            );
            assert_unmoved(&out, "2026-03-10T12:00:00+05:00");
            assert_eq!(out["clause"], Value::Null, "{out}");
        }
    }
}

/// ENERGY-366 worked example: Tue 17 March 2026 16:00–17:00.
fn energy_failure(criticality: &str) -> Value {
    json!({"criticality": criticality, "started_at": "2026-03-17T16:00:00+05:00",
           "fixed_at": "2026-03-17T17:00:00+05:00"})
}

#[test]
fn energy_366_s29_3_any_level_only_when_the_failure_began_before_the_deadline() {
    // 004 §29.3: acceptance ending Tue 18:00 → Wed 18 March 18:00 at every level (edition
    // 1: not for low); one ending Tue 09:30, before the failure began, stays (edition 1
    // moved it).
    for level in ["low", "medium", "high"] {
        let out = one(
            "ENERGY-366",
            energy_failure(level),
            acceptance("auction", "2026-03-17T18:00:00+05:00"),
        );
        assert_moved(&out, "004 §29.3", "2026-03-18T18:00:00+05:00");
        let out = one(
            "ENERGY-366",
            energy_failure(level),
            acceptance("auction", "2026-03-17T09:30:00+05:00"),
        );
        assert_unmoved(&out, "2026-03-17T09:30:00+05:00");
        assert_eq!(out["clause"], "004 §29.3");
    }
    let out = run(&input(
        "ENERGY-366",
        energy_failure("low"),
        json!([acceptance("tender", "2026-03-17T18:00:00+05:00")]),
    ));
    assert_eq!(duty(&out, "notify_suppliers")["procedures"], json!(["p1"]));
}

#[test]
fn energy_366_s29_4_a_protocol_formed_during_the_failure_is_annulled() {
    // 004 §29.4: «мұндай хаттамалардың күші жойылады»; the deadline as §29.3 gives it.
    let mut p = acceptance("tender", "2026-03-17T18:00:00+05:00");
    p["protocol_formed"] = json!(true);
    let out = one("ENERGY-366", energy_failure("low"), p);
    assert_moved(&out, "004 §29.3", "2026-03-18T18:00:00+05:00");
    assert_eq!(out["annul_protocol"], true);
    assert!(out["explanation"].as_str().unwrap().contains("004 §29.4"));
}

#[test]
fn quasi_1216_s41_maintenance_by_date_an_acceptance_at_19_59_before_works_at_20_00_moves() {
    // deadlines.md §4.7: works Fri 27 March 20:00 → Sat 28 March 02:00 (6 h), announced
    // Thu 26 March 09:00 — due by Wed 25 March 20:00, late. A tender acceptance ending Fri
    // 19:59: later of Sat 01:59 and Mon 30 March 19:59 → Mon 19:59. A contract signing Fri
    // 23:00: later of Sat 05:00 and Mon 23:00 → Mon 30 March 23:00. Every new kind on Sat
    // 01:00 → Mon 30 March 01:00.
    let mut procedures = vec![
        json!({"id": "a", "kind": "acceptance_end", "method": "tender", "deadline": "2026-03-27T19:59:00+05:00"}),
        json!({"id": "b", "kind": "contract_signing", "deadline": "2026-03-27T23:00:00+05:00"}),
    ];
    let new_kinds = [
        "supplement_end",
        "opening",
        "admission",
        "results",
        "contract_approval",
    ];
    for k in new_kinds {
        procedures.push(json!({"id": k, "kind": k, "deadline": "2026-03-28T01:00:00+05:00"}));
    }
    let out = run(&json!({
        "rules": "QUASI-1216",
        "maintenance": {"starts_at": "2026-03-27T20:00:00+05:00",
                        "ends_at": "2026-03-28T02:00:00+05:00",
                        "announced_at": "2026-03-26T09:00:00+05:00"},
        "procedures": procedures,
    }));
    let p = &out["procedures"];
    assert_moved(&p[0], "002 §41", "2026-03-30T19:59:00+05:00");
    assert_moved(&p[1], "002 §41", "2026-03-30T23:00:00+05:00");
    for i in 2..7 {
        assert_moved(&p[i], "002 §41", "2026-03-30T01:00:00+05:00");
    }
    assert_eq!(
        out["maintenance"]["announce_by"],
        "2026-03-25T20:00:00+05:00"
    );
    assert_eq!(out["maintenance"]["announced_in_time"], false);
    let d = duty(&out, "announce_maintenance");
    assert_eq!(d["due"], "2026-03-25T20:00:00+05:00");
    assert!(
        d["explanation"].as_str().unwrap().contains("too late"),
        "{d}"
    );
}

#[test]
fn quasi_1216_s41_the_home_page_announcement_names_the_works_and_each_moved_deadline() {
    // 002 §41 «уведомляет пользователей … сроки … переносятся»: the notice for the home
    // page, in Kazakh and Russian whatever the answer's language. Works Fri 27.03.2026
    // 20:00 → Sat 28.03 02:00; the tender acceptance Fri 19:59 moves to Mon 30.03 19:59,
    // the complaint (a kind 002 §41 does not name) stays and is not listed.
    let out = run_in(
        &json!({
            "rules": "QUASI-1216",
            "maintenance": {"starts_at": "2026-03-27T20:00:00+05:00",
                            "ends_at": "2026-03-28T02:00:00+05:00"},
            "procedures": [
                {"id": "T-7", "kind": "acceptance_end", "method": "tender",
                 "deadline": "2026-03-27T19:59:00+05:00"},
                {"id": "C-1", "kind": "complaint", "deadline": "2026-03-27T21:00:00+05:00"},
            ],
        }),
        Lang::En,
    );
    let a = &out["maintenance"]["announcement"];
    let ru = a["ru"].as_str().unwrap();
    assert!(
        ru.starts_with("Уважаемые пользователи! С 27.03.2026 20:00 до 28.03.2026 02:00"),
        "{ru}"
    );
    assert!(ru.contains("(002 §41)"), "{ru}");
    assert!(
        ru.contains("(T-7): 27.03.2026 19:59 → 30.03.2026 19:59"),
        "{ru}"
    );
    assert!(!ru.contains("C-1"), "{ru}");
    let kk = a["kk"].as_str().unwrap();
    assert!(
        kk.starts_with("Құрметті пайдаланушылар! 27.03.2026 20:00 бастап"),
        "{kk}"
    );
    assert!(kk.contains("30.03.2026 19:59"), "{kk}");
    // Works on which no deadline falls say so.
    let none = run(&json!({
        "rules": "GZ-627",
        "maintenance": {"starts_at": "2026-03-27T20:00:00+05:00",
                        "ends_at": "2026-03-28T02:00:00+05:00"},
        "procedures": [],
    }));
    assert!(
        none["maintenance"]["announcement"]["ru"]
            .as_str()
            .unwrap()
            .ends_with("Сроков процедур, выпадающих на даты проведения работ, нет."),
        "{none}"
    );
}

#[test]
fn gz_627_s31_maintenance_longer_than_the_gap_moves_by_its_length() {
    // 000 §31: works Fri 13 March 18:00 → Mon 16 March 08:00 (62 h); an acceptance ending
    // Mon 07:00: + 62 h = Wed 18 March 21:00, later than Tue 17 March 07:00 (the first
    // working day after the works) → Wed 21:00.
    let out = run(&json!({
        "rules": "GZ-627",
        "maintenance": {"starts_at": "2026-03-13T18:00:00+05:00",
                        "ends_at": "2026-03-16T08:00:00+05:00"},
        "procedures": [acceptance("one_source", "2026-03-16T07:00:00+05:00")],
    }));
    assert_moved(
        &out["procedures"][0],
        "000 §31",
        "2026-03-18T21:00:00+05:00",
    );
}

// ---- explanations ---------------------------------------------------------------------

#[test]
fn explanations_in_kk_ru_en_name_the_clause_the_old_and_new_deadline_and_the_annulment() {
    // 002 §37.7: 11:00 on Fri 20 March → Thu 26 March 11:00, protocol annulled.
    let i = input(
        "QUASI-1216",
        friday_failure("high"),
        json!([proc_("auction_trading", "2026-03-20T11:00:00+05:00")]),
    );
    for (lang, annul) in [
        (Lang::Kk, "жойылады"),
        (Lang::Ru, "аннулируются"),
        (Lang::En, "annulled"),
    ] {
        let text = run_in(&i, lang)["procedures"][0]["explanation"]
            .as_str()
            .unwrap()
            .to_owned();
        for needle in ["002 §37.7", "20.03.2026 11:00", "26.03.2026 11:00", annul] {
            assert!(text.contains(needle), "{lang}: {needle} missing in {text}");
        }
    }
}

#[test]
fn explanations_say_when_bids_must_be_resubmitted() {
    // 002 §37.9.
    let i = input(
        "QUASI-1216",
        undecryptable(),
        json!([acceptance("tender", "2026-03-12T10:00:00+05:00")]),
    );
    for (lang, resubmit) in [
        (Lang::Kk, "қайтадан беруі тиіс"),
        (Lang::Ru, "повторно подать"),
        (Lang::En, "submit their bids and price offers again"),
    ] {
        let text = run_in(&i, lang)["procedures"][0]["explanation"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(text.contains(resubmit), "{lang}: {text}");
        assert!(text.contains("002 §37.9"), "{lang}: {text}");
    }
}

// ---- bad input ------------------------------------------------------------------------

#[test]
fn bad_input_is_named_by_its_field() {
    let mut f = failure("high");
    f["fixed_at"] = json!("2026-03-10T09:00:00+05:00");
    assert!(error(&input("QUASI-1216", f, json!([]))).starts_with("failure.fixed_at:"));

    let e = error(&input(
        "QUASI-1216",
        failure("high"),
        json!([
            proc_("complaint", "2026-03-10T12:00:00+05:00"),
            proc_("bid_opening", "2026-03-10T12:00:00+05:00")
        ]),
    ));
    assert!(e.starts_with("procedures[1].kind:"), "{e}");

    let e = error(&input(
        "QUASI-1216",
        failure("high"),
        json!([proc_("acceptance_end", "2026-03-10T12:00:00+05:00")]),
    ));
    assert!(e.starts_with("procedures[0].method:"), "{e}");

    let e = error(&input(
        "QUASI-1216",
        failure("high"),
        json!([acceptance("tender", "tomorrow")]),
    ));
    assert!(e.starts_with("procedures[0].deadline:"), "{e}");

    let e = error(&input("ETP-CC", failure("high"), json!([])));
    assert!(e.starts_with("rules:") && e.contains("ETP-CC"), "{e}");

    let e = error(&json!({"rules": "QUASI-1216", "procedures": []}));
    assert!(e.starts_with("failure:"), "{e}");

    // An acceptance period that starts after its deadline (002 §36.7).
    let mut p = acceptance("tender", "2026-03-10T12:00:00+05:00");
    p["period_start"] = json!("2026-03-10T12:00:01+05:00");
    let e = error(&input("QUASI-1216", failure("medium"), json!([p.clone()])));
    assert!(e.starts_with("procedures[0].period_start:"), "{e}");
    p["period_start"] = json!("yesterday");
    let e = error(&input("QUASI-1216", failure("medium"), json!([p])));
    assert!(e.starts_with("procedures[0].period_start:"), "{e}");

    let mut f = failure("high");
    f["criticality"] = json!("severe");
    assert!(error(&input("QUASI-1216", f, json!([]))).starts_with("failure.criticality:"));
}

// ---- properties -----------------------------------------------------------------------

const KINDS: [&str; 14] = [
    "acceptance_end",
    "acceptance_start",
    "supplement_end",
    "opening",
    "admission",
    "results",
    "auction_trading",
    "contract_approval",
    "contract_signing",
    "complaint",
    "discussion",
    "desk_control_end",
    "desk_control_notice_end",
    "tariff_end",
];
const METHODS: [&str; 5] = [
    "tender",
    "auction",
    "price_request",
    "housing",
    "one_source",
];
/// The kinds planned works move (002 §41, 000 §31).
const MAINTENANCE_KINDS: [&str; 7] = [
    "acceptance_end",
    "supplement_end",
    "opening",
    "admission",
    "results",
    "contract_approval",
    "contract_signing",
];

fn rfc(minutes_since_2019: i64) -> String {
    let base = chrono::DateTime::parse_from_rfc3339("2019-01-01T00:00:00+06:00").unwrap();
    (base + chrono::Duration::minutes(minutes_since_2019))
        .with_timezone(&chrono_tz::Asia::Almaty)
        .to_rfc3339()
}

fn instant(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

prop_compose! {
    fn scenario()(
        rules in prop::sample::select(vec!["QUASI-1216", "GZ-627", "ENERGY-366"]),
        level in prop::sample::select(vec!["low", "medium", "high"]),
        start in 0i64..(8 * 365 * 24 * 60),
        outage in 0i64..(4 * 24 * 60),
        decryption in any::<bool>(),
        procs in prop::collection::vec(
            (0usize..14, 0usize..5, -(3 * 24 * 60i64)..(6 * 24 * 60), any::<bool>(),
             prop::option::of(0i64..(3 * 24 * 60))), 1..8),
    ) -> (Value, i64, i64) {
        let procedures: Vec<Value> = procs.iter().enumerate()
            .map(|(i, (k, m, offset, formed, period))| json!({
                "id": format!("p{i}"), "kind": KINDS[*k], "method": METHODS[*m],
                "deadline": rfc(start + offset), "protocol_formed": formed,
                "period_start": period.map(|len| rfc(start + offset - len)),
            })).collect();
        (json!({"rules": rules, "failure": {
            "criticality": level, "started_at": rfc(start), "fixed_at": rfc(start + outage),
            "confirmed_at": rfc(start + outage / 2), "decryption_impossible": decryption},
            "procedures": procedures}), start, outage)
    }
}

/// Whether deadlines.md §4 edition 2 (plus the clauses the data adds: 002 §37.8, §48,
/// 000 §26.8) moves a procedure. Written out independently of the data files, as a check
/// on them.
struct Case<'a> {
    rules: &'a str,
    level: &'a str,
    decryption: bool,
    kind: &'a str,
    method: &'a str,
    protocol_formed: bool,
    /// `started_at ≤ deadline ≤ fixed_at`.
    in_window: bool,
    /// `started_at ≤ deadline`.
    from_start: bool,
    /// `started_at ≤ period_start` and `deadline ≤ fixed_at` (002 §36.7).
    period_inside: bool,
    /// The deadline's Astana date is one of the failure's dates.
    on_failure_date: bool,
}

fn moves(c: &Case) -> bool {
    let high = c.level == "high";
    let three = ["price_request", "auction", "tender"].contains(&c.method);
    match (c.rules, c.level) {
        // 004 §29.3: any level, a deadline on a failure date the failure could affect.
        ("ENERGY-366", _) => c.kind == "acceptance_end" && c.on_failure_date && c.from_start,
        (_, "low") => false, // 002 §35, 000 §24
        // 002 §37.9–10, 000 §26.9–10: every such acceptance, inside the window or not.
        _ if high && c.decryption && c.kind == "acceptance_end" && three => true,
        // 002 §48: a tariff ending on a failure date.
        ("QUASI-1216", _) if c.kind == "tariff_end" => c.on_failure_date,
        _ if !c.in_window => false,
        ("QUASI-1216", level) if c.kind == "acceptance_end" => {
            c.protocol_formed // 002 §49, any method
                || match level {
                    // 002 §36.7 any method; §36.3 tender and price request only.
                    "medium" => c.period_inside || ["tender", "price_request"].contains(&c.method),
                    // 002 §37.4: not one-source.
                    _ => c.method != "one_source",
                }
        }
        // 000 §25.2 any method; 000 §26.4 tender, auction, price request.
        ("GZ-627", level) if c.kind == "acceptance_end" => level == "medium" || three,
        // 002 §37.8, 000 §26.8: the start of acceptance moves only for a high failure.
        _ if c.kind == "acceptance_start" => high,
        _ if [
            "auction_trading",
            "contract_signing",
            "complaint",
            "discussion",
        ]
        .contains(&c.kind) =>
        {
            true
        }
        // 000 §25.2, §26.2: desk control and its notices.
        ("GZ-627", _) => ["desk_control_end", "desk_control_notice_end"].contains(&c.kind),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// deadlines.md §4: a moved deadline is never earlier than the original nor than the
    /// fix (the guard); an unaffected procedure (outside `started_at ≤ deadline ≤ fixed_at`,
    /// a low failure, a method outside the clause's scope, a kind no clause names) never
    /// moves, except where a clause reaches past the window (004 §29.3 and 002 §48 by
    /// date, 002 §37.9–10 and 000 §26.9–10 every acceptance); and every affected procedure
    /// does move when the failure took any time at all.
    #[test]
    fn a_new_deadline_is_never_earlier_nor_before_the_fix_and_unaffected_procedures_never_move(
        (input, _, outage) in scenario()
    ) {
        let out = run(&input);
        let failure = &input["failure"];
        let (started, fixed) = (
            instant(failure["started_at"].as_str().unwrap()),
            instant(failure["fixed_at"].as_str().unwrap()),
        );
        let tz = chrono_tz::Asia::Almaty;
        let dates = started.with_timezone(&tz).date_naive()..=fixed.with_timezone(&tz).date_naive();
        for (p, o) in input["procedures"].as_array().unwrap().iter()
            .zip(out["procedures"].as_array().unwrap())
        {
            let old = instant(p["deadline"].as_str().unwrap());
            let new = instant(o["new_deadline"].as_str().unwrap());
            prop_assert!(new >= old, "{p} → {o}");
            prop_assert_eq!(o["extended"].as_bool().unwrap(), new > old);
            if new > old {
                prop_assert!(new >= fixed, "before the fix: {} → {}", p, o);
            }
            let period = p["period_start"].as_str().map(instant);
            let case = Case {
                rules: input["rules"].as_str().unwrap(),
                level: failure["criticality"].as_str().unwrap(),
                decryption: failure["decryption_impossible"] == true,
                kind: p["kind"].as_str().unwrap(),
                method: p["method"].as_str().unwrap(),
                protocol_formed: p["protocol_formed"] == true,
                in_window: started <= old && old <= fixed,
                from_start: started <= old,
                period_inside: period.is_some_and(|s| started <= s) && old <= fixed,
                on_failure_date: dates.contains(&old.with_timezone(&tz).date_naive()),
            };
            if !moves(&case) {
                prop_assert_eq!(new, old, "{} moved: {}", p, o);
                prop_assert_eq!(o["resubmit"].as_bool(), Some(false), "{}", o);
            } else if outage > 0 {
                prop_assert!(new > old, "{} did not move: {}", p, o);
            }
        }
    }

    /// 002 §41, 000 §31: a deadline of a listed kind whose Astana date is a date of the
    /// works moves to exactly the later of `deadline + length` and the first working day
    /// after their last date at its own time of day — so never onto a date of the works;
    /// every other deadline stays; the announcement is in time iff made at least 48 h
    /// before `starts_at`.
    #[test]
    fn planned_maintenance_moves_the_deadlines_on_the_dates_of_the_works_past_them(
        rules in prop::sample::select(vec!["QUASI-1216", "GZ-627"]),
        start in (5 * 365 * 24 * 60i64)..(8 * 365 * 24 * 60),
        length in 0i64..(2 * 24 * 60),
        announced in -(5 * 24 * 60i64)..(24 * 60),
        procs in prop::collection::vec((0usize..14, -(24 * 60i64)..(3 * 24 * 60)), 1..6),
    ) {
        let procedures: Vec<Value> = procs.iter().enumerate().map(|(i, (k, offset))| json!({
            "id": format!("p{i}"), "kind": KINDS[*k], "method": "tender",
            "deadline": rfc(start + offset),
        })).collect();
        let out = run(&json!({"rules": rules, "maintenance": {
            "starts_at": rfc(start), "ends_at": rfc(start + length),
            "announced_at": rfc(start + announced)}, "procedures": procedures}));
        let tz = chrono_tz::Asia::Almaty;
        let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz);
        let (first, last) = (
            local(instant(&rfc(start))).date_naive(),
            local(instant(&rfc(start + length))).date_naive(),
        );
        for ((k, offset), o) in procs.iter().zip(out["procedures"].as_array().unwrap()) {
            let old = instant(&rfc(start + offset));
            let new = instant(o["new_deadline"].as_str().unwrap());
            let day = local(old).date_naive();
            if (first..=last).contains(&day) && MAINTENANCE_KINDS.contains(&KINDS[*k]) {
                let after = Calendar::builtin()
                    .next_working_day(last)
                    .and_time(local(old).time())
                    .and_local_timezone(tz)
                    .unwrap()
                    .to_utc();
                let expected = after.max(old + chrono::Duration::minutes(length));
                prop_assert_eq!(new, expected, "{}", o);
                prop_assert!(local(new).date_naive() > last, "{}", o);
            } else {
                prop_assert_eq!(new, old, "{}", o);
            }
        }
        prop_assert_eq!(
            out["maintenance"]["announced_in_time"].as_bool(),
            Some(announced <= -(2 * 24 * 60))
        );
    }

    /// The trading stage moved by 002 §36.4, §37.7 or 000 §26.7. (000 §25.2 moves it by the
    /// fix time, as deadlines.md §4 says, which may end on any day.)
    #[test]
    fn auction_trading_always_lands_on_a_working_day(
        (input, _, _) in scenario()
    ) {
        let out = run(&input);
        let tz = chrono_tz::Asia::Almaty;
        for (p, o) in input["procedures"].as_array().unwrap().iter()
            .zip(out["procedures"].as_array().unwrap())
        {
            if p["kind"] == "auction_trading" && o["extended"] == true && o["clause"] != "000 §25.2" {
                let day = instant(o["new_deadline"].as_str().unwrap()).with_timezone(&tz).date_naive();
                prop_assert!(Calendar::builtin().is_working_day(day), "{o}");
            }
        }
    }
}
