#![allow(clippy::unwrap_used)]
//! The Commission's records (issue 17, migration 009): written all or nothing through
//! `commission_write`, never changed afterwards (the schema refuses), each row recorded
//! by its own audit entry so that `Store::verify` notices a row edited, removed or slipped
//! in behind the application, and each entry travelling with sync.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use desk_journal::WorkstationCode;
use desk_journal::time::parse_astana;
use desk_store::{Actor, CommissionWrite, ProblemKind, Store, StoreError};

fn actor() -> Actor {
    Actor {
        user: "secretary".into(),
    }
}

fn t(s: &str) -> DateTime<Utc> {
    parse_astana(s).unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn store(dir: &Path) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    s
}

fn write(s: &mut Store, meeting: Option<&str>, writes: Vec<CommissionWrite>) -> Vec<String> {
    s.commission_write::<StoreError>(meeting, &actor(), t("26.11.2026 12:00"), |_| Ok(writes))
        .unwrap()
}

/// A composition, meeting № 7 with one item, its roll call, four votes and the
/// decision, a dissent, a protocol and one signature: a row in every table.
fn meeting(s: &mut Store) {
    let members = r#"[{"id":"m1","name":"Әлиев Н.","role":"chair","organisation":"Оператор","position":"Орынбасар"}]"#;
    let composition = write(
        s,
        None,
        vec![CommissionWrite::Composition {
            order_number: "15-П".into(),
            order_date: d("2026-11-02"),
            valid_from: d("2026-11-02"),
            members: members.into(),
        }],
    );
    write(
        s,
        None,
        vec![CommissionWrite::Meeting {
            number: "7".into(),
            composition_id: composition[0].clone(),
            date: d("2026-11-26"),
            time: "10:00".into(),
            place: "Астана".into(),
            agenda: r#"[{"title":"«Ақ Жол» сынауға жіберу","proposal":{"kind":"test"}}]"#.into(),
        }],
    );
    let present: Vec<String> = ["m1", "m2", "m3", "m4"].map(String::from).to_vec();
    let mut writes = vec![CommissionWrite::Attendance {
        present: present.clone(),
        acting_chair: None,
    }];
    for (m, v) in present.iter().zip(["for", "for", "against", "recused"]) {
        writes.push(CommissionWrite::Vote {
            item: 1,
            member_id: m.clone(),
            vote: v.into(),
            conflict: (v == "recused").then(|| "Өтініш берушінің құрылтайшысы".into()),
        });
    }
    writes.push(CommissionWrite::Decision {
        item: 1,
        outcome: "not_adopted".into(),
        tally: r#"{"for":2,"against":1}"#.into(),
    });
    writes.push(CommissionWrite::Dissent {
        item: 1,
        member_id: "m3".into(),
        position: "Бас маман".into(),
        text: "Қауіпсіздік сынағының хаттамасы жоқ".into(),
    });
    writes.push(CommissionWrite::Protocol {
        parent_id: None,
        lang: "kk".into(),
        text: "Хаттама № 7".into(),
        due_at: t("30.11.2026 23:59"),
        late: false,
    });
    write(s, Some("7"), writes);
    let record = s.commission_meeting("7").unwrap().unwrap();
    let protocol = record.protocol().unwrap().clone();
    write(
        s,
        Some("7"),
        vec![CommissionWrite::Signature {
            protocol_id: protocol.id,
            member_id: "m1".into(),
            sha256: protocol.sha256,
        }],
    );
}

#[test]
fn a_meeting_reads_back_as_written_and_the_journal_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    meeting(&mut s);
    let r = s.commission_meeting("7").unwrap().unwrap();
    assert_eq!(r.meeting.date, d("2026-11-26"));
    assert_eq!(r.composition.order_number, "15-П");
    assert_eq!(
        r.attendance.as_ref().unwrap().present,
        ["m1", "m2", "m3", "m4"]
    );
    assert_eq!(r.votes.len(), 4);
    assert_eq!(
        r.votes[3].conflict.as_deref(),
        Some("Өтініш берушінің құрылтайшысы")
    );
    assert_eq!(r.decisions[0].outcome, "not_adopted");
    assert_eq!(r.dissents[0].position, "Бас маман");
    let p = r.protocol().unwrap();
    assert_eq!(p.sha256, desk_store::text_sha256("Хаттама № 7"));
    assert!(!p.late);
    assert_eq!(r.signatures_of(&p.id).count(), 1);
    assert!(s.commission_meeting("8").unwrap().is_none());

    let entries: Vec<_> = s
        .audit()
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "commission")
        .collect();
    assert_eq!(entries.len(), 11, "one entry per row");
    let v = s.verify(None, &mut |_| {}).unwrap();
    assert!(v.intact(), "{:?}", v.problems);
    // Every Commission entry travels (issue 15), its body readable by the server.
    let ops = s.pending_ops(100).unwrap();
    let ops: Vec<_> = ops.iter().filter(|o| o.entity == "commission").collect();
    assert_eq!(ops.len(), 11);
    assert!(ops.iter().all(|o| desk_wire::body::parse(&o.body).is_ok()));
}

