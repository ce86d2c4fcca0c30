//! Sync between real journals in temporary directories, through a stand-in for the
//! server that stores ops once, numbers them `server_seq` and chains them with
//! `desk_wire::chain_hash` (the real one is `desk-server`'s).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::{DateTime, Utc};
use desk_journal::{CorrectionForm, EventKind, JournalQuery, WorkstationCode};
use desk_wire::{Ack, ChainHead, Op, PullReply, ServerOp, chain_hash};
use rusqlite::params;

use super::*;
use crate::testing::{actor, confirm, register, t};

pub(super) fn store_as(dir: &Path, code: &str) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse(code).unwrap(), &actor())
        .unwrap();
    s
}

/// The server's part: each op stored once, in arrival order.
#[derive(Default)]
pub(super) struct Server {
    pub ops: Vec<ServerOp>,
}

impl Server {
    pub fn head(&self) -> ChainHead {
        self.ops.last().map_or(
            ChainHead {
                server_seq: 0,
                hash: String::new(),
            },
            |o| ChainHead {
                server_seq: o.server_seq,
                hash: o.hash.clone(),
            },
        )
    }

    /// Stores the ops (one workstation's, in `local_seq` order) and returns the acks.
    pub fn receive(&mut self, ops: &[Op]) -> Vec<Ack> {
        ops.iter()
            .map(|op| {
                if let Some(o) = self.ops.iter().find(|o| o.op.op_id == op.op_id) {
                    assert_eq!(o.op.sha256, op.sha256, "a replay is the same op");
                } else {
                    let last = self
                        .ops
                        .iter()
                        .filter(|o| o.op.workstation == op.workstation)
                        .map(|o| o.op.local_seq)
                        .max()
                        .unwrap_or(0);
                    assert_eq!(op.local_seq, last + 1, "no gap");
                    let head = self.head();
                    let server_seq = head.server_seq + 1;
                    self.ops.push(ServerOp {
                        server_seq,
                        hash: chain_hash(&head.hash, server_seq, op),
                        prev_hash: head.hash,
                        op: op.clone(),
                    });
                }
                let o = self.ops.iter().find(|o| o.op.op_id == op.op_id).unwrap();
                Ack {
                    op_id: op.op_id,
                    local_seq: op.local_seq,
                    server_seq: o.server_seq,
                }
            })
            .collect()
    }

    pub fn push(&mut self, s: &mut Store) -> usize {
        let ops = s.pending_ops(desk_wire::MAX_BATCH).unwrap();
        let acks = self.receive(&ops);
        s.acknowledge(&acks).unwrap();
        ops.len()
    }

    pub fn reply_since(&self, since: i64) -> PullReply {
        PullReply {
            ops: self
                .ops
                .iter()
                .filter(|o| o.server_seq > since)
                .cloned()
                .collect(),
            head: self.head(),
            more: false,
        }
    }

    pub fn pull(&self, s: &mut Store) -> Applied {
        let since = s
            .sync_state()
            .unwrap()
            .last_head
            .map_or(0, |h| h.server_seq);
        s.apply_pulled(&self.reply_since(since)).unwrap()
    }

    pub fn sync(&mut self, s: &mut Store) -> Applied {
        self.push(s);
        self.pull(s)
    }
}

