#![allow(clippy::unwrap_used)]
//! Installing a newer `desk` over an older one (issue 20 item 3): the first command on a
//! journal an older release wrote upgrades it after copying it, says so on standard error
//! in the user's language, and answers as usual; an upgrade that fails names the cause and
//! the copy, and leaves the journal to the older version.

use std::path::{Path, PathBuf};

use desk_testkit::desk::{DeskCli, stderr};

fn fixture(schema: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../store/tests/fixtures")
        .join(format!("journal-schema{schema}.sqlite3"))
}

fn installed(schema: i64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(schema), dir.path().join("journal.sqlite3")).unwrap();
    dir
}

fn desk(dir: &Path) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk")).data_dir(dir)
}

#[test]
fn the_first_command_after_an_upgrade_says_where_the_copy_of_the_old_journal_is() {
    let dir = installed(5);
    let out = desk(dir.path())
        .lang("ru")
        .run(&["journal", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let backup = dir.path().join("journal-schema5-backup.sqlite3");
    assert!(backup.exists());
    let notice = stderr(&out);
    assert!(
        notice.contains("обновлён со схемы 5") && notice.contains(&backup.display().to_string()),
        "{notice}"
    );
    // The answer on standard output is the journal, every appeal of it.
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3, "{rows}");

    // Told once: the next command finds the journal current.
    let again = desk(dir.path())
        .lang("ru")
        .run(&["journal", "list", "--json"]);
    assert!(again.status.success());
    assert_eq!(stderr(&again), "");
}

#[test]
fn a_failed_upgrade_names_the_cause_and_the_copy_and_leaves_the_journal_as_it_was() {
    let dir = installed(8);
    let db = dir.path().join("journal.sqlite3");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE commission_meetings (note TEXT)")
        .unwrap();
    let out = desk(dir.path())
        .lang("en")
        .run(&["journal", "list", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("from schema 8")
            && err.contains("commission_meetings")
            && err.contains("journal-schema8-backup.sqlite3")
            && err.contains("restored"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let version: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 8);
}

#[test]
fn an_older_desk_refuses_a_newer_journal_in_the_users_language() {
    let dir = installed(9);
    rusqlite::Connection::open(dir.path().join("journal.sqlite3"))
        .unwrap()
        // Far past any schema this build knows, so the test outlives the next migrations.
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let out = desk(dir.path()).lang("kk").run(&["journal", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("жаңарақ нұсқасы") && err.contains("схема 99"),
        "{err}"
    );
}
