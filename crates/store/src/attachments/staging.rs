//! Files on their way into the store. Each attach copies its file into a directory of
//! its own under `attachments/incoming/`, hashing as it goes; only when the database rows
//! are about to be committed are the parts moved to their content addresses, and the
//! directory is removed whatever happens. A crash leaves the directory behind; the next
//! start sweeps it ([`sweep`]), removing also the parts it had placed for rows that were
//! never committed (listed in its `placed` file before they were moved).
//!
//! Every attaching process holds `incoming/.lock` shared; a sweep takes it exclusively
//! and is skipped when it cannot, so it never removes the copy of a live process.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{PART_SIZE, part_path};
use crate::{Result, StoreError};

const PLACED: &str = "placed";

fn incoming(root: &Path) -> PathBuf {
    root.join("attachments").join("incoming")
}

fn store_io(path: &Path) -> impl Fn(io::Error) -> StoreError + '_ {
    move |source| StoreError::DataDir {
        path: path.to_owned(),
        source,
    }
}

fn lock_file(root: &Path) -> Result<File> {
    let dir = incoming(root);
    fs::create_dir_all(&dir).map_err(store_io(&dir))?;
    let path = dir.join(".lock");
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(store_io(&path))
}

/// A file copied into the staging area, hashed, not yet in the store.
pub(crate) struct Staged {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub parts: u32,
    dir: PathBuf,
    temp_parts: Vec<PathBuf>,
    /// Parts this attach created at their content address, removed again unless committed.
    placed: Vec<PathBuf>,
    committed: bool,
    // Held until the staging directory is gone (fields drop after `Drop::drop`).
    _lock: File,
}