fn rows(s: &Store, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = s.connection().prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Everything of a journal that must be the same on every replica.
pub(super) fn journal(s: &Store) -> Vec<Vec<Vec<rusqlite::types::Value>>> {
    vec![
        rows(s, "SELECT * FROM appeals ORDER BY id"),
        rows(s, "SELECT * FROM appeal_versions ORDER BY version_id"),
        rows(s, "SELECT * FROM appeal_events ORDER BY id"),
        rows(s, "SELECT * FROM attachments ORDER BY id"),
        rows(s, "SELECT * FROM extension_results ORDER BY id"),
        rows(
            s,
            "SELECT appeal_id, version_id, received_at, channel, source, rule_set, status, criticality,
                failure_type, conflicted FROM appeal_heads ORDER BY appeal_id",
        ),
        rows(
            s,
            "SELECT * FROM settings WHERE key NOT IN ('workstation', 'language') ORDER BY key",
        ),
        rows(s, "SELECT * FROM users ORDER BY login"),
        // The entries that travel are the same entries everywhere.
        rows(
            s,
            "SELECT id, at, actor, workstation, entity, entity_id, version_id, action, changes, event_id,
                record_id, body_hash FROM audit WHERE entity NOT IN ('journal')
                AND NOT (entity = 'setting' AND entity_id IN ('workstation', 'language')) ORDER BY id",
        ),
    ]
}

pub(super) fn heads(s: &Store) -> Vec<Vec<rusqlite::types::Value>> {
    rows(
        s,
        "SELECT appeal_id, version_id, conflicted FROM appeal_heads ORDER BY appeal_id",
    )
}

fn found(s: &Store, text: &str) -> usize {
    let q = JournalQuery {
        text: text.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    s.list(&q, Utc::now()).unwrap().len()
}

pub(super) fn assert_clean(s: &Store) {
    let v = s.verify(None, &mut |_| {}).unwrap();
    assert!(v.intact(), "{:?}", v.problems);
}

fn count(s: &Store, sql: &str) -> i64 {
    s.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

pub(super) fn correct(s: &mut Store, id: &str, field: &str, value: &str, now: DateTime<Utc>) {
    let c = CorrectionForm {
        field: field.into(),
        value: value.into(),
        reason: "уточнено".into(),
    }
    .validate(now)
    .unwrap();
    s.correct(id, &c, &actor(), now).unwrap();
}

#[test]
fn every_travelling_change_is_in_the_outbox_numbered_without_gaps_and_a_failed_write_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_as(dir.path(), "AST1");
    assert_eq!(a.pending_summary().unwrap().count, 0, "the code is local");
    let id = register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    confirm(&mut a, &id, "high");
    a.set_setting("language", "kk", &actor()).unwrap();
    a.set_setting("support_hours", "09:00-18:00", &actor())
        .unwrap();
    // Triage twice: refused inside its transaction, which writes nothing.
    let before = count(&a, "SELECT COUNT(*) FROM outbox");
    let received = a.appeal(&id).unwrap().unwrap().received_at;
    let again = desk_journal::TriageForm {
        analysis: "confirmed".into(),
        at: "20.11.2026 11:00".into(),
        criticality: "low".into(),
        failure_type: "computer_attack".into(),
        decision: "Повторно".into(),
        ..Default::default()
    }
    .validate(t("20.11.2026 11:05"), received)
    .unwrap();
    assert!(
        a.triage(&id, &again, &actor(), t("20.11.2026 11:06"))
            .is_err()
    );
    assert_eq!(count(&a, "SELECT COUNT(*) FROM outbox"), before);
    correct(
        &mut a,
        &id,
        "organisation",
        "ТОО «Сапа Плюс»",
        t("20.11.2026 12:00"),
    );

    let ops = a.pending_ops(100).unwrap();
    let actions: Vec<&str> = ops.iter().map(|o| o.action.as_str()).collect();
    assert_eq!(actions, ["register", "triage", "set", "correct"]);
    assert_eq!(ops[2].entity_id, "support_hours", "language stays here");
    assert_eq!(
        ops.iter().map(|o| o.local_seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    for op in &ops {
        assert_eq!(op.workstation, "AST1");
        assert_eq!(op.sha256, desk_wire::body_sha256(&op.body));
        // The op is the audit entry: same id, same body hash.
        let body_hash: String = a
            .connection()
            .query_row(
                "SELECT body_hash FROM audit WHERE id = ?1",
                [op.op_id.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(body_hash, op.sha256);
        desk_wire::body::parse(&op.body).unwrap();
    }
    assert_eq!(
        a.pending_summary().unwrap(),
        PendingSummary {
            count: 4,
            oldest: Some(ops[0].client_time)
        }
    );
    assert_eq!(a.pending_ops(2).unwrap(), ops[..2]);
}

#[test]
fn a_change_whose_outbox_row_cannot_be_written_is_not_written_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_as(dir.path(), "AST1");
    a.connection()
        .execute_batch(
            "CREATE TRIGGER outbox_full BEFORE INSERT ON outbox
             BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let now = t("20.11.2026 10:20");
    let form = desk_journal::NewAppeal {
        organisation: "ТОО «Сапа»".into(),
        bin_iin: "971240001315".into(),
        received_at: "20.11.2026 10:15".into(),
        channel: "phone".into(),
        contact: "+7 701 111 22 33".into(),
        description: "Портал недоступен".into(),
        ..Default::default()
    }
    .validate(now)
    .unwrap();
    assert!(a.register_appeal(&form, &actor(), now).is_err());
    assert!(a.appeals().unwrap().is_empty());
    assert_eq!(
        count(&a, "SELECT COUNT(*) FROM audit WHERE entity = 'appeal'"),
        0
    );
    assert_eq!(count(&a, "SELECT COUNT(*) FROM outbox"), 0);
}

#[test]
fn a_journal_from_before_sync_sends_its_history_in_its_order() {
    // The same history written by this build, and copied into a schema-5 file as a
    // build before sync would have left it: migration 006 gives it the same outbox.
    let (dn, d5) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut now = store_as(dn.path(), "AST1");
    let x = register(&mut now, "ТОО «Сапа»", "Портал недоступен");
    confirm(&mut now, &x, "high");
    now.set_role("aigerim", desk_journal::Role::Specialist, &actor())
        .unwrap();
    now.set_role("aigerim", desk_journal::Role::Supervisor, &actor())
        .unwrap();
    now.set_setting("support_hours", "09:00-18:00", &actor())
        .unwrap();
    correct(
        &mut now,
        &x,
        "organisation",
        "ТОО «Сапа Плюс»",
        t("20.11.2026 12:00"),
    );
    let expected = now.pending_ops(100).unwrap();
    let old = d5.path().join(crate::DB_FILE);
    {
        let mut c = rusqlite::Connection::open(&old).unwrap();
        crate::migrations().to_version(&mut c, 5).unwrap();
        c.execute("ATTACH ?1 AS new", [now.path().to_str().unwrap()])
            .unwrap();
        for table in [
            "settings",
            "users",
            "appeals",
            "appeal_versions",
            "appeal_events",
            "audit",
            "appeal_heads",
        ] {
            let cols: Vec<String> = c
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let cols = cols.join(", ");
            c.execute_batch(&format!(
                "INSERT INTO main.{table}({cols}) SELECT {cols} FROM new.{table}"
            ))
            .unwrap();
        }
    }
    drop(now);
    let s = Store::open(&old).unwrap();
    assert_eq!(s.pending_ops(100).unwrap(), expected);
    assert_clean(&s);
}

#[test]
fn acknowledged_ops_are_no_longer_pending_and_a_wrong_ack_marks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_as(dir.path(), "AST1");
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    register(&mut a, "АО «Ёлка»", "Ошибка ЭЦП");
    let ops = a.pending_ops(10).unwrap();
    let ack = |op: &Op, server_seq| Ack {
        op_id: op.op_id,
        local_seq: op.local_seq,
        server_seq,
    };
    let wrong_seq = Ack {
        local_seq: 7,
        ..ack(&ops[1], 2)
    };
    assert!(matches!(
        a.acknowledge(&[ack(&ops[0], 1), wrong_seq]),
        Err(StoreError::Sync(SyncError::BadAck { .. }))
    ));
    assert_eq!(a.pending_summary().unwrap().count, 2, "nothing marked");
    let stranger = Ack {
        op_id: uuid::Uuid::now_v7(),
        ..ack(&ops[0], 9)
    };
    assert!(a.acknowledge(&[stranger]).is_err());
    a.acknowledge(&[ack(&ops[0], 1)]).unwrap();
    assert_eq!(a.pending_ops(10).unwrap(), ops[1..]);
    a.acknowledge(&[ack(&ops[0], 1)]).unwrap();
    assert!(
        a.acknowledge(&[ack(&ops[0], 5)]).is_err(),
        "an op keeps its server_seq"
    );
    a.acknowledge(&[ack(&ops[1], 2)]).unwrap();
    assert_eq!(
        a.pending_summary().unwrap(),
        PendingSummary {
            count: 0,
            oldest: None
        }
    );
}

#[test]
fn two_workstations_exchange_their_journals_and_end_up_equal() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    let x = register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    let y = register(&mut a, "АО «Ёлка»", "Не загружается протокол");
    confirm(&mut a, &x, "high");
    a.record_event(
        &y,
        EventKind::InfoRequested,
        t("20.11.2026 12:00"),
        &actor(),
        t("20.11.2026 12:01"),
    )
    .unwrap();
    let number_x = a.appeal(&x).unwrap().unwrap().number;
    a.link(&y, &number_x, &actor(), t("20.11.2026 12:10"))
        .unwrap();
    a.save_extensions(
        &x,
        r#"{"days":1}"#,
        r#"{"ok":true}"#,
        &actor(),
        t("20.11.2026 12:20"),
    )
    .unwrap();
    a.set_setting("support_hours", "09:00-18:00", &actor())
        .unwrap();
    let z = register(&mut b, "ИП Жанар", "Ошибка ЭЦП");

    assert_eq!(server.push(&mut a), 7);
    let got = server.pull(&mut a);
    assert_eq!(
        (got.own, got.applied),
        (7, 0),
        "its own ops come back by id"
    );
    let got = server.sync(&mut b);
    assert_eq!((got.applied, got.own), (7, 1));
    assert!(got.conflicts_now.is_empty());
    let got = server.pull(&mut a);
    assert_eq!((got.applied, got.own), (1, 0));

    assert_eq!(journal(&a), journal(&b));
    assert_eq!(a.pending_summary().unwrap().count, 0);
    assert_eq!(b.pending_summary().unwrap().count, 0);
    // Incident numbers carry the workstation code: no collision.
    assert_eq!(a.appeal(&z).unwrap().unwrap().number, "ALA2-2026-000001");
    assert_eq!(b.appeal(&x).unwrap().unwrap().number, "AST1-2026-000001");
    assert_eq!((found(&b, "ёлка"), found(&a, "жанар")), (1, 1));
    assert_eq!(
        b.setting("support_hours").unwrap().as_deref(),
        Some("09:00-18:00")
    );
    assert_eq!(
        b.first_registered_at(&y).unwrap(),
        a.first_registered_at(&y).unwrap()
    );
    assert_eq!(b.history(&x).unwrap(), {
        let mut h = a.history(&x).unwrap();
        // Local sequence numbers differ; the entries do not.
        for (e, f) in h.iter_mut().zip(b.history(&x).unwrap()) {
            e.seq = f.seq;
        }
        h
    });
    assert_eq!(b.record_sync(&x).unwrap(), RecordSync::Synced);
    assert_clean(&a);
    assert_clean(&b);
    let head = b.sync_state().unwrap().last_head.unwrap();
    assert_eq!(head, server.head());

    // A change on B is local-only until the server has it.
    correct(
        &mut b,
        &x,
        "contact",
        "+7 702 000 00 00",
        t("20.11.2026 13:00"),
    );
    assert_eq!(b.record_sync(&x).unwrap(), RecordSync::LocalOnly);
    server.sync(&mut b);
    assert_eq!(b.record_sync(&x).unwrap(), RecordSync::Synced);
    server.pull(&mut a);
    assert_eq!(journal(&a), journal(&b));
    assert_clean(&a);
    assert_clean(&b);
}

#[test]
fn applying_the_same_pull_twice_changes_nothing() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    let x = register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    confirm(&mut a, &x, "low");
    server.push(&mut a);
    let reply = server.reply_since(0);
    assert_eq!(b.apply_pulled(&reply).unwrap().applied, 2);
    let once = journal(&b);
    let again = b.apply_pulled(&reply).unwrap();
    assert_eq!((again.applied, again.duplicate), (0, 2));
    assert_eq!(journal(&b), once);
    assert_eq!(server.pull(&mut b).applied, 0, "nothing new since the head");
    assert_clean(&b);
}

#[test]
fn a_broken_chain_is_refused_and_nothing_is_applied() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    register(&mut a, "АО «Ёлка»", "Ошибка");
    register(&mut a, "ИП Жанар", "Ошибка ЭЦП");
    server.push(&mut a);
    let empty = journal(&b);
    let broken = |reply: PullReply, b: &mut Store| {
        let e = b.apply_pulled(&reply).unwrap_err();
        assert!(
            matches!(e, StoreError::Sync(SyncError::ChainBroken { .. })),
            "{e}"
        );
        assert_eq!(journal(b), empty, "nothing applied");
        assert_eq!(b.sync_state().unwrap().last_head, None);
    };
    // An op removed from the middle.
    let mut reply = server.reply_since(0);
    reply.ops.remove(1);
    broken(reply, &mut b);
    // Two ops swapped.
    let mut reply = server.reply_since(0);
    reply.ops.swap(1, 2);
    broken(reply, &mut b);
    // An op changed after it was chained.
    let mut reply = server.reply_since(0);
    reply.ops[2].op.local_seq = 9;
    broken(reply, &mut b);
    // The first ops withheld.
    let mut reply = server.reply_since(0);
    reply.ops.remove(0);
    broken(reply, &mut b);
    // The newest op withheld while the head says otherwise.
    let mut reply = server.reply_since(0);
    reply.ops.pop();
    broken(reply, &mut b);

    server.pull(&mut b);
    // A chain that does not continue from the head seen last.
    let mut other = Server::default();
    let mut c = store_as(tempfile::tempdir().unwrap().path(), "KAR3");
    register(&mut c, "ТОО «Другое»", "Ошибка");
    register(&mut c, "ТОО «Другое»", "Ошибка");
    register(&mut c, "ТОО «Другое»", "Ошибка");
    register(&mut c, "ТОО «Другое»", "Ошибка");
    other.push(&mut c);
    let seen = journal(&b);
    let e = b.apply_pulled(&other.reply_since(3)).unwrap_err();
    assert!(
        matches!(e, StoreError::Sync(SyncError::ChainBroken { .. })),
        "{e}"
    );
    assert_eq!(journal(&b), seen);
}

#[test]
fn concurrent_edits_of_one_appeal_are_a_conflict_on_both_until_a_resolution_names_both() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    let x = register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    server.sync(&mut a);
    server.sync(&mut b);
    // A version whose parent is the head is current.
    correct(
        &mut a,
        &x,
        "contact",
        "+7 701 000 00 01",
        t("20.11.2026 11:00"),
    );
    server.sync(&mut a);
    server.sync(&mut b);
    assert_eq!(b.appeal(&x).unwrap().unwrap().contact, "+7 701 000 00 01");
    assert!(b.conflicts().unwrap().is_empty());

    // Both change the same version offline.
    correct(
        &mut a,
        &x,
        "organisation",
        "ТОО «Сапа А»",
        t("20.11.2026 12:00"),
    );
    correct(
        &mut b,
        &x,
        "organisation",
        "ТОО «Сапа Б»",
        t("20.11.2026 12:01"),
    );
    server.sync(&mut b);
    let got = server.sync(&mut a);
    let number = a.appeal(&x).unwrap().unwrap().number;
    assert_eq!(got.conflicts_now, std::slice::from_ref(&number));
    let got = server.pull(&mut b);
    assert_eq!(got.conflicts_now, std::slice::from_ref(&number));
    assert_eq!(heads(&a), heads(&b));
    // B's reached the server first: it is the head on both, A's the branch.
    assert_eq!(a.appeal(&x).unwrap().unwrap().organisation, "ТОО «Сапа Б»");
    let conflicts = a.conflicts().unwrap();
    assert_eq!(conflicts, b.conflicts().unwrap());
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!(
        (c.appeal_id.as_str(), c.number.as_str()),
        (x.as_str(), number.as_str())
    );
    assert_eq!(a.record_sync(&x).unwrap(), RecordSync::Conflicted);
    let mine = a.version_row(&c.branches[0]).unwrap().unwrap();
    let theirs = a.version_row(&c.head).unwrap().unwrap();
    assert_eq!(
        (mine.organisation.as_str(), theirs.organisation.as_str()),
        ("ТОО «Сапа А»", "ТОО «Сапа Б»")
    );
    assert_eq!(
        mine.contact, theirs.contact,
        "both carry the earlier change"
    );
    assert_clean(&a);
    assert_clean(&b);

    // Only a branch can be resolved against.
    let chosen = CorrectionForm {
        field: "organisation".into(),
        value: "ТОО «Сапа А»".into(),
        reason: "сверено с письмом".into(),
    }
    .validate(t("20.11.2026 13:00"))
    .unwrap();
    let e = a
        .resolve_conflict(
            &x,
            &c.head,
            std::slice::from_ref(&chosen),
            &actor(),
            t("20.11.2026 13:00"),
        )
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Sync(SyncError::NotABranch { .. })),
        "{e}"
    );
    let resolved = a
        .resolve_conflict(
            &x,
            &c.branches[0],
            &[chosen],
            &actor(),
            t("20.11.2026 13:00"),
        )
        .unwrap();
    assert!(a.conflicts().unwrap().is_empty());
    let row = a.appeal(&x).unwrap().unwrap();
    assert_eq!(row.version_id.to_string(), resolved);
    assert_eq!(row.organisation, "ТОО «Сапа А»");
    let op = a.pending_ops(1).unwrap().remove(0);
    assert_eq!(op.action, "resolve");
    assert!(op.body.starts_with(r#"["desk-body-2""#), "{}", op.body);
    server.sync(&mut a);
    let got = server.pull(&mut b);
    assert!(got.conflicts_now.is_empty());
    assert!(b.conflicts().unwrap().is_empty());
    assert_eq!(b.appeal(&x).unwrap().unwrap().organisation, "ТОО «Сапа А»");
    assert_eq!(journal(&a), journal(&b));
    assert_clean(&a);
    assert_clean(&b);
}

#[test]
fn triaging_one_appeal_on_two_workstations_offline_is_a_conflict_with_both_events_kept() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    let x = register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    server.sync(&mut a);
    server.sync(&mut b);
    confirm(&mut a, &x, "high");
    confirm(&mut b, &x, "low");
    server.sync(&mut a);
    server.sync(&mut b);
    server.pull(&mut a);
    assert_eq!(heads(&a), heads(&b));
    assert_eq!(a.conflicts().unwrap().len(), 1);
    assert_eq!(b.conflicts().unwrap().len(), 1);
    // Events never conflict: both confirmations are kept, on both.
    assert_eq!(a.events(&x).unwrap().len(), 3);
    assert_eq!(a.events(&x).unwrap(), b.events(&x).unwrap());
    assert_eq!(journal(&a), journal(&b));
    assert_clean(&a);
    assert_clean(&b);
}

