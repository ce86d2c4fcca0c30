//! Whether a certificate may sign now: the signing usage NCA puts on signing keys,
//! the validity period, and an imported revocation list.

use chrono::{DateTime, Utc};
use const_oid::ObjectIdentifier;
use der::{Decode, DecodePem};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::ExtendedKeyUsage;

use crate::SignError;
use crate::identity::{Identity, validity};

/// id-kp-emailProtection: NCA RK marks signing keys (RSA_/GOST_ files) with it; the
/// authentication keys (AUTH_) carry clientAuth instead and must not sign documents.
pub const EKU_EMAIL_PROTECTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.4");

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
    let eku = cert
        .tbs_certificate()
        .get_extension::<ExtendedKeyUsage>()
        .map_err(|e| SignError::Crypto(e.to_string()))?;
    let may_sign = eku.is_some_and(|(_, eku)| eku.0.contains(&EKU_EMAIL_PROTECTION));
    if !may_sign {
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
    let tbs = cert.tbs_certificate();
    if crl.tbs_cert_list.issuer != *tbs.issuer() {
        return None;
    }
    crl.tbs_cert_list
        .revoked_certificates
        .as_ref()?
        .iter()
        .find(|r| r.serial_number == *tbs.serial_number())
        .map(|r| DateTime::<Utc>::from(r.revocation_date.to_system_time()))
}

/// Reads a CRL in DER or PEM and checks it is signed by `issuer` when one is given.
pub fn load_crl(bytes: &[u8], issuer: Option<&Certificate>) -> Result<CertificateList, SignError> {
    let crl = CertificateList::from_der(bytes)
        .or_else(|_| CertificateList::from_pem(bytes))
        .map_err(|e| SignError::Crl(e.to_string()))?;
    if let Some(issuer) = issuer
        && crl.tbs_cert_list.issuer == *issuer.tbs_certificate().subject()
    {
        let tbs =
            der::Encode::to_der(&crl.tbs_cert_list).map_err(|e| SignError::Crl(e.to_string()))?;
        crate::cms::verify_with_certificate(
            issuer,
            &crl.signature_algorithm.oid,
            &tbs,
            crl.signature.raw_bytes(),
        )
        .map_err(|e| SignError::Crl(e.to_string()))?;
    }
    Ok(crl)
}
