#![allow(clippy::unwrap_used)]
//! Issue 14 item 4: RFC 3161 signature timestamps from a TSA (a local one: `openssl ts
//! -reply` behind a loopback HTTP server, made in the test), the level each signature
//! reaches, and long-term validation data (a DSS) with which a timestamped protocol
//! verifies offline after its signer's certificate has expired.

use chrono::{DateTime, Duration, Utc};
use desk_sign::chain::{ChainProblem, Revocation};
use desk_sign::cms::{Context, Level, Status, verify_detached_in};
use desk_sign::pdf::{
    Change, Coverage, add_validation_data, sign_pdf, sign_pdf_timestamped, verify_pdf_in,
};
use desk_sign::timestamp::{Timestamp, TimestampProblem, attach, timestamp_cms};
use desk_sign::trust::{Trust, TrustStore};
use desk_sign::{P12Signer, SignError, Signer};
use desk_testkit::pki::{Ca, Key, PASSWORD, User, days_from_now, seconds_from_now};

fn protocol() -> Vec<u8> {
    let doc = desk_docs::model::Document {
        lang: "ru".into(),
        orientation: desk_docs::model::Orientation::Portrait,
        title: vec!["Протокол заседания Комиссии".into()],
        subtitle: vec!["02.12.2026".into()],
        body: Vec::new(),
        table: desk_docs::model::Table {
            columns: vec![desk_docs::model::Column {
                header: "Член".into(),
                weight: 1.0,
            }],
            rows: vec![vec!["Алиев Н.С.".into()]],
        },
        after_table: vec![],
        signatures: vec![],
        footnotes: vec![],
        page_footer: "Стр. {page} / {pages}".into(),
    };
    desk_docs::pdf::render(&doc).unwrap()
}

fn open(user: &User) -> P12Signer {
    P12Signer::open(
        &std::fs::read(&user.p12).unwrap(),
        PASSWORD,
        None,
        Utc::now(),
    )
    .unwrap()
}

fn ctx(store: &TrustStore, now: DateTime<Utc>) -> Context<'_> {
    Context::at(Some(store), now)
}

fn store(dir: &tempfile::TempDir) -> TrustStore {
    TrustStore::load_dir(dir.path()).unwrap()
}

#[test]
fn a_detached_signature_timestamped_by_a_trusted_tsa_proves_its_time() {
    let ca = Ca::new();
    let tsa = ca.tsa();
    let user = ca.signer("chair", Key::P256);
    let cms = open(&user).sign_detached(b"protocol", Utc::now()).unwrap();
    let stamped = timestamp_cms(&cms, &tsa.url).unwrap();
    let trust = store(&ca.trust_store(&[]));
    let now = Utc::now();
    let c = verify_detached_in(&stamped, b"protocol", &ctx(&trust, now)).remove(0);
    assert_eq!(c.status, Status::Valid);
    let Some(Timestamp::Proven { at, tsa: name }) = &c.timestamp else {
        panic!("{:?}", c.timestamp);
    };
    assert!((now - *at).num_seconds().abs() < 60, "{at}");
    assert!(name.contains("меток времени"), "{name}");
    assert_eq!(c.judged_at, Some(*at));
    assert_eq!(Level::reached(&c, false), Some(Level::BT));
    // Without the timestamp the same signature is B-B.
    let plain = verify_detached_in(&cms, b"protocol", &ctx(&trust, now)).remove(0);
    assert_eq!(Level::reached(&plain, false), Some(Level::BB));
}

