//! A platform's application (003 ch. 5–8): what form 1 and form 2 must contain and the
//! clocks that run on them, one test per clause with the days worked out by hand
//! (November 2026: Mondays are the 2nd, 9th, 16th, 23rd and 30th; no holidays).

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use desk_commission::application::{
    Application, CaseClock, Document, Fields, Form, InfosecProtocol, State, Steps, clocks, missing,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d.%m.%Y").unwrap()
}

fn fields() -> Fields {
    Fields {
        owner: "«Ақ Жол» ЖШС".into(),
        bin_iin: "971240001315".into(),
        address: "Астана, Мәңгілік Ел 8".into(),
        platform: "AqJol Market".into(),
        licence: "АС-0042".into(),
        location: "Астана".into(),
        resource: "https://aqjol.kz".into(),
        declaration: true,
    }
}

/// A complete form 2 received on Monday 02.11.2026.
fn production() -> Application {
    Application {
        form: Form::Production,
        received: d("02.11.2026"),
        fields: fields(),
        documents: vec![
            Document::TechnicalSpecification,
            Document::NonDisclosureAgreement,
            Document::FunctionalCompliance,
            Document::ComplianceEvidence,
            Document::IntegrationTestProtocol,
            Document::CopyrightDocument,
            Document::Tariffs,
        ],
        infosec_protocol: Some(InfosecProtocol {
            date: d("15.09.2026"),
            positive: true,
        }),
        steps: Steps::default(),
    }
}

fn duty<'a>(clocks: &'a [CaseClock], name: &str) -> &'a CaseClock {
    clocks.iter().find(|c| c.duty == name).unwrap()
}

#[test]
fn s22_a_form_2_without_the_s30_package_or_the_app_3_evidence_is_rejected_listing_each_item() {
    let mut app = production();
    app.documents.retain(|x| {
        !matches!(
            x,
            Document::NonDisclosureAgreement | Document::IntegrationTestProtocol
        )
    });
    app.infosec_protocol = Some(InfosecProtocol {
        date: d("30.06.2024"),
        positive: true,
    });
    app.fields.bin_iin = "97124000131".into();
    let m = missing(&app);
    let items: Vec<(&str, &str)> = m.iter().map(|m| (m.item, m.clause)).collect();
    assert_eq!(
        items,
        [
            ("bin_iin", "003 App. 2"),
            ("non_disclosure_agreement", "003 §22.1, §30.2"),
            ("integration_test_protocol", "003 App. 2 item 6"),
            // App. 3 tech. 3: results "no earlier than 01.07.2024".
            ("infosec_protocol_too_old", "003 §22.2, App. 3 tech. 3"),
        ]
    );
    // Rejected before the Commission: no meeting is owed on it (§23 runs on a compliant one).
    let (c, notes) = clocks(&app, d("05.11.2026"));
    assert!(c.is_empty());
    assert_eq!(notes[0].code, "rejected");
    assert_eq!(notes[0].clause, "003 §22");
}

#[test]
fn app_3_tech_3_a_negative_infosec_protocol_or_none_is_missing_evidence() {
    let mut app = production();
    app.infosec_protocol = Some(InfosecProtocol {
        date: d("01.07.2024"),
        positive: false,
    });
    assert_eq!(missing(&app)[0].item, "infosec_protocol_negative");
    app.infosec_protocol = None;
    assert_eq!(missing(&app)[0].item, "infosec_protocol");
    // Dated exactly 01.07.2024 and positive: accepted.
    app.infosec_protocol = Some(InfosecProtocol {
        date: d("01.07.2024"),
        positive: true,
    });
    assert!(missing(&app).is_empty());
}

#[test]
fn s19_s30_form_1_needs_the_app_1_fields_and_the_s30_package() {
    let app = Application {
        form: Form::Test,
        received: d("30.10.2026"),
        fields: Fields {
            resource: String::new(),
            ..fields()
        },
        documents: vec![
            Document::TechnicalSpecification,
            Document::FunctionalCompliance,
        ],
        infosec_protocol: None,
        steps: Steps::default(),
    };
    let items: Vec<(&str, &str)> = missing(&app).iter().map(|m| (m.item, m.clause)).collect();
    assert_eq!(
        items,
        [
            ("resource", "003 App. 1"),
            ("non_disclosure_agreement", "003 §30.2")
        ]
    );
}

