//! Detached CMS SignedData (RFC 5652) with one SignerInfo: content-type, signing-time,
//! message-digest and ESS signing-certificate-v2 signed attributes, the signer's
//! certificate (and its issuers) included. The same bytes go into `.cms` files and into
//! PDF signatures (`ETSI.CAdES.detached` requires signing-certificate-v2).

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{Null, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use crate::chain::{Extra, Purpose, Revocation};
use crate::identity::Identity;
use crate::timestamp::{self, ATTR_TIMESTAMP_TOKEN, Timestamp};
use crate::trust::{Trust, TrustStore};
use crate::{SignError, ber};

pub const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ATTR_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ATTR_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ATTR_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ATTR_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ATTR_SIGNING_CERT: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
const SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// GOST algorithms: Russian (1.2.643…) and Kazakhstan's Kalkan (1.2.398.3.10…). No
/// well-kept implementation is used here, so such signatures are never called valid.
pub fn is_gost(oid: &ObjectIdentifier) -> bool {
    let s = oid.to_string();
    s.starts_with("1.2.643.") || s.starts_with("1.2.398.")
}

/// A private key this process can sign with.
#[derive(Debug)]
pub enum SigningKey {
    Rsa(rsa::PrivateKey),
    P256(p256::ecdsa::SigningKey),
}

impl SigningKey {
    /// Reads a PKCS#8 key; GOST and other curves are refused with the algorithm named.
    pub fn from_pkcs8(der_bytes: &[u8]) -> Result<SigningKey, SignError> {
        use rsa::traits::PublicKeyParts;
        let info = pkcs8::PrivateKeyInfoRef::try_from(der_bytes)
            .map_err(|e| SignError::P12Corrupt(e.to_string()))?;
        let oid = info.algorithm.oid;
        if oid == RSA_ENCRYPTION {
            let key = <rsa::PrivateKey as rsa::pkcs8::DecodePrivateKey>::from_pkcs8_der(der_bytes)
                .map_err(|e| SignError::P12Corrupt(e.to_string()))?;
            let bits = key.size() * 8;
            if bits < 2048 {
                return Err(SignError::WeakKey(bits));
            }
            Ok(SigningKey::Rsa(key))
        } else if oid == EC_PUBLIC_KEY {
            <p256::ecdsa::SigningKey as p256::pkcs8::DecodePrivateKey>::from_pkcs8_der(der_bytes)
                .map(SigningKey::P256)
                .map_err(|_| SignError::UnsupportedKey(format!("EC {oid}")))
        } else if is_gost(&oid) {
            Err(SignError::UnsupportedKey(format!("GOST ({oid})")))
        } else {
            Err(SignError::UnsupportedKey(oid.to_string()))
        }
    }

    pub fn public_key_der(&self) -> Result<Vec<u8>, SignError> {
        let err = |e: spki::Error| SignError::Crypto(e.to_string());
        match self {
            SigningKey::Rsa(k) => {
                rsa::pkcs8::EncodePublicKey::to_public_key_der(&k.to_public_key())
                    .map(|d| d.as_bytes().to_vec())
                    .map_err(err)
            }
            SigningKey::P256(k) => {
                p256::pkcs8::EncodePublicKey::to_public_key_der(k.verifying_key())
                    .map(|d| d.as_bytes().to_vec())
                    .map_err(err)
            }
        }
    }

    fn sign(&self, message: &[u8]) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), SignError> {
        use signature::{SignatureEncoding, Signer};
        let err = |e: signature::Error| SignError::Crypto(e.to_string());
        match self {
            SigningKey::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(k.clone());
                let sig = signer.try_sign(message).map_err(err)?;
                // rsaEncryption with NULL parameters is what most CMS verifiers expect.
                let params =
                    Any::encode_from(&Null).map_err(|e| SignError::Crypto(e.to_string()))?;
                Ok((
                    AlgorithmIdentifierOwned {
                        oid: RSA_ENCRYPTION,
                        parameters: Some(params),
                    },
                    sig.to_vec(),
                ))
            }
            SigningKey::P256(k) => {
                let sig: p256::ecdsa::Signature = k.try_sign(message).map_err(err)?;
                Ok((
                    AlgorithmIdentifierOwned {
                        oid: ECDSA_SHA256,
                        parameters: None,
                    },
                    sig.to_der().as_bytes().to_vec(),
                ))
            }
        }
    }
}

