//! The daily analysis (002 §43, 000 §33) and the yearly report to the authorised body
//! (002 §44, 000 §34) as PDF: the figures are computed here, from the journal and the
//! obligations the rules engine computes for each appeal; `desk_docs::report` words them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use desk_docs::journal::{Period, rows_in_period};
use desk_docs::report::{
    DailyAnalysis, DailyCounts, DailyLine, SlaLine, YearlyOptions, YearlyStats, daily_analysis,
    yearly_report,
};
pub use desk_docs::report::{YearlyTexts, obligation_label};
use desk_i18n::{Lang, tr};

use desk_journal::time::ASTANA;
use desk_journal::{Action, Criticality, FailureType, Field, FieldError, Problem};

use crate::clocks::ObligationState;
use crate::documents::{DocumentError, DocumentFile, write_atomically};
use crate::{AppError, Desk};

/// The period a yearly report covers: a year (`2026`), or `from`/`to` days when given.
pub fn report_period(year: &str, from: &str, to: &str) -> Result<(Period, String), AppError> {
    if !from.trim().is_empty() || !to.trim().is_empty() {
        let period = Period::parse(from, to).map_err(DocumentError::from)?;
        let (f, t) = period.display();
        return Ok((period, format!("{f} – {t}")));
    }
    let bad = || AppError::from(FieldError::new(Field::Date, Problem::DateTimeFormat));
    let y: i32 = year.trim().parse().map_err(|_| bad())?;
    if !(2000..=2100).contains(&y) {
        return Err(bad());
    }
    let from = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
    let to = NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(bad)?;
    Ok((Period { from, to }, y.to_string()))
}

/// The obligations' due instants in `period` (Astana days), as the SLA figures count them.
fn due_in(period: &Period, due: DateTime<Utc>) -> bool {
    period.contains(due)
}

impl Desk {
    /// The daily analysis of `date` (empty: yesterday) as a PDF.
    pub fn daily_report_bytes(
        &self,
        date: &str,
        lang: Lang,
        responsible: Option<String>,
    ) -> Result<(Vec<u8>, usize), AppError> {
        self.permit(Action::ProduceDocuments)?;
        let report = self.daily_report(date)?;
        let line = |a: &crate::DailyRow| DailyLine {
            number: a.number.clone(),
            organisation: a.organisation.clone(),
            status: a.status,
            criticality: a.criticality,
            overdue: a.overdue.clone(),
        };
        let lines: Vec<DailyLine> = report.appeals.iter().map(line).collect();
        let refuted: Vec<String> = report.refuted.iter().map(|a| a.number.clone()).collect();
        let t = report.totals;
        let day = DailyAnalysis {
            date: &report.date,
            lines: &lines,
            refuted: &refuted,
            counts: DailyCounts {
                received: t.received,
                confirmed: t.confirmed,
                fixed: t.fixed,
                open: t.open,
                overdue: t.overdue,
            },
        };
        let head = self.chain_head()?;
        let doc = daily_analysis(&day, lang, responsible, Utc::now(), Some(&head));
        let bytes = desk_docs::pdf::render(&doc).map_err(DocumentError::from)?;
        Ok((bytes, lines.len()))
    }

