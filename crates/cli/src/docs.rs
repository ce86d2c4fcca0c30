//! `desk extract`, `desk letter`, `desk protocol`, `desk sign`, `desk verify`: documents
//! and electronic signatures from the command line. The documents themselves are made by
//! `desk_app::documents`, which the window uses too. Each returns the text to print, or a
//! translated one-line failure with its exit code (2: the user's input or key is refused;
//! 1: anything else).

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Args;
use desk_app::desk_i18n::{Lang, tr};
use desk_app::documents::{
    DocumentError, p12_stamp, protocol_pdf_bytes, verify_document_bytes, write_atomically as write,
};
use desk_app::{AppError, Desk};
use desk_docs::DocError;
use desk_docs::letter::LetterTexts;
use desk_sign::cms::verify_detached;
use desk_sign::ncalayer::NcaLayerSigner;
use desk_sign::pdf::{Stamp, sign_pdf, verify_pdf};
use desk_sign::{P12Signer, SignError, Signer};

/// A failure already worded for the user, with its exit code.
#[derive(Debug)]
pub struct DocsFailure {
    pub message: String,
    pub code: u8,
}

fn doc_err(e: &DocError, lang: Lang) -> DocsFailure {
    DocsFailure {
        message: e.message(lang),
        code: match e {
            DocError::Render(_) => 1,
            _ => 2,
        },
    }
}

fn sign_err(e: &SignError, lang: Lang) -> DocsFailure {
    DocsFailure {
        message: e.message(lang),
        code: match e {
            SignError::Crypto(_) | SignError::Cms(_) => 1,
            _ => 2,
        },
    }
}

fn document_err(e: &DocumentError, lang: Lang) -> DocsFailure {
    DocsFailure {
        message: e.message(lang),
        code: if e.is_refusal() { 2 } else { 1 },
    }
}

fn app_err(e: &AppError, lang: Lang) -> DocsFailure {
    DocsFailure {
        message: e.message(lang),
        code: match e {
            AppError::Document(d) if d.is_refusal() => 2,
            AppError::Invalid(_) | AppError::Store(desk_app::StoreError::NotFound(_)) => 2,
            _ => 1,
        },
    }
}

