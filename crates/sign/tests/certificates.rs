#![allow(clippy::unwrap_used)]
//! Issue 14 item 3: the whole certification path is judged, at the current time unless a
//! trusted timestamp proves an earlier one, with the signer's claimed time only shown.
//! Every case uses a test CA made with the `openssl` command line in the test.

use chrono::{Duration, Utc};
use der::{Decode, DecodePem, Encode};
use desk_sign::chain::{ChainProblem, Revocation};
use desk_sign::cms::{SignatureCheck, Status, verify_detached};
use desk_sign::trust::{Trust, TrustStore};
use desk_sign::{P12Signer, SignError, Signer};
use desk_testkit::pki::{Ca, Key, PASSWORD, User, days_from_now};
use desk_testkit::tools::ok;

fn open_at(user: &User, now: chrono::DateTime<Utc>) -> P12Signer {
    P12Signer::open(&std::fs::read(&user.p12).unwrap(), PASSWORD, None, now).unwrap()
}

fn check(cms: &[u8], store: &tempfile::TempDir) -> SignatureCheck {
    let store = TrustStore::load_dir(store.path()).unwrap();
    verify_detached(cms, b"protocol", Some(&store)).remove(0)
}

#[test]
fn an_expired_signer_with_a_back_dated_claimed_time_is_not_trusted() {
    let ca = Ca::new();
    let user = ca.user(
        "old",
        Key::Rsa2048,
        "sign",
        &days_from_now(-60),
        &days_from_now(-30),
    );
    // The key's owner (or a thief) sets the clock back to when the certificate was valid.
    let then = Utc::now() - Duration::days(45);
    let cms = open_at(&user, then)
        .sign_detached(b"protocol", then)
        .unwrap();
    let c = check(&cms, &ca.trust_store(&[]));
    assert_eq!(c.status, Status::Valid);
    assert!(
        matches!(&c.trust, Trust::Untrusted(ChainProblem::Expired { .. })),
        "{:?}",
        c.trust
    );
    // The claimed time is reported as the signer wrote it, and not used.
    assert!((c.signed_at.unwrap() - then).num_seconds().abs() < 2);
    assert!((c.judged_at.unwrap() - Utc::now()).num_seconds().abs() < 60);
}

#[test]
fn a_signer_not_yet_valid_is_not_trusted() {
    let ca = Ca::new();
    let user = ca.user(
        "early",
        Key::P256,
        "sign",
        &days_from_now(10),
        &days_from_now(20),
    );
    let later = Utc::now() + Duration::days(15);
    let cms = open_at(&user, later)
        .sign_detached(b"protocol", later)
        .unwrap();
    let c = check(&cms, &ca.trust_store(&[]));
    assert!(
        matches!(&c.trust, Trust::Untrusted(ChainProblem::NotYetValid { .. })),
        "{:?}",
        c.trust
    );
}

#[test]
fn an_expired_intermediate_authority_breaks_the_path() {
    let root = Ca::new();
    let sub = root.intermediate(
        "Истёкший промежуточный УЦ",
        &days_from_now(-90),
        &days_from_now(-1),
    );
    let user = sub.signer("leaf", Key::Rsa2048);
    let cms = open_at(&user, Utc::now())
        .sign_detached(b"protocol", Utc::now())
        .unwrap();
    let c = check(&cms, &root.trust_store(&[]));
    match &c.trust {
        Trust::Untrusted(ChainProblem::Expired { subject, .. }) => {
            assert!(subject.contains("промежуточный"), "{subject}")
        }
        other => panic!("{other:?}"),
    }
    // The same path with a current intermediate is trusted.
    let good = root.intermediate("Промежуточный УЦ", &days_from_now(-1), &days_from_now(300));
    let user = good.signer("leaf", Key::Rsa2048);
    let cms = open_at(&user, Utc::now())
        .sign_detached(b"protocol", Utc::now())
        .unwrap();
    let c = check(&cms, &root.trust_store(&[]));
    assert!(matches!(c.trust, Trust::Trusted(_)), "{:?}", c.trust);
}