#[test]
fn s20_s21_form_1_is_reviewed_in_10_cd_then_form_2_is_due_90_cd_after_the_access() {
    let mut app = Application {
        form: Form::Test,
        received: d("30.10.2026"),
        fields: fields(),
        documents: vec![],
        infosec_protocol: None,
        steps: Steps::default(),
    };
    // Friday 30.10 + 10 CD = Monday 09.11; on the 10th it is overdue.
    let (c, _) = clocks(&app, d("10.11.2026"));
    let review = duty(&c, "test_access");
    assert_eq!(
        (review.due, review.state),
        (d("09.11.2026"), State::Overdue)
    );
    app.steps.access_granted = Some(d("05.11.2026"));
    let (c, _) = clocks(&app, d("10.11.2026"));
    assert_eq!(duty(&c, "test_access").state, State::Met);
    // 05.11.2026 + 90 CD = 03.02.2027.
    let form2 = duty(&c, "production_application");
    assert_eq!((form2.due, form2.state), (d("03.02.2027"), State::Pending));
}

#[test]
fn s23_the_meeting_on_form_2_within_7_wd_of_receipt() {
    // Monday 02.11: 3, 4, 5, 6, 9, 10, 11 → Wednesday 11.11.
    let mut app = production();
    let (c, _) = clocks(&app, d("11.11.2026"));
    let m = duty(&c, "meeting");
    assert_eq!((m.due, m.state), (d("11.11.2026"), State::Pending));
    app.steps.meeting = Some(d("12.11.2026"));
    assert_eq!(
        duty(&clocks(&app, d("12.11.2026")).0, "meeting").state,
        State::Late
    );
}

#[test]
fn s24_the_test_date_is_set_within_10_cd_of_the_application_and_held_within_5_wd_of_the_decision() {
    let mut app = production();
    let (c, notes) = clocks(&app, d("05.11.2026"));
    // Received Monday 02.11: the date set by 12.11 (10 CD); the meeting's 7 WD end on
    // 11.11, inside them, so nothing to tell.
    let set = duty(&c, "test_date_set");
    assert_eq!((set.due, set.state), (d("12.11.2026"), State::Pending));
    assert!(notes.is_empty(), "{notes:?}");
    app.steps.meeting = Some(d("13.11.2026"));
    app.steps.test_decision = Some(d("13.11.2026"));
    app.steps.test_day = Some(d("19.11.2026"));
    let (c, _) = clocks(&app, d("19.11.2026"));
    assert_eq!(duty(&c, "test_date_set").state, State::Late);
    // Friday 13.11 + 5 WD: 16, 17, 18, 19, 20 → Friday 20.11; the tests on the 19th are in time.
    let day = duty(&c, "test_day");
    assert_eq!((day.due, day.state), (d("20.11.2026"), State::Met));
}

#[test]
fn s23_s24_when_the_meetings_7_wd_reach_past_the_10_cd_the_answer_says_so() {
    // Received Thursday 17.12.2026 (16.12 is Independence Day): 7 WD are 18, 21, 22, 23,
    // 24, 25, 28 → Monday 28.12, past 17.12 + 10 CD = 27.12.
    let mut app = production();
    app.received = d("17.12.2026");
    let (c, notes) = clocks(&app, d("17.12.2026"));
    assert_eq!(duty(&c, "meeting").due, d("28.12.2026"));
    assert_eq!(duty(&c, "test_date_set").due, d("27.12.2026"));
    assert_eq!(notes[0].code, "meeting_after_test_limit");
}

#[test]
fn s24_tests_are_held_on_a_working_day() {
    let mut app = production();
    app.steps.test_decision = Some(d("10.11.2026"));
    app.steps.test_day = Some(d("14.11.2026"));
    let (_, notes) = clocks(&app, d("14.11.2026"));
    assert_eq!(notes[0].code, "test_day_not_working");
}

