//! `desk extract`, `desk sign`, `desk verify`: documents and electronic signatures from
//! the command line. Each returns the text to print, or a translated one-line failure with
//! its exit code (2: the user's input or key is refused; 1: anything else).

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Args;
use desk_app::Desk;
use desk_app::desk_i18n::{Lang, tr};
use desk_docs::journal::{ExtractOptions, Period, journal_extract, parse_rules};
use desk_docs::table::{journal_csv, journal_xlsx};
use desk_docs::{DocError, Format};
use desk_sign::cms::{SignatureCheck, Status, verify_detached};
use desk_sign::ncalayer::NcaLayerSigner;
use desk_sign::pdf::{Coverage, Stamp, sign_pdf, verify_pdf};
use desk_sign::trust::{Trust, TrustStore};
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

fn write_err(path: &Path, e: &std::io::Error, lang: Lang) -> DocsFailure {
    DocsFailure {
        message: tr(
            lang,
            "doc-err-write",
            &[
                ("file", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ),
        code: 1,
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

/// Writes through a temporary file in the same directory, so a failure half-way never
/// leaves a damaged document where the good one was.
fn write_atomically(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), DocsFailure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp.push(".desk-tmp");
    let tmp = dir.join(tmp);
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            write_err(path, &e, lang)
        })
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
    let period = Period::parse(&args.from, &args.to).map_err(|e| doc_err(&e, lang))?;
    let format: Format = args.format.parse().map_err(|e| doc_err(&e, lang))?;
    let rules = args
        .rules
        .as_deref()
        .map(parse_rules)
        .transpose()
        .map_err(|e| doc_err(&e, lang))?;
    let rows = desk.journal().map_err(|e| DocsFailure {
        message: e.message(lang),
        code: 1,
    })?;
    let opts = ExtractOptions {
        lang,
        period,
        rules,
        responsible: args.responsible,
        produced_at: Utc::now(),
    };
    let count = desk_docs::journal::rows_in_period(&rows, &period, rules).len();
    let bytes = match format {
        Format::Pdf => desk_docs::pdf::render(&journal_extract(&rows, &opts)),
        Format::Csv => journal_csv(&rows, &period, rules, lang),
        Format::Xlsx => journal_xlsx(&rows, &period, rules, lang),
    }
    .map_err(|e| doc_err(&e, lang))?;
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
        &[("at", &desk_app::desk_journal::time::to_astana_display(at))],
    ));
    lines.push(tr(lang, "sign-stamp-cert", &[("serial", &id.serial)]));
    let pdf = desk_docs::pdf::render_stamp(&tr(lang, "sign-stamp-title", &[]), &lines)
        .map_err(|e| doc_err(&e, lang))?;
    Ok(Stamp { pdf })
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

fn describe(
    n: usize,
    count: usize,
    check: &SignatureCheck,
    coverage: Option<&Coverage>,
    lang: Lang,
) -> Vec<String> {
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
    if let Some(at) = check.signed_at {
        let at = desk_app::desk_journal::time::to_astana_display(at);
        out.push(format!(
            "  {}",
            tr(lang, "sign-verify-time", &[("at", &at)])
        ));
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
    };
    out.push(format!("  {status}"));
    if let Some(c) = coverage {
        let text = match c {
            Coverage::WholeDocument => tr(lang, "sign-cover-whole", &[]),
            Coverage::LaterSignaturesOnly => tr(lang, "sign-cover-signatures", &[]),
            Coverage::ModifiedAfter(d) => tr(lang, "sign-cover-modified", &[("detail", d)]),
        };
        out.push(format!("  {text}"));
    }
    let trust = match &check.trust {
        Trust::Trusted(anchor) => tr(lang, "sign-trust-trusted", &[("anchor", anchor)]),
        Trust::Untrusted(d) => tr(lang, "sign-trust-untrusted", &[("detail", d)]),
        Trust::Revoked(at) => tr(lang, "sign-trust-revoked", &[("at", at)]),
        Trust::NoTrustStore => tr(lang, "sign-trust-none", &[]),
        Trust::NotChecked => tr(lang, "sign-trust-not-checked", &[]),
    };
    out.push(format!("  {trust}"));
    out
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
    let store = TrustStore::load_dir(&trust_dir).ok();
    let is_pdf = bytes.starts_with(b"%PDF-") && args.cms.is_none();
    let results: Vec<(SignatureCheck, Option<Coverage>)> = if is_pdf {
        verify_pdf(&bytes, store.as_ref())
            .map_err(|e| sign_err(&e, lang))?
            .into_iter()
            .map(|s| (s.check, Some(s.coverage)))
            .collect()
    } else {
        let cms_file = args.cms.clone().unwrap_or_else(|| cms_path(&args.file));
        let cms = read(&cms_file, lang)?;
        verify_detached(&cms, &bytes, store.as_ref())
            .into_iter()
            .map(|c| (c, None))
            .collect()
    };
    if results.is_empty() {
        return Err(DocsFailure {
            message: tr(
                lang,
                "sign-verify-none",
                &[("file", &args.file.display().to_string())],
            ),
            code: 1,
        });
    }
    let good = |(c, cov): &(SignatureCheck, Option<Coverage>)| {
        c.status == Status::Valid
            && matches!(c.trust, Trust::Trusted(_))
            && !matches!(cov, Some(Coverage::ModifiedAfter(_)))
    };
    let bad = results.iter().filter(|r| !good(r)).count();
    let report = if args.json {
        let items: Vec<serde_json::Value> = results
            .iter()
            .map(|(c, cov)| serde_json::json!({ "check": c, "coverage": cov }))
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_default()
    } else {
        let count = results.len();
        let mut lines = Vec::new();
        for (i, (c, cov)) in results.iter().enumerate() {
            lines.extend(describe(i + 1, count, c, cov.as_ref(), lang));
        }
        lines.join("\n")
    };
    let count = results.len().to_string();
    if bad == 0 {
        Ok(format!(
            "{report}\n{}",
            tr(lang, "sign-verify-ok", &[("count", &count)])
        ))
    } else {
        // The details go to standard output; the one-line verdict to standard error.
        println!("{report}");
        Err(DocsFailure {
            message: tr(
                lang,
                "sign-verify-failed",
                &[("bad", &bad.to_string()), ("count", &count)],
            ),
            code: 1,
        })
    }
}
