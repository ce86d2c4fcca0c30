//! Attachments (screenshots, documents) stored content-addressed by SHA-256 in the data
//! directory, in parts of at most 20 MB (000 §8, 002 §8), and reassembled exactly.

mod staging;

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub(crate) use staging::Staged;

use crate::{Actor, Result, Store, StoreError, audit, parse_ts, ts};

/// The largest part kept on disk: 20 MB in the regulation's decimal sense.
pub const PART_SIZE: usize = 20_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub sha256: String,
    pub name: String,
    pub size: u64,
    pub parts: u32,
    pub added_at: DateTime<Utc>,
    pub author: String,
}

pub(crate) fn part_path(root: &Path, sha: &str, part: u32) -> PathBuf {
    root.join("attachments")
        .join(&sha[..2])
        .join(format!("{sha}.{part:04}"))
}

impl Store {
    /// Copies `file` into the store and attaches it to the appeal: the rows and the audit
    /// row in one transaction, the parts moved into place just before it commits.
    pub fn attach(
        &mut self,
        appeal_id: &str,
        file: &Path,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Attachment> {
        let mut staged = Staged::copy(self.data_dir(), file)?;
        let tx = write_tx!(self);
        let workstation = Store::workstation_in(&tx)?;
        let attachment = insert_in(&tx, appeal_id, &staged, actor, &workstation, now)?;
        staged.place(&self.dir)?;
        tx.commit()?;
        staged.committed();
        Ok(attachment)
    }

    /// Removes what attaches interrupted by a crash left behind (see [`staging`]); run
    /// at start. Returns how many interrupted attaches it cleaned up.
    pub fn sweep_attachment_staging(&self) -> Result<usize> {
        staging::sweep(self.data_dir(), &self.conn)
    }

    pub fn attachments(&self, appeal_id: &str) -> Result<Vec<Attachment>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, sha256, name, size, parts, added_at, author FROM attachments WHERE appeal_id = ?1 ORDER BY added_at",
        )?;
        let rows = stmt
            .query_map([appeal_id], |r| {
                Ok(Attachment {
                    id: r.get(0)?,
                    sha256: r.get(1)?,
                    name: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                    parts: r.get(4)?,
                    added_at: parse_ts(&r.get::<_, String>(5)?)?,
                    author: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Reassembles an attachment into `out`, checking it against its hash.
    pub fn export_attachment(&self, a: &Attachment, out: &Path) -> Result<()> {
        let io = |source| StoreError::Attachment {
            name: a.name.clone(),
            source,
        };
        let mut dest = File::create(out).map_err(io)?;
        let mut hasher = Sha256::new();
        for part in 0..a.parts {
            let bytes = fs::read(part_path(self.data_dir(), &a.sha256, part)).map_err(io)?;
            hasher.update(&bytes);
            dest.write_all(&bytes).map_err(io)?;
        }
        if hex::encode(hasher.finalize()) != a.sha256 {
            return Err(StoreError::Corrupt(format!(
                "attachment {} does not match its hash",
                a.name
            )));
        }
        Ok(())
    }
}

/// The attachment row and its audit row for a staged file, inside the caller's
/// transaction.
pub(crate) fn insert_in(
    tx: &Transaction<'_>,
    appeal_id: &str,
    staged: &Staged,
    actor: &Actor,
    workstation: &str,
    now: DateTime<Utc>,
) -> Result<Attachment> {
    let id = Uuid::now_v7().to_string();
    let (name, sha, size) = (&staged.name, &staged.sha256, staged.size);
    tx.execute(
        "INSERT INTO attachments(id, appeal_id, sha256, name, size, parts, added_at, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            appeal_id,
            sha,
            name,
            size as i64,
            staged.parts,
            ts(now),
            actor.user
        ],
    )?;
    let changes =
        serde_json::json!({ "attachment": [null, { "name": name, "sha256": sha, "size": size }] });
    audit::insert(
        tx,
        now,
        actor,
        workstation,
        "appeal",
        appeal_id,
        None,
        "attach",
        &changes,
        audit::Rows {
            event: None,
            row: Some(&id),
        },
    )?;
    // Read back as stored (microsecond precision), so callers compare like with like.
    Ok(Attachment {
        id,
        sha256: sha.clone(),
        name: name.clone(),
        size,
        parts: staged.parts,
        added_at: parse_ts(&ts(now))?,
        author: actor.user.clone(),
    })
}
