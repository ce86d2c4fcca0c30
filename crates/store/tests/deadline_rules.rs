#![allow(clippy::unwrap_used)]
//! Workflow rules that protect deadlines (issue 11, item 4), checked by the store inside
//! each write's transaction: links never form a cycle or move a fix clock later (002
//! §38), a closed appeal takes no event until it is reopened with a reason, and
//! information arrives only while a request for it is open.

use chrono::{DateTime, Duration, Utc};
use desk_journal::time::parse_astana;
use desk_journal::{EventKind, Field, NewAppeal, Problem, Status, WorkstationCode};
use desk_store::{Actor, Store, StoreError};

fn actor() -> Actor {
    Actor {
        user: "specialist1".into(),
    }
}

fn t(s: &str) -> DateTime<Utc> {
    parse_astana(s).unwrap()
}

/// A journal whose stand-in clock is due an hour after the problem's first registration.
fn store(dir: &std::path::Path) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    s.set_clocks(Box::new(|row, _, inputs| {
        Some(inputs.first_registered_at.unwrap_or(row.created_at) + Duration::hours(1))
    }));
    s
}

/// Registers an appeal at `at` (Astana); returns its id and number.
fn register(s: &mut Store, at: &str) -> (String, String) {
    let now = t(at);
    let v = NewAppeal {
        organisation: "ТОО «Сапа»".into(),
        bin_iin: "971240001315".into(),
        received_at: at.into(),
        channel: "phone".into(),
        contact: "+7 701 111 22 33".into(),
        description: "Не работает аукцион".into(),
        ..Default::default()
    }
    .validate(now)
    .unwrap();
    let row = s.register_appeal(&v, &actor(), now).unwrap();
    (row.id.to_string(), row.number)
}

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> (Field, Problem) {
    match r {
        Err(StoreError::Refused(e)) => (e.field, e.problem),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn audit_rows(s: &Store) -> i64 {
    s.connection()
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn links_never_close_a_cycle_however_long_the_chain() {
    // 002 §38: linked reports lead to one first registration; a cycle has none.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (a, a_no) = register(&mut s, "02.03.2026 10:00");
    let (b, b_no) = register(&mut s, "02.03.2026 11:00");
    let (c, c_no) = register(&mut s, "02.03.2026 12:00");
    s.link(&a, &b_no, &actor(), t("02.03.2026 13:00")).unwrap();
    s.link(&b, &c_no, &actor(), t("02.03.2026 13:01")).unwrap();
    let before = audit_rows(&s);
    assert_eq!(
        refused(s.link(&c, &a_no, &actor(), t("02.03.2026 13:02"))),
        (Field::LinkedTo, Problem::LinkCycle),
        "A → B → C → A"
    );
    assert_eq!(audit_rows(&s), before, "a refused link writes nothing");
    assert_eq!(s.appeal(&c).unwrap().unwrap().linked_to, None);

    // The one-hop walk of old let this through: D → F, F → E, then E → D.
    let (d, d_no) = register(&mut s, "03.03.2026 10:00");
    let (e, e_no) = register(&mut s, "03.03.2026 11:00");
    let (f, f_no) = register(&mut s, "03.03.2026 12:00");
    s.link(&d, &f_no, &actor(), t("03.03.2026 13:00")).unwrap();
    s.link(&f, &e_no, &actor(), t("03.03.2026 13:01")).unwrap();
    assert_eq!(
        refused(s.link(&e, &d_no, &actor(), t("03.03.2026 13:02"))),
        (Field::LinkedTo, Problem::LinkCycle)
    );
    // D's problem is now E's: the chain is walked to its end.
    assert_eq!(
        s.first_registered_at(&d).unwrap(),
        Some(t("03.03.2026 10:00"))
    );
}

#[test]
fn linking_an_older_appeal_to_a_newer_one_keeps_its_own_registration() {
    // 002 §38: the problem's earliest registration counts; a link never restarts a clock.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (older, _) = register(&mut s, "02.03.2026 10:00");
    let (newer, newer_no) = register(&mut s, "02.03.2026 12:00");
    let due_before = s.appeal(&older).unwrap().unwrap().next_due;
    assert_eq!(due_before, Some(t("02.03.2026 11:00")));
    let row = s
        .link(&older, &newer_no, &actor(), t("02.03.2026 12:30"))
        .unwrap();
    assert_eq!(row.linked_to.as_deref(), Some(newer_no.as_str()));
    assert_eq!(
        s.first_registered_at(&older).unwrap(),
        Some(t("02.03.2026 10:00"))
    );
    assert_eq!(row.next_due, due_before, "the clock did not move");
    assert_eq!(s.first_registered_at(&newer).unwrap(), None);
}

#[test]
fn a_relink_that_would_drop_an_earlier_registration_is_refused() {
    // 002 §38: linked first to a problem registered at 09:00, the fix clock may not be
    // moved to the 12:00 registration of another.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (_, first_no) = register(&mut s, "02.03.2026 09:00");
    let (report, _) = register(&mut s, "02.03.2026 10:00");
    let (_, later_no) = register(&mut s, "02.03.2026 12:00");
    s.link(&report, &first_no, &actor(), t("02.03.2026 12:10"))
        .unwrap();
    assert_eq!(
        refused(s.link(&report, &later_no, &actor(), t("02.03.2026 12:20"))),
        (Field::LinkedTo, Problem::LinkLater)
    );
    let row = s.appeal(&report).unwrap().unwrap();
    assert_eq!(row.linked_to.as_deref(), Some(first_no.as_str()));
    assert_eq!(row.next_due, Some(t("02.03.2026 10:00")));
}

#[test]
fn reports_linked_through_an_appeal_get_the_earlier_clock_when_it_is_linked() {
    // 002 §38: Y reports X's problem; X turns out to report a problem registered
    // earlier, so Y's fix runs from that registration too, at once.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (_, first_no) = register(&mut s, "02.03.2026 08:00");
    let (x, x_no) = register(&mut s, "02.03.2026 10:00");
    let (y, _) = register(&mut s, "02.03.2026 11:00");
    s.link(&y, &x_no, &actor(), t("02.03.2026 11:30")).unwrap();
    assert_eq!(
        s.appeal(&y).unwrap().unwrap().next_due,
        Some(t("02.03.2026 11:00"))
    );
    s.link(&x, &first_no, &actor(), t("02.03.2026 12:00"))
        .unwrap();
    assert_eq!(
        s.appeal(&y).unwrap().unwrap().next_due,
        Some(t("02.03.2026 09:00"))
    );
}

#[test]
fn a_closed_appeal_takes_no_event_until_it_is_reopened_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (id, _) = register(&mut s, "02.03.2026 10:00");
    let at = |m: i64| t("02.03.2026 11:00") + Duration::minutes(m);
    s.record_event(&id, EventKind::Fixed, at(0), &actor(), at(0))
        .unwrap();
    s.record_event(&id, EventKind::Closed, at(1), &actor(), at(1))
        .unwrap();
    let before = audit_rows(&s);
    assert_eq!(
        refused(s.record_event(&id, EventKind::IdSent, at(2), &actor(), at(2))),
        (Field::Event, Problem::AppealClosed)
    );
    assert_eq!(
        refused(s.record_event(&id, EventKind::Closed, at(2), &actor(), at(2))),
        (Field::Event, Problem::AlreadyClosed),
        "an appeal is closed once"
    );
    assert_eq!(audit_rows(&s), before, "a refused event writes nothing");
    assert_eq!(s.events(&id).unwrap().len(), 3);

    let row = s
        .reopen(
            &id,
            "Пользователь сообщил о повторном сбое",
            &actor(),
            at(3),
        )
        .unwrap();
    assert_eq!(row.status, Status::Fixed, "back to where it stood");
    assert_eq!(
        refused(s.reopen(&id, "ещё раз", &actor(), at(4))),
        (Field::Event, Problem::NotClosed)
    );
    s.record_event(&id, EventKind::IdSent, at(5), &actor(), at(5))
        .unwrap();
    let history = s.history(&id).unwrap();
    let reopening = &history[history.len() - 2];
    assert_eq!(
        reopening.changes["reopen_reason"][1],
        "Пользователь сообщил о повторном сбое"
    );
    assert_eq!(reopening.changes["event"][1], "reopened");
    assert!(s.verify_audit().unwrap().broken.is_none());
}

#[test]
fn information_is_received_only_while_a_request_is_open() {
    // 002 §38: the pause ends when the requested information arrives; an answer to no
    // request, or a second answer to one request, is refused by the write itself.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (id, _) = register(&mut s, "02.03.2026 10:00");
    let at = |m: i64| t("02.03.2026 11:00") + Duration::minutes(m);
    assert_eq!(
        refused(s.record_event(&id, EventKind::InfoReceived, at(0), &actor(), at(0))),
        (Field::Event, Problem::InfoNotRequested)
    );
    s.record_event(&id, EventKind::InfoRequested, at(1), &actor(), at(1))
        .unwrap();
    s.record_event(&id, EventKind::InfoReceived, at(2), &actor(), at(2))
        .unwrap();
    assert_eq!(
        refused(s.record_event(&id, EventKind::InfoReceived, at(3), &actor(), at(3))),
        (Field::Event, Problem::InfoNotRequested)
    );
}
