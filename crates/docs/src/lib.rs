//! Documents: a pure model of each document ([`model`]), built from journal rows
//! ([`journal`]), rendered to PDF ([`pdf`]) or exported for spreadsheets ([`table`]).
//!
//! The model is separate from rendering so the wording and the columns are tested as
//! text, without reading PDFs; the PDF renderer is tested with `pdftotext`.

pub mod journal;
pub mod letter;
pub mod model;
pub mod pdf;
pub mod protocol;
pub mod report;
pub mod table;

use desk_i18n::{Lang, tr};

pub use journal::{ExtractOptions, Period, RuleSet, journal_extract, parse_rules};
pub use model::Document;

/// What can go wrong making a document; [`DocError::message`] words it for the user.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("unknown rule set {0}")]
    UnknownRules(String),
    #[error("bad date {0}")]
    BadDate(String),
    #[error("period start {from} after end {to}")]
    PeriodOrder { from: String, to: String },
    #[error("unknown format {0}")]
    UnknownFormat(String),
    #[error("render: {0}")]
    Render(String),
    #[error("unknown letter kind {0}")]
    UnknownLetter(String),
    /// The letter would contradict the journal (a report on a refuted failure, …).
    #[error("appeal {number} does not fit a letter of kind {kind}")]
    LetterMismatch { number: String, kind: String },
    /// A report to the authorised body about a low failure, which owes none (002 §35,
    /// 000 §24).
    #[error("appeal {number}: a low failure owes no report ({clause})")]
    NoReportForLow { number: String, clause: String },
    /// The Commission meeting input is refused; the message names the field.
    #[error("protocol input: {reason} ({field})")]
    Protocol { reason: &'static str, field: String },
    /// The Commission domain refused the meeting item; the message names the field.
    #[error(transparent)]
    Commission(#[from] desk_commission::CommissionError),
}

impl DocError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DocError::UnknownRules(v) => tr(lang, "doc-err-rules", &[("value", v)]),
            DocError::BadDate(v) => tr(lang, "doc-err-period", &[("value", v)]),
            DocError::PeriodOrder { from, to } => {
                tr(lang, "doc-err-period-order", &[("from", from), ("to", to)])
            }
            DocError::UnknownFormat(v) => tr(lang, "doc-err-format", &[("value", v)]),
            DocError::Render(d) => tr(lang, "doc-err-render", &[("detail", d)]),
            DocError::UnknownLetter(v) => tr(lang, "doc-letter-err-kind", &[("value", v)]),
            DocError::LetterMismatch { number, kind } => {
                let id = if kind == "refutation" {
                    "doc-letter-err-not-refuted"
                } else {
                    "doc-letter-err-not-confirmed"
                };
                tr(lang, id, &[("number", number)])
            }
            DocError::NoReportForLow { number, clause } => tr(
                lang,
                "doc-letter-err-low",
                &[("number", number), ("clause", clause)],
            ),
            DocError::Protocol { reason, field } => tr(
                lang,
                &format!("doc-letter-protocol-err-{reason}"),
                &[("field", field)],
            ),
            DocError::Commission(e) => e.message(lang),
        }
    }
}

/// The file formats an extract can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Csv,
    Xlsx,
}

impl std::str::FromStr for Format {
    type Err = DocError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Format::Pdf),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(DocError::UnknownFormat(s.to_owned())),
        }
    }
}
