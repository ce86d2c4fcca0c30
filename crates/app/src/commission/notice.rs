//! The notice to the members before a meeting (003 §23: the operator tells the members
//! in advance the agenda, the date and the time, and gives them the application's
//! materials): a PDF addressed to every member of the composition the meeting uses.

use std::path::Path;

use desk_commission::CommissionError;
use desk_docs::model::{Column, Document, Orientation, Paragraph, Table};
use desk_i18n::{Lang, tr};

use super::{d, domain, proposal_line};
use crate::documents::write_atomically;
use crate::{AppError, Desk, DocumentError, DocumentFile};

impl Desk {
    /// The notice of meeting `number` as PDF in `out`.
    pub fn commission_notice_pdf(
        &self,
        number: &str,
        out: &Path,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let number = number.trim();
        let record = self.store.commission_meeting(number)?.ok_or_else(|| {
            CommissionError::MeetingNotFound {
                number: number.to_owned(),
            }
        })?;
        let (meeting, items) = domain(&record)?;
        let m = &record.meeting;
        let c = &meeting.composition;
        let mut body = vec![
            Paragraph::Text(tr(
                lang,
                "commission-notice-intro",
                &[("date", &d(m.date)), ("time", &m.time), ("place", &m.place)],
            )),
            Paragraph::Heading(tr(lang, "doc-letter-protocol-h-agenda", &[])),
        ];
        for (i, item) in items.iter().enumerate() {
            body.push(Paragraph::Text(format!(
                "{}. {}\n{}",
                i + 1,
                item.title,
                proposal_line(&item.proposal, lang)
            )));
        }
        body.push(Paragraph::Text(tr(
            lang,
            "commission-notice-materials",
            &[],
        )));
        body.push(Paragraph::Heading(tr(lang, "commission-notice-to", &[])));
        let role = |chair: bool| {
            tr(
                lang,
                if chair {
                    "doc-letter-protocol-role-chair"
                } else {
                    "doc-letter-protocol-role-member"
                },
                &[],
            )
        };
        let rows = c
            .members
            .iter()
            .enumerate()
            .map(|(i, x)| {
                vec![
                    (i + 1).to_string(),
                    x.name.clone(),
                    role(x.role == desk_commission::Standing::Chair),
                    [x.position.as_str(), x.organisation.as_str()]
                        .iter()
                        .filter(|s| !s.trim().is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        let column = |id: &str, weight: f32| Column {
            header: tr(lang, id, &[]),
            weight,
        };
        let doc = Document {
            lang: lang.code().to_owned(),
            orientation: Orientation::Portrait,
            title: vec![tr(
                lang,
                "commission-notice-title",
                &[("number", &m.number)],
            )],
            subtitle: vec![tr(
                lang,
                "commission-notice-composition",
                &[("order", &c.order.number), ("date", &d(c.order.date))],
            )],
            body,
            table: Table {
                columns: vec![
                    column("commission-notice-col-n", 0.5),
                    column("ui-commission-member-name", 3.0),
                    column("ui-commission-member-role", 1.6),
                    column("commission-notice-col-position", 3.4),
                ],
                rows,
            },
            after_table: Vec::new(),
            signatures: Vec::new(),
            footnotes: Vec::new(),
            page_footer: tr(
                lang,
                "doc-page-of",
                &[("page", "{page}"), ("pages", "{pages}")],
            ),
        };
        let bytes = desk_docs::pdf::render(&doc).map_err(DocumentError::Doc)?;
        write_atomically(out, &bytes)?;
        let path = out.display().to_string();
        Ok(DocumentFile {
            message: tr(lang, "commission-notice-written", &[("file", &path)]),
            path,
        })
    }

    /// The notice in the documents folder, for the window.
    pub fn commission_notice_file(
        &self,
        number: &str,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let path = self.documents_dir().join(format!(
            "notice-{}.pdf",
            super::signing::file_safe(number.trim())
        ));
        self.commission_notice_pdf(number, &path, lang)
    }
}
