#![allow(clippy::unwrap_used)]
//! `desk extract`, `desk sign` and `desk verify` as a supervisor uses them, with a
//! throwaway CA made by `openssl`, and the results checked by `pdfsig`, `openssl cms` and
//! `pdftotext` — tools we did not write.

use std::path::Path;
use std::process::Output;

use desk_testkit::desk::text;
use desk_testkit::pki::{Ca, Key, PASSWORD, days_from_now};
use desk_testkit::rows::{DESCRIPTION, add_args};
use desk_testkit::{DeskCli, checkers};

fn desk(dir: &Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .env("KEY_PASSWORD", PASSWORD)
        .env("BAD_PASSWORD", "not-the-password")
        .run(args)
}

fn journal_with_appeals(dir: &Path) {
    assert!(
        desk(dir, &["setup", "--workstation", "ast1", "--language", "kk"])
            .status
            .success()
    );
    for (i, org) in ["ТОО «Қазақ Телеком»", "АО «Самұрық-Қазына»", "ИП «Әлия»"]
        .iter()
        .enumerate()
    {
        let when = format!("{}.11.2026 10:15", 10 + i);
        let mut args = add_args(org, "support@example.kz", DESCRIPTION);
        args.extend(["--received-at", &when]);
        let out = desk(dir, &args);
        assert!(out.status.success(), "{}", text(&out));
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdfsig, pyHanko and openssl, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn extract_sign_twice_and_verify_a_journal_extract_end_to_end() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal_with_appeals(d);
    let pdf = d.join("extract.pdf");
    let out = desk(
        d,
        &[
            "extract",
            "--from",
            "01.11.2026",
            "--to",
            "30.11.2026",
            "--out",
            pdf.to_str().unwrap(),
            "--responsible",
            "Әлиев Н. С.",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("3"), "{}", text(&out));
    let words = checkers::pdftotext(&pdf);
    assert!(
        words.contains("ТОО «Қазақ Телеком»") && words.contains("Әлиев Н. С."),
        "{words}"
    );

    let ca = Ca::new();
    let chair = ca.signer("chair", Key::Rsa2048);
    let member = ca.signer("member", Key::P256);
    for key in [&chair.p12, &member.p12] {
        let out = desk(
            d,
            &[
                "sign",
                pdf.to_str().unwrap(),
                "--p12",
                key.to_str().unwrap(),
                "--password-env",
                "KEY_PASSWORD",
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("ӘЛИЕВ НҰРЛАН СЕРІКҰЛЫ"),
            "{}",
            text(&out)
        );
    }
    let sig = checkers::pdfsig(d, &pdf);
    assert_eq!(sig.matches("Signature is Valid").count(), 2, "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");

    // Without a trust store the signatures are reported, and the verdict is "not trusted".
    let out = desk(d, &["--lang", "ru", "verify", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("Хранилище доверенных сертификатов не настроено"));

    let out = desk(
        d,
        &[
            "--lang",
            "ru",
            "verify",
            pdf.to_str().unwrap(),
            "--trust",
            ca.dir.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    for expected in [
        "Подпись 1 из 2",
        "Подпись 2 из 2",
        "Подписант: ӘЛИЕВ НҰРЛАН СЕРІКҰЛЫ",
        "ИИН 880101300123",
        "БИН 971240001315",
        "RSA 2048 / SHA-256",
        "ECDSA P-256 / SHA-256",
        "После этой подписи добавлены только другие подписи",
        "Подпись охватывает весь документ",
        "Все подписи (2) верны",
    ] {
        assert!(report.contains(expected), "`{expected}` missing:\n{report}");
    }

    // A detached .cms next to the signed PDF, as SIGEX takes it; openssl agrees.
    let out = desk(
        d,
        &[
            "sign",
            pdf.to_str().unwrap(),
            "--detached",
            "--p12",
            chair.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let cms = d.join("extract.pdf.cms");
    let ca_pem = ca.path("ca.pem");
    let ossl = checkers::openssl_cms_verify(d, &cms, &pdf, &ca_pem);
    assert!(ossl.status.success(), "{}", text(&ossl));
    let out = desk(
        d,
        &[
            "verify",
            pdf.to_str().unwrap(),
            "--cms",
            cms.to_str().unwrap(),
            "--trust",
            ca.dir.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));

    // One changed byte: every signature fails, and so does signing again.
    let bytes = checkers::one_byte_changed(&pdf);
    std::fs::write(&pdf, &bytes).unwrap();
    let out = desk(
        d,
        &[
            "verify",
            pdf.to_str().unwrap(),
            "--trust",
            ca.dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("Қолтаңба дұрыс ЕМЕС"), "{}", text(&out));
    let out = desk(
        d,
        &[
            "sign",
            pdf.to_str().unwrap(),
            "--p12",
            chair.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        bytes,
        "a refused signature writes nothing"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs openssl, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn refused_keys_exit_2_with_one_translated_line_and_write_nothing() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal_with_appeals(d);
    let pdf = d.join("x.pdf");
    assert!(
        desk(
            d,
            &[
                "extract",
                "--from",
                "01.11.2026",
                "--to",
                "30.11.2026",
                "--out",
                pdf.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let before = std::fs::read(&pdf).unwrap();
    let ca = Ca::new();
    let auth = ca.user(
        "auth",
        Key::Rsa2048,
        "auth",
        &days_from_now(-1),
        &days_from_now(100),
    );
    let good = ca.signer("good", Key::Rsa2048);

    let cases: [(&Path, &str, &str); 2] = [
        (&auth.p12, "KEY_PASSWORD", "не предназначен для подписи"),
        (&good.p12, "BAD_PASSWORD", "Неверный пароль к ключу"),
    ];
    for (key, env, expected) in cases {
        let out = desk(
            d,
            &[
                "--lang",
                "ru",
                "sign",
                pdf.to_str().unwrap(),
                "--p12",
                key.to_str().unwrap(),
                "--password-env",
                env,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert_eq!(std::fs::read(&pdf).unwrap(), before);
    }
    let crl = d.join("crl.pem");
    std::fs::write(&crl, ca.revoke(&good)).unwrap();
    let out = desk(
        d,
        &[
            "--lang",
            "kk",
            "sign",
            pdf.to_str().unwrap(),
            "--p12",
            good.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
            "--crl",
            crl.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("кері қайтарылған"), "{}", text(&out));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    assert!(!d.join("x.pdf.cms").exists());
}

#[test]
fn csv_and_xlsx_extracts_and_bad_periods() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal_with_appeals(d);
    let csv = d.join("x.csv");
    let out = desk(
        d,
        &[
            "extract",
            "--from",
            "11.11.2026",
            "--to",
            "30.11.2026",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        body.lines().count(),
        3,
        "header and the two appeals from 11.11:\n{body}"
    );
    assert!(body.contains("АО «Самұрық-Қазына»") && !body.contains("ТОО «Қазақ Телеком»"));
    let xlsx = d.join("x.xlsx");
    assert!(
        desk(
            d,
            &[
                "extract",
                "--from",
                "01.11.2026",
                "--to",
                "30.11.2026",
                "--format",
                "xlsx",
                "--out",
                xlsx.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    for (args, expected) in [
        (
            vec!["--from", "31.11.2026", "--to", "30.11.2026"],
            "31.11.2026",
        ),
        (
            vec!["--from", "30.11.2026", "--to", "01.11.2026"],
            "30.11.2026",
        ),
        (
            vec![
                "--from",
                "01.11.2026",
                "--to",
                "30.11.2026",
                "--format",
                "docx",
            ],
            "docx",
        ),
        (
            vec![
                "--from",
                "01.11.2026",
                "--to",
                "30.11.2026",
                "--rules",
                "GZ-999",
            ],
            "GZ-999",
        ),
    ] {
        let out_file = d.join("bad.pdf");
        let mut all = vec![
            "--lang",
            "ru",
            "extract",
            "--out",
            out_file.to_str().unwrap(),
        ];
        all.extend(args);
        let out = desk(d, &all);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{}",
            text(&out)
        );
        assert!(!out_file.exists());
    }
}