impl Staged {
    /// Copies `file` into a staging directory of its own, in parts of at most
    /// [`PART_SIZE`]. A file that cannot be read is the user's
    /// ([`StoreError::Attachment`]); a store that cannot be written is not.
    pub fn copy(root: &Path, file: &Path) -> Result<Staged> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unreadable = |source| StoreError::Attachment {
            name: name.clone(),
            source,
        };
        let mut src = File::open(file).map_err(unreadable)?;
        if src.metadata().map_err(unreadable)?.is_dir() {
            return Err(unreadable(io::ErrorKind::IsADirectory.into()));
        }
        let lock = lock_file(root)?;
        lock.lock_shared().map_err(store_io(root))?;
        let dir = incoming(root).join(Uuid::now_v7().to_string());
        fs::create_dir(&dir).map_err(store_io(&dir))?;
        let mut staged = Staged {
            name: name.clone(),
            sha256: String::new(),
            size: 0,
            parts: 0,
            dir,
            temp_parts: Vec::new(),
            placed: Vec::new(),
            committed: false,
            _lock: lock,
        };

        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let temp = staged.dir.join(format!("{:04}", staged.parts));
            let write = store_io(&temp);
            let mut out = File::create(&temp).map_err(&write)?;
            let mut in_part = 0usize;
            while in_part < PART_SIZE {
                let want = buf.len().min(PART_SIZE - in_part);
                let n = src.read(&mut buf[..want]).map_err(unreadable)?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n]).map_err(&write)?;
                in_part += n;
            }
            out.sync_all().map_err(&write)?;
            if in_part == 0 && staged.parts > 0 {
                break;
            }
            staged.temp_parts.push(temp.clone());
            staged.size += in_part as u64;
            staged.parts += 1;
            if in_part < PART_SIZE {
                break;
            }
        }
        staged.sha256 = hex::encode(hasher.finalize());
        Ok(staged)
    }

    /// Moves the parts to their content addresses, just before the rows that name them
    /// are committed. A part already there (the same content attached before) is kept;
    /// the new ones are listed first in `placed`, so a sweep can take them back.
    pub fn place(&mut self, root: &Path) -> Result<()> {
        let dests: Vec<PathBuf> = (0..self.parts)
            .map(|i| part_path(root, &self.sha256, i))
            .collect();
        let new: Vec<&PathBuf> = dests.iter().filter(|d| !d.exists()).collect();
        let manifest = self.dir.join(PLACED);
        let lines: String = new
            .iter()
            .filter_map(|d| d.file_name())
            .map(|n| format!("{}\n", n.to_string_lossy()))
            .collect();
        write_synced(&manifest, lines.as_bytes()).map_err(store_io(&manifest))?;
        for (temp, dest) in self.temp_parts.iter().zip(&dests) {
            if !new.contains(&dest) {
                continue;
            }
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).map_err(store_io(parent))?;
            }
            fs::rename(temp, dest).map_err(store_io(dest))?;
            self.placed.push(dest.clone());
        }
        Ok(())
    }

    /// The rows naming these parts are committed: they stay.
    pub fn committed(mut self) {
        self.committed = true;
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Best effort: what is left is swept at the next start.
        if !self.committed {
            for p in &self.placed {
                let _ = fs::remove_file(p);
            }
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Removes what crashed attaches left in the staging area: their directories, and the
/// parts they had placed for rows that were never committed. Returns how many
/// directories it removed; does nothing while another process is attaching.
pub(crate) fn sweep(root: &Path, conn: &Connection) -> Result<usize> {
    let dir = incoming(root);
    if !dir.exists() {
        return Ok(0);
    }
    let lock = lock_file(root)?;
    if lock.try_lock().is_err() {
        return Ok(0);
    }
    let mut removed = 0;
    for entry in fs::read_dir(&dir).map_err(store_io(&dir))? {
        let path = entry.map_err(store_io(&dir))?.path();
        if path.file_name().is_some_and(|n| n == ".lock") {
            continue;
        }
        if path.is_dir() {
            take_back_placed(root, &path, conn)?;
            fs::remove_dir_all(&path).map_err(store_io(&path))?;
            removed += 1;
        } else {
            // A staging file of a build before directories per attach.
            fs::remove_file(&path).map_err(store_io(&path))?;
        }
    }
    Ok(removed)
}

/// Removes the parts a crashed attach placed, unless some committed row names their hash.
fn take_back_placed(root: &Path, staging: &Path, conn: &Connection) -> Result<()> {
    let Ok(list) = fs::read_to_string(staging.join(PLACED)) else {
        return Ok(());
    };
    for line in list.lines() {
        // `<sha256>.<part>`, nothing else: the list never names a file outside the store.
        let Some((sha, part)) = line.split_once('.') else {
            continue;
        };
        let hex = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
        let Ok(part) = part.parse::<u32>() else {
            continue;
        };
        if !hex {
            continue;
        }
        let part = part_path(root, sha, part);
        let kept: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM attachments WHERE sha256 = ?1 LIMIT 1",
                [sha],
                |r| r.get(0),
            )
            .optional()?;
        if kept.is_none() {
            match fs::remove_file(&part) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(store_io(&part)(e));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE attachments(sha256 TEXT)")
            .unwrap();
        c
    }

    fn left_in(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(left_in(&p));
            } else if p.file_name().is_some_and(|n| n != ".lock") {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn an_attach_that_is_not_committed_takes_back_its_parts_and_its_staging() {
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("scan.png");
        fs::write(&src, b"scan").unwrap();
        let mut staged = Staged::copy(root.path(), &src).unwrap();
        staged.place(root.path()).unwrap();
        let part = part_path(root.path(), &staged.sha256, 0);
        assert!(part.exists());
        drop(staged);
        assert_eq!(
            left_in(&root.path().join("attachments")),
            Vec::<PathBuf>::new()
        );

        // Committed: the part stays, the staging goes.
        let mut staged = Staged::copy(root.path(), &src).unwrap();
        staged.place(root.path()).unwrap();
        staged.committed();
        assert_eq!(left_in(&root.path().join("attachments")), [part]);
    }

    #[test]
    fn a_sweep_leaves_a_live_copy_alone_and_removes_a_dead_one() {
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("scan.png");
        fs::write(&src, b"scan").unwrap();
        let live = Staged::copy(root.path(), &src).unwrap();
        assert_eq!(sweep(root.path(), &db()).unwrap(), 0);
        assert!(live.dir.exists());
        // A process killed mid-copy holds no lock any more.
        let dead = live.dir.clone();
        let lock = live._lock.try_clone().unwrap();
        std::mem::forget(live);
        lock.unlock().unwrap();
        assert_eq!(sweep(root.path(), &db()).unwrap(), 1);
        assert!(!dead.exists());
    }

    #[test]
    fn a_sweep_keeps_a_placed_part_that_a_committed_row_names() {
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("scan.png");
        fs::write(&src, b"scan").unwrap();
        let mut staged = Staged::copy(root.path(), &src).unwrap();
        staged.place(root.path()).unwrap();
        let sha = staged.sha256.clone();
        // Killed after the commit, before the staging directory was removed.
        let lock = staged._lock.try_clone().unwrap();
        std::mem::forget(staged);
        lock.unlock().unwrap();
        let conn = db();
        conn.execute("INSERT INTO attachments VALUES (?1)", [&sha])
            .unwrap();
        assert_eq!(sweep(root.path(), &conn).unwrap(), 1);
        assert_eq!(
            left_in(&root.path().join("attachments")),
            [part_path(root.path(), &sha, 0)]
        );
    }
}