#[test]
fn a_pulled_appeal_whose_number_is_taken_here_is_refused() {
    // The server refuses a second workstation with the same code; should it not, the
    // store still never gives one number to two appeals.
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "AST1");
    let mut server = Server::default();
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    register(&mut b, "АО «Другое»", "Ошибка");
    server.push(&mut a);
    let before = journal(&b);
    let e = b.apply_pulled(&server.reply_since(0)).unwrap_err();
    assert!(
        matches!(&e, StoreError::Sync(SyncError::NumberTaken { number, .. }) if number == "AST1-2026-000001"),
        "{e}"
    );
    assert_eq!(journal(&b), before);
}

#[test]
fn a_pulled_row_that_differs_from_the_one_here_is_never_overwritten() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    server.push(&mut a);
    server.pull(&mut b);
    // The same op id and rows arrive again from a second, forged history.
    let mut forged = server.ops[0].op.clone();
    forged.op_id = uuid::Uuid::now_v7();
    forged.body = forged.body.replace("Портал недоступен", "Подменено");
    forged.sha256 = desk_wire::body_sha256(&forged.body);
    forged.local_seq = 2;
    let head = server.head();
    let hash = chain_hash(&head.hash, 2, &forged);
    let reply = PullReply {
        ops: vec![ServerOp {
            server_seq: 2,
            prev_hash: head.hash.clone(),
            hash: hash.clone(),
            op: forged,
        }],
        head: ChainHead {
            server_seq: 2,
            hash,
        },
        more: false,
    };
    let before = journal(&b);
    let e = b.apply_pulled(&reply).unwrap_err();
    assert!(
        matches!(e, StoreError::Sync(SyncError::RowDiffers { .. })),
        "{e}"
    );
    assert_eq!(journal(&b), before);
}

