//! Reports on many appeals:
//!
//! - the **daily analysis** of the previous day's failures (002 §43, 000 §33): each
//!   failure with its state, criticality and the obligations overdue;
//! - the **yearly report to the authorised body** (002 §44, 000 §34): counts by failure
//!   type and criticality, compliance with deadlines per obligation with a bar chart, the
//!   causes, measures, results and proposals as given (never invented), and the Journal
//!   extract for the period with the responsible person's signature block.
//!
//! The figures are computed by the caller (the app reads the journal and the rules
//! engine); this module only words and lays them out.

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_journal::{AppealRow, Criticality, FailureType, Status};

use crate::journal::{Period, chain_head_line, journal_cells, journal_headers, rows_in_period};
use crate::model::{Column, Document, Orientation, Paragraph, SignatureBlock, Table};

/// One failure of the day as the daily analysis lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyLine {
    pub number: String,
    pub organisation: String,
    pub status: Status,
    pub criticality: Option<Criticality>,
    /// Obligation ids (`register`, `fix`, …) past due and not met.
    pub overdue: Vec<String>,
}

fn page_footer(lang: Lang) -> String {
    tr(
        lang,
        "doc-page-of",
        &[("page", "{page}"), ("pages", "{pages}")],
    )
}

fn signature(lang: Lang, name: Option<String>) -> SignatureBlock {
    SignatureBlock {
        role: tr(lang, "doc-signature-role", &[]),
        signature_label: tr(lang, "doc-signature-sign", &[]),
        name_label: tr(lang, "doc-signature-name", &[]),
        name,
    }
}

/// The obligation's name in `lang`.
pub fn obligation_label(id: &str, lang: Lang) -> String {
    tr(lang, &format!("obligation-{id}"), &[])
}

/// The day's failures counted by where they stood at its end (the app counts them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DailyCounts {
    pub received: u32,
    pub confirmed: u32,
    pub fixed: u32,
    pub open: u32,
    pub overdue: u32,
}

/// What the daily analysis of one day says, all as at the day's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyAnalysis<'a> {
    /// `DD.MM.YYYY`.
    pub date: &'a str,
    /// The day's failures.
    pub lines: &'a [DailyLine],
    /// The numbers of the day's appeals refuted by its end: not failures (002 §32).
    pub refuted: &'a [String],
    pub counts: DailyCounts,
}

/// The daily analysis, with the journal's audit chain head (`SEQ:HASH`) when it was made,
/// printed so that truncation is detectable later.
pub fn daily_analysis(
    day: &DailyAnalysis<'_>,
    lang: Lang,
    responsible: Option<String>,
    produced_at: DateTime<Utc>,
    chain_head: Option<&str>,
) -> Document {
    let (date, lines) = (day.date, day.lines);
    let none = tr(lang, "doc-report-none", &[]);
    let unstated = tr(lang, "doc-report-unstated", &[]);
    let columns = [
        ("doc-report-col-number", 1.4),
        ("doc-report-col-organisation", 2.0),
        ("doc-report-col-state", 1.2),
        ("doc-report-col-criticality", 1.0),
        ("doc-report-col-overdue", 2.6),
    ];
    let mut after_table = Vec::new();
    if lines.is_empty() {
        after_table.push(tr(lang, "doc-empty", &[]));
    }
    let c = day.counts;
    after_table.push(tr(
        lang,
        "doc-report-daily-counts",
        &[
            ("count", &c.received.to_string()),
            ("confirmed", &c.confirmed.to_string()),
            ("fixed", &c.fixed.to_string()),
            ("open", &c.open.to_string()),
            ("overdue", &c.overdue.to_string()),
        ],
    ));
    after_table.push(if day.refuted.is_empty() {
        tr(lang, "doc-report-daily-refuted-none", &[])
    } else {
        tr(
            lang,
            "doc-report-daily-refuted",
            &[
                ("count", &day.refuted.len().to_string()),
                ("numbers", &day.refuted.join(", ")),
            ],
        )
    });
    Document {
        lang: lang.code().to_owned(),
        orientation: Orientation::Landscape,
        title: vec![tr(lang, "doc-report-daily-title", &[("date", date)])],
        subtitle: vec![
            tr(lang, "doc-report-daily-basis", &[]),
            tr(lang, "doc-report-daily-as-at", &[("date", date)]),
            tr(
                lang,
                "doc-generated",
                &[("at", &to_astana_display(produced_at))],
            ),
        ]
        .into_iter()
        .chain(chain_head_line(chain_head, lang))
        .collect(),
        body: Vec::new(),
        table: Table {
            columns: columns
                .iter()
                .map(|(id, weight)| Column {
                    header: tr(lang, id, &[]),
                    weight: *weight,
                })
                .collect(),
            rows: lines
                .iter()
                .map(|l| {
                    let overdue = if l.overdue.is_empty() {
                        none.clone()
                    } else {
                        l.overdue
                            .iter()
                            .map(|o| obligation_label(o, lang))
                            .collect::<Vec<_>>()
                            .join("\n")
                    };
                    vec![
                        l.number.clone(),
                        l.organisation.clone(),
                        l.status.label(lang),
                        l.criticality
                            .map(|c| c.label(lang))
                            .unwrap_or_else(|| unstated.clone()),
                        overdue,
                    ]
                })
                .collect(),
        },
        after_table,
        signatures: vec![signature(lang, responsible)],
        footnotes: Vec::new(),
        page_footer: page_footer(lang),
    }
}

/// Compliance with one obligation's deadline over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaLine {
    /// The obligation id (`register`, `fix`, …).
    pub id: String,
    /// Met at or before its due instant.
    pub met_on_time: usize,
    /// Every obligation of this id whose due instant falls in the period.
    pub all: usize,
}

