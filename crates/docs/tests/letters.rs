#![allow(clippy::unwrap_used)]
//! Letters about an appeal (002 §32, §36.10, §37.13) and the Commission protocol (003
//! §5, §10, §13, §14, §16): wording as snapshots of the model, refusals of letters that
//! would contradict the journal and of meetings that break the rules, and Kazakh text
//! read back from the PDFs with poppler's `pdftotext`.

use desk_docs::DocError;
use desk_docs::letter::{LetterEvent, LetterKind, LetterOptions, LetterTexts, letter};
use desk_docs::protocol::{Outcome, Side, parse_meeting, protocol, tally};
use desk_i18n::Lang;
use desk_journal::AppealRow;
use desk_journal::workflow::{Criticality, EventKind, FailureType, RuleSet, Status};
use desk_testkit::assert_snapshot;
use desk_testkit::checkers::pdftotext_layout;
use desk_testkit::rows::{appeal_row, at};

fn appeal() -> AppealRow {
    AppealRow {
        decision: Some("Баға ұсыныстарын қабылдау модулі қолжетімсіз болды".into()),
        failure_type: Some(FailureType::OperatorPhysicalDamage),
        recommendations: Some("Сақтық серверін қосу".into()),
        detected_at: Some(at("25.11.2026 09:50")),
        portal_module: "Баға ұсыныстарын сұрату".into(),
        announcements: "12345-1".into(),
        lots: "1, 2".into(),
        status: Status::Fixed,
        criticality: Some(Criticality::High),
        operator_fault: Some(true),
        ..appeal_row(42, "25.11.2026 10:05", "ТОО «Қазақ Телеком»")
    }
}

fn events(kinds: &[(EventKind, &str)]) -> Vec<LetterEvent> {
    kinds
        .iter()
        .map(|(kind, t)| LetterEvent {
            kind: *kind,
            at: at(t),
        })
        .collect()
}

fn confirmed_events() -> Vec<LetterEvent> {
    events(&[
        (EventKind::Fixed, "25.11.2026 14:40"),
        (EventKind::Registered, "25.11.2026 10:05"),
        (EventKind::Confirmed, "25.11.2026 10:20"),
    ])
}

fn options(lang: Lang, kind: LetterKind) -> LetterOptions {
    LetterOptions {
        lang,
        kind,
        texts: LetterTexts {
            measures: Some("Сервер ауыстырылды, деректер қалпына келтірілді".into()),
            extension: Some(
                "Баға ұсыныстарын қабылдау мерзімі 4 сағат 20 минутқа ұзартылды".into(),
            ),
            ..LetterTexts::default()
        },
        signatory: Some("Әлиев Нұрлан Серікұлы".into()),
        produced_at: at("26.11.2026 09:30"),
    }
}

#[test]
fn the_report_to_the_authority_states_cause_measures_result_extension_and_proposals() {
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let doc = letter(
            &appeal(),
            &confirmed_events(),
            &options(lang, LetterKind::AuthorityReport),
        )
        .unwrap();
        // The chronology is in time order whatever order the events came in.
        assert_eq!(doc.table.rows.len(), 3);
        assert_eq!(doc.table.rows[0][0], "25.11.2026 10:05");
        assert_snapshot!(&format!("letter_report_{lang}.txt"), &doc.to_text());
    }
    let text = letter(
        &appeal(),
        &confirmed_events(),
        &options(Lang::Ru, LetterKind::AuthorityReport),
    )
    .unwrap()
    .to_text();
    // High criticality under QUASI-1216: 002 §37.13.
    assert!(text.contains("подпункт 13) пункта 37"), "{text}");
    assert!(text.contains("устранён 25.11.2026 14:40"), "{text}");
    assert!(text.contains("объявления 12345-1; лоты 1, 2"), "{text}");
    // Proposals default to the journal's recommendations.
    assert!(text.contains("Сақтық серверін қосу"), "{text}");
}

