#![allow(clippy::unwrap_used)]
//! `desk verify` and `desk sign` on a signed extract an attacker changed without any key
//! (an Incremental Saving Attack, Mladenov et al. 2019): the report names the change in
//! the user's language and an honest co-signer's `desk sign` refuses the file.

use std::path::Path;
use std::process::Output;

use desk_testkit::desk::text;
use desk_testkit::pki::{Ca, Key, PASSWORD};
use desk_testkit::rows::{DESCRIPTION, add_args};
use desk_testkit::{DeskCli, checkers};

fn desk(dir: &Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .env("KEY_PASSWORD", PASSWORD)
        .run(args)
}

/// The signed file with a revision appended that replaces the page's content stream,
/// written byte by byte as a hex editor would.
fn with_forged_page(pdf: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(pdf).to_string();
    let at = text.find("/Contents ").unwrap() + "/Contents ".len();
    let content: u32 = text[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let root_at = text.rfind("/Root ").unwrap() + "/Root ".len();
    let mut root = text[root_at..].split_whitespace();
    let root = format!("{} {} R", root.next().unwrap(), root.next().unwrap());
    let size_at = text.rfind("/Size ").unwrap() + "/Size ".len();
    let size: u32 = text[size_at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let prev: usize = text[text.rfind("startxref").unwrap() + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let info = text[text.rfind("trailer").unwrap()..]
        .find("/Info ")
        .map(|i| {
            let t = &text[text.rfind("trailer").unwrap() + i + 6..];
            let mut p = t.split_whitespace();
            format!("/Info {} {} R", p.next().unwrap(), p.next().unwrap())
        })
        .unwrap_or_default();
    let forged = "BT /F1 14 Tf 72 700 Td (Forged) Tj ET";
    let mut out = pdf.to_vec();
    let obj_at = out.len();
    out.extend_from_slice(
        format!(
            "{content} 0 obj\n<</Length {}>>\nstream\n{forged}\nendstream\nendobj\n",
            forged.len()
        )
        .as_bytes(),
    );
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{content} 1\n{obj_at:010} 00000 n \ntrailer\n<</Size {size}/Root {root}{info}/Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdfsig, pyHanko and openssl, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn a_page_replaced_after_signing_is_named_and_cannot_be_co_signed() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    assert!(
        desk(d, &["setup", "--workstation", "ast1", "--language", "kk"])
            .status
            .success()
    );
    let out = desk(
        d,
        &add_args("ТОО «Қазақ Телеком»", "support@example.kz", DESCRIPTION),
    );
    assert!(out.status.success(), "{}", text(&out));
    let pdf = d.join("extract.pdf");
    let out = desk(
        d,
        &[
            "extract",
            "--from",
            "01.01.2020",
            "--to",
            "31.12.2030",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let ca = Ca::new();
    let chair = ca.signer("chair", Key::Rsa2048);
    let sign = |key: &Path| {
        desk(
            d,
            &[
                "sign",
                pdf.to_str().unwrap(),
                "--p12",
                key.to_str().unwrap(),
                "--password-env",
                "KEY_PASSWORD",
            ],
        )
    };
    assert!(sign(&chair.p12).status.success());

    let forged = with_forged_page(&std::fs::read(&pdf).unwrap());
    std::fs::write(&pdf, &forged).unwrap();
    // pdfsig still calls the signature valid (over a part of the file); we do not.
    assert!(checkers::pdfsig(d, &pdf).contains("Signature is Valid"));
    let trust = ca.dir.path().to_str().unwrap();
    let out = desk(
        d,
        &[
            "--lang",
            "ru",
            "verify",
            pdf.to_str().unwrap(),
            "--trust",
            trust,
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    assert!(
        report.contains(
            "Документ изменён после этой подписи, в редакции 3: заменено содержимое страницы"
        ),
        "{report}"
    );
    let out = desk(
        d,
        &[
            "--lang",
            "kk",
            "verify",
            pdf.to_str().unwrap(),
            "--trust",
            trust,
        ],
    );
    assert!(
        text(&out).contains("беттің мазмұны ауыстырылған"),
        "{}",
        text(&out)
    );

    let member = ca.signer("member", Key::P256);
    let out = sign(&member.p12);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        forged,
        "a refused signature writes nothing"
    );
}
