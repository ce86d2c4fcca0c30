//! The trust store the user configures: NCA RK root and intermediate certificates, and
//! revocation lists, imported as files into one directory. Nothing is fetched.

use std::path::Path;

use chrono::{DateTime, Utc};
use der::{Decode, DecodePem};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::chain::{ChainProblem, Extra, Moment, PathVerdict, Purpose, Revocation, judge_path};

/// Whether the signer's certificate chains to the trust store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Trust {
    /// Reaches a certificate of the store (its name).
    Trusted(String),
    /// Does not reach the store, or a certificate on the way is not good; why.
    Untrusted(ChainProblem),
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

    /// Judges `cert`'s whole path for `purpose` ([`crate::chain::judge_path`]) with the
    /// store's anchors and revocation lists and what the signature or document carries.
    pub fn evaluate(
        &self,
        cert: &Certificate,
        purpose: Purpose,
        extra: Extra<'_>,
        judged_at: DateTime<Utc>,
        lists_since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> (Trust, Revocation) {
        let moment = Moment {
            valid_at: judged_at,
            lists_since,
            now,
        };
        match judge_path(cert, purpose, &self.anchors, &self.crls, extra, moment) {
            PathVerdict::Trusted {
                anchor, revocation, ..
            } => (Trust::Trusted(anchor), revocation),
            PathVerdict::Untrusted(p) => (Trust::Untrusted(p), Revocation::NotApplicable),
            PathVerdict::Revoked { at, .. } => {
                (Trust::Revoked(at.to_rfc3339()), Revocation::NotApplicable)
            }
        }
    }

    /// The path `cert` takes to an anchor (end certificate first), whatever its
    /// revocation status: what long-term validation data must carry.
    pub fn path(&self, cert: &Certificate, extra: &[Certificate]) -> Vec<Certificate> {
        let mut path = vec![cert.clone()];
        while let Some(current) = path.last().cloned() {
            if self.anchors.contains(&current) || path.len() > 8 {
                break;
            }
            let issuer = self.anchors.iter().chain(extra).find(|c| {
                c.tbs_certificate().subject() == current.tbs_certificate().issuer()
                    && *c != &current
                    && !path.contains(c)
            });
            match issuer {
                Some(i) => path.push(i.clone()),
                None => break,
            }
        }
        path
    }
}

fn tracing_warn(path: &Path, detail: &str) {
    eprintln!("trust store: skipping {}: {detail}", path.display());
}