#[derive(der::Sequence)]
struct EssCertIdV2 {
    // hashAlgorithm DEFAULT sha256 is left out, as DER requires for a default.
    cert_hash: OctetString,
}

#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// ESSCertIDv2 as others write it (RFC 5035): the hash algorithm when not SHA-256, and
/// the issuer and serial, which the hash already pins down.
#[derive(der::Sequence)]
struct EssCertIdV2Read {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

#[derive(der::Sequence)]
struct SigningCertificateV2Read {
    certs: Vec<EssCertIdV2Read>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// ESSCertID (RFC 2634): SHA-1 of the certificate.
#[derive(der::Sequence)]
struct EssCertIdRead {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

#[derive(der::Sequence)]
struct SigningCertificateRead {
    certs: Vec<EssCertIdRead>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

fn hash_with(oid: &ObjectIdentifier, data: &[u8]) -> Option<Vec<u8>> {
    use sha2::Digest as _;
    Some(match *oid {
        SHA1 => sha1::Sha1::digest(data).to_vec(),
        SHA256 => Sha256::digest(data).to_vec(),
        SHA384 => sha2::Sha384::digest(data).to_vec(),
        SHA512 => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

/// The ESS signing-certificate(-v2) signed attribute names the certificate the signer
/// meant (RFC 5035, CAdES): without this check a signature could be presented with
/// another certificate of the same key. `Ok` when it is absent (plain CMS) or names
/// `cert`.
fn signing_certificate_matches(si: &SignerInfo, cert: &Certificate) -> Result<(), ()> {
    let Ok(der) = cert.to_der() else {
        return Err(());
    };
    if let Some(v) = attr_value(si, ATTR_SIGNING_CERT_V2) {
        let sc = v.decode_as::<SigningCertificateV2Read>().map_err(|_| ())?;
        let first = sc.certs.first().ok_or(())?;
        let alg = first.hash_algorithm.as_ref().map_or(SHA256, |a| a.oid);
        let hash = hash_with(&alg, &der).ok_or(())?;
        return if first.cert_hash.as_bytes() == hash {
            Ok(())
        } else {
            Err(())
        };
    }
    if let Some(v) = attr_value(si, ATTR_SIGNING_CERT) {
        let sc = v.decode_as::<SigningCertificateRead>().map_err(|_| ())?;
        let first = sc.certs.first().ok_or(())?;
        let hash = hash_with(&SHA1, &der).ok_or(())?;
        return if first.cert_hash.as_bytes() == hash {
            Ok(())
        } else {
            Err(())
        };
    }
    Ok(())
}

fn attribute(
    oid: ObjectIdentifier,
    value: &(impl der::EncodeValue + der::Tagged),
) -> Result<Attribute, SignError> {
    let err = |e: der::Error| SignError::Cms(e.to_string());
    let any = Any::encode_from(value).map_err(err)?;
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![any]).map_err(err)?,
    })
}

/// The detached SignedData (DER) over `content`.
pub fn signed_data_detached(
    content: &[u8],
    key: &SigningKey,
    cert: &Certificate,
    chain: &[Certificate],
    at: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let err = |e: der::Error| SignError::Cms(e.to_string());
    let digest = Sha256::digest(content);
    let cert_der = cert.to_der().map_err(err)?;
    let unix = std::time::Duration::from_secs(u64::try_from(at.timestamp()).unwrap_or(0));
    let time = UtcTime::from_unix_duration(unix).map_err(err)?;
    let attrs = vec![
        attribute(ATTR_CONTENT_TYPE, &ID_DATA)?,
        attribute(ATTR_SIGNING_TIME, &time)?,
        attribute(
            ATTR_MESSAGE_DIGEST,
            &OctetString::new(digest.to_vec()).map_err(err)?,
        )?,
        attribute(
            ATTR_SIGNING_CERT_V2,
            &SigningCertificateV2 {
                certs: vec![EssCertIdV2 {
                    cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec()).map_err(err)?,
                }],
            },
        )?,
    ];
    let signed_attrs: SetOfVec<Attribute> = SetOfVec::try_from(attrs).map_err(err)?;
    // The signature covers the attributes encoded as a SET (tag 0x31), not as the
    // [0] IMPLICIT they are stored under (RFC 5652 §5.4).
    let (signature_algorithm, signature) = key.sign(&signed_attrs.to_der().map_err(err)?)?;
    let sha256 = AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate().issuer().clone(),
            serial_number: cert.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(err)?,
        unsigned_attrs: None,
    };
    let certs: Vec<CertificateChoices> = std::iter::once(cert)
        .chain(chain)
        .map(|c| CertificateChoices::Certificate(c.clone()))
        .collect();
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs).map_err(err)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(err)?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed).map_err(err)?,
    }
    .to_der()
    .map_err(err)
}

