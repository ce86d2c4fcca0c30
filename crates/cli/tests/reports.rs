#![allow(clippy::unwrap_used)]
//! `desk report daily --pdf` and `desk report yearly` (002 §43–44, 000 §33–34) on a
//! journal built from the terminal with past instants: the yearly counts and an SLA
//! figure worked out by hand, the PDFs read back with poppler's `pdftotext`, bad input.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::checkers::pdftotext_layout as pdftotext;
use desk_testkit::desk::expect_ok as ok;
use desk_testkit::rows::{DESCRIPTION, add_args};

fn cli(dir: &Path, user: &str, lang: &str) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user(user)
        .env("DESK_PASSWORD", &format!("{user}-secret"))
        .lang(lang)
}

fn desk(dir: &Path, user: &str, lang: &str, args: &[&str]) -> Output {
    cli(dir, user, lang).run(args)
}

fn add(dir: &Path, org: &str, received: &str) -> String {
    let mut args = add_args(org, "buyer@example.kz", DESCRIPTION);
    args.extend(["--rule-set", "QUASI-1216", "--received-at", received]);
    cli(dir, "boss", "ru").add(&args)
}

/// Two failures in March 2026 and one in December 2025:
/// - A, received 10.03.2026 10:00, confirmed 10:20 (medium, computer attack), fixed 16:00;
/// - B, received 11.03.2026 10:00, refuted only on 12.03.2026 15:00;
/// - C, received 10.12.2025 10:00, confirmed the same day: outside 2026.
fn journal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(desk(d, "boss", "ru", &["setup", "--workstation", "AST1"]));
    ok(desk(
        d,
        "boss",
        "ru",
        &["users", "set", "nurlan", "specialist"],
    ));
    ok(cli(d, "boss", "ru")
        .env("DESK_NEW_PASSWORD", "nurlan-secret")
        .run(&["users", "set-password", "nurlan"]));
    let a = add(d, "ТОО «Қазақ Телеком»", "10.03.2026 10:00");
    let b = add(d, "АО «Самұрық-Қазына»", "11.03.2026 10:00");
    let c = add(d, "ТОО «Өткен жыл»", "10.12.2025 10:00");
    let triage = |n: &str, extra: &[&str]| {
        let mut args = vec!["journal", "triage", n];
        args.extend_from_slice(extra);
        ok(desk(d, "nurlan", "ru", &args));
    };
    let confirmed = [
        "--analysis",
        "confirmed",
        "--criticality",
        "medium",
        // 002 §26, §38: an operator's type, so the fix clock runs.
        "--failure-type",
        "operator_physical_damage",
        "--decision",
        "Сервер қайта іске қосылды",
    ];
    triage(
        &a,
        &[&confirmed[..], &["--at", "10.03.2026 10:20"]].concat(),
    );
    triage(
        &c,
        &[&confirmed[..], &["--at", "10.12.2025 10:20"]].concat(),
    );
    triage(
        &b,
        &[
            "--analysis",
            "refuted",
            "--decision",
            "Пайдаланушы желісінің ақауы",
            "--supporting-info",
            "Сервер журналдары",
            "--at",
            "12.03.2026 15:00",
        ],
    );
    ok(desk(
        d,
        "nurlan",
        "ru",
        &["journal", "event", &a, "fixed", "--at", "10.03.2026 16:00"],
    ));
    dir
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdftotext, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn the_yearly_report_counts_the_year_and_its_deadlines() {
    let dir = journal();
    let out = dir.path().join("report.pdf");
    let text = ok(desk(
        dir.path(),
        "boss",
        "ru",
        &[
            "report",
            "yearly",
            "--year",
            "2026",
            "--out",
            out.to_str().unwrap(),
            "--causes",
            "Компьютерлік шабуыл",
        ],
    ));
    // A and B were received in 2026, C in 2025.
    assert!(text.contains("Сбоев за период: 2"), "{text}");
    assert!(
        text.contains("Физическое повреждение по вине Оператора: 1"),
        "{text}"
    );
    assert!(text.contains("Средний: 1"), "{text}");
    assert!(text.contains("не указано: 1"), "{text}");
    // "analyze" is due 2 working hours after receipt (002 §30): A was confirmed at 10:20
    // (on time), B refuted a day late; 1 of 2 = 50.0 %. C's was due in 2025.
    assert!(text.contains("(analyze): 50.0% (1 из 2)"), "{text}");
    // A was fixed the day it was confirmed, before its due instant.
    assert!(text.contains("(fix): 100.0% (1 из 1)"), "{text}");

    let pdf = pdftotext(&out);
    for needle in [
        "50.0%",
        "100.0%",
        "Компьютерлік шабуыл",
        "не указано",
        "AST1-2026-000001",
        "AST1-2026-000002",
        "Ответственное лицо",
    ] {
        assert!(pdf.contains(needle), "{needle} missing:\n{pdf}");
    }
    assert!(!pdf.contains("AST1-2026-000003"), "{pdf}");

    // In Kazakh.
    let kk = dir.path().join("report-kk.pdf");
    ok(desk(
        dir.path(),
        "boss",
        "kk",
        &[
            "report",
            "yearly",
            "--year",
            "2026",
            "--out",
            kk.to_str().unwrap(),
        ],
    ));
    let pdf = pdftotext(&kk);
    for needle in ["уәкілетті органға есеп", "көрсетілмеген", "50.0%"]
    {
        assert!(pdf.contains(needle), "{needle} missing:\n{pdf}");
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdftotext, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn the_daily_analysis_is_written_as_pdf() {
    let dir = journal();
    let out = dir.path().join("daily.pdf");
    let text = ok(desk(
        dir.path(),
        "boss",
        "kk",
        &[
            "report",
            "daily",
            "--date",
            "10.03.2026",
            "--pdf",
            out.to_str().unwrap(),
        ],
    ));
    assert!(text.contains("AST1-2026-000001"), "{text}");
    let pdf = pdftotext(&out);
    for needle in [
        "10.03.2026 күнгі іркілістерді күнделікті талдау",
        "AST1-2026-000001",
        "Қазақ Телеком",
        "Орташа",
    ] {
        assert!(pdf.contains(needle), "{needle} missing:\n{pdf}");
    }
}

#[test]
fn a_bad_year_exits_2_with_one_translated_line() {
    let dir = journal();
    let out = dir.path().join("report.pdf");
    let refused = desk(
        dir.path(),
        "boss",
        "ru",
        &[
            "report",
            "yearly",
            "--year",
            "abc",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("desk: Дата"), "{err}");
    assert!(!out.exists());
}
