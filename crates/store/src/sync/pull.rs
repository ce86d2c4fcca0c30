//! Applying what a pull brings: the chain checked link by link from the last head this
//! workstation saw, each op it does not have written as the same audit entry with its
//! rows exactly as its body holds them, the touched appeals' projections rebuilt by the
//! one projection writer, the new head remembered — one transaction, or nothing.
//!
//! An op this workstation wrote itself is recognised by its id and only gets its
//! `server_seq`. One the server says this workstation wrote but that is missing here
//! (the newest entries deleted behind the application) is restored from the server with
//! its outbox row and reported in [`Applied::restored`]: the ledger on the server is the
//! record, and leaving the gap would block every later push of this workstation.

use std::collections::BTreeSet;

use desk_wire::body::{self as layout, Row};
use desk_wire::{PullReply, ServerOp};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::outbox::record;
use super::{SyncError, blobs, is_local_setting};
use crate::audit::{self, Raw};
use crate::canonical::{self, Record, Table};
use crate::{Result, Store, StoreError, links, projection, ts};

/// What [`Store::apply_pulled`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// Other workstations' ops written here.
    pub applied: usize,
    /// This workstation's own ops recognised (they only got their `server_seq`).
    pub own: usize,
    /// Ops already here from an earlier pull.
    pub duplicate: usize,
    /// Ops that carry nothing for this workstation (another's local setting).
    pub ignored: usize,
    /// This workstation's own ops that were missing here and were restored from the
    /// server: its newest entries had been deleted. Show it; `verify` is clean again.
    pub restored: Vec<Uuid>,
    /// Incident numbers of the touched appeals that are now conflicted.
    pub conflicts_now: Vec<String>,
}

fn broken(server_seq: i64, why: impl Into<String>) -> StoreError {
    SyncError::ChainBroken {
        server_seq,
        why: why.into(),
    }
    .into()
}

fn invalid(op_id: &str, why: impl Into<String>) -> StoreError {
    SyncError::InvalidOp {
        op_id: op_id.to_owned(),
        why: why.into(),
    }
    .into()
}

/// The chain link recorded here for `server_seq` ("" before the first).
fn known_link(
    c: &Connection,
    head: &desk_wire::ChainHead,
    server_seq: i64,
) -> Result<Option<String>> {
    if server_seq == 0 {
        return Ok(Some(String::new()));
    }
    if server_seq == head.server_seq {
        return Ok(Some(head.hash.clone()));
    }
    Ok(c.query_row(
        "SELECT hash FROM sync_ops WHERE server_seq = ?1",
        [server_seq],
        |r| r.get::<_, Option<String>>(0),
    )
    .optional()?
    .flatten())
}

/// Checks that the reply links up with itself and with `head` (the last one seen);
/// returns the head to remember.
fn check_chain(
    c: &Connection,
    head: &desk_wire::ChainHead,
    reply: &PullReply,
) -> Result<desk_wire::ChainHead> {
    if reply.head.server_seq < head.server_seq {
        return Err(broken(
            reply.head.server_seq,
            format!(
                "the server's head is older than server_seq {} seen here",
                head.server_seq
            ),
        ));
    }
    let Some(first) = reply.ops.first() else {
        if reply.head != *head {
            return Err(broken(
                reply.head.server_seq,
                "no ops, yet the server's head is not the one seen here",
            ));
        }
        return Ok(head.clone());
    };
    if first.server_seq < 1 || first.server_seq > head.server_seq + 1 {
        return Err(broken(
            first.server_seq,
            format!("the ops after server_seq {} are missing", head.server_seq),
        ));
    }
    let mut prev = known_link(c, head, first.server_seq - 1)?
        .ok_or_else(|| broken(first.server_seq, "the previous link is not known here"))?;
    let mut expected = first.server_seq;
    for so in &reply.ops {
        if so.server_seq != expected {
            return Err(broken(
                so.server_seq,
                format!("expected server_seq {expected}"),
            ));
        }
        if so.prev_hash != prev {
            return Err(broken(
                so.server_seq,
                "it does not follow the previous link",
            ));
        }
        if desk_wire::chain_hash(&prev, so.server_seq, &so.op) != so.hash {
            return Err(broken(so.server_seq, "its link is not the hash of its op"));
        }
        if desk_wire::body_sha256(&so.op.body) != so.op.sha256 {
            return Err(invalid(
                &so.op.op_id.to_string(),
                "the body does not match its hash",
            ));
        }
        prev = so.hash.clone();
        expected += 1;
    }
    let last = desk_wire::ChainHead {
        server_seq: expected - 1,
        hash: prev,
    };
    if reply.more {
        if reply.head.server_seq <= last.server_seq {
            return Err(broken(
                reply.head.server_seq,
                "more ops announced past the head",
            ));
        }
    } else if last.server_seq >= head.server_seq && reply.head != last {
        return Err(broken(
            reply.head.server_seq,
            "the last op is not the server's head",
        ));
    }
    Ok(if last.server_seq > head.server_seq {
        last
    } else {
        head.clone()
    })
}