fn read(path: &Path, lang: Lang) -> Result<Vec<u8>, DocsFailure> {
    std::fs::read(path).map_err(|e| DocsFailure {
        message: tr(
            lang,
            "sign-err-read",
            &[
                ("file", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ),
        code: 2,
    })
}

/// Writes through a temporary file, so a failure half-way never leaves a damaged
/// document where the good one was.
fn write_atomically(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), DocsFailure> {
    write(path, bytes).map_err(|e| document_err(&e, lang))
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// First day of the period, Astana time: DD.MM.YYYY.
    #[arg(long)]
    from: String,
    /// Last day of the period (included): DD.MM.YYYY.
    #[arg(long)]
    to: String,
    /// Only appeals under this rule set (QUASI-1216, GZ-627, …); all when absent.
    #[arg(long)]
    rules: Option<String>,
    /// pdf, csv or xlsx.
    #[arg(long, default_value = "pdf")]
    format: String,
    /// The responsible person's full name for the signature block.
    #[arg(long)]
    responsible: Option<String>,
    #[arg(long)]
    out: PathBuf,
}

/// The Journal extract for a period (002 Appendix), as PDF, CSV or XLSX.
pub fn extract(desk: &Desk, lang: Lang, args: ExtractArgs) -> Result<String, DocsFailure> {
    let (bytes, count) = desk
        .extract_bytes(
            lang,
            &args.from,
            &args.to,
            args.rules.as_deref(),
            &args.format,
            args.responsible,
        )
        .map_err(|e| app_err(&e, lang))?;
    write_atomically(&args.out, &bytes, lang)?;
    Ok(tr(
        lang,
        "doc-written",
        &[
            ("file", &args.out.display().to_string()),
            ("count", &count.to_string()),
        ],
    ))
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The incident number (AST1-2026-000042).
    number: String,
    /// authority-report (002 §36.10, §37.13) or refutation (002 §32).
    #[arg(long)]
    kind: String,
    /// The cause; the failure type and the decision in the journal when absent.
    #[arg(long)]
    cause: Option<String>,
    /// The measures taken to eliminate the failure.
    #[arg(long)]
    measures: Option<String>,
    /// The result; the journal's "fixed" event when absent.
    #[arg(long)]
    result: Option<String>,
    /// The extension of procurement deadlines (see `desk extensions`).
    #[arg(long)]
    extension: Option<String>,
    /// Proposals against a repeat; the journal's recommendations when absent.
    #[arg(long)]
    proposals: Option<String>,
    /// The signatory's full name.
    #[arg(long)]
    signatory: Option<String>,
    #[arg(long)]
    out: PathBuf,
}

/// A letter about one appeal, as PDF.
pub fn letter(desk: &Desk, lang: Lang, args: LetterArgs) -> Result<String, DocsFailure> {
    let texts = LetterTexts {
        cause: args.cause,
        measures: args.measures,
        result: args.result,
        extension: args.extension,
        proposals: args.proposals,
    };
    let bytes = desk
        .letter_bytes(&args.number, &args.kind, lang, texts, args.signatory)
        .map_err(|e| app_err(&e, lang))?;
    write_atomically(&args.out, &bytes, lang)?;
    Ok(tr(
        lang,
        "doc-letter-written",
        &[("file", &args.out.display().to_string())],
    ))
}

#[derive(Debug, Args)]
pub struct ProtocolArgs {
    /// The meeting as JSON (number, date, drawn_up, place, agenda, members, decision).
    #[arg(long)]
    input: PathBuf,
    #[arg(long)]
    out: PathBuf,
}

/// The Commission protocol from the meeting JSON, as PDF; needs no journal.
pub fn protocol(lang: Lang, args: ProtocolArgs) -> Result<String, DocsFailure> {
    let json = read(&args.input, lang)?;
    let json = String::from_utf8_lossy(&json);
    let bytes = protocol_pdf_bytes(&json, lang, Utc::now()).map_err(|e| document_err(&e, lang))?;
    write_atomically(&args.out, &bytes, lang)?;
    Ok(tr(
        lang,
        "doc-letter-protocol-written",
        &[("file", &args.out.display().to_string())],
    ))
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The document: a PDF gets the signature inside; any other file gets FILE.cms.
    file: PathBuf,
    /// The PKCS#12 key file (RSA or ECDSA P-256).
    #[arg(
        long,
        required_unless_present = "ncalayer",
        conflicts_with = "ncalayer"
    )]
    p12: Option<PathBuf>,
    /// Sign through NCALayer instead (GOST keys, tokens); PDFs get no visible stamp, as
    /// the signer is known only after signing.
    #[arg(long)]
    ncalayer: bool,
    /// Where NCALayer listens.
    #[arg(long, env = "DESK_NCALAYER_URL", default_value = desk_sign::ncalayer::NCALAYER_URL)]
    ncalayer_url: String,
    /// Read the key password from this environment variable instead of asking for it.
    #[arg(long)]
    password_env: Option<String>,
    /// A revocation list (CRL file, DER or PEM) to check the certificate against.
    #[arg(long)]
    crl: Option<PathBuf>,
    /// Write a detached signature FILE.cms and leave FILE as it is (also for PDFs).
    #[arg(long)]
    detached: bool,
    /// For PDFs: no visible stamp.
    #[arg(long)]
    no_stamp: bool,
}

fn password(args: &SignArgs, lang: Lang) -> Result<String, DocsFailure> {
    let missing = || DocsFailure {
        message: tr(lang, "sign-err-password-missing", &[]),
        code: 2,
    };
    match &args.password_env {
        Some(var) => std::env::var(var).map_err(|_| missing()),
        // Asked each time on the terminal, never stored.
        None => rpassword::prompt_password(format!(
            "{}: ",
            args.p12.as_deref().unwrap_or(Path::new("")).display()
        ))
        .map_err(|_| missing()),
    }
}

fn stamp(signer: &P12Signer, lang: Lang, at: chrono::DateTime<Utc>) -> Result<Stamp, DocsFailure> {
    p12_stamp(signer, lang, at).map_err(|e| doc_err(&e, lang))
}