/// Verifies `signature` made with `cert`'s key over `message` (RSA PKCS#1 v1.5 or ECDSA
/// P-256, SHA-256). GOST and anything else is an error naming the algorithm.
pub fn verify_with_certificate(
    cert: &Certificate,
    algorithm: &ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use signature::Verifier;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| e.to_string())?;
    if *algorithm == RSA_ENCRYPTION || *algorithm == SHA256_WITH_RSA {
        let key = <rsa::PublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_der(&spki)
            .map_err(|e| e.to_string())?;
        let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|e| e.to_string())?;
        rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
            .verify(message, &sig)
            .map_err(|e| e.to_string())
    } else if *algorithm == ECDSA_SHA256 {
        let key =
            <p256::ecdsa::VerifyingKey as p256::pkcs8::DecodePublicKey>::from_public_key_der(&spki)
                .map_err(|e| e.to_string())?;
        let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| e.to_string())?;
        key.verify(message, &sig).map_err(|e| e.to_string())
    } else if is_gost(algorithm) {
        Err(format!("GOST {algorithm}"))
    } else {
        Err(format!("unsupported algorithm {algorithm}"))
    }
}

/// The outcome for one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Status {
    Valid,
    /// The content is not what was signed.
    DigestMismatch,
    /// The cryptographic check failed.
    BadSignature(String),
    /// GOST, or another algorithm this build cannot check: never reported as valid.
    NotVerifiable(String),
    Malformed(String),
    /// The signed attribute naming the signer's certificate names another one.
    SigningCertificateMismatch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    pub signer: Option<Identity>,
    pub signed_at: Option<DateTime<Utc>>,
    pub algorithm: String,
    pub status: Status,
    pub trust: Trust,
    /// What revocation lists said about the path (when it is trusted).
    pub revocation: Revocation,
    /// The moment the certificates were judged at: now, unless a trusted timestamp
    /// proved an earlier signing time. `signed_at` is only what the signer claimed.
    pub judged_at: Option<DateTime<Utc>>,
    /// The RFC 3161 signature timestamp, when the signature carries one.
    pub timestamp: Option<Timestamp>,
}

impl SignatureCheck {
    fn malformed(detail: impl Into<String>) -> SignatureCheck {
        SignatureCheck {
            signer: None,
            signed_at: None,
            algorithm: String::new(),
            status: Status::Malformed(detail.into()),
            trust: Trust::NotChecked,
            revocation: Revocation::NotApplicable,
            judged_at: None,
            timestamp: None,
        }
    }

    /// A placeholder for a signature that was not examined (`detail` says why).
    pub fn unchecked(detail: impl Into<String>) -> SignatureCheck {
        SignatureCheck::malformed(detail)
    }
}

/// The PAdES / CAdES baseline level a signature reaches (ETSI EN 319 142-1 §5,
/// EN 319 122-1): B-B a valid signature by a trusted signer, B-T with a trusted
/// timestamp proving its time, B-LT with the validation data in the document as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Level {
    #[serde(rename = "B-B")]
    BB,
    #[serde(rename = "B-T")]
    BT,
    #[serde(rename = "B-LT")]
    BLT,
}

impl Level {
    /// The level of `check`; `validation_data`: the document holds the certificates and
    /// revocation lists the check used. `None` when the signature is not good at all.
    pub fn reached(check: &SignatureCheck, validation_data: bool) -> Option<Level> {
        if check.status != Status::Valid || !matches!(check.trust, Trust::Trusted(_)) {
            return None;
        }
        Some(match (&check.timestamp, validation_data) {
            (Some(Timestamp::Proven { .. }), true) => Level::BLT,
            (Some(Timestamp::Proven { .. }), false) => Level::BT,
            _ => Level::BB,
        })
    }

    pub fn message(&self, lang: desk_i18n::Lang) -> String {
        let key = match self {
            Level::BB => "sign-level-b-b",
            Level::BT => "sign-level-b-t",
            Level::BLT => "sign-level-b-lt",
        };
        desk_i18n::tr(lang, key, &[])
    }
}