    /// The yearly figures for `period`: appeals received in it by failure type and
    /// criticality; per obligation id, met on time over all with a due instant in it.
    pub fn yearly_stats(&self, period: Period) -> Result<YearlyStats, AppError> {
        self.permit(Action::ProduceDocuments)?;
        let rows = self.journal()?;
        let received = rows_in_period(&rows, &period, None);
        let mut by_type: Vec<(Option<FailureType>, usize)> = FailureType::ALL
            .iter()
            .map(|t| (Some(*t), 0))
            .chain([(None, 0)])
            .collect();
        let mut by_criticality: Vec<(Option<Criticality>, usize)> = Criticality::ALL
            .iter()
            .map(|c| (Some(*c), 0))
            .chain([(None, 0)])
            .collect();
        for r in &received {
            if let Some(e) = by_type.iter_mut().find(|(t, _)| *t == r.failure_type) {
                e.1 += 1;
            }
            if let Some(e) = by_criticality.iter_mut().find(|(c, _)| *c == r.criticality) {
                e.1 += 1;
            }
        }
        by_type.retain(|(_, n)| *n > 0);
        by_criticality.retain(|(_, n)| *n > 0);

        // Obligation ids in the order they first appear (the rules engine's order).
        let mut order: Vec<String> = Vec::new();
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        // An obligation still open whose due instant has not come cannot be judged yet:
        // it is left out until it is met or its time runs out.
        let now = Utc::now();
        // Every due instant follows the receipt: an appeal received after the period has
        // none in it, and its clocks are not computed.
        let received_by_end = |row: &desk_journal::AppealRow| {
            row.received_at.with_timezone(&ASTANA).date_naive() <= period.to
        };
        for row in rows.iter().filter(|r| received_by_end(r)) {
            let detail = self.appeal_detail(&row.id.to_string())?;
            // A paused fix and a superseded duty are not judged (deadlines.md §3.8–3.9).
            let judged = detail.obligations.iter().filter_map(|o| {
                let due = o.due?;
                let judged = match o.state {
                    ObligationState::Met | ObligationState::Late => true,
                    ObligationState::Pending => due <= now,
                    ObligationState::Paused | ObligationState::Superseded => false,
                };
                (judged && due_in(&period, due)).then_some((o, due))
            });
            for (o, due) in judged {
                if !counts.contains_key(&o.id) {
                    order.push(o.id.clone());
                }
                let e = counts.entry(o.id.clone()).or_insert((0, 0));
                e.1 += 1;
                let on_time = o.state == ObligationState::Met && o.met_at.is_none_or(|m| m <= due);
                if on_time {
                    e.0 += 1;
                }
            }
        }
        let sla = order
            .into_iter()
            .map(|id| {
                let (met_on_time, all) = counts.get(&id).copied().unwrap_or((0, 0));
                SlaLine {
                    id,
                    met_on_time,
                    all,
                }
            })
            .collect();
        Ok(YearlyStats {
            period,
            total: received.len(),
            by_type,
            by_criticality,
            sla,
        })
    }

    /// The yearly report to the authorised body as PDF, with its figures.
    pub fn yearly_report_bytes(
        &self,
        year: &str,
        from: &str,
        to: &str,
        lang: Lang,
        texts: YearlyTexts,
        responsible: Option<String>,
    ) -> Result<(Vec<u8>, YearlyStats), AppError> {
        self.permit(Action::ProduceDocuments)?;
        let (period, title_period) = report_period(year, from, to)?;
        let stats = self.yearly_stats(period)?;
        let rows = self.journal()?;
        let opts = YearlyOptions {
            lang,
            title_period,
            texts,
            responsible,
            produced_at: Utc::now(),
        };
        let doc = yearly_report(&stats, &rows, &opts);
        let bytes = desk_docs::pdf::render(&doc).map_err(DocumentError::from)?;
        Ok((bytes, stats))
    }

    /// The yearly report written into [`Desk::documents_dir`] (the window's button).
    pub fn yearly_report_pdf(&self, year: &str, lang: Lang) -> Result<DocumentFile, AppError> {
        let (bytes, _) =
            self.yearly_report_bytes(year, "", "", lang, YearlyTexts::default(), None)?;
        let path: PathBuf =
            self.documents_dir()
                .join(format!("report-yearly-{}-{}.pdf", year.trim(), lang.code()));
        write_atomically(&path, &bytes)?;
        let file = path.display().to_string();
        Ok(DocumentFile {
            message: tr(lang, "doc-report-written", &[("file", &file)]),
            path: file,
        })
    }
}
