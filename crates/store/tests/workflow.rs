#![allow(clippy::unwrap_used)]
//! The workflow tables: triage, events, linked reports, search, filters, attachments,
//! the hash-chained audit trail and the migration from schema 1.

use chrono::{DateTime, Duration, Utc};
use desk_journal::time::parse_astana;
use desk_journal::{
    Criticality, EventKind, JournalQuery, NewAppeal, Status, TriageForm, WorkstationCode,
};
use desk_store::{Actor, Store, StoreError};

fn actor() -> Actor {
    Actor {
        user: "specialist1".into(),
    }
}

fn t(s: &str) -> DateTime<Utc> {
    parse_astana(s).unwrap()
}

fn form(org: &str, description: &str) -> NewAppeal {
    NewAppeal {
        organisation: org.into(),
        bin_iin: "971240001315".into(),
        received_at: "20.11.2026 10:15".into(),
        channel: "phone".into(),
        contact: "+7 701 111 22 33".into(),
        description: description.into(),
        ..Default::default()
    }
}

fn store(dir: &std::path::Path) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    s
}

fn register(s: &mut Store, org: &str, description: &str) -> String {
    let now = t("20.11.2026 10:20");
    let v = form(org, description).validate(now).unwrap();
    s.register_appeal(&v, &actor(), now).unwrap().id.to_string()
}

#[test]
fn triage_writes_a_new_version_and_the_event_that_drives_the_clocks() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let id = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
    let before = s.appeal(&id).unwrap().unwrap();
    let triage = TriageForm {
        analysis: "confirmed".into(),
        at: "20.11.2026 11:00".into(),
        criticality: "high".into(),
        failure_type: "computer_attack".into(),
        decision: "Перезапуск балансировщика".into(),
        ..Default::default()
    }
    .validate(t("20.11.2026 11:05"), before.received_at)
    .unwrap();
    let after = s
        .triage(&id, &triage, &actor(), t("20.11.2026 11:05"))
        .unwrap();
    assert_eq!(after.status, Status::Confirmed);
    assert_eq!(after.criticality, Some(Criticality::High));
    assert_eq!(after.decision.as_deref(), Some("Перезапуск балансировщика"));
    assert_ne!(
        after.version_id, before.version_id,
        "a triage is a new version"
    );
    // The old version is still there, and the new one names it as its parent.
    let parent: String = s
        .connection()
        .query_row(
            "SELECT parent_version_id FROM appeal_versions WHERE version_id = ?1",
            [after.version_id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(parent, before.version_id.to_string());

    let kinds: Vec<EventKind> = s.events(&id).unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Registered, EventKind::Confirmed]);
    assert!(matches!(
        s.triage(&id, &triage, &actor(), Utc::now()),
        Err(StoreError::AlreadyTriaged(_))
    ));

    s.record_event(
        &id,
        EventKind::Fixed,
        t("20.11.2026 15:00"),
        &actor(),
        t("20.11.2026 15:01"),
    )
    .unwrap();
    s.record_event(
        &id,
        EventKind::Closed,
        t("20.11.2026 15:10"),
        &actor(),
        t("20.11.2026 15:11"),
    )
    .unwrap();
    assert_eq!(s.appeal(&id).unwrap().unwrap().status, Status::Closed);
    let history: Vec<String> = s
        .history(&id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(history, ["register", "triage", "event", "event"]);
}

#[test]
fn a_linked_report_points_to_the_problem_first_registered() {
    // 002 §38: several appeals about one problem; the fix clock counts from the first.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let first = register(&mut s, "Телефон", "Не работает аукцион");
    let first_number = s.appeal(&first).unwrap().unwrap().number;
    let second = register(&mut s, "Письмо", "Не работает аукцион");
    let third = register(&mut s, "Почта", "Не работает аукцион");
    let linked = s
        .link(&second, &first_number, &actor(), Utc::now())
        .unwrap();
    assert_eq!(linked.linked_to.as_deref(), Some(first_number.as_str()));
    // Linking to a linked report still reaches the first appeal.
    let second_number = linked.number.clone();
    let linked3 = s
        .link(&third, &second_number, &actor(), Utc::now())
        .unwrap();
    assert_eq!(linked3.linked_to.as_deref(), Some(first_number.as_str()));
    let created = s.appeal(&first).unwrap().unwrap().created_at;
    assert_eq!(s.first_registered_at(&third).unwrap(), Some(created));
    // The second already reports the first's problem: the link would close a cycle.
    assert!(matches!(
        s.link(&first, &second_number, &actor(), Utc::now()),
        Err(StoreError::Refused(e)) if e.field == desk_journal::Field::LinkedTo
    ));
    assert!(matches!(
        s.link(&first, &first_number, &actor(), Utc::now()),
        Err(StoreError::LinkSelf)
    ));
    assert!(matches!(
        s.link(&first, "AST1-2026-999999", &actor(), Utc::now()),
        Err(StoreError::NotFound(_))
    ));
}

