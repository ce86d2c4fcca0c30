#![allow(clippy::unwrap_used)]
//! Signatures inside PDFs, checked with tools we did not write: poppler's `pdfsig` (which
//! exits 0 even on a bad signature, so its text is read) and pyHanko's validator; and
//! our own `verify_pdf`, which must tell signatures added later from edits.

use std::path::Path;

use chrono::Utc;
use desk_docs::model::{Column, Document, Orientation, SignatureBlock, Table};
use desk_sign::cms::Status;
use desk_sign::pdf::{Coverage, Stamp, sign_pdf, verify_pdf};
use desk_sign::trust::{Trust, TrustStore};
use desk_sign::{P12Signer, SignError};
use desk_testkit::checkers::pyhanko_validate;
use desk_testkit::pki::{self, Ca, Key, PASSWORD};
use desk_testkit::tools::{have, run};

fn protocol() -> Vec<u8> {
    let doc = Document {
        lang: "kk".into(),
        orientation: Orientation::Portrait,
        title: vec!["Комиссия отырысының хаттамасы".into()],
        subtitle: vec!["26.11.2026".into()],
        body: Vec::new(),
        table: Table {
            columns: vec![
                Column {
                    header: "Мүше".into(),
                    weight: 2.0,
                },
                Column {
                    header: "Дауыс".into(),
                    weight: 1.0,
                },
            ],
            rows: vec![
                vec!["Әлиев Н.С.".into(), "Иә".into()],
                vec!["Сәрсенова Ә.Қ.".into(), "Иә".into()],
                vec!["Жұмабеков Ғ.Ө.".into(), "Жоқ".into()],
            ],
        },
        after_table: vec![],
        signatures: vec![SignatureBlock {
            role: "Төраға".into(),
            signature_label: "(қолы)".into(),
            name_label: "Т.А.Ә.".into(),
            name: None,
        }],
        footnotes: vec![],
        page_footer: "Бет {page} / {pages}".into(),
    };
    desk_docs::pdf::render(&doc).unwrap()
}

fn stamp(signer: &P12Signer) -> Stamp {
    let id = signer.identity();
    let lines = vec![
        id.name.clone(),
        format!(
            "ЖСН {} · БСН {}",
            id.iin.unwrap_or_default(),
            id.bin.unwrap_or_default()
        ),
        id.organisation.unwrap_or_default(),
    ];
    Stamp {
        pdf: desk_docs::pdf::render_stamp("Электрондық цифрлық қолтаңбамен қол қойылған", &lines)
            .unwrap(),
    }
}

fn signer(ca: &Ca, name: &str, key: Key) -> P12Signer {
    let user = ca.signer(name, key);
    P12Signer::open(
        &std::fs::read(user.p12).unwrap(),
        PASSWORD,
        None,
        Utc::now(),
    )
    .unwrap()
}

fn pdfsig(path: &Path) -> String {
    desk_testkit::checkers::pdfsig(path.parent().unwrap(), path)
}

/// pyHanko's verdict and its report.
fn pyhanko(path: &Path, ca: &Ca) -> (bool, String) {
    let out = pyhanko_validate(path.parent().unwrap(), &ca.path("ca.pem"), path);
    (out.status.success(), desk_testkit::desk::text(&out))
}