#[test]
fn the_newest_entries_deleted_on_a_workstation_are_detected_against_the_server_and_restored() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    let y = register(&mut a, "АО «Ёлка»", "Ошибка ЭЦП");
    server.push(&mut a);
    server.pull(&mut b);
    let whole = journal(&a);
    // Behind the application: the triggers dropped, the newest appeal and its trail gone.
    a.connection()
        .execute_batch(&format!(
            "DROP TRIGGER audit_no_delete; DROP TRIGGER appeals_no_delete;
             DROP TRIGGER appeal_versions_no_delete; DROP TRIGGER appeal_events_no_delete;
             DROP TRIGGER outbox_no_delete; PRAGMA foreign_keys = OFF;
             DELETE FROM outbox WHERE entity_id = '{y}';
             DELETE FROM audit WHERE entity_id = '{y}';
             DELETE FROM appeal_events WHERE appeal_id = '{y}';
             DELETE FROM appeal_versions WHERE appeal_id = '{y}';
             DELETE FROM appeals WHERE id = '{y}'; PRAGMA foreign_keys = ON;"
        ))
        .unwrap();
    assert!(a.appeal(&y).unwrap().is_none());
    // The pull names what the server holds of this workstation and it does not.
    let got = server.pull(&mut a);
    assert_eq!(got.restored, [server.ops[1].op.op_id]);
    assert_eq!(got.own, 1);
    assert_eq!(journal(&a), whole);
    assert_clean(&a);
    // Numbering goes on after the restored op, as the server expects.
    register(&mut a, "ИП Жанар", "Ошибка");
    assert_eq!(a.pending_ops(10).unwrap()[0].local_seq, 3);
    server.push(&mut a);
}

