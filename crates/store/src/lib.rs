//! The local journal on SQLite.
//!
//! One file in the OS data directory, WAL with `synchronous=FULL` so an appeal that the
//! operator saw saved survives a power cut. Schema changes are numbered SQL files embedded
//! in the binary and applied atomically by `rusqlite_migration` (it keeps the schema
//! version in `user_version`, which also lets us refuse a database from a newer release).
//!
//! History is append-only: appeals, their versions, their events, attachments and the
//! audit trail are never updated or deleted (triggers enforce it). `appeal_heads` and the
//! full-text index are derived projections kept for fast journal pages.

mod attachments;
mod audit;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use desk_journal::{
    AppealRow, Channel, Criticality, EventKind, FailureType, IncidentNumber, Role, RuleSet, Source,
    Status, ValidAppeal, ValidQuery, ValidTriage, WorkstationCode,
};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use uuid::Uuid;

pub use attachments::{Attachment, PART_SIZE};
pub use audit::{AuditCheck, AuditEntry};

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
    #[error("incident {0} not found")]
    NotFound(String),
    #[error("appeal {0} has already been triaged")]
    AlreadyTriaged(String),
    #[error("an appeal cannot be linked to itself")]
    LinkSelf,
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
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who makes a change, for versions and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
}

/// Something that happened to an appeal.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: Uuid,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
    pub details: serde_json::Value,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    dir: PathBuf,
    clocks: Option<Clocks>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("clocks", &self.clocks.is_some())
            .finish()
    }
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/001_journal.sql")),
        // Rows written before the chain existed get their hashes, and appeals their
        // search entries, inside the same transaction as the schema change.
        M::up_with_hook(
            include_str!("../migrations/002_workflow.sql"),
            |tx: &Transaction| {
                audit::chain_existing(tx)?;
                let ids: Vec<String> = tx
                    .prepare("SELECT appeal_id FROM appeal_heads")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    reindex(tx, &id)?;
                }
                Ok(())
            },
        ),
        M::up(include_str!("../migrations/003_page_index.sql")),
        M::up(include_str!("../migrations/004_extensions.sql")),
    ])
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    4
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

fn parse_uuid(s: &str) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn bad(col: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, what.into())
}

fn coded<T>(col: usize, value: &str, parse: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(value).ok_or_else(|| bad(col, format!("unknown code {value:?}")))
}

/// Columns of one current appeal, in the order [`appeal_row`] reads them.
const SELECT_CURRENT: &str = "SELECT a.id, a.number, v.organisation, v.bin_iin, v.received_at, v.contact, v.decision,
    v.failure_type, v.recommendations, v.channel, v.description, v.version_id, a.created_at, v.recorded_at,
    v.source, v.contact_person, v.email, v.phone, v.detected_at, v.portal_module, v.announcements, v.lots,
    v.procurement_method, v.rule_set, p.number, h.status, v.criticality, v.operator_fault, v.supporting_info,
    h.next_due
    FROM appeal_heads h
    JOIN appeals a ON a.id = h.appeal_id
    JOIN appeal_versions v ON v.version_id = h.version_id
    LEFT JOIN appeals p ON p.id = v.problem_id";

