//! The platforms' applications (issue 17, migration 010): form 1 or form 2 as received,
//! and the steps taken on each. As with the rest of the Commission's records the store
//! knows no rule: [`Store::application_write`] reads the application inside its write
//! transaction and hands it to the caller, whose answer is written row by row, each with
//! its audit entry of entity `commission` (actions `commission_application` and
//! `commission_application_step`), so `desk journal verify` and sync cover them.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::commission::{date, day};
use crate::{Actor, Result, Store, StoreError, audit, parse_ts, ts};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    pub id: String,
    pub number: String,
    /// `test` (form 1) or `production` (form 2).
    pub form: String,
    pub received: NaiveDate,
    /// JSON: {fields, documents, infosec_protocol}.
    pub body: String,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    pub id: String,
    pub step: String,
    pub date: NaiveDate,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
}

/// An application with its steps in the order recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub application: ApplicationRow,
    pub steps: Vec<StepRow>,
}

/// What an application write adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationWrite {
    Application {
        number: String,
        form: String,
        received: NaiveDate,
        body: String,
    },
    Step {
        step: String,
        date: NaiveDate,
        note: String,
    },
}

const APPLICATION: &str =
    "SELECT id, number, form, received, body, recorded_at, author FROM commission_applications";

fn application_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApplicationRow> {
    Ok(ApplicationRow {
        id: r.get(0)?,
        number: r.get(1)?,
        form: r.get(2)?,
        received: date(3, &r.get::<_, String>(3)?)?,
        body: r.get(4)?,
        recorded_at: parse_ts(&r.get::<_, String>(5)?).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
        })?,
        author: r.get(6)?,
    })
}

fn steps_of(c: &Connection, application: &str) -> Result<Vec<StepRow>> {
    Ok(c.prepare_cached(
        "SELECT id, step, date, note, recorded_at, author FROM commission_application_steps
         WHERE application_id = ?1 ORDER BY id",
    )?
    .query_map([application], |r| {
        Ok(StepRow {
            id: r.get(0)?,
            step: r.get(1)?,
            date: date(2, &r.get::<_, String>(2)?)?,
            note: r.get(3)?,
            recorded_at: parse_ts(&r.get::<_, String>(4)?).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    4,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            author: r.get(5)?,
        })
    })?
    .collect::<rusqlite::Result<_>>()?)
}

/// The application with this number: of two recorded offline under one number, the
/// one with the smaller id stands on every replica, as for meetings.
fn application_in(c: &Connection, number: &str) -> Result<Option<ApplicationRecord>> {
    let Some(application) = c
        .prepare_cached(&format!(
            "{APPLICATION} WHERE number = ?1 ORDER BY id LIMIT 1"
        ))?
        .query_row([number], application_row)
        .optional()?
    else {
        return Ok(None);
    };
    let steps = steps_of(c, &application.id)?;
    Ok(Some(ApplicationRecord { application, steps }))
}

/// Inserts one row; returns its id, the entity its audit entry names (the
/// application's id), the action and the entry's changes.
fn insert(
    tx: &Connection,
    record: Option<&ApplicationRecord>,
    write: &ApplicationWrite,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(String, String, &'static str, serde_json::Value)> {
    let id = Uuid::now_v7().to_string();
    let at = ts(now);
    Ok(match write {
        ApplicationWrite::Application {
            number,
            form,
            received,
            body,
        } => {
            tx.prepare_cached(
                "INSERT INTO commission_applications(id, number, form, received, body, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, number, form, day(*received), body, at, author])?;
            let changes = serde_json::json!({
                "number": [null, number],
                "form": [null, form],
                "received": [null, day(*received)],
                "body": [null, serde_json::from_str::<serde_json::Value>(body).unwrap_or_default()],
            });
            (id.clone(), id, "commission_application", changes)
        }
        ApplicationWrite::Step { step, date, note } => {
            let application = record
                .map(|r| r.application.id.clone())
                .ok_or_else(|| StoreError::Corrupt("a step of no application".into()))?;
            tx.prepare_cached(
                "INSERT INTO commission_application_steps(id, application_id, step, date, note, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, application, step, day(*date), note, at, author])?;
            let changes = serde_json::json!({
                "step": [null, step],
                "date": [null, day(*date)],
                "note": [null, note],
            });
            (id, application, "commission_application_step", changes)
        }
    })
}

impl Store {
    /// Every application, in the order recorded, with its steps.
    pub fn applications(&self) -> Result<Vec<ApplicationRecord>> {
        let rows: Vec<ApplicationRow> = self
            .conn
            .prepare_cached(&format!("{APPLICATION} ORDER BY id"))?
            .query_map([], application_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut seen = std::collections::HashSet::new();
        rows.into_iter()
            .filter(|a| seen.insert(a.number.clone()))
            .map(|application| {
                let steps = steps_of(&self.conn, &application.id)?;
                Ok(ApplicationRecord { application, steps })
            })
            .collect()
    }

    pub fn application(&self, number: &str) -> Result<Option<ApplicationRecord>> {
        application_in(&self.conn, number)
    }

    /// One change to the application `number`, all or nothing: the application as it
    /// stands (or `None`) is read inside the write transaction and handed to `decide`.
    pub fn application_write<E: From<StoreError>>(
        &mut self,
        number: &str,
        actor: &Actor,
        now: DateTime<Utc>,
        decide: impl FnOnce(Option<&ApplicationRecord>) -> std::result::Result<Vec<ApplicationWrite>, E>,
    ) -> std::result::Result<(), E> {
        let tx = write_tx!(self);
        let workstation = Self::workstation_in(&tx)?;
        if workstation.is_empty() {
            return Err(StoreError::WorkstationNotSet.into());
        }
        let mut record = application_in(&tx, number)?;
        let writes = decide(record.as_ref())?;
        for write in &writes {
            let (id, entity, action, changes) =
                insert(&tx, record.as_ref(), write, &actor.user, now)?;
            audit::insert(
                &tx,
                now,
                actor,
                &workstation,
                "commission",
                &entity,
                None,
                action,
                &changes,
                audit::Rows {
                    event: None,
                    row: Some(&id),
                },
            )?;
            if matches!(write, ApplicationWrite::Application { .. }) {
                record = application_in(&tx, number)?;
            }
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }
}
