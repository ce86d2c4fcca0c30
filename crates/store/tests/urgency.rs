#![allow(clippy::unwrap_used)]
//! Issue 19 item 4: the journal as a queue by urgency. The soonest next due first (the
//! overdue ones lead), then the appeals with nothing due, newest first; pages of it are
//! consecutive whatever the page size, and filters apply as on any page.

use chrono::{Duration, Utc};
use desk_journal::time::parse_astana;
use desk_journal::{JournalQuery, NewAppeal, Status, WorkstationCode};
use desk_store::{Actor, Store};

fn actor() -> Actor {
    Actor {
        user: "specialist1".into(),
    }
}

fn register(s: &mut Store, n: u32) -> String {
    let received = format!("20.11.2026 10:{n:02}");
    let now = parse_astana("20.11.2026 11:30").unwrap();
    let v = NewAppeal {
        organisation: format!("ТОО «{n}»"),
        bin_iin: "971240001315".into(),
        received_at: received,
        channel: "phone".into(),
        contact: "+7 701 111 22 33".into(),
        description: "Портал недоступен".into(),
        ..Default::default()
    }
    .validate(now)
    .unwrap();
    s.register_appeal(&v, &actor(), now).unwrap().id.to_string()
}

fn numbers(s: &Store, q: JournalQuery) -> Vec<String> {
    s.list(&q.validate().unwrap(), Utc::now())
        .unwrap()
        .into_iter()
        .map(|r| r.organisation)
        .collect()
}

#[test]
fn issue19_4_the_queue_by_urgency_puts_the_soonest_due_first_then_the_rest_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in_dir(dir.path()).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    let ids: Vec<String> = (1..=6).map(|n| register(&mut s, n)).collect();
    let now = Utc::now();
    // 1: due in 3 h; 2: nothing due; 3: overdue by 2 h; 4: due in 10 min; 5, 6: nothing.
    for (i, due) in [
        (0, Some(now + Duration::hours(3))),
        (1, None),
        (2, Some(now - Duration::hours(2))),
        (3, Some(now + Duration::minutes(10))),
        (4, None),
        (5, None),
    ] {
        s.set_next_due(&ids[i], due).unwrap();
    }
    let queue = |offset, limit| JournalQuery {
        by_due: true,
        offset,
        limit,
        ..Default::default()
    };
    let all = numbers(&s, queue(0, 50));
    assert_eq!(
        all,
        [
            "ТОО «3»",
            "ТОО «4»",
            "ТОО «1»",
            "ТОО «6»",
            "ТОО «5»",
            "ТОО «2»"
        ]
    );
    // Pages of two are the same queue cut in three, across the due/not-due boundary.
    let paged: Vec<String> = [0, 2, 4]
        .into_iter()
        .flat_map(|o| numbers(&s, queue(o, 2)))
        .collect();
    assert_eq!(paged, all);
    let odd: Vec<String> = [0, 4]
        .into_iter()
        .flat_map(|o| numbers(&s, queue(o, 4)))
        .collect();
    assert_eq!(odd, all);
    // Filters apply: the overdue only, and a status none of them has.
    let overdue = JournalQuery {
        overdue: true,
        ..queue(0, 50)
    };
    assert_eq!(numbers(&s, overdue), ["ТОО «3»"]);
    let none = JournalQuery {
        status: Some(Status::Closed),
        ..queue(0, 50)
    };
    assert!(numbers(&s, none).is_empty());
    // With search words too.
    let searched = JournalQuery {
        text: "портал".into(),
        ..queue(0, 3)
    };
    assert_eq!(numbers(&s, searched), ["ТОО «3»", "ТОО «4»", "ТОО «1»"]);
}

#[test]
fn issue19_2_a_closed_appeal_left_due_by_an_older_build_is_due_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in_dir(dir.path()).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    let open = register(&mut s, 1);
    let closed = register(&mut s, 2);
    s.record_event(
        &closed,
        desk_journal::EventKind::Closed,
        Utc::now(),
        &actor(),
        Utc::now(),
    )
    .unwrap();
    let past = Utc::now() - Duration::hours(3);
    s.set_next_due(&open, Some(past)).unwrap();
    s.set_next_due(&closed, Some(past)).unwrap();
    assert_eq!(s.clear_due_of_closed().unwrap(), 1);
    assert_eq!(s.clear_due_of_closed().unwrap(), 0, "nothing left to clear");
    let overdue = JournalQuery {
        overdue: true,
        ..Default::default()
    };
    assert_eq!(numbers(&s, overdue), ["ТОО «1»"]);
}