#[test]
fn three_signatures_follow_one_another_and_every_tool_accepts_them() {
    let ca = Ca::new();
    let store = TrustStore::load_dir(ca.dir.path()).unwrap();
    let signers = [
        signer(&ca, "chair", Key::Rsa2048),
        signer(&ca, "member", Key::P256),
        signer(&ca, "secretary", Key::Rsa2048),
    ];
    let mut pdf = protocol();
    for s in &signers {
        pdf = sign_pdf(&pdf, s, Some(&stamp(s)), Utc::now()).unwrap();
    }
    let path = ca.path("protocol-signed.pdf");
    std::fs::write(&path, &pdf).unwrap();
    if let Some(keep) = std::env::var_os("DESK_KEEP_PDF") {
        std::fs::copy(&path, keep).unwrap();
    }

    let text = pdfsig(&path);
    assert_eq!(text.matches("Signature is Valid").count(), 3, "{text}");
    assert_eq!(text.matches("Total document signed").count(), 1, "{text}");
    assert!(text.contains("ETSI.CAdES.detached"), "{text}");

    let (ok, report) = pyhanko(&path, &ca);
    assert!(ok, "pyhanko rejected the file:\n{report}");

    let checks = verify_pdf(&pdf, Some(&store)).unwrap();
    assert_eq!(checks.len(), 3);
    for c in &checks {
        assert_eq!(c.check.status, Status::Valid);
        assert!(matches!(c.check.trust, Trust::Trusted(_)));
        assert_eq!(
            c.check.signer.as_ref().unwrap().iin.as_deref(),
            Some(pki::IIN)
        );
    }
    assert_eq!(checks[0].coverage, Coverage::LaterSignaturesOnly);
    assert_eq!(checks[1].coverage, Coverage::LaterSignaturesOnly);
    assert_eq!(checks[2].coverage, Coverage::WholeDocument);
    assert_eq!(checks[1].check.algorithm, "ECDSA P-256 / SHA-256");
}

#[test]
fn a_one_byte_change_is_caught_by_pdfsig_pyhanko_and_us_and_blocks_signing() {
    let ca = Ca::new();
    let s = signer(&ca, "chair", Key::Rsa2048);
    let signed = sign_pdf(&protocol(), &s, Some(&stamp(&s)), Utc::now()).unwrap();
    let mut changed = signed.clone();
    // A byte of the page's content stream, well inside the signed range.
    let at = changed.windows(6).position(|w| w == b"stream").unwrap() + 20;
    changed[at] ^= 0x01;
    let path = ca.path("changed.pdf");
    std::fs::write(&path, &changed).unwrap();

    let text = pdfsig(&path);
    assert!(
        text.contains("Digest Mismatch") && !text.contains("Signature is Valid"),
        "{text}"
    );
    let (ok, report) = pyhanko(&path, &ca);
    assert!(!ok, "pyhanko accepted a changed file:\n{report}");
    let checks = verify_pdf(&changed, None).unwrap();
    assert_eq!(checks[0].check.status, Status::DigestMismatch);

    let other = signer(&ca, "member", Key::P256);
    assert!(matches!(
        sign_pdf(&changed, &other, None, Utc::now()),
        Err(SignError::PdfChangedAfterSignature)
    ));
}

#[test]
fn an_incremental_update_that_edits_the_page_is_told_apart_from_a_signature() {
    let ca = Ca::new();
    let s = signer(&ca, "chair", Key::P256);
    let signed = sign_pdf(&protocol(), &s, None, Utc::now()).unwrap();
    // Append a revision that replaces the page's content stream, as an editor would.
    let doc = lopdf_page_content_id(&signed);
    let prev = String::from_utf8_lossy(&signed[signed.len() - 40..])
        .split_whitespace()
        .filter_map(|t| t.parse::<usize>().ok())
        .next_back()
        .unwrap();
    let mut edited = signed.clone();
    let obj_at = edited.len();
    let content = b"BT /F1 12 Tf 100 100 Td (Forged) Tj ET";
    edited.extend_from_slice(
        format!("{doc} 0 obj\n<</Length {}>>\nstream\n", content.len()).as_bytes(),
    );
    edited.extend_from_slice(content);
    edited.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = edited.len();
    let size = 1000;
    edited.extend_from_slice(
        format!("xref\n{doc} 1\n{obj_at:010} 00000 n \ntrailer\n<</Size {size}/Root {root}/Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n",
            root = root_ref(&signed)).as_bytes(),
    );
    let checks = verify_pdf(&edited, None).unwrap();
    assert_eq!(
        checks[0].check.status,
        Status::Valid,
        "the signed bytes are untouched"
    );
    assert!(
        matches!(checks[0].coverage, Coverage::ModifiedAfter { .. }),
        "{:?}",
        checks[0].coverage
    );
    let path = ca.path("edited.pdf");
    std::fs::write(&path, &edited).unwrap();
    let text = pdfsig(&path);
    assert!(text.contains("Not total document signed"), "{text}");
    let (ok, report) = pyhanko(&path, &ca);
    assert!(
        !ok || report.contains("MODIFIED") || report.contains("modif"),
        "pyhanko missed the edit:\n{report}"
    );
}

