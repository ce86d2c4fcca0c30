//! What makes local histories travel and merge (issue 15): the outbox every travelling
//! audit entry writes ([`outbox`]), applying what a pull brings ([`pull`]), conflicts and
//! their resolution ([`conflicts`]), attachment parts ([`blobs`]) and this workstation's
//! standing with the server (here).
//!
//! The transport is not here: the client (`desk-app`) asks the store for
//! [`Store::pending_ops`], sends them, hands the reply to [`Store::acknowledge`], pulls and
//! hands the reply to [`Store::apply_pulled`]. Every step is one SQLite transaction.

mod blobs;
mod conflicts;
mod outbox;
mod pull;

use chrono::{DateTime, Utc};
use desk_journal::Role;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

pub use blobs::BlobNeed;
pub use conflicts::{Conflict, RecordSync};
pub(crate) use outbox::{append as outbox_append, backfill as outbox_backfill};
pub use pull::Applied;

use crate::audit::{self, Raw};
use crate::{Actor, Result, Store, StoreError, parse_ts, parse_uuid, ts};

/// Why sync refused something. Nothing is written when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The pulled chain does not link up with itself or with the last head this
    /// workstation saw: the server lost, gained or reordered ops.
    #[error("the server's chain does not link up at server_seq {server_seq}: {why}")]
    ChainBroken { server_seq: i64, why: String },
    /// An op whose body cannot be applied as it stands.
    #[error("op {op_id}: {why}")]
    InvalidOp { op_id: String, why: String },
    /// A pulled row exists here with other content: history is never overwritten.
    #[error("op {op_id}: {row} is already here with other content")]
    RowDiffers { op_id: String, row: String },
    /// A pulled appeal carries an incident number this journal already gave another.
    #[error("op {op_id}: the incident number {number} is already taken")]
    NumberTaken { op_id: String, number: String },
    /// An attachment's file is not complete here yet: download its parts first.
    #[error("the attachment file {sha256} is not complete here")]
    BlobMissing { sha256: String },
    /// A part of an attachment file does not match its hash, size or place.
    #[error("part {index} of the attachment file {sha256}: {why}")]
    BadPart {
        sha256: String,
        index: u32,
        why: String,
    },
    /// An acknowledgement for an op this workstation did not write, or that contradicts
    /// an earlier one.
    #[error("acknowledgement of op {op_id}: {why}")]
    BadAck { op_id: String, why: String },
    /// The version to resolve against is not a branch of the appeal.
    #[error("version {version_id} is not a branch of appeal {appeal_id}")]
    NotABranch {
        appeal_id: String,
        version_id: String,
    },
}

/// Settings that stay on this workstation: its code, its language, its connection to
/// the server. Every other setting is shared (support hours…) and travels.
pub fn is_local_setting(key: &str) -> bool {
    matches!(key, "workstation" | "language") || key.starts_with("sync.")
}

/// How many ops wait to be pushed, and the client time of the oldest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSummary {
    pub count: u64,
    pub oldest: Option<DateTime<Utc>>,
}

/// This workstation's standing with the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    /// The last chain head this workstation saw (and verified).
    pub last_head: Option<desk_wire::ChainHead>,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    /// Why the last attempt failed; `None` after a success.
    pub last_error: Option<String>,
    /// Since when the server's accounts are authoritative here.
    pub registered_at: Option<DateTime<Utc>>,
}

/// Whether an audit entry travels (`audit::insert` asks, inside the write).
pub(crate) fn travels(c: &Connection, raw: &Raw) -> Result<bool> {
    Ok(match raw.entity.as_str() {
        // The journal's own bookkeeping (migration 005's cover entry).
        "journal" => false,
        // The outbox is this workstation's: it sends its own mail (issue 18); the event
        // a sent message meets travels as any event.
        "mail" => false,
        "setting" => !is_local_setting(&raw.entity_id),
        // A local password is this workstation's own (the server keeps its own): the
        // entry carries no hash, and the server has no such change to accept.
        "user" if raw.action == "set_password" => false,
        // Once registered, the server's accounts are authoritative (issue 15 item 5).
        "user" => registered_at(c)?.is_none(),
        _ => true,
    })
}

fn registered_at(c: &Connection) -> Result<Option<String>> {
    Ok(c.query_row(
        "SELECT registered_at FROM sync_state WHERE id = 1",
        [],
        |r| r.get(0),
    )
    .optional()?
    .flatten())
}

fn opt_ts(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.map(|s| parse_ts(&s)).transpose()
}

