//! Electronic signatures for the window and the CLI alike: PKCS#12 keys (with a visible
//! stamp and an optional revocation list) or NCALayer, embedded in a PDF or detached as
//! `FILE.cms`, and offline verification against the trust store.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use desk_docs::DocError;
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_sign::cms::{Level, SignatureCheck, Status, verify_detached};
use desk_sign::ncalayer::NcaLayerSigner;
use desk_sign::pdf::{Coverage, Stamp, add_validation_data, sign_pdf_timestamped, verify_pdf};
use desk_sign::timestamp::{Timestamp, timestamp_cms};
use desk_sign::trust::{Trust, TrustStore};
use desk_sign::{P12Signer, Signer};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use desk_sign::ncalayer::NCALAYER_URL;

use super::{DocumentError, DocumentFile, read, write_atomically};
use crate::{AppError, Desk};

/// One signature as the verification screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureView {
    /// Heading, signer, IIN/BIN, time, algorithm, status, coverage, trust: translated.
    pub lines: Vec<String>,
    /// Valid, trusted, and nothing but signatures after it.
    pub good: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VerifyReport {
    pub path: String,
    pub signatures: Vec<SignatureView>,
    pub all_good: bool,
    /// The one-line verdict.
    pub message: String,
}

/// The visible stamp for a PKCS#12 signer: name, IIN/BIN, organisation, time, serial.
pub fn p12_stamp(signer: &P12Signer, lang: Lang, at: DateTime<Utc>) -> Result<Stamp, DocError> {
    let id = signer.identity();
    let mut numbers = Vec::new();
    if let Some(iin) = &id.iin {
        numbers.push(tr(lang, "sign-stamp-iin", &[("iin", iin)]));
    }
    if let Some(bin) = &id.bin {
        numbers.push(tr(lang, "sign-stamp-bin", &[("bin", bin)]));
    }
    let mut lines = vec![id.name.clone()];
    if !numbers.is_empty() {
        lines.push(numbers.join(" · "));
    }
    if let Some(org) = &id.organisation {
        lines.push(org.clone());
    }
    lines.push(tr(
        lang,
        "sign-stamp-time",
        &[("at", &to_astana_display(at))],
    ));
    lines.push(tr(lang, "sign-stamp-cert", &[("serial", &id.serial)]));
    let pdf = desk_docs::pdf::render_stamp(&tr(lang, "sign-stamp-title", &[]), &lines)?;
    Ok(Stamp { pdf })
}

/// The lines describing signature `n` of `count`.
pub fn describe_signature(
    n: usize,
    count: usize,
    check: &SignatureCheck,
    coverage: Option<(&Coverage, &str)>,
    level: Option<Level>,
    lang: Lang,
) -> Vec<String> {
    // A broken or empty field has no CMS worth describing: its coverage line says why.
    let placeholder = matches!(
        coverage,
        Some((Coverage::Broken(_) | Coverage::Unsigned, _))
    );
    let mut out = vec![tr(
        lang,
        "sign-verify-heading",
        &[("n", &n.to_string()), ("count", &count.to_string())],
    )];
    if let Some(id) = &check.signer {
        out.push(format!(
            "  {}",
            tr(lang, "sign-verify-signer", &[("name", &id.name)])
        ));
        if let Some(iin) = &id.iin {
            out.push(format!("  {}", tr(lang, "sign-stamp-iin", &[("iin", iin)])));
        }
        if let Some(bin) = &id.bin {
            out.push(format!("  {}", tr(lang, "sign-stamp-bin", &[("bin", bin)])));
        }
        if let Some(org) = &id.organisation {
            out.push(format!(
                "  {}",
                tr(lang, "sign-verify-org", &[("org", org)])
            ));
        }
    }
    // The signer's own clock: shown as a claim, never used to judge the certificates.
    if let Some(at) = check.signed_at {
        out.push(format!(
            "  {}",
            tr(
                lang,
                "sign-verify-time-claimed",
                &[("at", &to_astana_display(at))]
            )
        ));
    }
    match &check.timestamp {
        Some(Timestamp::Proven { at, tsa }) => out.push(format!(
            "  {}",
            tr(
                lang,
                "sign-verify-time-proven",
                &[("at", &to_astana_display(*at)), ("tsa", tsa)]
            )
        )),
        Some(Timestamp::Invalid { problem }) => out.push(format!(
            "  {}",
            tr(
                lang,
                "sign-timestamp-invalid",
                &[("detail", &problem.message(lang))]
            )
        )),
        None => {}
    }
    if !check.algorithm.is_empty() {
        out.push(format!(
            "  {}",
            tr(lang, "sign-verify-alg", &[("alg", &check.algorithm)])
        ));
    }
    let status = match &check.status {
        Status::Valid => tr(lang, "sign-status-valid", &[]),
        Status::DigestMismatch => tr(lang, "sign-status-digest", &[]),
        Status::BadSignature(d) => tr(lang, "sign-status-bad", &[("detail", d)]),
        Status::NotVerifiable(a) => tr(lang, "sign-status-gost", &[("alg", a)]),
        Status::Malformed(d) => tr(lang, "sign-status-malformed", &[("detail", d)]),
        Status::SigningCertificateMismatch => tr(lang, "sign-status-ess", &[]),
    };
    if !placeholder {
        out.push(format!("  {status}"));
    }
    if let Some((c, field)) = coverage {
        out.push(format!("  {}", c.message(lang, field)));
    }
    let trust = match &check.trust {
        Trust::Trusted(anchor) => tr(lang, "sign-trust-trusted", &[("anchor", anchor)]),
        Trust::Untrusted(p) => tr(
            lang,
            "sign-trust-untrusted",
            &[("detail", &p.message(lang))],
        ),
        Trust::Revoked(at) => tr(lang, "sign-trust-revoked", &[("at", at)]),
        Trust::NoTrustStore => tr(lang, "sign-trust-none", &[]),
        Trust::NotChecked => tr(lang, "sign-trust-not-checked", &[]),
    };
    out.push(format!("  {trust}"));
    if let Some(r) = check.revocation.message(lang) {
        out.push(format!("  {r}"));
    }
    if let (Some(at), Trust::Trusted(_)) = (check.judged_at, &check.trust) {
        out.push(format!(
            "  {}",
            tr(
                lang,
                "sign-verify-judged-at",
                &[("at", &to_astana_display(at))]
            )
        ));
    }
    if let Some(level) = level {
        out.push(format!("  {}", level.message(lang)));
    }
    out
}

