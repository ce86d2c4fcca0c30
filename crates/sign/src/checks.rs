//! Whether a certificate may sign now: the signing usage NCA puts on signing keys,
//! the validity period, and an imported revocation list (signed by the issuer, current).

use chrono::{DateTime, Utc};
use der::{Decode, DecodePem};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::SignError;
use crate::chain::{crl_signed_by, listed, may_sign_documents, next_update};
use crate::identity::{Identity, validity};

pub use crate::chain::EKU_EMAIL_PROTECTION;

fn astana(t: DateTime<Utc>) -> String {
    desk_journal::time::to_astana_display(t)
}

fn subject(cert: &Certificate) -> String {
    Identity::from_certificate(cert).name
}

/// Refuses a certificate that may not sign a document at `now`.
pub fn check_signing_certificate(
    cert: &Certificate,
    now: DateTime<Utc>,
    crl: Option<&CertificateList>,
) -> Result<(), SignError> {
    // The same rule as verification applies (crate::chain): an AUTH key never signs.
    if !may_sign_documents(cert) {
        return Err(SignError::NotForSigning {
            subject: subject(cert),
        });
    }
    let (from, to) = validity(cert);
    if now < from {
        return Err(SignError::NotYetValid {
            subject: subject(cert),
            at: astana(from),
        });
    }
    if now > to {
        return Err(SignError::Expired {
            subject: subject(cert),
            at: astana(to),
        });
    }
    if let Some(at) = crl.and_then(|crl| revoked_at(cert, crl)) {
        return Err(SignError::Revoked {
            subject: subject(cert),
            at: astana(at),
        });
    }
    Ok(())
}

/// When `cert` was revoked according to `crl`, if the list is its issuer's and names it.
pub fn revoked_at(cert: &Certificate, crl: &CertificateList) -> Option<DateTime<Utc>> {
    listed(cert, crl)
}

/// Reads a CRL in DER or PEM and checks it is signed by `issuer` and still current at
/// `now`: a list past its nextUpdate may miss a recent revocation.
pub fn load_crl(
    bytes: &[u8],
    issuer: Option<&Certificate>,
    now: DateTime<Utc>,
) -> Result<CertificateList, SignError> {
    let crl = CertificateList::from_der(bytes)
        .or_else(|_| CertificateList::from_pem(bytes))
        .map_err(|e| SignError::Crl(e.to_string()))?;
    let Some(issuer) = issuer else {
        return Err(SignError::CrlNoIssuer);
    };
    if !crl_signed_by(&crl, issuer) {
        return Err(SignError::CrlNotByIssuer {
            issuer: subject(issuer),
        });
    }
    if next_update(&crl).is_none_or(|n| n < now) {
        return Err(SignError::CrlStale {
            issuer: subject(issuer),
            at: next_update(&crl).map(astana).unwrap_or_default(),
        });
    }
    Ok(crl)
}