fn appeal_row(r: &Row<'_>) -> rusqlite::Result<AppealRow> {
    let received_at = parse_ts(&r.get::<_, String>(4)?)?;
    let opt_ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        r.get::<_, Option<String>>(i)?
            .map(|s| parse_ts(&s))
            .transpose()
    };
    Ok(AppealRow {
        id: parse_uuid(&r.get::<_, String>(0)?)?,
        number: r.get(1)?,
        organisation: r.get(2)?,
        bin_iin: r.get(3)?,
        received_at,
        received_at_astana: desk_journal::time::to_astana_display(received_at),
        contact: r.get(5)?,
        decision: r.get(6)?,
        failure_type: r
            .get::<_, Option<String>>(7)?
            .map(|s| coded(7, &s, FailureType::from_code))
            .transpose()?,
        recommendations: r.get(8)?,
        channel: coded(9, &r.get::<_, String>(9)?, Channel::from_code)?,
        description: r.get(10)?,
        version_id: parse_uuid(&r.get::<_, String>(11)?)?,
        created_at: parse_ts(&r.get::<_, String>(12)?)?,
        updated_at: parse_ts(&r.get::<_, String>(13)?)?,
        source: coded(14, &r.get::<_, String>(14)?, Source::from_code)?,
        contact_person: r.get(15)?,
        email: r.get(16)?,
        phone: r.get(17)?,
        detected_at: opt_ts(18)?,
        portal_module: r.get(19)?,
        announcements: r.get(20)?,
        lots: r.get(21)?,
        procurement_method: r.get(22)?,
        rule_set: coded(23, &r.get::<_, String>(23)?, RuleSet::from_code)?,
        linked_to: r.get(24)?,
        status: coded(25, &r.get::<_, String>(25)?, Status::from_code)?,
        criticality: r
            .get::<_, Option<String>>(26)?
            .map(|s| coded(26, &s, Criticality::from_code))
            .transpose()?,
        operator_fault: r.get(27)?,
        supporting_info: r.get(28)?,
        next_due: opt_ts(29)?,
    })
}