/// The ids of the journal page a search for `text` shows, in the queue by urgency or not.
fn find(s: &Store, text: &str, by_due: bool) -> Vec<String> {
    let q = JournalQuery {
        text: text.into(),
        by_due,
        ..Default::default()
    }
    .validate()
    .unwrap();
    s.list(&q, Utc::now())
        .unwrap()
        .into_iter()
        .map(|r| r.id.to_string())
        .collect()
}

#[test]
fn search_finds_kazakh_and_russian_words_in_any_case_and_letter_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let kk = register(
        &mut s,
        "ҚАЗАҚ ТЕЛЕКОМ",
        "Баға ұсыныстарын қабылдау беті ашылмайды",
    );
    let ru = register(&mut s, "ТОО «Ёлочка»", "Не загружается протокол");
    register(&mut s, "АО «Другое»", "Ошибка ЭЦП");
    let find = |s: &Store, text: &str| find(s, text, false);
    assert_eq!(find(&s, "қазақ"), vec![kk.clone()]);
    assert_eq!(
        find(&s, "ҰСЫНЫС"),
        vec![kk.clone()],
        "prefix of a Kazakh word in another case"
    );
    assert_eq!(find(&s, "елочка"), vec![ru.clone()], "е finds ё");
    assert_eq!(
        find(&s, "протокол ТОО"),
        vec![ru.clone()],
        "all words must occur"
    );
    assert_eq!(find(&s, "701 111").len(), 3, "contacts are searched");
    assert!(find(&s, "несуществующее").is_empty());
}

#[test]
fn search_finds_an_appeal_by_its_number_its_last_digits_and_the_bin() {
    // Issue 19 item 5: what callers say first, through the indexes of migration 012.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let first = register(&mut s, "ТОО «Бірінші»", "Портал ашылмайды");
    let now = t("20.11.2026 10:20");
    let other = NewAppeal {
        bin_iin: "000740000728".into(),
        ..form("ТОО «Екінші»", "ЭЦП")
    }
    .validate(now)
    .unwrap();
    let second = s.register_appeal(&other, &actor(), now).unwrap();
    let second_id = second.id.to_string();
    assert!(second.number.to_string().ends_with("-000002"));
    for by_due in [false, true] {
        assert_eq!(
            find(&s, &second.number.to_string().to_lowercase(), by_due),
            vec![second_id.clone()]
        );
        assert_eq!(
            find(&s, "2", by_due),
            vec![second_id.clone()],
            "the last digits"
        );
        assert_eq!(
            find(&s, "000001", by_due),
            vec![first.clone()],
            "with the leading zeros"
        );
        assert_eq!(
            find(&s, "000740000728", by_due),
            vec![second_id.clone()],
            "the BIN"
        );
        assert!(find(&s, "AST1-2026-000009", by_due).is_empty());
    }
    assert_eq!(
        find(&s, "701 111", false).len(),
        2,
        "words still search the contacts"
    );
}