impl Store {
    /// Verifies the pulled chain from the last head this workstation saw, applies the ops
    /// it does not have yet, rebuilds the touched appeals' projections, remembers the new
    /// head — one transaction. A broken chain, an op that cannot be applied (a row here
    /// with other content, an attachment whose file is not complete here) is an error
    /// and nothing is written.
    pub fn apply_pulled(&mut self, reply: &PullReply) -> Result<Applied> {
        let code = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let tx = write_tx!(self);
        let head = tx.query_row(
            "SELECT COALESCE(head_seq, 0), COALESCE(head_hash, '') FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok(desk_wire::ChainHead {
                    server_seq: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )?;
        let new_head = check_chain(&tx, &head, reply)?;
        let mut out = Applied::default();
        let mut touched = BTreeSet::new();
        for so in &reply.ops {
            apply_one(&tx, &self.dir, code.as_str(), so, &mut out, &mut touched)?;
        }
        let mut rebuilt = BTreeSet::new();
        for id in &touched {
            for report in std::iter::once(id.clone()).chain(links::reports_through(&tx, id)?) {
                if rebuilt.insert(report.clone()) {
                    projection::rebuild_head(&tx, self.clocks.as_ref(), &report)?;
                }
            }
        }
        let mut conflicted = tx.prepare_cached(
            "SELECT a.number FROM appeal_heads h JOIN appeals a ON a.id = h.appeal_id
             WHERE h.appeal_id = ?1 AND h.conflicted = 1",
        )?;
        for id in &touched {
            if let Some(n) = conflicted
                .query_row([id], |r| r.get::<_, String>(0))
                .optional()?
            {
                out.conflicts_now.push(n);
            }
        }
        drop(conflicted);
        tx.execute(
            "UPDATE sync_state SET head_seq = ?1, head_hash = ?2 WHERE id = 1",
            params![new_head.server_seq, new_head.hash],
        )?;
        tx.commit()?;
        for id in &out.restored {
            tracing::error!(op = %id, "an op of this workstation was missing here and was restored from the server");
        }
        Ok(out)
    }
}