/// Every signature of a PDF (or of `document` with its detached `cms`), checked against
/// the trust store in `trust_dir` (none configured when it cannot be read).
pub fn verify_document_bytes(
    path: &Path,
    document: &[u8],
    cms: Option<&[u8]>,
    trust_dir: &Path,
    lang: Lang,
) -> Result<(VerifyReport, Vec<serde_json::Value>), DocumentError> {
    let store = TrustStore::load_dir(trust_dir).ok();
    type Row = (SignatureCheck, Option<(Coverage, String)>, Option<Level>);
    let results: Vec<Row> = match cms {
        None if document.starts_with(b"%PDF-") => verify_pdf(document, store.as_ref())?
            .into_iter()
            .map(|s| (s.check, Some((s.coverage, s.field)), s.level))
            .collect(),
        None => Vec::new(),
        Some(cms) => verify_detached(cms, document, store.as_ref())
            .into_iter()
            .map(|c| {
                let level = Level::reached(&c, false);
                (c, None, level)
            })
            .collect(),
    };
    if results.is_empty() {
        return Err(DocumentError::NoSignatures(path.display().to_string()));
    }
    let count = results.len();
    let signatures: Vec<SignatureView> = results
        .iter()
        .enumerate()
        .map(|(i, (c, cov, level))| SignatureView {
            lines: describe_signature(
                i + 1,
                count,
                c,
                cov.as_ref().map(|(c, f)| (c, f.as_str())),
                *level,
                lang,
            ),
            good: c.status == Status::Valid
                && matches!(c.trust, Trust::Trusted(_))
                && cov.as_ref().is_none_or(|(c, _)| c.clean()),
        })
        .collect();
    let bad = signatures.iter().filter(|s| !s.good).count();
    let message = if bad == 0 {
        tr(lang, "sign-verify-ok", &[("count", &count.to_string())])
    } else {
        tr(
            lang,
            "sign-verify-failed",
            &[("bad", &bad.to_string()), ("count", &count.to_string())],
        )
    };
    let json = results
        .iter()
        .map(|(c, cov, level)| {
            serde_json::json!({
                "field": cov.as_ref().map(|(_, f)| f),
                "check": c,
                "coverage": cov.as_ref().map(|(c, _)| c),
                "level": level,
            })
        })
        .collect();
    Ok((
        VerifyReport {
            path: path.display().to_string(),
            signatures,
            all_good: bad == 0,
            message,
        },
        json,
    ))
}

