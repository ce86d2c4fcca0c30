#![allow(clippy::unwrap_used)]
//! PKCS#12 key files (issue 14, item 5): the integrity check (MAC) is verified before any
//! key is used, under every parameter choice openssl offers; a file without one, a key
//! stored unencrypted, or several keys are refused.

use chrono::Utc;
use der::asn1::OctetString;
use der::{Decode, Encode};
use desk_sign::{P12Signer, SignError};
use desk_testkit::pki::{Ca, Key, PASSWORD, berify};
use desk_testkit::tools::ok;
use pkcs12::pfx::Pfx;

fn open(bytes: &[u8]) -> Result<P12Signer, SignError> {
    P12Signer::open(bytes, PASSWORD, None, Utc::now())
}

/// `openssl pkcs12 -export` of the user `name` with `extra` options.
fn export(ca: &Ca, name: &str, out: &str, extra: &[&str]) -> Vec<u8> {
    let (key, pem, pass) = (
        format!("{name}.key"),
        format!("{name}.pem"),
        format!("pass:{PASSWORD}"),
    );
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        &key,
        "-in",
        &pem,
        "-certfile",
        "ca.pem",
        "-out",
        out,
        "-passout",
        &pass,
    ];
    args.extend_from_slice(extra);
    ok(ca.dir.path(), "openssl", &args);
    std::fs::read(ca.path(out)).unwrap()
}

/// `pfx` with a SHA-256 MAC computed over its authenticated safe as it is now, the way
/// a writer that re-encodes the inside (NCA RK's BER files) signs it.
fn with_mac(mut pfx: Pfx) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let salt = [7u8; 8];
    let key = pkcs12::kdf::derive_key_utf8::<sha2::Sha256>(
        PASSWORD,
        &salt,
        pkcs12::kdf::Pkcs12KeyType::Mac,
        2048,
        32,
    )
    .unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(pfx.auth_safe.content.value());
    let digest = mac.finalize().into_bytes().to_vec();
    pfx.mac_data = Some(pkcs12::MacData {
        mac: pkcs12::DigestInfo {
            algorithm: spki::AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::ID_SHA_256,
                parameters: Some(der::asn1::Null.into()),
            },
            digest: OctetString::new(digest).unwrap(),
        },
        mac_salt: OctetString::new(salt.to_vec()).unwrap(),
        iterations: 2048,
    });
    pfx.to_der().unwrap()
}

/// The file with one byte of its MAC value flipped.
fn mac_flipped(der_bytes: &[u8]) -> Vec<u8> {
    let mut pfx = Pfx::from_der(der_bytes).unwrap();
    let mac = pfx.mac_data.as_mut().unwrap();
    let mut digest = mac.mac.digest.as_bytes().to_vec();
    digest[0] ^= 1;
    mac.mac.digest = OctetString::new(digest).unwrap();
    pfx.to_der().unwrap()
}

/// The file with one byte of its authenticated safe flipped, its MAC left as it was.
fn content_flipped(der_bytes: &[u8]) -> Vec<u8> {
    let mut pfx = Pfx::from_der(der_bytes).unwrap();
    let mut octets = pfx
        .auth_safe
        .content
        .decode_as::<OctetString>()
        .unwrap()
        .as_bytes()
        .to_vec();
    let at = octets.len() - 40;
    octets[at] ^= 1;
    pfx.auth_safe.content = der::Any::encode_from(&OctetString::new(octets).unwrap()).unwrap();
    pfx.to_der().unwrap()
}

