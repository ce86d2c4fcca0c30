#![allow(clippy::unwrap_used)]
//! Issue 14 item 4 from the command line: `desk sign --tsa URL --ltv` against a local TSA
//! (`openssl ts -reply` on loopback, made in the test) and `desk verify` naming the level
//! each signature reaches; `desk ltv FILE` adds validation data later.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::text;
use desk_testkit::pki::{Ca, Key, PASSWORD, days_from_now};

fn desk(dir: &Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .env("KEY_PASSWORD", PASSWORD)
        .run(args)
}

fn protocol(d: &Path) -> std::path::PathBuf {
    let pdf = d.join("protocol.pdf");
    let doc = desk_docs::model::Document {
        lang: "ru".into(),
        orientation: desk_docs::model::Orientation::Portrait,
        title: vec!["Протокол".into()],
        subtitle: vec![],
        body: Vec::new(),
        table: desk_docs::model::Table {
            columns: vec![desk_docs::model::Column {
                header: "Член".into(),
                weight: 1.0,
            }],
            rows: vec![vec!["Алиев".into()]],
        },
        after_table: vec![],
        signatures: vec![],
        footnotes: vec![],
        page_footer: String::new(),
    };
    std::fs::write(&pdf, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    pdf
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs openssl and a Python TSA, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn sign_with_a_tsa_and_ltv_then_verify_names_the_levels() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ca = Ca::new();
    let tsa = ca.tsa();
    let chair = ca.signer("chair", Key::Rsa2048);
    let member = ca.signer("member", Key::P256);
    let crl = ca.crl_dated(&days_from_now(0), &days_from_now(7));
    let store = ca.trust_store(&[&crl]);
    let pdf = protocol(d);
    let file = pdf.to_str().unwrap();
    let sign = |key: &Path, extra: &[&str]| {
        let mut args = vec![
            "--lang",
            "ru",
            "sign",
            file,
            "--p12",
            key.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
            "--trust",
            store.path().to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        desk(d, &args)
    };
    let out = sign(&chair.p12, &["--tsa", &tsa.url]);
    assert!(out.status.success(), "{}", text(&out));
    let out = sign(&member.p12, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let verify = || {
        desk(
            d,
            &[
                "--lang",
                "ru",
                "verify",
                file,
                "--trust",
                store.path().to_str().unwrap(),
            ],
        )
    };
    let out = verify();
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    for expected in [
        "Время подписи доказано меткой времени «Тестовая служба меток времени»",
        "Заявленное время подписи",
        "Уровень: PAdES B-T",
        "Уровень: PAdES B-B",
        "Не отозван",
    ] {
        assert!(report.contains(expected), "`{expected}` missing:\n{report}");
    }

    let out = desk(
        d,
        &[
            "--lang",
            "ru",
            "ltv",
            file,
            "--trust",
            store.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Данные для проверки добавлены"),
        "{}",
        text(&out)
    );
    let report = text(&verify());
    assert!(report.contains("Уровень: PAdES B-LT"), "{report}");
    assert!(
        report.contains("добавлены только другие подписи и данные для проверки"),
        "{report}"
    );

    // A TSA that does not answer: one translated line, the file untouched.
    let before = std::fs::read(&pdf).unwrap();
    let out = sign(&chair.p12, &["--tsa", "http://127.0.0.1:9/tsa"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("Служба меток времени"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), before);

    // `--ltv` at signing with no current list in the store: refused, nothing written.
    let bare = ca.trust_store(&[]);
    let out = desk(
        d,
        &[
            "--lang",
            "ru",
            "sign",
            file,
            "--p12",
            chair.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
            "--ltv",
            "--trust",
            bare.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("Данные для проверки не могут быть полными"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}
