//! The local journal on SQLite.
//!
//! One file in the OS data directory, WAL with `synchronous=FULL` so an appeal that the
//! operator saw saved survives a power cut. Schema changes are numbered SQL files embedded
//! in the binary and applied atomically by `rusqlite_migration` (it keeps the schema
//! version in `user_version`, which also lets us refuse a database from a newer release).
//!
//! # Invariants
//!
//! - Appeals, their versions, their events, attachments, extension results and audit rows
//!   are only ever inserted, never updated or deleted: triggers in the schema refuse any
//!   `UPDATE` or `DELETE` on those tables.
//! - A change to an appeal is a new version whose parent is the version it replaces; the
//!   current version is the one no other version names as its parent.
//! - `appeal_heads` and the full-text index `appeal_search` are projections, derived from
//!   the versions and events. Only `projection.rs` writes them; every write to an appeal
//!   ends, in its transaction, with the one function there that rebuilds the appeal's row,
//!   and [`Store::rebuild_projections`] rebuilds them all with it.
//! - Every write is one transaction: an appeal's version or event, its projection and its
//!   audit row are saved together or not at all.
//! - A stored value this build cannot read (an unknown code, a malformed instant, a
//!   `confirmed` event without its criticality, an audit row whose changes are not JSON)
//!   is an error, never a default.
//! - The store never depends on `desk-rules`: the next due instant is computed by the
//!   [`Clocks`] callback the application injects.
//! - The Commission's rows (migration 009: compositions, meetings, attendance, votes,
//!   dissents, decisions, protocols, signatures) are append-only like the appeals, each
//!   written with its own audit entry of entity `commission` by
//!   [`Store::commission_write`], which hands the meeting as read inside the write
//!   transaction to the application's checks; the store knows no Commission rule.
//! - Every audit entry names the rows it wrote and carries the SHA-256 of their canonical
//!   body (`canonical.rs`), inside its hash; a write to a covered table (appeals, versions,
//!   events, attachments, extension answers, users, settings, the Commission's tables)
//!   without its entry is what
//!   [`Store::verify`] reports as unrecorded.
//!
//! # Files
//!
//! Each table family is one file with its `impl Store` block: `settings.rs`, `users.rs`
//! (roles, the first supervisor), `passwords.rs` (local passwords, Argon2id), `appeals/` (`mod.rs` reads the current appeal, `registration.rs` registers,
//! `changes.rs` writes new versions: triage and corrections), `events.rs`, `links.rs`,
//! `extensions.rs`, `attachments.rs`, `commission.rs` (the Commission's records), `audit.rs` (the hash chain), `canonical.rs` (the
//! body an entry hashes), `verify.rs` (the full integrity check), `pages.rs` (journal
//! pages, search, due soon), `upgrade.rs` (the backup before an older journal's migrations,
//! and its restore when one fails), `projection.rs` and `sync.rs` (with `sync/`: the outbox,
//! applying pulled ops, conflicts, attachment parts).
//!
//! # Sync (issue 15)
//!
//! - Every audit entry that travels is written to the outbox by `audit::insert`, in the
//!   same transaction, with its canonical body: `local_seq` 1, 2, 3… without gaps, its id
//!   the entry's id. Local settings ([`is_local_setting`]), the journal's own entries and,
//!   once the workstation is registered with a server, users and roles do not travel.
//! - A pulled op is applied as the same entry: its rows exactly as in its body (an
//!   existing immutable row must be identical), an audit entry with the op's id, author,
//!   workstation and client time, no outbox row. `sync_ops` records the `server_seq` of
//!   every op, own and remote.
//! - The head of an appeal is decided by `projection::walk` from the server's order, the
//!   same on every replica; a version whose parent is not the head is a branch and the
//!   appeal is conflicted until a resolution names both.

#[macro_use]
mod deferred;
mod appeals;
mod applications;
mod attachments;
mod audit;
mod canonical;
mod commission;
mod events;
mod extensions;
mod first_start;
mod links;
mod mail;
mod pages;
mod passwords;
mod projection;
mod settings;
mod sync;
#[cfg(test)]
mod testing;
mod upgrade;
mod users;
mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use desk_journal::AppealRow;
use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, M, Migrations};
use uuid::Uuid;

pub use appeals::EventMail;
pub use applications::{ApplicationRecord, ApplicationRow, ApplicationWrite, StepRow};
pub use attachments::{Attachment, PART_SIZE};
pub use audit::{AuditCheck, AuditEntry, ChainHead};
pub use commission::{
    AttendanceRow, CommissionView, CommissionWrite, CompositionRow, DecisionRow, DissentRow,
    MeetingRecord, MeetingRow, ProtocolRow, SignatureRow, VoteRow, text_sha256,
};
pub use events::{Confirmation, EventRow};
pub use mail::{Attempt, FileMeta, MailFile, MailRow, MailState, NewMail};
pub use passwords::{PasswordCheck, hash_password};
pub use settings::SUPPORT_HOURS;
pub use sync::{
    Applied, BlobNeed, Conflict, PendingSummary, RecordSync, SERVER_ACTOR, SyncError, SyncState,
    is_local_setting,
};
pub use upgrade::{Upgrade, backup_path};
pub use verify::{MAX_PROBLEMS, Problem, ProblemKind, Progress, Stage, Verification, is_damage};