#[test]
fn a_timestamp_over_another_signature_or_from_an_untrusted_tsa_proves_nothing() {
    let ca = Ca::new();
    let tsa = ca.tsa();
    let user = ca.signer("chair", Key::P256);
    let signer = open(&user);
    let first = timestamp_cms(
        &signer.sign_detached(b"protocol", Utc::now()).unwrap(),
        &tsa.url,
    )
    .unwrap();
    let second = signer
        .sign_detached(b"protocol", Utc::now() - Duration::hours(1))
        .unwrap();
    // The first signature's token moved onto the second signature.
    let token = {
        use der::{Decode, Encode};
        let ci = cms::content_info::ContentInfo::from_der(&first).unwrap();
        let sd: cms::signed_data::SignedData = ci.content.decode_as().unwrap();
        let si = sd.signer_infos.0.iter().next().unwrap();
        let attrs = si.unsigned_attrs.as_ref().unwrap();
        attrs
            .iter()
            .next()
            .unwrap()
            .values
            .iter()
            .next()
            .unwrap()
            .to_der()
            .unwrap()
    };
    let moved = attach(&second, &token).unwrap();
    let trust = store(&ca.trust_store(&[]));
    let c = verify_detached_in(&moved, b"protocol", &ctx(&trust, Utc::now())).remove(0);
    assert_eq!(
        c.timestamp,
        Some(Timestamp::Invalid {
            problem: TimestampProblem::NotOverThisSignature
        })
    );
    assert_eq!(Level::reached(&c, false), Some(Level::BB));
    // A TSA the store does not know.
    let other = Ca::new();
    let foreign = other.tsa();
    let stamped = timestamp_cms(&second, &foreign.url).unwrap();
    let c = verify_detached_in(&stamped, b"protocol", &ctx(&trust, Utc::now())).remove(0);
    assert!(
        matches!(
            &c.timestamp,
            Some(Timestamp::Invalid {
                problem: TimestampProblem::Untrusted(ChainProblem::NoPath { .. })
            })
        ),
        "{:?}",
        c.timestamp
    );
    // A TSA that does not answer: signing stops, translated, nothing half done.
    let e = timestamp_cms(&second, "http://127.0.0.1:9/nothing-listens").unwrap_err();
    assert!(matches!(e, SignError::TsaUnreachable { .. }), "{e:?}");
}

/// A certificate valid for a few seconds from now.
fn short_lived(ca: &Ca) -> User {
    ca.user(
        "brief",
        Key::Rsa2048,
        "sign",
        &seconds_from_now(-2),
        &seconds_from_now(20),
    )
}

#[test]
fn a_timestamped_protocol_with_ltv_data_verifies_offline_after_the_certificate_expired() {
    let ca = Ca::new();
    let tsa = ca.tsa();
    let user = short_lived(&ca);
    let signer = open(&user);
    let signed =
        sign_pdf_timestamped(&protocol(), &signer, None, Utc::now(), Some(&tsa.url)).unwrap();
    // The list is fetched after signing, as a DSS is added after the signature.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let crl = ca.crl_dated(&seconds_from_now(0), &days_from_now(7));
    let online = store(&ca.trust_store(&[&crl]));
    let now = Utc::now();
    let checks = verify_pdf_in(&signed, &ctx(&online, now)).unwrap();
    assert_eq!(checks[0].coverage, Coverage::WholeDocument);
    assert_eq!(checks[0].level, Some(Level::BT), "{:?}", checks[0].check);

    // Validation data appended: the chain and the list, in a DSS revision of its own.
    let (ltv, added) = add_validation_data(&signed, &online, now).unwrap();
    assert!(added.certificates >= 2 && added.crls == 1, "{added:?}");
    let checks = verify_pdf_in(&ltv, &ctx(&online, now)).unwrap();
    assert_eq!(
        checks[0].coverage,
        Coverage::LaterSignaturesAndValidationData
    );
    assert_eq!(checks[0].level, Some(Level::BLT), "{:?}", checks[0].check);

    // Twenty days on: the signer's certificate long expired and the list past its next
    // update, judged offline with a store that holds only the root.
    let later = now + Duration::days(20);
    let offline = store(&ca.trust_store(&[]));
    let checks = verify_pdf_in(&ltv, &ctx(&offline, later)).unwrap();
    let c = &checks[0];
    assert!(c.intact());
    assert!(matches!(c.check.trust, Trust::Trusted(_)), "{:?}", c.check);
    assert_eq!(
        c.check.revocation,
        Revocation::Checked { in_document: true }
    );
    assert_eq!(c.level, Some(Level::BLT));
    // A co-signer after the DSS: the DSS revision is no change, and the new signature
    // comes after it.
    let member = ca.signer("member", Key::P256);
    let both = sign_pdf(&ltv, &open(&member), None, Utc::now()).unwrap();
    let checks = verify_pdf_in(&both, &ctx(&online, Utc::now())).unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.intact()), "{checks:?}");
    assert_eq!(
        checks[0].coverage,
        Coverage::LaterSignaturesAndValidationData
    );

    // The same file without its timestamp's proof would be judged now: expired.
    let untimed = sign_pdf(&protocol(), &signer, None, Utc::now()).unwrap();
    let c = &verify_pdf_in(&untimed, &ctx(&offline, later)).unwrap()[0];
    assert!(
        matches!(
            &c.check.trust,
            Trust::Untrusted(ChainProblem::Expired { .. })
        ),
        "{:?}",
        c.check.trust
    );
    // pyHanko reads our DSS revision as acceptable too.
    let d = ca.dir.path();
    std::fs::write(d.join("ltv.pdf"), &ltv).unwrap();
    let out = desk_testkit::checkers::pyhanko_validate(d, &ca.root, &d.join("ltv.pdf"));
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn ltv_data_needs_a_current_revocation_list_and_a_good_signature() {
    let ca = Ca::new();
    let user = ca.signer("chair", Key::P256);
    let signed = sign_pdf(&protocol(), &open(&user), None, Utc::now()).unwrap();
    let e = add_validation_data(&signed, &store(&ca.trust_store(&[])), Utc::now()).unwrap_err();
    assert!(matches!(e, SignError::LtvNoCrl { .. }), "{e:?}");
    let e = add_validation_data(&protocol(), &store(&ca.trust_store(&[])), Utc::now()).unwrap_err();
    assert!(matches!(e, SignError::LtvUnsigned), "{e:?}");
}

