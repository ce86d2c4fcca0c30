//! Bringing a journal's schema up to date when several processes start on it at once
//! (issue 11 item 5): the first start of a new data directory by a window and a script
//! together, or eight `desk` commands launched side by side. The schema is changed under
//! an exclusive lock on a file beside the journal (`std::fs::File::lock`, an OS advisory
//! lock released when the process ends, even by `kill -9`): the first process migrates,
//! the others wait, then find the schema current and change nothing. Busy answers from
//! SQLite itself (a process of an older build that takes no lock) are retried.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use crate::upgrade::{self, Upgrade};
use crate::{Result, StoreError, migrations, schema_version};

const ATTEMPTS: u32 = 20;

/// The lock file's name beside the journal; it stays there, empty.
fn lock_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".migrate-lock");
    db.with_file_name(name)
}

fn busy(e: &StoreError) -> bool {
    let code = match e {
        StoreError::Sqlite(e) => e.sqlite_error_code(),
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
            err.sqlite_error_code()
        }
        _ => None,
    };
    matches!(
        code,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Sets the connection's journal mode and brings the schema to this build's version; a
/// journal an older release wrote is backed up first (`upgrade.rs`), and what was done
/// is returned for the application to tell.
pub(crate) fn prepare(conn: &mut Connection, db: &Path, found: i64) -> Result<Option<Upgrade>> {
    let _lock = if found < schema_version() {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock_path(db))
            .map_err(|source| StoreError::DataDir {
                path: lock_path(db),
                source,
            })?;
        file.lock().map_err(|source| StoreError::DataDir {
            path: lock_path(db),
            source,
        })?;
        Some(file)
    } else {
        None
    };
    // Read again under the lock: another process may have upgraded it meanwhile.
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let upgrade = if (1..schema_version()).contains(&current) {
        Some(upgrade::back_up(conn, db, current)?)
    } else {
        None
    };
    let mut attempt = 0;
    loop {
        match apply(conn) {
            Err(e) if busy(&e) && attempt + 1 < ATTEMPTS => {
                attempt += 1;
                tracing::debug!(attempt, "journal busy while opening; retrying");
                std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
            }
            Err(e) => {
                return Err(match &upgrade {
                    Some(u) => upgrade::restore(conn, db, u, e),
                    None => e,
                });
            }
            Ok(()) => return Ok(upgrade),
        }
    }
}

fn apply(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations().to_latest(conn)?;
    Ok(())
}

/// The same schema on a connection no other process can see (the in-memory stand-in of a
/// journal not created yet, `deferred.rs`): no lock to take, nothing to wait for.
pub(crate) fn prepare_private(conn: &mut Connection) -> Result<()> {
    apply(conn)
}