#[test]
fn what_nobody_stated_is_printed_as_not_stated_never_invented() {
    let mut opts = options(Lang::Ru, LetterKind::AuthorityReport);
    opts.texts = LetterTexts::default();
    let mut row = appeal();
    row.criticality = Some(Criticality::Medium);
    let evs = events(&[(EventKind::Confirmed, "25.11.2026 10:20")]);
    let text = letter(&row, &evs, &opts).unwrap().to_text();
    assert!(text.contains("подпункт 10) пункта 36"), "{text}");
    assert!(text.contains("не указано"), "{text}");
    assert!(text.contains("технический сбой не устранён"), "{text}");
}

#[test]
fn the_refutation_carries_the_supporting_information() {
    let mut row = appeal();
    row.status = Status::Refuted;
    row.failure_type = Some(FailureType::UserNetworkOrPower);
    row.decision = Some("Пайдаланушы желісінің ақауы".into());
    row.supporting_info =
        Some("Сервер журналдары: 10:00–10:30 аралығында 1 200 сәтті жүктеу".into());
    let evs = events(&[
        (EventKind::Registered, "25.11.2026 10:05"),
        (EventKind::Refuted, "25.11.2026 10:25"),
    ]);
    for lang in [Lang::Kk, Lang::Ru] {
        let doc = letter(&row, &evs, &options(lang, LetterKind::Refutation)).unwrap();
        assert_snapshot!(&format!("letter_refutation_{lang}.txt"), &doc.to_text());
    }
    let kk = letter(&row, &evs, &options(Lang::Kk, LetterKind::Refutation))
        .unwrap()
        .to_text();
    assert!(kk.contains("1 200 сәтті жүктеу"), "{kk}");
    assert!(kk.contains("Қағидалардың 32-тармағы"), "{kk}");
}

#[test]
fn s35_s24_a_low_failure_gets_no_report_to_the_authority() {
    // 002 §35 and 000 §24 list a low failure's duties: no written report among them
    // (unlike 002 §36.10, §37.13, 000 §25.3, §26.13).
    for (rules, clause) in [(RuleSet::Quasi1216, "002 §35"), (RuleSet::Gz627, "000 §24")] {
        let mut row = appeal();
        row.rule_set = rules;
        row.criticality = Some(Criticality::Low);
        let e = letter(
            &row,
            &confirmed_events(),
            &options(Lang::Ru, LetterKind::AuthorityReport),
        )
        .unwrap_err();
        assert!(matches!(e, DocError::NoReportForLow { .. }), "{e:?}");
        let ru = e.message(Lang::Ru);
        assert!(ru.contains(clause) && ru.contains("«низкий»"), "{ru}");
        assert!(e.message(Lang::Kk).contains("«төмен»"));
    }
}

#[test]
fn gz_627_s21_s25_3_s26_13_letters_cite_the_unified_platform_rules() {
    let mut row = appeal();
    row.rule_set = RuleSet::Gz627;
    let report = |row: &AppealRow, lang| {
        letter(
            row,
            &confirmed_events(),
            &options(lang, LetterKind::AuthorityReport),
        )
        .unwrap()
        .to_text()
    };
    // 000 §26.13: high.
    let high = report(&row, Lang::Ru);
    assert!(high.contains("подпункт 13) пункта 26 Правил"), "{high}");
    assert!(high.contains("№ 627"), "{high}");
    assert!(!high.contains("пункта 37"), "{high}");
    assert!(
        report(&row, Lang::Kk).contains("26-тармағының 13) тармақшасы"),
        "kk"
    );
    // 000 §25.3: medium.
    row.criticality = Some(Criticality::Medium);
    let medium = report(&row, Lang::Ru);
    assert!(medium.contains("подпункт 3) пункта 25 Правил"), "{medium}");
    // 000 §21: the refutation.
    row.status = Status::Refuted;
    let evs = events(&[
        (EventKind::Registered, "25.11.2026 10:05"),
        (EventKind::Refuted, "25.11.2026 10:25"),
    ]);
    let refutation = letter(&row, &evs, &options(Lang::En, LetterKind::Refutation))
        .unwrap()
        .to_text();
    assert!(
        refutation.contains("Basis: clause 21 of the Rules"),
        "{refutation}"
    );
}