/// Which key signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningKey {
    /// A PKCS#12 file (RSA or ECDSA P-256), checked against a revocation list when given.
    P12 { file: PathBuf, crl: Option<PathBuf> },
    /// NCALayer listening at `url` (GOST keys, tokens): the signer is known only after
    /// signing, so a PDF gets no visible stamp.
    NcaLayer { url: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOptions {
    pub key: SigningKey,
    /// A detached `FILE.cms` even for a PDF; any other file always gets one.
    pub detached: bool,
    /// A visible stamp on a signature embedded in a PDF with a PKCS#12 key.
    pub stamp: bool,
    /// The RFC 3161 timestamp authority whose timestamp the signature gets (B-T).
    pub tsa: Option<String>,
    /// For a PDF: long-term validation data (a DSS with the chain and revocation
    /// lists from this trust store) appended after signing (B-LT).
    pub ltv: Option<PathBuf>,
}

/// Where the detached signature of `file` goes: `FILE.cms` next to it.
pub fn detached_signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".cms");
    PathBuf::from(name)
}

/// The trust store of a data directory (default: the OS one), read without opening the
/// journal.
pub fn trust_dir_in(data_dir: Option<&Path>) -> PathBuf {
    data_dir
        .map(Path::to_owned)
        .unwrap_or_else(crate::default_data_dir)
        .join("trust")
}

/// `document` signed with the PKCS#12 key in `p12` and a visible stamp, and the
/// signer's name as the certificate gives it. The password is used once and not kept.
pub(crate) fn sign_pdf_with_p12(
    document: &[u8],
    p12: &Path,
    password: &str,
    lang: Lang,
) -> Result<(Vec<u8>, String), AppError> {
    let key = read(p12)?;
    let now = Utc::now();
    let signer = P12Signer::open(&key, password, None, now).map_err(DocumentError::from)?;
    let stamp = p12_stamp(&signer, lang, now).map_err(DocumentError::from)?;
    // The window offers no timestamp yet (issue 14 item 8): B-B, as before.
    let bytes = sign_bytes(&signer, document, true, Some(&stamp), now, None)?;
    Ok((bytes, signer.identity().name))
}

/// The signed PDF, or the detached CMS.
fn sign_bytes(
    signer: &dyn Signer,
    document: &[u8],
    embed: bool,
    stamp: Option<&Stamp>,
    now: DateTime<Utc>,
    tsa: Option<&str>,
) -> Result<Vec<u8>, DocumentError> {
    if embed {
        return Ok(sign_pdf_timestamped(document, signer, stamp, now, tsa)?);
    }
    let cms = signer.sign_detached(document, now)?;
    Ok(match tsa {
        Some(url) => timestamp_cms(&cms, url)?,
        None => cms,
    })
}

/// `pdf` with the long-term validation data its signatures need, from the trust store
/// in `trust_dir`, and how many certificates and lists were added.
fn with_validation_data(
    pdf: &[u8],
    trust_dir: &Path,
    now: DateTime<Utc>,
) -> Result<(Vec<u8>, desk_sign::pdf::AddedData), DocumentError> {
    let store = TrustStore::load_dir(trust_dir).unwrap_or_default();
    Ok(add_validation_data(pdf, &store, now)?)
}

/// `desk ltv FILE`: appends long-term validation data (a DSS update) to a signed PDF,
/// from the trust store in `trust_dir`; nothing is written when it cannot be complete.
pub fn add_ltv(file: &Path, trust_dir: &Path, lang: Lang) -> Result<DocumentFile, AppError> {
    let pdf = read(file)?;
    let (bytes, added) = with_validation_data(&pdf, trust_dir, Utc::now())?;
    write_atomically(file, &bytes)?;
    Ok(DocumentFile {
        path: file.display().to_string(),
        message: tr(
            lang,
            "sign-ltv-added",
            &[
                ("file", &file.display().to_string()),
                ("certs", &added.certificates.to_string()),
                ("crls", &added.crls.to_string()),
            ],
        ),
    })
}

