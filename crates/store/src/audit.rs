//! The audit trail as a hash chain. Each row's hash covers its content and the previous
//! row's hash, so editing, deleting or reordering a row (e.g. with the sqlite3 shell,
//! after dropping the triggers) breaks the chain at that row.
//!
//! Limits: deleting the newest rows leaves a shorter but consistent chain; catching that
//! needs the head hash kept elsewhere (the central server, once sync lands).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Actor, Result, Store, StoreError, parse_ts, ts};

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

struct Raw {
    seq: i64,
    id: String,
    at: String,
    actor: String,
    workstation: String,
    entity: String,
    entity_id: String,
    version_id: Option<String>,
    action: String,
    changes: String,
    prev_hash: String,
    hash: String,
}

fn digest(r: &Raw, prev: &str) -> String {
    // A JSON array is an unambiguous encoding: no field can bleed into the next.
    let content = serde_json::json!([
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
    ]);
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

fn raw_rows(conn: &Connection, entity_id: Option<&str>) -> rusqlite::Result<Vec<Raw>> {
    let sql = "SELECT seq, id, at, actor, workstation, entity, entity_id, version_id, action, changes, prev_hash, hash
               FROM audit WHERE (?1 IS NULL OR entity_id = ?1) ORDER BY seq";
    let mut stmt = conn.prepare(sql)?;
    stmt.query_map([entity_id], |r| {
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
        })
    })?
    .collect()
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
) -> Result<()> {
    let prev = last_hash(tx)?;
    let raw = Raw {
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
    };
    let hash = digest(&raw, &prev);
    tx.execute(
        "INSERT INTO audit(id, at, actor, workstation, entity, entity_id, version_id, action, changes, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            raw.id,
            raw.at,
            raw.actor,
            raw.workstation,
            raw.entity,
            raw.entity_id,
            raw.version_id,
            raw.action,
            raw.changes,
            prev,
            hash
        ],
    )?;
    Ok(())
}

/// Migration 002: rows written before the chain existed are chained in their order.
pub(crate) fn chain_existing(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch("DROP TRIGGER audit_no_update")?;
    let mut prev = String::new();
    for r in raw_rows(tx, None)? {
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

fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut prev = String::new();
    let mut checked = 0u64;
    for r in raw_rows(conn, None)? {
        let broken = if r.prev_hash != prev {
            Some(BROKEN_LINK)
        } else if digest(&r, &prev) != r.hash {
            Some(CHANGED_CONTENT)
        } else {
            None
        };
        if let Some(reason) = broken {
            return Ok(AuditCheck {
                checked,
                broken: Some((r.seq, reason.to_owned())),
            });
        }
        prev = r.hash;
        checked += 1;
    }
    Ok(AuditCheck {
        checked,
        broken: None,
    })
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
