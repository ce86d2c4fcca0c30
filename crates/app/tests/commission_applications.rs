//! The platforms' applications kept in the journal (issue 17 item 2, 003 ch. 5–8): an
//! incomplete form 2 is recorded with what it lacks and its rejection (003 §22), a
//! complete one gets its clocks, steps move them, bad input is refused naming the field,
//! and every row is covered by the audit chain.

#![allow(clippy::unwrap_used)]

use desk_app::commission::ApplicationForm;
use desk_app::desk_commission::application::{Document, Fields, Form};
use desk_app::desk_i18n::Lang;
use desk_app::{AppError, Desk, ErrorCode};

fn desk(dir: &std::path::Path) -> Desk {
    let mut desk = Desk::open(Some(dir)).unwrap().with_user("secretary");
    desk.set_workstation("AST1").unwrap();
    desk
}

fn form2(number: &str, documents: &[Document]) -> ApplicationForm {
    ApplicationForm {
        number: number.into(),
        form: Form::Production,
        received: "02.11.2026".into(),
        fields: Fields {
            owner: "«Ақ Жол» ЖШС".into(),
            bin_iin: "971240001315".into(),
            platform: "AqJol Market".into(),
            licence: "АС-0042".into(),
            declaration: true,
            ..Fields::default()
        },
        documents: documents.to_vec(),
        infosec_date: "15.09.2026".into(),
        infosec_positive: true,
    }
}

fn refused(e: &AppError, field: &str) {
    assert_eq!((e.code(), e.exit_code()), (ErrorCode::Refused, 2), "{e}");
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let m = e.message(lang);
        assert!(
            m.starts_with(field) && !m.contains("-err-"),
            "{lang:?}: {m}"
        );
    }
}

#[test]
fn an_incomplete_form_2_is_kept_with_what_it_lacks_and_a_complete_one_runs_its_clocks() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let all = desk_app::desk_commission::application::DOCUMENTS;
    let without_protocol: Vec<Document> = all
        .iter()
        .copied()
        .filter(|d| *d != Document::IntegrationTestProtocol)
        .collect();
    let v = desk
        .commission_add_application(&form2("ЭСА-1", &without_protocol), Lang::Kk)
        .unwrap();
    assert!(!v.complete);
    assert_eq!(v.missing.len(), 1);
    assert_eq!(v.missing[0].code, "integration_test_protocol");
    assert!(
        v.missing[0]
            .text
            .contains("Интеграциялық сынақтардың оң хаттамасы жоқ")
    );
    assert_eq!(v.notes[0].code, "rejected", "003 §22");
    assert!(
        v.clocks.is_empty(),
        "no meeting is owed on a rejected form 2"
    );

    let v = desk
        .commission_add_application(&form2("ЭСА-2", &all), Lang::Ru)
        .unwrap();
    assert!(v.complete);
    // 003 §23: received Monday 02.11.2026 → the meeting by Wednesday 11.11.2026.
    assert_eq!(
        (v.clocks[0].duty.as_str(), v.clocks[0].due.as_str()),
        ("meeting", "11.11.2026")
    );
    let v = desk
        .commission_application_step("ЭСА-2", "meeting", "10.11.2026", "", Lang::Ru)
        .unwrap();
    assert_eq!(v.clocks[0].state, "met");
    let v = desk
        .commission_application_step(
            "ЭСА-2",
            "test_decision",
            "10.11.2026",
            "№ 4 хаттама",
            Lang::Ru,
        )
        .unwrap();
    // 003 §24: the test day by 17.11.2026 (5 WD after the decision).
    let day = v.clocks.iter().find(|c| c.duty == "test_day").unwrap();
    assert_eq!(
        (day.due.as_str(), day.state.as_str()),
        (
            "17.11.2026",
            if chrono::Utc::now().date_naive()
                > chrono::NaiveDate::from_ymd_opt(2026, 11, 17).unwrap()
            {
                "overdue"
            } else {
                "pending"
            }
        )
    );
    assert_eq!(v.steps.len(), 2);

    // The list, latest first.
    let list = desk.commission_applications(Lang::En).unwrap();
    let numbers: Vec<&str> = list.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers, ["ЭСА-2", "ЭСА-1"]);

    let e = desk
        .commission_add_application(&form2("ЭСА-2", &all), Lang::En)
        .unwrap_err();
    refused(&e, "number");
    let e = desk
        .commission_application_step("ЭСА-2", "lunch", "10.11.2026", "", Lang::En)
        .unwrap_err();
    refused(&e, "step");
    let e = desk
        .commission_application_step("ЭСА-2", "meeting", "01.11.2026", "", Lang::En)
        .unwrap_err();
    refused(&e, "date");
    let e = desk
        .commission_application_step("ЭСА-9", "meeting", "10.11.2026", "", Lang::En)
        .unwrap_err();
    refused(&e, "number");
    let e = desk
        .commission_add_application(
            &ApplicationForm {
                received: "31.02.2026".into(),
                ..form2("ЭСА-3", &all)
            },
            Lang::En,
        )
        .unwrap_err();
    refused(&e, "received");
    assert_eq!(
        desk.commission_applications(Lang::En).unwrap().len(),
        2,
        "nothing half written"
    );

    let v = desk.verify_journal(None, &mut |_| {}).unwrap();
    assert!(v.intact(), "{:?}", v.problems);
}
