//! The whole certification path of a signer, judged at one moment (issue 14 item 3):
//! every certificate valid then, every issuer a CA allowed to sign certificates and to
//! have that many authorities below it, the signer's key a signing key, and every
//! certificate below the anchor looked up in a revocation list that its issuer signed
//! and that is still fresh. The moment is the current time unless a trusted timestamp
//! proves an earlier one; the signer's own clock never counts.

use chrono::{DateTime, Utc};
use const_oid::ObjectIdentifier;
use der::Encode;
use desk_i18n::{Lang, tr};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage};

use crate::identity::{Identity, validity};

/// id-kp-emailProtection: NCA RK marks signing keys (RSA_/GOST_ files) with it; the
/// authentication keys (AUTH_) carry clientAuth instead and must not sign documents.
pub const EKU_EMAIL_PROTECTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.4");
/// id-kp-timeStamping (RFC 3161 §2.3): the only purpose a TSA certificate may carry.
pub const EKU_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// No real path is longer; a longer one is a loop or a file made to keep us busy.
const MAX_PATH: usize = 8;

/// What the end certificate of a path must be good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Signing documents: keyUsage digitalSignature or nonRepudiation, and the
    /// document-signing purpose NCA RK gives signing keys.
    Signing,
    /// Signing timestamps: the timeStamping purpose, and nothing else.
    TimeStamping,
}

/// Why a path is not trusted, each with its translated sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainProblem {
    /// The path ends at `issuer`, which is neither in the store nor among the
    /// certificates the signature carries.
    NoPath {
        subject: String,
        issuer: String,
    },
    Expired {
        subject: String,
        at: DateTime<Utc>,
        judged_at: DateTime<Utc>,
    },
    NotYetValid {
        subject: String,
        from: DateTime<Utc>,
        judged_at: DateTime<Utc>,
    },
    /// `subject` issued a certificate without being a CA (basicConstraints).
    NotCa {
        subject: String,
    },
    /// More authorities below `subject` than its pathLenConstraint allows.
    PathTooLong {
        subject: String,
    },
    /// `subject`'s key usage does not include keyCertSign.
    IssuerUsage {
        subject: String,
    },
    /// The end certificate lacks the usage its purpose needs (an AUTH key signing).
    NotForSigning {
        subject: String,
    },
    NotForTimeStamping {
        subject: String,
    },
    /// The only revocation lists of `issuer` are not signed by it.
    CrlBadSignature {
        issuer: String,
    },
    /// The newest revocation list of `issuer` is past its nextUpdate.
    CrlStale {
        issuer: String,
        next_update: DateTime<Utc>,
    },
    TooLong,
}

fn astana(t: &DateTime<Utc>) -> String {
    desk_journal::time::to_astana_display(*t)
}

impl ChainProblem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ChainProblem::NoPath { subject, issuer } => tr(
                lang,
                "sign-chain-no-path",
                &[("subject", subject), ("issuer", issuer)],
            ),
            ChainProblem::Expired {
                subject,
                at,
                judged_at,
            } => tr(
                lang,
                "sign-chain-expired",
                &[
                    ("subject", subject),
                    ("at", &astana(at)),
                    ("when", &astana(judged_at)),
                ],
            ),
            ChainProblem::NotYetValid {
                subject,
                from,
                judged_at,
            } => tr(
                lang,
                "sign-chain-not-yet-valid",
                &[
                    ("subject", subject),
                    ("at", &astana(from)),
                    ("when", &astana(judged_at)),
                ],
            ),
            ChainProblem::NotCa { subject } => {
                tr(lang, "sign-chain-not-ca", &[("subject", subject)])
            }
            ChainProblem::PathTooLong { subject } => {
                tr(lang, "sign-chain-path-length", &[("subject", subject)])
            }
            ChainProblem::IssuerUsage { subject } => {
                tr(lang, "sign-chain-issuer-usage", &[("subject", subject)])
            }
            ChainProblem::NotForSigning { subject } => {
                tr(lang, "sign-chain-not-for-signing", &[("subject", subject)])
            }
            ChainProblem::NotForTimeStamping { subject } => {
                tr(lang, "sign-chain-not-for-tsa", &[("subject", subject)])
            }
            ChainProblem::CrlBadSignature { issuer } => {
                tr(lang, "sign-chain-crl-signature", &[("issuer", issuer)])
            }
            ChainProblem::CrlStale {
                issuer,
                next_update,
            } => tr(
                lang,
                "sign-chain-crl-stale",
                &[("issuer", issuer), ("at", &astana(next_update))],
            ),
            ChainProblem::TooLong => tr(lang, "sign-chain-too-long", &[]),
        }
    }
}

