//! Upgrading a journal an older release wrote (issue 20 item 3). Installing a newer
//! version keeps the data directory; the first start finds the journal at an older
//! schema and, before any migration touches it, copies it with SQLite's online backup
//! API to a file beside it that names the old schema (`journal-schema5-backup.sqlite3`).
//! No copy, no migration: a backup that fails leaves the journal as it was. A migration
//! that fails is rolled back by its transaction, and the journal is then also restored
//! from the copy, so a failure between the two (a crash of the commit, a full disk)
//! cannot leave a half-upgraded file; the error says why and where the copy is.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, MAIN_DB};

use crate::{Result, StoreError, schema_version};

/// What the first start of a newer build did to an older journal: the application
/// tells the user, once, where the copy of the old journal is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub from: i64,
    pub to: i64,
    pub backup: PathBuf,
}

/// The copy's name beside `db`: `journal-schema5-backup.sqlite3`, then `…-backup-2…` when
/// an earlier attempt left one (a backup is never overwritten).
pub fn backup_path(db: &Path, from: i64) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "journal".to_owned());
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            db.with_file_name(format!("{stem}-schema{from}-backup{suffix}.sqlite3"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| db.with_extension("backup"))
}

/// Copies the journal before its migrations run; called under the migration lock.
pub(crate) fn back_up(conn: &Connection, db: &Path, from: i64) -> Result<Upgrade> {
    let backup = backup_path(db, from);
    conn.backup(MAIN_DB, &backup, None).map_err(|e| {
        // A partial copy (a full disk) is no backup: it would only mislead.
        let _ = std::fs::remove_file(&backup);
        StoreError::BackupFailed {
            path: db.to_owned(),
            backup: backup.clone(),
            reason: e.to_string(),
        }
    })?;
    tracing::info!(from, backup = %backup.display(), "journal backed up before its upgrade");
    Ok(Upgrade {
        from,
        to: schema_version(),
        backup,
    })
}

/// Puts the copy back after a failed migration and names what failed.
pub(crate) fn restore(
    conn: &mut Connection,
    db: &Path,
    upgrade: &Upgrade,
    e: StoreError,
) -> StoreError {
    let reason = reason(&e);
    tracing::error!(
        from = upgrade.from,
        reason,
        "journal upgrade failed; restoring the backup"
    );
    let restore_error = conn
        .restore(
            MAIN_DB,
            &upgrade.backup,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .err()
        .map(|e| e.to_string());
    StoreError::UpgradeFailed {
        path: db.to_owned(),
        from: upgrade.from,
        to: upgrade.to,
        backup: upgrade.backup.clone(),
        reason,
        restore_error,
    }
}

/// The cause without the migration's whole SQL text, which `rusqlite_migration` adds.
fn reason(e: &StoreError) -> String {
    match e {
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
            err.to_string()
        }
        StoreError::Migration(rusqlite_migration::Error::Hook(h)) => h.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod fixtures;
