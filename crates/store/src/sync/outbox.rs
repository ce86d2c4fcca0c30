//! The outbox: every travelling audit entry as the op it becomes, numbered `local_seq`
//! 1, 2, 3… without gaps (the server rejects a gap). Written only by `audit::insert`, in
//! the change's transaction; append-only, like the entries themselves. An op is pending
//! until [`Store::acknowledge`] records the `server_seq` the server gave it.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{PendingSummary, SyncError, travels};
use crate::audit::{self, Raw};
use crate::canonical::{self, Table};
use crate::{Result, Store, StoreError, parse_ts, parse_uuid};

/// Writes the outbox row of the entry just inserted.
pub(crate) fn append(tx: &Connection, raw: &Raw, body: &str, sha256: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO outbox(local_seq, op_id, workstation, author, client_time, entity, entity_id, action,
            changes, body, sha256)
         VALUES ((SELECT COALESCE(MAX(local_seq), 0) + 1 FROM outbox), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        raw.id,
        raw.workstation,
        raw.actor,
        raw.at,
        raw.entity,
        raw.entity_id,
        raw.action,
        raw.changes,
        body,
        sha256
    ])?;
    Ok(())
}

/// Migration 006: the history written before sync joins the outbox in its order. Only
/// entries that cover their rows (migration 005 on) can say which rows they wrote; older
/// ones stay on this workstation. A role or setting entry carries the value it set (its
/// `changes`), not the row as it now stands. An entry whose rows no longer match it is
/// left out and logged: `Store::verify` reports it.
pub(crate) fn backfill(tx: &Transaction<'_>) -> Result<()> {
    let mut entries = Vec::new();
    audit::for_each_raw(tx, |r| {
        if r.body_hash.is_some() && travels(tx, &r)? {
            entries.push(r);
        }
        Ok(true)
    })?;
    for r in entries {
        let text = match r.entity.as_str() {
            "user" | "setting" => mutable_body(&r),
            _ => {
                let b = canonical::body(tx, &audit::records_of(&r))?;
                (b.missing.is_none() && Some(&b.sha256) == r.body_hash.as_ref()).then_some(b.text)
            }
        };
        match text {
            Some(text) => append(tx, &r, &text, &desk_wire::body_sha256(&text))?,
            None => tracing::warn!(seq = r.seq, "audit entry does not match its rows; not sent"),
        }
    }
    Ok(())
}

/// The body of a role or setting entry from the value its changes name.
fn mutable_body(r: &Raw) -> Option<String> {
    let changes: serde_json::Value = serde_json::from_str(&r.changes).ok()?;
    let (table, field) = if r.entity == "user" {
        (Table::Users, "role")
    } else {
        (Table::Settings, r.entity_id.as_str())
    };
    let value = changes[field][1].as_str()?;
    let row = serde_json::json!([table.name(), r.entity_id, value]);
    Some(serde_json::json!([desk_wire::body::TAG, row]).to_string())
}

type OutboxRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

fn op_of(row: OutboxRow, code: &str) -> Result<desk_wire::Op> {
    let (local_seq, op_id, workstation, author, at, entity, entity_id, action, changes, body, sha) =
        row;
    Ok(desk_wire::Op {
        op_id: parse_uuid(&op_id)?,
        local_seq,
        // Entries written before the workstation code was set carry none; they are this
        // workstation's all the same.
        workstation: if workstation.is_empty() {
            code.to_owned()
        } else {
            workstation
        },
        author,
        client_time: parse_ts(&at)?,
        entity,
        entity_id,
        action,
        changes: serde_json::from_str(&changes)
            .map_err(|e| StoreError::Corrupt(format!("outbox {local_seq}: changes: {e}")))?,
        body,
        sha256: sha,
    })
}

impl Store {
    /// Ops not yet acknowledged, in `local_seq` order (at most `limit`).
    pub fn pending_ops(&self, limit: usize) -> Result<Vec<desk_wire::Op>> {
        let code = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.local_seq, o.op_id, o.workstation, o.author, o.client_time, o.entity, o.entity_id,
                o.action, o.changes, o.body, o.sha256
             FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM sync_ops s WHERE s.op_id = o.op_id)
             ORDER BY o.local_seq LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<OutboxRow>>>()?;
        rows.into_iter().map(|r| op_of(r, code.as_str())).collect()
    }

    /// How many ops wait, and the client time of the oldest.
    pub fn pending_summary(&self) -> Result<PendingSummary> {
        let (count, oldest): (i64, Option<String>) = self.conn.query_row(
            "SELECT COUNT(*), MIN(o.client_time) FROM outbox o
             WHERE NOT EXISTS (SELECT 1 FROM sync_ops s WHERE s.op_id = o.op_id)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(PendingSummary {
            count: count as u64,
            oldest: oldest.map(|s| parse_ts(&s)).transpose()?,
        })
    }

    /// Marks ops acknowledged with the `server_seq` the server gave them; call only with
    /// the server's reply. An ack for an op this workstation did not write, with another
    /// `local_seq`, or contradicting an earlier ack is refused and nothing is marked.
    pub fn acknowledge(&mut self, acks: &[desk_wire::Ack]) -> Result<()> {
        let tx = write_tx!(self);
        for a in acks {
            let op_id = a.op_id.to_string();
            let bad = |why: &str| SyncError::BadAck {
                op_id: op_id.clone(),
                why: why.to_owned(),
            };
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT local_seq, workstation FROM outbox WHERE op_id = ?1",
                    [&op_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((local_seq, workstation)) = row else {
                return Err(bad("not an op of this workstation").into());
            };
            if local_seq != a.local_seq {
                return Err(bad(&format!("local_seq {} is {local_seq} here", a.local_seq)).into());
            }
            record(&tx, &op_id, a.server_seq, &workstation, local_seq, None).map_err(
                |e| match e {
                    StoreError::Sync(SyncError::BadAck { why, .. }) => bad(&why).into(),
                    e => e,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Records an op's place on the server; a second record of it must agree.
pub(crate) fn record(
    tx: &Connection,
    op_id: &str,
    server_seq: i64,
    workstation: &str,
    local_seq: i64,
    hash: Option<&str>,
) -> Result<()> {
    let known: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT server_seq, hash FROM sync_ops WHERE op_id = ?1")?
        .query_row([op_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let bad = |why: String| {
        StoreError::Sync(SyncError::BadAck {
            op_id: op_id.to_owned(),
            why,
        })
    };
    match known {
        Some((seq, _)) if seq != server_seq => {
            Err(bad(format!("server_seq {server_seq}, earlier {seq}")))
        }
        Some((_, Some(h))) if hash.is_some_and(|x| x != h) => {
            Err(bad("another chain link than before".to_owned()))
        }
        Some((_, Some(_))) => Ok(()),
        Some((_, None)) => {
            if let Some(h) = hash {
                tx.prepare_cached("UPDATE sync_ops SET hash = ?1 WHERE op_id = ?2")?
                    .execute(params![h, op_id])?;
            }
            Ok(())
        }
        None => {
            let taken: Option<String> = tx
                .prepare_cached("SELECT op_id FROM sync_ops WHERE server_seq = ?1")?
                .query_row([server_seq], |r| r.get(0))
                .optional()?;
            if let Some(other) = taken {
                return Err(bad(format!("server_seq {server_seq} is op {other} here")));
            }
            tx.prepare_cached(
                "INSERT INTO sync_ops(op_id, server_seq, workstation, local_seq, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![op_id, server_seq, workstation, local_seq, hash])?;
            Ok(())
        }
    }
}