/// What was learnt about revocation along a trusted path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Revocation {
    /// A fresh list signed by its issuer covers every certificate below the anchor;
    /// `in_document`: all those lists came with the document (its DSS).
    Checked { in_document: bool },
    /// No revocation list of this issuer was at hand: the path is trusted without it.
    NoList { issuer: String },
    /// The path was not trusted, so revocation was not the question.
    NotApplicable,
}

impl Revocation {
    pub fn message(&self, lang: Lang) -> Option<String> {
        match self {
            Revocation::Checked { .. } => Some(tr(lang, "sign-revocation-checked", &[])),
            Revocation::NoList { issuer } => {
                Some(tr(lang, "sign-revocation-no-list", &[("issuer", issuer)]))
            }
            Revocation::NotApplicable => None,
        }
    }
}

/// The outcome of judging a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathVerdict {
    /// Reaches `anchor` (its name); `path` is the end certificate first, the anchor last.
    Trusted {
        anchor: String,
        path: Vec<Certificate>,
        revocation: Revocation,
    },
    Untrusted(ChainProblem),
    /// A certificate of the path was revoked at or before the moment judged.
    Revoked {
        subject: String,
        at: DateTime<Utc>,
    },
}

/// When a path is judged: certificates must be valid at `valid_at`; a revocation list
/// is current when still within its nextUpdate at `now`, or issued at or after
/// `lists_since`; a revocation at or before `valid_at` counts.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub valid_at: DateTime<Utc>,
    pub lists_since: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// Revocation data other than the store's: what the document itself carries.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra<'a> {
    pub certificates: &'a [Certificate],
    pub crls: &'a [CertificateList],
}

fn name(cert: &Certificate) -> String {
    let id = Identity::from_certificate(cert);
    if id.name.is_empty() {
        cert.tbs_certificate().subject().to_string()
    } else {
        id.name
    }
}

fn key_usage(cert: &Certificate) -> Option<KeyUsage> {
    cert.tbs_certificate()
        .get_extension::<KeyUsage>()
        .ok()
        .flatten()
        .map(|(_, ku)| ku)
}

fn extended_key_usage(cert: &Certificate) -> Option<Vec<ObjectIdentifier>> {
    cert.tbs_certificate()
        .get_extension::<ExtendedKeyUsage>()
        .ok()
        .flatten()
        .map(|(_, eku)| eku.0)
}

fn basic_constraints(cert: &Certificate) -> Option<BasicConstraints> {
    cert.tbs_certificate()
        .get_extension::<BasicConstraints>()
        .ok()
        .flatten()
        .map(|(_, bc)| bc)
}

/// Whether `cert`'s key may sign documents: NCA RK puts digitalSignature and
/// nonRepudiation on signing keys and emailProtection among their purposes; an
/// authentication key (clientAuth, keyEncipherment) is refused at signing and at
/// verification alike.
pub fn may_sign_documents(cert: &Certificate) -> bool {
    let usage = key_usage(cert).is_none_or(|ku| ku.digital_signature() || ku.non_repudiation());
    let purpose = extended_key_usage(cert).is_some_and(|eku| eku.contains(&EKU_EMAIL_PROTECTION));
    usage && purpose
}