impl SlaLine {
    /// The share met on time in tenths of a per cent, rounded half up.
    pub fn tenths(&self) -> u32 {
        if self.all == 0 {
            return 0;
        }
        ((self.met_on_time as u64 * 2000 + self.all as u64) / (2 * self.all as u64)) as u32
    }

    /// The share as printed: `66.7`, `100.0`.
    pub fn percent(&self) -> String {
        let t = self.tenths();
        format!("{}.{}", t / 10, t % 10)
    }
}

/// The yearly figures, computed by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearlyStats {
    pub period: Period,
    /// Appeals received in the period by failure type (`None`: not determined), in the
    /// order of [`FailureType::ALL`], the undetermined last; zero counts left out.
    pub by_type: Vec<(Option<FailureType>, usize)>,
    pub by_criticality: Vec<(Option<Criticality>, usize)>,
    pub total: usize,
    /// One line per obligation id with at least one due in the period.
    pub sla: Vec<SlaLine>,
}

/// The texts the Journal does not hold; "not stated" when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearlyTexts {
    pub causes: Option<String>,
    pub measures: Option<String>,
    pub results: Option<String>,
    pub proposals: Option<String>,
}

#[derive(Debug, Clone)]
pub struct YearlyOptions {
    pub lang: Lang,
    /// What the title names: `2026`, or `01.01.2026 – 30.06.2026` for another period.
    pub title_period: String,
    pub texts: YearlyTexts,
    pub responsible: Option<String>,
    pub produced_at: DateTime<Utc>,
}

fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The yearly report; `rows` is the whole journal (the extract takes the period's rows).
pub fn yearly_report(stats: &YearlyStats, rows: &[AppealRow], opts: &YearlyOptions) -> Document {
    let lang = opts.lang;
    let unstated = tr(lang, "doc-report-unstated", &[]);
    let (from, to) = stats.period.display();
    let count = |label: String, n: usize| {
        Paragraph::Text(tr(
            lang,
            "doc-report-count-line",
            &[("label", &label), ("count", &n.to_string())],
        ))
    };
    let mut body = vec![Paragraph::Text(tr(
        lang,
        "doc-report-total",
        &[("count", &stats.total.to_string())],
    ))];
    body.push(Paragraph::Heading(tr(lang, "doc-report-h-by-type", &[])));
    for (t, n) in &stats.by_type {
        let label = t.map(|t| t.label(lang)).unwrap_or_else(|| unstated.clone());
        body.push(count(label, *n));
    }
    body.push(Paragraph::Heading(tr(
        lang,
        "doc-report-h-by-criticality",
        &[],
    )));
    for (c, n) in &stats.by_criticality {
        let label = c.map(|c| c.label(lang)).unwrap_or_else(|| unstated.clone());
        body.push(count(label, *n));
    }
    body.push(Paragraph::Heading(tr(lang, "doc-report-h-sla", &[])));
    if stats.sla.is_empty() {
        body.push(Paragraph::Text(tr(lang, "doc-report-sla-none", &[])));
    }
    for s in &stats.sla {
        body.push(Paragraph::Text(tr(
            lang,
            "doc-report-sla-line",
            &[
                ("label", &obligation_label(&s.id, lang)),
                ("id", &s.id),
                ("percent", &s.percent()),
                ("met", &s.met_on_time.to_string()),
                ("all", &s.all.to_string()),
            ],
        )));
    }
    if !stats.sla.is_empty() {
        body.push(Paragraph::Heading(tr(lang, "doc-report-h-chart", &[])));
        for s in &stats.sla {
            body.push(Paragraph::Bar {
                label: format!("{} {}%", s.id, s.percent()),
                tenths: s.tenths(),
            });
        }
    }
    for (heading, text) in [
        ("doc-report-h-causes", &opts.texts.causes),
        ("doc-report-h-measures", &opts.texts.measures),
        ("doc-report-h-results", &opts.texts.results),
        ("doc-report-h-proposals", &opts.texts.proposals),
    ] {
        body.push(Paragraph::Heading(tr(lang, heading, &[])));
        body.push(Paragraph::Text(
            given(text).unwrap_or_else(|| unstated.clone()),
        ));
    }
    body.push(Paragraph::Heading(tr(lang, "doc-report-h-extract", &[])));

    let selected = rows_in_period(rows, &stats.period, None);
    let weights = [1.6, 2.0, 1.2, 1.2, 1.7, 2.4, 1.8, 2.4];
    let mut after_table = vec![tr(
        lang,
        "doc-total",
        &[("count", &selected.len().to_string())],
    )];
    if selected.is_empty() {
        after_table.insert(0, tr(lang, "doc-empty", &[]));
    }
    Document {
        lang: lang.code().to_owned(),
        orientation: Orientation::Landscape,
        title: vec![tr(
            lang,
            "doc-report-yearly-title",
            &[("year", &opts.title_period)],
        )],
        subtitle: vec![
            tr(lang, "doc-report-yearly-basis", &[]),
            tr(lang, "doc-report-period", &[("from", &from), ("to", &to)]),
            tr(
                lang,
                "doc-generated",
                &[("at", &to_astana_display(opts.produced_at))],
            ),
        ],
        body,
        table: Table {
            columns: journal_headers(lang)
                .into_iter()
                .zip(weights)
                .map(|(header, weight)| Column { header, weight })
                .collect(),
            rows: selected
                .iter()
                .enumerate()
                .map(|(i, r)| journal_cells(i + 1, r, lang))
                .collect(),
        },
        after_table,
        signatures: vec![signature(lang, opts.responsible.clone())],
        footnotes: vec![tr(lang, "doc-abbreviations", &[])],
        page_footer: page_footer(lang),
    }
}
