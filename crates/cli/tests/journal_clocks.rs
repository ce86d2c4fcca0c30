#![allow(clippy::unwrap_used)]
//! Issue 12 in the journal from a terminal: the failure type decides the operator's
//! fault, reclassification, late reports and support hours, as a script would use them.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::{expect_ok as ok, stderr};
use desk_testkit::rows::add_args;

fn desk(dir: &Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .lang("ru")
        .run(args)
}

/// A journal with one appeal received by e-mail at `received` under QUASI-1216.
fn journal(received: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    journal_under("QUASI-1216", received, extra)
}

fn journal_under(rules: &str, received: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok(desk(dir.path(), &["setup", "--workstation", "AST1"]));
    let mut args = add_args("ТОО «Сапа»", "buyer@example.kz", "Портал недоступен");
    args.extend_from_slice(&["--received-at", received, "--rule-set", rules, "--json"]);
    args.extend_from_slice(extra);
    let row: serde_json::Value = serde_json::from_str(&ok(desk(dir.path(), &args))).unwrap();
    let number = row["number"].as_str().unwrap().to_owned();
    (dir, number)
}

fn show(dir: &Path, number: &str) -> serde_json::Value {
    serde_json::from_str(&ok(desk(dir, &["journal", "show", number, "--json"]))).unwrap()
}

