//! The appeal's history reads as people write it: every field the journal records is
//! named in the user's language, never by its stored key (`operator_fault: true` must
//! not reach a user).

#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use desk_app::Desk;
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::{ActionForm, CorrectionForm, NewAppeal, TriageForm};

#[test]
fn every_recorded_field_is_named_in_kazakh_russian_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    let now = Utc::now();
    let row = desk
        .register_appeal(&NewAppeal {
            email: "user@example.kz".into(),
            ..desk_testkit::rows::new_appeal(now - Duration::hours(1))
        })
        .unwrap();
    let id = row.id.to_string();
    desk.record_action(
        &id,
        &ActionForm {
            note: String::new(),
            kind: "id_sent".into(),
            at: String::new(),
        },
    )
    .unwrap();
    desk.triage(
        &id,
        &TriageForm {
            analysis: "confirmed".into(),
            criticality: "high".into(),
            failure_type: "operator_physical_damage".into(),
            decision: "Серверы перезапущены".into(),
            ..Default::default()
        },
    )
    .unwrap();
    desk.correct(
        &id,
        &CorrectionForm {
            field: "decision".into(),
            value: "Серверы заменены".into(),
            reason: "Уточнение".into(),
        },
    )
    .unwrap();
    for lang in Lang::ALL {
        desk.set_language(lang).unwrap();
        let history = desk.appeal_detail(&id).unwrap().history;
        assert!(history.len() >= 4);
        for entry in &history {
            for line in entry.changes.lines() {
                let key = line.split(':').next().unwrap_or_default();
                assert!(
                    !key.contains('_') && key != "at" && key != "number",
                    "{lang}: a raw key in the history: {line}"
                );
            }
            assert!(!entry.action.starts_with("history-"), "{}", entry.action);
        }
    }
}