#[test]
fn a_letter_that_would_contradict_the_journal_is_refused() {
    let registered = events(&[(EventKind::Registered, "25.11.2026 10:05")]);
    let e = letter(
        &appeal(),
        &registered,
        &options(Lang::Kk, LetterKind::AuthorityReport),
    )
    .unwrap_err();
    assert!(matches!(e, DocError::LetterMismatch { .. }));
    assert!(
        e.message(Lang::Ru).contains("не подтверждён"),
        "{}",
        e.message(Lang::Ru)
    );
    let e = letter(
        &appeal(),
        &confirmed_events(),
        &options(Lang::Kk, LetterKind::Refutation),
    )
    .unwrap_err();
    assert!(e.message(Lang::Kk).contains("теріске шығарылмаған"));
    let e = "complaint".parse::<LetterKind>().unwrap_err();
    assert!(
        e.message(Lang::En)
            .contains("authority-report or refutation")
    );
}

#[test]
fn the_letter_pdf_keeps_kazakh_text() {
    let doc = letter(
        &appeal(),
        &confirmed_events(),
        &options(Lang::Kk, LetterKind::AuthorityReport),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    let text = pdftotext_layout(&path);
    for words in [
        "Техникалық іркіліс туралы уәкілетті органға",
        "Туындау себебі",
        "Сервер ауыстырылды",
        "Әлиев Нұрлан Серікұлы",
    ] {
        assert!(text.contains(words), "{words} missing:\n{text}");
    }
}

const MEETING: &str = r#"{
  "number": "7",
  "date": "26.11.2026",
  "drawn_up": "27.11.2026",
  "place": "Астана, Мәңгілік Ел даңғылы, 8",
  "agenda": ["«Ақ Жол» ЖШС электрондық сауда алаңын сынауға жіберу туралы"],
  "decision": "Сынақты 03.12.2026 өткізу",
  "members": [
    {"name": "Әлиев Нұрлан", "position": "Бірінші басшының орынбасары", "chair": true, "vote": "for"},
    {"name": "Сәрсенова Әйгерім", "vote": "for"},
    {"name": "Жұмабеков Ғалым", "vote": "against", "dissent": "Қауіпсіздік сынағының хаттамасы жоқ"},
    {"name": "Құрманова Үміт", "vote": "for"},
    {"name": "Өтегенов Ілияс", "present": false}
  ]
}"#;

#[test]
fn the_protocol_counts_the_majority_of_all_members_and_signs_every_voter() {
    let input = parse_meeting(MEETING).unwrap();
    let t = tally(&input).unwrap();
    assert_eq!((t.members, t.present, t.votes_for, t.against), (5, 4, 3, 1));
    assert_eq!(t.outcome, Outcome::Adopted);
    for lang in [Lang::Kk, Lang::Ru] {
        let doc = protocol(&input, lang, at("27.11.2026 09:00")).unwrap();
        // The chair and the three others who voted; not the absent member.
        assert_eq!(doc.signatures.len(), 4);
        assert_eq!(doc.signatures[0].name.as_deref(), Some("Әлиев Нұрлан"));
        assert_snapshot!(&format!("protocol_{lang}.txt"), &doc.to_text());
    }
}

