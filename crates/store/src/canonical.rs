//! The canonical body of the rows an audit entry records, and its SHA-256 (issue 11
//! item 2). The one definition the write (inside its transaction, reading back what it
//! has just inserted), the verification (reading the table as it now is) and sync (the
//! body an op carries, `sync.rs`) use, so a row edited behind the application hashes
//! differently from what the chain holds.
//!
//! # The form
//!
//! The body is the compact JSON text (serde_json, no whitespace) of the array
//! `["desk-body-1", record, …]`, one `record` per row in the order the entry lists them,
//! each `[table, value, …]` with the values of the columns in the order `desk_wire::body`
//! lists them (one layout for the store, the server and every replica): text as a JSON
//! string, an integer as a JSON number, NULL as `null`. A column a later migration adds
//! joins the list only with a new version tag, so the bodies hashed before it keep their
//! hash: a body holding a resolution version (migration 006's second parent) opens with
//! `desk-body-2`. A missing row is `[table, null]`.

use desk_wire::body::{self as layout, TableSpec};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::Result;

/// A table whose rows the chain covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Appeals,
    Versions,
    Events,
    Attachments,
    Extensions,
    Users,
    Settings,
    /// The Commission's tables (migration 009, `commission.rs`).
    CommissionCompositions,
    CommissionMeetings,
    CommissionAttendance,
    CommissionVotes,
    CommissionDissents,
    CommissionDecisions,
    CommissionProtocols,
    CommissionSignatures,
    /// The platforms' applications (migration 010, `applications.rs`).
    CommissionApplications,
    CommissionApplicationSteps,
    /// The e-mail outbox (migration 011, `mail.rs`): local rows, never synced.
    MailMessages,
    MailAttempts,
}

impl Table {
    /// The layout `desk-wire` defines, shared with the server and every replica.
    fn spec(self) -> &'static TableSpec {
        match self {
            Table::Appeals => &layout::APPEALS,
            // Read with the second parent; a body without one drops it (see [`body`]).
            Table::Versions => &layout::VERSIONS_2,
            Table::Events => &layout::EVENTS,
            // The file itself is covered through its content hash (`sha256`).
            Table::Attachments => &layout::ATTACHMENTS,
            Table::Extensions => &layout::EXTENSIONS,
            Table::Users => &layout::USERS,
            Table::Settings => &layout::SETTINGS,
            Table::CommissionCompositions => &layout::COMMISSION_COMPOSITIONS,
            Table::CommissionMeetings => &layout::COMMISSION_MEETINGS,
            Table::CommissionAttendance => &layout::COMMISSION_ATTENDANCE,
            Table::CommissionVotes => &layout::COMMISSION_VOTES,
            Table::CommissionDissents => &layout::COMMISSION_DISSENTS,
            Table::CommissionDecisions => &layout::COMMISSION_DECISIONS,
            Table::CommissionProtocols => &layout::COMMISSION_PROTOCOLS,
            Table::CommissionSignatures => &layout::COMMISSION_SIGNATURES,
            Table::CommissionApplications => &layout::COMMISSION_APPLICATIONS,
            Table::CommissionApplicationSteps => &layout::COMMISSION_APPLICATION_STEPS,
            Table::MailMessages => &crate::mail::MAIL_MESSAGES,
            Table::MailAttempts => &crate::mail::MAIL_ATTEMPTS,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        self.spec().name
    }

    fn key(self) -> &'static str {
        self.spec().key
    }

    /// The table of a body's row.
    pub(crate) fn of(spec: &TableSpec) -> Option<Table> {
        [
            Table::Appeals,
            Table::Versions,
            Table::Events,
            Table::Attachments,
            Table::Extensions,
            Table::Users,
            Table::Settings,
        ]
        .into_iter()
        .chain(crate::commission::TABLES.iter().map(|(t, _)| *t))
        .find(|t| t.name() == spec.name)
    }
}

