#![allow(clippy::unwrap_used)]
//! Detached CMS signatures (`.cms` next to the file) made with PKCS#12 keys, checked by
//! `openssl cms -verify` as well as by our own verifier; and every reason to refuse.

use chrono::Utc;
use std::path::Path;

use desk_i18n::Lang;
use desk_sign::cms::{Status, verify_detached};
use desk_sign::trust::{Trust, TrustStore};
use desk_sign::{P12Signer, SignError, Signer};
use desk_testkit::checkers::openssl_cms_verify;
use desk_testkit::pki::{self, Ca, Key, PASSWORD, berify, days_from_now};
use desk_testkit::tools::ok;

fn open(path: &std::path::Path, crl: Option<&[u8]>) -> Result<P12Signer, SignError> {
    P12Signer::open(&std::fs::read(path).unwrap(), PASSWORD, crl, Utc::now())
}

fn openssl_verify(ca: &Ca, content: &str, cms: &str) -> (bool, String) {
    let out = openssl_cms_verify(
        ca.dir.path(),
        Path::new(cms),
        Path::new(content),
        &ca.path("ca.pem"),
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn rsa_and_p256_detached_signatures_verify_with_openssl_and_here() {
    let ca = Ca::new();
    let store = TrustStore::load_dir(ca.dir.path()).unwrap();
    let doc = "Выписка из журнала — Журналдан үзінді көшірме".repeat(100);
    std::fs::write(ca.path("doc.txt"), &doc).unwrap();
    for (name, key, alg) in [
        ("rsa", Key::Rsa2048, "RSA 2048 / SHA-256"),
        ("ec", Key::P256, "ECDSA P-256 / SHA-256"),
    ] {
        let user = ca.signer(name, key);
        let signer = open(&user.p12, None).unwrap();
        let id = signer.identity();
        assert_eq!(id.name, "ӘЛИЕВ НҰРЛАН СЕРІКҰЛЫ");
        assert_eq!(id.iin.as_deref(), Some(pki::IIN));
        assert_eq!(id.bin.as_deref(), Some(pki::BIN));
        assert_eq!(id.organisation.as_deref(), Some("ТОО «Сапа»"));

        let cms = signer.sign_detached(doc.as_bytes(), Utc::now()).unwrap();
        let cms_name = format!("{name}.cms");
        std::fs::write(ca.path(&cms_name), &cms).unwrap();
        let (verified, stderr) = openssl_verify(&ca, "doc.txt", &cms_name);
        assert!(
            verified && stderr.contains("Verification successful"),
            "{name}: {stderr}"
        );
        // One SignerInfo with the signed attributes the brief asks for.
        let dump = String::from_utf8_lossy(
            &ok(
                ca.dir.path(),
                "openssl",
                &[
                    "cms", "-cmsout", "-print", "-inform", "DER", "-in", &cms_name,
                ],
            )
            .stdout,
        )
        .into_owned();
        for attr in [
            "signingTime",
            "messageDigest",
            "contentType",
            "id-smime-aa-signingCertificateV2",
        ] {
            assert!(dump.contains(attr), "{attr} missing:\n{dump}");
        }
        assert_eq!(dump.matches("signatureAlgorithm:").count(), 1, "{dump}");

        let checks = verify_detached(&cms, doc.as_bytes(), Some(&store));
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].status, Status::Valid);
        assert_eq!(checks[0].algorithm, alg);
        assert!(
            matches!(checks[0].trust, Trust::Trusted(_)),
            "{:?}",
            checks[0].trust
        );
        assert_eq!(
            checks[0].signer.as_ref().unwrap().iin.as_deref(),
            Some(pki::IIN)
        );
        let age = Utc::now() - checks[0].signed_at.unwrap();
        assert!(age.num_seconds().abs() < 120);

        // One changed byte: both openssl and we see it.
        let mut changed = doc.clone().into_bytes();
        changed[10] ^= 1;
        std::fs::write(ca.path("changed.txt"), &changed).unwrap();
        let (verified, stderr) = openssl_verify(&ca, "changed.txt", &cms_name);
        assert!(!verified, "openssl accepted a changed document: {stderr}");
        assert_eq!(
            verify_detached(&cms, &changed, Some(&store))[0].status,
            Status::DigestMismatch
        );
    }
}

