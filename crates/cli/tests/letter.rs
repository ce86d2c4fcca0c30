#![allow(clippy::unwrap_used)]
//! `desk letter`: the written report to the authorised body about a confirmed failure
//! (002 §37.13) and the refutation notice (002 §32), made from the journal, signed with
//! `desk sign`, and checked with `pdftotext`, `pdfsig`, pyHanko, `openssl cms` and
//! `desk verify`; a one-byte change is caught by all of them.

use std::path::Path;
use std::process::Output;

use desk_testkit::desk::{expect_ok as ok, text};
use desk_testkit::pki::{Ca, Key, PASSWORD};
use desk_testkit::rows::{DESCRIPTION, add_args};
use desk_testkit::{DeskCli, checkers};

fn cli(dir: &Path) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user("boss")
        .env("DESK_PASSWORD", "boss-secret")
        .env("KEY_PASSWORD", PASSWORD)
}

fn desk(dir: &Path, args: &[&str]) -> Output {
    cli(dir).run(args)
}

fn add(dir: &Path, org: &str) -> String {
    let mut args = add_args(org, "support@example.kz", DESCRIPTION);
    args.extend([
        "--rule-set",
        "QUASI-1216",
        "--received-at",
        "25.11.2026 10:05",
    ]);
    cli(dir).add(&args)
}