pub const DB_FILE: &str = "journal.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "database {path} was written by a newer version (schema {found}, this build knows {supported})"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// No copy of an older journal could be made, so it was not upgraded; it is as it was.
    #[error("cannot back up the journal {path} to {backup} before upgrading it: {reason}")]
    BackupFailed {
        path: PathBuf,
        backup: PathBuf,
        reason: String,
    },
    /// A migration failed; the journal was restored from the copy made before it
    /// (`restore_error`: the restore failed too, and the copy is to be put back by hand).
    #[error(
        "upgrading the journal {path} from schema {from} to {to} failed ({reason}); its copy is {backup}"
    )]
    UpgradeFailed {
        path: PathBuf,
        from: i64,
        to: i64,
        backup: PathBuf,
        reason: String,
        restore_error: Option<String>,
    },
    #[error("the workstation code is not set")]
    WorkstationNotSet,
    #[error("the workstation code is already set to {0}")]
    WorkstationFixed(String),
    #[error("incident {0} not found")]
    NotFound(String),
    #[error("appeal {0} has already been triaged")]
    AlreadyTriaged(String),
    #[error("an appeal cannot be linked to itself")]
    LinkSelf,
    /// The journal's state refuses the change (checked inside its write transaction, so
    /// a concurrent write cannot slip between the check and the write): the field and
    /// why, translated by the application.
    #[error("refused: {0}")]
    Refused(desk_journal::FieldError),
    #[error("cannot read {name}: {source}")]
    Attachment {
        name: String,
        source: std::io::Error,
    },
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("stored value is unreadable: {0}")]
    Corrupt(String),
    /// Sync refused a reply, an acknowledgement or a resolution; nothing was written.
    #[error("sync: {0}")]
    Sync(#[from] SyncError),
    /// Demoting the journal's last supervisor: a journal always keeps one (issue 11).
    #[error("{0} is the last supervisor")]
    LastSupervisor(String),
    /// A password for a login that has no role on this workstation.
    #[error("login {0} has no role")]
    NoSuchUser(String),
    /// This connection's user counted on becoming the first supervisor of a new journal,
    /// and another login became it first; nothing was written.
    #[error("another login became the first supervisor")]
    FirstSupervisorTaken,
    /// SQLite finds the file itself damaged (a quick or integrity check, or a page it
    /// cannot read while opening).
    #[error("the journal file {path} is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who makes a change, for versions and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
}

/// Computes an appeal's next due instant from its current state, its events and the
/// first registration of its problem.
/// What the clocks read besides an appeal's row and its own events.
#[derive(Debug, Clone, Copy)]
pub struct ClockInputs<'a> {
    /// The problem's first registration, if the appeal is a linked report (002 §38).
    pub first_registered_at: Option<DateTime<Utc>>,
    /// The journal's recorded support hours (the `support_hours` setting, 000 §15,
    /// 002 §28).
    pub support_hours: Option<&'a str>,
    /// A linked report's problem: the information requests and answers recorded on the
    /// problem's first appeal, whose pause reaches its linked reports (002 §38).
    pub problem_pauses: &'a [EventRow],
}

/// The next due instant of an appeal from its row, events and [`ClockInputs`], as the
/// rules engine computes it.
pub type Clocks =
    Box<dyn Fn(&AppealRow, &[EventRow], &ClockInputs<'_>) -> Option<DateTime<Utc>> + Send>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    dir: PathBuf,
    clocks: Option<Clocks>,
    /// The file does not exist yet (`deferred.rs`): `conn` is an empty journal in memory.
    pending: bool,
    /// This open upgraded an older journal (`upgrade.rs`).
    upgrade: Option<Upgrade>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("clocks", &self.clocks.is_some())
            .finish()
    }
}

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/001_journal.sql")),
        // Rows written before the chain existed get their hashes inside the same
        // transaction as the schema change. Their projection and search entries are built
        // by migration 006, whose columns the projection reads.
        M::up_with_hook(
            include_str!("../migrations/002_workflow.sql"),
            |tx: &Transaction| Ok(audit::chain_existing(tx)?),
        ),
        M::up(include_str!("../migrations/003_page_index.sql")),
        M::up(include_str!("../migrations/004_extensions.sql")),
        // The chain starts covering rows; one entry in it says which rows came before.
        M::up_with_hook(
            include_str!("../migrations/005_covered_audit.sql"),
            |tx: &Transaction| verify::mark_uncovered(tx).map_err(hook_error),
        ),
        // The history written before sync existed joins the outbox in its order, and
        // every appeal's projection is built with the head rule of sync (and, for a
        // journal from before 002, for the first time) by the function every write uses.
        M::up_with_hook(
            include_str!("../migrations/006_sync.sql"),
            |tx: &Transaction| {
                sync::outbox_backfill(tx).map_err(hook_error)?;
                projection::rebuild_all(tx, None).map_err(hook_error)?;
                Ok(())
            },
        ),
        M::up(include_str!("../migrations/007_passwords.sql")),
        M::up(include_str!("../migrations/008_problem_index.sql")),
        M::up(include_str!("../migrations/009_commission.sql")),
        M::up(include_str!(
            "../migrations/010_commission_applications.sql"
        )),
        M::up(include_str!("../migrations/011_outbox.sql")),
        M::up(include_str!("../migrations/012_search_keys.sql")),
    ])
}