#[test]
fn a_signature_by_an_authentication_key_is_not_trusted_and_the_key_does_not_sign() {
    let ca = Ca::new();
    let auth = ca.user(
        "auth",
        Key::Rsa2048,
        "auth",
        &days_from_now(-1),
        &days_from_now(365),
    );
    let e = P12Signer::open(
        &std::fs::read(&auth.p12).unwrap(),
        PASSWORD,
        None,
        Utc::now(),
    )
    .unwrap_err();
    assert!(matches!(e, SignError::NotForSigning { .. }), "{e:?}");
    assert!(e.message(desk_i18n::Lang::Kk).contains("AUTH"));
    // Another tool signs with it anyway: the verifier refuses the usage too.
    let d = ca.dir.path();
    std::fs::write(d.join("protocol.txt"), b"protocol").unwrap();
    ok(
        d,
        "openssl",
        &[
            "cms",
            "-sign",
            "-binary",
            "-md",
            "sha256",
            "-in",
            "protocol.txt",
            "-signer",
            "auth.pem",
            "-inkey",
            "auth.key",
            "-outform",
            "DER",
            "-out",
            "auth.cms",
        ],
    );
    let cms = std::fs::read(d.join("auth.cms")).unwrap();
    let c = check(&cms, &ca.trust_store(&[]));
    assert_eq!(c.status, Status::Valid);
    assert!(
        matches!(
            &c.trust,
            Trust::Untrusted(ChainProblem::NotForSigning { .. })
        ),
        "{:?}",
        c.trust
    );
}

#[test]
fn revocation_needs_a_current_list_signed_by_the_issuer() {
    let ca = Ca::new();
    let user = ca.signer("r", Key::P256);
    let cms = open_at(&user, Utc::now())
        .sign_detached(b"protocol", Utc::now())
        .unwrap();
    // Before the revocation: a current list clears the signer, a stale one proves nothing.
    let fresh_empty = ca.crl_dated(&days_from_now(-1), &days_from_now(7));
    let stale_empty = ca.crl_dated(&days_from_now(-40), &days_from_now(-10));
    let c = check(&cms, &ca.trust_store(&[&fresh_empty]));
    assert!(matches!(c.trust, Trust::Trusted(_)), "{:?}", c.trust);
    assert_eq!(c.revocation, Revocation::Checked { in_document: false });
    let c = check(&cms, &ca.trust_store(&[&stale_empty]));
    assert!(
        matches!(&c.trust, Trust::Untrusted(ChainProblem::CrlStale { .. })),
        "{:?}",
        c.trust
    );
    // No list at all: trusted, and the report says revocation was not checked.
    let c = check(&cms, &ca.trust_store(&[]));
    assert!(matches!(c.trust, Trust::Trusted(_)), "{:?}", c.trust);
    assert!(matches!(c.revocation, Revocation::NoList { .. }));

    ca.revoke_only(&user);
    // Revoked, with a current list naming it.
    let fresh = ca.crl_dated(&days_from_now(0), &days_from_now(7));
    let c = check(&cms, &ca.trust_store(&[&fresh]));
    assert!(matches!(c.trust, Trust::Revoked(_)), "{:?}", c.trust);
    // Revoked, but only the stale list from before is at hand: never "trusted".
    let c = check(&cms, &ca.trust_store(&[&stale_empty]));
    assert!(
        matches!(&c.trust, Trust::Untrusted(ChainProblem::CrlStale { .. })),
        "{:?}",
        c.trust
    );
    // A list with the right issuer name but another key's signature is not believed.
    let impostor = Ca::new();
    let forged = impostor.crl_dated(&days_from_now(0), &days_from_now(7));
    let c = check(&cms, &ca.trust_store(&[&forged]));
    assert!(
        matches!(
            &c.trust,
            Trust::Untrusted(ChainProblem::CrlBadSignature { .. })
        ),
        "{:?}",
        c.trust
    );
}

#[test]
fn signing_refuses_a_stale_revocation_list_or_one_the_issuer_did_not_sign() {
    let ca = Ca::new();
    let user = ca.signer("s", Key::P256);
    let key = std::fs::read(&user.p12).unwrap();
    let stale = ca.crl_dated(&days_from_now(-40), &days_from_now(-10));
    let e = P12Signer::open(&key, PASSWORD, Some(&stale), Utc::now()).unwrap_err();
    assert!(matches!(e, SignError::CrlStale { .. }), "{e:?}");
    let forged = Ca::new().crl_dated(&days_from_now(0), &days_from_now(7));
    let e = P12Signer::open(&key, PASSWORD, Some(&forged), Utc::now()).unwrap_err();
    assert!(matches!(e, SignError::CrlNotByIssuer { .. }), "{e:?}");
    let fresh = ca.crl_dated(&days_from_now(0), &days_from_now(7));
    P12Signer::open(&key, PASSWORD, Some(&fresh), Utc::now()).unwrap();
}

