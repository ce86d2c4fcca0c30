//! Issue 19 item 6: the history reads as a person tells it. The event is the entry's
//! headline, only what really changed is listed ("operator at fault: yes → yes" is not a
//! change), in the forms' order, values translated, never a version id.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use desk_app::Desk;
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::time::to_astana_display;
use desk_app::desk_journal::{ActionForm, CorrectionForm, ReclassifyForm, TriageForm};

#[test]
fn issue19_6_each_entry_is_headed_by_its_event_and_lists_only_real_changes_in_form_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    let now = Utc::now();
    let id = desk
        .register_appeal(&desk_testkit::rows::new_appeal(now - Duration::hours(2)))
        .unwrap()
        .id
        .to_string();
    desk.triage(
        &id,
        &TriageForm {
            analysis: "confirmed".into(),
            criticality: "medium".into(),
            failure_type: "operator_physical_damage".into(),
            decision: "Серверы перезапущены".into(),
            at: to_astana_display(now - Duration::minutes(90)),
            ..Default::default()
        },
    )
    .unwrap();
    // The level changes, the type and so the fault stay: no "yes → yes".
    desk.reclassify(
        &id,
        &ReclassifyForm {
            criticality: "high".into(),
            reason: "Недоступны все модули".into(),
            at: to_astana_display(now - Duration::minutes(60)),
            ..Default::default()
        },
    )
    .unwrap();
    desk.record_action(
        &id,
        &ActionForm {
            kind: "homepage_posted".into(),
            at: to_astana_display(now - Duration::minutes(30)),
            note: "Баннер на главной".into(),
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
    desk.set_language(Lang::Ru).unwrap();
    let history = desk.appeal_detail(&id).unwrap().history;
    let find = |headline: &str| {
        history
            .iter()
            .find(|h| h.action.starts_with(headline))
            .unwrap_or_else(|| panic!("{headline} in {history:#?}"))
    };
    let triage = find("Анализ и решение: Сбой подтверждён");
    let lines: Vec<&str> = triage.changes.lines().collect();
    let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix));
    // The form's order: the level and type before the decision; no empty fields.
    assert!(
        at("Уровень").unwrap() < at("Принятое решение").unwrap(),
        "{lines:#?}"
    );
    assert!(!triage.changes.contains("—"), "{}", triage.changes);
    assert!(
        !triage.changes.contains("Результат анализа"),
        "the headline says it"
    );

    let reclassified = find("Переклассификация");
    assert!(
        reclassified.changes.contains("Средний → Высокий"),
        "{}",
        reclassified.changes
    );
    for line in reclassified.changes.lines() {
        let (_, change) = line.split_once(": ").unwrap();
        if let Some((old, new)) = change.split_once(" → ") {
            assert_ne!(old, new, "an unchanged value listed: {line}");
        }
    }

    let posted = find("Размещено на главной странице портала");
    assert!(
        posted.changes.contains("Примечание: Баннер на главной"),
        "{}",
        posted.changes
    );
    assert!(!posted.changes.contains("Действие"), "{}", posted.changes);

    let corrected = find("Исправление");
    assert!(
        corrected
            .changes
            .contains("Серверы перезапущены → Серверы заменены"),
        "{}",
        corrected.changes
    );
    // No version ids anywhere.
    for h in &history {
        let uuid_like = h
            .changes
            .split(|c: char| c.is_whitespace())
            .any(|w| w.len() == 36 && w.chars().filter(|c| *c == '-').count() == 4);
        assert!(!uuid_like, "{}: {}", h.action, h.changes);
    }
}
