//! The contact centre's day as services: the appeal page, triage, actions, links,
//! attachments, journal pages, the audit check and the daily analysis. The clocks come
//! from [`crate::clocks`], the extension calculator from [`crate::extensions`].

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use desk_i18n::tr;
use desk_journal::time::{ASTANA, to_astana_display};
use desk_journal::{
    Action, ActionForm, AppealRow, EventKind, Field, FieldError, JournalQuery, Problem, Status,
    TriageForm,
};
use desk_rules::extensions::Answer as ExtensionAnswer;
use desk_store::EventRow;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clocks::{self, CLOCKS_REFUSED, Obligation, ObligationState};
use crate::history::{HistoryEntry, describe_changes};
use crate::{AppError, Desk};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventView {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub at_astana: String,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttachmentView {
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub parts: u32,
}

/// Everything the appeal page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppealDetail {
    pub appeal: AppealRow,
    pub obligations: Vec<Obligation>,
    /// Why the rules refused this appeal's history, in the user's language; the
    /// obligations are then unknown, not absent, and the journal keeps the appeal due.
    pub clocks_error: Option<String>,
    pub events: Vec<EventView>,
    pub history: Vec<HistoryEntry>,
    pub attachments: Vec<AttachmentView>,
    /// Information was requested and has not arrived: the fix clock stands still (002 §38).
    pub paused: bool,
    /// The latest extension calculation attached to this failure, if any.
    pub extensions: Option<ExtensionAnswer>,
    pub extensions_at_astana: Option<String>,
}

/// The audit chain's verdict for the supervisor's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditStatus {
    pub intact: bool,
    pub message: String,
}

/// The daily analysis of the previous day's failures (002 §43, 000 §33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DailyReport {
    pub date: String,
    pub appeals: Vec<DailyRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DailyRow {
    pub number: String,
    pub organisation: String,
    pub status: Status,
    pub criticality: Option<desk_journal::Criticality>,
    /// Obligation ids past their due instant and not met; `clocks_refused` when the
    /// rules refused the appeal's history.
    pub overdue: Vec<String>,
}

impl Desk {
    pub(crate) fn row(&self, appeal_id: &str) -> Result<AppealRow, AppError> {
        self.store
            .appeal(appeal_id)?
            .ok_or_else(|| AppError::Store(desk_store::StoreError::NotFound(appeal_id.to_owned())))
    }

    fn compute(&self, row: &AppealRow) -> Result<(clocks::Clocks, Vec<EventRow>), AppError> {
        let id = row.id.to_string();
        let events = self.store.events(&id)?;
        let first = self.store.first_registered_at(&id)?;
        Ok((clocks::compute(row, &events, first), events))
    }

    pub fn appeal_detail(&self, appeal_id: &str) -> Result<AppealDetail, AppError> {
        let lang = self.language();
        let row = self.row(appeal_id)?;
        let (clocks, events) = self.compute(&row)?;
        let clocks_error = clocks
            .refused
            .as_ref()
            .map(|e| clocks::refusal_message(e, &row, &events, lang));
        let history = self
            .store
            .history(appeal_id)?
            .into_iter()
            .map(|h| HistoryEntry {
                at_astana: to_astana_display(h.at),
                actor: h.actor,
                action: tr(lang, &format!("history-{}", h.action), &[]),
                changes: describe_changes(&h.changes, lang),
            })
            .collect();
        let attachments = self
            .store
            .attachments(appeal_id)?
            .into_iter()
            .map(|a| AttachmentView {
                name: a.name,
                size: a.size,
                sha256: a.sha256,
                parts: a.parts,
            })
            .collect();
        let extensions = self.latest_extensions(appeal_id)?;
        Ok(AppealDetail {
            extensions_at_astana: extensions.as_ref().map(|(t, _)| to_astana_display(*t)),
            extensions: extensions.map(|(_, answer)| answer),
            paused: clocks::paused(&events),
            events: events
                .iter()
                .map(|e| EventView {
                    kind: e.kind,
                    at: e.at,
                    at_astana: to_astana_display(e.at),
                    author: e.author.clone(),
                })
                .collect(),
            appeal: row,
            obligations: clocks.obligations,
            clocks_error,
            history,
            attachments,
        })
    }

    /// The appeal page by incident number (CLI).
    pub fn appeal_by_number(&self, number: &str) -> Result<AppealDetail, AppError> {
        let row = self.store.appeal_by_number(number)?;
        self.appeal_detail(&row.id.to_string())
    }

