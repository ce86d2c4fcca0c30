//! The PKCS#12 file signer: RSA (2048 bits and more) and ECDSA P-256 keys, in this process.
//! The password is taken for one opening and not kept; the key lives only as long as the
//! signer.

use chrono::{DateTime, Utc};
use der::asn1::OctetString;
use der::{Decode, Encode};
use p12_keystore::Pkcs12Archive;
use pkcs12::pfx::Pfx;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::cms::{SigningKey, signed_data_detached};
use crate::{Identity, SignError, Signer, ber, checks};

#[derive(Debug)]
pub struct P12Signer {
    key: SigningKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

const ID_DATA: const_oid::ObjectIdentifier = const_oid::db::rfc5911::ID_DATA;

/// Re-encodes what sits inside the authenticated safe as DER too, and drops the MAC,
/// which was computed over the original (BER) bytes and checked before this is called.
fn deep_der(pfx_der: &[u8]) -> Result<Vec<u8>, SignError> {
    let corrupt = |e: &dyn std::fmt::Display| SignError::P12Corrupt(e.to_string());
    let mut pfx = Pfx::from_der(pfx_der).map_err(|e| corrupt(&e))?;
    let outer = pfx
        .auth_safe
        .content
        .decode_as::<OctetString>()
        .map_err(|e| corrupt(&e))?;
    let safes_der = ber::to_der(outer.as_bytes()).map_err(|e| corrupt(&e))?;
    let mut safes = pkcs12::AuthenticatedSafe::from_der(&safes_der).map_err(|e| corrupt(&e))?;
    for safe in &mut safes {
        if safe.content_type == ID_DATA {
            let inner = safe
                .content
                .decode_as::<OctetString>()
                .map_err(|e| corrupt(&e))?;
            let der = ber::to_der(inner.as_bytes()).map_err(|e| corrupt(&e))?;
            safe.content = der::Any::encode_from(&OctetString::new(der).map_err(|e| corrupt(&e))?)
                .map_err(|e| corrupt(&e))?;
        }
    }
    let safes_der = safes.to_der().map_err(|e| corrupt(&e))?;
    pfx.auth_safe.content =
        der::Any::encode_from(&OctetString::new(safes_der).map_err(|e| corrupt(&e))?)
            .map_err(|e| corrupt(&e))?;
    pfx.mac_data = None;
    pfx.to_der().map_err(|e| corrupt(&e))
}

/// More MAC iterations than this is a file made to keep the machine busy.
const MAX_MAC_ITERATIONS: i32 = 10_000_000;

macro_rules! hmac_matches {
    ($digest:ty, $password:expr, $mac:expr, $data:expr) => {{
        use hmac::{KeyInit, Mac};
        let key = pkcs12::kdf::derive_key_utf8::<$digest>(
            $password,
            $mac.mac_salt.as_bytes(),
            pkcs12::kdf::Pkcs12KeyType::Mac,
            $mac.iterations,
            <$digest as hmac::digest::OutputSizeUser>::output_size(),
        )
        .map_err(|e| SignError::P12Corrupt(e.to_string()))?;
        let mut hmac = hmac::Hmac::<$digest>::new_from_slice(&key)
            .map_err(|e| SignError::P12Corrupt(e.to_string()))?;
        hmac.update($data);
        hmac.verify_slice($mac.mac.digest.as_bytes()).is_ok()
    }};
}

/// The password-integrity MAC (RFC 7292 §4, key by Appendix B) over the authenticated
/// safe, checked here before anything in the file is decrypted or used: p12-keystore
/// accepts a file without a MAC, and the DER fallback below drops it, so neither may be
/// the only check. A file without a MAC is refused: its keys could have been swapped.
fn check_mac(pfx: &Pfx, password: &str) -> Result<(), SignError> {
    use const_oid::db::rfc5912::{ID_SHA_1, ID_SHA_224, ID_SHA_256, ID_SHA_384, ID_SHA_512};
    let mac = pfx.mac_data.as_ref().ok_or(SignError::P12NoMac)?;
    if !(1..=MAX_MAC_ITERATIONS).contains(&mac.iterations) {
        return Err(SignError::P12Corrupt(format!(
            "MAC iterations {}",
            mac.iterations
        )));
    }
    let data = pfx.auth_safe.content.value();
    let oid = mac.mac.algorithm.oid;
    let ok = if oid == ID_SHA_1 {
        hmac_matches!(sha1::Sha1, password, mac, data)
    } else if oid == ID_SHA_224 {
        hmac_matches!(sha2::Sha224, password, mac, data)
    } else if oid == ID_SHA_256 {
        hmac_matches!(sha2::Sha256, password, mac, data)
    } else if oid == ID_SHA_384 {
        hmac_matches!(sha2::Sha384, password, mac, data)
    } else if oid == ID_SHA_512 {
        hmac_matches!(sha2::Sha512, password, mac, data)
    } else {
        return Err(SignError::P12Corrupt(format!("MAC algorithm {oid}")));
    };
    // A wrong password and a changed file look the same here; both must stop signing.
    if ok {
        Ok(())
    } else {
        Err(SignError::WrongPassword)
    }
}

/// Refuses a private key stored without encryption (a plain `keyBag` in an unencrypted
/// safe): whoever had the file could have read or replaced it.
fn refuse_plain_keys(pfx: &Pfx) -> Result<(), SignError> {
    let corrupt = |e: &dyn std::fmt::Display| SignError::P12Corrupt(e.to_string());
    let outer = pfx
        .auth_safe
        .content
        .decode_as::<OctetString>()
        .map_err(|e| corrupt(&e))?;
    let safes_der = ber::to_der(outer.as_bytes()).map_err(|e| corrupt(&e))?;
    let safes = pkcs12::AuthenticatedSafe::from_der(&safes_der).map_err(|e| corrupt(&e))?;
    for safe in &safes {
        if safe.content_type != ID_DATA {
            continue;
        }
        let inner = safe
            .content
            .decode_as::<OctetString>()
            .map_err(|e| corrupt(&e))?;
        let der = ber::to_der(inner.as_bytes()).map_err(|e| corrupt(&e))?;
        let bags = pkcs12::safe_bag::SafeContents::from_der(&der).map_err(|e| corrupt(&e))?;
        if bags.iter().any(|b| b.bag_id == pkcs12::PKCS_12_KEY_BAG_OID) {
            return Err(SignError::P12PlainKey);
        }
    }
    Ok(())
}

fn open_archive(bytes: &[u8], password: &str) -> Result<Pkcs12Archive, SignError> {
    use p12_keystore::error::Error as E;
    let outer = ber::to_der(bytes).map_err(|e| SignError::P12Corrupt(e.to_string()))?;
    // The MAC covers the authenticated safe's octets, which the outer pass leaves alone:
    // a wrong password is told apart from a damaged file here, before any key is read.
    let pfx = Pfx::from_der(&outer).map_err(|e| SignError::P12Corrupt(e.to_string()))?;
    check_mac(&pfx, password)?;
    refuse_plain_keys(&pfx)?;
    match Pkcs12Archive::from_pkcs12(&outer, password) {
        Ok(a) => Ok(a),
        Err(E::MacError(_)) => Err(SignError::WrongPassword),
        Err(first) => {
            // The MAC was checked above; this pass only re-encodes BER inside the safes.
            let deep = deep_der(&outer)?;
            Pkcs12Archive::from_pkcs12(&deep, password).map_err(|e| match e {
                E::UnpadError | E::Pkcs5Error(_) | E::InvalidPrivateKey => SignError::WrongPassword,
                _ => SignError::P12Corrupt(format!("{first}; {e}")),
            })
        }
    }
}

impl P12Signer {
    /// Opens a PKCS#12 file and checks that its certificate may sign now: signing usage,
    /// validity, and not on the revocation list `crl` (DER or PEM) when one is given.
    pub fn open(
        bytes: &[u8],
        password: &str,
        crl: Option<&[u8]>,
        now: DateTime<Utc>,
    ) -> Result<P12Signer, SignError> {
        let archive = open_archive(bytes, password)?;
        // Several keys in one file: which one signs is the user's choice, never a guess.
        if archive.keys.len() > 1 {
            return Err(SignError::P12SeveralKeys(archive.keys.len()));
        }
        let certs: Vec<Certificate> = archive
            .certs
            .iter()
            .filter_map(|c| Certificate::from_der(c.cert.as_der()).ok())
            .collect();
        // The key's certificate is found by its public key, not by localKeyId, which
        // some issuers leave out.
        let (key, cert) = archive
            .keys
            .iter()
            .find_map(|k| {
                let key = SigningKey::from_pkcs8(k.key.as_der());
                match key {
                    Ok(key) => {
                        let spki = key.public_key_der().ok()?;
                        let cert = certs.iter().find(|c| {
                            c.tbs_certificate()
                                .subject_public_key_info()
                                .to_der()
                                .is_ok_and(|d| d == spki)
                        })?;
                        Some(Ok((key, cert.clone())))
                    }
                    Err(e) => Some(Err(e)),
                }
            })
            .ok_or(SignError::NoKey)??;
        let chain = issuers_of(&cert, &certs);
        let crl: Option<CertificateList> = crl
            .map(|b| checks::load_crl(b, chain.first(), now))
            .transpose()?;
        checks::check_signing_certificate(&cert, now, crl.as_ref())?;
        Ok(P12Signer { key, cert, chain })
    }
}

/// The issuers of `cert` among `pool`, nearest first, stopping at a self-signed one.
pub(crate) fn issuers_of(cert: &Certificate, pool: &[Certificate]) -> Vec<Certificate> {
    let mut chain: Vec<Certificate> = Vec::new();
    let mut current = cert.clone();
    while let Some(issuer) = pool.iter().find(|c| {
        c.tbs_certificate().subject() == current.tbs_certificate().issuer()
            && *c != &current
            && !chain.contains(c)
    }) {
        chain.push(issuer.clone());
        if issuer.tbs_certificate().subject() == issuer.tbs_certificate().issuer() {
            break;
        }
        current = issuer.clone();
    }
    chain
}

impl P12Signer {
    /// Who signs with this key.
    pub fn identity(&self) -> Identity {
        Identity::from_certificate(&self.cert)
    }

    /// The issuers found in the file, nearest first; they go into the CMS.
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }
}

impl Signer for P12Signer {
    fn certificate(&self) -> Option<&Certificate> {
        Some(&self.cert)
    }

    fn sign_detached(&self, content: &[u8], at: DateTime<Utc>) -> Result<Vec<u8>, SignError> {
        signed_data_detached(content, &self.key, &self.cert, &self.chain, at)
    }
}
