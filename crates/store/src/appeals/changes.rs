//! Changing an appeal: every change is a new version parented on the current one
//! ([`new_version`]), written with its event and audit row and then the projection, in
//! one transaction ([`Store::change_appeal`]). Triage (002 §31–34) and a supervisor's
//! correction live here; links and extensions in their own files.

use chrono::{DateTime, Utc};
use desk_journal::{
    AppealRow, Criticality, EventKind, FailureType, Field, FieldError, Problem, Status,
    ValidCorrection, ValidTriage,
};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;

use crate::{Actor, NewMail, Result, Store, StoreError, audit, events, projection, ts};

/// Writes a new version of an appeal: a copy of the current one with `set` applied
/// (column, value), parented on it; a resolution also sets `merge_parent_version_id`.
/// Returns the new version id.
pub(crate) fn new_version(
    tx: &Transaction<'_>,
    appeal_id: &str,
    set: &[(&str, Value)],
    actor: &Actor,
    workstation: &str,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    const COPIED: &str = "organisation, bin_iin, received_at, channel, contact, description, decision,
        failure_type, recommendations, source, contact_person, email, phone, detected_at, portal_module,
        announcements, lots, procurement_method, rule_set, problem_id, analysis, criticality, operator_fault,
        supporting_info, correction_reason";
    let parent: String = tx.query_row(
        "SELECT version_id FROM appeal_heads WHERE appeal_id = ?1",
        [appeal_id],
        |r| r.get(0),
    )?;
    let cols: Vec<&str> = COPIED.split(',').map(str::trim).collect();
    let current: Vec<Value> = tx.query_row(
        &format!("SELECT {COPIED} FROM appeal_versions WHERE version_id = ?1"),
        [&parent],
        |r| (0..cols.len()).map(|i| r.get(i)).collect(),
    )?;
    let version_id = Uuid::now_v7();
    let mut values: Vec<Value> = vec![
        version_id.to_string().into(),
        appeal_id.to_owned().into(),
        parent.into(),
        actor.user.clone().into(),
        workstation.to_owned().into(),
        ts(now).into(),
    ];
    values.extend(cols.iter().zip(current).map(|(c, v)| {
        match set.iter().find(|(k, _)| k == c) {
            Some((_, new)) => new.clone(),
            // A reason belongs to the one correction that gave it.
            None if *c == "correction_reason" => Value::Null,
            None => v,
        }
    }));
    // Only a resolution names a second parent (sync).
    values.push(
        set.iter()
            .find(|(k, _)| *k == "merge_parent_version_id")
            .map_or(Value::Null, |(_, v)| v.clone()),
    );
    let placeholders = (1..=values.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute(
        &format!(
            "INSERT INTO appeal_versions(version_id, appeal_id, parent_version_id, author, workstation,
                recorded_at, {COPIED}, merge_parent_version_id) VALUES ({placeholders})"
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(version_id)
}

/// The e-mail an event causes, made inside the event's transaction from the appeal and
/// its history after the event; `None` when there is nothing to send.
pub type EventMail<'a> = Box<dyn FnOnce(&AppealRow, &[events::EventRow]) -> Option<NewMail> + 'a>;

/// An [`EventMail`] with who queues it and when (the event's own actor and instant).
pub(crate) struct Mailing<'a> {
    pub make: EventMail<'a>,
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
}

impl Store {
    /// Runs one change to an appeal: `change` writes its version or event and the audit
    /// row; the projection (clocks included) is rebuilt in the same transaction, which
    /// then commits with one disk sync. Returns the appeal as it now stands.
    pub(crate) fn change_appeal(
        &mut self,
        appeal_id: &str,
        change: impl FnOnce(&Transaction<'_>, &str) -> Result<()>,
    ) -> Result<AppealRow> {
        self.change_appeal_mailing(appeal_id, change, None)
    }

    /// [`Store::change_appeal`] that also queues the e-mail the change causes (002 §32,
    /// §35.1, §35.3), made from the appeal and its history as they stand after it, in
    /// the same transaction: a refused change queues nothing, and no notice is written
    /// without its event.
    pub(crate) fn change_appeal_mailing(
        &mut self,
        appeal_id: &str,
        change: impl FnOnce(&Transaction<'_>, &str) -> Result<()>,
        mail: Option<Mailing<'_>>,
    ) -> Result<AppealRow> {
        let tx = write_tx!(self);
        let workstation = Self::workstation_in(&tx)?;
        change(&tx, &workstation)?;
        projection::rebuild_head(&tx, self.clocks.as_ref(), appeal_id)?;
        if let Some(Mailing { make, actor, now }) = mail
            && let Some(row) = crate::appeals::appeal_in(&tx, appeal_id)?
            && let Some(m) = make(&row, &events::events_in(&tx, appeal_id)?)
        {
            crate::mail::queue_in(&tx, &m, actor, &workstation, now)?;
        }
        // 002 §38: a pause on a problem's first appeal reaches its linked reports.
        for report in crate::links::reports_through(&tx, appeal_id)? {
            projection::rebuild_head(&tx, self.clocks.as_ref(), &report)?;
        }
        tx.commit()?;
        self.appeal(appeal_id)?
            .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))
    }

    /// Records the specialist's analysis (002 §31–34): a new version carrying the
    /// decision, and the `confirmed`/`refuted` event that drives the clocks.
    pub fn triage(
        &mut self,
        appeal_id: &str,
        t: &ValidTriage,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.triage_with_mail(appeal_id, t, None, actor, now)
    }

    /// [`Store::triage`] queueing `mail` (the refutation notice of 002 §32, the level and
    /// planned fix of §35.1) in the same transaction.
    pub fn triage_with_mail(
        &mut self,
        appeal_id: &str,
        t: &ValidTriage,
        mail: Option<EventMail<'_>>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        let mail = mail.map(|make| Mailing { make, actor, now });
        self.change_appeal_mailing(appeal_id, |tx, workstation| {
            let (number, analysis): (String, Option<String>) = tx
                .query_row(
                    "SELECT a.number, v.analysis FROM appeal_heads h JOIN appeals a ON a.id = h.appeal_id
                     JOIN appeal_versions v ON v.version_id = h.version_id WHERE h.appeal_id = ?1",
                    [appeal_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            // A refutation may be reversed by a confirmation with its reason (issue 12,
            // item 5); any other second analysis is refused.
            let reverses = analysis.as_deref() == Some(EventKind::Refuted.code())
                && t.analysis == EventKind::Confirmed;
            if analysis.is_some() && !reverses {
                return Err(StoreError::AlreadyTriaged(number));
            }
            if reverses {
                if t.reason.is_empty() {
                    return Err(StoreError::Refused(FieldError::new(
                        Field::ReversalReason,
                        Problem::Required,
                    )));
                }
                if projection::status_of(&events::events_in(tx, appeal_id)?) == Status::Closed {
                    return Err(StoreError::Refused(FieldError::new(
                        Field::Event,
                        Problem::AppealClosed,
                    )));
                }
            }
            let opt = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_owned()));
            let text = |s: &str| {
                if s.is_empty() {
                    Value::Null
                } else {
                    Value::Text(s.to_owned())
                }
            };
            let set = [
                ("analysis", Value::Text(t.analysis.code().to_owned())),
                ("criticality", opt(t.criticality.map(Criticality::code))),
                ("operator_fault", Value::Integer(i64::from(t.operator_fault))),
                ("failure_type", opt(t.failure_type.map(FailureType::code))),
                ("decision", text(&t.decision)),
                ("recommendations", text(&t.recommendations)),
                ("supporting_info", text(&t.supporting_info)),
            ];
            let version_id = new_version(tx, appeal_id, &set, actor, workstation, now)?;
            let event = events::insert_event(
                tx,
                appeal_id,
                t.analysis,
                t.at,
                now,
                actor,
                workstation,
                &events::triage_details(t),
            )?;
            let mut changes = serde_json::json!({
                "analysis": [analysis, t.analysis.code()],
                "at": [null, ts(t.at)],
                "criticality": [null, t.criticality.map(Criticality::code)],
                "operator_fault": [null, t.operator_fault],
                "failure_type": [null, t.failure_type.map(FailureType::code)],
                "decision": [null, t.decision],
                "recommendations": [null, t.recommendations],
                "supporting_info": [null, t.supporting_info],
            });
            if reverses {
                changes["reversal_reason"] = serde_json::json!([null, t.reason]);
            }
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "triage",
                &changes,
                audit::Rows {
                    event: Some(&event),
                    row: None,
                },
            )?;
            Ok(())
        }, mail)
    }

    /// A supervisor's correction of one field: a new version whose parent is the version
    /// it replaces, carrying the reason; the audit row names the replaced version.
    pub fn correct(
        &mut self,
        appeal_id: &str,
        c: &ValidCorrection,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        let column = c.field.code();
        self.change_appeal(appeal_id, |tx, workstation| {
            let (parent, old): (String, Value) = tx
                .query_row(
                    &format!(
                        "SELECT v.version_id, v.{column} FROM appeal_heads h
                         JOIN appeal_versions v ON v.version_id = h.version_id WHERE h.appeal_id = ?1"
                    ),
                    [appeal_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            let new = c.value.clone().map_or(Value::Null, Value::Text);
            let set = [
                (column, new),
                ("correction_reason", Value::Text(c.reason.clone())),
            ];
            let version_id = new_version(tx, appeal_id, &set, actor, workstation, now)?;
            let old = match old {
                Value::Text(t) => serde_json::Value::String(t),
                _ => serde_json::Value::Null,
            };
            let changes = serde_json::json!({
                column: [old, c.value],
                "reason": [null, c.reason],
                "replaces": [null, parent],
            });
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "correct",
                &changes,
                audit::Rows::default(),
            )?;
            Ok(())
        })
    }
}
