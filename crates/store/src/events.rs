//! What happened to an appeal and when: the triggers and "met by" of every obligation
//! (deadlines.md §3). Append-only; the details a kind carries are read into types, and
//! details that lack what their kind requires are [`StoreError::Corrupt`].

use chrono::{DateTime, Utc};
use desk_journal::{
    AppealRow, Criticality, EventKind, FailureType, Field, FieldError, Problem, Status,
    ValidTriage, info_request_open,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Deserialize;
use uuid::Uuid;

use crate::projection::status_of;
use crate::{Actor, Result, Store, StoreError, audit, coded, parse_ts, parse_uuid, ts};

/// Something that happened to an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: Uuid,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
    /// What the specialist found: present exactly for [`EventKind::Confirmed`] and
    /// [`EventKind::Reclassified`] events.
    pub confirmation: Option<Confirmation>,
    /// The decision's new due: present exactly for [`EventKind::DecisionExtended`]
    /// events (003 App. 4 §1.5).
    pub extended_until: Option<DateTime<Utc>>,
}

/// The findings a `confirmed` event carries (002 §31, §33): they choose which clocks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Confirmation {
    pub criticality: Criticality,
    pub operator_fault: bool,
    /// The type the fault follows (002 §26, §38). Confirmations recorded before issue 12
    /// kept it on the version only and carry `None`: their recorded fault stands.
    #[serde(default)]
    pub failure_type: Option<FailureType>,
}

/// The details a triage event is stored with. Their JSON form is the one history holds
/// (`{"criticality": code or null, "failure_type": code or null, "operator_fault": bool}`;
/// before issue 12 without `failure_type`): [`confirmation`] reads it.
pub(crate) fn triage_details(t: &ValidTriage) -> serde_json::Value {
    let mut details = serde_json::json!({
        "criticality": t.criticality.map(Criticality::code),
        "failure_type": t.failure_type.map(FailureType::code),
        "operator_fault": t.operator_fault,
    });
    if !t.reason.is_empty() {
        details["reason"] = serde_json::json!(t.reason);
    }
    details
}

/// The typed details of a stored event of `kind`.
fn confirmation(id: Uuid, kind: EventKind, details: &str) -> Result<Option<Confirmation>> {
    if !matches!(kind, EventKind::Confirmed | EventKind::Reclassified) {
        return Ok(None);
    }
    serde_json::from_str::<Confirmation>(details)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("{kind} event {id}: details {details}: {e}")))
}

/// The new due a `decision_extended` event carries.
fn extended_until(id: Uuid, kind: EventKind, details: &str) -> Result<Option<DateTime<Utc>>> {
    if kind != EventKind::DecisionExtended {
        return Ok(None);
    }
    #[derive(Deserialize)]
    struct Extended {
        until: String,
    }
    let corrupt =
        |e: String| StoreError::Corrupt(format!("{kind} event {id}: details {details}: {e}"));
    let e: Extended = serde_json::from_str(details).map_err(|e| corrupt(e.to_string()))?;
    parse_ts(&e.until)
        .map(Some)
        .map_err(|e| corrupt(e.to_string()))
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_event(
    tx: &Transaction<'_>,
    appeal_id: &str,
    kind: EventKind,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    actor: &Actor,
    workstation: &str,
    details: &serde_json::Value,
) -> Result<String> {
    let id = Uuid::now_v7().to_string();
    tx.prepare_cached(
        "INSERT INTO appeal_events(id, appeal_id, kind, at, recorded_at, author, workstation, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        appeal_id,
        kind.code(),
        ts(at),
        ts(now),
        actor.user,
        workstation,
        details.to_string()
    ])?;
    Ok(id)
}

/// The events of an appeal in the order they happened; ties by id, so that every
/// replica lists events that arrived in another order alike.
pub(crate) fn events_in(c: &Connection, appeal_id: &str) -> Result<Vec<EventRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, kind, at, recorded_at, author, details FROM appeal_events WHERE appeal_id = ?1 ORDER BY at, recorded_at, id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok((
                parse_uuid(&r.get::<_, String>(0)?)?,
                coded(1, &r.get::<_, String>(1)?, EventKind::from_code)?,
                parse_ts(&r.get::<_, String>(2)?)?,
                parse_ts(&r.get::<_, String>(3)?)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, kind, at, recorded_at, author, details)| {
            Ok(EventRow {
                id,
                kind,
                at,
                recorded_at,
                author,
                confirmation: confirmation(id, kind, &details)?,
                extended_until: extended_until(id, kind, &details)?,
            })
        })
        .collect()
}