fn hook_error(e: StoreError) -> HookError {
    match e {
        StoreError::Sqlite(e) => HookError::RusqliteError(e),
        other => HookError::Hook(other.to_string()),
    }
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    12
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

pub(crate) fn parse_uuid(s: &str) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn bad(col: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, what.into())
}

/// Reads a stored code; an unknown one is an error, never a default.
pub(crate) fn coded<T>(
    col: usize,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(value).ok_or_else(|| bad(col, format!("unknown code {value:?}")))
}

impl Store {
    /// Opens (creating if needed) the journal in `dir`.
    pub fn open_in_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.to_owned(),
            source,
        })?;
        Store::open(&dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the journal file and brings its schema up to date. A
    /// file SQLite cannot read as a database is [`StoreError::Damaged`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_unmapped(path).map_err(|e| match e {
            StoreError::Sqlite(e) if verify::is_damage(&e) => StoreError::Damaged {
                path: path.to_owned(),
                detail: e.to_string(),
            },
            StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. })
                if verify::is_damage(&err) =>
            {
                StoreError::Damaged {
                    path: path.to_owned(),
                    detail: err.to_string(),
                }
            }
            e => e,
        })
    }

    fn open_unmapped(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // The store prepares a few dozen distinct statements (an insert per table a pull
        // writes, the projection's, the audit's); rusqlite's default cache of 16 would
        // prepare most of them again for every op.
        conn.set_prepared_statement_cache_capacity(128);
        // Checked first: an older build must not touch a newer file at all, not even
        // its journal mode.
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > schema_version() {
            return Err(StoreError::NewerSchema {
                path: path.to_owned(),
                found,
                supported: schema_version(),
            });
        }
        let upgrade = first_start::prepare(&mut conn, path, found)?;
        users::prepare_connection(&conn)?;
        tracing::debug!(path = %path.display(), "journal opened");
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        Ok(Store {
            conn,
            path: path.to_owned(),
            dir,
            clocks: None,
            pending: false,
            upgrade,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The older journal this open upgraded, and where its copy is; `None` when the
    /// schema was already current (or the journal is new).
    pub fn upgrade(&self) -> Option<&Upgrade> {
        self.upgrade.as_ref()
    }

    /// Sets how the next due instant of an appeal is computed (the rules engine, given
    /// by the application). It runs inside every write's transaction, so an appeal and
    /// its clock are saved together, with one disk sync.
    pub fn set_clocks(&mut self, clocks: Clocks) {
        self.clocks = Some(clocks);
    }

    /// Brings a bare connection to schema `version` with this build's own migrations:
    /// how the upgrade fixtures (`tests/fixtures/`) are made.
    #[doc(hidden)]
    pub fn migrate_to(conn: &mut Connection, version: usize) -> Result<()> {
        Ok(migrations().to_version(conn, version)?)
    }

    /// Raw access for tests that must prove the database itself refuses edits, and for
    /// bulk generators.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    #[doc(hidden)]
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub(crate) fn data_dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::path::Path;

    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// A write that bypassed `write_tx!` would write into the in-memory stand-in of
    /// a journal that does not exist yet, and be lost (issue 11 item 5, `deferred.rs`).
    #[test]
    fn every_write_transaction_starts_in_write_tx() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        for (path, text) in files.iter().filter(|(p, _)| !p.ends_with("deferred.rs")) {
            let production = text.split("#[cfg(test)]").next().unwrap_or_default();
            assert!(
                !production.contains("TransactionBehavior::Immediate")
                    && !production.contains("Immediate)"),
                "{path} begins a write transaction itself instead of with write_tx"
            );
        }
    }

    #[test]
    fn only_the_projection_file_writes_the_projections() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 10, "the crate's sources were found");
        for (path, text) in files.iter().filter(|(p, _)| !p.ends_with("projection.rs")) {
            for table in ["appeal_heads", "appeal_search"] {
                for verb in ["INSERT INTO", "UPDATE", "DELETE FROM"] {
                    let write = format!("{verb} {table}");
                    assert!(!text.contains(&write), "{path} writes {table}: {write}");
                }
            }
        }
    }

    #[test]
    fn the_store_does_not_depend_on_the_rules() {
        let manifest = include_str!("../Cargo.toml");
        assert!(!manifest.contains("desk-rules"), "{manifest}");
    }
}