fn exists(c: &Connection, sql: &str, key: &str) -> Result<bool> {
    Ok(c.prepare_cached(sql)?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

fn apply_one(
    tx: &Transaction<'_>,
    root: &std::path::Path,
    code: &str,
    so: &ServerOp,
    out: &mut Applied,
    touched: &mut BTreeSet<String>,
) -> Result<()> {
    let op = &so.op;
    let op_id = op.op_id.to_string();
    let place = |tx: &Transaction<'_>| {
        record(
            tx,
            &op_id,
            so.server_seq,
            &op.workstation,
            op.local_seq,
            Some(&so.hash),
        )
    };
    if exists(
        tx,
        "SELECT 1 FROM sync_ops WHERE op_id = ?1 AND hash IS NOT NULL",
        &op_id,
    )? {
        place(tx)?;
        out.duplicate += 1;
        return Ok(());
    }
    let outbox: Option<(i64, String)> = tx
        .prepare_cached("SELECT local_seq, sha256 FROM outbox WHERE op_id = ?1")?
        .query_row([&op_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((local_seq, sha)) = &outbox
        && (*local_seq != op.local_seq || *sha != op.sha256)
    {
        return Err(invalid(&op_id, "the server holds another op under this id"));
    }
    let in_audit = exists(tx, "SELECT 1 FROM audit WHERE id = ?1", &op_id)?;
    let own = op.workstation == code || outbox.is_some();
    if in_audit {
        place(tx)?;
        if outbox.is_some() {
            out.own += 1;
        } else {
            out.duplicate += 1;
        }
        return Ok(());
    }
    // Nothing another workstation keeps for itself is written here.
    if op.entity == "journal" || (op.entity == "setting" && is_local_setting(&op.entity_id)) {
        place(tx)?;
        tx.execute("UPDATE sync_ops SET ignored = 1 WHERE op_id = ?1", [&op_id])?;
        out.ignored += 1;
        return Ok(());
    }
    apply_rows(tx, root, so, touched)?;
    if own {
        if outbox.is_none() {
            let taken = exists(
                tx,
                "SELECT 1 FROM outbox WHERE local_seq = ?1",
                &op.local_seq.to_string(),
            )?;
            if taken {
                return Err(invalid(
                    &op_id,
                    format!("local_seq {} is another op here", op.local_seq),
                ));
            }
            tx.execute(
                "INSERT INTO outbox(local_seq, op_id, workstation, author, client_time, entity, entity_id, action,
                    changes, body, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    op.local_seq,
                    op_id,
                    op.workstation,
                    op.author,
                    ts(op.client_time),
                    op.entity,
                    op.entity_id,
                    op.action,
                    op.changes.to_string(),
                    op.body,
                    op.sha256
                ],
            )?;
        }
        out.restored.push(op.op_id);
    } else {
        out.applied += 1;
    }
    place(tx)
}

fn sql_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Number(n) => n.as_i64().map_or(Value::Null, Value::Integer),
        _ => Value::Null,
    }
}

/// Writes the op's rows and its audit entry.
fn apply_rows(
    tx: &Transaction<'_>,
    root: &std::path::Path,
    so: &ServerOp,
    touched: &mut BTreeSet<String>,
) -> Result<()> {
    let op = &so.op;
    let op_id = op.op_id.to_string();
    let rows = layout::parse(&op.body).map_err(|e| invalid(&op_id, e.to_string()))?;
    let mut raw = Raw {
        seq: 0,
        id: op_id.clone(),
        at: ts(op.client_time),
        actor: op.author.clone(),
        workstation: op.workstation.clone(),
        entity: op.entity.clone(),
        entity_id: op.entity_id.clone(),
        version_id: None,
        action: op.action.clone(),
        changes: op.changes.to_string(),
        prev_hash: String::new(),
        hash: String::new(),
        event_id: None,
        record_id: None,
        body_hash: Some(op.sha256.clone()),
    };
    let mut records = Vec::new();
    let mut all_written = true;
    for row in &rows {
        let table = Table::of(row.table).ok_or_else(|| invalid(&op_id, "unknown table"))?;
        let key = row.key().unwrap_or_default().to_owned();
        match table {
            Table::Versions => raw.version_id = Some(key.clone()),
            Table::Events => raw.event_id = Some(key.clone()),
            Table::Attachments | Table::Extensions => raw.record_id = Some(key.clone()),
            t if crate::commission::is_commission(t) => raw.record_id = Some(key.clone()),
            _ => {}
        }
        match table {
            Table::Appeals => {
                touched.insert(key.clone());
            }
            Table::Users | Table::Settings => {}
            _ => {
                if let Some(a) = row.text("appeal_id") {
                    touched.insert(a.to_owned());
                }
            }
        }
        let record = Record::new(table, &key);
        match table {
            Table::Users | Table::Settings => {
                if newer_here(tx, &op.entity, &key, so.server_seq)? {
                    all_written = false;
                } else {
                    upsert(tx, row).map_err(|e| constraint(e, &op_id, &record, row))?;
                }
            }
            _ => {
                if table == Table::Attachments {
                    let sha = row.text("sha256").unwrap_or_default();
                    let size = row.get("size").and_then(serde_json::Value::as_i64);
                    let parts = row.get("parts").and_then(serde_json::Value::as_i64);
                    if !blobs::complete(root, sha, size, parts)? {
                        return Err(SyncError::BlobMissing {
                            sha256: sha.to_owned(),
                        }
                        .into());
                    }
                }
                insert_new(tx, &op_id, &record, row)?;
            }
        }
        records.push(record);
    }
    if audit::records_of(&raw) != records {
        return Err(invalid(
            &op_id,
            "the body holds other rows than its entry names",
        ));
    }
    if all_written && canonical::body(tx, &records)?.text != op.body {
        return Err(invalid(&op_id, "the rows as written are not the body"));
    }
    let prev = audit::last_hash_in(tx)?;
    audit::append(tx, &mut raw, &prev)?;
    Ok(())
}

