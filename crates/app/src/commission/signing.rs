//! The protocol as a file the members sign one after another (003 §14), and the
//! meetings as the window lists them.
//!
//! The window records a member's signature only together with that member's signature
//! in the PDF: the signed file is made first (beside the protocol, not over it), the
//! signature is recorded in the journal, and only then does the file take the
//! protocol's place. A refused or failed step leaves the journal and the protocol file
//! as they were. The first signature is put on a fresh rendering of the protocol's
//! current text; every later one on that same file, so each signature covers the ones
//! before it.

use std::path::{Path, PathBuf};

use desk_commission::CommissionError;
use desk_i18n::Lang;
use desk_journal::Action;

use super::{MeetingView, domain, render_protocol};
use crate::documents::{read, sign_pdf_with_p12, write_atomically};
use crate::{AppError, Desk, DocumentError, DocumentFile};

/// A meeting number as part of a file name: letters, digits, `-` and `_` kept.
pub(super) fn file_safe(number: &str) -> String {
    number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl Desk {
    /// Where the window keeps the protocol of meeting `number`.
    pub fn commission_protocol_path(&self, number: &str) -> PathBuf {
        self.documents_dir()
            .join(format!("protocol-{}.pdf", file_safe(number.trim())))
    }

    /// Every meeting recorded, the latest first, as the meeting screen shows it.
    pub fn commission_meetings(&self, lang: Lang) -> Result<Vec<MeetingView>, AppError> {
        let mut rows = self.store.commission_meetings()?;
        rows.sort_by(|a, b| (b.date, &b.time).cmp(&(a.date, &a.time)));
        rows.iter()
            .map(|row| self.commission_meeting(&row.number, lang))
            .collect()
    }

    /// The protocol's PDF in the documents folder: rendered from its current text while
    /// nobody has signed it, the signed file as it stands afterwards.
    pub fn commission_protocol_file(
        &self,
        number: &str,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let path = self.commission_protocol_path(number);
        let signed = self
            .commission_meeting(number, lang)?
            .protocol
            .is_some_and(|p| p.signers.iter().any(|s| s.signed_at.is_some()));
        if signed {
            if !path.exists() {
                return Err(
                    DocumentError::SignedProtocolMissing(path.display().to_string()).into(),
                );
            }
            return Ok(DocumentFile::protocol(&path, lang));
        }
        self.commission_protocol_pdf(number, &path, lang)
    }

    /// `member` signs the protocol with their PKCS#12 key (003 §14: the chair and every
    /// member who voted, each with their own key): the signature goes into the
    /// protocol's PDF and is recorded in the journal, both or neither.
    pub fn commission_sign_protocol(
        &mut self,
        number: &str,
        member: &str,
        p12: &str,
        password: &str,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let member = member.trim();
        // Checked before the key is opened, so a refused signer never types a password
        // for nothing; the write checks again inside its transaction.
        let record = self.store.commission_meeting(number)?.ok_or_else(|| {
            CommissionError::MeetingNotFound {
                number: number.to_owned(),
            }
        })?;
        let protocol = record.protocol().ok_or(CommissionError::NoProtocol)?;
        let (meeting, items) = domain(&record)?;
        meeting.check_signer(&items, member)?;
        let mut signatures = record.signatures_of(&protocol.id);
        if signatures.any(|s| s.member_id == member) {
            return Err(CommissionError::AlreadySigned {
                id: member.to_owned(),
            }
            .into());
        }
        let first = record.signatures_of(&protocol.id).next().is_none();
        let path = self.commission_protocol_path(number);
        let document = if first {
            render_protocol(&record, protocol)?
        } else if path.exists() {
            read(&path)?
        } else {
            return Err(DocumentError::SignedProtocolMissing(path.display().to_string()).into());
        };
        let (bytes, _) = sign_pdf_with_p12(&document, Path::new(p12), password, lang)?;
        let staged = path.with_extension("pdf.signing");
        write_atomically(&staged, &bytes)?;
        if let Err(e) = self.commission_sign(number, member, lang) {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
        std::fs::rename(&staged, &path).map_err(|e| DocumentError::Write {
            file: path.display().to_string(),
            detail: e.to_string(),
        })?;
        tracing::info!(meeting = number, member, file = %path.display(), "protocol signed");
        self.commission_meeting(number, lang)
    }
}