/// Signs `file`: inside it when it is a PDF (unless `detached`), else into `FILE.cms`.
/// `password` is asked only for a PKCS#12 key, after the files are read, and is not
/// kept; nothing is written when anything is refused.
pub fn sign_file(
    file: &Path,
    opts: &SignOptions,
    password: impl FnOnce() -> Option<String>,
    lang: Lang,
) -> Result<DocumentFile, AppError> {
    let document = read(file)?;
    let now = Utc::now();
    let embed = document.starts_with(b"%PDF-") && !opts.detached;
    let bytes = match &opts.key {
        SigningKey::P12 { file: p12, crl } => {
            let key = read(p12)?;
            let crl = crl.as_deref().map(read).transpose()?;
            let password = password().ok_or(DocumentError::PasswordMissing)?;
            let signer = P12Signer::open(&key, &password, crl.as_deref(), now)
                .map_err(DocumentError::from)?;
            drop(password);
            let stamp = if embed && opts.stamp {
                Some(p12_stamp(&signer, lang, now).map_err(DocumentError::from)?)
            } else {
                None
            };
            sign_bytes(
                &signer,
                &document,
                embed,
                stamp.as_ref(),
                now,
                opts.tsa.as_deref(),
            )?
        }
        SigningKey::NcaLayer { url } => {
            let signer = NcaLayerSigner::new(url, lang.code());
            sign_bytes(&signer, &document, embed, None, now, opts.tsa.as_deref())?
        }
    };
    let bytes = match &opts.ltv {
        Some(trust_dir) if embed => with_validation_data(&bytes, trust_dir, now)?.0,
        _ => bytes,
    };
    let path = if embed {
        file.to_owned()
    } else {
        detached_signature_path(file)
    };
    // The signer as the signature itself names it (NCALayer tells it only there).
    let signer = if embed {
        verify_pdf(&bytes, None)
            .ok()
            .and_then(|s| s.last().and_then(|s| s.check.signer.clone()))
    } else {
        verify_detached(&bytes, &document, None)
            .first()
            .and_then(|c| c.signer.clone())
    };
    let name = signer.map(|i| i.name).unwrap_or_default();
    write_atomically(&path, &bytes)?;
    Ok(DocumentFile {
        message: tr(
            lang,
            "sign-signed",
            &[("file", &path.display().to_string()), ("name", &name)],
        ),
        path: path.display().to_string(),
    })
}

/// Every signature of a file, and each check as data (`desk verify --json`).
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    pub report: VerifyReport,
    pub checks: Vec<serde_json::Value>,
}

/// Checks the signatures of a signed PDF, or of `file` with its detached signature
/// (`cms`, else `FILE.cms`), against the trust store in `trust_dir`.
pub fn verify_file(
    file: &Path,
    cms: Option<&Path>,
    trust_dir: &Path,
    lang: Lang,
) -> Result<Verification, AppError> {
    let bytes = read(file)?;
    let cms = if bytes.starts_with(b"%PDF-") && cms.is_none() {
        None
    } else {
        let cms_file = cms.map_or_else(|| detached_signature_path(file), Path::to_owned);
        Some(read(&cms_file)?)
    };
    let (report, checks) = verify_document_bytes(file, &bytes, cms.as_deref(), trust_dir, lang)?;
    Ok(Verification { report, checks })
}

impl VerifyReport {
    /// Succeeds only when every signature is valid, trusted and followed by nothing but
    /// signatures.
    pub fn require_all_good(&self) -> Result<(), AppError> {
        let bad = self.signatures.iter().filter(|s| !s.good).count();
        if bad == 0 {
            return Ok(());
        }
        Err(DocumentError::SignaturesNotGood {
            bad,
            count: self.signatures.len(),
        }
        .into())
    }
}

impl Desk {
    /// Signs the file at `path` as [`sign_file`] does, in the user's language; the window
    /// passes the password it asked for (unused for NCALayer).
    pub fn sign_document(
        &self,
        path: &str,
        opts: &SignOptions,
        password: Option<String>,
    ) -> Result<DocumentFile, AppError> {
        sign_file(Path::new(path), opts, || password, self.language())
    }

    /// Every signature of a PDF, or of a file with its detached `cms` (default
    /// `FILE.cms`), against the trust store of the data directory.
    pub fn verify_document(&self, path: &str, cms: Option<&str>) -> Result<VerifyReport, AppError> {
        let v = verify_file(
            Path::new(path),
            cms.map(Path::new),
            &self.trust_dir(),
            self.language(),
        )?;
        Ok(v.report)
    }

    /// Signs the PDF at `path` in place with a PKCS#12 key and a visible stamp. The
    /// password is used once and not kept.
    pub fn sign_pdf_file(
        &self,
        path: &str,
        p12: &str,
        password: &str,
    ) -> Result<DocumentFile, AppError> {
        let lang = self.language();
        let path = Path::new(path);
        let (bytes, name) = sign_pdf_with_p12(&read(path)?, Path::new(p12), password, lang)?;
        write_atomically(path, &bytes)?;
        Ok(DocumentFile {
            path: path.display().to_string(),
            message: tr(
                lang,
                "sign-signed",
                &[("file", &path.display().to_string()), ("name", &name)],
            ),
        })
    }

    /// Every signature of the PDF at `path`, against the trust store of the data directory.
    pub fn verify_pdf_file(&self, path: &str) -> Result<VerifyReport, AppError> {
        let path = Path::new(path);
        let bytes = read(path)?;
        let (report, _) =
            verify_document_bytes(path, &bytes, None, &self.trust_dir(), self.language())?;
        Ok(report)
    }
}