impl Store {
    pub fn events(&self, appeal_id: &str) -> Result<Vec<EventRow>> {
        events_in(&self.conn, appeal_id)
    }

    /// Records that something happened (an obligation met, information requested…).
    /// What the journal's state decides is checked inside the write transaction, so two
    /// workstations recording at once cannot both pass: a closed appeal takes no event
    /// (closing it again included), and information arrives only while a request is open
    /// (002 §38).
    pub fn record_event(
        &mut self,
        appeal_id: &str,
        kind: EventKind,
        at: DateTime<Utc>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.record_event_noted(appeal_id, kind, at, "", actor, now)
    }

    /// [`Store::record_event`] with what the user added about it (issue 19 item 1), kept
    /// in the event and its audit row; a closing's note is its reason (item 2).
    pub fn record_event_noted(
        &mut self,
        appeal_id: &str,
        kind: EventKind,
        at: DateTime<Utc>,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.record_event_with_mail(appeal_id, kind, at, note, None, actor, now)
    }

    /// [`Store::record_event_noted`] queueing `mail` (the fix-completed notice of 002
    /// §35.3) in the same transaction: a refused event queues nothing.
    #[allow(clippy::too_many_arguments)]
    pub fn record_event_with_mail(
        &mut self,
        appeal_id: &str,
        kind: EventKind,
        at: DateTime<Utc>,
        note: &str,
        mail: Option<crate::EventMail<'_>>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mail = mail.map(|make| crate::appeals::Mailing { make, actor, now });
        self.change_appeal_mailing(
            appeal_id,
            |tx, workstation| {
                tx.query_row(
                    "SELECT 1 FROM appeal_heads WHERE appeal_id = ?1",
                    [appeal_id],
                    |_| Ok(()),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
                let events = existing_events(tx, appeal_id)?;
                if status_of(&events) == Status::Closed {
                    let problem = if kind == EventKind::Closed {
                        Problem::AlreadyClosed
                    } else {
                        Problem::AppealClosed
                    };
                    return Err(refused(problem));
                }
                if kind == EventKind::InfoReceived
                    && !info_request_open(events.iter().map(|e| e.kind))
                {
                    return Err(refused(Problem::InfoNotRequested));
                }
                let mut changes =
                    serde_json::json!({ "event": [null, kind.code()], "at": [null, ts(at)] });
                let mut details = serde_json::json!({});
                if !note.is_empty() {
                    let key = if kind == EventKind::Closed {
                        "close_reason"
                    } else {
                        "note"
                    };
                    changes[key] = serde_json::json!([null, note]);
                    details["note"] = serde_json::json!(note);
                }
                let event = Recorded {
                    kind,
                    at,
                    now,
                    details: &details,
                    changes: &changes,
                };
                record_in(tx, appeal_id, &event, actor, workstation)
            },
            mail,
        )
        .map(|_| ())
    }

    /// Extends the ETP-CC decision's due to `until`, with the notice to the user and the
    /// unified operator the event and the audit row keep (003 App. 4 §1.5). The caller
    /// checks the limit against the computed due; here, inside the write, what the
    /// journal's state decides: an open appeal not decided yet.
    pub fn extend_decision(
        &mut self,
        appeal_id: &str,
        at: DateTime<Utc>,
        until: DateTime<Utc>,
        notice: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let events = existing_events(tx, appeal_id)?;
            if status_of(&events) == Status::Closed {
                return Err(refused(Problem::AppealClosed));
            }
            if events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Confirmed | EventKind::Refuted))
            {
                return Err(StoreError::Refused(FieldError::new(
                    Field::DecisionUntil,
                    Problem::NotExtendable,
                )));
            }
            let kind = EventKind::DecisionExtended;
            let changes = serde_json::json!({
                "event": [null, kind.code()],
                "at": [null, ts(at)],
                "decision_until": [null, ts(until)],
                "decision_notice": [null, notice],
            });
            let details = serde_json::json!({ "until": ts(until), "notice": notice });
            let event = Recorded {
                kind,
                at,
                now,
                details: &details,
                changes: &changes,
            };
            record_in(tx, appeal_id, &event, actor, workstation)
        })
    }

    /// Takes a closed appeal up again, with the reason the event and the audit row keep;
    /// the status goes back to where it stood before the closing.
    pub fn reopen(
        &mut self,
        appeal_id: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let events = existing_events(tx, appeal_id)?;
            if status_of(&events) != Status::Closed {
                return Err(refused(Problem::NotClosed));
            }
            let kind = EventKind::Reopened;
            let changes = serde_json::json!({
                "event": [null, kind.code()],
                "at": [null, ts(now)],
                "reopen_reason": [null, reason],
            });
            let details = serde_json::json!({ "reason": reason });
            let event = Recorded {
                kind,
                at: now,
                now,
                details: &details,
                changes: &changes,
            };
            record_in(tx, appeal_id, &event, actor, workstation)
        })
    }
}