#[test]
fn the_signing_certificate_attribute_must_name_the_certificate_presented() {
    use cms::cert::CertificateChoices;
    use cms::content_info::ContentInfo;
    use cms::signed_data::{CertificateSet, SignedData, SignerIdentifier};
    let ca = Ca::new();
    let user = ca.signer("twin", Key::P256);
    let cms = open_at(&user, Utc::now())
        .sign_detached(b"protocol", Utc::now())
        .unwrap();
    // A second certificate of the same key, presented instead of the one signed for: the
    // signature still checks with the key, only the signed ESS attribute tells.
    let twin =
        x509_cert::Certificate::from_pem(std::fs::read(ca.reissue("twin")).unwrap()).unwrap();
    let ci = ContentInfo::from_der(&cms).unwrap();
    let mut sd: SignedData = ci.content.decode_as().unwrap();
    sd.certificates = Some(CertificateSet(
        vec![CertificateChoices::Certificate(twin.clone())]
            .try_into()
            .unwrap(),
    ));
    let mut infos: Vec<_> = sd.signer_infos.0.iter().cloned().collect();
    if let SignerIdentifier::IssuerAndSerialNumber(ias) = &mut infos[0].sid {
        ias.serial_number = twin.tbs_certificate().serial_number().clone();
    }
    sd.signer_infos = cms::signed_data::SignerInfos(infos.try_into().unwrap());
    let swapped = ContentInfo {
        content_type: ci.content_type,
        content: der::Any::encode_from(&sd).unwrap(),
    }
    .to_der()
    .unwrap();
    let c = check(&swapped, &ca.trust_store(&[]));
    assert_eq!(c.status, Status::SigningCertificateMismatch, "{c:?}");
    assert_eq!(check(&cms, &ca.trust_store(&[])).status, Status::Valid);
}

#[test]
fn every_certificate_finding_is_translated() {
    use desk_i18n::Lang;
    let at = Utc::now();
    let s = || "X".to_string();
    let problems = [
        ChainProblem::NoPath {
            subject: s(),
            issuer: s(),
        },
        ChainProblem::Expired {
            subject: s(),
            at,
            judged_at: at,
        },
        ChainProblem::NotYetValid {
            subject: s(),
            from: at,
            judged_at: at,
        },
        ChainProblem::NotCa { subject: s() },
        ChainProblem::PathTooLong { subject: s() },
        ChainProblem::IssuerUsage { subject: s() },
        ChainProblem::NotForSigning { subject: s() },
        ChainProblem::NotForTimeStamping { subject: s() },
        ChainProblem::CrlBadSignature { issuer: s() },
        ChainProblem::CrlStale {
            issuer: s(),
            next_update: at,
        },
        ChainProblem::TooLong,
    ];
    for lang in Lang::ALL {
        for p in &problems {
            let m = p.message(lang);
            assert!(!m.starts_with("sign-"), "{lang}: {m}");
        }
        for r in [
            Revocation::Checked { in_document: true },
            Revocation::NoList { issuer: s() },
        ] {
            assert!(!r.message(lang).unwrap().starts_with("sign-"));
        }
        for e in [
            SignError::CrlNoIssuer,
            SignError::CrlNotByIssuer { issuer: s() },
            SignError::CrlStale {
                issuer: s(),
                at: s(),
            },
        ] {
            assert!(!e.message(lang).starts_with("sign-"), "{lang}: {e:?}");
        }
    }
}

#[test]
fn an_authority_may_not_have_more_authorities_below_it_than_its_path_length_allows() {
    let root = Ca::new();
    let sub = root.intermediate("Промежуточный УЦ", &days_from_now(-1), &days_from_now(300));
    // RFC 5280 §4.2.1.9: an intermediate with pathLenConstraint 0 may issue only end
    // certificates; one that issued another authority makes the path untrusted. An
    // intermediate without a constraint may.
    let strict = root.intermediate_with(
        "Строгий УЦ",
        "sub_ca_leaf_only",
        &days_from_now(-1),
        &days_from_now(300),
    );
    let below = strict.intermediate("Лишний УЦ", &days_from_now(-1), &days_from_now(300));
    let user = below.signer("leaf", Key::P256);
    let cms = open_at(&user, Utc::now())
        .sign_detached(b"protocol", Utc::now())
        .unwrap();
    let c = check(&cms, &root.trust_store(&[]));
    match &c.trust {
        Trust::Untrusted(ChainProblem::PathTooLong { subject }) => {
            assert!(subject.contains("Строгий"), "{subject}")
        }
        other => panic!("{other:?}"),
    }
    let ok_below = sub.intermediate("Нижний УЦ", &days_from_now(-1), &days_from_now(300));
    let user = ok_below.signer("leaf", Key::P256);
    let cms = open_at(&user, Utc::now())
        .sign_detached(b"protocol", Utc::now())
        .unwrap();
    let c = check(&cms, &root.trust_store(&[]));
    assert!(matches!(c.trust, Trust::Trusted(_)), "{:?}", c.trust);
}