/// One row an audit entry records: its table and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub table: Table,
    pub key: String,
}

impl Record {
    pub(crate) fn new(table: Table, key: impl Into<String>) -> Record {
        Record {
            table,
            key: key.into(),
        }
    }
}

impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.table.name(), self.key)
    }
}

fn json(v: Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => i.into(),
        Value::Real(r) => r.into(),
        Value::Text(t) => t.into(),
        Value::Blob(b) => hex::encode(b).into(),
    }
}

/// The record's row as the body holds it, the table's name first; `None` when the row
/// is missing. A version row carries its second parent last.
pub(crate) fn row(c: &Connection, r: &Record) -> Result<Option<Vec<serde_json::Value>>> {
    let spec = r.table.spec();
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        spec.columns.join(", "),
        spec.name,
        r.table.key()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let n = stmt.column_count();
    let values: Option<Vec<Value>> = stmt
        .query_row([&r.key], |row| (0..n).map(|i| row.get(i)).collect())
        .optional()?;
    Ok(values.map(|vs| {
        let mut out = vec![serde_json::Value::from(spec.name)];
        out.extend(vs.into_iter().map(json));
        out
    }))
}

/// The canonical body of some records: its text, its SHA-256 (hex) and the first
/// record whose row is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub text: String,
    pub sha256: String,
    pub missing: Option<Record>,
}

/// The records' canonical body as the tables now hold them. A body opens with
/// `desk-body-2` exactly when one of its versions names a second parent; otherwise the
/// second-parent column is left out, so every body hashed before migration 006 keeps its
/// hash.
pub(crate) fn body(c: &Connection, records: &[Record]) -> Result<Body> {
    let merge_at = layout::VERSIONS.columns.len() + 1;
    let mut rows = Vec::with_capacity(records.len());
    let mut missing = None;
    for r in records {
        match row(c, r)? {
            Some(v) => rows.push((r.table, v)),
            None => {
                missing.get_or_insert_with(|| r.clone());
                rows.push((
                    r.table,
                    vec![r.table.name().into(), serde_json::Value::Null],
                ));
            }
        }
    }
    let merged = rows
        .iter()
        .any(|(t, v)| *t == Table::Versions && v.get(merge_at).is_some_and(|m| !m.is_null()));
    let tag = if merged { layout::TAG_2 } else { layout::TAG };
    let mut body = vec![serde_json::Value::from(tag)];
    for (t, mut v) in rows {
        if t == Table::Versions && !merged {
            v.truncate(merge_at);
        }
        body.push(serde_json::Value::Array(v));
    }
    let text = serde_json::Value::Array(body).to_string();
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    Ok(Body {
        text,
        sha256,
        missing,
    })
}

/// The SHA-256 (hex) of the records' canonical body as the tables now hold them, and the
/// first record whose row is missing.
pub(crate) fn body_hash(c: &Connection, records: &[Record]) -> Result<(String, Option<Record>)> {
    let b = body(c, records)?;
    Ok((b.sha256, b.missing))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_body_is_the_documented_json_and_changes_with_any_column() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE users (login TEXT PRIMARY KEY, role TEXT NOT NULL);
             INSERT INTO users VALUES ('айгуль', 'operator');",
        )
        .unwrap();
        let r = [Record::new(Table::Users, "айгуль")];
        let (hash, missing) = body_hash(&c, &r).unwrap();
        let expected = r#"["desk-body-1",["users","айгуль","operator"]]"#;
        assert_eq!(hash, hex::encode(Sha256::digest(expected.as_bytes())));
        assert_eq!(missing, None);
        c.execute_batch("UPDATE users SET role = 'supervisor'")
            .unwrap();
        assert_ne!(body_hash(&c, &r).unwrap().0, hash);
        c.execute_batch("DELETE FROM users").unwrap();
        assert_eq!(body_hash(&c, &r).unwrap().1, Some(r[0].clone()));
    }
}
