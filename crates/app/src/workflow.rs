//! The contact centre's day as services: the appeal page, triage, actions, links,
//! attachments, journal pages and the audit check (the daily analysis is [`crate::daily`]).
//! The clocks come from [`crate::clocks`], the extension calculator from [`crate::extensions`].

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use desk_i18n::tr;
use desk_journal::time::to_astana_display;
use desk_journal::{
    Action, ActionForm, AppealRow, EventKind, Field, FieldError, JournalQuery, Problem,
    ReclassifyForm, ReopenForm, Status, TriageForm,
};
use desk_rules::extensions::Answer as ExtensionAnswer;
use desk_store::EventRow;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clocks::{self, Obligation, ObligationState};
use crate::history::HistoryEntry;
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
    /// Where the extension form counts the failure from unless told otherwise: when the
    /// user detected it, else the receipt (000 §15.1, 002 §28.1), Astana time.
    pub failure_started_astana: String,
    /// Where the wording in force on the day of receipt is not in the material, what the
    /// clocks were computed on instead (issue 13 item 6), one sentence each.
    pub edition_notes: Vec<String>,
    /// The user reported later than the rule set asks (000 §15.1, 002 §28.1, 001 §6.1:
    /// 1 hour after detection; 004 §25: 3 WD): a flag, never a refusal.
    pub late_report: Option<LateReportView>,
    /// A medium or high level recorded for an ENERGY-366 failure that began out of
    /// working time, which 004 §23.3 calls low by definition: one sentence, a flag.
    pub level_warning: Option<String>,
    /// Which support hours the clocks used (000 §15, 002 §28), one sentence each in the
    /// user's language: the recorded periods covering this appeal, then the rule set's
    /// own hours for the rest.
    pub support_hours: Vec<String>,
    /// The e-mails and posted notices about this appeal, newest first (issue 18): where
    /// each stands, a failed one with the server's answer.
    pub mails: Vec<crate::OutboxEntry>,
}

/// The ETP-CC decision's extension (003 App. 4 §1.5), as the window and the CLI send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ExtendDecisionForm {
    /// The new due, Astana time `DD.MM.YYYY HH:MM`.
    pub until: String,
    /// How and when the user and the unified operator were told.
    pub notice: String,
    /// Astana time; empty: now.
    pub at: String,
}

/// A late user report as the appeal page and `desk journal show` state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LateReportView {
    /// `002 §28.1`, …
    pub clause: String,
    pub due: DateTime<Utc>,
    pub due_astana: String,
    /// One sentence in the user's language naming the clause, the detection and the receipt.
    pub message: String,
}

/// The late-report flag of an appeal, when its `detected_at` shows one.
fn late_report(row: &AppealRow, lang: desk_i18n::Lang) -> Option<LateReportView> {
    let detected = row.detected_at?;
    let late = desk_rules::late_report::late_report(row.rule_set, detected, row.received_at)?;
    let limit = match late.limit {
        desk_rules::late_report::ReportLimit::Hours(h) => {
            tr(lang, "length-h", &[("h", &h.to_string())])
        }
        desk_rules::late_report::ReportLimit::WorkingDays(d) => {
            tr(lang, "late-report-wd", &[("days", &d.to_string())])
        }
    };
    Some(LateReportView {
        clause: late.clause.to_owned(),
        due: late.due,
        due_astana: to_astana_display(late.due),
        message: tr(
            lang,
            "late-report",
            &[
                ("clause", late.clause),
                ("limit", &limit),
                ("detected", &to_astana_display(detected)),
                ("received", &row.received_at_astana),
            ],
        ),
    })
}

/// The 004 §23.3 flag of an appeal (issue 12 item 13), checked against the failure's
/// start: when the user detected it, else the receipt.
fn level_warning(row: &AppealRow, lang: desk_i18n::Lang) -> Option<String> {
    let level = row.criticality?;
    let began = row.detected_at.unwrap_or(row.received_at);
    let clause = desk_rules::level_check::out_of_hours_level(row.rule_set, level, began)?;
    Some(tr(
        lang,
        "level-out-of-hours",
        &[
            ("clause", clause),
            ("level", &level.label(lang)),
            ("began", &to_astana_display(began)),
        ],
    ))
}

/// The audit chain's verdict for the supervisor's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditStatus {
    pub intact: bool,
    pub message: String,
}

impl Desk {
    pub(crate) fn row(&self, appeal_id: &str) -> Result<AppealRow, AppError> {
        self.store
            .appeal(appeal_id)?
            .ok_or_else(|| AppError::Store(desk_store::StoreError::NotFound(appeal_id.to_owned())))
    }