fn meeting_with(votes: &[(&str, bool)], chair_votes: &str) -> String {
    let mut members = vec![format!(
        r#"{{"name": "Төраға", "chair": true, "vote": "{chair_votes}"}}"#
    )];
    for (i, (vote, present)) in votes.iter().enumerate() {
        members.push(if *present {
            format!(r#"{{"name": "М{i}", "vote": "{vote}"}}"#)
        } else {
            format!(r#"{{"name": "М{i}", "present": false}}"#)
        });
    }
    format!(
        r#"{{"number": "1", "date": "26.11.2026", "agenda": ["x"], "decision": "y", "members": [{}]}}"#,
        members.join(",")
    )
}

#[test]
fn a_tie_is_decided_by_the_chair_and_too_few_present_is_no_quorum() {
    // 5 members, 4 present, 2–2: the chair's vote decides (003 §13).
    let tie = meeting_with(
        &[
            ("for", true),
            ("against", true),
            ("against", true),
            ("", false),
        ],
        "for",
    );
    let t = tally(&parse_meeting(&tie).unwrap()).unwrap();
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::Adopted, Some(Side::For))
    );
    let tie_against = meeting_with(
        &[("for", true), ("for", true), ("against", true), ("", false)],
        "against",
    );
    let t = tally(&parse_meeting(&tie_against).unwrap()).unwrap();
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::NotAdopted, Some(Side::Against))
    );
    // 2 for of 5 with an abstention: not a majority of all members, not a tie.
    let short = meeting_with(
        &[
            ("for", true),
            ("abstain", true),
            ("abstain", true),
            ("", false),
        ],
        "abstain",
    );
    let t = tally(&parse_meeting(&short).unwrap()).unwrap();
    assert_eq!((t.outcome, t.casting_vote), (Outcome::NotAdopted, None));
    // 2 of 5 present: no quorum (003 §10), whatever the votes.
    let few = meeting_with(
        &[("for", true), ("", false), ("", false), ("", false)],
        "for",
    );
    let t = tally(&parse_meeting(&few).unwrap()).unwrap();
    assert_eq!(t.outcome, Outcome::NoQuorum);
    let doc = protocol(
        &parse_meeting(&few).unwrap(),
        Lang::Ru,
        at("26.11.2026 18:00"),
    )
    .unwrap();
    assert!(doc.to_text().contains("Кворума нет"));
}

#[test]
fn a_tie_the_chair_decides_still_needs_a_majority_of_all_members() {
    // 003 §13, as docs/contracts/commission.md reads it: 7 members, 4 present, 2–2 with
    // the chair for is 3 of 7 — not adopted (the old count adopted it on the chair's vote).
    let seven = meeting_with(
        &[
            ("for", true),
            ("against", true),
            ("against", true),
            ("", false),
            ("", false),
            ("", false),
        ],
        "for",
    );
    let t = tally(&parse_meeting(&seven).unwrap()).unwrap();
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::NotAdopted, Some(Side::For))
    );
    let doc = protocol(
        &parse_meeting(&seven).unwrap(),
        Lang::En,
        at("26.11.2026 18:00"),
    )
    .unwrap();
    let text = doc.to_text();
    assert!(text.contains("3 of 7 — not a majority"), "{text}");
}

#[test]
fn in_the_chairs_absence_the_acting_chair_decides_a_tie_and_signs_first() {
    // 003 §8: the acting chair's vote decides in the chair's absence; a recused member is
    // present for the quorum (003 §10) and does not sign (003 §14: only those who voted).
    let json = r#"{"number": "2", "date": "26.11.2026", "agenda": ["x"], "decision": "y",
      "members": [
        {"name": "Төраға", "chair": true, "present": false},
        {"name": "Орынбасар", "acting_chair": true, "vote": "for"},
        {"name": "М1", "vote": "for"},
        {"name": "М2", "vote": "against"},
        {"name": "М3", "vote": "against"}
      ]}"#;
    let input = parse_meeting(json).unwrap();
    let t = tally(&input).unwrap();
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::Adopted, Some(Side::For))
    );
    let doc = protocol(&input, Lang::Ru, at("26.11.2026 18:00")).unwrap();
    assert_eq!(doc.signatures.len(), 4);
    assert_eq!(doc.signatures[0].name.as_deref(), Some("Орынбасар"));
    assert!(doc.signatures[0].role.contains("Исполняющий обязанности"));
    let recused = json.replace(
        r#""name": "М3", "vote": "against""#,
        r#""name": "М3", "vote": "recused""#,
    );
    let input = parse_meeting(&recused).unwrap();
    let t = tally(&input).unwrap();
    // 2 for, 1 against: no tie, and 2 of 5 is not a majority of all (003 §13).
    assert_eq!(
        (t.outcome, t.casting_vote, t.recused, t.present),
        (Outcome::NotAdopted, None, 1, 4)
    );
    let doc = protocol(&input, Lang::Ru, at("26.11.2026 18:00")).unwrap();
    assert_eq!(doc.signatures.len(), 3);
    assert!(doc.to_text().contains("Самоотвод"));
}

