//! Electronic digital signatures (ЭЦП / ЭЦҚ) as Kazakhstan's systems accept them:
//! a detached CMS next to the file (`.cms`, as SIGEX and ezSigner take it), the same CMS
//! embedded in a PDF (`ETSI.CAdES.detached`, incremental updates, so signatures follow one
//! another in one file), and offline verification of both.
//!
//! Crates: RustCrypto's `cms`/`x509-cert`/`der` for the ASN.1, `rsa` and `p256` for the
//! arithmetic, `p12-keystore` for PKCS#12 (with a BER→DER pass in front, see [`ber`]),
//! `lopdf` to read PDFs. Nothing here talks to the network except [`timestamp::fetch`],
//! and only to the TSA the user names.

pub mod ber;
pub mod chain;
pub mod checks;
pub mod cms;
pub mod identity;
pub mod ncalayer;
pub mod p12;
pub mod pdf;
pub mod timestamp;
pub mod trust;

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use x509_cert::Certificate;

pub use identity::Identity;
pub use p12::P12Signer;
pub use trust::TrustStore;

/// Everything that makes signing refuse; nothing is written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("not a PKCS#12 file: {0}")]
    P12Corrupt(String),
    #[error("wrong password")]
    WrongPassword,
    #[error("no private key with a certificate")]
    NoKey,
    #[error("PKCS#12 file without an integrity check (MAC)")]
    P12NoMac,
    #[error("PKCS#12 file with an unencrypted private key")]
    P12PlainKey,
    #[error("PKCS#12 file with {0} private keys")]
    P12SeveralKeys(usize),
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
    #[error("RSA key of {0} bits")]
    WeakKey(usize),
    #[error("certificate {subject} lacks the signing usage")]
    NotForSigning { subject: String },
    #[error("certificate {subject} expired at {at}")]
    Expired { subject: String, at: String },
    #[error("certificate {subject} not valid before {at}")]
    NotYetValid { subject: String, at: String },
    #[error("certificate {subject} revoked at {at}")]
    Revoked { subject: String, at: String },
    #[error("revocation list: {0}")]
    Crl(String),
    #[error("revocation list given without its issuer's certificate in the key file")]
    CrlNoIssuer,
    #[error("revocation list not signed by {issuer}")]
    CrlNotByIssuer { issuer: String },
    #[error("revocation list of {issuer} expired at {at}")]
    CrlStale { issuer: String, at: String },
    #[error("signature: {0}")]
    Crypto(String),
    #[error("TSA {url} unreachable: {detail}")]
    TsaUnreachable { url: String, detail: String },
    #[error("TSA reply: {0}")]
    Tsa(String),
    #[error("no valid signature to add validation data for")]
    LtvUnsigned,
    #[error("no current revocation list of {issuer}")]
    LtvNoCrl { issuer: String },
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("PDF already modified after a signature")]
    PdfChangedAfterSignature,
    #[error("CMS: {0}")]
    Cms(String),
    #[error("NCALayer not reachable: {0}")]
    NcaLayerNotRunning(String),
    #[error("NCALayer: cancelled")]
    NcaLayerCancelled,
    #[error("NCALayer storage: {0}")]
    NcaLayerStorage(String),
    #[error("NCALayer: {0}")]
    NcaLayer(String),
}

impl SignError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SignError::P12Corrupt(d) => tr(lang, "sign-err-p12-corrupt", &[("detail", d)]),
            SignError::WrongPassword => tr(lang, "sign-err-password", &[]),
            SignError::NoKey => tr(lang, "sign-err-no-key", &[]),
            SignError::P12NoMac => tr(lang, "sign-err-p12-no-mac", &[]),
            SignError::P12PlainKey => tr(lang, "sign-err-p12-plain-key", &[]),
            SignError::P12SeveralKeys(n) => tr(
                lang,
                "sign-err-p12-several-keys",
                &[("count", &n.to_string())],
            ),
            SignError::UnsupportedKey(a) => tr(lang, "sign-err-key-unsupported", &[("alg", a)]),
            SignError::WeakKey(bits) => {
                tr(lang, "sign-err-key-weak", &[("bits", &bits.to_string())])
            }
            SignError::NotForSigning { subject } => {
                tr(lang, "sign-err-no-eku", &[("subject", subject)])
            }
            SignError::Expired { subject, at } => tr(
                lang,
                "sign-err-expired",
                &[("subject", subject), ("at", at)],
            ),
            SignError::NotYetValid { subject, at } => tr(
                lang,
                "sign-err-not-yet-valid",
                &[("subject", subject), ("at", at)],
            ),
            SignError::Revoked { subject, at } => tr(
                lang,
                "sign-err-revoked",
                &[("subject", subject), ("at", at)],
            ),
            SignError::Crl(d) => tr(lang, "sign-err-crl", &[("detail", d)]),
            SignError::CrlNoIssuer => tr(lang, "sign-err-crl-no-issuer", &[]),
            SignError::CrlNotByIssuer { issuer } => {
                tr(lang, "sign-err-crl-not-by-issuer", &[("issuer", issuer)])
            }
            SignError::CrlStale { issuer, at } => tr(
                lang,
                "sign-err-crl-stale",
                &[("issuer", issuer), ("at", at)],
            ),
            SignError::TsaUnreachable { url, detail } => {
                tr(lang, "sign-err-tsa", &[("url", url), ("detail", detail)])
            }
            SignError::Tsa(d) => tr(lang, "sign-err-tsa-reply", &[("detail", d)]),
            SignError::LtvUnsigned => tr(lang, "sign-err-ltv-unsigned", &[]),
            SignError::LtvNoCrl { issuer } => tr(
                lang,
                "sign-err-ltv-incomplete",
                &[(
                    "detail",
                    &tr(lang, "sign-revocation-no-list", &[("issuer", issuer)]),
                )],
            ),
            SignError::Crypto(d) | SignError::Cms(d) => {
                tr(lang, "sign-err-crypto", &[("detail", d)])
            }
            SignError::Pdf(d) => tr(lang, "sign-err-pdf", &[("detail", d)]),
            SignError::PdfChangedAfterSignature => tr(lang, "sign-err-pdf-changed", &[]),
            SignError::NcaLayerNotRunning(d) => {
                tr(lang, "sign-err-ncalayer-down", &[("detail", d)])
            }
            SignError::NcaLayerCancelled => tr(lang, "sign-err-ncalayer-cancelled", &[]),
            SignError::NcaLayerStorage(d) => {
                tr(lang, "sign-err-ncalayer-storage", &[("detail", d)])
            }
            SignError::NcaLayer(d) => tr(lang, "sign-err-ncalayer", &[("detail", d)]),
        }
    }
}

/// Something that can sign: a PKCS#12 file in this process ([`P12Signer`]), or NCALayer
/// ([`ncalayer::NcaLayerSigner`]).
pub trait Signer {
    /// The signing certificate when it is known before signing (a PKCS#12 file: its
    /// identity can go on a visible stamp); NCALayer reveals it only with the signature.
    fn certificate(&self) -> Option<&Certificate>;
    /// A detached CMS SignedData (DER) over `content`, signed at `at`.
    fn sign_detached(&self, content: &[u8], at: DateTime<Utc>) -> Result<Vec<u8>, SignError>;

    fn identity(&self) -> Option<Identity> {
        self.certificate().map(Identity::from_certificate)
    }
}
