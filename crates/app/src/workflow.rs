//! The contact centre's day as services: triage, actions, links, attachments, the live
//! obligations of an appeal, journal pages, the audit check and the daily analysis.
//!
//! Obligations come from the rules engine through its published contract
//! (`shared/specs/deadlines.md` §3): the appeal and its events are turned into that JSON
//! scenario and the answer is read back, so the journal and `desk deadlines` can never
//! compute different instants.

use std::path::Path;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::{ASTANA, to_astana_display};
use desk_journal::{
    Action, ActionForm, AppealRow, EventKind, Field, FieldError, JournalQuery, Problem, Source,
    Status, TriageForm,
};
use desk_store::{AuditCheck, EventRow};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Desk};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ObligationState {
    Met,
    Late,
    Pending,
}

/// One regulatory duty of an appeal with its clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Obligation {
    /// `register`, `send_incident_id`, … (deadlines.md §3).
    pub id: String,
    /// The clause it comes from, e.g. `002 §29`.
    pub clause: String,
    /// `WT`, `CT`, `WD` or `NWD`.
    pub clock: String,
    pub due: DateTime<Utc>,
    pub due_astana: String,
    pub state: ObligationState,
    pub met_at: Option<DateTime<Utc>>,
    /// The event that meets it: what the "done" button records.
    pub met_by: Option<EventKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventView {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub at_astana: String,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub at_astana: String,
    pub actor: String,
    pub action: String,
    /// `field: old → new` pairs, one per line.
    pub changes: String,
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
    pub events: Vec<EventView>,
    pub history: Vec<HistoryEntry>,
    pub attachments: Vec<AttachmentView>,
    /// Information was requested and has not arrived: the fix clock stands still (002 §38).
    pub paused: bool,
    /// The latest `desk extensions` answer attached to this failure (JSON text), if any.
    pub extensions: Option<String>,
    pub extensions_at_astana: Option<String>,
}

/// A procurement procedure affected by a failure, as the specialist enters it
/// (deadlines.md §4 `procedures[]`; the deadline in Astana time, `DD.MM.YYYY HH:MM`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProcedureInput {
    pub id: String,
    /// acceptance_end, acceptance_start, auction_trading, contract_signing, complaint, discussion, tariff_end.
    pub kind: String,
    /// For acceptance: tender, auction, price_request, housing, one_source.
    pub method: String,
    pub deadline: String,
    pub announcement: String,
    pub lots: String,
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
    /// Obligation ids past their due instant and not met.
    pub overdue: Vec<String>,
}

fn rfc3339_astana(t: DateTime<Utc>) -> String {
    t.with_timezone(&ASTANA)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The event that meets each obligation (deadlines.md §3, column "met by").
fn met_by(obligation: &str) -> Option<EventKind> {
    Some(match obligation {
        "register" => EventKind::Registered,
        "send_incident_id" => EventKind::IdSent,
        "analyze" => EventKind::Confirmed,
        "notify_refutation" => EventKind::RefutationNotified,
        "notify_criticality" => EventKind::CriticalityNotified,
        "post_homepage" => EventKind::HomepagePosted,
        "notify_participants" => EventKind::ParticipantsNotified,
        "inform_authority" => EventKind::AuthorityInformed,
        "report_authority" => EventKind::AuthorityReported,
        "fix" => EventKind::Fixed,
        _ => return None,
    })
}

/// The channel code of the deadlines contract: sources other than a user's appeal are
/// channels there (`monitoring`, `tool`, `system_log`).
fn scenario_channel(row: &AppealRow) -> &'static str {
    match row.source {
        Source::UserAppeal => row.channel.code(),
        Source::MonitoringSpecialist => "monitoring",
        Source::MonitoringTool => "tool",
        Source::SystemLog => "system_log",
    }
}

/// The `desk deadlines` scenario of an appeal (deadlines.md §3).
pub fn scenario(
    row: &AppealRow,
    events: &[EventRow],
    first_registered_at: Option<DateTime<Utc>>,
) -> serde_json::Value {
    let events: Vec<serde_json::Value> = events
        .iter()
        .filter(|e| e.kind.drives_clocks())
        .map(|e| {
            let mut v = serde_json::json!({ "kind": e.kind.code(), "at": rfc3339_astana(e.at) });
            if let Some(c) = &e.confirmation {
                v["criticality"] = c.criticality.code().into();
                v["operator_fault"] = c.operator_fault.into();
            }
            v
        })
        .collect();
    serde_json::json!({
        "rules": row.rule_set.code(),
        "round_the_clock": false,
        "calendar": { "holidays": [], "working_days": [] },
        "appeal": {
            "channel": scenario_channel(row),
            "received_at": rfc3339_astana(row.received_at),
            "first_registered_at": first_registered_at.map(rfc3339_astana),
        },
        "events": events,
    })
}