fn lopdf_page_content_id(pdf: &[u8]) -> u32 {
    // The first content stream printpdf wrote: "N 0 obj\n<<...>>stream" of the page.
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Contents ").unwrap() + "/Contents ".len();
    text[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn root_ref(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let at = text.rfind("/Root ").unwrap() + "/Root ".len();
    let mut parts = text[at..].split_whitespace();
    format!("{} {} R", parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn a_signature_made_by_pyhanko_is_read_here_and_ours_can_follow_it() {
    let ca = Ca::new();
    let user = ca.signer("other", Key::Rsa2048);
    let d = ca.dir.path();
    std::fs::write(d.join("in.pdf"), protocol()).unwrap();
    std::fs::write(d.join("pass.txt"), PASSWORD).unwrap();
    assert!(
        have("pyhanko"),
        "pyhanko is not installed: pip install pyhanko pyhanko-cli"
    );
    let out = run(
        d,
        "pyhanko",
        &[
            "sign",
            "addsig",
            "--field",
            "Sig1",
            "pkcs12",
            "--passfile",
            "pass.txt",
            "in.pdf",
            "theirs.pdf",
            user.p12.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = std::fs::read(d.join("theirs.pdf")).unwrap();
    let store = TrustStore::load_dir(d).unwrap();
    let checks = verify_pdf(&theirs, Some(&store)).unwrap();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].check.status, Status::Valid);

    let s = signer(&ca, "chair", Key::P256);
    let both = sign_pdf(&theirs, &s, Some(&stamp(&s)), Utc::now()).unwrap();
    let path = d.join("both.pdf");
    std::fs::write(&path, &both).unwrap();
    let checks = verify_pdf(&both, Some(&store)).unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.check.status == Status::Valid));
    assert_eq!(checks[0].coverage, Coverage::LaterSignaturesOnly);
    // pyHanko judges our update to its signed file an acceptable one (adding a signature).
    let (ok, report) = pyhanko(&path, &ca);
    assert!(ok, "{report}");
    assert_eq!(pdfsig(&path).matches("Signature is Valid").count(), 2);
}

#[test]
fn a_signature_pyhanko_adds_after_ours_is_a_later_signature_only() {
    let ca = Ca::new();
    let user = ca.signer("other", Key::Rsa2048);
    let d = ca.dir.path();
    let s = signer(&ca, "chair", Key::P256);
    let ours = sign_pdf(&protocol(), &s, Some(&stamp(&s)), Utc::now()).unwrap();
    std::fs::write(d.join("ours.pdf"), &ours).unwrap();
    std::fs::write(d.join("pass.txt"), PASSWORD).unwrap();
    let out = run(
        d,
        "pyhanko",
        &[
            "sign",
            "addsig",
            "--field",
            "Member",
            "pkcs12",
            "--passfile",
            "pass.txt",
            "ours.pdf",
            "both.pdf",
            user.p12.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let both = std::fs::read(d.join("both.pdf")).unwrap();
    let checks = verify_pdf(&both, None).unwrap();
    assert_eq!(checks.len(), 2, "{checks:?}");
    assert_eq!(
        checks[0].coverage,
        Coverage::LaterSignaturesOnly,
        "{checks:?}"
    );
    assert_eq!(checks[1].coverage, Coverage::WholeDocument);
    assert!(checks.iter().all(|c| c.check.status == Status::Valid));
}