/// RFC 3161 §2.3: a TSA certificate has the timeStamping purpose, critical, alone.
fn may_sign_timestamps(cert: &Certificate) -> bool {
    let usage = key_usage(cert).is_none_or(|ku| ku.digital_signature() || ku.non_repudiation());
    let purpose = extended_key_usage(cert).is_some_and(|eku| eku == [EKU_TIME_STAMPING]);
    usage && purpose
}

fn signed_by(issuer: &Certificate, cert: &Certificate) -> bool {
    let Ok(tbs) = cert.tbs_certificate().to_der() else {
        return false;
    };
    crate::cms::verify_with_certificate(
        issuer,
        &cert.signature_algorithm().oid,
        &tbs,
        cert.signature().raw_bytes(),
    )
    .is_ok()
}

/// Whether `crl` was signed by `issuer`'s key.
pub fn crl_signed_by(crl: &CertificateList, issuer: &Certificate) -> bool {
    if crl.tbs_cert_list.issuer != *issuer.tbs_certificate().subject() {
        return false;
    }
    let Ok(tbs) = crl.tbs_cert_list.to_der() else {
        return false;
    };
    crate::cms::verify_with_certificate(
        issuer,
        &crl.signature_algorithm.oid,
        &tbs,
        crl.signature.raw_bytes(),
    )
    .is_ok()
}

fn utc(t: &x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::<Utc>::from(t.to_system_time())
}

/// When the list stops being current (`None`: it never says; such a list is only as
/// good as the moment it was issued).
pub fn next_update(crl: &CertificateList) -> Option<DateTime<Utc>> {
    crl.tbs_cert_list.next_update.as_ref().map(utc)
}

pub fn this_update(crl: &CertificateList) -> DateTime<Utc> {
    utc(&crl.tbs_cert_list.this_update)
}

/// A list proves a certificate was not revoked at `judged_at` when it is still current
/// now, or was issued after that moment (it would name a revocation made before it:
/// how a list kept in a document's DSS keeps proving, years later, that the signer's
/// certificate was good when the timestamp says it signed).
fn fresh(crl: &CertificateList, judged_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let issued = this_update(crl);
    issued <= now && (next_update(crl).is_some_and(|n| now <= n) || issued >= judged_at)
}

/// When `cert` was revoked according to `crl` (the list's issuer is `cert`'s).
pub fn listed(cert: &Certificate, crl: &CertificateList) -> Option<DateTime<Utc>> {
    let tbs = cert.tbs_certificate();
    if crl.tbs_cert_list.issuer != *tbs.issuer() {
        return None;
    }
    crl.tbs_cert_list
        .revoked_certificates
        .as_ref()?
        .iter()
        .find(|r| r.serial_number == *tbs.serial_number())
        .map(|r| utc(&r.revocation_date))
}

