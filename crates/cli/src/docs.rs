//! `desk extract`, `desk letter`, `desk protocol`, `desk sign`, `desk verify`: documents
//! and electronic signatures from the command line. The documents themselves are made by
//! `desk_app::documents`, which the window uses too; each returns the text to print.

use std::path::{Path, PathBuf};

use clap::Args;
use desk_app::desk_i18n::{Lang, tr};
use desk_app::documents::{
    self, LetterTexts, NCALAYER_URL, SignOptions, SigningKey, write_atomically,
};
use desk_app::{AppError, Desk};

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
pub fn extract(desk: &Desk, lang: Lang, args: ExtractArgs) -> Result<String, AppError> {
    let (bytes, count) = desk.extract_bytes(
        lang,
        &args.from,
        &args.to,
        args.rules.as_deref(),
        &args.format,
        args.responsible,
    )?;
    write_atomically(&args.out, &bytes)?;
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
pub fn letter(desk: &Desk, lang: Lang, args: LetterArgs) -> Result<String, AppError> {
    let texts = LetterTexts {
        cause: args.cause,
        measures: args.measures,
        result: args.result,
        extension: args.extension,
        proposals: args.proposals,
    };
    let bytes = desk.letter_bytes(&args.number, &args.kind, lang, texts, args.signatory)?;
    write_atomically(&args.out, &bytes)?;
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
pub fn protocol(lang: Lang, args: ProtocolArgs) -> Result<String, AppError> {
    Ok(documents::protocol_pdf_file(&args.input, &args.out, lang)?.message)
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
    #[arg(long, env = "DESK_NCALAYER_URL", default_value = NCALAYER_URL)]
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
    /// An RFC 3161 timestamp authority (HTTP URL): the signature gets its timestamp,
    /// which proves when it was made (PAdES B-T). The deployment's default is
    /// DESK_TSA_URL.
    #[arg(long, env = "DESK_TSA_URL")]
    tsa: Option<String>,
    /// For PDFs: append long-term validation data (the chain and current revocation
    /// lists from the trust store) after signing (PAdES B-LT with --tsa).
    #[arg(long)]
    ltv: bool,
    /// The trust store for --ltv (default: `trust` in the data directory).
    #[arg(long, env = "DESK_TRUST_DIR")]
    trust: Option<PathBuf>,
}

/// The key password from the named environment variable, or asked each time on the
/// terminal without echo; never stored.
fn password(args: &SignArgs) -> Option<String> {
    match &args.password_env {
        Some(var) => std::env::var(var).ok(),
        None => rpassword::prompt_password(format!(
            "{}: ",
            args.p12.as_deref().unwrap_or(Path::new("")).display()
        ))
        .ok(),
    }
}

/// Signs a file with a PKCS#12 key or through NCALayer; nothing is written when anything
/// is refused.
pub fn sign(lang: Lang, args: SignArgs, data_dir: Option<&Path>) -> Result<String, AppError> {
    let key = match &args.p12 {
        Some(p12) if !args.ncalayer => SigningKey::P12 {
            file: p12.clone(),
            crl: args.crl.clone(),
        },
        _ => SigningKey::NcaLayer {
            url: args.ncalayer_url.clone(),
        },
    };
    let opts = SignOptions {
        key,
        detached: args.detached,
        stamp: !args.no_stamp,
        tsa: args.tsa.clone().filter(|u| !u.trim().is_empty()),
        ltv: args.ltv.then(|| {
            args.trust
                .clone()
                .unwrap_or_else(|| documents::trust_dir_in(data_dir))
        }),
    };
    Ok(documents::sign_file(&args.file, &opts, || password(&args), lang)?.message)
}

#[derive(Debug, Args)]
pub struct LtvArgs {
    /// A signed PDF: long-term validation data for its signatures is appended to it.
    file: PathBuf,
    /// The trust store the chain and revocation lists come from (default: `trust` in
    /// the data directory).
    #[arg(long, env = "DESK_TRUST_DIR")]
    trust: Option<PathBuf>,
}

/// Appends a DSS update (certificates and current revocation lists) to a signed PDF so
/// it verifies offline after its signers' certificates expire.
pub fn ltv(lang: Lang, args: LtvArgs, data_dir: Option<&Path>) -> Result<String, AppError> {
    let trust_dir = args
        .trust
        .clone()
        .unwrap_or_else(|| documents::trust_dir_in(data_dir));
    Ok(documents::add_ltv(&args.file, &trust_dir, lang)?.message)
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
pub fn verify(lang: Lang, args: VerifyArgs, data_dir: Option<&Path>) -> Result<String, AppError> {
    let trust_dir = args
        .trust
        .clone()
        .unwrap_or_else(|| documents::trust_dir_in(data_dir));
    let v = documents::verify_file(&args.file, args.cms.as_deref(), &trust_dir, lang)?;
    let details = if args.json {
        serde_json::to_string_pretty(&v.checks).unwrap_or_default()
    } else {
        v.report
            .signatures
            .iter()
            .flat_map(|s| s.lines.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    if let Err(e) = v.report.require_all_good() {
        // The details go to standard output; the one-line verdict to standard error.
        // A closed standard output still leaves the verdict on standard error.
        let _ = crate::output::print(&details);
        return Err(e);
    }
    Ok(format!("{details}\n{}", v.report.message))
}