    pub fn triage(&mut self, appeal_id: &str, form: &TriageForm) -> Result<AppealDetail, AppError> {
        self.require(Action::Triage)?;
        let row = self.row(appeal_id)?;
        let now = Utc::now();
        let valid = form
            .validate(now, row.received_at)
            .map_err(AppError::Invalid)?;
        self.store.triage(appeal_id, &valid, &self.actor, now)?;
        self.appeal_detail(appeal_id)
    }

    pub fn record_action(
        &mut self,
        appeal_id: &str,
        form: &ActionForm,
    ) -> Result<AppealDetail, AppError> {
        self.require(Action::RecordAction)?;
        let row = self.row(appeal_id)?;
        let events = self.store.events(appeal_id)?;
        let now = Utc::now();
        let valid = form
            .validate(now, row.received_at, clocks::paused(&events))
            .map_err(AppError::Invalid)?;
        // Closing is a decision about the appeal, not a routine action.
        if valid.kind == EventKind::Closed {
            self.require(Action::Triage)?;
        }
        self.store
            .record_event(appeal_id, valid.kind, valid.at, &self.actor, now)?;
        self.appeal_detail(appeal_id)
    }

    /// A supervisor's correction of one field (a new version naming what it replaces).
    pub fn correct(
        &mut self,
        appeal_id: &str,
        form: &desk_journal::CorrectionForm,
    ) -> Result<AppealDetail, AppError> {
        self.require(Action::Correct)?;
        self.row(appeal_id)?;
        let valid = form.validate(Utc::now()).map_err(AppError::Invalid)?;
        self.store
            .correct(appeal_id, &valid, &self.actor, Utc::now())?;
        self.appeal_detail(appeal_id)
    }

    pub fn link(
        &mut self,
        appeal_id: &str,
        problem_number: &str,
    ) -> Result<AppealDetail, AppError> {
        self.require(Action::Link)?;
        let number = problem_number.trim().to_uppercase();
        if number.is_empty() {
            return Err(FieldError::new(Field::LinkedTo, Problem::Required).into());
        }
        self.store
            .link(appeal_id, &number, &self.actor, Utc::now())?;
        self.appeal_detail(appeal_id)
    }

    pub fn attach(&mut self, appeal_id: &str, file: &Path) -> Result<AppealDetail, AppError> {
        self.require(Action::RecordAction)?;
        self.row(appeal_id)?;
        self.store
            .attach(appeal_id, file, &self.actor, Utc::now())?;
        self.appeal_detail(appeal_id)
    }

    /// One journal page.
    pub fn list(&self, query: &JournalQuery) -> Result<Vec<AppealRow>, AppError> {
        let q = query.validate().map_err(AppError::Invalid)?;
        Ok(self.store.list(&q, Utc::now())?)
    }

    /// Appeals with an obligation due within `minutes` from now, for the desktop alert.
    pub fn due_soon(&self, minutes: i64) -> Result<Vec<AppealRow>, AppError> {
        let now = Utc::now();
        Ok(self
            .store
            .due_between(now, now + Duration::minutes(minutes))?)
    }

    /// The daily analysis (002 §43): the appeals received on `date` (Astana), their
    /// state and what is overdue now. An empty date means yesterday.
    pub fn daily_report(&self, date: &str) -> Result<DailyReport, AppError> {
        let day = if date.trim().is_empty() {
            (Utc::now().with_timezone(&ASTANA) - Duration::days(1)).date_naive()
        } else {
            desk_journal::query::parse_day(date).ok_or_else(|| {
                AppError::from(FieldError::new(Field::Date, Problem::DateTimeFormat))
            })?
        };
        let iso = day.format("%Y-%m-%d").to_string();
        let now = Utc::now();
        let mut appeals = Vec::new();
        let mut offset = 0;
        loop {
            let q = JournalQuery {
                from: iso.clone(),
                to: iso.clone(),
                oldest_first: true,
                offset,
                limit: 500,
                ..Default::default()
            };
            let page = self.list(&q)?;
            for row in &page {
                let (clocks, _) = self.compute(row)?;
                let overdue = if clocks.refused.is_some() {
                    vec![CLOCKS_REFUSED.to_owned()]
                } else {
                    clocks
                        .obligations
                        .iter()
                        .filter(|o| {
                            o.state == ObligationState::Pending && o.due.is_some_and(|d| d < now)
                        })
                        .map(|o| o.id.clone())
                        .collect()
                };
                appeals.push(DailyRow {
                    number: row.number.clone(),
                    organisation: row.organisation.clone(),
                    status: row.status,
                    criticality: row.criticality,
                    overdue,
                });
            }
            if page.len() < 500 {
                break;
            }
            offset += 500;
        }
        Ok(DailyReport {
            date: day.format("%d.%m.%Y").to_string(),
            appeals,
        })
    }
}