#[test]
fn an_acknowledged_op_deleted_after_its_pull_is_reported_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_as(dir.path(), "AST1");
    let mut server = Server::default();
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    let y = register(&mut a, "АО «Ёлка»", "Ошибка ЭЦП");
    server.sync(&mut a);
    a.connection()
        .execute_batch(&format!(
            "DROP TRIGGER audit_no_delete; DROP TRIGGER appeals_no_delete;
             DROP TRIGGER appeal_versions_no_delete; DROP TRIGGER appeal_events_no_delete;
             DROP TRIGGER outbox_no_delete; PRAGMA foreign_keys = OFF;
             DELETE FROM outbox WHERE entity_id = '{y}';
             DELETE FROM audit WHERE entity_id = '{y}';
             DELETE FROM appeal_events WHERE appeal_id = '{y}';
             DELETE FROM appeal_versions WHERE appeal_id = '{y}';
             DELETE FROM appeals WHERE id = '{y}'; PRAGMA foreign_keys = ON;"
        ))
        .unwrap();
    // The chain is consistent, yet the journal knows the server has an op it lacks.
    assert!(a.verify_audit().unwrap().broken.is_none());
    let v = a.verify(None, &mut |_| {}).unwrap();
    let op = server.ops[1].op.op_id.to_string();
    assert!(
        v.problems
            .iter()
            .any(|p| p.kind == crate::ProblemKind::Missing && p.what.contains(&op)),
        "{:?}",
        v.problems
    );
}

#[test]
fn an_attachment_travels_in_parts_checked_by_hash_and_is_applied_only_once_complete() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    let x = register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    let file = da.path().join("скрин.png");
    std::fs::write(&file, b"\x89PNG screenshot bytes").unwrap();
    let attached = a
        .attach(&x, &file, &actor(), t("20.11.2026 11:00"))
        .unwrap();
    server.push(&mut a);
    let reply = server.reply_since(0);

    let needs = b.missing_blobs_of(&reply).unwrap();
    assert_eq!(needs.len(), 1);
    assert_eq!(
        (
            needs[0].sha256.as_str(),
            needs[0].size,
            needs[0].parts,
            needs[0].present.len()
        ),
        (attached.sha256.as_str(), attached.size, 1, 0)
    );
    let before = journal(&b);
    let e = b.apply_pulled(&reply).unwrap_err();
    assert!(
        matches!(&e, StoreError::Sync(SyncError::BlobMissing { sha256 }) if *sha256 == attached.sha256),
        "{e}"
    );
    assert_eq!(journal(&b), before, "not even the registration before it");

    // What A offers, part by part; a part that does not match its hash is refused.
    let parts = a.blob_parts(&attached.sha256).unwrap().unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(b.blob_parts(&attached.sha256).unwrap(), None);
    let bytes = a.read_blob_part(&attached.sha256, 0).unwrap();
    let mut tampered = bytes.clone();
    tampered[0] ^= 1;
    assert!(matches!(
        b.write_blob_part(
            &attached.sha256,
            attached.size,
            0,
            &parts[0].sha256,
            &tampered
        ),
        Err(StoreError::Sync(SyncError::BadPart { index: 0, .. }))
    ));
    assert!(
        b.write_blob_part(&attached.sha256, attached.size, 1, &parts[0].sha256, &bytes)
            .is_err()
    );
    assert!(
        b.write_blob_part("../../etc", 1, 0, &parts[0].sha256, &bytes)
            .is_err()
    );
    b.write_blob_part(&attached.sha256, attached.size, 0, &parts[0].sha256, &bytes)
        .unwrap();
    assert!(b.missing_blobs_of(&reply).unwrap().is_empty());
    b.apply_pulled(&reply).unwrap();
    let there = b.attachments(&x).unwrap();
    assert_eq!(there, [attached]);
    let out = db.path().join("out.png");
    b.export_attachment(&there[0], &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&file).unwrap());
    assert_eq!(b.blob_parts(&there[0].sha256).unwrap().unwrap(), parts);
    assert_clean(&b);
}

