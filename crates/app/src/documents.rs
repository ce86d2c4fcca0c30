//! Documents for the window and the CLI alike (issue 7): the Journal extract, letters
//! about an appeal (002 §32, §36.10, §37.13) and the Commission protocol; signing and
//! verifying them is in [`signatures`]. The CLI writes where it is told; the window
//! writes into `<data dir>/documents/` and shows the path.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use desk_docs::journal::{ExtractOptions, Period, journal_extract, parse_rules, rows_in_period};
use desk_docs::letter::{LetterEvent, LetterKind, LetterOptions, letter};
use desk_docs::table::{journal_csv, journal_xlsx};
use desk_docs::{DocError, Format};
use desk_i18n::{Lang, tr};
use desk_journal::Action;
use desk_journal::time::to_astana_display;
use desk_sign::SignError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use desk_docs::letter::LetterTexts;

use crate::{AppError, Desk, ErrorCode};

pub mod signatures;
mod window_signing;
pub(crate) use signatures::sign_pdf_with_p12;
pub use signatures::{
    NCALAYER_URL, SignOptions, SignatureView, SigningKey, Verification, VerifyReport, add_ltv,
    describe_signature, detached_signature_path, p12_stamp, sign_file, trust_dir_in,
    verify_document_bytes, verify_file,
};
pub use window_signing::{KeySource, SignForm};

/// What can go wrong making, signing or checking a document.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Doc(#[from] DocError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error("read {file}: {detail}")]
    Read { file: String, detail: String },
    #[error("write {file}: {detail}")]
    Write { file: String, detail: String },
    #[error("no signatures in {0}")]
    NoSignatures(String),
    #[error("no key password")]
    PasswordMissing,
    #[error("{bad} of {count} signatures not good")]
    SignaturesNotGood { bad: usize, count: usize },
    /// A protocol some members have signed is signed on in its file; a new rendering
    /// would carry none of their signatures.
    #[error("signed protocol {0} missing")]
    SignedProtocolMissing(String),
}

impl DocumentError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DocumentError::Doc(e) => e.message(lang),
            DocumentError::Sign(e) => e.message(lang),
            DocumentError::Read { file, detail } => {
                tr(lang, "sign-err-read", &[("file", file), ("detail", detail)])
            }
            DocumentError::Write { file, detail } => {
                tr(lang, "doc-err-write", &[("file", file), ("detail", detail)])
            }
            DocumentError::NoSignatures(file) => tr(lang, "sign-verify-none", &[("file", file)]),
            DocumentError::PasswordMissing => tr(lang, "sign-err-password-missing", &[]),
            DocumentError::SignaturesNotGood { bad, count } => tr(
                lang,
                "sign-verify-failed",
                &[("bad", &bad.to_string()), ("count", &count.to_string())],
            ),
            DocumentError::SignedProtocolMissing(file) => tr(
                lang,
                "commission-err-signed-file-missing",
                &[("file", file)],
            ),
        }
    }

    /// A refused input, file or key is the user's to fix ([`ErrorCode::Refused`]);
    /// rendering and cryptography failing are not.
    pub fn code(&self) -> ErrorCode {
        match self {
            DocumentError::Doc(DocError::Render(_))
            | DocumentError::Sign(SignError::Crypto(_) | SignError::Cms(_)) => ErrorCode::Internal,
            DocumentError::Doc(_)
            | DocumentError::Sign(_)
            | DocumentError::Read { .. }
            | DocumentError::PasswordMissing
            | DocumentError::SignedProtocolMissing(_) => ErrorCode::Refused,
            DocumentError::Write { .. } => ErrorCode::Io,
            DocumentError::NoSignatures(_) => ErrorCode::NoSignatures,
            DocumentError::SignaturesNotGood { .. } => ErrorCode::SignatureInvalid,
        }
    }
}

/// A document written to disk, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocumentFile {
    pub path: String,
    /// One translated line: what was written.
    pub message: String,
}

impl DocumentFile {
    /// A protocol written to `path` (from a meeting file or a stored meeting).
    pub(crate) fn protocol(path: &Path, lang: Lang) -> DocumentFile {
        let path = path.display().to_string();
        DocumentFile {
            message: tr(lang, "doc-letter-protocol-written", &[("file", &path)]),
            path,
        }
    }
}

/// Reads a file the user named; failing is a refusal naming the file.
pub fn read(path: &Path) -> Result<Vec<u8>, DocumentError> {
    std::fs::read(path).map_err(|e| DocumentError::Read {
        file: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// Writes through a temporary file in the same directory, so a failure half-way never
/// leaves a damaged document where the good one was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), DocumentError> {
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
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            DocumentError::Write {
                file: path.display().to_string(),
                detail: e.to_string(),
            }
        })
}