#[test]
fn a_signer_outside_the_trust_store_is_valid_but_untrusted() {
    let ca = Ca::new();
    let other = Ca::new();
    let user = ca.signer("u", Key::P256);
    let cms = open(&user.p12, None)
        .unwrap()
        .sign_detached(b"x", Utc::now())
        .unwrap();
    let store = TrustStore::load_dir(other.dir.path()).unwrap();
    let check = &verify_detached(&cms, b"x", Some(&store))[0];
    assert_eq!(check.status, Status::Valid);
    assert!(
        matches!(check.trust, Trust::Untrusted(_)),
        "{:?}",
        check.trust
    );
    assert_eq!(
        verify_detached(&cms, b"x", None)[0].trust,
        Trust::NoTrustStore
    );
}

#[test]
fn pkcs12_in_ber_with_indefinite_lengths_opens_like_nca_files() {
    let ca = Ca::new();
    let user = ca.signer("ber", Key::Rsa2048);
    let der = std::fs::read(&user.p12).unwrap();
    let ber = berify(&der, 0);
    assert_ne!(ber, der);
    assert_eq!(
        &ber[..2],
        &[0x30, 0x80],
        "outer SEQUENCE must be indefinite"
    );
    let signer = P12Signer::open(&ber, PASSWORD, None, Utc::now()).unwrap();
    assert_eq!(signer.identity().iin.as_deref(), Some(pki::IIN));
    assert!(matches!(
        P12Signer::open(&ber, "wrong", None, Utc::now()),
        Err(SignError::WrongPassword)
    ));

    // The older algorithms NCA files use: 3DES-encrypted bags and a SHA-1 MAC, in BER.
    let d = ca.dir.path();
    ok(
        d,
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-keypbe",
            "PBE-SHA1-3DES",
            "-certpbe",
            "PBE-SHA1-3DES",
            "-macalg",
            "sha1",
            "-inkey",
            "ber.key",
            "-in",
            "ber.pem",
            "-certfile",
            "ca.pem",
            "-out",
            "legacy.p12",
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
    );
    let legacy = berify(&std::fs::read(d.join("legacy.p12")).unwrap(), 0);
    let signer = P12Signer::open(&legacy, PASSWORD, None, Utc::now()).unwrap();
    assert_eq!(signer.identity().name, "ӘЛИЕВ НҰРЛАН СЕРІКҰЛЫ");
    assert!(matches!(
        P12Signer::open(&legacy, "wrong", None, Utc::now()),
        Err(SignError::WrongPassword)
    ));

    // A MAC-less file is refused now, however it is encoded (issue 14): BER inside the
    // safes with a MAC is tested in tests/p12.rs.
    let d = ca.dir.path();
    ok(
        d,
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-nomac",
            "-inkey",
            "ber.key",
            "-in",
            "ber.pem",
            "-out",
            "nomac.p12",
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
    );
    let deep = berify(&std::fs::read(d.join("nomac.p12")).unwrap(), 2);
    assert!(matches!(
        P12Signer::open(&deep, PASSWORD, None, Utc::now()),
        Err(SignError::P12NoMac)
    ));
}

