//! The audit trail as a hash chain. Each row's hash covers its content and the previous
//! row's hash, so editing, deleting or reordering a row (e.g. with the sqlite3 shell,
//! after dropping the triggers) breaks the chain at that row.
//!
//! Since migration 005 each entry also names the rows it wrote ([`records_of`]) and
//! carries the SHA-256 of their canonical body (`canonical.rs`), which its hash covers:
//! `verify.rs` recomputes the body from the tables and compares. Deleting the newest rows
//! leaves a shorter but consistent chain; the chain head printed on extracts and daily
//! analyses ([`ChainHead`]) is what catches that offline.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::canonical::{self, Record, Table};
use crate::{Actor, Result, Store, StoreError, parse_ts, sync, ts};

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub workstation: String,
    pub entity: String,
    pub entity_id: String,
    pub version_id: Option<String>,
    pub action: String,
    pub changes: serde_json::Value,
}

/// Why a link is broken: the previous entry was removed or moved.
pub const BROKEN_LINK: &str = "link";
/// Why a link is broken: the entry itself was edited.
pub const CHANGED_CONTENT: &str = "content";

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheck {
    pub checked: u64,
    /// The first row whose link is broken, and why ([`BROKEN_LINK`] or [`CHANGED_CONTENT`]).
    pub broken: Option<(i64, String)>,
}

/// The newest entry of the chain: its sequence number and hash. Printed on signed
/// extracts and daily analyses as `SEQ:HASH`, so a journal shown later can be checked to
/// still contain it (issue 11 item 2: truncation is detectable offline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

impl std::fmt::Display for ChainHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for ChainHead {
    type Err = ();

    /// `SEQ:HASH`, the hash as 64 hexadecimal digits (either case).
    fn from_str(s: &str) -> std::result::Result<ChainHead, ()> {
        let (seq, hash) = s.trim().split_once(':').ok_or(())?;
        let seq: i64 = seq.parse().map_err(|_| ())?;
        let hash = hash.to_ascii_lowercase();
        if seq < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(());
        }
        Ok(ChainHead { seq, hash })
    }
}

/// The rows an entry wrote besides its version (the version is `version_id`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Rows<'a> {
    /// The `appeal_events` row.
    pub event: Option<&'a str>,
    /// The `attachments` row (action `attach`), `extension_results` row (`extensions`)
    /// or, for entity `commission`, the row of the table its action names.
    pub row: Option<&'a str>,
}

pub(crate) struct Raw {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub actor: String,
    pub workstation: String,
    pub entity: String,
    pub entity_id: String,
    pub version_id: Option<String>,
    pub action: String,
    pub changes: String,
    pub prev_hash: String,
    pub hash: String,
    pub event_id: Option<String>,
    pub record_id: Option<String>,
    pub body_hash: Option<String>,
}

pub(crate) fn digest(r: &Raw, prev: &str) -> String {
    // A JSON array is an unambiguous encoding: no field can bleed into the next. Entries
    // written before migration 005 keep the form they were hashed with.
    let content = match &r.body_hash {
        None => serde_json::json!([
            prev,
            r.id,
            r.at,
            r.actor,
            r.workstation,
            r.entity,
            r.entity_id,
            r.version_id,
            r.action,
            r.changes
        ]),
        Some(body) => serde_json::json!([
            prev,
            r.id,
            r.at,
            r.actor,
            r.workstation,
            r.entity,
            r.entity_id,
            r.version_id,
            r.action,
            r.changes,
            r.event_id,
            r.record_id,
            body
        ]),
    };
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

/// The rows an entry records, in the order its body lists them.
pub(crate) fn records_of(r: &Raw) -> Vec<Record> {
    let mut out = Vec::new();
    match r.entity.as_str() {
        "user" => out.push(Record::new(Table::Users, &r.entity_id)),
        "setting" => out.push(Record::new(Table::Settings, &r.entity_id)),
        // A queued message (migration 011): the message row is the entry's entity.
        "mail" if r.action == "queue" => out.push(Record::new(Table::MailMessages, &r.entity_id)),
        _ => {}
    }
    if r.action == "register" {
        out.push(Record::new(Table::Appeals, &r.entity_id));
    }
    if let Some(v) = &r.version_id {
        out.push(Record::new(Table::Versions, v));
    }
    if let Some(e) = &r.event_id {
        out.push(Record::new(Table::Events, e));
    }
    if let Some(id) = &r.record_id {
        let table = if r.entity == "commission" {
            // One row per entry, its table named by the action (`commission.rs`). An
            // action this build does not know records no row it could check.
            match crate::commission::table_of(&r.action) {
                Some(t) => t,
                None => return out,
            }
        } else if r.entity == "mail" {
            match crate::mail::table_of(&r.action) {
                Some(t) => t,
                None => return out,
            }
        } else if r.action == "extensions" {
            Table::Extensions
        } else {
            Table::Attachments
        };
        out.push(Record::new(table, id));
    }
    out
}

pub(crate) const SELECT_RAW: &str =
    "SELECT seq, id, at, actor, workstation, entity, entity_id, version_id, action, changes,
    prev_hash, hash, event_id, record_id, body_hash FROM audit";

pub(crate) fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        seq: r.get(0)?,
        id: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        workstation: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        version_id: r.get(7)?,
        action: r.get(8)?,
        changes: r.get(9)?,
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
        event_id: r.get(12)?,
        record_id: r.get(13)?,
        body_hash: r.get(14)?,
    })
}

