//! Letters about one appeal:
//!
//! - the **written report to the authorised body** about a confirmed failure: the failure,
//!   its cause, the measures taken, their result, the extension of procurement deadlines and
//!   proposals against a repeat (002 §36.10 for medium criticality, §37.13 for high;
//!   000 §25.3, §26.13); none for a low failure (002 §35, 000 §24 owe none);
//! - the **refutation notice** to the user who appealed, with the supporting information
//!   (002 §32, 000 §21).
//!
//! Filled from the journal row and its events; what the journal does not hold (the
//! measures, the extension, the proposals) can be given by whoever makes the letter, and
//! is printed as "not stated" otherwise, never invented.

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_journal::{AppealRow, Criticality, EventKind};

use crate::DocError;
use crate::journal::rules_title;
use crate::model::{Column, Document, Orientation, Paragraph, SignatureBlock, Table};

/// Which letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    /// 002 §36.10 / §37.13: to the authorised body, after a confirmed failure.
    AuthorityReport,
    /// 002 §32: to the user, when the failure is refuted.
    Refutation,
}

impl LetterKind {
    pub fn code(self) -> &'static str {
        match self {
            LetterKind::AuthorityReport => "authority-report",
            LetterKind::Refutation => "refutation",
        }
    }
}

impl std::str::FromStr for LetterKind {
    type Err = DocError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "authority-report" | "authority_report" | "report" => Ok(LetterKind::AuthorityReport),
            "refutation" => Ok(LetterKind::Refutation),
            _ => Err(DocError::UnknownLetter(s.to_owned())),
        }
    }
}

/// One event of the appeal as the chronology prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterEvent {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
}

/// What the journal does not hold, given by the person making the letter; `None` prints
/// "not stated" (or, for the cause and the proposals, what the journal row says).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterTexts {
    pub cause: Option<String>,
    pub measures: Option<String>,
    pub result: Option<String>,
    pub extension: Option<String>,
    pub proposals: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LetterOptions {
    pub lang: Lang,
    pub kind: LetterKind,
    pub texts: LetterTexts,
    /// The signatory's full name; a blank line to write it in otherwise.
    pub signatory: Option<String>,
    pub produced_at: DateTime<Utc>,
}

fn first(events: &[LetterEvent], kind: EventKind) -> Option<DateTime<Utc>> {
    events.iter().filter(|e| e.kind == kind).map(|e| e.at).min()
}

fn last(events: &[LetterEvent], kind: EventKind) -> Option<DateTime<Utc>> {
    events.iter().filter(|e| e.kind == kind).map(|e| e.at).max()
}

fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The clause that obliges this letter, for the rule sets whose clauses it cites: 002
/// (QUASI-1216: §32, §36.10, §37.13) and 000 (GZ-627: §21, §25.3, §26.13); other rule
/// sets get the rules' title only, as they state no such letter.
fn basis(row: &AppealRow, kind: LetterKind, lang: Lang) -> Option<String> {
    use desk_journal::RuleSet;
    let high = row.criticality == Some(Criticality::High);
    let id = match (row.rule_set, kind, high) {
        (RuleSet::Quasi1216, LetterKind::Refutation, _) => "doc-letter-basis-refutation",
        (RuleSet::Quasi1216, LetterKind::AuthorityReport, true) => "doc-letter-basis-high",
        (RuleSet::Quasi1216, LetterKind::AuthorityReport, false) => "doc-letter-basis-medium",
        (RuleSet::Gz627, LetterKind::Refutation, _) => "doc-letter-basis-gz627-refutation",
        (RuleSet::Gz627, LetterKind::AuthorityReport, true) => "doc-letter-basis-gz627-high",
        (RuleSet::Gz627, LetterKind::AuthorityReport, false) => "doc-letter-basis-gz627-medium",
        _ => return None,
    };
    Some(tr(lang, id, &[]))
}

