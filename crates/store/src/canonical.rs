//! The canonical body of the rows an audit entry records, and its SHA-256 (issue 11
//! item 2). The one definition both the write (inside its transaction, reading back what
//! it has just inserted) and the verification (reading the table as it now is) use, so a
//! row edited behind the application hashes differently from what the chain holds.
//!
//! # The form
//!
//! The body is the compact JSON text (serde_json, no whitespace) of the array
//! `["desk-body-1", record, …]`, one `record` per row in the order the entry lists them,
//! each `[table, value, …]` with the values of the columns in [`columns`]'s order: text as
//! a JSON string, an integer as a JSON number, NULL as `null`. A column a later migration
//! adds joins the list only with a new version tag, so the bodies hashed before it keep
//! their hash. A missing row is `[table, null]`.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::Result;

const TAG: &str = "desk-body-1";

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
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Appeals => "appeals",
            Table::Versions => "appeal_versions",
            Table::Events => "appeal_events",
            Table::Attachments => "attachments",
            Table::Extensions => "extension_results",
            Table::Users => "users",
            Table::Settings => "settings",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Table::Appeals | Table::Events | Table::Attachments | Table::Extensions => "id",
            Table::Versions => "version_id",
            Table::Users => "login",
            Table::Settings => "key",
        }
    }

    /// The columns of the body, in their fixed order.
    fn columns(self) -> &'static str {
        match self {
            Table::Appeals => "id, number, workstation, year, sequence, created_at",
            Table::Versions => {
                "version_id, appeal_id, parent_version_id, author, workstation, recorded_at, organisation,
                 bin_iin, received_at, channel, contact, description, decision, failure_type, recommendations,
                 source, contact_person, email, phone, detected_at, portal_module, announcements, lots,
                 procurement_method, rule_set, problem_id, analysis, criticality, operator_fault,
                 supporting_info, correction_reason"
            }
            Table::Events => "id, appeal_id, kind, at, recorded_at, author, workstation, details",
            // The file itself is covered through its content hash (`sha256`).
            Table::Attachments => "id, appeal_id, sha256, name, size, parts, added_at, author",
            Table::Extensions => "id, appeal_id, computed_at, author, input, output",
            Table::Users => "login, role",
            Table::Settings => "key, value",
        }
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

/// The record's row as the body holds it; `None` when the row is missing.
fn row(c: &Connection, r: &Record) -> Result<Option<serde_json::Value>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        r.table.columns(),
        r.table.name(),
        r.table.key()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let n = stmt.column_count();
    let values: Option<Vec<Value>> = stmt
        .query_row([&r.key], |row| (0..n).map(|i| row.get(i)).collect())
        .optional()?;
    Ok(values.map(|vs| {
        let mut out = vec![serde_json::Value::from(r.table.name())];
        out.extend(vs.into_iter().map(json));
        serde_json::Value::Array(out)
    }))
}

/// The SHA-256 (hex) of the records' canonical body as the tables now hold them, and the
/// first record whose row is missing.
pub(crate) fn body_hash(c: &Connection, records: &[Record]) -> Result<(String, Option<Record>)> {
    let mut body = vec![serde_json::Value::from(TAG)];
    let mut missing = None;
    for r in records {
        match row(c, r)? {
            Some(v) => body.push(v),
            None => {
                missing.get_or_insert_with(|| r.clone());
                body.push(serde_json::json!([r.table.name(), null]));
            }
        }
    }
    let text = serde_json::Value::Array(body).to_string();
    Ok((hex::encode(Sha256::digest(text.as_bytes())), missing))
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
