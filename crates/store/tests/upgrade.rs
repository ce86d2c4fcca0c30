//! Installing a newer version over an older one (issue 20 item 3): the journal of every
//! released schema (`fixtures/`, made by `src/upgrade/fixtures.rs`) is upgraded to this
//! build's schema with every record kept, after a copy of it as it was is made beside
//! it; a failed migration leaves the journal as it was and says why.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use desk_store::{DB_FILE, Store, StoreError, schema_version};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

fn fixture(schema: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("journal-schema{schema}.sqlite3"))
}

/// The fixture copied into a data directory of its own, as an installed older release
/// left it.
fn installed(schema: i64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    std::fs::copy(fixture(schema), &db).unwrap();
    (dir, db)
}

fn user_version(db: &Path) -> i64 {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// A table's name, its columns and its rows.
type Rows = Vec<(String, Vec<String>, Vec<Vec<Value>>)>;

/// Every row of every table the journal keeps (not the projections, which migrations
/// rebuild), in the columns it has now, oldest first.
fn records(db: &Path) -> Rows {
    let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE 'appeal_search%' AND name NOT IN ('appeal_heads', 'sync_state')
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let cols = columns(&c, &table);
            let rows = rows_of(&c, &table, &cols);
            (table, cols, rows)
        })
        .collect()
}

fn columns(c: &Connection, table: &str) -> Vec<String> {
    c.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn rows_of(c: &Connection, table: &str, cols: &[String]) -> Vec<Vec<Value>> {
    let mut stmt = c
        .prepare(&format!(
            "SELECT {} FROM {table} ORDER BY rowid",
            cols.join(", ")
        ))
        .unwrap();
    stmt.query_map([], |r| {
        (0..cols.len()).map(|i| r.get::<_, Value>(i)).collect()
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Each table of `before` is in `after` with its rows, in their columns, unchanged and
/// in their order; an upgrade may only add rows after them (the audit entry of 005) and
/// columns beside them.
fn assert_kept(before: &Rows, after_db: &Path, schema: i64) {
    let c = Connection::open_with_flags(after_db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    for (table, cols, rows) in before {
        let after = rows_of(&c, table, cols);
        assert!(
            after.len() >= rows.len() && after[..rows.len()] == rows[..],
            "schema {schema}: the rows of {table} changed:\nbefore {rows:?}\nafter {after:?}"
        );
    }
}

#[test]
fn a_journal_of_every_released_schema_is_upgraded_with_every_record_kept_and_a_backup_made() {
    for schema in 1..schema_version() {
        let (_dir, db) = installed(schema);
        let before = records(&db);
        let appeals = before
            .iter()
            .find(|(t, _, _)| t == "appeals")
            .map(|(_, _, rows)| rows.len())
            .unwrap();
        assert_eq!(appeals, 3, "the schema-{schema} fixture holds its appeals");

        let s = Store::open(&db).unwrap();
        let upgrade = s.upgrade().cloned().expect("an upgrade was reported");
        assert_eq!((upgrade.from, upgrade.to), (schema, schema_version()));
        assert_eq!(
            upgrade.backup,
            db.with_file_name(format!("journal-schema{schema}-backup.sqlite3"))
        );
        // Every appeal reads, under its number, at this build's schema.
        for number in ["AST1-2026-000001", "AST1-2026-000002", "AST1-2026-000003"] {
            s.appeal_by_number(number).unwrap();
        }
        let check = s.verify(None, &mut |_| {}).unwrap();
        assert!(check.intact(), "schema {schema}: {:?}", check.problems);
        drop(s);

        assert_eq!(user_version(&db), schema_version());
        assert_kept(&before, &db, schema);
        // The copy is the journal as the older release left it.
        assert_eq!(user_version(&upgrade.backup), schema);
        assert_eq!(
            records(&upgrade.backup),
            before,
            "schema {schema}: the backup"
        );

        // Opened again, it is current: no second copy.
        let again = Store::open(&db).unwrap();
        assert_eq!(again.upgrade(), None);
        assert!(
            !db.with_file_name(format!("journal-schema{schema}-backup-2.sqlite3"))
                .exists()
        );
    }
}

#[test]
fn a_journal_of_this_schema_opens_without_a_backup() {
    let (dir, db) = installed(schema_version());
    let s = Store::open(&db).unwrap();
    assert_eq!(s.upgrade(), None);
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("backup"))
        .collect();
    assert!(backups.is_empty(), "{backups:?}");
}

#[test]
fn a_failed_migration_leaves_the_journal_as_it_was_and_names_the_cause() {
    let (_dir, db) = installed(8);
    // What migration 009 creates is already there, as a hand-made table would be.
    Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE commission_compositions (note TEXT)")
        .unwrap();
    let before = records(&db);
    let err = Store::open(&db).unwrap_err();
    match &err {
        StoreError::UpgradeFailed {
            from,
            to,
            backup,
            reason,
            restore_error,
            ..
        } => {
            assert_eq!((*from, *to), (8, schema_version()));
            assert!(reason.contains("commission_compositions"), "{reason}");
            assert_eq!(restore_error, &None);
            assert_eq!(user_version(backup), 8);
            assert_eq!(records(backup), before);
        }
        other => panic!("not an upgrade failure: {other}"),
    }
    assert!(
        err.to_string().contains("journal-schema8-backup.sqlite3"),
        "{err}"
    );
    assert_eq!(user_version(&db), 8);
    assert_eq!(records(&db), before);
}

#[test]
fn an_earlier_backup_is_never_overwritten() {
    let (_dir, db) = installed(7);
    let first = db.with_file_name("journal-schema7-backup.sqlite3");
    std::fs::write(&first, b"an earlier copy").unwrap();
    let s = Store::open(&db).unwrap();
    assert_eq!(
        s.upgrade().map(|u| u.backup.clone()),
        Some(db.with_file_name("journal-schema7-backup-2.sqlite3"))
    );
    assert_eq!(std::fs::read(&first).unwrap(), b"an earlier copy");
}

/// Downgrading: an older build refuses a journal a newer one wrote, and touches nothing
/// (not even the journal mode), so the newer build opens it again as it was.
#[test]
fn a_journal_from_a_newer_release_is_refused_and_left_alone() {
    let (_dir, db) = installed(schema_version());
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", schema_version() + 1)
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    match Store::open(&db).unwrap_err() {
        StoreError::NewerSchema {
            found, supported, ..
        } => assert_eq!((found, supported), (schema_version() + 1, schema_version())),
        other => panic!("{other}"),
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
