#![allow(clippy::unwrap_used)]
//! Issue 11 item 2: the data equals what the audit chain says. Each test edits the
//! SQLite file directly, as an attacker with the sqlite3 shell would (dropping the
//! append-only triggers first), and checks that `Store::verify` finds the change and
//! names the row — or, where only a printed chain head can tell (a recomputed or
//! truncated chain), that the head does.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use desk_journal::time::parse_astana;
use desk_journal::{EventKind, NewAppeal, Role, TriageForm, WorkstationCode};
use desk_store::{Actor, ChainHead, ProblemKind, Stage, Store, Verification};
use sha2::{Digest, Sha256};

fn actor() -> Actor {
    Actor {
        user: "boss".into(),
    }
}

fn t(s: &str) -> DateTime<Utc> {
    parse_astana(s).unwrap()
}

fn register(s: &mut Store, org: &str) -> String {
    let now = t("20.11.2026 10:20");
    let v = NewAppeal {
        organisation: org.into(),
        bin_iin: "971240001315".into(),
        received_at: "20.11.2026 10:15".into(),
        channel: "phone".into(),
        contact: "+7 701 111 22 33".into(),
        description: "Портал недоступен".into(),
        ..Default::default()
    }
    .validate(now)
    .unwrap();
    s.register_appeal(&v, &actor(), now).unwrap().id.to_string()
}

/// A journal with every kind of covered row: a setting, roles, four appeals (numbers
/// 000001–000004), a triage, a `fixed` event, a link, a correction, an attachment and
/// an extension answer.
fn journal(dir: &Path) -> PathBuf {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    s.set_role("boss", Role::Supervisor, &actor()).unwrap();
    s.set_role("aigul", Role::Operator, &actor()).unwrap();
    let ids: Vec<String> = ["ТОО «Сапа»", "АО «Ёлка»", "ИП Жанар", "ТОО «Береке»"]
        .iter()
        .map(|o| register(&mut s, o))
        .collect();
    let received = s.appeal(&ids[0]).unwrap().unwrap().received_at;
    let triage = TriageForm {
        analysis: "confirmed".into(),
        at: "20.11.2026 11:00".into(),
        criticality: "high".into(),
        failure_type: "computer_attack".into(),
        decision: "Перезапуск".into(),
        ..Default::default()
    }
    .validate(t("20.11.2026 11:05"), received)
    .unwrap();
    s.triage(&ids[0], &triage, &actor(), t("20.11.2026 11:05"))
        .unwrap();
    s.record_event(
        &ids[0],
        EventKind::Fixed,
        t("20.11.2026 12:00"),
        &actor(),
        t("20.11.2026 12:01"),
    )
    .unwrap();
    s.link(&ids[2], "AST1-2026-000001", &actor(), t("20.11.2026 12:10"))
        .unwrap();
    let correction = desk_journal::CorrectionForm {
        field: "organisation".into(),
        value: "АО «Ель»".into(),
        reason: "опечатка".into(),
    }
    .validate(t("20.11.2026 12:20"))
    .unwrap();
    s.correct(&ids[1], &correction, &actor(), t("20.11.2026 12:20"))
        .unwrap();
    let file = dir.join("скриншот.png");
    std::fs::write(&file, b"\x89PNG not really").unwrap();
    s.attach(&ids[3], &file, &actor(), t("20.11.2026 12:30"))
        .unwrap();
    s.save_extensions(
        &ids[0],
        r#"{"procedures":[]}"#,
        r#"{"answers":[]}"#,
        &actor(),
        t("20.11.2026 12:40"),
    )
    .unwrap();
    s.path().to_owned()
}

fn verify(path: &Path, head: Option<&ChainHead>) -> Verification {
    Store::open(path)
        .unwrap()
        .verify(head, &mut |_| {})
        .unwrap()
}