#[derive(Deserialize)]
struct RulesAnswer {
    obligations: Vec<RulesObligation>,
}

#[derive(Deserialize)]
struct RulesObligation {
    id: String,
    clause: String,
    clock: String,
    due: String,
    state: String,
    met_at: Option<String>,
}

fn instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Asks the rules engine for the obligations of a scenario. An answer it cannot give
/// (a rule set it does not know yet) leaves the list empty rather than failing the page.
pub fn obligations(scenario: &serde_json::Value) -> Vec<Obligation> {
    let answer = match desk_rules::deadlines_command(&scenario.to_string()) {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e.message(Lang::En), "no obligations computed");
            return Vec::new();
        }
    };
    let Ok(answer) = serde_json::from_str::<RulesAnswer>(&answer) else {
        tracing::error!("the rules engine answered in an unexpected shape");
        return Vec::new();
    };
    answer
        .obligations
        .into_iter()
        .filter_map(|o| {
            let due = instant(&o.due)?;
            let state = match o.state.as_str() {
                "met" => ObligationState::Met,
                "late" => ObligationState::Late,
                _ => ObligationState::Pending,
            };
            Some(Obligation {
                met_by: met_by(&o.id),
                id: o.id,
                clause: o.clause,
                clock: o.clock,
                due,
                due_astana: to_astana_display(due),
                state,
                met_at: o.met_at.as_deref().and_then(instant),
            })
        })
        .collect()
}

/// The earliest due instant of a pending obligation: what the journal's "next due"
/// column and overdue filter show. The store calls it inside each write.
pub(crate) fn next_due(
    row: &AppealRow,
    events: &[EventRow],
    first_registered_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    obligations(&scenario(row, events, first_registered_at))
        .iter()
        .filter(|o| o.state == ObligationState::Pending)
        .map(|o| o.due)
        .min()
}

fn paused(events: &[EventRow]) -> bool {
    let mut open = false;
    for e in events {
        match e.kind {
            EventKind::InfoRequested => open = true,
            EventKind::InfoReceived => open = false,
            _ => {}
        }
    }
    open
}