/// The login the server's account changes are recorded under.
pub const SERVER_ACTOR: &str = "desk-server";

impl Store {
    /// The workstation as it introduces itself to a server: an id generated at the first
    /// call (UUIDv7, kept) and its code.
    pub fn workstation_identity(&mut self) -> Result<desk_wire::WorkstationIdentity> {
        let code = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let tx = write_tx!(self);
        let id: Option<String> = tx.query_row(
            "SELECT workstation_id FROM sync_state WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        let id = match id {
            Some(id) => parse_uuid(&id)?,
            None => {
                let id = Uuid::now_v7();
                tx.execute(
                    "UPDATE sync_state SET workstation_id = ?1 WHERE id = 1",
                    [id.to_string()],
                )?;
                id
            }
        };
        tx.commit()?;
        Ok(desk_wire::WorkstationIdentity {
            id,
            code: code.as_str().to_owned(),
        })
    }

    pub fn sync_state(&self) -> Result<SyncState> {
        Ok(self.conn.query_row(
            "SELECT head_seq, head_hash, last_attempt, last_success, last_error, registered_at
             FROM sync_state WHERE id = 1",
            [],
            |r| {
                let seq: Option<i64> = r.get(0)?;
                let hash: Option<String> = r.get(1)?;
                Ok(SyncState {
                    last_head: seq
                        .zip(hash)
                        .map(|(server_seq, hash)| desk_wire::ChainHead { server_seq, hash }),
                    last_attempt: opt_ts(r.get(2)?)?,
                    last_success: opt_ts(r.get(3)?)?,
                    last_error: r.get(4)?,
                    registered_at: opt_ts(r.get(5)?)?,
                })
            },
        )?)
    }

    /// Records a sync attempt: a success (`error` = `None`) also becomes the last success.
    pub fn record_sync_attempt(&mut self, at: DateTime<Utc>, error: Option<&str>) -> Result<()> {
        self.materialise()?;
        self.conn.execute(
            "UPDATE sync_state SET last_attempt = ?1, last_error = ?2,
                last_success = CASE WHEN ?2 IS NULL THEN ?1 ELSE last_success END
             WHERE id = 1",
            params![ts(at), error],
        )?;
        Ok(())
    }

    /// Marks this workstation registered with a server: from now on its users and roles
    /// are the server's, and local role changes no longer travel. Idempotent.
    pub fn set_registered(&mut self, at: DateTime<Utc>) -> Result<()> {
        self.materialise()?;
        self.conn.execute(
            "UPDATE sync_state SET registered_at = COALESCE(registered_at, ?1) WHERE id = 1",
            [ts(at)],
        )?;
        Ok(())
    }

    /// Takes the server's accounts (`GET users`) as this workstation's roles: each login
    /// whose role differs is written with an audit entry under [`SERVER_ACTOR`], and none
    /// travels back. Marks the workstation registered. Logins the server does not list are
    /// left as they are (the server refuses their changes). Returns how many changed.
    pub fn replace_users_from_server(
        &mut self,
        accounts: &[desk_wire::UserAccount],
        at: DateTime<Utc>,
    ) -> Result<usize> {
        let tx = write_tx!(self);
        tx.execute(
            "UPDATE sync_state SET registered_at = COALESCE(registered_at, ?1) WHERE id = 1",
            [ts(at)],
        )?;
        let workstation = Self::workstation_in(&tx)?;
        let actor = Actor {
            user: SERVER_ACTOR.to_owned(),
        };
        let mut changed = 0;
        for a in accounts {
            let role = match a.role {
                desk_wire::Role::Operator => Role::Operator,
                desk_wire::Role::Specialist => Role::Specialist,
                desk_wire::Role::Supervisor => Role::Supervisor,
            };
            let old: Option<String> = tx
                .query_row("SELECT role FROM users WHERE login = ?1", [&a.login], |r| {
                    r.get(0)
                })
                .optional()?;
            if old.as_deref() == Some(role.code()) {
                continue;
            }
            tx.execute(
                "INSERT INTO users(login, role) VALUES (?1, ?2) ON CONFLICT(login) DO UPDATE SET role = excluded.role",
                params![a.login, role.code()],
            )?;
            audit::insert(
                &tx,
                at,
                &actor,
                &workstation,
                "user",
                &a.login,
                None,
                "set_role",
                &serde_json::json!({ "role": [old, role.code()] }),
                audit::Rows::default(),
            )?;
            changed += 1;
        }
        tx.commit()?;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests;