#[test]
fn a_dss_revision_with_anything_else_in_it_is_a_change() {
    let ca = Ca::new();
    let user = ca.signer("chair", Key::P256);
    let signed = sign_pdf(&protocol(), &open(&user), None, Utc::now()).unwrap();
    let crl = ca.crl_dated(&seconds_from_now(-1), &days_from_now(7));
    let online = store(&ca.trust_store(&[&crl]));
    let (ltv, _) = add_validation_data(&signed, &online, Utc::now()).unwrap();
    // The same update with the page's content stream redefined inside it: a content
    // swap dressed as validation data.
    let doc = lopdf::Document::load_mem(&ltv).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap();
    // Rebuild the DSS update by hand with one more object: take the file up to the
    // DSS revision's xref, add the object, and write a new xref listing it too.
    let xref_at: usize = {
        let t = String::from_utf8_lossy(&ltv[ltv.len() - 40..]).to_string();
        t.split_whitespace()
            .filter_map(|w| w.parse().ok())
            .next_back()
            .unwrap()
    };
    let xref_text = String::from_utf8_lossy(&ltv[xref_at..]).to_string();
    let mut out = ltv[..xref_at].to_vec();
    let obj_at = out.len();
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Length 26>>stream\nBT /F1 40 Tf (PAID) Tj ET\nendstream\nendobj\n",
            content.0
        )
        .as_bytes(),
    );
    let new_xref = out.len();
    let (sections, trailer) = xref_text.split_once("trailer").unwrap();
    out.extend_from_slice(sections.as_bytes());
    out.extend_from_slice(format!("{} 1\n{obj_at:010} 00000 n \n", content.0).as_bytes());
    let trailer = trailer.split("startxref").next().unwrap();
    out.extend_from_slice(format!("trailer{trailer}startxref\n{new_xref}\n%%EOF\n").as_bytes());
    let checks = verify_pdf_in(&out, &ctx(&online, Utc::now())).unwrap();
    assert!(
        matches!(
            &checks[0].coverage,
            Coverage::ModifiedAfter {
                change: Change::PageContentChanged { .. } | Change::ObjectChanged { .. },
                ..
            }
        ),
        "{:?}",
        checks[0].coverage
    );
    assert_eq!(checks[0].level, None);
}

/// pyHanko's `ltvfix` DSS revision (it also raises `/Version` and updates `/Info`'s
/// ModDate and Producer) is validation data, not a change: both tools agree.
#[test]
fn validation_data_pyhanko_adds_is_accepted_as_validation_data() {
    let ca = Ca::new();
    let tsa = ca.tsa();
    let user = ca.signer("chair", Key::P256);
    let signed =
        sign_pdf_timestamped(&protocol(), &open(&user), None, Utc::now(), Some(&tsa.url)).unwrap();
    let d = ca.dir.path();
    let path = d.join("theirs.pdf");
    std::fs::write(&path, &signed).unwrap();
    let out = desk_testkit::tools::run(
        d,
        "pyhanko",
        &[
            "sign",
            "ltvfix",
            "--field",
            "Signature1",
            "--trust",
            ca.root.to_str().unwrap(),
            "--trust-replace",
            path.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = std::fs::read(&path).unwrap();
    assert!(theirs.len() > signed.len());
    let trust = store(&ca.trust_store(&[]));
    let checks = verify_pdf_in(&theirs, &ctx(&trust, Utc::now())).unwrap();
    assert_eq!(
        checks[0].coverage,
        Coverage::LaterSignaturesAndValidationData,
        "{:?}",
        checks[0].coverage
    );
    assert!(checks[0].intact());
}
