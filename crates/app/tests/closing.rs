//! Issue 19 item 2: closing is guarded. Duties left undone need the reason for closing
//! (the window asks "3 duties are not done — close anyway?"), a closed appeal is never
//! due nor overdue, takes no more events and cannot be closed twice. The same rule for
//! the window and the CLI, since both call `record_action`.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::{ActionForm, Field, JournalQuery, TriageForm};
use desk_app::{AppError, Desk, ObligationState};

fn close(note: &str) -> ActionForm {
    ActionForm {
        kind: "closed".into(),
        at: String::new(),
        note: note.into(),
    }
}

fn confirmed(desk: &mut Desk) -> String {
    let now = Utc::now();
    let row = desk
        .register_appeal(&desk_testkit::rows::new_appeal(now - Duration::hours(30)))
        .unwrap();
    let id = row.id.to_string();
    desk.triage(
        &id,
        &TriageForm {
            analysis: "confirmed".into(),
            criticality: "high".into(),
            failure_type: "operator_physical_damage".into(),
            decision: "Серверы перезапущены".into(),
            at: desk_app::desk_journal::time::to_astana_display(now - Duration::hours(29)),
            ..Default::default()
        },
    )
    .unwrap();
    id
}

#[test]
fn issue19_2_duties_not_done_need_a_reason_and_a_closed_appeal_is_done_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    desk.set_language(Lang::Ru).unwrap();
    let id = confirmed(&mut desk);
    let before = desk.appeal_detail(&id).unwrap();
    let not_done = before
        .obligations
        .iter()
        .filter(|o| matches!(o.state, ObligationState::Pending | ObligationState::Paused))
        .count();
    assert!(not_done >= 2, "{:#?}", before.obligations);
    // The appeal is overdue (its high-level duties ran out hours ago).
    let overdue = JournalQuery {
        overdue: true,
        ..Default::default()
    };
    assert_eq!(desk.list(&overdue).unwrap().len(), 1);

    // Without a reason: refused naming the reason's field and the count, nothing written.
    let e = desk.record_action(&id, &close(" ")).unwrap_err();
    let ui = e.to_ui(Lang::Ru);
    assert_eq!(ui.fields[0].field, Field::CloseReason);
    assert!(
        ui.fields[0].message.contains(&not_done.to_string())
            && ui.fields[0].message.contains("закрыть всё равно"),
        "{}",
        ui.fields[0].message
    );
    assert!(
        e.to_ui(Lang::Kk).fields[0].message.contains("бәрібір жабу"),
        "{}",
        e.to_ui(Lang::Kk).fields[0].message
    );
    assert_eq!(
        desk.appeal_detail(&id).unwrap().events.len(),
        before.events.len()
    );

    // An operator may not close at all.
    desk.set_role("op", desk_app::desk_journal::Role::Operator)
        .unwrap();
    let mut operator = Desk::open(Some(dir.path())).unwrap().with_user("op");
    assert!(matches!(
        operator.record_action(&id, &close("Пользователь отозвал")),
        Err(AppError::Forbidden { .. })
    ));

    // With the reason: closed, the reason in the history, nothing due or overdue.
    let reason = "Пользователь отозвал обращение";
    let d = desk.record_action(&id, &close(reason)).unwrap();
    assert_eq!(d.appeal.status, desk_app::desk_journal::Status::Closed);
    assert_eq!(d.appeal.next_due, None);
    assert!(
        d.obligations
            .iter()
            .all(|o| !matches!(o.state, ObligationState::Pending | ObligationState::Paused)),
        "{:#?}",
        d.obligations
    );
    assert!(
        d.obligations
            .iter()
            .any(|o| o.state == ObligationState::Closed)
    );
    let last = d.history.last().unwrap();
    assert!(
        last.changes.contains("Причина закрытия") && last.changes.contains(reason),
        "{}",
        last.changes
    );
    assert!(desk.list(&overdue).unwrap().is_empty());
    // (A past day's analysis still lists what was overdue by its end: the closing came later.)

    // Closed twice: refused as already closed; any other event: refused as closed.
    let again = desk.record_action(&id, &close(reason)).unwrap_err();
    assert!(
        again.message(Lang::Ru).contains("уже закрыто"),
        "{}",
        again.message(Lang::Ru)
    );
    let late = desk
        .record_action(
            &id,
            &ActionForm {
                kind: "fixed".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(late.to_ui(Lang::Ru).fields[0].field, Field::Event);
    let check = desk.audit_status().unwrap();
    assert!(check.intact, "{}", check.message);
}

#[test]
fn issue19_2_an_appeal_with_every_duty_done_closes_without_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    let now = Utc::now();
    let row = desk
        .register_appeal(&desk_testkit::rows::new_appeal(now - Duration::hours(1)))
        .unwrap();
    let id = row.id.to_string();
    desk.triage(
        &id,
        &TriageForm {
            analysis: "refuted".into(),
            decision: "Сбой не подтверждён".into(),
            supporting_info: "Журналы сервера".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // Whatever the refutation still owes is met first, each at its own time.
    loop {
        let d = desk.appeal_detail(&id).unwrap();
        let Some(o) = d
            .obligations
            .iter()
            .find(|o| o.state == ObligationState::Pending && o.met_by.is_some())
        else {
            break;
        };
        let kind = o.met_by.unwrap().code().to_owned();
        desk.record_action(
            &id,
            &ActionForm {
                kind,
                ..Default::default()
            },
        )
        .unwrap();
    }
    let d = desk.record_action(&id, &close("")).unwrap();
    assert_eq!(d.appeal.status, desk_app::desk_journal::Status::Closed);
}