/// Judges the path of `cert` for `purpose` at `moment`, with `anchors` trusted and
/// `crls` from the store;
/// `extra` is what the signature or the document carries.
pub fn judge_path(
    cert: &Certificate,
    purpose: Purpose,
    anchors: &[Certificate],
    crls: &[CertificateList],
    extra: Extra<'_>,
    moment: Moment,
) -> PathVerdict {
    let Moment {
        valid_at: judged_at,
        lists_since,
        now,
    } = moment;
    let allowed = match purpose {
        Purpose::Signing => may_sign_documents(cert),
        Purpose::TimeStamping => may_sign_timestamps(cert),
    };
    if !allowed {
        let subject = name(cert);
        return PathVerdict::Untrusted(match purpose {
            Purpose::Signing => ChainProblem::NotForSigning { subject },
            Purpose::TimeStamping => ChainProblem::NotForTimeStamping { subject },
        });
    }
    let is_anchor = |c: &Certificate| anchors.iter().any(|a| a == c);
    let mut path = vec![cert.clone()];
    while !is_anchor(path.last().unwrap_or(cert)) {
        if path.len() > MAX_PATH {
            return PathVerdict::Untrusted(ChainProblem::TooLong);
        }
        let current = path.last().unwrap_or(cert).clone();
        let issuer = anchors
            .iter()
            .chain(extra.certificates)
            .find(|c| {
                c.tbs_certificate().subject() == current.tbs_certificate().issuer()
                    && *c != &current
                    && signed_by(c, &current)
            })
            .cloned();
        match issuer {
            Some(i) => path.push(i),
            None => {
                return PathVerdict::Untrusted(ChainProblem::NoPath {
                    subject: name(&current),
                    issuer: current.tbs_certificate().issuer().to_string(),
                });
            }
        }
    }
    // Every certificate, anchor included, valid at the moment judged.
    for c in &path {
        let (from, to) = validity(c);
        if judged_at < from {
            return PathVerdict::Untrusted(ChainProblem::NotYetValid {
                subject: name(c),
                from,
                judged_at,
            });
        }
        if judged_at > to {
            return PathVerdict::Untrusted(ChainProblem::Expired {
                subject: name(c),
                at: to,
                judged_at,
            });
        }
    }
    // Issuers: CAs, allowed to sign certificates, with no more CAs below them than
    // their path length allows (RFC 5280 §4.2.1.9; the end certificate does not count).
    for (i, issuer) in path.iter().enumerate().skip(1) {
        let subject = name(issuer);
        let Some(bc) = basic_constraints(issuer).filter(|bc| bc.ca) else {
            return PathVerdict::Untrusted(ChainProblem::NotCa { subject });
        };
        if key_usage(issuer).is_some_and(|ku| !ku.key_cert_sign()) {
            return PathVerdict::Untrusted(ChainProblem::IssuerUsage { subject });
        }
        let below = i - 1;
        if bc
            .path_len_constraint
            .is_some_and(|n| below > usize::from(n))
        {
            return PathVerdict::Untrusted(ChainProblem::PathTooLong { subject });
        }
    }
    let mut revocation = Revocation::Checked { in_document: true };
    for pair in path.windows(2) {
        let (c, issuer) = (&pair[0], &pair[1]);
        if is_anchor(c) {
            break;
        }
        let lists: Vec<(&CertificateList, bool)> = crls
            .iter()
            .map(|l| (l, false))
            .chain(extra.crls.iter().map(|l| (l, true)))
            .filter(|(l, _)| l.tbs_cert_list.issuer == *c.tbs_certificate().issuer())
            .collect();
        let genuine: Vec<(&CertificateList, bool)> = lists
            .iter()
            .copied()
            .filter(|(l, _)| crl_signed_by(l, issuer))
            .collect();
        if genuine.is_empty() {
            if !lists.is_empty() {
                return PathVerdict::Untrusted(ChainProblem::CrlBadSignature {
                    issuer: name(issuer),
                });
            }
            if matches!(revocation, Revocation::Checked { .. }) {
                revocation = Revocation::NoList {
                    issuer: name(issuer),
                };
            }
            continue;
        }
        // A revocation on any genuine list counts, however old the list: a revocation is
        // never taken back.
        if let Some(at) = genuine.iter().filter_map(|(l, _)| listed(c, l)).min()
            && at <= judged_at
        {
            return PathVerdict::Revoked {
                subject: name(c),
                at,
            };
        }
        let current: Vec<&(&CertificateList, bool)> = genuine
            .iter()
            .filter(|(l, _)| fresh(l, lists_since, now))
            .collect();
        if current.is_empty() {
            let next_update = genuine
                .iter()
                .filter_map(|(l, _)| next_update(l))
                .max()
                .unwrap_or_else(|| {
                    genuine
                        .iter()
                        .map(|(l, _)| this_update(l))
                        .max()
                        .unwrap_or(now)
                });
            return PathVerdict::Untrusted(ChainProblem::CrlStale {
                issuer: name(issuer),
                next_update,
            });
        }
        if let Revocation::Checked { in_document } = &mut revocation {
            *in_document &= current.iter().any(|(_, from_doc)| *from_doc);
        }
    }
    PathVerdict::Trusted {
        anchor: name(path.last().unwrap_or(cert)),
        path,
        revocation,
    }
}
