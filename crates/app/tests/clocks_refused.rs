//! A history the rules refuse is shown, never silently dropped (issue 10, item 1): a
//! supervisor corrects `received_at` to a time after an event already recorded.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use desk_app::Desk;
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::time::to_astana_display;
use desk_app::desk_journal::{ActionForm, CorrectionForm, JournalQuery, NewAppeal};

#[test]
fn a_receipt_corrected_past_an_event_shows_why_and_keeps_the_appeal_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    desk.set_language(Lang::Ru).unwrap();
    let now = Utc::now();
    let row = desk
        .register_appeal(&NewAppeal {
            rule_set: "QUASI-1216".into(),
            ..desk_testkit::rows::new_appeal(now - Duration::hours(3))
        })
        .unwrap();
    let id = row.id.to_string();
    // 002 §30: the incident ID went out two hours ago.
    desk.record_action(
        &id,
        &ActionForm {
            note: String::new(),
            kind: "id_sent".into(),
            at: to_astana_display(now - Duration::hours(2)),
        },
    )
    .unwrap();
    assert!(!desk.appeal_detail(&id).unwrap().obligations.is_empty());

    // The correction itself is the supervisor's right and is recorded.
    let detail = desk
        .correct(
            &id,
            &CorrectionForm {
                field: "received_at".into(),
                value: to_astana_display(now - Duration::hours(1)),
                reason: "Время поступления по журналу почты".into(),
            },
        )
        .unwrap();

    // The appeal page says why no deadline is shown, naming the event, in Russian.
    assert!(detail.obligations.is_empty());
    let message = detail.clocks_error.expect("the refusal is shown");
    assert!(
        message.starts_with("Сроки не рассчитаны: событие «")
            && message.contains("раньше поступления обращения"),
        "{message}"
    );
    assert!(
        !message.contains("events["),
        "no raw path reaches the user: {message}"
    );

    // It stays in the overdue filter (due since its receipt) and in the daily analysis.
    let overdue = desk
        .list(&JournalQuery {
            overdue: true,
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(overdue.len(), 1, "the appeal stays overdue");
    assert_eq!(overdue[0].number, row.number);
}