fn cms_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".cms");
    PathBuf::from(name)
}

/// Signs a file with a PKCS#12 key or through NCALayer; nothing is written when anything
/// is refused.
pub fn sign(lang: Lang, args: SignArgs) -> Result<String, DocsFailure> {
    let document = read(&args.file, lang)?;
    let now = Utc::now();
    let embed = document.starts_with(b"%PDF-") && !args.detached;
    let bytes = match &args.p12 {
        Some(p12) if !args.ncalayer => {
            let key = read(p12, lang)?;
            let crl = args.crl.as_deref().map(|p| read(p, lang)).transpose()?;
            let password = password(&args, lang)?;
            let signer = P12Signer::open(&key, &password, crl.as_deref(), now)
                .map_err(|e| sign_err(&e, lang))?;
            drop(password);
            let stamp = if embed && !args.no_stamp {
                Some(stamp(&signer, lang, now)?)
            } else {
                None
            };
            sign_with(&signer, &document, embed, stamp.as_ref(), now, lang)?
        }
        _ => {
            let signer = NcaLayerSigner::new(&args.ncalayer_url, lang.code());
            sign_with(&signer, &document, embed, None, now, lang)?
        }
    };
    let path = if embed {
        args.file.clone()
    } else {
        cms_path(&args.file)
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
    write_atomically(&path, &bytes, lang)?;
    Ok(tr(
        lang,
        "sign-signed",
        &[("file", &path.display().to_string()), ("name", &name)],
    ))
}

/// The signed PDF, or the detached CMS.
fn sign_with(
    signer: &dyn Signer,
    document: &[u8],
    embed: bool,
    stamp: Option<&Stamp>,
    now: chrono::DateTime<Utc>,
    lang: Lang,
) -> Result<Vec<u8>, DocsFailure> {
    if embed {
        sign_pdf(document, signer, stamp, now)
    } else {
        signer.sign_detached(document, now)
    }
    .map_err(|e| sign_err(&e, lang))
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A signed PDF, or a file with its detached signature FILE.cms next to it.
    file: PathBuf,
    /// The detached signature, when it is not FILE.cms.
    #[arg(long)]
    cms: Option<PathBuf>,
    /// Directory of trusted certificates (NCA RK root and intermediates) and CRLs
    /// (default: `trust` in the data directory).
    #[arg(long, env = "DESK_TRUST_DIR")]
    trust: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Lists every signature of a file; succeeds only when all are valid, nothing but
/// signatures followed them, and every signer chains to the trust store.
pub fn verify(
    lang: Lang,
    args: VerifyArgs,
    data_dir: Option<&Path>,
) -> Result<String, DocsFailure> {
    let bytes = read(&args.file, lang)?;
    let trust_dir = args.trust.clone().unwrap_or_else(|| {
        data_dir
            .map(Path::to_owned)
            .unwrap_or_else(desk_app::default_data_dir)
            .join("trust")
    });
    let is_pdf = bytes.starts_with(b"%PDF-") && args.cms.is_none();
    let cms = if is_pdf {
        None
    } else {
        let cms_file = args.cms.clone().unwrap_or_else(|| cms_path(&args.file));
        Some(read(&cms_file, lang)?)
    };
    let (report, json) =
        verify_document_bytes(&args.file, &bytes, cms.as_deref(), &trust_dir, lang).map_err(
            |e| DocsFailure {
                message: e.message(lang),
                // No signature at all is not the user's typing: exit 1, as before.
                code: match e {
                    DocumentError::NoSignatures(_) => 1,
                    _ => document_err(&e, lang).code,
                },
            },
        )?;
    let details = if args.json {
        serde_json::to_string_pretty(&json).unwrap_or_default()
    } else {
        report
            .signatures
            .iter()
            .flat_map(|s| s.lines.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    if report.all_good {
        Ok(format!("{details}\n{}", report.message))
    } else {
        // The details go to standard output; the one-line verdict to standard error.
        println!("{details}");
        Err(DocsFailure {
            message: report.message,
            code: 1,
        })
    }
}