#[test]
fn s24_after_deficiencies_the_applicant_may_refile_within_30_cd_of_the_protocol() {
    let mut app = production();
    app.steps.deficiencies_protocol_signed = Some(d("11.11.2026"));
    let right = |app: &Application, on: &str| duty(&clocks(app, d(on)).0, "refiling").clone();
    let r = right(&app, "11.12.2026");
    assert_eq!((r.due, r.state), (d("11.12.2026"), State::Open));
    assert_eq!(right(&app, "12.12.2026").state, State::Lapsed);
    app.steps.refiled = Some(d("01.12.2026"));
    assert_eq!(right(&app, "12.12.2026").state, State::Met);
}

#[test]
fn s25_the_test_protocol_is_signed_within_3_wd_of_the_tests() {
    // Thursday 12.11: 13, 16, 17 → Tuesday 17.11.
    let mut app = production();
    app.steps.tested = Some(d("12.11.2026"));
    let (c, _) = clocks(&app, d("18.11.2026"));
    let p = duty(&c, "test_protocol");
    assert_eq!((p.due, p.state), (d("17.11.2026"), State::Overdue));
}

#[test]
fn s27_the_platform_is_connected_within_10_cd_of_the_decision() {
    let mut app = production();
    app.steps.connect_decision = Some(d("20.11.2026"));
    app.steps.connected = Some(d("01.12.2026"));
    let (c, _) = clocks(&app, d("01.12.2026"));
    let k = duty(&c, "connection");
    assert_eq!((k.due, k.state), (d("30.11.2026"), State::Late));
}

/// Every line the answer can carry reads as words in each language, never as its id.
#[test]
fn every_missing_item_duty_and_note_has_its_words_in_kazakh_russian_and_english() {
    use desk_commission::application::{duty_label, missing_label, note_label};
    use desk_i18n::Lang;
    let mut lines = Vec::new();
    for form in [Form::Test, Form::Production] {
        let empty = Application {
            form,
            received: d("17.12.2026"),
            fields: Fields::default(),
            documents: vec![],
            infosec_protocol: None,
            steps: Steps::default(),
        };
        lines.extend(
            missing(&empty)
                .into_iter()
                .map(|m| (m.item, Kind::Missing(m))),
        );
    }
    for (date, positive) in [("01.01.2024", true), ("01.01.2025", false)] {
        let mut app = production();
        app.infosec_protocol = Some(InfosecProtocol {
            date: d(date),
            positive,
        });
        lines.extend(
            missing(&app)
                .into_iter()
                .map(|m| (m.item, Kind::Missing(m))),
        );
    }
    let mut app = production();
    app.received = d("17.12.2026");
    let day = Some(d("19.12.2026"));
    app.steps = Steps {
        access_granted: day,
        production_filed: day,
        meeting: day,
        test_decision: day,
        test_day: day,
        tested: day,
        test_protocol_signed: day,
        deficiencies_protocol_signed: day,
        refiled: day,
        connect_decision: day,
        connected: day,
    };
    let (c, notes) = clocks(&app, d("19.12.2026"));
    assert_eq!(c.len(), 6, "{c:?}");
    assert_eq!(notes.len(), 2, "{notes:?}");
    lines.extend(c.into_iter().map(|c| (c.duty, Kind::Duty(c))));
    lines.extend(notes.into_iter().map(|n| (n.code, Kind::Note(n))));
    let mut form1 = app.clone();
    form1.form = Form::Test;
    lines.extend(
        clocks(&form1, d("19.12.2026"))
            .0
            .into_iter()
            .map(|c| (c.duty, Kind::Duty(c))),
    );
    let mut rejected = production();
    rejected.documents.clear();
    lines.extend(
        clocks(&rejected, d("19.12.2026"))
            .1
            .into_iter()
            .map(|n| (n.code, Kind::Note(n))),
    );
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        for (code, line) in &lines {
            let text = match line {
                Kind::Missing(m) => missing_label(m, lang),
                Kind::Duty(c) => duty_label(c, lang),
                Kind::Note(n) => note_label(n, lang),
            };
            assert!(
                !text.starts_with("application-") && text.contains("003"),
                "{lang:?} {code}: {text}"
            );
        }
    }
}

enum Kind {
    Missing(desk_commission::application::Missing),
    Duty(CaseClock),
    Note(desk_commission::application::Note),
}
