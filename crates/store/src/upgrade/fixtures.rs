//! How the journals of the released schemas in `tests/fixtures/` are made, and the
//! proof that this helper still makes journals that upgrade.
//!
//! A journal of schema N is an empty file brought to N by this build's own migration
//! list, into which one history (appeals registered, one triaged, one corrected, a role,
//! a setting, an extension answer) is copied with SQL of that schema: every table and
//! column that existed at N, from the same history written by this build. What schema N
//! could not hold is left out (the triage of schema 1, which had no events; entries of
//! tables that came later). The audit chain is what that release kept: none at schema
//! 1, hashed as migration 002 hashes at 2–4, covering rows from 5, with the outbox from 6.
//!
//! The committed files are frozen: a change to this helper does not change them. To make
//! them again (only when adding the fixture of a new released schema):
//!
//! ```text
//! DESK_WRITE_FIXTURES=1 cargo test -p desk-store --lib upgrade::fixtures
//! ```
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use desk_journal::{CorrectionForm, Role};
use rusqlite::Connection;

use crate::testing::{actor, confirm, register, store, t};
use crate::{Store, audit, projection, schema_version};

/// Derived tables: rebuilt by the migrations and every write, never copied.
const DERIVED: [&str; 2] = ["appeal_search", "sync_state"];

pub(crate) fn fixture_name(schema: i64) -> String {
    format!("journal-schema{schema}.sqlite3")
}

/// The history this build writes, in `dir`; schema 1 had no triage.
fn history(dir: &Path, triage: bool) -> Store {
    let mut s = store(dir);
    let a = register(&mut s, "ТОО «Сапа»", "Портал недоступен с утра");
    let b = register(&mut s, "ЖШС «Алтын Дала»", "Өтінімді жіберу мүмкін емес");
    register(&mut s, "ИП Иванов", "Не открывается протокол итогов");
    let fix = CorrectionForm {
        field: "organisation".into(),
        value: "ТОО «Сапа Плюс»".into(),
        reason: "уточнено".into(),
    }
    .validate(t("20.11.2026 12:00"))
    .unwrap();
    s.correct(&a, &fix, &actor(), t("20.11.2026 12:00"))
        .unwrap();
    s.set_setting("support_hours", "09:00-18:00", &actor())
        .unwrap();
    if triage {
        confirm(&mut s, &b, "high");
        s.set_role("aigerim", Role::Operator, &actor()).unwrap();
        s.save_extensions(
            &b,
            r#"{"kind":"maintenance"}"#,
            r#"{"granted":true}"#,
            &actor(),
            t("20.11.2026 12:30"),
        )
        .unwrap();
    }
    s
}

fn tables(c: &Connection, schema: &str) -> Vec<String> {
    c.prepare(&format!(
        "SELECT name FROM {schema}.sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'appeal_search%' ORDER BY rowid"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn columns(c: &Connection, table: &str) -> Vec<String> {
    c.prepare(&format!(
        "SELECT name FROM main.pragma_table_info('{table}')"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Makes the journal of `schema` at `path`.
pub(crate) fn make(schema: i64, path: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let source = history(tmp.path(), schema >= 2);
    let _ = std::fs::remove_file(path);
    let mut c = Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    Store::migrate_to(&mut c, usize::try_from(schema).unwrap()).unwrap();
    c.execute("ATTACH ?1 AS new", [source.path().to_str().unwrap()])
        .unwrap();
    let tx = c.transaction().unwrap();
    for table in tables(&tx, "main") {
        if DERIVED.contains(&table.as_str()) {
            continue;
        }
        // Before 005 the chain did not cover rows: its hashes are made below, as
        // migration 002 made them.
        let cols: Vec<String> = columns(&tx, &table)
            .into_iter()
            .filter(|col| {
                table != "audit" || schema >= 5 || !["prev_hash", "hash"].contains(&col.as_str())
            })
            .collect();
        let cols = cols.join(", ");
        let only = match (table.as_str(), schema) {
            ("audit", 1) => {
                " WHERE entity IN ('appeal', 'setting') AND action IN ('register', 'correct', 'set')"
            }
            ("audit", 2 | 3) => " WHERE action <> 'extensions'",
            _ => "",
        };
        tx.execute_batch(&format!(
            "INSERT INTO main.{table}({cols}) SELECT {cols} FROM new.{table}{only} ORDER BY rowid"
        ))
        .unwrap();
    }
    if (2..5).contains(&schema) {
        audit::chain_existing(&tx).unwrap();
    }
    if schema >= 6 {
        projection::rebuild_all(&tx, None).unwrap();
    }
    tx.commit().unwrap();
    c.execute_batch("DETACH new; VACUUM;").unwrap();
    let found: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(found, schema);
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn this_helper_makes_a_journal_of_every_released_schema_that_upgrades() {
    let tmp = tempfile::tempdir().unwrap();
    let write = std::env::var_os("DESK_WRITE_FIXTURES").is_some();
    let out = if write {
        fixtures_dir()
    } else {
        tmp.path().to_owned()
    };
    std::fs::create_dir_all(&out).unwrap();
    for schema in 1..=schema_version() {
        let path = out.join(fixture_name(schema));
        make(schema, &path);
        let work = tempfile::tempdir().unwrap();
        let db = work.path().join(crate::DB_FILE);
        std::fs::copy(&path, &db).unwrap();
        let s = Store::open(&db).unwrap();
        assert_eq!(
            s.upgrade().map(|u| u.from),
            (schema < schema_version()).then_some(schema)
        );
        let appeals: i64 = s
            .connection()
            .query_row("SELECT COUNT(*) FROM appeal_heads", [], |r| r.get(0))
            .unwrap();
        assert_eq!(appeals, 3, "schema {schema}");
        let check = s.verify(None, &mut |_| {}).unwrap();
        assert!(check.intact(), "schema {schema}: {:?}", check.problems);
    }
}
