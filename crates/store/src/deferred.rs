//! A journal that does not exist yet is created by the first write, not by the open
//! (issue 11 item 5: "a refused command writes nothing at all, ever"). `desk` opens its
//! journal before it knows whether the command will be accepted; on a data directory
//! that has no journal, [`Store::open_deferred`] answers from an empty journal in memory,
//! with the same schema, and the first write transaction (`write_tx!`) creates
//! the file — under the same migration lock as any first start — and moves this
//! connection onto it. A command refused before it writes leaves the directory as it was.
//!
//! Reads before the first write see the empty journal as it was when the command began;
//! that is right for a command, which is one short request. The window opens with
//! [`Store::open`]: its several connections must share one file from the start.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::{DB_FILE, Result, Store, StoreError, first_start, users};

/// Begins a write transaction (`BEGIN IMMEDIATE`) on `$store`, creating the journal
/// file first if the store has only its in-memory stand-in. Every write of the store
/// starts here. A macro, not a method, so that the transaction borrows only the
/// connection and the write can still read the store's other fields.
macro_rules! write_tx {
    ($store:expr) => {{
        $store.materialise()?;
        $store
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err($crate::StoreError::from)?
    }};
}

impl Store {
    /// Opens the journal in `dir` if it exists; otherwise an empty one in memory that
    /// the first write turns into the file `dir/journal.sqlite3` (creating `dir`).
    pub fn open_deferred_in_dir(dir: &Path) -> Result<Store> {
        let path = dir.join(DB_FILE);
        if path.exists() {
            return Store::open_in_dir(dir);
        }
        let mut conn = Connection::open_in_memory()?;
        conn.busy_timeout(Duration::from_secs(5))?;
        first_start::prepare_private(&mut conn)?;
        users::prepare_connection(&conn)?;
        tracing::debug!(path = %path.display(), "no journal yet; created by the first write");
        Ok(Store {
            conn,
            path,
            dir: dir.to_owned(),
            clocks: None,
            pending: true,
            upgrade: None,
        })
    }

    /// The journal file does not exist yet: nothing has been written through this store.
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// Creates the journal file if it does not exist yet; for writes that need no
    /// transaction of their own.
    pub(crate) fn materialise(&mut self) -> Result<()> {
        if !self.pending {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir).map_err(|source| StoreError::DataDir {
            path: self.dir.clone(),
            source,
        })?;
        // Another process may have created it meanwhile: then this opens theirs, and the
        // write goes where theirs went.
        let file = Store::open(&self.path)?;
        // The claim to become the first supervisor is per connection (a TEMP table).
        let claims: Vec<(String, Option<String>)> = self
            .conn
            .prepare("SELECT login, phc FROM temp.pending_supervisor")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (login, phc) in claims {
            file.conn.execute(
                "INSERT INTO temp.pending_supervisor(login, phc) VALUES (?1, ?2)",
                rusqlite::params![login, phc],
            )?;
        }
        self.conn = file.conn;
        self.upgrade = file.upgrade;
        self.pending = false;
        tracing::debug!(path = %self.path.display(), "journal created by its first write");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    #[test]
    fn reading_a_journal_that_does_not_exist_creates_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new");
        let store = Store::open_deferred_in_dir(&dir).unwrap();
        assert!(store.is_pending());
        assert_eq!(store.workstation().unwrap(), None);
        assert!(store.verify(None, &mut |_| {}).unwrap().intact());
        drop(store);
        assert!(
            !dir.exists(),
            "the data directory appeared: {:?}",
            entries(&dir)
        );
    }

    #[test]
    fn the_first_write_creates_the_journal_and_keeps_what_it_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new");
        let mut store = Store::open_deferred_in_dir(&dir).unwrap();
        let actor = crate::testing::actor();
        store.set_setting("language", "kk", &actor).unwrap();
        assert!(!store.is_pending());
        drop(store);
        let again = Store::open_in_dir(&dir).unwrap();
        assert_eq!(again.setting("language").unwrap().as_deref(), Some("kk"));
        assert!(again.verify(None, &mut |_| {}).unwrap().intact());
    }

    /// The stand-in read no workstation code; by the time it writes, another process has
    /// created the journal with another one. Its write is checked against the file.
    #[test]
    fn a_write_after_another_process_created_the_journal_is_checked_against_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new");
        let mut late = Store::open_deferred_in_dir(&dir).unwrap();
        let actor = crate::testing::actor();
        let code = |c: &str| desk_journal::WorkstationCode::parse(c).unwrap();
        Store::open_in_dir(&dir)
            .unwrap()
            .set_workstation(&code("AST1"), &actor)
            .unwrap();
        assert_eq!(late.workstation().unwrap(), None, "read before the write");
        assert!(matches!(
            late.set_workstation(&code("AST2"), &actor),
            Err(StoreError::WorkstationFixed(c)) if c == "AST1"
        ));
        assert_eq!(late.workstation().unwrap(), Some(code("AST1")));
    }
}