#[test]
fn once_registered_the_servers_accounts_stand_and_roles_no_longer_travel() {
    use desk_journal::Role;
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    // Before registration a role is a shared setting like any other.
    a.set_role("aigerim", Role::Specialist, &actor()).unwrap();
    assert_eq!(a.pending_ops(10).unwrap()[0].entity, "user");
    server.sync(&mut a);
    server.sync(&mut b);
    assert_eq!(b.role_of("aigerim").unwrap(), Some(Role::Specialist));

    let accounts = [
        desk_wire::UserAccount {
            login: "aigerim".into(),
            role: desk_wire::Role::Supervisor,
        },
        desk_wire::UserAccount {
            login: "dana".into(),
            role: desk_wire::Role::Operator,
        },
    ];
    let at = t("21.11.2026 09:00");
    assert_eq!(b.replace_users_from_server(&accounts, at).unwrap(), 2);
    assert_eq!(b.replace_users_from_server(&accounts, at).unwrap(), 0);
    assert_eq!(b.role_of("aigerim").unwrap(), Some(Role::Supervisor));
    assert_eq!(b.pending_summary().unwrap().count, 0, "nothing goes back");
    assert_eq!(b.sync_state().unwrap().registered_at, Some(at));
    b.set_role("dana", Role::Specialist, &actor()).unwrap();
    assert_eq!(b.pending_summary().unwrap().count, 0);
    let entry = b.audit().unwrap().into_iter().rev().nth(1).unwrap();
    assert_eq!(
        (entry.actor.as_str(), entry.action.as_str()),
        (SERVER_ACTOR, "set_role")
    );
    // A role change of a workstation not yet registered does not undo the server's.
    a.set_role("aigerim", Role::Operator, &actor()).unwrap();
    server.sync(&mut a);
    server.pull(&mut b);
    assert_eq!(b.role_of("aigerim").unwrap(), Some(Role::Supervisor));
    assert_clean(&a);
    assert_clean(&b);
}

#[test]
fn a_shared_setting_changed_here_and_elsewhere_ends_as_the_server_ordered_it() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    a.set_setting("support_hours", "09:00-18:00", &actor())
        .unwrap();
    b.set_setting("support_hours", "08:00-20:00", &actor())
        .unwrap();
    server.push(&mut a);
    // B pulls A's older change while its own is pending: its own stands.
    server.pull(&mut b);
    assert_eq!(
        b.setting("support_hours").unwrap().as_deref(),
        Some("08:00-20:00")
    );
    assert_clean(&b);
    server.sync(&mut b);
    server.pull(&mut a);
    for s in [&a, &b] {
        assert_eq!(
            s.setting("support_hours").unwrap().as_deref(),
            Some("08:00-20:00")
        );
        assert_clean(s);
    }
    assert_eq!(journal(&a)[6], journal(&b)[6]);
}

#[test]
fn the_workstation_introduces_itself_with_one_id_kept_and_sync_attempts_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in_dir(dir.path()).unwrap();
    assert!(matches!(
        s.workstation_identity(),
        Err(StoreError::WorkstationNotSet)
    ));
    let mut s = store_as(dir.path(), "AST1");
    let id = s.workstation_identity().unwrap();
    assert_eq!(id.code, "AST1");
    assert_eq!(id.id.get_version_num(), 7);
    drop(s);
    let mut s = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(s.workstation_identity().unwrap(), id);

    assert_eq!(s.sync_state().unwrap(), SyncState::default());
    s.record_sync_attempt(t("21.11.2026 09:00"), Some("connection refused"))
        .unwrap();
    s.record_sync_attempt(t("21.11.2026 09:05"), None).unwrap();
    s.record_sync_attempt(t("21.11.2026 09:10"), Some("timeout"))
        .unwrap();
    let st = s.sync_state().unwrap();
    assert_eq!(st.last_attempt, Some(t("21.11.2026 09:10")));
    assert_eq!(st.last_success, Some(t("21.11.2026 09:05")));
    assert_eq!(st.last_error.as_deref(), Some("timeout"));
}

#[test]
fn a_store_reopened_keeps_its_outbox_and_sync_state() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut server = Server::default();
    {
        let mut a = store_as(da.path(), "AST1");
        register(&mut a, "ТОО «Сапа»", "Портал недоступен");
        server.sync(&mut a);
        register(&mut a, "АО «Ёлка»", "Ошибка");
    }
    let mut a = Store::open_in_dir(da.path()).unwrap();
    assert_eq!(a.pending_summary().unwrap().count, 1);
    assert_eq!(a.sync_state().unwrap().last_head, Some(server.head()));
    server.sync(&mut a);
    let mut b = store_as(db.path(), "ALA2");
    server.sync(&mut b);
    assert_eq!(journal(&a), journal(&b));
    let _ = params![1];
}