#[test]
fn a_tampered_mac_or_content_is_refused_under_every_parameter_choice() {
    let ca = Ca::new();
    ca.signer("u", Key::Rsa2048);
    let mut n = 0;
    for mac in ["sha1", "sha256", "sha384", "sha512"] {
        for iter in [None, Some("-nomaciter")] {
            for pbe in [
                &[][..],
                &["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES"][..],
                &["-keypbe", "AES-128-CBC", "-certpbe", "NONE"][..],
            ] {
                n += 1;
                let mut extra = vec!["-macalg", mac];
                extra.extend(iter);
                extra.extend_from_slice(pbe);
                let file = export(&ca, "u", &format!("p{n}.p12"), &extra);
                let what = format!("{extra:?}");
                assert!(open(&file).is_ok(), "{what}: {:?}", open(&file).err());
                assert!(
                    matches!(open(&mac_flipped(&file)), Err(SignError::WrongPassword)),
                    "{what}"
                );
                assert!(
                    matches!(open(&content_flipped(&file)), Err(SignError::WrongPassword)),
                    "{what}"
                );
                // The same, written in BER as NCA RK writes its files.
                assert!(open(&berify(&file, 0)).is_ok(), "{what}");
                assert!(
                    matches!(
                        open(&berify(&mac_flipped(&file), 0)),
                        Err(SignError::WrongPassword)
                    ),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn a_file_without_a_mac_is_refused_even_with_the_right_password() {
    let ca = Ca::new();
    ca.signer("u", Key::P256);
    let file = export(&ca, "u", "nomac.p12", &["-nomac"]);
    assert!(matches!(open(&file), Err(SignError::P12NoMac)));
    // The BER path, which re-encodes the inside of the file, has no way around it.
    assert!(matches!(open(&berify(&file, 2)), Err(SignError::P12NoMac)));
}

#[test]
fn ber_inside_the_safes_opens_when_the_mac_over_it_holds() {
    let ca = Ca::new();
    ca.signer("u", Key::Rsa2048);
    let file = export(&ca, "u", "nomac.p12", &["-nomac"]);
    // BER inside the authenticated safe (NCA RK's files); the outer BER pass joins the
    // chunks, so the MAC is over the BER octets as the issuer wrote them.
    let deep = desk_sign::ber::to_der(&berify(&file, 2)).unwrap();
    let signed = with_mac(Pfx::from_der(&deep).unwrap());
    let signer = open(&berify(&signed, 0)).unwrap();
    assert_eq!(
        signer.identity().bin.as_deref(),
        Some(desk_testkit::pki::BIN)
    );
    assert!(matches!(
        open(&mac_flipped(&signed)),
        Err(SignError::WrongPassword)
    ));
}

#[test]
fn an_unencrypted_key_is_refused() {
    let ca = Ca::new();
    ca.signer("u", Key::Rsa2048);
    let file = export(
        &ca,
        "u",
        "plain.p12",
        &["-keypbe", "NONE", "-certpbe", "NONE"],
    );
    assert!(
        matches!(open(&file), Err(SignError::P12PlainKey)),
        "{:?}",
        open(&file).err()
    );
}

#[test]
fn several_keys_in_one_file_are_refused() {
    let ca = Ca::new();
    ca.signer("a", Key::Rsa2048);
    ca.signer("b", Key::P256);
    let a_der = export(&ca, "a", "a.p12", &[]);
    let a = Pfx::from_der(&a_der).unwrap();
    let b = Pfx::from_der(&export(&ca, "b", "b.p12", &[])).unwrap();
    let safes = |p: &Pfx| {
        let octets = p.auth_safe.content.decode_as::<OctetString>().unwrap();
        pkcs12::AuthenticatedSafe::from_der(octets.as_bytes()).unwrap()
    };
    let mut both = safes(&a);
    both.extend(safes(&b));
    let mut pfx = Pfx::from_der(&a_der).unwrap();
    pfx.auth_safe.content =
        der::Any::encode_from(&OctetString::new(both.to_der().unwrap()).unwrap()).unwrap();
    let file = with_mac(pfx);
    assert!(
        matches!(open(&file), Err(SignError::P12SeveralKeys(2))),
        "{:?}",
        open(&file).err()
    );
}

#[test]
fn the_refusals_are_translated() {
    for e in [
        SignError::P12NoMac,
        SignError::P12PlainKey,
        SignError::P12SeveralKeys(2),
    ] {
        for lang in [
            desk_i18n::Lang::Kk,
            desk_i18n::Lang::Ru,
            desk_i18n::Lang::En,
        ] {
            let text = e.message(lang);
            assert!(!text.is_empty() && !text.contains("sign-err"), "{text}");
        }
    }
    assert!(
        SignError::P12SeveralKeys(2)
            .message(desk_i18n::Lang::Ru)
            .contains('2')
    );
}