#[test]
fn the_database_refuses_to_edit_or_delete_the_commissions_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    meeting(&mut s);
    let c = s.connection();
    for table in [
        "commission_compositions",
        "commission_meetings",
        "commission_attendance",
        "commission_votes",
        "commission_dissents",
        "commission_decisions",
        "commission_protocols",
        "commission_signatures",
    ] {
        for sql in [
            format!("UPDATE {table} SET author = 'someone else'"),
            format!("DELETE FROM {table}"),
        ] {
            let err = c.execute(&sql, []).expect_err(&sql);
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
    }
}

#[test]
fn a_refused_change_and_a_batch_the_schema_refuses_write_nothing_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    meeting(&mut s);
    let before = s.audit().unwrap().len();
    // The application's check refuses: nothing is written.
    let refused = s.commission_write(Some("7"), &actor(), Utc::now(), |view| {
        assert_eq!(view.meeting.unwrap().votes.len(), 4);
        Err(StoreError::Corrupt("refused".into()))
    });
    assert!(refused.is_err());
    // A vote the schema refuses, after a good row in the same batch: the good row goes
    // too.
    let batch = vec![
        CommissionWrite::Dissent {
            item: 1,
            member_id: "m2".into(),
            position: "—".into(),
            text: "—".into(),
        },
        CommissionWrite::Vote {
            item: 1,
            member_id: "m5".into(),
            vote: "maybe".into(),
            conflict: None,
        },
    ];
    let err = s
        .commission_write::<StoreError>(Some("7"), &actor(), Utc::now(), |_| Ok(batch))
        .unwrap_err();
    assert!(err.to_string().contains("CHECK"), "{err}");
    // A write about a meeting that is not there.
    let orphan = vec![CommissionWrite::Attendance {
        present: vec!["m1".into()],
        acting_chair: None,
    }];
    assert!(
        s.commission_write::<StoreError>(Some("8"), &actor(), Utc::now(), |_| Ok(orphan))
            .is_err()
    );
    let r = s.commission_meeting("7").unwrap().unwrap();
    assert_eq!((r.votes.len(), r.dissents.len()), (4, 1));
    assert_eq!(s.audit().unwrap().len(), before);
}

/// Runs `sql` on the file behind the application's back, every trigger dropped.
fn attack(path: &Path, sql: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    let triggers: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for name in triggers {
        c.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    c.execute_batch(sql).unwrap();
}

#[test]
fn verify_names_a_commission_row_changed_removed_or_slipped_in() {
    for (sql, kind, what) in [
        (
            "UPDATE commission_votes SET vote = 'for' WHERE member_id = 'm3'",
            ProblemKind::Changed,
            "commission_votes",
        ),
        (
            "UPDATE commission_protocols SET text = 'Басқа мәтін'",
            ProblemKind::Changed,
            "commission_protocols",
        ),
        (
            "DELETE FROM commission_dissents",
            ProblemKind::Missing,
            "commission_dissents",
        ),
        (
            "INSERT INTO commission_votes(id, meeting_id, item, member_id, vote, recorded_at, author)
             SELECT 'forged', id, 1, 'm5', 'for', recorded_at, author FROM commission_meetings",
            ProblemKind::Unrecorded,
            "commission_votes forged (7)",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = {
            let mut s = store(dir.path());
            meeting(&mut s);
            s.path().to_owned()
        };
        attack(&path, sql);
        let v = Store::open(&path)
            .unwrap()
            .verify(None, &mut |_| {})
            .unwrap();
        assert!(
            v.problems
                .iter()
                .any(|p| p.kind == kind && p.what.contains(what)),
            "{sql}: {:?}",
            v.problems
        );
    }
}

/// The applications' rows (migration 010) are covered like the rest: a step moved, an
/// application's body edited or a step removed behind the application is named.
#[test]
fn verify_names_an_application_row_changed_or_removed() {
    use desk_store::ApplicationWrite;
    for (sql, kind) in [
        (
            "UPDATE commission_application_steps SET date = '2026-11-05'",
            ProblemKind::Changed,
        ),
        (
            "UPDATE commission_applications SET body = '{}'",
            ProblemKind::Changed,
        ),
        (
            "DELETE FROM commission_application_steps",
            ProblemKind::Missing,
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = {
            let mut s = store(dir.path());
            s.application_write::<StoreError>("ЭСА-1", &actor(), Utc::now(), |_| {
                Ok(vec![ApplicationWrite::Application {
                    number: "ЭСА-1".into(),
                    form: "production".into(),
                    received: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                    body: r#"{"fields": {}, "documents": [], "infosec_protocol": null}"#.into(),
                }])
            })
            .unwrap();
            s.application_write::<StoreError>("ЭСА-1", &actor(), Utc::now(), |a| {
                assert!(a.is_some());
                Ok(vec![ApplicationWrite::Step {
                    step: "meeting".into(),
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
                    note: String::new(),
                }])
            })
            .unwrap();
            assert!(s.verify(None, &mut |_| {}).unwrap().intact());
            s.path().to_owned()
        };
        attack(&path, sql);
        let v = Store::open(&path)
            .unwrap()
            .verify(None, &mut |_| {})
            .unwrap();
        assert!(
            v.problems.iter().any(|p| p.kind == kind),
            "{sql}: {:?}",
            v.problems
        );
    }
}
