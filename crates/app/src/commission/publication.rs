//! The protocol for publication on the operator's website (003 §15) and for the file
//! kept with the materials (003 §6): the signed PDF copied out as it is, with a JSON
//! summary of the meeting beside it — the decisions and their counts, who signed, and
//! the SHA-256 of the PDF so the published copy can be checked against the kept one.

use std::path::Path;

use desk_commission::CommissionError;
use desk_i18n::{Lang, tr};
use sha2::{Digest, Sha256};

use super::MeetingView;
use crate::documents::{read, write_atomically};
use crate::{AppError, Desk, DocumentError, DocumentFile};

/// The summary as published: no member's personal vote, only what the protocol decides.
fn summary(m: &MeetingView, pdf_name: &str, pdf_sha256: &str) -> serde_json::Value {
    let p = m.protocol.as_ref();
    serde_json::json!({
        "meeting": m.number,
        "date": m.date,
        "time": m.time,
        "place": m.place,
        "composition": {
            "order_number": m.composition.order_number,
            "order_date": m.composition.order_date,
            "members": m.composition.members.len(),
        },
        "present": m.present.as_ref().map_or(0, Vec::len),
        "quorum": m.quorum,
        "items": m.items.iter().map(|i| serde_json::json!({
            "n": i.n,
            "title": i.title,
            "proposal": i.proposal,
            "outcome": i.outcome,
            "for": i.counts.votes_for,
            "against": i.counts.against,
            "abstain": i.counts.abstain,
            "recused": i.counts.recused,
            "decision": i.explanation,
            "dissenting_opinions": i.dissents.len(),
        })).collect::<Vec<_>>(),
        "protocol": {
            "due": p.map(|p| p.due.clone()),
            "late": p.is_some_and(|p| p.late),
            "text_sha256": p.map(|p| p.sha256.clone()),
            "signed_by": p.map(|p| p.signers.iter().map(|s| s.name.clone()).collect::<Vec<_>>()),
            "pdf": pdf_name,
            "pdf_sha256": pdf_sha256,
        },
    })
}

impl Desk {
    /// Writes `protocol-N.pdf` and `protocol-N.json` into `dir` for publication. Only a
    /// protocol every signer has signed is published; the PDF is the signed file (the
    /// window's, or `pdf`).
    pub fn commission_publish(
        &self,
        number: &str,
        dir: &Path,
        pdf: Option<&Path>,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let m = self.commission_meeting(number, lang)?;
        let p = m.protocol.as_ref().ok_or(CommissionError::NoProtocol)?;
        let unsigned: Vec<&str> = p
            .signers
            .iter()
            .filter(|s| s.signed_at.is_none())
            .map(|s| s.name.as_str())
            .collect();
        if !unsigned.is_empty() {
            return Err(CommissionError::NotFullySigned {
                names: unsigned.join(", "),
            }
            .into());
        }
        let source = pdf.map_or_else(|| self.commission_protocol_path(&m.number), Path::to_owned);
        if !source.exists() {
            return Err(DocumentError::SignedProtocolMissing(source.display().to_string()).into());
        }
        let bytes = read(&source)?;
        let stem = format!("protocol-{}", super::signing::file_safe(&m.number));
        let pdf_name = format!("{stem}.pdf");
        let pdf_sha256 = hex::encode(Sha256::digest(&bytes));
        write_atomically(&dir.join(&pdf_name), &bytes)?;
        let json = summary(&m, &pdf_name, &pdf_sha256);
        let json_path = dir.join(format!("{stem}.json"));
        write_atomically(&json_path, format!("{json:#}\n").as_bytes())?;
        let shown = dir.display().to_string();
        Ok(DocumentFile {
            message: tr(
                lang,
                "commission-published",
                &[("dir", &shown), ("pdf", &pdf_name), ("sha", &pdf_sha256)],
            ),
            path: json_path.display().to_string(),
        })
    }
}