fn head(path: &Path) -> ChainHead {
    Store::open(path).unwrap().chain_head().unwrap().unwrap()
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

/// What an attacker who read the source does after an edit: rehash every entry from
/// the first, so the chain is consistent again (the chain's documented form).
fn recompute_chain(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    type Row = (i64, Vec<Option<String>>, Option<String>);
    let rows: Vec<Row> = c
        .prepare(
            "SELECT seq, id, at, actor, workstation, entity, entity_id, version_id, action, changes,
                    event_id, record_id, body_hash FROM audit ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                (1..=11).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?,
                r.get(12)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = String::new();
    for (seq, fields, body) in rows {
        let mut content = vec![serde_json::Value::from(prev.clone())];
        let n = if body.is_some() { 11 } else { 9 };
        content.extend(fields[..n].iter().map(|f| serde_json::json!(f)));
        if let Some(b) = body {
            content.push(b.into());
        }
        let hash = hex::encode(Sha256::digest(
            serde_json::Value::Array(content).to_string().as_bytes(),
        ));
        c.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
}

fn found(v: &Verification, kind: ProblemKind, naming: &str) -> bool {
    v.problems
        .iter()
        .any(|p| p.kind == kind && p.what.contains(naming))
}

#[test]
fn an_untouched_journal_verifies_whole_with_every_row_covered() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    let mut stages = Vec::new();
    let v = Store::open(&path)
        .unwrap()
        .verify(Some(&head(&path)), &mut |p| stages.push(p.stage))
        .unwrap();
    assert!(v.intact(), "{:?}", v.problems);
    // workstation, 2 roles, 4 registrations, triage, event, link, correction, attach, extensions
    assert_eq!(v.entries, 13);
    assert_eq!((v.entries_not_covered, v.rows_not_covered), (0, 0));
    assert_eq!(v.appeals, 4);
    assert_eq!(v.head.as_ref().map(|h| h.seq), Some(13));
    stages.dedup();
    assert_eq!(
        stages,
        [Stage::Chain, Stage::Rows, Stage::Projections, Stage::File]
    );
}

#[test]
fn an_edited_organisation_in_a_version_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "UPDATE appeal_versions SET organisation = 'ТОО «Подмена»'
         WHERE appeal_id = (SELECT id FROM appeals WHERE sequence = 4)",
    );
    let v = verify(&path, None);
    assert!(
        found(&v, ProblemKind::Changed, "AST1-2026-000004 (register)"),
        "{:?}",
        v.problems
    );
    // The search index still holds the old name, which the edited version no longer
    // says: found too, word for word. Nothing else is flagged.
    assert!(
        found(
            &v,
            ProblemKind::Projection,
            "appeal_search AST1-2026-000004"
        ),
        "{:?}",
        v.problems
    );
    assert_eq!(v.problem_count, 2, "{:?}", v.problems);
}

#[test]
fn a_moved_fixed_event_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "UPDATE appeal_events SET at = '2026-11-20T04:30:00.000000Z' WHERE kind = 'fixed'",
    );
    let v = verify(&path, None);
    assert!(
        found(&v, ProblemKind::Changed, "AST1-2026-000001 (event)"),
        "{:?}",
        v.problems
    );
}

#[test]
fn a_forged_supervisor_is_found_whether_changed_or_added() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "UPDATE users SET role = 'supervisor' WHERE login = 'aigul';
         INSERT INTO users(login, role) VALUES ('mallory', 'supervisor');",
    );
    let v = verify(&path, None);
    assert!(
        found(&v, ProblemKind::Changed, "users aigul"),
        "{:?}",
        v.problems
    );
    assert!(
        found(&v, ProblemKind::Unrecorded, "users mallory"),
        "{:?}",
        v.problems
    );
}

#[test]
fn a_changed_incident_number_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "UPDATE appeals SET number = 'AST1-2026-000099' WHERE sequence = 2",
    );
    let v = verify(&path, None);
    assert!(
        found(&v, ProblemKind::Changed, "AST1-2026-000099 (register)"),
        "{:?}",
        v.problems
    );
}

