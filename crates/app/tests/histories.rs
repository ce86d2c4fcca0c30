//! Obligations never vanish (issue 11 item 1): any history the window and the CLI let a
//! user build — registration under any rule set, triage, any action in any order at any
//! past instant, closing and reopening, links, corrections of the receipt — either is
//! refused at the form with a translated error, or leaves an appeal whose page lists its
//! obligations. A history the rules cannot compute (a receipt corrected past an event) is
//! shown with its reason (`clocks_error`), never as an empty list without one.
//! Generated with `proptest` on a real journal through the `Desk` services the commands
//! call.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, Utc};
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::time::to_astana_display;
use desk_app::desk_journal::{ActionForm, CorrectionForm, NewAppeal, TriageForm};
use desk_app::{AppError, Desk};
use proptest::prelude::*;

/// Every rule set with contact-centre duties. ENERGY-366 has none by design (its file:
/// "its contact-centre duties carry no deadlines in deadlines.md §3"), so its appeals
/// rightly list no obligations.
const RULE_SETS: [&str; 4] = ["QUASI-1216", "GZ-627", "GZ-692", "ETP-CC"];
const ACTIONS: [&str; 11] = [
    "id_sent",
    "refutation_notified",
    "criticality_notified",
    "homepage_posted",
    "participants_notified",
    "authority_informed",
    "authority_reported",
    "info_requested",
    "info_received",
    "fixed",
    "closed",
];

#[derive(Debug, Clone)]
enum Step {
    Triage {
        confirmed: bool,
        criticality: usize,
        minutes: i64,
    },
    Action {
        kind: usize,
        minutes: i64,
    },
    Reopen,
    Link,
    CorrectReceipt {
        minutes: i64,
    },
}

fn step(corrections: bool) -> impl Strategy<Value = Step> {
    // Instants from 6 h before now (the receipt) to now; some before the receipt.
    let minutes = -30i64..=360;
    let mut options = vec![
        (any::<bool>(), 0usize..3, minutes.clone())
            .prop_map(|(confirmed, criticality, minutes)| Step::Triage {
                confirmed,
                criticality,
                minutes,
            })
            .boxed(),
        (0..ACTIONS.len(), minutes.clone())
            .prop_map(|(kind, minutes)| Step::Action { kind, minutes })
            .boxed(),
        (0..ACTIONS.len(), minutes.clone())
            .prop_map(|(kind, minutes)| Step::Action { kind, minutes })
            .boxed(),
        Just(Step::Reopen).boxed(),
        Just(Step::Link).boxed(),
    ];
    if corrections {
        options.push(
            minutes
                .prop_map(|minutes| Step::CorrectReceipt { minutes })
                .boxed(),
        );
    }
    proptest::strategy::Union::new(options)
}

/// Plays `steps` on a new journal; after every step the appeal's page must show its
/// obligations (or, when `corrections` may have made the rules refuse, the reason).
fn play(rule_set: usize, steps: &[Step], corrections: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
    desk.set_workstation("AST1").unwrap();
    desk.set_language(Lang::Ru).unwrap();
    let now = Utc::now();
    // A rule set applies to appeals received on its days (deadlines.md §2.4): GZ-692's
    // appeals are received before its repeal on 31.12.2024.
    let received = if RULE_SETS[rule_set] == "GZ-692" {
        chrono::DateTime::parse_from_rfc3339("2024-12-30T10:00:00+05:00")
            .unwrap()
            .to_utc()
    } else {
        now - Duration::hours(6)
    };
    let at = |minutes: i64| -> String {
        let t: DateTime<Utc> = (received + Duration::minutes(minutes)).min(now);
        to_astana_display(t)
    };
    let register = |desk: &mut Desk, received: DateTime<Utc>| {
        desk.register_appeal(&NewAppeal {
            rule_set: RULE_SETS[rule_set].into(),
            ..desk_testkit::rows::new_appeal(received)
        })
        .unwrap()
    };
    let older = register(&mut desk, received - Duration::hours(1));
    let id = register(&mut desk, received).id.to_string();
    let check = |desk: &Desk, after: &dyn std::fmt::Debug| {
        let d = desk.appeal_detail(&id).unwrap();
        if corrections {
            assert!(
                !d.obligations.is_empty()
                    || d.clocks_error.as_deref().is_some_and(|m| !m.is_empty()),
                "after {after:?}: no obligations and no reason"
            );
        } else {
            assert!(
                !d.obligations.is_empty(),
                "after {after:?}: no obligations ({:?})",
                d.clocks_error
            );
            assert_eq!(d.clocks_error, None, "after {after:?}");
        }
    };
    check(&desk, &"registration");
    for s in steps {
        let result: Result<_, AppError> = match s {
            Step::Triage {
                confirmed,
                criticality,
                minutes,
            } => desk.triage(
                &id,
                &TriageForm {
                    analysis: if *confirmed { "confirmed" } else { "refuted" }.into(),
                    criticality: if *confirmed {
                        ["low", "medium", "high"][*criticality].into()
                    } else {
                        String::new()
                    },
                    at: at(*minutes),
                    decision: "Решение".into(),
                    supporting_info: if *confirmed {
                        String::new()
                    } else {
                        "Журнал сервера".into()
                    },
                    ..Default::default()
                },
            ),
            Step::Action { kind, minutes } => desk.record_action(
                &id,
                &ActionForm {
                    note: String::new(),
                    kind: ACTIONS[*kind].into(),
                    at: at(*minutes),
                },
            ),
            Step::Reopen => desk.reopen(&id, "Пользователь сообщил повторно"),
            Step::Link => {
                let number = older.number.clone();
                desk.link(&id, &number)
            }
            Step::CorrectReceipt { minutes } => desk.correct(
                &id,
                &CorrectionForm {
                    field: "received_at".into(),
                    value: at(*minutes),
                    reason: "Время по журналу почты".into(),
                },
            ),
        };
        match result {
            Ok(detail) => {
                if !corrections {
                    assert!(
                        !detail.obligations.is_empty(),
                        "{s:?} answered none: {:?}",
                        detail.clocks_error
                    );
                }
            }
            // A refusal is the user's to fix, in words, never an internal failure.
            Err(e) => {
                assert!(
                    matches!(e, AppError::Invalid(_) | AppError::Store(_)),
                    "{s:?}: {e:?}"
                );
                assert!(!e.message(Lang::Ru).is_empty());
                assert_ne!(e.exit_code(), 0);
                assert!(
                    !matches!(
                        e.code(),
                        desk_app::ErrorCode::Store | desk_app::ErrorCode::Internal
                    ),
                    "{s:?}: {e:?}"
                );
            }
        }
        check(&desk, s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_history_the_window_allows_yields_obligations(
        rule_set in 0..RULE_SETS.len(),
        steps in proptest::collection::vec(step(false), 1..10),
    ) {
        play(rule_set, &steps, false);
    }

    #[test]
    fn a_corrected_receipt_yields_obligations_or_says_why(
        rule_set in 0..RULE_SETS.len(),
        steps in proptest::collection::vec(step(true), 1..10),
    ) {
        play(rule_set, &steps, true);
    }
}