/// A journal with one confirmed, fixed high-criticality failure and one refuted appeal.
fn journal(dir: &Path) -> (String, String) {
    ok(desk(
        dir,
        &["setup", "--workstation", "AST1", "--language", "kk"],
    ));
    let confirmed = add(dir, "ТОО «Қазақ Телеком»");
    ok(desk(
        dir,
        &[
            "journal",
            "triage",
            &confirmed,
            "--analysis",
            "confirmed",
            "--criticality",
            "high",
            "--operator-fault",
            "--failure-type",
            "operator_physical_damage",
            "--decision",
            "Баға ұсыныстарын қабылдау модулінің сервері істен шықты",
            "--recommendations",
            "Сақтық серверін қосу",
            "--at",
            "25.11.2026 10:20",
        ],
    ));
    ok(desk(
        dir,
        &[
            "journal",
            "event",
            &confirmed,
            "fixed",
            "--at",
            "25.11.2026 14:40",
        ],
    ));
    // The extension answer attached to the failure (deadlines.md §4): one tender affected,
    // one discussion that ended before the failure.
    ok(desk(
        dir,
        &[
            "journal",
            "extensions",
            &confirmed,
            "--procedure",
            "12345-1,acceptance_end,tender,25.11.2026 12:00",
            "--procedure",
            "12345-2,discussion,,25.11.2026 09:00",
        ],
    ));
    let refuted = add(dir, "ИП «Әлия»");
    ok(desk(
        dir,
        &[
            "journal",
            "triage",
            &refuted,
            "--analysis",
            "refuted",
            "--failure-type",
            "user_network_or_power",
            "--decision",
            "Пайдаланушы желісінің ақауы",
            "--supporting-info",
            "Сервер журналдары: сол аралықта 1 200 сәтті жүктеу",
            "--at",
            "25.11.2026 10:25",
        ],
    ));
    (confirmed, refuted)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdfsig, pyHanko and openssl, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn the_report_to_the_authority_is_made_from_the_journal_signed_and_verified() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (number, _) = journal(d);
    let pdf = d.join("report.pdf");
    let out = desk(
        d,
        &[
            "letter",
            &number,
            "--kind",
            "authority-report",
            "--measures",
            "Сервер ауыстырылды, деректер қалпына келтірілді",
            "--extension",
            "Баға ұсыныстарын қабылдау 4 сағат 20 минутқа ұзартылды",
            "--signatory",
            "Әлиев Нұрлан Серікұлы",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("report.pdf"), "{}", text(&out));
    let words = checkers::pdftotext(&pdf);
    for expected in [
        "Техникалық іркіліс туралы уәкілетті органға жазбаша хабарлама",
        "Қағидалардың 37-тармағының 13) тармақшасы",
        &number,
        "ТОО «Қазақ Телеком»",
        "Оператордың кінәсінен физикалық зақымдану",
        "Сервер ауыстырылды",
        "25.11.2026 14:40",
        "4 сағат 20 минутқа ұзартылды",
        "Сақтық серверін қосу",
        "Әлиев Нұрлан Серікұлы",
    ] {
        assert!(words.contains(expected), "`{expected}` missing:\n{words}");
    }

    // Without --extension, the letter states the extension attached in the journal, in
    // the letter's language.
    let auto = d.join("report-auto.pdf");
    ok(desk(
        d,
        &[
            "--lang",
            "ru",
            "letter",
            &number,
            "--kind",
            "authority-report",
            "--out",
            auto.to_str().unwrap(),
        ],
    ));
    let words = checkers::pdftotext(&auto);
    for expected in [
        "12345-1: срок продлён до 25.11.2026",
        "002 §37.4",
        "12345-2: срок не продлевается",
    ] {
        assert!(words.contains(expected), "`{expected}` missing:\n{words}");
    }

    let ca = Ca::new();
    let head = ca.signer("head", Key::Rsa2048);
    ok(desk(
        d,
        &[
            "sign",
            pdf.to_str().unwrap(),
            "--p12",
            head.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
        ],
    ));
    let sig = checkers::pdfsig(d, &pdf);
    assert_eq!(sig.matches("Signature is Valid").count(), 1, "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    let trust = ca.path("ca.pem");
    let py = checkers::pyhanko_validate(d, &trust, &pdf);
    assert!(py.status.success(), "{}", text(&py));
    let trust_dir = ca.dir.path().to_str().unwrap();
    let out = desk(
        d,
        &[
            "--lang",
            "ru",
            "verify",
            pdf.to_str().unwrap(),
            "--trust",
            trust_dir,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Все подписи (1) верны"),
        "{}",
        text(&out)
    );

    // The detached form beside it, as SIGEX takes it.
    ok(desk(
        d,
        &[
            "sign",
            pdf.to_str().unwrap(),
            "--detached",
            "--p12",
            head.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
        ],
    ));
    let cms = d.join("report.pdf.cms");
    assert!(
        checkers::openssl_cms_verify(d, &cms, &pdf, &trust)
            .status
            .success()
    );

    // One changed byte inside the signed content.
    let changed = checkers::assert_tools_refuse_a_changed_byte(d, &pdf, &cms, &trust);
    let out = desk(
        d,
        &["verify", changed.to_str().unwrap(), "--trust", trust_dir],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdftotext, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn the_refutation_carries_the_supporting_information_and_wrong_kinds_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (confirmed, refuted) = journal(d);
    let pdf = d.join("refutation.pdf");
    ok(desk(
        d,
        &[
            "--lang",
            "ru",
            "letter",
            &refuted,
            "--kind",
            "refutation",
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    let words = checkers::pdftotext(&pdf);
    for expected in [
        "Уведомление об опровержении технического сбоя",
        "Основание: пункт 32 Правил",
        "ИП «Әлия»",
        "Подтверждающая информация",
        "1 200 сәтті жүктеу",
    ] {
        assert!(words.contains(expected), "`{expected}` missing:\n{words}");
    }

    // A report on a refuted failure, a refutation of a confirmed one, an unknown kind and
    // an unknown number: exit 2, one translated line, nothing written.
    let nothing = d.join("nothing.pdf");
    for (number, kind, expected) in [
        (
            refuted.as_str(),
            "authority-report",
            "технический сбой не подтверждён",
        ),
        (
            confirmed.as_str(),
            "refutation",
            "технический сбой не опровергнут",
        ),
        (
            confirmed.as_str(),
            "complaint",
            "authority-report или refutation",
        ),
        ("AST1-2026-999999", "refutation", "AST1-2026-999999"),
    ] {
        let out = desk(
            d,
            &[
                "--lang",
                "ru",
                "letter",
                number,
                "--kind",
                kind,
                "--out",
                nothing.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains(expected), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(!nothing.exists());
    }
}

#[test]
fn s35_a_low_failure_gets_no_report_letter() {
    // 002 §35 lists a low failure's duties: no written report to the authorised body
    // (unlike §36.10, §37.13), so `desk letter` refuses one: exit 2, nothing written.
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal(d);
    let low = add(d, "ТОО «Төмен»");
    ok(desk(
        d,
        &[
            "journal",
            "triage",
            &low,
            "--analysis",
            "confirmed",
            "--criticality",
            "low",
            "--failure-type",
            "operator_physical_damage",
            "--decision",
            "Бір пайдаланушыда бет баяу ашылды",
            "--at",
            "25.11.2026 10:30",
        ],
    ));
    let nothing = d.join("low.pdf");
    let out = desk(
        d,
        &[
            "--lang",
            "ru",
            "letter",
            &low,
            "--kind",
            "authority-report",
            "--out",
            nothing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("«низкий»") && err.contains("002 §35"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!nothing.exists());
}