/// Rewrites the search entry of one appeal from its current version.
fn reindex(tx: &Connection, appeal_id: &str) -> rusqlite::Result<()> {
    let row: Option<(i64, String, String, Option<String>, String)> = tx
        .query_row(
            "SELECT h.n, v.organisation, v.description, v.decision,
                    v.contact || ' ' || v.contact_person || ' ' || v.email || ' ' || v.phone
             FROM appeal_heads h JOIN appeal_versions v ON v.version_id = h.version_id WHERE h.appeal_id = ?1",
            [appeal_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((n, org, desc, decision, contacts)) = row else {
        return Ok(());
    };
    let f = desk_journal::query::fold_for_search;
    tx.execute("DELETE FROM appeal_search WHERE rowid = ?1", [n])?;
    tx.execute(
        "INSERT INTO appeal_search(rowid, organisation, description, decision, contacts) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![n, f(&org), f(&desc), f(decision.as_deref().unwrap_or("")), f(&contacts)],
    )?;
    Ok(())
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
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        Ok(Store {
            conn,
            path: path.to_owned(),
            dir,
            clocks: None,
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

    fn workstation_in(tx: &Connection) -> Result<String> {
        Ok(tx
            .query_row(
                "SELECT value FROM settings WHERE key = 'workstation'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
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
        let workstation = Self::workstation_in(&tx)?;
        let changes = serde_json::json!({ key: [old, value] });
        audit::insert(
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

    // ----- users and roles -------------------------------------------------------------

    pub fn role_of(&self, login: &str) -> Result<Option<Role>> {
        let role: Option<String> = self
            .conn
            .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(role.and_then(|r| Role::from_code(&r)))
    }

    pub fn users(&self) -> Result<Vec<(String, Role)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT login, role FROM users ORDER BY login")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(l, r)| Role::from_code(&r).map(|r| (l, r)))
            .collect())
    }

    /// Gives `login` a role; audited.
    pub fn set_role(&mut self, login: &str, role: Role, actor: &Actor) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old: Option<String> = tx
            .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .optional()?;
        tx.execute(
            "INSERT INTO users(login, role) VALUES (?1, ?2) ON CONFLICT(login) DO UPDATE SET role = excluded.role",
            params![login, role.code()],
        )?;
        let workstation = Self::workstation_in(&tx)?;
        let changes = serde_json::json!({ "role": [old, role.code()] });
        audit::insert(
            &tx,
            Utc::now(),
            actor,
            &workstation,
            "user",
            login,
            None,
            "set_role",
            &changes,
        )?;
        tx.commit()?;
        Ok(())
    }

    // ----- appeals ---------------------------------------------------------------------

    fn appeal_id_by_number(tx: &Connection, number: &str) -> Result<String> {
        tx.query_row("SELECT id FROM appeals WHERE number = ?1", [number], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound(number.to_owned()))
    }

    /// The problem an appeal belongs to: a linked appeal's problem is the first appeal's.
    fn problem_root(tx: &Connection, appeal_id: &str) -> Result<String> {
        let problem: Option<String> = tx.query_row(
            "SELECT v.problem_id FROM appeal_heads h JOIN appeal_versions v ON v.version_id = h.version_id
             WHERE h.appeal_id = ?1",
            [appeal_id],
            |r| r.get(0),
        )?;
        Ok(problem.unwrap_or_else(|| appeal_id.to_owned()))
    }

    /// Registers an appeal: assigns the next incident number of this workstation and
    /// year, and writes the identity, the first version, the `registered` event, the
    /// projections and the audit row in one transaction.
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
        let id = Self::register_in(&tx, &workstation, appeal, actor, now)?;
        refresh_in(&tx, self.clocks.as_ref(), &id)?;
        tx.commit()?;
        self.appeal(&id)?
            .ok_or_else(|| StoreError::Corrupt(format!("appeal {id} vanished")))
    }

    /// Registers many appeals in one transaction (imports, the benchmark's generator):
    /// each exactly as [`Store::register_appeal`] would, numbers, events, search and
    /// audit chain included. `now` gives each appeal's registration instant.
    pub fn register_appeals_bulk<'a>(
        &mut self,
        appeals: impl IntoIterator<Item = (&'a ValidAppeal, DateTime<Utc>)>,
        actor: &Actor,
    ) -> Result<usize> {
        let workstation = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        for (appeal, now) in appeals {
            Self::register_in(&tx, &workstation, appeal, actor, now)?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }

    fn register_in(
        tx: &Transaction<'_>,
        workstation: &WorkstationCode,
        appeal: &ValidAppeal,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let workstation = workstation.clone();
        let problem_id = match &appeal.linked_to {
            Some(number) => {
                let first = Self::appeal_id_by_number(tx, number)?;
                Some(Self::problem_root(tx, &first)?)
            }
            None => None,
        };
        let year = IncidentNumber::new(workstation.clone(), now, 0).year;
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(sequence), 0) + 1 FROM appeals WHERE workstation = ?1 AND year = ?2",
            params![workstation.as_str(), year],
            |r| r.get(0),
        )?;
        let sequence =
            u32::try_from(next).map_err(|_| StoreError::Corrupt(format!("sequence {next}")))?;
        let number = IncidentNumber::new(workstation.clone(), now, sequence).to_string();
        let id = Uuid::now_v7().to_string();
        let version_id = Uuid::now_v7();
        tx.execute(
            "INSERT INTO appeals(id, number, workstation, year, sequence, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, number, workstation.as_str(), year, sequence, ts(now)],
        )?;
        tx.execute(
            "INSERT INTO appeal_versions(version_id, appeal_id, parent_version_id, author, workstation, recorded_at,
                organisation, bin_iin, received_at, channel, contact, description, source, contact_person, email,
                phone, detected_at, portal_module, announcements, lots, procurement_method, rule_set, problem_id)
             VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                ?20, ?21, ?22)",
            params![
                version_id.to_string(),
                id,
                actor.user,
                workstation.as_str(),
                ts(now),
                appeal.organisation,
                appeal.bin_iin.as_str(),
                ts(appeal.received_at),
                appeal.channel.code(),
                appeal.contact,
                appeal.description,
                appeal.source.code(),
                appeal.contact_person,
                appeal.email,
                appeal.phone,
                appeal.detected_at.map(ts),
                appeal.portal_module,
                appeal.announcements,
                appeal.lots,
                appeal.procurement_method,
                appeal.rule_set.code(),
                problem_id,
            ],
        )?;
        tx.execute(
            "INSERT INTO appeal_heads(appeal_id, version_id, received_at, channel, source, rule_set, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'registered')",
            params![
                id,
                version_id.to_string(),
                ts(appeal.received_at),
                appeal.channel.code(),
                appeal.source.code(),
                appeal.rule_set.code()
            ],
        )?;
        insert_event(
            tx,
            &id,
            EventKind::Registered,
            now,
            now,
            actor,
            workstation.as_str(),
            &serde_json::json!({}),
        )?;
        reindex(tx, &id)?;
        let changes = serde_json::json!({
            "number": [null, number],
            "organisation": [null, appeal.organisation],
            "bin_iin": [null, appeal.bin_iin.as_str()],
            "received_at": [null, ts(appeal.received_at)],
            "channel": [null, appeal.channel.code()],
            "source": [null, appeal.source.code()],
            "contact": [null, appeal.contact],
            "description": [null, appeal.description],
            "rule_set": [null, appeal.rule_set.code()],
            "linked_to": [null, appeal.linked_to],
        });
        audit::insert(
            tx,
            now,
            actor,
            workstation.as_str(),
            "appeal",
            &id,
            Some(version_id),
            "register",
            &changes,
        )?;
        Ok(id)
    }

    /// Writes a new version of an appeal: a copy of the current one with `set` applied
    /// (column, value), parented on it. Returns the new version id.
    fn new_version(
        tx: &Transaction<'_>,
        appeal_id: &str,
        set: &[(&str, rusqlite::types::Value)],
        actor: &Actor,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Uuid> {
        const COPIED: &str = "organisation, bin_iin, received_at, channel, contact, description, decision,
            failure_type, recommendations, source, contact_person, email, phone, detected_at, portal_module,
            announcements, lots, procurement_method, rule_set, problem_id, analysis, criticality, operator_fault,
            supporting_info, correction_reason";
        let parent: String = tx.query_row(
            "SELECT version_id FROM appeal_heads WHERE appeal_id = ?1",
            [appeal_id],
            |r| r.get(0),
        )?;
        let cols: Vec<&str> = COPIED.split(',').map(str::trim).collect();
        let current: Vec<rusqlite::types::Value> = tx.query_row(
            &format!("SELECT {COPIED} FROM appeal_versions WHERE version_id = ?1"),
            [&parent],
            |r| (0..cols.len()).map(|i| r.get(i)).collect(),
        )?;
        let version_id = Uuid::now_v7();
        let mut values: Vec<rusqlite::types::Value> = vec![
            version_id.to_string().into(),
            appeal_id.to_owned().into(),
            parent.into(),
            actor.user.clone().into(),
            workstation.to_owned().into(),
            ts(now).into(),
        ];
        values.extend(cols.iter().zip(current).map(|(c, v)| {
            match set.iter().find(|(k, _)| k == c) {
                Some((_, new)) => new.clone(),
                // A reason belongs to the one correction that gave it.
                None if *c == "correction_reason" => rusqlite::types::Value::Null,
                None => v,
            }
        }));
        let placeholders = (1..=values.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!(
                "INSERT INTO appeal_versions(version_id, appeal_id, parent_version_id, author, workstation,
                    recorded_at, {COPIED}) VALUES ({placeholders})"
            ),
            rusqlite::params_from_iter(values),
        )?;
        tx.execute(
            "UPDATE appeal_heads SET version_id = ?1 WHERE appeal_id = ?2",
            params![version_id.to_string(), appeal_id],
        )?;
        Ok(version_id)
    }

    /// Runs one change to an appeal: `change` writes its version or event and the audit
    /// row; the clocks are recomputed in the same transaction, which then commits with one
    /// disk sync. Returns the appeal as it now stands.
    fn change_appeal(
        &mut self,
        appeal_id: &str,
        change: impl FnOnce(&Transaction<'_>, &str) -> Result<()>,
    ) -> Result<AppealRow> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let workstation = Self::workstation_in(&tx)?;
        change(&tx, &workstation)?;
        refresh_in(&tx, self.clocks.as_ref(), appeal_id)?;
        tx.commit()?;
        self.appeal(appeal_id)?
            .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))
    }

    /// Records the specialist's analysis (002 §31–34): a new version carrying the
    /// decision, and the `confirmed`/`refuted` event that drives the clocks.
    pub fn triage(
        &mut self,
        appeal_id: &str,
        t: &ValidTriage,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let (number, analysis): (String, Option<String>) = tx
                .query_row(
                    "SELECT a.number, v.analysis FROM appeal_heads h JOIN appeals a ON a.id = h.appeal_id
                     JOIN appeal_versions v ON v.version_id = h.version_id WHERE h.appeal_id = ?1",
                    [appeal_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            if analysis.is_some() {
                return Err(StoreError::AlreadyTriaged(number));
            }
            use rusqlite::types::Value as V;
            let opt = |s: Option<&str>| s.map_or(V::Null, |s| V::Text(s.to_owned()));
            let text = |s: &str| {
                if s.is_empty() {
                    V::Null
                } else {
                    V::Text(s.to_owned())
                }
            };
            let set = [
                ("analysis", V::Text(t.analysis.code().to_owned())),
                ("criticality", opt(t.criticality.map(Criticality::code))),
                ("operator_fault", V::Integer(i64::from(t.operator_fault))),
                ("failure_type", opt(t.failure_type.map(FailureType::code))),
                ("decision", text(&t.decision)),
                ("recommendations", text(&t.recommendations)),
                ("supporting_info", text(&t.supporting_info)),
            ];
            let version_id = Self::new_version(tx, appeal_id, &set, actor, workstation, now)?;
            let details = serde_json::json!({
                "criticality": t.criticality.map(Criticality::code),
                "operator_fault": t.operator_fault,
            });
            insert_event(
                tx,
                appeal_id,
                t.analysis,
                t.at,
                now,
                actor,
                workstation,
                &details,
            )?;
            tx.execute(
                "UPDATE appeal_heads SET status = ?1, criticality = ?2, failure_type = ?3 WHERE appeal_id = ?4",
                params![
                    Status::Registered.after(t.analysis).code(),
                    t.criticality.map(Criticality::code),
                    t.failure_type.map(FailureType::code),
                    appeal_id
                ],
            )?;
            reindex(tx, appeal_id)?;
            let changes = serde_json::json!({
                "analysis": [null, t.analysis.code()],
                "at": [null, ts(t.at)],
                "criticality": [null, t.criticality.map(Criticality::code)],
                "operator_fault": [null, t.operator_fault],
                "failure_type": [null, t.failure_type.map(FailureType::code)],
                "decision": [null, t.decision],
                "recommendations": [null, t.recommendations],
                "supporting_info": [null, t.supporting_info],
            });
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "triage",
                &changes,
            )?;
            Ok(())
        })
    }

    /// Records that something happened (an obligation met, information requested…).
    pub fn record_event(
        &mut self,
        appeal_id: &str,
        kind: EventKind,
        at: DateTime<Utc>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let status: String = tx
                .query_row(
                    "SELECT status FROM appeal_heads WHERE appeal_id = ?1",
                    [appeal_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            let status = coded(0, &status, Status::from_code)?;
            insert_event(
                tx,
                appeal_id,
                kind,
                at,
                now,
                actor,
                workstation,
                &serde_json::json!({}),
            )?;
            tx.execute(
                "UPDATE appeal_heads SET status = ?1 WHERE appeal_id = ?2",
                params![status.after(kind).code(), appeal_id],
            )?;
            let changes = serde_json::json!({ "event": [null, kind.code()], "at": [null, ts(at)] });
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                None,
                "event",
                &changes,
            )?;
            Ok(())
        })
        .map(|_| ())
    }

    /// Marks an appeal as another report of the problem `problem_number` belongs to
    /// (002 §38: the fix clock then runs from the problem's first registration).
    pub fn link(
        &mut self,
        appeal_id: &str,
        problem_number: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let first = Self::appeal_id_by_number(tx, problem_number)?;
            let root = Self::problem_root(tx, &first)?;
            if root == appeal_id {
                return Err(StoreError::LinkSelf);
            }
            let set = [("problem_id", rusqlite::types::Value::Text(root.clone()))];
            let version_id = Self::new_version(tx, appeal_id, &set, actor, workstation, now)?;
            let changes = serde_json::json!({ "linked_to": [null, problem_number] });
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "link",
                &changes,
            )?;
            Ok(())
        })
    }

    /// Attaches a computed extension (its input and answer) to the appeal; audited.
    pub fn save_extensions(
        &mut self,
        appeal_id: &str,
        input: &str,
        output: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            tx.execute(
                "INSERT INTO extension_results(id, appeal_id, computed_at, author, input, output)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![Uuid::now_v7().to_string(), appeal_id, ts(now), actor.user, input, output],
            )?;
            let changes = serde_json::json!({ "extensions": [null, serde_json::from_str::<serde_json::Value>(input).unwrap_or_default()] });
            audit::insert(tx, now, actor, workstation, "appeal", appeal_id, None, "extensions", &changes)
        })
    }

    /// The latest extension computed for the appeal: when, and the answer (JSON).
    pub fn latest_extensions(&self, appeal_id: &str) -> Result<Option<(DateTime<Utc>, String)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT computed_at, output FROM extension_results WHERE appeal_id = ?1
                 ORDER BY computed_at DESC LIMIT 1",
                [appeal_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row
            .map(|(at, out)| parse_ts(&at).map(|t| (t, out)))
            .transpose()?)
    }

    /// A supervisor's correction of one field: a new version whose parent is the version
    /// it replaces, carrying the reason; the audit row names the replaced version.
    pub fn correct(
        &mut self,
        appeal_id: &str,
        c: &desk_journal::ValidCorrection,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        let column = c.field.code();
        self.change_appeal(appeal_id, |tx, workstation| {
            let (parent, old): (String, rusqlite::types::Value) = tx
                .query_row(
                    &format!(
                        "SELECT v.version_id, v.{column} FROM appeal_heads h
                         JOIN appeal_versions v ON v.version_id = h.version_id WHERE h.appeal_id = ?1"
                    ),
                    [appeal_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            let new = c
                .value
                .clone()
                .map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Text);
            let set = [
                (column, new),
                (
                    "correction_reason",
                    rusqlite::types::Value::Text(c.reason.clone()),
                ),
            ];
            let version_id = Self::new_version(tx, appeal_id, &set, actor, workstation, now)?;
            // The projection follows the columns it mirrors.
            if matches!(column, "received_at" | "channel" | "failure_type") {
                tx.execute(
                    &format!("UPDATE appeal_heads SET {column} = ?1 WHERE appeal_id = ?2"),
                    params![c.value, appeal_id],
                )?;
            }
            reindex(tx, appeal_id)?;
            let old = match old {
                rusqlite::types::Value::Text(t) => serde_json::Value::String(t),
                _ => serde_json::Value::Null,
            };
            let changes = serde_json::json!({
                column: [old, c.value],
                "reason": [null, c.reason],
                "replaces": [null, parent],
            });
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "correct",
                &changes,
            )?;
            Ok(())
        })
    }

    /// Keeps the earliest pending due instant beside the appeal, for the overdue filter
    /// and the journal's "next due" column. Derived data: not audited.
    pub fn set_next_due(&mut self, appeal_id: &str, due: Option<DateTime<Utc>>) -> Result<()> {
        self.conn.execute(
            "UPDATE appeal_heads SET next_due = ?1 WHERE appeal_id = ?2",
            params![due.map(ts), appeal_id],
        )?;
        Ok(())
    }

    pub fn appeal(&self, id: &str) -> Result<Option<AppealRow>> {
        appeal_in(&self.conn, id)
    }

    pub fn appeal_by_number(&self, number: &str) -> Result<AppealRow> {
        self.conn
            .query_row(
                &format!("{SELECT_CURRENT} WHERE a.number = ?1"),
                [number.trim().to_uppercase()],
                appeal_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(number.to_owned()))
    }

    /// When the problem this appeal reports was first registered (002 §38), if it is
    /// a linked report.
    pub fn first_registered_at(&self, appeal_id: &str) -> Result<Option<DateTime<Utc>>> {
        first_registered_in(&self.conn, appeal_id)
    }

    pub fn events(&self, appeal_id: &str) -> Result<Vec<EventRow>> {
        events_in(&self.conn, appeal_id)
    }

    /// Sets how the next due instant of an appeal is computed (the rules engine, given
    /// by the application). It runs inside every write's transaction, so an appeal and
    /// its clock are saved together, with one disk sync.
    pub fn set_clocks(&mut self, clocks: Clocks) {
        self.clocks = Some(clocks);
    }
}

