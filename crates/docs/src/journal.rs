//! The Journal extract in the official form (002, Appendix): № · organisation · BIN/IIN ·
//! date and time · contact data · decision · failure type · recommendations, for a period,
//! with the responsible person's signature block.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::AppealRow;
use desk_journal::time::{ASTANA, to_astana_display};

use crate::DocError;
use crate::model::{Column, Document, Orientation, SignatureBlock, Table};

/// The rules an extract is made under: they name the form's legal basis in the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSet {
    Quasi1216,
    Gz627,
    Energy366,
}

impl RuleSet {
    pub const ALL: [RuleSet; 3] = [RuleSet::Quasi1216, RuleSet::Gz627, RuleSet::Energy366];

    /// The codes the rules engine and the CLI use (DIGEST §2).
    pub fn code(self) -> &'static str {
        match self {
            RuleSet::Quasi1216 => "QUASI-1216",
            RuleSet::Gz627 => "GZ-627",
            RuleSet::Energy366 => "ENERGY-366",
        }
    }

    pub fn parse(code: &str) -> Result<RuleSet, DocError> {
        RuleSet::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(code.trim()))
            .ok_or_else(|| DocError::UnknownRules(code.to_owned()))
    }

    pub fn title(self, lang: Lang) -> String {
        let id = format!("doc-rules-{}", self.code().to_ascii_lowercase());
        tr(lang, &id, &[])
    }
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

/// The rows of the period in the order they were received: an extract reads as a log,
/// unlike the screen, which shows the newest first.
pub fn rows_in_period<'a>(rows: &'a [AppealRow], period: &Period) -> Vec<&'a AppealRow> {
    let mut selected: Vec<&AppealRow> = rows
        .iter()
        .filter(|r| period.contains(r.received_at))
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
    pub rules: RuleSet,
    /// The responsible person's full name, if known; a blank line to write it in otherwise.
    pub responsible: Option<String>,
    pub produced_at: DateTime<Utc>,
}

/// The official columns (002 Appendix), in the form's order, with relative widths chosen
/// so that free text (decision, recommendations) gets the room.
const COLUMNS: [(&str, f32); 8] = [
    ("doc-col-seq", 1.3),
    ("doc-col-organisation", 2.2),
    ("doc-col-bin-iin", 1.2),
    ("doc-col-received", 1.2),
    ("doc-col-contact", 1.7),
    ("doc-col-decision", 2.4),
    ("doc-col-failure-type", 1.8),
    ("doc-col-recommendations", 2.4),
];

/// The eight cells of one row. № carries the running number and, under it, the
/// incident number, so a printed line can be traced back to the appeal.
pub fn journal_cells(seq: usize, row: &AppealRow) -> Vec<String> {
    vec![
        format!("{seq}\n{}", row.number),
        row.organisation.clone(),
        row.bin_iin.clone(),
        to_astana_display(row.received_at),
        row.contact.clone(),
        row.decision.clone().unwrap_or_default(),
        row.failure_type.clone().unwrap_or_default(),
        row.recommendations.clone().unwrap_or_default(),
    ]
}

/// Column headers of the official form in `lang`.
pub fn journal_headers(lang: Lang) -> Vec<String> {
    COLUMNS.iter().map(|(id, _)| tr(lang, id, &[])).collect()
}

/// Builds the extract for the rows of the period (other rows are left out).
pub fn journal_extract(rows: &[AppealRow], opts: &ExtractOptions) -> Document {
    let lang = opts.lang;
    let selected = rows_in_period(rows, &opts.period);
    let (from, to) = opts.period.display();
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
            tr(lang, "doc-rules", &[("rules", &opts.rules.title(lang))]),
            tr(
                lang,
                "doc-generated",
                &[("at", &to_astana_display(opts.produced_at))],
            ),
        ],
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
                .map(|(i, r)| journal_cells(i + 1, r))
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
