//! The trust store the user configures: NCA RK root and intermediate certificates, and
//! revocation lists, imported as files into one directory. Nothing is fetched.

use std::path::Path;

use chrono::{DateTime, Utc};
use der::{Decode, DecodePem, Encode};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::checks::revoked_at;
use crate::identity::Identity;

/// Whether the signer's certificate chains to the trust store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Trust {
    /// Reaches a certificate of the store (its name).
    Trusted(String),
    /// Does not reach the store; why.
    Untrusted(String),
    /// A certificate on the way is on an imported revocation list (when, RFC 3339).
    Revoked(String),
    NoTrustStore,
    /// The signature itself failed, so the chain was not looked at.
    NotChecked,
}

#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    pub anchors: Vec<Certificate>,
    pub crls: Vec<CertificateList>,
}

fn certificates_in(bytes: &[u8]) -> Vec<Certificate> {
    if let Ok(c) = Certificate::from_der(bytes) {
        return vec![c];
    }
    Certificate::load_pem_chain(bytes).unwrap_or_default()
}

impl TrustStore {
    /// Reads every certificate (`.pem`, `.crt`, `.cer`, `.der`) and revocation list
    /// (`.crl`) in `dir`; unreadable files are skipped with a warning, not fatal.
    pub fn load_dir(dir: &Path) -> std::io::Result<TrustStore> {
        let mut store = TrustStore::default();
        let mut entries: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if ext == "crl" {
                match CertificateList::from_der(&bytes)
                    .or_else(|_| CertificateList::from_pem(&bytes))
                {
                    Ok(crl) => store.crls.push(crl),
                    Err(e) => tracing_warn(&path, &e.to_string()),
                }
            } else if ["pem", "crt", "cer", "der"].contains(&ext.as_str()) {
                store.anchors.extend(certificates_in(&bytes));
            }
        }
        Ok(store)
    }

    fn is_anchor(&self, cert: &Certificate) -> bool {
        let der = cert.to_der().unwrap_or_default();
        self.anchors
            .iter()
            .any(|a| a.to_der().map(|d| d == der).unwrap_or(false))
    }

    /// Follows issuers from `cert` through `extra` (the certificates the signature
    /// carries) and the store, checking each link's signature, until a store certificate.
    pub fn evaluate(&self, cert: &Certificate, extra: &[Certificate], at: DateTime<Utc>) -> Trust {
        let (from, to) = crate::identity::validity(cert);
        if at < from || at > to {
            return Trust::Untrusted(format!("not valid at signing time {}", at.to_rfc3339()));
        }
        let mut current = cert.clone();
        for _ in 0..8 {
            if let Some(when) = self.crls.iter().find_map(|crl| revoked_at(&current, crl)) {
                return Trust::Revoked(when.to_rfc3339());
            }
            if self.is_anchor(&current) {
                return Trust::Trusted(Identity::from_certificate(&current).name);
            }
            let tbs = match current.tbs_certificate().to_der() {
                Ok(t) => t,
                Err(e) => return Trust::Untrusted(e.to_string()),
            };
            let issuer = self.anchors.iter().chain(extra).find(|c| {
                is_ca(c)
                    && c.tbs_certificate().subject() == current.tbs_certificate().issuer()
                    && crate::cms::verify_with_certificate(
                        c,
                        &current.signature_algorithm().oid,
                        &tbs,
                        current.signature().raw_bytes(),
                    )
                    .is_ok()
            });
            match issuer {
                Some(i) if i == &current => break,
                Some(i) => current = i.clone(),
                None => break,
            }
        }
        Trust::Untrusted(format!(
            "{} → {}",
            Identity::from_certificate(cert).name,
            current.tbs_certificate().issuer()
        ))
    }
}

/// Only a CA certificate may vouch for another: a leaf that happens to carry the right
/// subject name must not.
fn is_ca(cert: &Certificate) -> bool {
    cert.tbs_certificate()
        .get_extension::<x509_cert::ext::pkix::BasicConstraints>()
        .ok()
        .flatten()
        .is_some_and(|(_, bc)| bc.ca)
}

fn tracing_warn(path: &Path, detail: &str) {
    eprintln!("trust store: skipping {}: {detail}", path.display());
}
