//! Issue 19 item 4: the queue by urgency. The journal page names the duty each row's
//! next due belongs to, sorted most urgent first; the appeal page lists its duties
//! overdue → soonest → done.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use desk_app::desk_journal::time::to_astana_display;
use desk_app::desk_journal::{ActionForm, JournalQuery, NewAppeal, TriageForm};
use desk_app::{Desk, ObligationState};

#[test]
fn issue19_4_the_most_urgent_appeal_leads_and_its_row_names_the_duty() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    let now = Utc::now();
    // An old high failure (its duties long overdue), then a fresh appeal, then a closed one.
    let register = |desk: &mut Desk, hours: i64| {
        desk.register_appeal(&NewAppeal {
            ..desk_testkit::rows::new_appeal(now - Duration::hours(hours))
        })
        .unwrap()
        .id
        .to_string()
    };
    let old = register(&mut desk, 30);
    desk.triage(
        &old,
        &TriageForm {
            analysis: "confirmed".into(),
            criticality: "high".into(),
            failure_type: "operator_physical_damage".into(),
            decision: "Серверы перезапущены".into(),
            at: to_astana_display(now - Duration::hours(29)),
            ..Default::default()
        },
    )
    .unwrap();
    let fresh = register(&mut desk, 0);
    let closed = register(&mut desk, 1);
    desk.record_action(
        &closed,
        &ActionForm {
            kind: "closed".into(),
            note: "Повторное обращение".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let newest_first = desk.journal_page(&JournalQuery::default()).unwrap();
    assert_eq!(newest_first[0].appeal.id.to_string(), fresh);
    let queue = desk
        .journal_page(&JournalQuery {
            by_due: true,
            ..Default::default()
        })
        .unwrap();
    let order: Vec<String> = queue.iter().map(|r| r.appeal.id.to_string()).collect();
    assert_eq!(order, [old.clone(), fresh.clone(), closed.clone()]);
    assert_eq!(queue[2].next_duty, None, "a closed appeal has nothing due");

    // The row names the duty whose due it shows: the appeal page's first one.
    let detail = desk.appeal_detail(&old).unwrap();
    let first = &detail.obligations[0];
    assert_eq!(queue[0].next_duty.as_deref(), Some(first.id.as_str()));
    assert_eq!(queue[0].appeal.next_due, first.due);
    assert!(queue[1].next_duty.is_some());

    // The page's duties: the pending by due (the overdue ones lead), then the done ones.
    let rank = |s: ObligationState| match s {
        ObligationState::Pending => 0,
        ObligationState::Paused => 1,
        ObligationState::Closed => 2,
        ObligationState::Met | ObligationState::Late => 3,
        ObligationState::Superseded => 4,
    };
    let ob = &detail.obligations;
    assert!(ob.iter().any(|o| rank(o.state) == 3), "{ob:#?}");
    for pair in ob.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(rank(a.state) <= rank(b.state), "{ob:#?}");
        if a.state == ObligationState::Pending && b.state == ObligationState::Pending {
            assert!(a.due <= b.due, "{ob:#?}");
        }
    }
    assert!(first.due.unwrap() < now, "the overdue duty leads");
}