/// An event to write with its audit row: what happened, when, and what the trail shows.
struct Recorded<'a> {
    kind: EventKind,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    details: &'a serde_json::Value,
    changes: &'a serde_json::Value,
}

/// Writes an event and the audit row that records it (and its body hash), in `tx`.
fn record_in(
    tx: &Transaction<'_>,
    appeal_id: &str,
    e: &Recorded<'_>,
    actor: &Actor,
    workstation: &str,
) -> Result<()> {
    let event = insert_event(
        tx,
        appeal_id,
        e.kind,
        e.at,
        e.now,
        actor,
        workstation,
        e.details,
    )?;
    audit::insert(
        tx,
        e.now,
        actor,
        workstation,
        "appeal",
        appeal_id,
        None,
        "event",
        e.changes,
        audit::Rows {
            event: Some(&event),
            row: None,
        },
    )?;
    Ok(())
}

/// The events of an appeal that must exist, read inside the write's transaction.
fn existing_events(tx: &Transaction<'_>, appeal_id: &str) -> Result<Vec<EventRow>> {
    tx.query_row(
        "SELECT 1 FROM appeal_heads WHERE appeal_id = ?1",
        [appeal_id],
        |_| Ok(()),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
    events_in(tx, appeal_id)
}

fn refused(problem: Problem) -> StoreError {
    StoreError::Refused(FieldError::new(Field::Event, problem))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testing::{confirm, register, store};

    #[test]
    fn a_confirmed_event_carries_its_findings_in_the_form_history_holds() {
        // 002 §33: the level and the operator's fault choose the clocks of a confirmed failure.
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let id = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
        confirm(&mut s, &id, "medium");
        let events = s.events(&id).unwrap();
        assert_eq!(events[0].confirmation, None, "registered carries nothing");
        // 002 §26, §38: the event carries the type its fault follows (a computer attack
        // is not the operator's fault).
        assert_eq!(
            events[1].confirmation,
            Some(Confirmation {
                criticality: Criticality::Medium,
                operator_fault: false,
                failure_type: Some(FailureType::ComputerAttack),
            })
        );
        let stored: String = s
            .connection()
            .query_row(
                "SELECT details FROM appeal_events WHERE kind = 'confirmed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            stored,
            r#"{"criticality":"medium","failure_type":"computer_attack","operator_fault":false}"#
        );
    }

    #[test]
    fn a_confirmed_event_without_a_known_criticality_is_corrupt_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        for details in [
            r#"{"operator_fault":true}"#,
            r#"{"criticality":"extreme","operator_fault":true}"#,
            r#"{"criticality":null,"operator_fault":true}"#,
            r#"{"criticality":"high"}"#,
            "not json",
        ] {
            let id = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
            let event = Uuid::now_v7().to_string();
            s.connection()
                .execute(
                    "INSERT INTO appeal_events(id, appeal_id, kind, at, recorded_at, author, workstation, details)
                     VALUES (?1, ?2, 'confirmed', '2026-11-20T06:00:00.000000Z', '2026-11-20T06:00:00.000000Z',
                     'sp', 'AST1', ?3)",
                    params![event, id, details],
                )
                .unwrap();
            match s.events(&id) {
                Err(StoreError::Corrupt(m)) => assert!(m.contains(&event), "{m}"),
                other => panic!("{details}: expected Corrupt, got {other:?}"),
            }
        }
    }
}