/// Computes an appeal's next due instant from its current state, its events and the
/// first registration of its problem.
pub type Clocks =
    Box<dyn Fn(&AppealRow, &[EventRow], Option<DateTime<Utc>>) -> Option<DateTime<Utc>> + Send>;

fn appeal_in(c: &Connection, id: &str) -> Result<Option<AppealRow>> {
    Ok(c.query_row(
        &format!("{SELECT_CURRENT} WHERE h.appeal_id = ?1"),
        [id],
        appeal_row,
    )
    .optional()?)
}

fn first_registered_in(c: &Connection, appeal_id: &str) -> Result<Option<DateTime<Utc>>> {
    let created: Option<String> = c
        .query_row(
            "SELECT p.created_at FROM appeal_heads h JOIN appeal_versions v ON v.version_id = h.version_id
             JOIN appeals p ON p.id = v.problem_id WHERE h.appeal_id = ?1",
            [appeal_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(created.map(|s| parse_ts(&s)).transpose()?)
}

fn events_in(c: &Connection, appeal_id: &str) -> Result<Vec<EventRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, kind, at, recorded_at, author, details FROM appeal_events WHERE appeal_id = ?1 ORDER BY at, recorded_at",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(EventRow {
                id: parse_uuid(&r.get::<_, String>(0)?)?,
                kind: coded(1, &r.get::<_, String>(1)?, EventKind::from_code)?,
                at: parse_ts(&r.get::<_, String>(2)?)?,
                recorded_at: parse_ts(&r.get::<_, String>(3)?)?,
                author: r.get(4)?,
                details: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Recomputes the next due instant inside a write's transaction.
fn refresh_in(c: &Connection, clocks: Option<&Clocks>, appeal_id: &str) -> Result<()> {
    let Some(clocks) = clocks else { return Ok(()) };
    let Some(row) = appeal_in(c, appeal_id)? else {
        return Ok(());
    };
    let due = clocks(
        &row,
        &events_in(c, appeal_id)?,
        first_registered_in(c, appeal_id)?,
    );
    c.execute(
        "UPDATE appeal_heads SET next_due = ?1 WHERE appeal_id = ?2",
        params![due.map(ts), appeal_id],
    )?;
    Ok(())
}

impl Store {
    /// The whole journal, newest registration first.
    pub fn appeals(&self) -> Result<Vec<AppealRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_CURRENT} ORDER BY h.received_at DESC, a.number DESC"
        ))?;
        let rows = stmt
            .query_map([], appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One page of the journal: filters, full-text search, sort and paging, at `now`.
    pub fn list(&self, q: &ValidQuery, now: DateTime<Utc>) -> Result<Vec<AppealRow>> {
        let filters = [
            q.status.is_some(),
            q.criticality.is_some(),
            q.failure_type.is_some(),
            q.channel.is_some(),
            q.rule_set.is_some(),
        ]
        .iter()
        .filter(|f| **f)
        .count();
        let mut sql = if q.fts.is_some() {
            format!("{SELECT_CURRENT} JOIN appeal_search ON appeal_search.rowid = h.n WHERE 1 = 1")
        } else if filters >= 2 {
            // Several filters together are rare rows spread over the whole journal: the
            // planner's single-column choice then reads the table row by row, while the
            // covering page index (migration 003) tests them all inside the index.
            SELECT_CURRENT.replacen(
                "FROM appeal_heads h",
                "FROM appeal_heads h INDEXED BY heads_page",
                1,
            ) + " WHERE 1 = 1"
        } else {
            format!("{SELECT_CURRENT} WHERE 1 = 1")
        };
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut cond = |sql: &mut String, clause: &str, v: rusqlite::types::Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(t) = q.from {
            cond(&mut sql, " AND h.received_at >= ?", ts(t).into());
        }
        if let Some(t) = q.to_exclusive {
            cond(&mut sql, " AND h.received_at < ?", ts(t).into());
        }
        if let Some(s) = q.status {
            cond(&mut sql, " AND h.status = ?", s.code().to_owned().into());
        }
        if let Some(c) = q.criticality {
            cond(
                &mut sql,
                " AND h.criticality = ?",
                c.code().to_owned().into(),
            );
        }
        if let Some(f) = q.failure_type {
            cond(
                &mut sql,
                " AND h.failure_type = ?",
                f.code().to_owned().into(),
            );
        }
        if let Some(c) = q.channel {
            cond(&mut sql, " AND h.channel = ?", c.code().to_owned().into());
        }
        if let Some(r) = q.rule_set {
            cond(&mut sql, " AND h.rule_set = ?", r.code().to_owned().into());
        }
        if q.overdue {
            cond(&mut sql, " AND h.next_due < ?", ts(now).into());
        }
        let order = if q.oldest_first { "ASC" } else { "DESC" };
        if let Some(fts) = &q.fts {
            // Search results come in registration order: FTS5 then walks its index in
            // rowid order and stops after one page, instead of collecting every match of
            // a common word and sorting them.
            cond(&mut sql, " AND appeal_search MATCH ?", fts.clone().into());
            sql.push_str(&format!(
                " ORDER BY appeal_search.rowid {order} LIMIT {} OFFSET {}",
                q.limit, q.offset
            ));
        } else {
            sql.push_str(&format!(
                " ORDER BY h.received_at {order}, h.n {order} LIMIT {} OFFSET {}",
                q.limit, q.offset
            ));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Appeals whose next due instant falls in `[from, to)`: what the desktop alert
    /// announces ("due within 15 minutes").
    pub fn due_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AppealRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_CURRENT} WHERE h.next_due >= ?1 AND h.next_due < ?2 ORDER BY h.next_due"
        ))?;
        let rows = stmt
            .query_map(params![ts(from), ts(to)], appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Appeals that still have a pending obligation, for recomputing clocks.
    pub fn open_appeal_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT appeal_id FROM appeal_heads WHERE status <> 'closed'")?;
        let rows = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The audit trail, oldest first.
    pub fn audit(&self) -> Result<Vec<AuditEntry>> {
        audit::entries(&self.conn, None)
    }

    /// The audit trail of one appeal (its history), oldest first.
    pub fn history(&self, appeal_id: &str) -> Result<Vec<AuditEntry>> {
        audit::entries(&self.conn, Some(appeal_id))
    }

    /// Walks the hash chain and reports the first broken link.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        audit::verify(&self.conn)
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

#[allow(clippy::too_many_arguments)]
fn insert_event(
    tx: &Transaction<'_>,
    appeal_id: &str,
    kind: EventKind,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    actor: &Actor,
    workstation: &str,
    details: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO appeal_events(id, appeal_id, kind, at, recorded_at, author, workstation, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            Uuid::now_v7().to_string(),
            appeal_id,
            kind.code(),
            ts(at),
            ts(now),
            actor.user,
            workstation,
            details.to_string()
        ],
    )?;
    Ok(())
}