/// What a verification is judged against: the trust store, the current time (a
/// parameter, so a test can judge a document years from now; never read from the
/// environment), and what the document carries besides the CMS (a PDF's DSS).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub trust: Option<&'a TrustStore>,
    pub now: DateTime<Utc>,
    pub extra: Extra<'a>,
    /// Revocation lists issued since this moment count as current (a timestamp's
    /// genTime, for its TSA); `None`: the moment the certificates are judged at.
    pub lists_since: Option<DateTime<Utc>>,
}

impl<'a> Context<'a> {
    pub fn new(trust: Option<&'a TrustStore>) -> Context<'a> {
        Context::at(trust, Utc::now())
    }

    /// Judged as if the current time were `now`: how a test sees a document years on.
    pub fn at(trust: Option<&'a TrustStore>, now: DateTime<Utc>) -> Context<'a> {
        Context {
            trust,
            now,
            extra: Extra::default(),
            lists_since: None,
        }
    }
}

fn algorithm_name(cert: Option<&Certificate>, sig_alg: &ObjectIdentifier) -> String {
    use rsa::traits::PublicKeyParts;
    if is_gost(sig_alg) {
        return format!("GOST ({sig_alg})");
    }
    let spki = cert.map(|c| c.tbs_certificate().subject_public_key_info());
    match spki {
        Some(spki) if spki.algorithm.oid == RSA_ENCRYPTION => spki
            .to_der()
            .ok()
            .and_then(|d| {
                <rsa::PublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_der(&d).ok()
            })
            .map(|k| format!("RSA {} / SHA-256", k.size() * 8))
            .unwrap_or_else(|| "RSA / SHA-256".into()),
        Some(spki) if spki.algorithm.oid == EC_PUBLIC_KEY => "ECDSA P-256 / SHA-256".into(),
        Some(spki) if is_gost(&spki.algorithm.oid) => format!("GOST ({})", spki.algorithm.oid),
        _ => sig_alg.to_string(),
    }
}

fn attr_value(si: &SignerInfo, oid: ObjectIdentifier) -> Option<&Any> {
    si.signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == oid)
        .and_then(|a| a.values.iter().next())
}

/// Parses a CMS (DER or BER; trailing zero padding, as in PDF /Contents, is ignored).
fn parse(cms: &[u8]) -> Result<SignedData, String> {
    let (der, _) = ber::to_der_prefix(cms).map_err(|e| e.to_string())?;
    let ci = ContentInfo::from_der(&der).map_err(|e| e.to_string())?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(format!("content type {}", ci.content_type));
    }
    ci.content
        .decode_as::<SignedData>()
        .map_err(|e| e.to_string())
}

/// The certificates a CMS carries.
pub fn certificates(signed: &SignedData) -> Vec<Certificate> {
    signed
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn signer_of<'a>(si: &SignerInfo, certs: &'a [Certificate]) -> Option<&'a Certificate> {
    certs.iter().find(|c| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate().issuer() == &ias.issuer
                && c.tbs_certificate().serial_number() == &ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => c
            .tbs_certificate()
            .get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, k)| k.0 == ski.0),
    })
}

/// The certificate of the first signer of `cms`, when the CMS carries it.
pub fn signer_certificate(cms: &[u8]) -> Option<Certificate> {
    let signed = parse(cms).ok()?;
    let certs = certificates(&signed);
    let si = signed.signer_infos.0.iter().next()?;
    signer_of(si, &certs).cloned()
}

/// Every certificate `cms` carries, and those of the timestamp tokens in it: what
/// long-term validation data starts from.
pub fn all_certificates(cms: &[u8]) -> Vec<Certificate> {
    let Ok(signed) = parse(cms) else {
        return Vec::new();
    };
    let mut out = certificates(&signed);
    for si in signed.signer_infos.0.iter() {
        let tokens = si
            .unsigned_attrs
            .iter()
            .flat_map(|a| a.iter())
            .filter(|a| a.oid == ATTR_TIMESTAMP_TOKEN)
            .flat_map(|a| a.values.iter());
        for token in tokens {
            if let Ok(der) = token.to_der()
                && let Ok(ts) = parse(&der)
            {
                out.extend(certificates(&ts));
            }
        }
    }
    out
}

/// Checks every SignerInfo of a detached CMS against `content`, now.
pub fn verify_detached(
    cms: &[u8],
    content: &[u8],
    trust: Option<&TrustStore>,
) -> Vec<SignatureCheck> {
    verify_detached_in(cms, content, &Context::new(trust))
}

