//! The Journal extract in the official form (002, Appendix): № · organisation · BIN/IIN ·
//! date and time · contact data · decision · failure type · recommendations, for a period,
//! with the responsible person's signature block.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::AppealRow;
use desk_journal::time::{ASTANA, to_astana_display};

use crate::DocError;
use crate::model::{Column, Document, Orientation, SignatureBlock, Table};

pub use desk_journal::workflow::RuleSet;

/// Reads a rule-set code (`QUASI-1216`, `GZ-627`, …), any case.
pub fn parse_rules(code: &str) -> Result<RuleSet, DocError> {
    RuleSet::ALL
        .iter()
        .copied()
        .find(|r| r.code().eq_ignore_ascii_case(code.trim()))
        .ok_or_else(|| DocError::UnknownRules(code.to_owned()))
}

/// The legal basis of a rule set as the extract's title names it.
pub fn rules_title(rules: RuleSet, lang: Lang) -> String {
    tr(
        lang,
        &format!("doc-rules-{}", rules.code().to_ascii_lowercase()),
        &[],
    )
}

/// A period of Astana calendar days, both ends included: "from 01.11 to 30.11" means up
/// to 30.11 23:59:59 Astana time, which is what a supervisor asking for November means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

fn parse_date(input: &str) -> Result<NaiveDate, DocError> {
    ["%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(input.trim(), f).ok())
        .ok_or_else(|| DocError::BadDate(input.to_owned()))
}

impl Period {
    /// Reads `DD.MM.YYYY` or `YYYY-MM-DD` ends.
    pub fn parse(from: &str, to: &str) -> Result<Period, DocError> {
        let period = Period {
            from: parse_date(from)?,
            to: parse_date(to)?,
        };
        if period.from > period.to {
            return Err(DocError::PeriodOrder {
                from: period.from.format("%d.%m.%Y").to_string(),
                to: period.to.format("%d.%m.%Y").to_string(),
            });
        }
        Ok(period)
    }

    fn start(&self) -> Option<DateTime<Utc>> {
        ASTANA
            .from_local_datetime(&self.from.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }

    fn end_exclusive(&self) -> Option<DateTime<Utc>> {
        let next = self.to.succ_opt()?;
        ASTANA
            .from_local_datetime(&next.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }

    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        match (self.start(), self.end_exclusive()) {
            (Some(s), Some(e)) => s <= instant && instant < e,
            _ => false,
        }
    }

    pub fn display(&self) -> (String, String) {
        (
            self.from.format("%d.%m.%Y").to_string(),
            self.to.format("%d.%m.%Y").to_string(),
        )
    }
}

/// The rows of the period (and of the rule set, when one is asked for) in the order they
/// were received: an extract reads as a log, unlike the screen, which shows the newest
/// first.
pub fn rows_in_period<'a>(
    rows: &'a [AppealRow],
    period: &Period,
    rules: Option<RuleSet>,
) -> Vec<&'a AppealRow> {
    let mut selected: Vec<&AppealRow> = rows
        .iter()
        .filter(|r| period.contains(r.received_at))
        .filter(|r| rules.is_none_or(|want| r.rule_set == want))
        .collect();
    selected.sort_by(|a, b| {
        a.received_at
            .cmp(&b.received_at)
            .then_with(|| a.number.cmp(&b.number))
    });
    selected
}

/// What the extract is for and who signs it.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    pub lang: Lang,
    pub period: Period,
    /// Only appeals under this rule set; all of the period's appeals when `None`, the
    /// title then naming every rule set among them.
    pub rules: Option<RuleSet>,
    /// The responsible person's full name, if known; a blank line to write it in otherwise.
    pub responsible: Option<String>,
    pub produced_at: DateTime<Utc>,
    /// The journal's audit chain head (`SEQ:HASH`) when the extract was made: printed so
    /// that a journal shown later can be checked to still contain it (issue 11 item 2).
    pub chain_head: Option<String>,
}