#[test]
fn every_reason_to_refuse_is_a_translated_error() {
    let ca = Ca::new();
    let now = Utc::now();

    let auth = ca.user(
        "auth",
        Key::Rsa2048,
        "auth",
        &days_from_now(-1),
        &days_from_now(300),
    );
    let e = open(&auth.p12, None).unwrap_err();
    assert!(matches!(e, SignError::NotForSigning { .. }), "{e:?}");
    assert!(
        e.message(Lang::Ru).contains("не предназначен для подписи"),
        "{}",
        e.message(Lang::Ru)
    );
    assert!(e.message(Lang::Kk).contains("қол қоюға арналмаған"));

    let expired = ca.user(
        "old",
        Key::P256,
        "sign",
        &days_from_now(-400),
        &days_from_now(-10),
    );
    let e = open(&expired.p12, None).unwrap_err();
    assert!(matches!(e, SignError::Expired { .. }), "{e:?}");
    assert!(e.message(Lang::Kk).contains("мерзімі"));

    let future = ca.user(
        "future",
        Key::P256,
        "sign",
        &days_from_now(10),
        &days_from_now(400),
    );
    assert!(matches!(
        open(&future.p12, None).unwrap_err(),
        SignError::NotYetValid { .. }
    ));

    let weak = ca.user(
        "weak",
        Key::Rsa1024,
        "sign",
        &days_from_now(-1),
        &days_from_now(300),
    );
    assert!(matches!(
        open(&weak.p12, None).unwrap_err(),
        SignError::WeakKey(1024)
    ));

    let good = ca.signer("good", Key::Rsa2048);
    let clean = ca.empty_crl();
    assert!(
        open(&good.p12, Some(&clean)).is_ok(),
        "an unrelated CRL must not refuse"
    );
    let crl = ca.revoke(&good);
    let e = open(&good.p12, Some(&crl)).unwrap_err();
    assert!(matches!(e, SignError::Revoked { .. }), "{e:?}");
    assert!(e.message(Lang::Ru).contains("отозван"));

    let e = P12Signer::open(&std::fs::read(&good.p12).unwrap(), "wrong", None, now).unwrap_err();
    assert!(matches!(e, SignError::WrongPassword), "{e:?}");
    assert_eq!(e.message(Lang::Kk), "Кілттің құпиясөзі қате");

    let mut corrupt = std::fs::read(&good.p12).unwrap();
    corrupt.truncate(corrupt.len() / 2);
    assert!(matches!(
        P12Signer::open(&corrupt, PASSWORD, None, now),
        Err(SignError::P12Corrupt(_))
    ));
    assert!(matches!(
        P12Signer::open(b"not a key", PASSWORD, None, now),
        Err(SignError::P12Corrupt(_))
    ));
}

#[test]
fn gost_signatures_are_reported_not_verifiable_never_valid() {
    // A SignerInfo whose algorithms are Kalkan's GOST 34.310 / 34.311: made by editing
    // the OIDs of a real CMS, since no GOST signer is available here.
    let ca = Ca::new();
    let user = ca.signer("g", Key::Rsa2048);
    let cms = open(&user.p12, None)
        .unwrap()
        .sign_detached(b"doc", Utc::now())
        .unwrap();
    let rsa_enc = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    // 1.2.398.3.10.1.1.1.2 would change the length; 1.2.398.3.10.1.1 fits 9 content bytes
    // once padded with a further arc: 1.2.398.3.10.1.1.2.3 = 2a 83 0e 03 0a 01 01 02 03.
    let gost = [
        0x06, 0x09, 0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x03,
    ];
    let at = cms
        .windows(rsa_enc.len())
        .rposition(|w| w == rsa_enc)
        .unwrap();
    let mut edited = cms.clone();
    edited[at..at + gost.len()].copy_from_slice(&gost);
    let check = &verify_detached(&edited, b"doc", None)[0];
    assert!(
        matches!(check.status, Status::NotVerifiable(_)),
        "{:?}",
        check.status
    );
}

#[test]
fn a_revocation_list_in_the_trust_store_marks_the_signer_revoked() {
    let ca = Ca::new();
    let user = ca.signer("r", Key::P256);
    let cms = open(&user.p12, None)
        .unwrap()
        .sign_detached(b"doc", Utc::now())
        .unwrap();
    let crl = ca.revoke(&user);
    let store_dir = tempfile::tempdir().unwrap();
    std::fs::copy(ca.path("ca.pem"), store_dir.path().join("root.pem")).unwrap();
    std::fs::write(store_dir.path().join("nca.crl"), crl).unwrap();
    let store = TrustStore::load_dir(store_dir.path()).unwrap();
    let check = &verify_detached(&cms, b"doc", Some(&store))[0];
    assert_eq!(check.status, Status::Valid);
    assert!(
        matches!(check.trust, Trust::Revoked(_)),
        "{:?}",
        check.trust
    );
}