mod convergence {
    //! Any interleaving of offline work and exchanges ends, once everyone has pushed and
    //! pulled, with the same heads and conflict flags on every workstation.
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Step {
        Register(usize),
        Correct(usize, usize, u8),
        Triage(usize, usize),
        Event(usize, usize),
        Resolve(usize),
        Push(usize),
        Pull(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        // Few appeals, many changes and exchanges: concurrent edits of one appeal are
        // common, so conflicts (and their resolutions) arise in most runs.
        prop_oneof![
            2 => (0..3usize).prop_map(Step::Register),
            5 => (0..3usize, 0..3usize, any::<u8>()).prop_map(|(s, a, v)| Step::Correct(s, a, v)),
            2 => (0..3usize, 0..3usize).prop_map(|(s, a)| Step::Triage(s, a)),
            1 => (0..3usize, 0..3usize).prop_map(|(s, a)| Step::Event(s, a)),
            1 => (0..3usize).prop_map(Step::Resolve),
            4 => (0..3usize).prop_map(Step::Push),
            4 => (0..3usize).prop_map(Step::Pull),
        ]
    }

    fn nth_appeal(s: &Store, k: usize) -> Option<String> {
        let mut ids: Vec<String> = s
            .appeals()
            .unwrap()
            .into_iter()
            .map(|a| a.id.to_string())
            .collect();
        ids.sort();
        (!ids.is_empty()).then(|| ids[k % ids.len()].clone())
    }

    fn run(s: &mut Store, server: &mut Server, step: &Step) {
        let now = t("20.11.2026 12:00");
        match *step {
            Step::Register(_) => {
                register(s, "ТОО «Сапа»", "Портал недоступен");
            }
            Step::Correct(_, k, v) => {
                if let Some(id) = nth_appeal(s, k) {
                    correct(s, &id, "organisation", &format!("ТОО «{v}»"), now);
                }
            }
            Step::Triage(_, k) => {
                if let Some(id) = nth_appeal(s, k) {
                    let received = s.appeal(&id).unwrap().unwrap().received_at;
                    let triage = desk_journal::TriageForm {
                        analysis: "confirmed".into(),
                        at: "20.11.2026 11:00".into(),
                        criticality: "medium".into(),
                        failure_type: "computer_attack".into(),
                        decision: "Перезапуск".into(),
                        ..Default::default()
                    }
                    .validate(now, received)
                    .unwrap();
                    // Refused when this workstation already sees it triaged.
                    let _ = s.triage(&id, &triage, &actor(), now);
                }
            }
            Step::Event(_, k) => {
                if let Some(id) = nth_appeal(s, k) {
                    let _ = s.record_event(&id, EventKind::InfoRequested, now, &actor(), now);
                }
            }
            Step::Resolve(_) => {
                if let Some(c) = s.conflicts().unwrap().into_iter().next() {
                    s.resolve_conflict(&c.appeal_id, &c.branches[0], &[], &actor(), now)
                        .unwrap();
                }
            }
            Step::Push(_) => {
                server.push(s);
            }
            Step::Pull(_) => {
                server.pull(s);
            }
        }
    }

    fn who(step: &Step) -> usize {
        match *step {
            Step::Register(s)
            | Step::Correct(s, ..)
            | Step::Triage(s, _)
            | Step::Event(s, _)
            | Step::Resolve(s)
            | Step::Push(s)
            | Step::Pull(s) => s,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        #[test]
        fn every_interleaving_converges_to_the_same_heads_and_conflicts(
            n in 2..=3usize,
            steps in proptest::collection::vec(step(), 1..40),
        ) {
            let dirs: Vec<_> = (0..n).map(|_| tempfile::tempdir().unwrap()).collect();
            let codes = ["AST1", "ALA2", "KAR3"];
            let mut stores: Vec<Store> =
                dirs.iter().zip(codes).map(|(d, c)| store_as(d.path(), c)).collect();
            let mut server = Server::default();
            for step in &steps {
                let i = who(step) % n;
                run(&mut stores[i], &mut server, step);
            }
            // Everyone reconnects: push, then pull what the others sent.
            for s in stores.iter_mut() {
                server.push(s);
            }
            for s in stores.iter_mut() {
                server.pull(s);
                prop_assert_eq!(s.pending_summary().unwrap().count, 0);
            }
            let first = journal(&stores[0]);
            for s in &stores[1..] {
                prop_assert_eq!(heads(s), heads(&stores[0]));
                prop_assert_eq!(journal(s), first.clone());
            }
            for s in &stores {
                assert_clean(s);
            }
        }
    }
}

#[test]
fn an_op_taken_out_of_the_outbox_or_changed_in_it_is_reported_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_as(dir.path(), "AST1");
    register(&mut a, "ТОО «Сапа»", "Портал недоступен");
    register(&mut a, "АО «Ёлка»", "Ошибка ЭЦП");
    register(&mut a, "ИП Жанар", "Ошибка");
    assert_clean(&a);
    let ops = a.pending_ops(10).unwrap();
    a.connection()
        .execute_batch(&format!(
            "DROP TRIGGER outbox_no_delete; DROP TRIGGER outbox_no_update;
             DELETE FROM outbox WHERE local_seq = 2;
             UPDATE outbox SET body = replace(body, 'Жанар', 'Иное'), sha256 = '{}' WHERE local_seq = 3;",
            "0".repeat(64)
        ))
        .unwrap();
    let v = a.verify(None, &mut |_| {}).unwrap();
    let what: Vec<(crate::ProblemKind, &str)> = v
        .problems
        .iter()
        .map(|p| (p.kind, p.what.as_str()))
        .collect();
    assert!(
        what.iter()
            .any(|(k, w)| *k == crate::ProblemKind::Missing && w.starts_with("outbox: 2 ops")),
        "{what:?}"
    );
    assert!(
        what.iter().any(
            |(k, w)| *k == crate::ProblemKind::Changed && w.contains(&ops[2].op_id.to_string())
        ),
        "{what:?}"
    );
    assert!(
        what.iter()
            .any(|(k, w)| *k == crate::ProblemKind::Missing
                && w.starts_with("outbox: AST1-2026-000002")),
        "{what:?}"
    );
}

#[test]
fn an_op_whose_body_is_not_what_its_entry_names_is_refused_whole() {
    let db = tempfile::tempdir().unwrap();
    let mut b = store_as(db.path(), "ALA2");
    let mut server = Server::default();
    let op = |local_seq, entity: &str, entity_id: &str, action: &str, body: &str| Op {
        op_id: uuid::Uuid::now_v7(),
        local_seq,
        workstation: "AST1".into(),
        author: "specialist1".into(),
        client_time: t("20.11.2026 10:00"),
        entity: entity.into(),
        entity_id: entity_id.into(),
        action: action.into(),
        changes: serde_json::json!({}),
        body: body.into(),
        sha256: desk_wire::body_sha256(body),
    };
    let cases = [
        // A role no workstation has.
        op(
            1,
            "user",
            "dana",
            "set_role",
            r#"["desk-body-1",["users","dana","admin"]]"#,
        ),
        // An event entry that writes a role.
        op(
            1,
            "appeal",
            "x",
            "event",
            r#"["desk-body-1",["users","dana","operator"]]"#,
        ),
        // Not a body at all.
        op(1, "user", "dana", "set_role", r#"["desk-body-9"]"#),
    ];
    let before = journal(&b);
    for case in cases {
        let mut s = Server::default();
        s.receive(std::slice::from_ref(&case));
        let e = b.apply_pulled(&s.reply_since(0)).unwrap_err();
        assert!(
            matches!(e, StoreError::Sync(SyncError::InvalidOp { .. })),
            "{e}"
        );
        assert_eq!(journal(&b), before);
    }
    // Another workstation's local setting carries nothing for this one.
    server.receive(&[op(
        1,
        "setting",
        "language",
        "set",
        r#"["desk-body-1",["settings","language","en"]]"#,
    )]);
    let got = server.pull(&mut b);
    assert_eq!((got.ignored, got.applied), (1, 0));
    assert_eq!(b.setting("language").unwrap(), None);
    assert_clean(&b);
}

#[test]
fn the_commissions_records_travel_and_verify_on_every_replica() {
    use crate::CommissionWrite;
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "AST2");
    let mut server = Server::default();
    let now = t("26.11.2026 12:00");
    let write = |s: &mut Store, meeting: Option<&str>, w: CommissionWrite| {
        s.commission_write::<StoreError>(meeting, &actor(), now, |_| Ok(vec![w]))
            .unwrap()
    };
    let composition = write(
        &mut a,
        None,
        CommissionWrite::Composition {
            order_number: "15-П".into(),
            order_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            members: r#"[{"id":"m1"}]"#.into(),
        },
    );
    write(
        &mut a,
        None,
        CommissionWrite::Meeting {
            number: "7".into(),
            composition_id: composition[0].clone(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            time: "10:00".into(),
            place: "Астана".into(),
            agenda: r#"[{"title":"x","proposal":{"kind":"other"}}]"#.into(),
        },
    );
    write(
        &mut a,
        Some("7"),
        CommissionWrite::Attendance {
            present: vec!["m1".into()],
            acting_chair: None,
        },
    );
    write(
        &mut a,
        Some("7"),
        CommissionWrite::Vote {
            item: 1,
            member_id: "m1".into(),
            vote: "for".into(),
            conflict: None,
        },
    );
    server.sync(&mut a);
    let applied = server.sync(&mut b);
    assert!(applied.applied >= 4, "{applied:?}");
    let tables = [
        "commission_compositions",
        "commission_meetings",
        "commission_attendance",
        "commission_votes",
    ];
    for table in tables {
        let sql = format!("SELECT * FROM {table} ORDER BY id");
        assert_eq!(rows(&a, &sql), rows(&b, &sql), "{table}");
        assert_eq!(rows(&b, &sql).len(), 1, "{table}");
    }
    assert_eq!(journal(&a), journal(&b));
    assert_clean(&a);
    assert_clean(&b);
    assert_eq!(b.commission_meeting("7").unwrap().unwrap().votes.len(), 1);
}

#[test]
fn the_same_members_vote_written_on_two_workstations_offline_stands_once_on_both() {
    use crate::CommissionWrite;
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = store_as(da.path(), "AST1");
    let mut b = store_as(db.path(), "AST2");
    let mut server = Server::default();
    let now = t("26.11.2026 12:00");
    let one = |s: &mut Store, meeting: Option<&str>, w: CommissionWrite| {
        s.commission_write::<StoreError>(meeting, &actor(), now, |_| Ok(vec![w]))
            .unwrap()
    };
    let c = one(
        &mut a,
        None,
        CommissionWrite::Composition {
            order_number: "15-П".into(),
            order_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            members: "[]".into(),
        },
    );
    one(
        &mut a,
        None,
        CommissionWrite::Meeting {
            number: "7".into(),
            composition_id: c[0].clone(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            time: "10:00".into(),
            place: "Астана".into(),
            agenda: "[]".into(),
        },
    );
    server.sync(&mut a);
    server.sync(&mut b);
    // Offline, each workstation records m1's vote on item 1 (and a roll call): the
    // application's check passes on each, as each sees none yet.
    let vote = |v: &str| CommissionWrite::Vote {
        item: 1,
        member_id: "m1".into(),
        vote: v.into(),
        conflict: None,
    };
    let roll = CommissionWrite::Attendance {
        present: vec!["m1".into()],
        acting_chair: None,
    };
    one(&mut a, Some("7"), roll.clone());
    one(&mut a, Some("7"), vote("for"));
    one(&mut b, Some("7"), roll);
    one(&mut b, Some("7"), vote("against"));
    // Both pull the other's rows without stopping, and read the same: the earlier vote.
    server.sync(&mut a);
    server.sync(&mut b);
    server.sync(&mut a);
    let (ra, rb) = (
        a.commission_meeting("7").unwrap().unwrap(),
        b.commission_meeting("7").unwrap().unwrap(),
    );
    assert_eq!(ra.votes.len(), 1);
    assert_eq!(ra.votes[0].vote, "for");
    assert_eq!((ra.votes, ra.attendance), (rb.votes, rb.attendance));
    assert_eq!(journal(&a), journal(&b));
    assert_clean(&a);
    assert_clean(&b);
}
