//! The journal's projections: `appeal_heads`, one row per appeal with its current version
//! and the columns journal pages filter and sort on (receipt, channel, source, rule set,
//! status, criticality, failure type, next due instant), and the full-text index
//! `appeal_search`. Both are derived from the versions and events, never the source of
//! truth, and this file is their only writer: every write to an appeal ends, inside its
//! transaction, with [`rebuild_head`], which recomputes the appeal's row whole. Calling it
//! again changes nothing; a lost or stale row is restored by calling it (sync will, after
//! merging remote versions; an integrity check can compare rebuilt against stored).

use chrono::{DateTime, Utc};
use desk_journal::Status;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::appeals::appeal_in;
use crate::events::{EventRow, events_in};
use crate::links::first_registered_in;
use crate::{Clocks, Result, Store, StoreError, ts};

/// What the projection copies from the current version.
struct Current {
    version_id: String,
    received_at: String,
    channel: String,
    source: String,
    rule_set: String,
    criticality: Option<String>,
    failure_type: Option<String>,
    organisation: String,
    description: String,
    decision: Option<String>,
    contacts: String,
}

/// The current version of an appeal: the one no other version names as its parent.
/// Should a fork exist (two workstations changed the same version), the newest leaf
/// stands until a merge version joins them.
fn current_version(c: &Connection, appeal_id: &str) -> Result<Option<Current>> {
    Ok(c.prepare_cached(
        "SELECT v.version_id, v.received_at, v.channel, v.source, v.rule_set, v.criticality, v.failure_type,
                v.organisation, v.description, v.decision,
                v.contact || ' ' || v.contact_person || ' ' || v.email || ' ' || v.phone
         FROM appeal_versions v
         WHERE v.appeal_id = ?1
           AND NOT EXISTS (SELECT 1 FROM appeal_versions n WHERE n.parent_version_id = v.version_id)
         ORDER BY v.recorded_at DESC, v.version_id DESC LIMIT 1",
    )?
    .query_row([appeal_id], |r| {
        Ok(Current {
            version_id: r.get(0)?,
            received_at: r.get(1)?,
            channel: r.get(2)?,
            source: r.get(3)?,
            rule_set: r.get(4)?,
            criticality: r.get(5)?,
            failure_type: r.get(6)?,
            organisation: r.get(7)?,
            description: r.get(8)?,
            decision: r.get(9)?,
            contacts: r.get(10)?,
        })
    })
    .optional()?)
}

/// Where an appeal stands after its events, taken in the order they were recorded: what
/// was entered last decides, as it did when each entry moved the status on.
fn status_of(events: &[EventRow]) -> Status {
    let mut recorded: Vec<&EventRow> = events.iter().collect();
    recorded.sort_by_key(|e| (e.recorded_at, e.id));
    recorded
        .iter()
        .fold(Status::Registered, |status, e| status.after(e.kind))
}

/// Rebuilds the `appeal_heads` row and the search entry of one appeal from its current
/// version and its events, and its next due instant with `clocks`. Without clocks (a
/// store opened without the rules engine: migrations, generators) the stored due instant
/// is kept, since only the rules can compute it. Reads and writes this appeal's rows only.
pub(crate) fn rebuild_head(c: &Connection, clocks: Option<&Clocks>, appeal_id: &str) -> Result<()> {
    let v = current_version(c, appeal_id)?
        .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
    let events = events_in(c, appeal_id)?;
    let n: i64 = c
        .prepare_cached(
            "INSERT INTO appeal_heads(appeal_id, version_id, received_at, channel, source, rule_set, status,
                criticality, failure_type)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(appeal_id) DO UPDATE SET version_id = excluded.version_id,
                received_at = excluded.received_at, channel = excluded.channel, source = excluded.source,
                rule_set = excluded.rule_set, status = excluded.status, criticality = excluded.criticality,
                failure_type = excluded.failure_type
             RETURNING n",
        )?
        .query_row(
            params![
                appeal_id,
                v.version_id,
                v.received_at,
                v.channel,
                v.source,
                v.rule_set,
                status_of(&events).code(),
                v.criticality,
                v.failure_type,
            ],
            |r| r.get(0),
        )?;
    index_search(c, n, &v)?;
    if let Some(clocks) = clocks {
        let row = appeal_in(c, appeal_id)?
            .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
        let due = clocks(&row, &events, first_registered_in(c, appeal_id)?);
        if due != row.next_due {
            write_next_due(c, appeal_id, due)?;
        }
    }
    Ok(())
}

/// Rewrites the search entry `n` (the head's key) from the current version. The text is
/// folded as searches are (lower case, ё→е).
fn index_search(c: &Connection, n: i64, v: &Current) -> Result<()> {
    let f = desk_journal::query::fold_for_search;
    c.prepare_cached("DELETE FROM appeal_search WHERE rowid = ?1")?
        .execute([n])?;
    c.prepare_cached(
        "INSERT INTO appeal_search(rowid, organisation, description, decision, contacts) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        n,
        f(&v.organisation),
        f(&v.description),
        f(v.decision.as_deref().unwrap_or("")),
        f(&v.contacts)
    ])?;
    Ok(())
}

fn write_next_due(c: &Connection, appeal_id: &str, due: Option<DateTime<Utc>>) -> Result<()> {
    c.prepare_cached("UPDATE appeal_heads SET next_due = ?1 WHERE appeal_id = ?2")?
        .execute(params![due.map(ts), appeal_id])?;
    Ok(())
}

/// Rebuilds the projection of every appeal, the search index from empty. Returns how
/// many appeals were rebuilt.
pub(crate) fn rebuild_all(c: &Connection, clocks: Option<&Clocks>) -> Result<usize> {
    c.execute_batch("INSERT INTO appeal_search(appeal_search) VALUES ('delete-all')")?;
    let ids: Vec<String> = c
        .prepare("SELECT id FROM appeals ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        rebuild_head(c, clocks, id)?;
    }
    Ok(ids.len())
}

impl Store {
    /// Rebuilds `appeal_heads` and the search index of the whole journal from the
    /// versions and events, in one transaction, with the function every write uses.
    /// Returns how many appeals were rebuilt.
    pub fn rebuild_projections(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = rebuild_all(&tx, self.clocks.as_ref())?;
        tx.commit()?;
        Ok(n)
    }

    /// Sets an appeal's next due instant by hand, for a store without clocks (tests, the
    /// benchmark's generator). Derived data, not audited; with clocks, the appeal's next
    /// write or rebuild computes it again.
    pub fn set_next_due(&mut self, appeal_id: &str, due: Option<DateTime<Utc>>) -> Result<()> {
        write_next_due(&self.conn, appeal_id, due)
    }
}
