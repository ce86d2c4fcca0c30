#![allow(clippy::unwrap_used)]

use chrono::Utc;
use desk_journal::{NewAppeal, WorkstationCode};
use desk_store::{Actor, Store, StoreError, schema_version};

fn actor() -> Actor {
    Actor {
        user: "operator1".into(),
    }
}

fn appeal(org: &str) -> desk_journal::ValidAppeal {
    NewAppeal {
        organisation: org.into(),
        bin_iin: "971240001315".into(),
        received_at: "20.11.2026 10:15".into(),
        channel: "email".into(),
        contact: "user@example.kz".into(),
        description: "Баға ұсынысы жүктелмейді".into(),
        ..Default::default()
    }
    .validate(Utc::now())
    .unwrap()
}

fn store_with_workstation(dir: &std::path::Path, code: &str) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse(code).unwrap(), &actor())
        .unwrap();
    s
}

#[test]
fn a_new_database_is_migrated_in_wal_mode_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = Store::open_in_dir(dir.path()).unwrap();
        let mode: String = s
            .connection()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = s
            .connection()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let v: i64 = s
            .connection()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
    }
    let s = Store::open_in_dir(dir.path()).unwrap();
    assert!(s.appeals().unwrap().is_empty());
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
    }
    match Store::open(&path) {
        Err(StoreError::NewerSchema {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (schema_version() + 1, schema_version()));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "nothing was created in the newer database");
}

#[test]
fn incident_numbers_count_up_per_workstation_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let year =
        desk_journal::IncidentNumber::new(WorkstationCode::parse("AA").unwrap(), now, 0).year;
    {
        let mut s = store_with_workstation(dir.path(), "AST1");
        assert_eq!(
            s.register_appeal(&appeal("A"), &actor(), now)
                .unwrap()
                .number,
            format!("AST1-{year}-000001")
        );
        assert_eq!(
            s.register_appeal(&appeal("B"), &actor(), now)
                .unwrap()
                .number,
            format!("AST1-{year}-000002")
        );
    }
    let mut s = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(
        s.register_appeal(&appeal("C"), &actor(), now)
            .unwrap()
            .number,
        format!("AST1-{year}-000003")
    );
    let numbers: Vec<String> = s.appeals().unwrap().into_iter().map(|a| a.number).collect();
    assert_eq!(
        numbers,
        [
            format!("AST1-{year}-000003"),
            format!("AST1-{year}-000002"),
            format!("AST1-{year}-000001")
        ]
    );

    // Another workstation numbers independently, and the two never collide.
    let other = tempfile::tempdir().unwrap();
    let mut s2 = store_with_workstation(other.path(), "ALA2");
    assert_eq!(
        s2.register_appeal(&appeal("D"), &actor(), now)
            .unwrap()
            .number,
        format!("ALA2-{year}-000001")
    );
}

#[test]
fn registering_needs_a_workstation_code_and_the_code_is_set_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in_dir(dir.path()).unwrap();
    assert!(matches!(
        s.register_appeal(&appeal("A"), &actor(), Utc::now()),
        Err(StoreError::WorkstationNotSet)
    ));
    assert!(s.appeals().unwrap().is_empty());
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    let again = s.set_workstation(&WorkstationCode::parse("ALA2").unwrap(), &actor());
    assert!(matches!(again, Err(StoreError::WorkstationFixed(code)) if code == "AST1"));
}

#[test]
fn every_registration_leaves_a_version_and_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_workstation(dir.path(), "AST1");
    let row = s
        .register_appeal(&appeal("ТОО «Сапа»"), &actor(), Utc::now())
        .unwrap();
    let audit = s.audit().unwrap();
    let last = audit.iter().rev().find(|e| e.action == "register").unwrap();
    assert_eq!(
        (
            last.entity.as_str(),
            last.action.as_str(),
            last.actor.as_str()
        ),
        ("appeal", "register", "operator1")
    );
    assert_eq!(last.entity_id, row.id.to_string());
    assert_eq!(
        last.version_id.as_deref(),
        Some(row.version_id.to_string().as_str())
    );
    assert_eq!(last.changes["organisation"][1], "ТОО «Сапа»");
    assert_eq!(
        audit[0].entity, "setting",
        "setting the workstation is audited too"
    );
}

#[test]
fn the_database_refuses_to_edit_or_delete_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with_workstation(dir.path(), "AST1");
    s.register_appeal(&appeal("A"), &actor(), Utc::now())
        .unwrap();
    let c = s.connection();
    for sql in [
        "UPDATE appeal_versions SET organisation = 'X'",
        "DELETE FROM appeal_versions",
        "DELETE FROM appeals",
        "UPDATE audit SET actor = 'someone else'",
        "DELETE FROM audit",
    ] {
        let err = c.execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}
