#![allow(clippy::unwrap_used)]
//! Concurrent first starts of a new data directory all succeed (issue 11 item 5): eight
//! real `desk` processes started together on a directory that does not exist yet, each
//! creating the journal with its first write if it is first; the schema is applied once,
//! and the workstation code, set by all eight, is written once.

use std::process::{Command, Stdio};

#[test]
fn eight_processes_starting_a_new_journal_together_all_succeed() {
    let reference = reference();
    for round in 0..3 {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("new-data-dir");
        let children: Vec<_> = (0..8)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_desk"))
                    .arg("--data-dir")
                    .arg(&dir)
                    .args(["--lang", "en", "setup", "--workstation", "AST1"])
                    .env_remove("DESK_USER")
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(String::from_utf8_lossy(&o.stdout).contains("AST1"));
        }
        let c = rusqlite::Connection::open(dir.join("journal.sqlite3")).unwrap();
        // The same schema and the same rows as a journal one process made alone: a
        // schema applied twice would differ (or have failed).
        assert_eq!(shape(&c), reference, "round {round}");
        let mode: String = c
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}

/// The schema version, the schema's objects and the rows in every table.
fn shape(c: &rusqlite::Connection) -> (i64, Vec<(String, i64)>) {
    let version = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut objects = Vec::new();
    for t in tables {
        let n: i64 = c
            .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
            .unwrap();
        objects.push((t, n));
    }
    let all: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    objects.push(("sqlite_master".into(), all));
    (version, objects)
}

/// A new journal made by one `desk` alone.
fn reference() -> (i64, Vec<(String, i64)>) {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_desk"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--lang", "en", "setup", "--workstation", "AST1"])
        .env_remove("DESK_USER")
        .output()
        .unwrap();
    assert!(o.status.success());
    let c = rusqlite::Connection::open(dir.path().join("journal.sqlite3")).unwrap();
    let shape = shape(&c);
    assert!(shape.0 >= 7, "{shape:?}");
    shape
}