#[test]
fn a_meeting_that_breaks_the_rules_is_refused_naming_the_field() {
    let cases: Vec<(String, &str)> = vec![
        // Four members: the Commission is an odd number, at least five (003 §5).
        (
            meeting_with(&[("for", true), ("for", true), ("for", true)], "for"),
            "нечётное",
        ),
        // Present but no vote (003 §17: members must vote).
        (
            MEETING.replace(
                r#"{"name": "Сәрсенова Әйгерім", "vote": "for"}"#,
                r#"{"name": "Сәрсенова Әйгерім"}"#,
            ),
            "Сәрсенова Әйгерім: присутствующий член Комиссии должен проголосовать",
        ),
        // Absent, yet voting.
        (
            MEETING.replace(r#""present": false"#, r#""present": false, "vote": "for""#),
            "Өтегенов Ілияс: отсутствующий",
        ),
        // Drawn up before the meeting; a late one is produced (issue 17 §6, below).
        (MEETING.replace("27.11.2026", "25.11.2026"), "drawn_up"),
        (
            MEETING.replace(r#""date": "26.11.2026""#, r#""date": "31.11.2026""#),
            "31.11.2026",
        ),
        (MEETING.replace(r#""chair": true, "#, ""), "chair"),
        (MEETING.replace(r#""agenda""#, r#""agendas""#), "agendas"),
    ];
    for (json, needle) in cases {
        let e = parse_meeting(&json)
            .and_then(|m| protocol(&m, Lang::Ru, at("27.11.2026 09:00")))
            .unwrap_err();
        let msg = e.message(Lang::Ru);
        assert!(msg.contains(needle), "{needle} not in {msg}");
        assert!(!msg.contains('\n'));
    }
}

#[test]
fn a_protocol_drawn_up_after_two_working_days_is_produced_and_marked_late() {
    // 003 §14: 26.11.2026 → due 30.11.2026; drawn up 02.12.2026 it is marked, not refused.
    let late = parse_meeting(&MEETING.replace("27.11.2026", "02.12.2026")).unwrap();
    let doc = protocol(&late, Lang::Ru, at("02.12.2026 09:00")).unwrap();
    let text = doc.to_text();
    assert!(text.contains("ОФОРМЛЕН С ОПОЗДАНИЕМ"), "{text}");
    assert!(text.contains("30.11.2026"), "{text}");
    let on_time = parse_meeting(MEETING).unwrap();
    let doc = protocol(&on_time, Lang::Ru, at("27.11.2026 09:00")).unwrap();
    assert!(!doc.to_text().contains("ОПОЗДАНИЕМ"));
}

#[test]
fn the_protocol_pdf_keeps_kazakh_text_and_every_signature_line() {
    let doc = protocol(
        &parse_meeting(MEETING).unwrap(),
        Lang::Kk,
        at("27.11.2026 09:00"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    let text = pdftotext_layout(&path);
    for words in [
        "Комиссия отырысының № 7 хаттамасы",
        "Кворум бар",
        "Қауіпсіздік сынағының хаттамасы жоқ",
        "Құрманова Үміт",
        "Комиссия төрағасы",
    ] {
        assert!(text.contains(words), "{words} missing:\n{text}");
    }
}