/// The clause that says a low failure owes the authorised body no report: 002 §35 and
/// 000 §24 list the operator's duties for a low failure and a report is not among them.
fn low_has_no_report(row: &AppealRow) -> Option<&'static str> {
    match (row.rule_set, row.criticality) {
        (desk_journal::RuleSet::Quasi1216, Some(Criticality::Low)) => Some("002 §35"),
        (desk_journal::RuleSet::Gz627, Some(Criticality::Low)) => Some("000 §24"),
        _ => None,
    }
}

/// The letter of `kind` about `row`. Refused when the appeal's events do not fit it: a
/// report needs a confirmed failure, a refutation a refuted one (a letter saying the
/// opposite of the journal must not be produced by mistake).
pub fn letter(
    row: &AppealRow,
    events: &[LetterEvent],
    opts: &LetterOptions,
) -> Result<Document, DocError> {
    let lang = opts.lang;
    let confirmed = first(events, EventKind::Confirmed);
    let refuted = first(events, EventKind::Refuted);
    let mismatch = || DocError::LetterMismatch {
        number: row.number.clone(),
        kind: opts.kind.code().to_owned(),
    };
    match opts.kind {
        LetterKind::AuthorityReport if confirmed.is_none() => return Err(mismatch()),
        LetterKind::AuthorityReport => {
            if let Some(clause) = low_has_no_report(row) {
                return Err(DocError::NoReportForLow {
                    number: row.number.clone(),
                    clause: clause.to_owned(),
                });
            }
        }
        LetterKind::Refutation if refuted.is_none() => return Err(mismatch()),
        _ => {}
    }
    let unstated = tr(lang, "doc-letter-unstated", &[]);
    let received = to_astana_display(row.received_at);
    let failure = row
        .failure_type
        .map(|f| f.label(lang))
        .unwrap_or_else(|| unstated.clone());
    let decision = given(&row.decision);
    // The cause is the failure type (002 §26) and the decision that explains it.
    let cause = given(&opts.texts.cause).unwrap_or_else(|| match &decision {
        Some(d) => format!("{failure}. {d}"),
        None => failure.clone(),
    });

    let mut subtitle = vec![tr(
        lang,
        "doc-letter-regarding",
        &[("number", &row.number), ("received", &received)],
    )];
    if let Some(b) = basis(row, opts.kind, lang) {
        subtitle.push(b);
    }
    subtitle.push(tr(
        lang,
        "doc-rules",
        &[("rules", &rules_title(row.rule_set, lang))],
    ));
    subtitle.push(tr(
        lang,
        "doc-generated",
        &[("at", &to_astana_display(opts.produced_at))],
    ));

    let module = given(&Some(row.portal_module.clone())).unwrap_or_else(|| unstated.clone());
    let mut body = Vec::new();
    let (title, role) = match opts.kind {
        LetterKind::AuthorityReport => {
            body.push(Paragraph::Text(tr(lang, "doc-letter-to-authority", &[])));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-failure", &[])));
            let criticality = row
                .criticality
                .map(|c| c.label(lang))
                .unwrap_or_else(|| unstated.clone());
            let detected = row
                .detected_at
                .map(to_astana_display)
                .unwrap_or_else(|| unstated.clone());
            body.push(Paragraph::Text(tr(
                lang,
                "doc-letter-failure",
                &[
                    ("number", &row.number),
                    ("received", &received),
                    ("organisation", &row.organisation),
                    ("bin", &row.bin_iin),
                    ("module", &module),
                    ("detected", &detected),
                    (
                        "confirmed",
                        &confirmed.map(to_astana_display).unwrap_or_default(),
                    ),
                    ("criticality", &criticality),
                ],
            )));
            if !row.description.trim().is_empty() {
                body.push(Paragraph::Text(tr(
                    lang,
                    "doc-letter-description",
                    &[("text", row.description.trim())],
                )));
            }
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-cause", &[])));
            body.push(Paragraph::Text(cause));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-measures", &[])));
            body.push(Paragraph::Text(
                given(&opts.texts.measures).unwrap_or_else(|| unstated.clone()),
            ));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-result", &[])));
            let result =
                given(&opts.texts.result).unwrap_or_else(|| match last(events, EventKind::Fixed) {
                    Some(at) => tr(
                        lang,
                        "doc-letter-fixed-at",
                        &[("at", &to_astana_display(at))],
                    ),
                    None => tr(lang, "doc-letter-not-fixed", &[]),
                });
            body.push(Paragraph::Text(result));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-extension", &[])));
            let mut extension = given(&opts.texts.extension).unwrap_or_else(|| unstated.clone());
            let announcements = row.announcements.trim();
            if !announcements.is_empty() {
                let lots = if row.lots.trim().is_empty() {
                    "—"
                } else {
                    row.lots.trim()
                };
                extension.push('\n');
                extension.push_str(&tr(
                    lang,
                    "doc-letter-procurements",
                    &[("announcements", announcements), ("lots", lots)],
                ));
            }
            body.push(Paragraph::Text(extension));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-proposals", &[])));
            body.push(Paragraph::Text(
                given(&opts.texts.proposals)
                    .or_else(|| given(&row.recommendations))
                    .unwrap_or_else(|| unstated.clone()),
            ));
            (
                tr(lang, "doc-letter-report-title", &[]),
                tr(lang, "doc-letter-role-head", &[]),
            )
        }
        LetterKind::Refutation => {
            let mut to = vec![row.organisation.clone()];
            if !row.bin_iin.trim().is_empty() {
                to.push(tr(lang, "doc-letter-bin", &[("bin", &row.bin_iin)]));
            }
            if !row.contact.trim().is_empty() {
                to.push(row.contact.clone());
            }
            body.push(Paragraph::Text(tr(
                lang,
                "doc-letter-to-user",
                &[("to", &to.join(", "))],
            )));
            body.push(Paragraph::Text(tr(
                lang,
                "doc-letter-refuted",
                &[
                    ("number", &row.number),
                    ("received", &received),
                    (
                        "refuted",
                        &refuted.map(to_astana_display).unwrap_or_default(),
                    ),
                ],
            )));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-grounds", &[])));
            body.push(Paragraph::Text(cause));
            body.push(Paragraph::Heading(tr(lang, "doc-letter-h-supporting", &[])));
            body.push(Paragraph::Text(
                given(&row.supporting_info).unwrap_or_else(|| unstated.clone()),
            ));
            if let Some(r) = given(&opts.texts.proposals).or_else(|| given(&row.recommendations)) {
                body.push(Paragraph::Heading(tr(
                    lang,
                    "doc-letter-h-recommendations",
                    &[],
                )));
                body.push(Paragraph::Text(r));
            }
            (
                tr(lang, "doc-letter-refutation-title", &[]),
                tr(lang, "doc-letter-role-contact-centre", &[]),
            )
        }
    };
    body.push(Paragraph::Heading(tr(lang, "doc-letter-h-chronology", &[])));

    let mut chronology: Vec<LetterEvent> = events.to_vec();
    chronology.sort_by_key(|e| e.at);
    Ok(Document {
        lang: lang.code().to_owned(),
        orientation: Orientation::Portrait,
        title: vec![title],
        subtitle,
        body,
        table: Table {
            columns: vec![
                Column {
                    header: tr(lang, "doc-letter-col-when", &[]),
                    weight: 1.0,
                },
                Column {
                    header: tr(lang, "doc-letter-col-event", &[]),
                    weight: 3.0,
                },
            ],
            rows: chronology
                .iter()
                .map(|e| vec![to_astana_display(e.at), e.kind.label(lang)])
                .collect(),
        },
        after_table: Vec::new(),
        signatures: vec![SignatureBlock {
            role,
            signature_label: tr(lang, "doc-signature-sign", &[]),
            name_label: tr(lang, "doc-signature-name", &[]),
            name: opts.signatory.clone(),
        }],
        footnotes: Vec::new(),
        page_footer: tr(
            lang,
            "doc-page-of",
            &[("page", "{page}"), ("pages", "{pages}")],
        ),
    })
}