fn ids(show: &serde_json::Value) -> Vec<String> {
    show["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{}:{}",
                o["id"].as_str().unwrap(),
                o["state"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn s26_s38_triage_needs_the_failure_type_and_a_contradicting_fault_exits_2_naming_it() {
    let (dir, n) = journal("10.03.2026 13:10", &[]);
    let triage = |extra: &[&str]| {
        let mut args = vec![
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "medium",
            "--decision",
            "Перезапуск",
            "--at",
            "10.03.2026 15:30",
        ];
        args.extend_from_slice(extra);
        desk(dir.path(), &args)
    };
    // 002 §26: no type, no confirmation; nothing written.
    let no_type = triage(&[]);
    assert_eq!(no_type.status.code(), Some(2));
    assert_eq!(
        stderr(&no_type),
        "desk: Вид технического сбоя: выберите вид подтверждённого сбоя (002 §26)\n"
    );
    // 002 §38: a computer attack is not the operator's fault; saying it is, is refused.
    let contradiction = triage(&["--failure-type", "computer_attack", "--operator-fault"]);
    assert_eq!(contradiction.status.code(), Some(2));
    assert!(
        stderr(&contradiction).starts_with("desk: По вине Оператора: противоречит виду сбоя"),
        "{}",
        stderr(&contradiction)
    );
    assert_eq!(show(dir.path(), &n)["appeal"]["status"], "registered");
    // The type alone decides: a computer attack owes no fix clock (002 §38, last
    // paragraph)…
    ok(triage(&["--failure-type", "computer_attack"]));
    let shown = show(dir.path(), &n);
    assert_eq!(shown["appeal"]["operator_fault"], false);
    assert!(
        ids(&shown).iter().all(|o| !o.starts_with("fix:")),
        "{:?}",
        ids(&shown)
    );

    // …an operator's unlawful action does (medium: 2 WD from the registration, which the
    // CLI records now).
    let (dir, n) = journal("10.03.2026 13:10", &[]);
    ok(desk(
        dir.path(),
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "medium",
            "--failure-type",
            "operator_unlawful_actions",
            "--decision",
            "Перезапуск",
            "--at",
            "10.03.2026 15:30",
        ],
    ));
    let shown = show(dir.path(), &n);
    assert_eq!(shown["appeal"]["operator_fault"], true);
    let fix = shown["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "fix")
        .unwrap();
    assert_eq!(
        (&fix["clause"], &fix["state"]),
        (&"002 §38".into(), &"pending".into())
    );
}

#[test]
fn s35_1_s36_s37_3_desk_journal_reclassify_brings_the_high_duties_and_supersedes_the_rest() {
    // deadlines.md §3.8: medium confirmed Mon 16.03.2026 11:00 (the suppliers' notice due
    // 12:00, 1 h WT), reclassified high at 11:45: the authority at once (15 min CT →
    // 12:00), the home page within 30 min CT (→ 12:15), the suppliers' notice superseded.
    let (dir, n) = journal("16.03.2026 10:40", &[]);
    ok(desk(
        dir.path(),
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "medium",
            "--failure-type",
            "operator_insufficient_security",
            "--decision",
            "Перезапуск",
            "--at",
            "16.03.2026 11:00",
        ],
    ));
    let no_reason = desk(
        dir.path(),
        &[
            "journal",
            "reclassify",
            &n,
            "--level",
            "high",
            "--reason",
            " ",
        ],
    );
    assert_eq!(no_reason.status.code(), Some(2));
    assert_eq!(
        stderr(&no_reason),
        "desk: Причина переклассификации: обязательное поле\n"
    );
    let out = ok(desk(
        dir.path(),
        &[
            "journal",
            "reclassify",
            &n,
            "--level",
            "high",
            "--reason",
            "Недоступны все модули",
            "--at",
            "16.03.2026 11:45",
        ],
    ));
    assert_eq!(out.trim(), format!("{n} · уровень: Высокий"));
    let shown = show(dir.path(), &n);
    let rows: Vec<String> = shown["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {}",
                o["id"], o["round"], o["due_astana"], o["state"]
            )
        })
        .collect();
    for expected in [
        r#""notify_participants" 1 "16.03.2026 12:00" "superseded""#,
        r#""inform_authority" 2 "16.03.2026 12:00" "pending""#,
        r#""post_homepage" 2 "16.03.2026 12:15" "pending""#,
    ] {
        assert!(
            rows.iter().any(|r| r == expected),
            "{expected} in {rows:#?}"
        );
    }
    // Issue 12 item 2: the reading beside the due, no clock code.
    let text = ok(desk(dir.path(), &["journal", "show", &n]));
    let authority = text
        .lines()
        .find(|l| l.contains("16.03.2026 12:00") && l.contains("002 §37.1"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        authority.contains("незамедлительно — в течение 15 мин"),
        "{authority}"
    );
    // A refuted appeal has no level to change.
    let (dir, n) = journal("16.03.2026 10:40", &[]);
    let refused = desk(
        dir.path(),
        &[
            "journal",
            "reclassify",
            &n,
            "--level",
            "high",
            "--reason",
            "x",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("сбой не подтверждён"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn s28_1_a_late_report_is_flagged_in_journal_show_and_its_json() {
    // 002 §28.1: detected 10.03.2026 11:00, received 13:10: flagged, registered anyway.
    let (dir, n) = journal("10.03.2026 13:10", &["--detected-at", "10.03.2026 11:00"]);
    let shown = show(dir.path(), &n);
    assert_eq!(shown["late_report"]["clause"], "002 §28.1");
    assert_eq!(shown["late_report"]["due_astana"], "10.03.2026 12:00");
    let text = ok(desk(dir.path(), &["journal", "show", &n]));
    assert!(
        text.contains("⚠ Сообщено поздно (002 §28.1)") && text.contains("в течение 1 ч"),
        "{text}"
    );
    // Within the hour: no flag.
    let (dir, n) = journal("10.03.2026 13:10", &["--detected-at", "10.03.2026 12:30"]);
    assert!(show(dir.path(), &n)["late_report"].is_null());
}

fn due(show: &serde_json::Value, id: &str) -> String {
    show["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .map(|o| o["due_astana"].as_str().unwrap_or_default().to_owned())
        .unwrap()
}

#[test]
fn s28_support_hours_are_recorded_listed_and_used_by_the_journals_clocks() {
    // 002 §28, §31: an e-mail on Saturday 14.03.2026 10:00 is analysed within 2 h of
    // working time: Monday 16.03 11:00 on the rule set's hours, Saturday 12:00 once
    // round-the-clock support is recorded for March.
    let (dir, n) = journal("14.03.2026 10:00", &[]);
    assert_eq!(due(&show(dir.path(), &n), "analyze"), "16.03.2026 11:00");
    assert_eq!(
        ok(desk(dir.path(), &["settings", "support-hours", "list"])).trim(),
        "Периоды поддержки не записаны: действует рабочее время по правилам."
    );
    let add = |extra: &[&str]| {
        let mut args = vec!["settings", "support-hours", "add"];
        args.extend_from_slice(extra);
        desk(dir.path(), &args)
    };
    let no_letter = add(&[
        "--mode",
        "round_the_clock",
        "--from",
        "01.03.2026 00:00",
        "--to",
        "01.04.2026 00:00",
    ]);
    assert_eq!(no_letter.status.code(), Some(2));
    assert!(
        stderr(&no_letter).starts_with("desk: Письмо уполномоченного органа о согласовании"),
        "{}",
        stderr(&no_letter)
    );
    let added = ok(add(&[
        "--mode",
        "round_the_clock",
        "--from",
        "01.03.2026 00:00",
        "--to",
        "01.04.2026 00:00",
        "--letter",
        "№ 12-3/456 от 20.02.2026",
    ]));
    assert!(
        added.contains("Круглосуточно с 01.03.2026 00:00 по 01.04.2026 00:00"),
        "{added}"
    );
    assert_eq!(due(&show(dir.path(), &n), "analyze"), "14.03.2026 12:00");
    let text = ok(desk(dir.path(), &["journal", "show", &n]));
    assert!(
        text.contains("Часы поддержки, применённые к обращению:\n  Круглосуточно с 01.03.2026"),
        "{text}"
    );
    // Extended hours overlapping March are refused naming the field.
    let overlap = add(&[
        "--mode",
        "extended",
        "--from",
        "15.03.2026 00:00",
        "--to",
        "01.05.2026 00:00",
        "--open",
        "08:00",
        "--close",
        "21:00",
    ]);
    assert_eq!(overlap.status.code(), Some(2));
    assert!(
        stderr(&overlap).starts_with("desk: Начало периода: период пересекается"),
        "{}",
        stderr(&overlap)
    );
    ok(add(&[
        "--mode",
        "extended",
        "--from",
        "01.04.2026 00:00",
        "--to",
        "01.05.2026 00:00",
        "--open",
        "08:00",
        "--close",
        "21:00",
    ]));
    let listed: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        &["settings", "support-hours", "list", "--json"],
    )))
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[1]["open"], "08:00");
    // The journal check still finds the chain and the pages intact.
    ok(desk(dir.path(), &["journal", "verify"]));
}

#[test]
fn etp_cc_1_5_desk_journal_extend_decision_moves_the_due_by_at_most_15_calendar_days() {
    // 003 App. 4 §1.5: received Fri 27.11.2026 10:00, the decision due 3 WD later; the
    // extension to 10.12 lies within 15 CD of it, one to 31.12 does not.
    let (dir, n) = journal_under("ETP-CC", "27.11.2026 10:00", &[]);
    let original = due(&show(dir.path(), &n), "analyze");
    let extend = |until: &str| {
        desk(
            dir.path(),
            &[
                "journal",
                "extend-decision",
                &n,
                "--until",
                until,
                "--notice",
                "Письма пользователю и единому оператору",
                "--at",
                "30.11.2026 10:00",
            ],
        )
    };
    let too_long = extend("31.12.2026 20:00");
    assert_eq!(too_long.status.code(), Some(2));
    assert!(
        stderr(&too_long).starts_with("desk: Новый срок решения: срок решения продлевается не более чем на 15 календарных дней"),
        "{}",
        stderr(&too_long)
    );
    let out = ok(extend("10.12.2026 20:00"));
    assert_eq!(
        out.trim(),
        format!("{} · срок решения: 10.12.2026 20:00", n)
    );
    assert_ne!(original, "10.12.2026 20:00");
    let shown = show(dir.path(), &n);
    assert_eq!(due(&shown, "analyze"), "10.12.2026 20:00");
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    // In the order they happened: the extension (30.11) before the CLI's registration (now).
    assert!(kinds.contains(&"decision_extended"), "{kinds:?}");
}

/// An ETP-CC appeal about `platform` received at `received`, confirmed half an hour later
/// and fixed at `fixed`; returns its number.
fn platform_failure(
    dir: &Path,
    platform: &str,
    received: &str,
    confirmed: &str,
    fixed: &str,
) -> String {
    let mut args = add_args("ТОО «Сапа»", "buyer@example.kz", "Заказы не подтверждаются");
    args.extend_from_slice(&[
        "--received-at",
        received,
        "--rule-set",
        "ETP-CC",
        "--portal-module",
        platform,
        "--json",
    ]);
    let row: serde_json::Value = serde_json::from_str(&ok(desk(dir, &args))).unwrap();
    let n = row["number"].as_str().unwrap().to_owned();
    ok(desk(
        dir,
        &[
            "journal",
            "triage",
            &n,
            "--analysis",
            "confirmed",
            "--criticality",
            "high",
            "--failure-type",
            "operator_physical_damage",
            "--decision",
            "Сервис заказов перезапущен",
            "--at",
            confirmed,
        ],
    ));
    ok(desk(dir, &["journal", "event", &n, "fixed", "--at", fixed]));
    n
}

#[test]
fn a47_3_failures_of_a_platform_on_more_than_7_days_running_are_a_ground_to_disconnect_it() {
    // 003 App. 7 §47.3: 1–4 March and 5–8 March 2026, one day after another: 8 days. §48:
    // 5 WD from the 8th day (Sunday 8 March; Monday 9 March a day off) → 16 March.
    let dir = tempfile::tempdir().unwrap();
    ok(desk(dir.path(), &["setup", "--workstation", "AST1"]));
    let platform = "ЭСА «Тендер»";
    let first = platform_failure(
        dir.path(),
        platform,
        "01.03.2026 10:00",
        "01.03.2026 10:30",
        "04.03.2026 12:00",
    );
    let second = platform_failure(
        dir.path(),
        platform,
        "05.03.2026 09:00",
        "05.03.2026 09:30",
        "08.03.2026 18:00",
    );
    // Another platform's failure on the days between does not join the streak.
    platform_failure(
        dir.path(),
        "ЭСА «Сауда»",
        "02.03.2026 11:00",
        "02.03.2026 11:30",
        "03.03.2026 10:00",
    );

    let text = ok(desk(
        dir.path(),
        &["commission", "disconnection", "--as-of", "20.03.2026"],
    ));
    assert_eq!(text.lines().count(), 1, "{text}");
    for needle in [
        "ЭСА «Тендер»",
        "8 календарных дней подряд",
        "01.03.2026 – 08.03.2026",
        first.as_str(),
        second.as_str(),
        "до 16.03.2026",
        "003 прил. 7 §47.3",
        // Judged today, long after 16 March 2026.
        "срок решения истёк",
    ] {
        assert!(text.contains(needle), "{needle} missing: {text}");
    }
    let json: serde_json::Value = serde_json::from_str(&ok(desk(
        dir.path(),
        &[
            "commission",
            "disconnection",
            "--as-of",
            "2026-03-20",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(json[0]["streak"]["days"], 8);
    assert_eq!(json[0]["streak"]["decide_by"], "2026-03-16");

    // On 7 March the streak is 7 days long (the second failure open since the 5th): none.
    let early = ok(desk(
        dir.path(),
        &["commission", "disconnection", "--as-of", "07.03.2026"],
    ));
    assert!(early.starts_with("Ни у одной торговой площадки"), "{early}");
    let bad = desk(
        dir.path(),
        &["commission", "disconnection", "--as-of", "32.03.2026"],
    );
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}