#[test]
fn filters_and_the_overdue_flag_select_the_right_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let a = register(&mut s, "А", "один");
    let b = register(&mut s, "Б", "два");
    let now = Utc::now();
    s.set_next_due(&a, Some(now - Duration::minutes(1)))
        .unwrap();
    s.set_next_due(&b, Some(now + Duration::hours(1))).unwrap();
    let soon = s.due_between(now, now + Duration::minutes(15)).unwrap();
    assert!(soon.is_empty(), "b is due in an hour, a is past");
    let hour = s.due_between(now, now + Duration::minutes(61)).unwrap();
    assert_eq!(hour.len(), 1);
    assert_eq!(hour[0].id.to_string(), b);
    let overdue = JournalQuery {
        overdue: true,
        ..Default::default()
    }
    .validate()
    .unwrap();
    let ids: Vec<String> = s
        .list(&overdue, now)
        .unwrap()
        .into_iter()
        .map(|r| r.id.to_string())
        .collect();
    assert_eq!(ids, vec![a.clone()]);
    let day = JournalQuery {
        from: "20.11.2026".into(),
        to: "20.11.2026".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(s.list(&day, now).unwrap().len(), 2);
    let other_day = JournalQuery {
        from: "21.11.2026".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert!(s.list(&other_day, now).unwrap().is_empty());
    // Two filters at once take the covering page index (migration 003).
    let both = JournalQuery {
        status: Some(Status::Registered),
        channel: Some(desk_journal::Channel::Phone),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(s.list(&both, now).unwrap().len(), 2);
    let none = JournalQuery {
        status: Some(Status::Closed),
        channel: Some(desk_journal::Channel::Phone),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert!(s.list(&none, now).unwrap().is_empty());
    let page = JournalQuery {
        limit: 1,
        offset: 1,
        oldest_first: true,
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(s.list(&page, now).unwrap()[0].id.to_string(), b);
}

#[test]
fn attachments_over_20_mb_are_kept_in_parts_and_reassembled_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let id = register(&mut s, "А", "скриншоты");
    let src = dir.path().join("screen recording.bin");
    // 41 MB of non-repeating bytes: three parts (20 + 20 + 1 MB).
    let data: Vec<u8> = (0..41_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&src, &data).unwrap();
    let a = s.attach(&id, &src, &actor(), Utc::now()).unwrap();
    assert_eq!(
        (a.parts, a.size, a.name.as_str()),
        (3, 41_000_000, "screen recording.bin")
    );
    let part_sizes: Vec<u64> = (0..3)
        .map(|p| {
            std::fs::metadata(
                dir.path()
                    .join("attachments")
                    .join(&a.sha256[..2])
                    .join(format!("{}.{p:04}", a.sha256)),
            )
            .unwrap()
            .len()
        })
        .collect();
    assert_eq!(part_sizes, [20_000_000, 20_000_000, 1_000_000]);
    let out = dir.path().join("out.bin");
    s.export_attachment(&a, &out).unwrap();
    assert!(std::fs::read(&out).unwrap() == data);
    assert_eq!(s.attachments(&id).unwrap(), [a]);

    let missing = s.attach(
        &id,
        &dir.path().join("нет такого.png"),
        &actor(),
        Utc::now(),
    );
    assert!(
        matches!(missing, Err(StoreError::Attachment { name, .. }) if name == "нет такого.png")
    );
}

fn tamper(s: &Store, sql: &str) {
    let c = s.connection();
    c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    c.execute_batch(sql).unwrap();
}

fn chain_of_five(dir: &std::path::Path) -> Store {
    let mut s = store(dir);
    for i in 0..4 {
        register(&mut s, &format!("Орг {i}"), "сбой");
    }
    let check = s.verify_audit().unwrap();
    assert_eq!((check.checked, check.broken), (5, None));
    s
}

#[test]
fn verify_finds_an_edited_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let s = chain_of_five(dir.path());
    tamper(&s, "UPDATE audit SET actor = 'someone else' WHERE seq = 3");
    assert_eq!(s.verify_audit().unwrap().broken.map(|b| b.0), Some(3));
}

#[test]
fn verify_finds_a_deleted_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let s = chain_of_five(dir.path());
    tamper(&s, "DELETE FROM audit WHERE seq = 2");
    assert_eq!(s.verify_audit().unwrap().broken.map(|b| b.0), Some(3));
}

#[test]
fn verify_finds_reordered_audit_rows() {
    let dir = tempfile::tempdir().unwrap();
    let s = chain_of_five(dir.path());
    // Swap rows 2 and 3 by renumbering them.
    tamper(
        &s,
        "UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 100;",
    );
    assert_eq!(s.verify_audit().unwrap().broken.map(|b| b.0), Some(2));
}

#[test]
fn a_schema_1_journal_is_migrated_with_its_audit_chained_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../migrations/001_journal.sql"))
            .unwrap();
        c.execute_batch(
            "INSERT INTO settings VALUES ('workstation', 'OLD1');
             INSERT INTO appeals VALUES ('0190a0a0-0000-7000-8000-000000000001', 'OLD1-2026-000001', 'OLD1', 2026, 1, '2026-01-10T04:00:00.000000Z');
             INSERT INTO appeal_versions(version_id, appeal_id, author, workstation, recorded_at, organisation, bin_iin,
                received_at, channel, contact, description)
             VALUES ('0190a0a0-0000-7000-8000-000000000002', '0190a0a0-0000-7000-8000-000000000001', 'op', 'OLD1',
                '2026-01-10T04:00:00.000000Z', 'ТОО «Старый»', '971240001315', '2026-01-10T03:55:00.000000Z', 'email',
                'old@example.kz', 'Ескі өтініш');
             INSERT INTO audit(id, at, actor, workstation, entity, entity_id, action, changes)
             VALUES ('0190a0a0-0000-7000-8000-000000000003', '2026-01-10T04:00:00.000000Z', 'op', 'OLD1', 'appeal',
                '0190a0a0-0000-7000-8000-000000000001', 'register', '{}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    let old = s.appeal_by_number("OLD1-2026-000001").unwrap();
    assert_eq!(
        (old.status, old.rule_set.code()),
        (Status::Registered, "GZ-627")
    );
    let q = JournalQuery {
        text: "ЕСКІ".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(s.list(&q, Utc::now()).unwrap().len(), 1);
    // The old entry, then the one migration 005 appends to say which rows came before.
    assert_eq!(
        s.verify_audit().unwrap(),
        desk_store::AuditCheck {
            checked: 2,
            broken: None
        }
    );
    // New entries continue the migrated chain.
    register(&mut s, "Жаңа", "жаңа");
    assert_eq!(s.verify_audit().unwrap().checked, 3);
    // The rows from before are not covered by the chain, which is not a break.
    let full = s.verify(None, &mut |_| {}).unwrap();
    assert!(full.intact(), "{:?}", full.problems);
    assert_eq!(full.entries_not_covered, 1, "the schema-1 entry");
    // The appeal, its version and the workstation setting of schema 1.
    assert_eq!(full.rows_not_covered, 3);
}
