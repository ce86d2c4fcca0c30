//! The local journal on SQLite.
//!
//! One file in the OS data directory, WAL with `synchronous=FULL` so an appeal that the
//! operator saw saved survives a power cut. Schema changes are numbered SQL files embedded
//! in the binary and applied atomically by `rusqlite_migration` (it keeps the schema
//! version in `user_version`, which also lets us refuse a database from a newer release).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use desk_journal::{AppealRow, Channel, IncidentNumber, ValidAppeal, WorkstationCode};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use uuid::Uuid;

/// Numbered migrations, oldest first. Append only: a released migration never changes.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/001_journal.sql")];

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
    #[error("the workstation code is not set")]
    WorkstationNotSet,
    #[error("the workstation code is already set to {0}")]
    WorkstationFixed(String),
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
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who makes a change, for versions and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub workstation: String,
    pub entity: String,
    pub entity_id: String,
    pub version_id: Option<String>,
    pub action: String,
    pub changes: serde_json::Value,
}

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn parse_uuid(s: &str) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
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

    /// Opens (creating if needed) the journal file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
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
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations().to_latest(&mut conn)?;
        tracing::debug!(path = %path.display(), "journal opened");
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Changes a local setting; the change is audited like any other.
    pub fn set_setting(&mut self, key: &str, value: &str, actor: &Actor) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old: Option<String> = tx
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        if old.as_deref() == Some(value) {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        let workstation: String = tx
            .query_row(
                "SELECT value FROM settings WHERE key = 'workstation'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        let changes = serde_json::json!({ key: [old, value] });
        insert_audit(
            &tx,
            Utc::now(),
            actor,
            &workstation,
            "setting",
            key,
            None,
            "set",
            &changes,
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn workstation(&self) -> Result<Option<WorkstationCode>> {
        match self.setting("workstation")? {
            None => Ok(None),
            Some(s) => WorkstationCode::parse(&s)
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("workstation code {s:?}"))),
        }
    }

    /// Sets the workstation code once: incident numbers already issued rest on it.
    pub fn set_workstation(&mut self, code: &WorkstationCode, actor: &Actor) -> Result<()> {
        match self.workstation()? {
            Some(existing) if &existing == code => Ok(()),
            Some(existing) => Err(StoreError::WorkstationFixed(existing.as_str().to_owned())),
            None => self.set_setting("workstation", code.as_str(), actor),
        }
    }

    /// Registers an appeal: assigns the next incident number of this workstation and
    /// year, and writes the identity, the first version and its audit row in one
    /// transaction.
    pub fn register_appeal(
        &mut self,
        appeal: &ValidAppeal,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        let workstation = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let year = IncidentNumber::new(workstation.clone(), now, 0).year;
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(sequence), 0) + 1 FROM appeals WHERE workstation = ?1 AND year = ?2",
            params![workstation.as_str(), year],
            |r| r.get(0),
        )?;
        let sequence =
            u32::try_from(next).map_err(|_| StoreError::Corrupt(format!("sequence {next}")))?;
        let number = IncidentNumber::new(workstation.clone(), now, sequence).to_string();
        let id = Uuid::now_v7();
        let version_id = Uuid::now_v7();
        tx.execute(
            "INSERT INTO appeals(id, number, workstation, year, sequence, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id.to_string(), number, workstation.as_str(), year, sequence, ts(now)],
        )?;
        tx.execute(
            "INSERT INTO appeal_versions(version_id, appeal_id, parent_version_id, author, workstation, recorded_at,
                organisation, bin_iin, received_at, channel, contact, description)
             VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                version_id.to_string(),
                id.to_string(),
                actor.user,
                workstation.as_str(),
                ts(now),
                appeal.organisation,
                appeal.bin_iin.as_str(),
                ts(appeal.received_at),
                appeal.channel.code(),
                appeal.contact,
                appeal.description,
            ],
        )?;
        let changes = serde_json::json!({
            "number": [null, number],
            "organisation": [null, appeal.organisation],
            "bin_iin": [null, appeal.bin_iin.as_str()],
            "received_at": [null, ts(appeal.received_at)],
            "channel": [null, appeal.channel.code()],
            "contact": [null, appeal.contact],
            "description": [null, appeal.description],
        });
        insert_audit(
            &tx,
            now,
            actor,
            workstation.as_str(),
            "appeal",
            &id.to_string(),
            Some(version_id),
            "register",
            &changes,
        )?;
        tx.commit()?;
        self.appeal(id)?
            .ok_or_else(|| StoreError::Corrupt(format!("appeal {id} vanished")))
    }

    pub fn appeal(&self, id: Uuid) -> Result<Option<AppealRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("{SELECT_CURRENT} WHERE id = ?1"),
                [id.to_string()],
                appeal_row,
            )
            .optional()?)
    }

    /// The journal, newest registration first.
    pub fn appeals(&self) -> Result<Vec<AppealRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_CURRENT} ORDER BY created_at DESC, number DESC"
        ))?;
        let rows = stmt
            .query_map([], appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The audit trail, oldest first.
    pub fn audit(&self) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, workstation, entity, entity_id, version_id, action, changes FROM audit ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let changes: String = r.get(8)?;
                Ok(AuditEntry {
                    seq: r.get(0)?,
                    at: parse_ts(&r.get::<_, String>(1)?)?,
                    actor: r.get(2)?,
                    workstation: r.get(3)?,
                    entity: r.get(4)?,
                    entity_id: r.get(5)?,
                    version_id: r.get(6)?,
                    action: r.get(7)?,
                    changes: serde_json::from_str(&changes).unwrap_or(serde_json::Value::Null),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Raw access for tests that must prove the database itself refuses edits.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

const SELECT_CURRENT: &str =
    "SELECT id, number, organisation, bin_iin, received_at, contact, decision, failure_type,
    recommendations, channel, description, version_id, created_at, recorded_at FROM appeal_current";

fn appeal_row(r: &Row<'_>) -> rusqlite::Result<AppealRow> {
    let received_at = parse_ts(&r.get::<_, String>(4)?)?;
    let channel: String = r.get(9)?;
    Ok(AppealRow {
        id: parse_uuid(&r.get::<_, String>(0)?)?,
        number: r.get(1)?,
        organisation: r.get(2)?,
        bin_iin: r.get(3)?,
        received_at,
        received_at_astana: desk_journal::time::to_astana_display(received_at),
        contact: r.get(5)?,
        decision: r.get(6)?,
        failure_type: r.get(7)?,
        recommendations: r.get(8)?,
        channel: Channel::from_code(&channel).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                9,
                rusqlite::types::Type::Text,
                format!("channel {channel}").into(),
            )
        })?,
        description: r.get(10)?,
        version_id: parse_uuid(&r.get::<_, String>(11)?)?,
        created_at: parse_ts(&r.get::<_, String>(12)?)?,
        updated_at: parse_ts(&r.get::<_, String>(13)?)?,
    })
}

#[allow(clippy::too_many_arguments)]
fn insert_audit(
    tx: &rusqlite::Transaction<'_>,
    at: DateTime<Utc>,
    actor: &Actor,
    workstation: &str,
    entity: &str,
    entity_id: &str,
    version_id: Option<Uuid>,
    action: &str,
    changes: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit(id, at, actor, workstation, entity, entity_id, version_id, action, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            Uuid::now_v7().to_string(),
            ts(at),
            actor.user,
            workstation,
            entity,
            entity_id,
            version_id.map(|v| v.to_string()),
            action,
            changes.to_string(),
        ],
    )?;
    Ok(())
}
