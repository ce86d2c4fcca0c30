//! Attachments (screenshots, documents) stored content-addressed by SHA-256 in the data
//! directory, in parts of at most 20 MB (000 §8, 002 §8), and reassembled exactly.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

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

fn part_path(root: &Path, sha: &str, part: u32) -> PathBuf {
    root.join("attachments")
        .join(&sha[..2])
        .join(format!("{sha}.{part:04}"))
}

impl Store {
    /// Copies `file` into the store and attaches it to the appeal.
    pub fn attach(
        &mut self,
        appeal_id: &str,
        file: &Path,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Attachment> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let io = |source| StoreError::Attachment {
            name: name.clone(),
            source,
        };
        let mut src = File::open(file).map_err(io)?;
        let staging = self.data_dir().join("attachments").join("incoming");
        fs::create_dir_all(&staging).map_err(io)?;
        let tag = Uuid::now_v7().to_string();

        // Parts are written under a temporary name while hashing, then moved to their
        // content address: an interrupted copy never leaves a half file under a real hash.
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let (mut size, mut parts) = (0u64, 0u32);
        let mut temp_parts = Vec::new();
        loop {
            let temp = staging.join(format!("{tag}.{parts:04}"));
            let mut out = File::create(&temp).map_err(io)?;
            let mut in_part = 0usize;
            while in_part < PART_SIZE {
                let want = buf.len().min(PART_SIZE - in_part);
                let n = src.read(&mut buf[..want]).map_err(io)?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n]).map_err(io)?;
                in_part += n;
            }
            out.sync_all().map_err(io)?;
            if in_part == 0 && parts > 0 {
                fs::remove_file(&temp).map_err(io)?;
                break;
            }
            temp_parts.push(temp);
            size += in_part as u64;
            parts += 1;
            if in_part < PART_SIZE {
                break;
            }
        }
        let sha = hex::encode(hasher.finalize());
        for (i, temp) in temp_parts.iter().enumerate() {
            let dest = part_path(self.data_dir(), &sha, i as u32);
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).map_err(io)?;
            }
            fs::rename(temp, &dest).map_err(io)?;
        }

        let id = Uuid::now_v7().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let workstation = Store::workstation_in(&tx)?;
        tx.execute(
            "INSERT INTO attachments(id, appeal_id, sha256, name, size, parts, added_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                appeal_id,
                sha,
                name,
                size as i64,
                parts,
                ts(now),
                actor.user
            ],
        )?;
        let changes = serde_json::json!({ "attachment": [null, { "name": name, "sha256": sha, "size": size }] });
        audit::insert(
            &tx,
            now,
            actor,
            &workstation,
            "appeal",
            appeal_id,
            None,
            "attach",
            &changes,
        )?;
        tx.commit()?;
        // Read back as stored (microsecond precision), so callers compare like with like.
        Ok(Attachment {
            id,
            sha256: sha,
            name,
            size,
            parts,
            added_at: parse_ts(&ts(now))?,
            author: actor.user.clone(),
        })
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