    pub(crate) fn compute(
        &self,
        row: &AppealRow,
    ) -> Result<(clocks::Clocks, Vec<EventRow>), AppError> {
        let id = row.id.to_string();
        let events = self.store.events(&id)?;
        let first = self.store.first_registered_at(&id)?;
        let support = self.support_periods(row)?;
        // 002 §38: a pause on the problem's first appeal reaches this linked report.
        let clocked = clocks::with_problem_pauses(&events, &self.store.problem_pauses(&id)?);
        Ok((clocks::compute(row, &clocked, first, &support), events))
    }

    /// The recorded support hours covering appeals of `row`'s rule set (000 §15, 002 §28).
    pub(crate) fn support_periods(
        &self,
        row: &AppealRow,
    ) -> Result<Vec<desk_rules::clock::SupportPeriod>, AppError> {
        let setting = self.store.setting(desk_store::SUPPORT_HOURS)?;
        Ok(crate::support_hours::periods_for(
            setting.as_deref(),
            row.rule_set,
        ))
    }

    pub fn appeal_detail(&self, appeal_id: &str) -> Result<AppealDetail, AppError> {
        let lang = self.language();
        let row = self.row(appeal_id)?;
        let (mut clocks, events) = self.compute(&row)?;
        clocks::describe(&mut clocks.obligations, lang);
        clocks::by_urgency(&mut clocks.obligations);
        let clocks_error = clocks
            .refused
            .as_ref()
            .map(|e| clocks::refusal_message(e, &row, &events, lang));
        let history = self
            .store
            .history(appeal_id)?
            .into_iter()
            .map(|h| crate::history::entry(&h, lang))
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
        let support = self.store.setting(desk_store::SUPPORT_HOURS)?;
        let support_hours =
            crate::support_hours::applied(support.as_deref(), &row, Utc::now(), lang);
        let mails = self.appeal_mails(appeal_id)?;
        Ok(AppealDetail {
            mails,
            support_hours,
            late_report: late_report(&row, lang),
            level_warning: level_warning(&row, lang),
            extensions_at_astana: extensions.as_ref().map(|(t, _)| to_astana_display(*t)),
            failure_started_astana: to_astana_display(row.detected_at.unwrap_or(row.received_at)),
            edition_notes: crate::editions::notes(row.rule_set, row.received_at, lang),
            extensions: extensions.map(|(_, answer)| answer),
            paused: clocks::paused(&clocks::with_problem_pauses(
                &events,
                &self.store.problem_pauses(appeal_id)?,
            )),
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
        // 002 §32, §35.1: the refutation or the level and planned fix, queued with the
        // analysis itself.
        let mail = self.event_mail(&row, valid.analysis)?;
        self.store
            .triage_with_mail(appeal_id, &valid, mail, &self.actor, now)?;
        self.appeal_detail(appeal_id)
    }

    /// A specialist changes a confirmed failure's level, and optionally its type, with a
    /// reason (002 §35.1, §36.1–2, §37.3, 000 §26.3): the new level's duties run from the
    /// reclassification, met ones stay, unmet ones of the old level are superseded.
    pub fn reclassify(
        &mut self,
        appeal_id: &str,
        form: &ReclassifyForm,
    ) -> Result<AppealDetail, AppError> {
        self.require(Action::Triage)?;
        let row = self.row(appeal_id)?;
        let now = Utc::now();
        let valid = form
            .validate(now, row.received_at)
            .map_err(AppError::Invalid)?;
        self.store.reclassify(appeal_id, &valid, &self.actor, now)?;
        self.appeal_detail(appeal_id)
    }

    /// Extends the ETP-CC decision's 3 WD (003 App. 4 §1.5) to `form.until`, with the
    /// notice to the user and the unified operator: by at most 15 calendar days after the
    /// original due, later than the due in force, before that due runs out and before the
    /// decision; otherwise refused naming the field.
    pub fn extend_decision(
        &mut self,
        appeal_id: &str,
        form: &ExtendDecisionForm,
    ) -> Result<AppealDetail, AppError> {
        self.require(Action::Triage)?;
        let row = self.row(appeal_id)?;
        let now = Utc::now();
        let fail = |field, problem| AppError::from(FieldError::new(field, problem));
        let (clocks, events) = self.compute(&row)?;
        let analyze = clocks
            .obligations
            .iter()
            .find(|o| o.id == "analyze" && o.state == ObligationState::Pending)
            .and_then(|o| o.due);
        let extendable = desk_rules::ruleset::of(row.rule_set).and_then(|r| {
            r.obligations
                .iter()
                .find(|o| o.id == "analyze")
                .and_then(|o| o.extendable_days)
        });
        let at = if form.at.trim().is_empty() {
            now
        } else {
            desk_journal::time::parse_astana(&form.at)
                .ok_or_else(|| fail(Field::EventAt, Problem::DateTimeFormat))?
        };
        let (Some(due), Some(days)) = (analyze, extendable) else {
            return Err(fail(Field::DecisionUntil, Problem::NotExtendable));
        };
        if at > due {
            return Err(fail(Field::DecisionUntil, Problem::NotExtendable));
        }
        let until = desk_journal::time::parse_astana(&form.until)
            .ok_or_else(|| fail(Field::DecisionUntil, Problem::DateTimeFormat))?;
        // The limit counts from the original 3 WD, not from an earlier extension.
        let unextended: Vec<EventRow> = events
            .iter()
            .filter(|e| e.kind != EventKind::DecisionExtended)
            .cloned()
            .collect();
        let first = self.store.first_registered_at(appeal_id)?;
        let support = self.support_periods(&row)?;
        let original = clocks::compute(&row, &unextended, first, &support)
            .obligations
            .into_iter()
            .find(|o| o.id == "analyze")
            .and_then(|o| o.due)
            .unwrap_or(due);
        let latest = original + Duration::days(days);
        if until <= due {
            let due = to_astana_display(due);
            return Err(fail(
                Field::DecisionUntil,
                Problem::ExtensionNotLater { due },
            ));
        }
        if until > latest {
            let latest = to_astana_display(latest);
            return Err(fail(
                Field::DecisionUntil,
                Problem::ExtensionTooLong { latest },
            ));
        }
        let notice = form.notice.trim();
        if notice.is_empty() {
            return Err(fail(Field::DecisionNotice, Problem::Required));
        }
        self.store
            .extend_decision(appeal_id, at, until, notice, &self.actor, now)?;
        self.appeal_detail(appeal_id)
    }

    /// The extension by incident number (CLI).
    pub fn extend_decision_by_number(
        &mut self,
        number: &str,
        form: &ExtendDecisionForm,
    ) -> Result<AppealDetail, AppError> {
        let id = self.store.appeal_by_number(number)?.id.to_string();
        self.extend_decision(&id, form)
    }

    /// The reclassification by incident number (CLI).
    pub fn reclassify_by_number(
        &mut self,
        number: &str,
        form: &ReclassifyForm,
    ) -> Result<AppealDetail, AppError> {
        let id = self.store.appeal_by_number(number)?.id.to_string();
        self.reclassify(&id, form)
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
        // Issue 19 item 2: a closed appeal takes nothing until reopened, closing again
        // included; the store checks the same inside its write.
        if row.status == Status::Closed {
            let problem = if valid.kind == EventKind::Closed {
                Problem::AlreadyClosed
            } else {
                Problem::AppealClosed
            };
            return Err(FieldError::new(Field::Event, problem).into());
        }
        // Closing is a decision about the appeal, not a routine action.
        if valid.kind == EventKind::Closed {
            self.require(Action::Triage)?;
            // Issue 19 item 2: duties left undone need the reason, in every caller.
            let (clocks, _) = self.compute(&row)?;
            let not_done = clocks
                .obligations
                .iter()
                .filter(|o| matches!(o.state, ObligationState::Pending | ObligationState::Paused))
                .count();
            desk_journal::closing_allowed(not_done, &valid.note)?;
        }
        self.rules_accept(&row, &events, valid.kind, valid.at, now)?;
        // The form's check above answers at once; the store checks again inside its
        // write transaction (an open request, a closed appeal), where a workstation
        // writing at the same moment cannot slip in between.
        // 002 §35.3: the fix completed, with its actual instant, queued with the event.
        let mail = self.event_mail(&row, valid.kind)?;
        self.store
            .record_event_with_mail(
                appeal_id,
                valid.kind,
                valid.at,
                &valid.note,
                mail,
                &self.actor,
                now,
            )
            .map_err(AppError::from)?;
        self.appeal_detail(appeal_id)
    }

    /// One validation of event order for the journal and the rules (issue 11 item 1):
    /// an event the rules would refuse in this history (information received before it
    /// was requested, say) is refused here, naming the field, instead of being saved and
    /// leaving the appeal without computed clocks. A history the rules already refuse (a
    /// corrected receipt) is not made worse by this check: it is shown with its reason.
    fn rules_accept(
        &self,
        row: &AppealRow,
        events: &[EventRow],
        kind: EventKind,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let first = self.store.first_registered_at(&row.id.to_string())?;
        let support = self.support_periods(row)?;
        if clocks::compute(row, events, first, &support)
            .refused
            .is_some()
        {
            return Ok(());
        }
        let mut after = events.to_vec();
        after.push(EventRow {
            id: uuid::Uuid::nil(),
            kind,
            at,
            recorded_at: now,
            author: self.actor.user.clone(),
            confirmation: None,
            extended_until: None,
        });
        match clocks::compute(row, &after, first, &support).refused {
            None => Ok(()),
            Some(e) => Err(match e.problem {
                desk_rules::Problem::InfoWithoutRequest => {
                    FieldError::new(Field::EventAt, Problem::InfoNotRequested).into()
                }
                desk_rules::Problem::BeforeReceipt => {
                    FieldError::new(Field::EventAt, Problem::BeforeReceipt).into()
                }
                _ => AppError::Calculator(e),
            }),
        }
    }

    /// Takes a closed appeal up again (issue 11): a specialist's or supervisor's
    /// decision, with a reason the history keeps; the appeal's status goes back to where
    /// it stood before the closing.
    pub fn reopen(&mut self, appeal_id: &str, reason: &str) -> Result<AppealDetail, AppError> {
        self.require(Action::Reopen)?;
        self.row(appeal_id)?;
        let valid = ReopenForm {
            reason: reason.to_owned(),
        }
        .validate()
        .map_err(AppError::Invalid)?;
        self.store
            .reopen(appeal_id, &valid.reason, &self.actor, Utc::now())
            .map_err(AppError::from)?;
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
            .link(appeal_id, &number, &self.actor, Utc::now())
            .map_err(AppError::from)?;
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

    /// Every appeal `query` selects (its offset and limit aside), page by page, so a
    /// report over a long journal never holds it whole.
    pub(crate) fn each_appeal(
        &self,
        query: JournalQuery,
        mut f: impl FnMut(&AppealRow) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        const PAGE: u32 = 500;
        let mut offset = 0;
        loop {
            let page = self.list(&JournalQuery {
                offset,
                limit: PAGE,
                ..query.clone()
            })?;
            for row in &page {
                f(row)?;
            }
            if page.len() < PAGE as usize {
                return Ok(());
            }
            offset += PAGE;
        }
    }

    /// Appeals with an obligation due within `minutes` from now, for the desktop alert.
    pub fn due_soon(&self, minutes: i64) -> Result<Vec<AppealRow>, AppError> {
        let now = Utc::now();
        Ok(self
            .store
            .due_between(now, now + Duration::minutes(minutes))?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use desk_i18n::Lang;
    use desk_journal::{NewAppeal, ReclassifyForm, Role, Status, TriageForm};

    use crate::ExtendDecisionForm;
    use desk_store::Actor;
    use desk_testkit::rows::{at, new_appeal};

    use super::*;

    fn desk(dir: &Path) -> Desk {
        let mut desk = Desk::open(Some(dir)).unwrap().with_user("boss");
        desk.set_workstation("AST1").unwrap();
        desk.set_language(Lang::Ru).unwrap();
        desk
    }

    /// A medium failure at the operator's fault under QUASI-1216, registered at
    /// `registered` (Astana) and confirmed ten minutes later; returns its id and number.
    fn confirmed_appeal(desk: &mut Desk, registered: &str) -> (String, String) {
        let now = at(registered);
        let valid = NewAppeal {
            rule_set: "QUASI-1216".into(),
            ..new_appeal(now - Duration::minutes(10))
        }
        .validate(now)
        .unwrap();
        let actor = Actor {
            user: "boss".into(),
        };
        let row = desk.store.register_appeal(&valid, &actor, now).unwrap();
        let id = row.id.to_string();
        let triage = TriageForm {
            analysis: "confirmed".into(),
            at: to_astana_display(now + Duration::minutes(10)),
            criticality: "medium".into(),
            failure_type: "operator_unlawful_actions".into(),
            decision: "Перезапуск".into(),
            ..Default::default()
        }
        .validate(now + Duration::minutes(10), row.received_at)
        .unwrap();
        desk.store
            .triage(&id, &triage, &actor, now + Duration::minutes(10))
            .unwrap();
        (id, row.number)
    }

    fn fix_due(detail: &AppealDetail) -> Option<DateTime<Utc>> {
        detail
            .obligations
            .iter()
            .find(|o| o.id == "fix")
            .and_then(|o| o.due)
    }

    #[test]
    fn linking_an_older_appeal_to_a_newer_one_keeps_its_fix_due_from_its_own_registration() {
        // 002 §38: the problem was first registered Fri 6 March 10:00 → 2 WD, Mon 9 March
        // a day off → Wed 11 March 18:30. Linking it to an appeal registered on Tuesday
        // is allowed, but never restarts its clock.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let (older, _) = confirmed_appeal(&mut desk, "06.03.2026 10:00");
        let (newer, newer_no) = confirmed_appeal(&mut desk, "10.03.2026 13:10");
        let expected = Some(at("11.03.2026 18:30"));
        assert_eq!(fix_due(&desk.appeal_detail(&older).unwrap()), expected);
        let linked = desk.link(&older, &newer_no).unwrap();
        assert_eq!(linked.appeal.linked_to.as_deref(), Some(newer_no.as_str()));
        assert_eq!(fix_due(&linked), expected, "the fix clock did not move");
        assert_eq!(
            desk.store.first_registered_at(&older).unwrap(),
            Some(at("06.03.2026 10:00"))
        );
        // The newer appeal's own clock is untouched by the link.
        let newer_due = fix_due(&desk.appeal_detail(&newer).unwrap());
        assert!(newer_due > expected, "{newer_due:?}");
    }

    #[test]
    fn a_cycle_of_links_is_refused_naming_the_field_in_the_users_language() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let (a, a_no) = confirmed_appeal(&mut desk, "02.03.2026 10:00");
        let (b, b_no) = confirmed_appeal(&mut desk, "02.03.2026 11:00");
        let (c, c_no) = confirmed_appeal(&mut desk, "02.03.2026 12:00");
        desk.link(&a, &b_no).unwrap();
        desk.link(&b, &c_no).unwrap();
        let e = desk.link(&c, &a_no).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let ui = e.to_ui(Lang::Ru);
        assert_eq!(ui.fields[0].field, Field::LinkedTo);
        assert!(ui.message.contains("цикл"), "{}", ui.message);
    }

    #[test]
    fn a_closed_appeal_is_reopened_by_a_specialist_with_a_reason_then_takes_events() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let (id, _) = confirmed_appeal(&mut desk, "02.03.2026 10:00");
        let action = |kind: &str| ActionForm {
            // Issue 19 item 2: its duties are not done, so the closing states why.
            note: "Пользователь отозвал обращение".into(),
            kind: kind.into(),
            at: String::new(),
        };
        let closed = desk.record_action(&id, &action("closed")).unwrap();
        assert_eq!(closed.appeal.status, Status::Closed);

        let e = desk.record_action(&id, &action("closed")).unwrap_err();
        assert_eq!(
            (e.exit_code(), e.message(Lang::Ru).contains("уже закрыто")),
            (2, true)
        );
        let e = desk.record_action(&id, &action("fixed")).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.message(Lang::Kk).contains("қайта ашыңыз"),
            "{}",
            e.message(Lang::Kk)
        );

        // Without a reason, or by an operator: refused, nothing written.
        let e = desk.reopen(&id, "  ").unwrap_err();
        assert_eq!(e.to_ui(Lang::Ru).fields[0].field, Field::ReopenReason);
        desk.set_role("op", Role::Operator).unwrap();
        let mut operator = Desk::open(Some(dir.path())).unwrap().with_user("op");
        assert!(matches!(
            operator.reopen(&id, "повторный сбой"),
            Err(AppError::Forbidden { .. })
        ));
        assert_eq!(
            desk.appeal_detail(&id).unwrap().appeal.status,
            Status::Closed
        );

        let reopened = desk
            .reopen(&id, "Пользователь сообщил о повторном сбое")
            .unwrap();
        assert_eq!(reopened.appeal.status, Status::Confirmed);
        let last = reopened.history.last().unwrap();
        assert!(
            last.changes
                .contains("Пользователь сообщил о повторном сбое")
                && last.action == "Обращение открыто повторно",
            "{}: {}",
            last.action,
            last.changes
        );
        let fixed = desk.record_action(&id, &action("fixed")).unwrap();
        assert_eq!(fixed.appeal.status, Status::Fixed);
        let e = desk.reopen(&id, "ещё раз").unwrap_err();
        assert_eq!(e.exit_code(), 2, "only a closed appeal is reopened");
    }

    fn rounds(detail: &AppealDetail) -> Vec<String> {
        detail
            .obligations
            .iter()
            .map(|o| {
                let state = format!("{:?}", o.state).to_lowercase();
                format!(
                    "{} {} {} {state}",
                    o.id,
                    o.round.unwrap_or(0),
                    o.due_astana.as_deref().unwrap_or("—")
                )
            })
            .collect()
    }

    #[test]
    fn s35_1_s36_s37_3_reclassified_medium_to_high_in_the_journal_gets_the_new_duties() {
        // deadlines.md §3.8 through the journal: registered Mon 16.03.2026 10:50, medium
        // confirmed 11:00 (its notices 1 h WT → 12:00), home page posted 11:30, high from
        // 11:45. The home page of round
        // 1 stays met; the suppliers' notice of round 1 is superseded; the high level's
        // authority notice (002 §37.1: at once = 15 min CT → 12:00) and home page (§37.3:
        // 30 min CT → 12:15) run from the reclassification; the fix becomes 12 h CT from
        // the first registration (§38.3 → 22:50).
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let (id, number) = confirmed_appeal(&mut desk, "16.03.2026 10:50");
        desk.record_action(
            &id,
            &ActionForm {
                note: String::new(),
                kind: "homepage_posted".into(),
                at: "16.03.2026 11:30".into(),
            },
        )
        .unwrap();
        let form = |reason: &str| ReclassifyForm {
            criticality: "high".into(),
            reason: reason.into(),
            at: "16.03.2026 11:45".into(),
            ..Default::default()
        };
        // Without a reason: refused naming the field, nothing written.
        let e = desk.reclassify(&id, &form(" ")).unwrap_err();
        assert_eq!(e.to_ui(Lang::Ru).fields[0].field, Field::ReclassifyReason);
        let d = desk
            .reclassify_by_number(&number, &form("Недоступны все модули портала"))
            .unwrap();
        assert_eq!(d.appeal.criticality, Some(desk_journal::Criticality::High));
        let rows = rounds(&d);
        for expected in [
            "post_homepage 1 16.03.2026 12:00 met",
            "post_homepage 2 16.03.2026 12:15 pending",
            "notify_participants 1 16.03.2026 12:00 superseded",
            "inform_authority 2 16.03.2026 12:00 pending",
            "fix 2 16.03.2026 22:50 pending",
        ] {
            assert!(
                rows.iter().any(|r| r == expected),
                "{expected} in {rows:#?}"
            );
        }
        let last = d.history.last().unwrap();
        assert_eq!(last.action, "Переклассификация сбоя");
        assert!(
            last.changes.contains("Средний → Высокий")
                && last.changes.contains("Недоступны все модули портала"),
            "{}",
            last.changes
        );
        // An operator may not reclassify.
        desk.set_role("op", Role::Operator).unwrap();
        let mut operator = Desk::open(Some(dir.path())).unwrap().with_user("op");
        assert!(matches!(
            operator.reclassify(&id, &form("ещё раз")),
            Err(AppError::Forbidden { .. })
        ));
    }

    #[test]
    fn a_refutation_reversed_with_a_reason_confirms_the_failure_and_starts_its_clocks() {
        // Issue 12 item 5: a refuted appeal confirmed after all; the refutation stays in
        // the history, the confirmation's duties run from the confirmation.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let now = at("16.03.2026 10:50");
        let valid = NewAppeal {
            rule_set: "QUASI-1216".into(),
            ..new_appeal(now - Duration::minutes(10))
        }
        .validate(now)
        .unwrap();
        let actor = Actor {
            user: "boss".into(),
        };
        let id = desk
            .store
            .register_appeal(&valid, &actor, now)
            .unwrap()
            .id
            .to_string();
        desk.triage(
            &id,
            &TriageForm {
                analysis: "refuted".into(),
                at: "16.03.2026 11:00".into(),
                decision: "Сбой не подтверждён".into(),
                supporting_info: "Журналы сервера".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let confirm = |reason: &str| TriageForm {
            analysis: "confirmed".into(),
            at: "16.03.2026 12:00".into(),
            criticality: "low".into(),
            failure_type: "operator_physical_damage".into(),
            decision: "Сбой подтверждён повторной проверкой".into(),
            reason: reason.into(),
            ..Default::default()
        };
        let e = desk.triage(&id, &confirm("")).unwrap_err();
        assert_eq!(e.to_ui(Lang::Ru).fields[0].field, Field::ReversalReason);
        let d = desk
            .triage(&id, &confirm("Пользователь прислал снимки экрана"))
            .unwrap();
        assert_eq!(d.appeal.status, Status::Confirmed);
        // 002 §35.1: the low level's notice within 30 min WT of the confirmation.
        let rows = rounds(&d);
        assert!(
            rows.iter()
                .any(|r| r == "notify_criticality 0 16.03.2026 12:30 pending"),
            "{rows:#?}"
        );
        let kinds: Vec<EventKind> = d.events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::Registered,
                EventKind::Refuted,
                EventKind::Confirmed
            ]
        );
        let last = d.history.last().unwrap();
        assert!(
            last.changes.contains("Пользователь прислал снимки экрана"),
            "{}",
            last.changes
        );
        // Once confirmed, a second analysis is refused.
        assert!(desk.triage(&id, &confirm("снова")).is_err());
    }

    #[test]
    fn s23_3_an_energy_failure_out_of_hours_confirmed_as_high_is_flagged_at_triage() {
        // 004 §19, §23.3 (issue 12 item 13): working time 09:00–18:30; a failure out of it
        // is low by definition. Wed 25.11.2026 19:10 is out of hours, 10:00 is in them.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let actor = Actor {
            user: "boss".into(),
        };
        let mut triaged_high = |received: &str| {
            let valid = NewAppeal {
                portal: "energy_platform".into(),
                ..new_appeal(at(received))
            }
            .validate(at(received) + Duration::minutes(5))
            .unwrap();
            let id = desk
                .store
                .register_appeal(&valid, &actor, at(received) + Duration::minutes(5))
                .unwrap()
                .id
                .to_string();
            desk.triage(
                &id,
                &TriageForm {
                    analysis: "confirmed".into(),
                    at: to_astana_display(at(received) + Duration::minutes(20)),
                    criticality: "high".into(),
                    failure_type: "operator_unlawful_actions".into(),
                    decision: "Платформа недоступна".into(),
                    ..Default::default()
                },
            )
            .unwrap()
        };
        let evening = triaged_high("25.11.2026 19:10");
        let warning = evening.level_warning.expect("flagged");
        assert!(
            warning.contains("004 §23.3") && warning.contains("25.11.2026 19:10"),
            "{warning}"
        );
        assert_eq!(
            evening.appeal.criticality,
            Some(desk_journal::Criticality::High),
            "not refused"
        );
        assert_eq!(triaged_high("25.11.2026 10:00").level_warning, None);
    }

    #[test]
    fn s28_1_a_report_more_than_an_hour_after_detection_is_flagged_not_refused() {
        // 002 §28.1: detected 10.03.2026 11:00, received 13:10 (2 h 10 min later) under
        // QUASI-1216: registered as usual, flagged on the appeal page.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let now = at("10.03.2026 13:20");
        let form = |detected: &str| NewAppeal {
            rule_set: "QUASI-1216".into(),
            detected_at: detected.into(),
            ..new_appeal(at("10.03.2026 13:10"))
        };
        let actor = Actor {
            user: "boss".into(),
        };
        let late = desk
            .store
            .register_appeal(
                &form("10.03.2026 11:00").validate(now).unwrap(),
                &actor,
                now,
            )
            .unwrap();
        let d = desk.appeal_detail(&late.id.to_string()).unwrap();
        let flag = d.late_report.unwrap();
        assert_eq!(
            (flag.clause.as_str(), flag.due_astana.as_str()),
            ("002 §28.1", "10.03.2026 12:00")
        );
        assert!(
            flag.message.contains("002 §28.1")
                && flag.message.contains("10.03.2026 11:00")
                && flag.message.contains("10.03.2026 13:10"),
            "{}",
            flag.message
        );
        let on_time = desk
            .store
            .register_appeal(
                &form("10.03.2026 12:30").validate(now).unwrap(),
                &actor,
                now,
            )
            .unwrap();
        assert_eq!(
            desk.appeal_detail(&on_time.id.to_string())
                .unwrap()
                .late_report,
            None
        );
    }

    #[test]
    fn s38_a_pause_on_the_problems_first_appeal_reaches_its_linked_reports() {
        // 002 §38: B (registered Tue 10.03.2026 13:10) reports the problem first registered
        // as A (Mon 02.03 10:00). Information requested on A pauses B's fix too, and the
        // journal page of B stops counting it; the answer on A resumes both.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let (a, a_no) = confirmed_appeal(&mut desk, "02.03.2026 10:00");
        let (b, _) = confirmed_appeal(&mut desk, "10.03.2026 13:10");
        desk.link(&b, &a_no).unwrap();
        let fix_state = |desk: &Desk, id: &str| {
            let d = desk.appeal_detail(id).unwrap();
            let fix = d
                .obligations
                .iter()
                .find(|o| o.id == "fix")
                .unwrap()
                .clone();
            (fix.state, d.paused)
        };
        let action = |kind: &str| ActionForm {
            note: String::new(),
            kind: kind.into(),
            at: String::new(),
        };
        // Every other duty of B met: its journal row is due when its fix is.
        for kind in ["id_sent", "homepage_posted", "participants_notified"] {
            desk.record_action(&b, &action(kind)).unwrap();
        }
        let head_due = |desk: &Desk| desk.store.appeal(&b).unwrap().unwrap().next_due;
        assert_eq!(fix_state(&desk, &b).0, ObligationState::Pending);
        assert!(head_due(&desk).is_some());
        desk.record_action(&a, &action("info_requested")).unwrap();
        assert_eq!(fix_state(&desk, &b), (ObligationState::Paused, true));
        // B's journal row was recomputed in A's write: a paused fix is never due.
        assert_eq!(head_due(&desk), None);
        let check = desk.store.verify(None, &mut |_| {}).unwrap();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        desk.record_action(&a, &action("info_received")).unwrap();
        let (state, paused) = fix_state(&desk, &b);
        assert!(!paused && state != ObligationState::Paused, "{state:?}");
        assert!(head_due(&desk).is_some());
        // A's own pause does not depend on B; B's own request pauses B alone.
        desk.record_action(&b, &action("info_requested")).unwrap();
        assert!(!fix_state(&desk, &a).1);
        assert_eq!(fix_state(&desk, &b), (ObligationState::Paused, true));
    }

    #[test]
    fn etp_cc_1_5_the_decision_is_extended_with_notice_by_at_most_15_calendar_days() {
        // 003 App. 4 §1.5: received Tue 10.03.2026 19:50, registered 11.03 09:05: decision
        // due Fri 13.03 20:00 (3 WD); at most 15 CD more → 28.03 20:00.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let received = at("10.03.2026 19:50");
        let valid = NewAppeal {
            rule_set: "ETP-CC".into(),
            ..new_appeal(received)
        }
        .validate(at("11.03.2026 09:05"))
        .unwrap();
        let actor = Actor {
            user: "boss".into(),
        };
        let id = desk
            .store
            .register_appeal(&valid, &actor, at("11.03.2026 09:05"))
            .unwrap()
            .id
            .to_string();
        let analyze = |d: &AppealDetail| {
            d.obligations
                .iter()
                .find(|o| o.id == "analyze")
                .and_then(|o| o.due_astana.clone())
        };
        assert_eq!(
            analyze(&desk.appeal_detail(&id).unwrap()).as_deref(),
            Some("13.03.2026 20:00")
        );
        let form = |until: &str, notice: &str| ExtendDecisionForm {
            until: until.into(),
            notice: notice.into(),
            at: "12.03.2026 10:00".into(),
        };
        let notice = "Письмо пользователю и единому оператору 12.03.2026";
        let field = |e: AppError| e.to_ui(Lang::Ru).fields[0].clone();
        let e = field(
            desk.extend_decision(&id, &form("30.03.2026 20:00", notice))
                .unwrap_err(),
        );
        assert_eq!(e.field, Field::DecisionUntil);
        assert!(e.message.contains("28.03.2026 20:00"), "{}", e.message);
        let e = field(
            desk.extend_decision(&id, &form("20.03.2026 20:00", " "))
                .unwrap_err(),
        );
        assert_eq!(e.field, Field::DecisionNotice);
        let d = desk
            .extend_decision(&id, &form("20.03.2026 20:00", notice))
            .unwrap();
        assert_eq!(analyze(&d).as_deref(), Some("20.03.2026 20:00"));
        let last = d.history.last().unwrap();
        assert!(last.changes.contains(notice), "{}", last.changes);
        // Extended again: still counted from the original due.
        let e = field(
            desk.extend_decision(&id, &form("29.03.2026 20:00", notice))
                .unwrap_err(),
        );
        assert!(e.message.contains("28.03.2026 20:00"), "{}", e.message);
        // QUASI-1216's decision has no such extension.
        let (quasi, _) = confirmed_appeal(&mut desk, "10.03.2026 13:10");
        let e = field(
            desk.extend_decision(&quasi, &form("20.03.2026 20:00", notice))
                .unwrap_err(),
        );
        assert_eq!(e.field, Field::DecisionUntil);
    }

    #[test]
    fn two_workstations_answering_one_request_at_once_record_one_answer() {
        // 002 §38: the pause ends once. Both desks pass the form's check before either
        // writes; the check inside the write transaction lets exactly one through.
        let dir = tempfile::tempdir().unwrap();
        let mut first = desk(dir.path());
        let (id, _) = confirmed_appeal(&mut first, "02.03.2026 10:00");
        first
            .record_action(
                &id,
                &ActionForm {
                    note: String::new(),
                    kind: "info_requested".into(),
                    at: String::new(),
                },
            )
            .unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let results: Vec<Result<(), (u8, String)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let barrier = barrier.clone();
                    let dir = dir.path().to_owned();
                    let id = id.clone();
                    scope.spawn(move || {
                        let mut desk = Desk::open(Some(&dir)).unwrap().with_user("boss");
                        // Both have seen the open request before either writes.
                        assert!(desk.appeal_detail(&id).unwrap().paused);
                        barrier.wait();
                        desk.store
                            .record_event(
                                &id,
                                EventKind::InfoReceived,
                                Utc::now(),
                                &desk.actor.clone(),
                                Utc::now(),
                            )
                            .map_err(AppError::from)
                            .map_err(|e| (e.exit_code(), e.message(Lang::Ru)))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "{results:?}");
        let (code, message) = results.into_iter().find_map(Result::err).unwrap();
        assert_eq!(code, 2);
        assert!(message.contains("не запрашивалась"), "{message}");
        let answers = first
            .store
            .events(&id)
            .unwrap()
            .iter()
            .filter(|e| e.kind == EventKind::InfoReceived)
            .count();
        assert_eq!(answers, 1);
    }
}