/// The official columns (002 Appendix), in the form's order, with relative widths chosen
/// so that free text (decision, recommendations) gets the room.
const COLUMNS: [(&str, f32); 8] = [
    ("doc-col-seq", 1.6),
    ("doc-col-organisation", 2.0),
    ("doc-col-bin-iin", 1.2),
    ("doc-col-received", 1.2),
    ("doc-col-contact", 1.7),
    ("doc-col-decision", 2.4),
    ("doc-col-failure-type", 1.8),
    ("doc-col-recommendations", 2.4),
];

/// The eight cells of one row. № carries the running number and, under it, the
/// incident number, so a printed line can be traced back to the appeal.
pub fn journal_cells(seq: usize, row: &AppealRow, lang: Lang) -> Vec<String> {
    vec![
        format!("{seq}\n{}", row.number),
        row.organisation.clone(),
        row.bin_iin.clone(),
        to_astana_display(row.received_at),
        row.contact.clone(),
        row.decision.clone().unwrap_or_default(),
        row.failure_type.map(|f| f.label(lang)).unwrap_or_default(),
        row.recommendations.clone().unwrap_or_default(),
    ]
}

/// The line naming the audit chain head a document was made at, if known.
pub fn chain_head_line(head: Option<&str>, lang: Lang) -> Option<String> {
    head.filter(|h| !h.is_empty())
        .map(|h| tr(lang, "doc-chain-head", &[("head", h)]))
}

/// Column headers of the official form in `lang`.
pub fn journal_headers(lang: Lang) -> Vec<String> {
    COLUMNS.iter().map(|(id, _)| tr(lang, id, &[])).collect()
}

/// Builds the extract for the rows of the period (other rows are left out).
pub fn journal_extract(rows: &[AppealRow], opts: &ExtractOptions) -> Document {
    let lang = opts.lang;
    let selected = rows_in_period(rows, &opts.period, opts.rules);
    let mut rule_sets: Vec<RuleSet> = match opts.rules {
        Some(r) => vec![r],
        None => selected.iter().map(|r| r.rule_set).collect(),
    };
    rule_sets.sort_by_key(|r| r.code());
    rule_sets.dedup();
    let rules_text = if rule_sets.is_empty() {
        "—".to_owned()
    } else {
        rule_sets
            .iter()
            .map(|r| rules_title(*r, lang))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (from, to) = opts.period.display();
    // Order No. 692's own journal form is not in the material (001 amends its clause 7
    // only): say so instead of passing 002's form off as it.
    let body = if rule_sets.contains(&RuleSet::Gz692) {
        vec![crate::model::Paragraph::Text(tr(
            lang,
            "doc-extract-gz692-form",
            &[],
        ))]
    } else {
        Vec::new()
    };
    let count = selected.len().to_string();
    let mut after_table = vec![tr(lang, "doc-total", &[("count", &count)])];
    if selected.is_empty() {
        after_table.insert(0, tr(lang, "doc-empty", &[]));
    }
    Document {
        lang: lang.code().to_owned(),
        orientation: Orientation::Landscape,
        title: vec![tr(lang, "doc-journal-title", &[])],
        subtitle: vec![
            tr(lang, "doc-extract-period", &[("from", &from), ("to", &to)]),
            tr(lang, "doc-rules", &[("rules", &rules_text)]),
            tr(
                lang,
                "doc-generated",
                &[("at", &to_astana_display(opts.produced_at))],
            ),
        ]
        .into_iter()
        .chain(chain_head_line(opts.chain_head.as_deref(), lang))
        .collect(),
        body,
        table: Table {
            columns: COLUMNS
                .iter()
                .map(|(id, weight)| Column {
                    header: tr(lang, id, &[]),
                    weight: *weight,
                })
                .collect(),
            rows: selected
                .iter()
                .enumerate()
                .map(|(i, r)| journal_cells(i + 1, r, lang))
                .collect(),
        },
        after_table,
        signatures: vec![SignatureBlock {
            role: tr(lang, "doc-signature-role", &[]),
            signature_label: tr(lang, "doc-signature-sign", &[]),
            name_label: tr(lang, "doc-signature-name", &[]),
            name: opts.responsible.clone(),
        }],
        footnotes: vec![tr(lang, "doc-abbreviations", &[])],
        page_footer: tr(
            lang,
            "doc-page-of",
            &[("page", "{page}"), ("pages", "{pages}")],
        ),
    }
}