/// `field: old → new` lines in the user's language: field names translated, instants
/// in Astana time.
fn describe_changes(changes: &serde_json::Value, lang: Lang) -> String {
    // Coded values read as their labels; instants in Astana time.
    let show = |key: &str, v: &serde_json::Value| -> String {
        let label = |s: &str| -> Option<String> {
            match key {
                "channel" => desk_journal::Channel::from_code(s).map(|c| c.label(lang)),
                "source" => Source::from_code(s).map(|c| c.label(lang)),
                "criticality" => desk_journal::Criticality::from_code(s).map(|c| c.label(lang)),
                "failure_type" => desk_journal::FailureType::from_code(s).map(|c| c.label(lang)),
                "event" | "analysis" => EventKind::from_code(s).map(|c| c.label(lang)),
                "rule_set" => desk_journal::RuleSet::from_code(s).map(|c| c.label(lang)),
                "role" => desk_journal::Role::from_code(s).map(|c| c.label(lang)),
                _ => None,
            }
        };
        match v {
            serde_json::Value::Null => "—".to_owned(),
            serde_json::Value::Bool(b) => tr(lang, if *b { "yes" } else { "no" }, &[]),
            serde_json::Value::String(s) => label(s)
                .or_else(|| instant(s).map(to_astana_display))
                .unwrap_or_else(|| s.clone()),
            other => other.to_string(),
        }
    };
    let name = |k: &str| match k {
        "replaces" => tr(lang, "field-replaces", &[]),
        "number" => tr(lang, "col-number", &[]),
        "at" => tr(lang, "field-event_at", &[]),
        _ => Field::from_code(k).map_or_else(|| k.to_owned(), |f| f.label(lang)),
    };
    changes
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| match v.as_array().map(Vec::as_slice) {
                    Some([serde_json::Value::Null, new]) => {
                        format!("{}: {}", name(k), show(k, new))
                    }
                    Some([old, new]) => format!("{}: {} → {}", name(k), show(k, old), show(k, new)),
                    _ => format!("{}: {}", name(k), show(k, v)),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

impl Desk {
    fn row(&self, appeal_id: &str) -> Result<AppealRow, AppError> {
        self.store
            .appeal(appeal_id)?
            .ok_or_else(|| AppError::Store(desk_store::StoreError::NotFound(appeal_id.to_owned())))
    }

    fn compute(&self, row: &AppealRow) -> Result<(Vec<Obligation>, Vec<EventRow>), AppError> {
        let id = row.id.to_string();
        let events = self.store.events(&id)?;
        let first = self.store.first_registered_at(&id)?;
        Ok((obligations(&scenario(row, &events, first)), events))
    }

    pub fn appeal_detail(&self, appeal_id: &str) -> Result<AppealDetail, AppError> {
        let lang = self.language();
        let row = self.row(appeal_id)?;
        let (obligations, events) = self.compute(&row)?;
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
        let extensions = self.store.latest_extensions(appeal_id)?;
        Ok(AppealDetail {
            extensions_at_astana: extensions.as_ref().map(|(t, _)| to_astana_display(*t)),
            extensions: extensions.map(|(_, out)| out),
            paused: paused(&events),
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
            obligations,
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
            .validate(now, row.received_at, paused(&events))
            .map_err(AppError::Invalid)?;
        // Closing is a decision about the appeal, not a routine action.
        if valid.kind == EventKind::Closed {
            self.require(Action::Triage)?;
        }
        self.store
            .record_event(appeal_id, valid.kind, valid.at, &self.actor, now)?;
        self.appeal_detail(appeal_id)
    }

    /// Computes how the affected procurements' deadlines move after this confirmed
    /// failure (deadlines.md §4) and attaches the answer to the appeal. The failure comes
    /// from the journal: criticality and operator fault from the triage, the start from
    /// when the user detected it (else the receipt), the end from the `fixed` event.
    pub fn compute_extensions(
        &mut self,
        appeal_id: &str,
        procedures: &[ProcedureInput],
    ) -> Result<AppealDetail, AppError> {
        self.require(Action::Triage)?;
        let row = self.row(appeal_id)?;
        let events = self.store.events(appeal_id)?;
        let at = |k: EventKind| {
            events
                .iter()
                .find(|e| e.kind == k)
                .map(|e| rfc3339_astana(e.at))
        };
        let mut c = desk_journal::Checker::default();
        let criticality = row.criticality.map(|c| c.code());
        if criticality.is_none() {
            c.fail(Field::Criticality, Problem::CriticalityRequired);
        }
        let fixed_at = at(EventKind::Fixed);
        if fixed_at.is_none() {
            // The outage is measured up to the fix (deadlines.md §4): nothing to compute yet.
            c.fail(
                Field::Event,
                Problem::UnknownValue(tr(self.language(), "ext-ui-not-fixed", &[])),
            );
        }
        let procs: Vec<serde_json::Value> = procedures
            .iter()
            .map(|p| {
                let deadline = desk_journal::time::parse_astana(&p.deadline)
                    .map(rfc3339_astana)
                    .unwrap_or_else(|| p.deadline.trim().to_owned());
                let mut v = serde_json::json!({ "id": p.id.trim(), "kind": p.kind.trim(), "deadline": deadline });
                if !p.method.trim().is_empty() {
                    v["method"] = p.method.trim().into();
                }
                if !p.announcement.trim().is_empty() {
                    v["announcement"] = p.announcement.trim().into();
                }
                if !p.lots.trim().is_empty() {
                    v["lots"] = p.lots.trim().into();
                }
                v
            })
            .collect();
        if !c.errors.is_empty() {
            return Err(AppError::Invalid(c.errors));
        }
        let input = serde_json::json!({
            "rules": row.rule_set.code(),
            "failure": {
                "criticality": criticality,
                "started_at": rfc3339_astana(row.detected_at.unwrap_or(row.received_at)),
                "confirmed_at": at(EventKind::Confirmed),
                "fixed_at": fixed_at,
                "operator_fault": row.operator_fault.unwrap_or(false),
                "decryption_impossible": false,
            },
            "procedures": procs,
        })
        .to_string();
        let output = desk_rules::extensions_command(&input, self.language())
            .map_err(AppError::Calculator)?;
        self.store
            .save_extensions(appeal_id, &input, &output, &self.actor, Utc::now())?;
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

    /// Walks the audit hash chain.
    pub fn verify(&self) -> Result<AuditCheck, AppError> {
        Ok(self.store.verify_audit()?)
    }

    /// The audit check for the supervisor's screen, in the user's language.
    pub fn audit_status(&self) -> Result<AuditStatus, AppError> {
        let check = self.verify()?;
        Ok(AuditStatus {
            intact: check.broken.is_none(),
            message: Desk::verify_message(&check, self.language()),
        })
    }

    pub fn verify_message(check: &AuditCheck, lang: Lang) -> String {
        match &check.broken {
            None => tr(lang, "verify-ok", &[("count", &check.checked.to_string())]),
            Some((seq, reason)) => tr(
                lang,
                "verify-broken",
                &[("seq", &seq.to_string()), ("reason", reason)],
            ),
        }
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
                let (obligations, _) = self.compute(row)?;
                appeals.push(DailyRow {
                    number: row.number.clone(),
                    organisation: row.organisation.clone(),
                    status: row.status,
                    criticality: row.criticality,
                    overdue: obligations
                        .iter()
                        .filter(|o| o.state == ObligationState::Pending && o.due < now)
                        .map(|o| o.id.clone())
                        .collect(),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use desk_journal::{Channel, Criticality, RuleSet};

    fn row() -> AppealRow {
        let t = desk_journal::time::parse_astana("10.03.2026 13:10").unwrap();
        AppealRow {
            id: uuid::Uuid::nil(),
            number: "AST1-2026-000001".into(),
            organisation: "А".into(),
            bin_iin: "971240001315".into(),
            received_at: t,
            received_at_astana: String::new(),
            contact: String::new(),
            decision: None,
            failure_type: None,
            recommendations: None,
            channel: Channel::Email,
            description: String::new(),
            source: Source::MonitoringTool,
            contact_person: String::new(),
            email: String::new(),
            phone: String::new(),
            detected_at: None,
            portal_module: String::new(),
            announcements: String::new(),
            lots: String::new(),
            procurement_method: String::new(),
            rule_set: RuleSet::Quasi1216,
            linked_to: None,
            status: Status::Confirmed,
            criticality: Some(Criticality::Medium),
            operator_fault: Some(true),
            supporting_info: None,
            next_due: None,
            version_id: uuid::Uuid::nil(),
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn the_scenario_follows_the_deadlines_contract() {
        let r = row();
        let at = |s: &str| desk_journal::time::parse_astana(s).unwrap();
        let events = vec![
            EventRow {
                id: uuid::Uuid::nil(),
                kind: EventKind::Registered,
                at: at("10.03.2026 14:40"),
                recorded_at: at("10.03.2026 14:40"),
                author: "op".into(),
                confirmation: None,
            },
            EventRow {
                id: uuid::Uuid::nil(),
                kind: EventKind::Confirmed,
                at: at("10.03.2026 15:30"),
                recorded_at: at("10.03.2026 15:30"),
                author: "sp".into(),
                confirmation: Some(desk_store::Confirmation {
                    criticality: Criticality::Medium,
                    operator_fault: true,
                    failure_type: None,
                }),
            },
            EventRow {
                id: uuid::Uuid::nil(),
                kind: EventKind::Closed,
                at: at("11.03.2026 15:30"),
                recorded_at: at("11.03.2026 15:30"),
                author: "sp".into(),
                confirmation: None,
            },
        ];
        let s = scenario(&r, &events, Some(at("09.03.2026 10:00")));
        assert_eq!(
            s,
            serde_json::json!({
                "rules": "QUASI-1216",
                "round_the_clock": false,
                "calendar": {"holidays": [], "working_days": []},
                "appeal": {"channel": "tool", "received_at": "2026-03-10T13:10:00+05:00",
                           "first_registered_at": "2026-03-09T10:00:00+05:00"},
                "events": [
                    {"kind": "registered", "at": "2026-03-10T14:40:00+05:00"},
                    {"kind": "confirmed", "at": "2026-03-10T15:30:00+05:00", "criticality": "medium", "operator_fault": true}
                ]
            })
        );
    }

    #[test]
    fn history_reads_as_old_to_new_in_the_users_language() {
        let c = serde_json::json!({
            "received_at": [null, "2026-11-26T05:15:00.000000Z"],
            "decision": ["a", "b"],
            "analysis": [null, "confirmed"]
        });
        assert_eq!(
            describe_changes(&c, Lang::Ru),
            "Результат анализа: Сбой подтверждён\nПринятое решение: a → b\nДата и время поступления (время Астаны): 26.11.2026 10:15"
        );
    }
}