/// Every entry in chain order, one at a time (the check walks millions).
pub(crate) fn for_each_raw(
    conn: &Connection,
    mut f: impl FnMut(Raw) -> Result<bool>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!("{SELECT_RAW} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if !f(raw(row)?)? {
            break;
        }
    }
    Ok(())
}

fn raw_rows(conn: &Connection, entity_id: Option<&str>) -> rusqlite::Result<Vec<Raw>> {
    let sql = format!("{SELECT_RAW} WHERE (?1 IS NULL OR entity_id = ?1) ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([entity_id], raw)?.collect()
}

/// The newest entry, if any.
pub(crate) fn head(conn: &Connection) -> Result<Option<ChainHead>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(ChainHead {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

fn last_hash(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .or_else(|e| {
        if e == rusqlite::Error::QueryReturnedNoRows {
            Ok(String::new())
        } else {
            Err(e)
        }
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    actor: &Actor,
    workstation: &str,
    entity: &str,
    entity_id: &str,
    version_id: Option<Uuid>,
    action: &str,
    changes: &serde_json::Value,
    rows: Rows<'_>,
) -> Result<()> {
    // The first supervisor of a new journal is recorded by its first write, in that
    // write's transaction, before its entry (users.rs).
    if entity != "journal" && actor.user != sync::SERVER_ACTOR {
        crate::users::claim_first_supervisor(tx, at, actor, workstation)?;
    }
    let prev = last_hash(tx)?;
    let mut raw = Raw {
        seq: 0,
        id: Uuid::now_v7().to_string(),
        at: ts(at),
        actor: actor.user.clone(),
        workstation: workstation.to_owned(),
        entity: entity.to_owned(),
        entity_id: entity_id.to_owned(),
        version_id: version_id.map(|v| v.to_string()),
        action: action.to_owned(),
        changes: changes.to_string(),
        prev_hash: String::new(),
        hash: String::new(),
        event_id: rows.event.map(str::to_owned),
        record_id: rows.row.map(str::to_owned),
        body_hash: None,
    };
    // Read back inside the transaction: the body is the rows as they were just written.
    let body = canonical::body(tx, &records_of(&raw))?;
    if let Some(m) = body.missing {
        return Err(StoreError::Corrupt(format!(
            "audit: the recorded row {m} is missing"
        )));
    }
    raw.body_hash = Some(body.sha256.clone());
    append(tx, &mut raw, &prev)?;
    // The one place an outbox row is written: the change travels with its entry or not
    // at all.
    if sync::travels(tx, &raw)? {
        sync::outbox_append(tx, &raw, &body.text, &body.sha256)?;
    }
    Ok(())
}

/// Chains `raw` after `prev` and inserts it.
pub(crate) fn append(tx: &Transaction<'_>, raw: &mut Raw, prev: &str) -> Result<()> {
    raw.prev_hash = prev.to_owned();
    raw.hash = digest(raw, prev);
    tx.prepare_cached(
        "INSERT INTO audit(id, at, actor, workstation, entity, entity_id, version_id, action, changes, prev_hash, hash,
            event_id, record_id, body_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        raw.id,
        raw.at,
        raw.actor,
        raw.workstation,
        raw.entity,
        raw.entity_id,
        raw.version_id,
        raw.action,
        raw.changes,
        raw.prev_hash,
        raw.hash,
        raw.event_id,
        raw.record_id,
        raw.body_hash
    ])?;
    Ok(())
}

/// The hash of the newest entry ("" for an empty trail), to chain the next one after.
pub(crate) fn last_hash_in(conn: &Connection) -> Result<String> {
    Ok(last_hash(conn)?)
}

/// Migration 002: rows written before the chain existed are chained in their order.
pub(crate) fn chain_existing(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch("DROP TRIGGER audit_no_update")?;
    let mut prev = String::new();
    // The columns of schema 2; those of 005 do not exist yet.
    let sql =
        "SELECT seq, id, at, actor, workstation, entity, entity_id, version_id, action, changes,
        prev_hash, hash, NULL, NULL, NULL FROM audit ORDER BY seq";
    let rows: Vec<Raw> = tx
        .prepare(sql)?
        .query_map([], raw)?
        .collect::<rusqlite::Result<_>>()?;
    for r in rows {
        let hash = digest(&r, &prev);
        tx.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            params![prev, hash, r.seq],
        )?;
        prev = hash;
    }
    tx.execute_batch(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
         BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    )
}

impl Store {
    /// The audit trail, oldest first.
    pub fn audit(&self) -> Result<Vec<AuditEntry>> {
        entries(&self.conn, None)
    }

    /// The audit trail of one appeal (its history), oldest first.
    pub fn history(&self, appeal_id: &str) -> Result<Vec<AuditEntry>> {
        entries(&self.conn, Some(appeal_id))
    }

    /// Walks the hash chain and reports the first broken link.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        verify(&self.conn)
    }
}

fn entries(conn: &Connection, entity_id: Option<&str>) -> Result<Vec<AuditEntry>> {
    raw_rows(conn, entity_id)?
        .into_iter()
        .map(|r| {
            Ok(AuditEntry {
                seq: r.seq,
                at: parse_ts(&r.at)?,
                actor: r.actor,
                workstation: r.workstation,
                entity: r.entity,
                entity_id: r.entity_id,
                version_id: r.version_id,
                action: r.action,
                changes: serde_json::from_str(&r.changes).map_err(|e| {
                    StoreError::Corrupt(format!("audit row {}: changes: {e}", r.seq))
                })?,
            })
        })
        .collect()
}

/// Whether the entry's link and hash hold, given the previous entry's hash.
pub(crate) fn link_broken(r: &Raw, prev: &str) -> Option<&'static str> {
    if r.prev_hash != prev {
        Some(BROKEN_LINK)
    } else if digest(r, prev) != r.hash {
        Some(CHANGED_CONTENT)
    } else {
        None
    }
}

fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut prev = String::new();
    let mut checked = 0u64;
    let mut broken = None;
    for_each_raw(conn, |r| {
        if let Some(reason) = link_broken(&r, &prev) {
            broken = Some((r.seq, reason.to_owned()));
            return Ok(false);
        }
        prev = r.hash;
        checked += 1;
        Ok(true)
    })?;
    Ok(AuditCheck { checked, broken })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testing::{register, store};

    #[test]
    fn an_audit_row_whose_changes_cannot_be_read_is_corrupt_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let id = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
        s.connection()
            .execute(
                "INSERT INTO audit(id, at, actor, workstation, entity, entity_id, action, changes)
                 VALUES ('x', '2026-11-20T06:00:00.000000Z', 'op', 'AST1', 'appeal', ?1, 'correct', '{\"organisation\": [')",
                [&id],
            )
            .unwrap();
        match s.history(&id) {
            Err(StoreError::Corrupt(m)) => assert!(m.contains("audit row 3"), "{m}"),
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }
}