/// Everything of appeal 000002 removed, its audit entries too.
const DELETE_SECOND: &str = "
    CREATE TEMP TABLE gone AS SELECT id FROM appeals WHERE sequence = 2;
    DELETE FROM appeal_search WHERE rowid = (SELECT n FROM appeal_heads WHERE appeal_id IN gone);
    DELETE FROM appeal_heads WHERE appeal_id IN gone;
    DELETE FROM appeal_events WHERE appeal_id IN gone;
    DELETE FROM appeal_versions WHERE appeal_id IN gone;
    DELETE FROM audit WHERE entity_id IN gone;
    DELETE FROM appeals WHERE id IN gone;";

#[test]
fn a_deleted_middle_appeal_breaks_the_chain_and_leaves_a_number_gap() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(&path, DELETE_SECOND);
    let v = verify(&path, None);
    assert!(
        v.problems.iter().any(|p| p.kind == ProblemKind::Link),
        "{:?}",
        v.problems
    );
    assert!(
        found(&v, ProblemKind::NumberGap, "AST1-2026-000002"),
        "{:?}",
        v.problems
    );
}

#[test]
fn a_deleted_middle_appeal_with_the_chain_recomputed_is_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    let printed = head(&path);
    attack(&path, DELETE_SECOND);
    recompute_chain(&path);
    let v = verify(&path, None);
    assert!(
        !v.problems.iter().any(|p| p.kind == ProblemKind::Link),
        "the attacker's chain is consistent: {:?}",
        v.problems
    );
    assert!(
        found(&v, ProblemKind::NumberGap, "AST1-2026-000002"),
        "{:?}",
        v.problems
    );
    let v = verify(&path, Some(&printed));
    assert!(
        v.problems.iter().any(|p| p.kind == ProblemKind::Head),
        "{:?}",
        v.problems
    );
}

#[test]
fn an_edited_entry_with_the_whole_chain_recomputed_is_found_against_a_printed_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    let printed = head(&path);
    let older = ChainHead {
        seq: 5,
        hash: Store::open(&path)
            .unwrap()
            .connection()
            .query_row("SELECT hash FROM audit WHERE seq = 5", [], |r| r.get(0))
            .unwrap(),
    };
    attack(
        &path,
        "UPDATE audit SET actor = 'someone else' WHERE seq = 3",
    );
    assert!(
        verify(&path, None)
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Content && p.seq == Some(3)),
        "an edit alone breaks the chain"
    );
    recompute_chain(&path);
    let v = verify(&path, None);
    assert!(v.intact(), "without a head a recomputed chain holds: {v:?}");
    for h in [&printed, &older] {
        let v = verify(&path, Some(h));
        assert!(
            found(&v, ProblemKind::Head, &h.to_string()),
            "{h}: {:?}",
            v.problems
        );
    }
}

#[test]
fn reordered_entries_break_the_chain_where_they_were_swapped() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "UPDATE audit SET seq = 100 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 6;
         UPDATE audit SET seq = 6 WHERE seq = 100;",
    );
    let v = verify(&path, None);
    assert!(
        v.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Link && p.seq == Some(5)),
        "{:?}",
        v.problems
    );
}

#[test]
fn a_truncated_journal_is_found_against_the_head_printed_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    let printed = head(&path);
    // The newest entries, the rows they wrote and their outbox rows removed (with the
    // outbox left, verify names the missing entries): what is left is a consistent,
    // shorter journal.
    attack(
        &path,
        "DELETE FROM extension_results; DELETE FROM audit WHERE action = 'extensions';
         DELETE FROM outbox WHERE action = 'extensions';",
    );
    assert!(verify(&path, None).intact());
    let v = verify(&path, Some(&printed));
    assert!(
        found(&v, ProblemKind::Head, &printed.to_string()),
        "{:?}",
        v.problems
    );
    assert!(verify(&path, Some(&head(&path))).intact());
}