/// Whether this journal holds a change of the same role or setting that is newer in the
/// server's order than `server_seq` (or not ordered by it yet): that one stands.
fn newer_here(tx: &Connection, entity: &str, key: &str, server_seq: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM audit u LEFT JOIN sync_ops s ON s.op_id = u.id
             WHERE u.entity = ?1 AND u.entity_id = ?2 AND (s.server_seq IS NULL OR s.server_seq > ?3) LIMIT 1",
        )?
        .query_row(params![entity, key, server_seq], |_| Ok(()))
        .optional()?
        .is_some())
}

fn upsert(tx: &Connection, row: &Row) -> Result<()> {
    let spec = row.table;
    let sql = format!(
        "INSERT INTO {}({}) VALUES ({}) ON CONFLICT({}) DO UPDATE SET {}",
        spec.name,
        spec.columns.join(", "),
        (1..=spec.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", "),
        spec.key,
        spec.columns[1..]
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(row.values.iter().map(sql_value)))?;
    Ok(())
}

/// A row the schema refuses (an unknown role, a missing parent, a taken number) is the
/// op's fault, named as such.
fn constraint(e: StoreError, op_id: &str, record: &Record, row: &Row) -> StoreError {
    match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, msg))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            let msg = msg.unwrap_or_default();
            if msg.contains("appeals.number") || msg.contains("appeals.workstation") {
                SyncError::NumberTaken {
                    op_id: op_id.to_owned(),
                    number: row.text("number").unwrap_or_default().to_owned(),
                }
                .into()
            } else {
                invalid(op_id, format!("{record}: {msg}"))
            }
        }
        e => e,
    }
}

/// Inserts an append-only row; one already here must be the same.
fn insert_new(tx: &Connection, op_id: &str, record: &Record, row: &Row) -> Result<()> {
    if let Some(here) = canonical::row(tx, record)? {
        // `here` is the table's name, then every column (a version's second parent last).
        let n = row.values.len();
        let same = here.len() > n
            && here[1..=n] == row.values[..]
            && here[n + 1..].iter().all(serde_json::Value::is_null);
        if !same {
            return Err(SyncError::RowDiffers {
                op_id: op_id.to_owned(),
                row: record.to_string(),
            }
            .into());
        }
        return Ok(());
    }
    let spec = row.table;
    let sql = format!(
        "INSERT INTO {}({}) VALUES ({})",
        spec.name,
        spec.columns.join(", "),
        (1..=spec.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(row.values.iter().map(sql_value)))
        .map_err(|e| constraint(e.into(), op_id, record, row))?;
    Ok(())
}