/// The Commission protocol from its meeting JSON (the Commission domain does not exist
/// yet, so the meeting is not read from the journal).
pub fn protocol_pdf_bytes(
    meeting_json: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    let meeting = desk_docs::protocol::parse_meeting(meeting_json)?;
    let doc = desk_docs::protocol::protocol(&meeting, lang, now)?;
    Ok(desk_docs::pdf::render(&doc)?)
}

/// The Commission protocol from the meeting JSON file at `input`, written to `out`; needs
/// no journal.
pub fn protocol_pdf_file(input: &Path, out: &Path, lang: Lang) -> Result<DocumentFile, AppError> {
    let json = read(input)?;
    let bytes = protocol_pdf_bytes(&String::from_utf8_lossy(&json), lang, Utc::now())?;
    write_atomically(out, &bytes)?;
    Ok(DocumentFile::protocol(out, lang))
}

/// The extension answer attached to the appeal (`desk extensions`, deadlines.md §4) for
/// the letter's "extension of procurements" (002 §37.13): one line per procurement, built
/// from the structured fields rather than the stored explanations, which are in the
/// language of whoever computed them.
fn extension_lines(answer: &crate::ExtensionAnswer, lang: Lang) -> Option<String> {
    let lines: Vec<String> = answer
        .procedures
        .iter()
        .filter_map(|p| {
            if !p.extended {
                return Some(tr(lang, "doc-letter-not-extended", &[("id", &p.id)]));
            }
            let until = DateTime::parse_from_rfc3339(&p.new_deadline)
                .ok()
                .map(|t| to_astana_display(t.with_timezone(&Utc)))?;
            let clause = p.clause.as_deref().unwrap_or("");
            Some(tr(
                lang,
                "doc-letter-extended",
                &[("id", &p.id), ("until", &until), ("clause", clause)],
            ))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A file name from free text: the incident number and dates are safe, but keep only
/// what every file system takes.
fn file_stem(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("_")
}

impl Desk {
    /// Where the window writes documents.
    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir.join("documents")
    }

    /// The trust store (NCA RK root and intermediates, CRLs) the user imported.
    pub fn trust_dir(&self) -> PathBuf {
        self.data_dir.join("trust")
    }

    /// The Journal extract for a period as PDF, CSV or XLSX, and how many appeals it lists.
    pub fn extract_bytes(
        &self,
        lang: Lang,
        from: &str,
        to: &str,
        rules: Option<&str>,
        format: &str,
        responsible: Option<String>,
    ) -> Result<(Vec<u8>, usize), AppError> {
        self.permit(Action::ProduceDocuments)?;
        let period = Period::parse(from, to).map_err(DocumentError::from)?;
        let format: Format = format.parse().map_err(DocumentError::from)?;
        let rules = rules
            .filter(|r| !r.trim().is_empty())
            .map(parse_rules)
            .transpose()
            .map_err(DocumentError::from)?;
        let rows = self.journal()?;
        // Read after the rows, so the head printed covers every row the extract shows.
        let chain_head = Some(self.chain_head()?);
        let opts = ExtractOptions {
            lang,
            period,
            rules,
            responsible,
            produced_at: Utc::now(),
            chain_head,
        };
        let count = rows_in_period(&rows, &period, rules).len();
        let bytes = match format {
            Format::Pdf => desk_docs::pdf::render(&journal_extract(&rows, &opts)),
            Format::Csv => journal_csv(&rows, &period, rules, lang),
            Format::Xlsx => journal_xlsx(&rows, &period, rules, lang),
        }
        .map_err(DocumentError::from)?;
        Ok((bytes, count))
    }

    /// The extract as PDF in [`Desk::documents_dir`].
    pub fn extract_pdf(
        &self,
        from: &str,
        to: &str,
        rules: Option<&str>,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let (bytes, count) = self.extract_bytes(lang, from, to, rules, "pdf", None)?;
        let name = format!(
            "{}.pdf",
            file_stem(&["extract", from, to, rules.unwrap_or("all"), lang.code()])
        );
        let path = self.documents_dir().join(name);
        write_atomically(&path, &bytes)?;
        Ok(DocumentFile {
            message: tr(
                lang,
                "doc-written",
                &[
                    ("file", &path.display().to_string()),
                    ("count", &count.to_string()),
                ],
            ),
            path: path.display().to_string(),
        })
    }

    /// The letter of `kind` (`authority-report` or `refutation`) about appeal `number`.
    pub fn letter_bytes(
        &self,
        number: &str,
        kind: &str,
        lang: Lang,
        mut texts: LetterTexts,
        signatory: Option<String>,
    ) -> Result<Vec<u8>, AppError> {
        self.permit(Action::ProduceDocuments)?;
        let kind: LetterKind = kind.parse().map_err(DocumentError::from)?;
        let detail = self.appeal_by_number(number)?;
        if texts.extension.is_none() {
            texts.extension = detail
                .extensions
                .as_ref()
                .and_then(|answer| extension_lines(answer, lang));
        }
        let events: Vec<LetterEvent> = detail
            .events
            .iter()
            .map(|e| LetterEvent {
                kind: e.kind,
                at: e.at,
            })
            .collect();
        let opts = LetterOptions {
            lang,
            kind,
            texts,
            signatory,
            produced_at: Utc::now(),
        };
        let doc = letter(&detail.appeal, &events, &opts).map_err(DocumentError::from)?;
        Ok(desk_docs::pdf::render(&doc).map_err(DocumentError::from)?)
    }

    /// The letter as PDF in [`Desk::documents_dir`].
    pub fn letter_pdf(
        &self,
        number: &str,
        kind: &str,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let bytes = self.letter_bytes(number, kind, lang, LetterTexts::default(), None)?;
        let path = self.documents_dir().join(format!(
            "{}.pdf",
            file_stem(&["letter", kind, number, lang.code()])
        ));
        write_atomically(&path, &bytes)?;
        Ok(DocumentFile {
            message: tr(
                lang,
                "doc-letter-written",
                &[("file", &path.display().to_string())],
            ),
            path: path.display().to_string(),
        })
    }

    /// The Commission protocol from the meeting JSON file at `input`, as PDF in
    /// [`Desk::documents_dir`].
    pub fn protocol_pdf(&self, input: &str, lang: Lang) -> Result<DocumentFile, AppError> {
        let json = read(Path::new(input))?;
        let json = String::from_utf8_lossy(&json).into_owned();
        let bytes = protocol_pdf_bytes(&json, lang, Utc::now())?;
        // Refused above when the JSON is bad, so the number is there.
        let number = desk_docs::protocol::parse_meeting(&json)
            .map(|m| m.number)
            .unwrap_or_default();
        let path = self.documents_dir().join(format!(
            "{}.pdf",
            file_stem(&["protocol", &number, lang.code()])
        ));
        write_atomically(&path, &bytes)?;
        Ok(DocumentFile::protocol(&path, lang))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::StoreError;

    #[test]
    fn the_window_writes_documents_into_the_data_directory_and_refusals_are_translated() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Some(dir.path())).unwrap();
        let f = desk
            .extract_pdf("01.11.2026", "30.11.2026", None, Lang::Kk)
            .unwrap();
        assert!(
            Path::new(&f.path).starts_with(desk.documents_dir()),
            "{}",
            f.path
        );
        assert!(std::fs::read(&f.path).unwrap().starts_with(b"%PDF-"));
        assert!(f.message.contains(&f.path));

        let e = desk
            .extract_pdf("31.11.2026", "30.11.2026", None, Lang::Ru)
            .unwrap_err();
        assert!(e.message(Lang::Ru).contains("31.11.2026"), "{e}");
        let e = desk
            .letter_pdf("AST1-2026-000009", "refutation", Lang::Ru)
            .unwrap_err();
        assert!(matches!(e, AppError::Store(StoreError::NotFound(_))), "{e}");
        let e = desk.verify_pdf_file(&f.path).unwrap_err();
        assert!(e.message(Lang::En).contains("has no signatures"), "{e}");
        let e = desk
            .sign_pdf_file(
                &f.path,
                &dir.path().join("none.p12").display().to_string(),
                "x",
            )
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Refused, "{e}");

        let meeting = dir.path().join("meeting.json");
        std::fs::write(
            &meeting,
            r#"{"number": "3/2026", "date": "26.11.2026", "agenda": ["Сынақ"], "decision": "Өткізу",
                "members": [{"name": "Төраға", "chair": true, "vote": "for"}, {"name": "А", "vote": "for"},
                            {"name": "Б", "vote": "for"}, {"name": "В", "present": false},
                            {"name": "Г", "present": false}]}"#,
        )
        .unwrap();
        let f = desk
            .protocol_pdf(&meeting.display().to_string(), Lang::Kk)
            .unwrap();
        assert!(f.path.ends_with("protocol_3-2026_kk.pdf"), "{}", f.path);
        assert!(std::fs::read(&f.path).unwrap().starts_with(b"%PDF-"));
    }
}