#[test]
fn an_inserted_event_and_a_deleted_attachment_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "INSERT INTO appeal_events(id, appeal_id, kind, at, recorded_at, author, workstation)
         SELECT 'forged-event', id, 'closed', '2026-11-20T06:00:00.000000Z', '2026-11-20T06:00:00.000000Z',
                'boss', 'AST1' FROM appeals WHERE sequence = 3;
         DELETE FROM attachments;",
    );
    let v = verify(&path, None);
    assert!(
        found(
            &v,
            ProblemKind::Unrecorded,
            "appeal_events forged-event (AST1-2026-000003)"
        ),
        "{:?}",
        v.problems
    );
    assert!(
        found(&v, ProblemKind::Missing, "attachments"),
        "{:?}",
        v.problems
    );
    // The forged event closed the appeal in its history; the stored head did not follow.
    assert!(
        found(&v, ProblemKind::Projection, "appeal_heads AST1-2026-000003"),
        "{:?}",
        v.problems
    );
}

#[test]
fn a_projection_that_differs_from_its_history_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "UPDATE appeal_heads SET status = 'closed' WHERE appeal_id = (SELECT id FROM appeals WHERE sequence = 4);
         DELETE FROM appeal_search WHERE rowid = (SELECT n FROM appeal_heads
            WHERE appeal_id = (SELECT id FROM appeals WHERE sequence = 1));",
    );
    let v = verify(&path, None);
    assert!(
        found(&v, ProblemKind::Projection, "appeal_heads AST1-2026-000004"),
        "{:?}",
        v.problems
    );
    assert!(
        found(
            &v,
            ProblemKind::Projection,
            "appeal_search AST1-2026-000001"
        ),
        "{:?}",
        v.problems
    );
    Store::open(&path).unwrap().rebuild_projections().unwrap();
    assert!(
        verify(&path, None).intact(),
        "a rebuild repairs derived data"
    );
}

/// The index is contentless, so an entry can be present and still lie: here appeal
/// 000002 is found by a word it never held and no longer by its own (issue 11 item 2).
#[test]
fn a_search_entry_with_other_words_is_found_word_for_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(dir.path());
    attack(
        &path,
        "CREATE TEMP TABLE target AS SELECT n FROM appeal_heads
            WHERE appeal_id = (SELECT id FROM appeals WHERE sequence = 2);
         DELETE FROM appeal_search WHERE rowid = (SELECT n FROM target);
         INSERT INTO appeal_search(rowid, organisation, description, decision, contacts)
            SELECT n, 'тоо подложное', 'ничего не случилось', '', 'x@example.kz' FROM target;",
    );
    let v = verify(&path, None);
    assert!(
        found(
            &v,
            ProblemKind::Projection,
            "appeal_search AST1-2026-000002"
        ),
        "{:?}",
        v.problems
    );
    assert_eq!(
        v.problem_count, 1,
        "only the entry that lies is named: {:?}",
        v.problems
    );
    Store::open(&path).unwrap().rebuild_projections().unwrap();
    assert!(verify(&path, None).intact(), "a rebuild repairs the index");
}

#[test]
fn a_damaged_page_fails_the_quick_check_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let mut s = Store::open_in_dir(dir.path()).unwrap();
        s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
            .unwrap();
        for i in 0..300 {
            register(
                &mut s,
                &format!("ТОО «Организация {i}» с длинным названием"),
            );
        }
        s.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        assert!(s.quick_check().is_empty(), "sound before");
        s.path().to_owned()
    };
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 40 * 4096, "{} bytes", bytes.len());
    // Garbage over pages in the middle of the file, the header left alone.
    for b in &mut bytes[20 * 4096..24 * 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let s = Store::open(&path).unwrap();
    assert!(!s.quick_check().is_empty(), "the damage is seen");
    let v = s.verify(None, &mut |_| {}).unwrap();
    assert!(
        v.problems.iter().any(|p| p.kind == ProblemKind::File),
        "{:?}",
        v.problems
    );
}
