//! Attachment files travel in the parts they are stored in (at most [`PART_SIZE`] bytes,
//! 000 §8), each checked by its SHA-256, so an interrupted upload or download resumes at
//! the first part the other side lacks. A part is written whole or not at all (a temporary
//! file renamed into place), and a pulled `attach` op is applied only once every part is
//! here and the whole file matches its hash.

use std::fs;
use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::SyncError;
use crate::attachments::{PART_SIZE, part_path};
use crate::{Result, Store, StoreError};

/// An attachment file some ops name: its hash, size, number of parts and which parts
/// this store already holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobNeed {
    pub sha256: String,
    pub size: u64,
    pub parts: u32,
    pub present: Vec<u32>,
}

fn bad_part(sha256: &str, index: u32, why: impl Into<String>) -> StoreError {
    SyncError::BadPart {
        sha256: sha256.to_owned(),
        index,
        why: why.into(),
    }
    .into()
}

/// A content address, nothing else: it becomes a file name.
fn check_sha(sha256: &str) -> Result<()> {
    if sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        Ok(())
    } else {
        Err(bad_part(sha256, 0, "not a SHA-256 in lower-case hex"))
    }
}

/// The size part `index` of a file of `size` bytes has: every part full but the last.
/// An empty file is one empty part (as `attachments/staging.rs` stores it).
fn part_size(size: u64, index: u32) -> u64 {
    let start = u64::from(index) * PART_SIZE as u64;
    size.saturating_sub(start).min(PART_SIZE as u64)
}

fn parts_of(size: u64) -> u32 {
    u32::try_from(size.div_ceil(PART_SIZE as u64).max(1)).unwrap_or(u32::MAX)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::DataDir {
        path: path.to_owned(),
        source,
    }
}

/// Whether every part of the file is here and the whole matches its hash.
pub(crate) fn complete(
    root: &Path,
    sha256: &str,
    size: Option<i64>,
    parts: Option<i64>,
) -> Result<bool> {
    check_sha(sha256)?;
    let (Some(size), Some(parts)) = (size, parts) else {
        return Ok(false);
    };
    let (Ok(size), Ok(parts)) = (u64::try_from(size), u32::try_from(parts)) else {
        return Ok(false);
    };
    if parts != parts_of(size) {
        return Ok(false);
    }
    let mut hasher = Sha256::new();
    for i in 0..parts {
        let path = part_path(root, sha256, i);
        match fs::read(&path) {
            Ok(bytes) if bytes.len() as u64 == part_size(size, i) => hasher.update(&bytes),
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Ok(hex::encode(hasher.finalize()) == sha256)
}

/// The attachment files the ops' bodies name.
fn blobs_in(ops: &[&desk_wire::Op]) -> Vec<(String, u64, u32)> {
    let mut out: Vec<(String, u64, u32)> = Vec::new();
    for op in ops {
        let Ok(rows) = desk_wire::body::parse(&op.body) else {
            continue;
        };
        for row in rows.iter().filter(|r| r.table.name == "attachments") {
            let sha = row.text("sha256").unwrap_or_default().to_owned();
            let size = row
                .get("size")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0);
            let parts = row
                .get("parts")
                .and_then(serde_json::Value::as_u64)
                .and_then(|p| u32::try_from(p).ok())
                .unwrap_or(0);
            if !out.iter().any(|(s, _, _)| *s == sha) {
                out.push((sha, size, parts));
            }
        }
    }
    out
}

impl Store {
    /// The parts of an attachment file this store holds complete (every part, the whole
    /// matching its hash), with each part's size and SHA-256 to upload; `None` when it
    /// does not hold it complete.
    pub fn blob_parts(&self, sha256: &str) -> Result<Option<Vec<desk_wire::BlobPart>>> {
        check_sha(sha256)?;
        let row: Option<(i64, i64)> = rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT size, parts FROM attachments WHERE sha256 = ?1 LIMIT 1",
            [sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        let Some((size, parts)) = row else {
            return Ok(None);
        };
        if !complete(self.data_dir(), sha256, Some(size), Some(parts))? {
            return Ok(None);
        }
        let mut out = Vec::new();
        for index in 0..u32::try_from(parts).unwrap_or(0) {
            let bytes = self.read_blob_part(sha256, index)?;
            out.push(desk_wire::BlobPart {
                index,
                size: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(&bytes)),
            });
        }
        Ok(Some(out))
    }

    /// The bytes of one part of an attachment file.
    pub fn read_blob_part(&self, sha256: &str, index: u32) -> Result<Vec<u8>> {
        check_sha(sha256)?;
        let path = part_path(self.data_dir(), sha256, index);
        fs::read(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                bad_part(sha256, index, "not here")
            } else {
                io(&path)(e)
            }
        })
    }

    /// Writes one pulled part of the attachment file `sha256` (`size` bytes in all),
    /// checked against the part's SHA-256 and the size its place gives it. Writing a part
    /// already here is harmless, so a download resumes by writing what is missing.
    pub fn write_blob_part(
        &self,
        sha256: &str,
        size: u64,
        index: u32,
        part_sha256: &str,
        bytes: &[u8],
    ) -> Result<()> {
        check_sha(sha256)?;
        if index >= parts_of(size) {
            return Err(bad_part(sha256, index, "past the end of the file"));
        }
        if bytes.len() as u64 != part_size(size, index) {
            return Err(bad_part(
                sha256,
                index,
                format!("{} bytes, {} expected", bytes.len(), part_size(size, index)),
            ));
        }
        if hex::encode(Sha256::digest(bytes)) != part_sha256.to_ascii_lowercase() {
            return Err(bad_part(sha256, index, "does not match its hash"));
        }
        let dest = part_path(self.data_dir(), sha256, index);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let temp = dest.with_extension(format!("{index:04}.{}.part", uuid::Uuid::now_v7()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&temp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            fs::rename(&temp, &dest)
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&temp);
            io(&dest)(e)
        })
    }

    /// The attachment files the ops name with the parts this store holds of each; those
    /// whose file is complete here are left out. What to download before applying a
    /// pull, or to upload before pushing ([`Store::blobs_of_ops`] lists them all).
    pub fn missing_blobs_of(&self, reply: &desk_wire::PullReply) -> Result<Vec<BlobNeed>> {
        let ops: Vec<&desk_wire::Op> = reply.ops.iter().map(|s| &s.op).collect();
        let mut out = Vec::new();
        for need in self.needs(&ops)? {
            let complete = complete(
                self.data_dir(),
                &need.sha256,
                i64::try_from(need.size).ok(),
                Some(i64::from(need.parts)),
            )?;
            if !complete {
                out.push(need);
            }
        }
        Ok(out)
    }

    /// Every attachment file the ops name, with the parts this store holds of each.
    pub fn blobs_of_ops(&self, ops: &[desk_wire::Op]) -> Result<Vec<BlobNeed>> {
        self.needs(&ops.iter().collect::<Vec<_>>())
    }

    fn needs(&self, ops: &[&desk_wire::Op]) -> Result<Vec<BlobNeed>> {
        let mut out = Vec::new();
        for (sha256, size, parts) in blobs_in(ops) {
            check_sha(&sha256)?;
            let present = (0..parts)
                .filter(|i| {
                    fs::metadata(part_path(self.data_dir(), &sha256, *i))
                        .is_ok_and(|m| m.len() == part_size(size, *i))
                })
                .collect();
            out.push(BlobNeed {
                sha256,
                size,
                parts,
                present,
            });
        }
        Ok(out)
    }
}