/// Checks every SignerInfo of a detached CMS against `content` in `ctx`.
pub fn verify_detached_in(cms: &[u8], content: &[u8], ctx: &Context<'_>) -> Vec<SignatureCheck> {
    let signed = match parse(cms) {
        Ok(s) => s,
        Err(e) => return vec![SignatureCheck::malformed(e)],
    };
    let certs = certificates(&signed);
    signed
        .signer_infos
        .0
        .iter()
        .map(|si| check_signer_info(si, &certs, content, ctx, Purpose::Signing))
        .collect()
}

/// Checks one SignerInfo over `content`, its certificate's path judged for `purpose`.
pub(crate) fn check_signer_info(
    si: &SignerInfo,
    certs: &[Certificate],
    content: &[u8],
    ctx: &Context<'_>,
    purpose: Purpose,
) -> SignatureCheck {
    let cert = signer_of(si, certs);
    let signed_at = attr_value(si, ATTR_SIGNING_TIME)
        .and_then(|v| v.decode_as::<Time>().ok())
        .map(|t| DateTime::<Utc>::from(t.to_system_time()));
    let mut check = SignatureCheck {
        signer: cert.map(Identity::from_certificate),
        signed_at,
        algorithm: algorithm_name(cert, &si.signature_algorithm.oid),
        status: Status::Valid,
        trust: Trust::NotChecked,
        revocation: Revocation::NotApplicable,
        judged_at: None,
        timestamp: None,
    };
    if is_gost(&si.digest_alg.oid) || is_gost(&si.signature_algorithm.oid) {
        check.status = Status::NotVerifiable(check.algorithm.clone());
        return check;
    }
    if si.digest_alg.oid != SHA256 {
        check.status = Status::NotVerifiable(format!("digest {}", si.digest_alg.oid));
        return check;
    }
    let Some(cert) = cert else {
        check.status = Status::Malformed("signer certificate not included".into());
        return check;
    };
    let digest = Sha256::digest(content);
    let signed_message = match &si.signed_attrs {
        Some(attrs) => {
            let md =
                attr_value(si, ATTR_MESSAGE_DIGEST).and_then(|v| v.decode_as::<OctetString>().ok());
            if md.as_ref().map(OctetString::as_bytes) != Some(digest.as_slice()) {
                check.status = Status::DigestMismatch;
                return check;
            }
            match attrs.to_der() {
                Ok(d) => d,
                Err(e) => {
                    check.status = Status::Malformed(e.to_string());
                    return check;
                }
            }
        }
        None => content.to_vec(),
    };
    if let Err(e) = verify_with_certificate(
        cert,
        &si.signature_algorithm.oid,
        &signed_message,
        si.signature.as_bytes(),
    ) {
        check.status = Status::BadSignature(e);
        return check;
    }
    if signing_certificate_matches(si, cert).is_err() {
        check.status = Status::SigningCertificateMismatch;
        return check;
    }
    // The claimed signing time is the signer's own clock: a back-dated one must not make
    // an expired certificate good again, so only now counts, or the time a trusted
    // timestamp over this very signature proves.
    if purpose == Purpose::Signing {
        check.timestamp = si
            .unsigned_attrs
            .as_ref()
            .and_then(|a| a.iter().find(|a| a.oid == ATTR_TIMESTAMP_TOKEN))
            .and_then(|a| a.values.iter().next())
            .map(|token| match token.to_der() {
                Ok(der) => timestamp::check(&der, si.signature.as_bytes(), ctx),
                Err(e) => Timestamp::Invalid {
                    problem: timestamp::TimestampProblem::Malformed(e.to_string()),
                },
            });
    }
    let judged_at = match &check.timestamp {
        Some(Timestamp::Proven { at, .. }) => *at,
        _ => ctx.now,
    };
    check.judged_at = Some(judged_at);
    let carried: Vec<Certificate> = certs
        .iter()
        .chain(ctx.extra.certificates)
        .cloned()
        .collect();
    let extra = Extra {
        certificates: &carried,
        crls: ctx.extra.crls,
    };
    (check.trust, check.revocation) = match ctx.trust {
        Some(store) => store.evaluate(
            cert,
            purpose,
            extra,
            judged_at,
            ctx.lists_since.unwrap_or(judged_at),
            ctx.now,
        ),
        None => (Trust::NoTrustStore, Revocation::NotApplicable),
    };
    check
}
