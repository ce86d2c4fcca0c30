#![allow(clippy::unwrap_used)]
//! The daily analysis (002 §43, 000 §33) and the yearly report to the authorised body
//! (002 §44, 000 §34): wording as snapshots of the model, and the Kazakh text and the
//! computed percentages read back from the PDFs with poppler's `pdftotext`.

use desk_docs::journal::Period;
use desk_docs::model::Paragraph;
use desk_docs::report::{
    DailyAnalysis, DailyCounts, DailyLine, SlaLine, YearlyOptions, YearlyStats, YearlyTexts,
    daily_analysis, yearly_report,
};
use desk_i18n::Lang;
use desk_journal::AppealRow;
use desk_journal::workflow::{Criticality, FailureType, Status};
use desk_testkit::assert_snapshot;
use desk_testkit::checkers::pdftotext_layout;
use desk_testkit::rows::{appeal_row, at};

fn row(n: u32, received: &str, org: &str) -> AppealRow {
    AppealRow {
        decision: Some("Сервер қайта іске қосылды".into()),
        failure_type: Some(FailureType::ComputerAttack),
        status: Status::Confirmed,
        criticality: Some(Criticality::Medium),
        operator_fault: Some(true),
        ..appeal_row(n, received, org)
    }
}

fn daily_lines() -> Vec<DailyLine> {
    vec![
        DailyLine {
            number: "AST1-2026-000007".into(),
            organisation: "ТОО «Қазақ Телеком»".into(),
            status: Status::Confirmed,
            criticality: Some(Criticality::High),
            overdue: vec!["post_homepage".into(), "notify_participants".into()],
        },
        DailyLine {
            number: "AST1-2026-000008".into(),
            organisation: "АО «Самұрық-Қазына»".into(),
            status: Status::Registered,
            criticality: None,
            overdue: Vec::new(),
        },
    ]
}

fn stats() -> YearlyStats {
    YearlyStats {
        period: Period::parse("01.01.2026", "31.12.2026").unwrap(),
        by_type: vec![(Some(FailureType::ComputerAttack), 2), (None, 1)],
        by_criticality: vec![(Some(Criticality::Medium), 2), (None, 1)],
        total: 3,
        sla: vec![
            SlaLine {
                id: "analyze".into(),
                met_on_time: 2,
                all: 3,
            },
            SlaLine {
                id: "fix".into(),
                met_on_time: 1,
                all: 1,
            },
        ],
    }
}

fn yearly_options(lang: Lang) -> YearlyOptions {
    YearlyOptions {
        lang,
        title_period: "2026".into(),
        texts: YearlyTexts {
            causes: Some("Компьютерлік шабуылдар".into()),
            ..Default::default()
        },
        responsible: Some("Әлиев Нұрлан Серікұлы".into()),
        produced_at: at("05.01.2027 09:30"),
    }
}

fn journal() -> Vec<AppealRow> {
    vec![
        row(3, "01.01.2027 00:10", "Кезеңнен кейін"),
        row(2, "30.06.2026 12:00", "ТОО «Қазақ Телеком»"),
        row(1, "10.03.2026 10:00", "АО «Самұрық-Қазына»"),
    ]
}

#[test]
fn shares_are_rounded_to_a_tenth_of_a_per_cent() {
    let line = |met, all| SlaLine {
        id: "x".into(),
        met_on_time: met,
        all,
    };
    assert_eq!(line(2, 3).percent(), "66.7");
    assert_eq!(line(1, 3).percent(), "33.3");
    assert_eq!(line(1, 1).percent(), "100.0");
    assert_eq!(line(0, 0).percent(), "0.0");
    assert_eq!(line(1, 8).percent(), "12.5");
}

/// The 25 November analysed: two open failures, one of them confirmed with two duties
/// overdue, and one refuted appeal (002 §43, §32).
fn daily<'a>(lines: &'a [DailyLine], refuted: &'a [String]) -> DailyAnalysis<'a> {
    DailyAnalysis {
        date: "25.11.2026",
        lines,
        refuted,
        counts: DailyCounts {
            received: 2,
            confirmed: 1,
            fixed: 0,
            open: 2,
            overdue: 2,
        },
    }
}

#[test]
fn the_daily_analysis_model_lists_state_criticality_and_overdue_obligations() {
    let (lines, refuted) = (daily_lines(), vec!["AST1-2026-000009".to_owned()]);
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let doc = daily_analysis(
            &daily(&lines, &refuted),
            lang,
            None,
            at("26.11.2026 09:00"),
            Some("42:5f2c0d1e9b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e"),
        );
        assert_eq!(doc.table.rows.len(), 2);
        assert!(doc.title[0].contains("25.11.2026"));
        assert_snapshot!(&format!("report_daily_{lang}.txt"), &doc.to_text());
    }
}

#[test]
fn the_yearly_report_model_has_counts_sla_chart_sections_extract_and_signature() {
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let doc = yearly_report(&stats(), &journal(), &yearly_options(lang));
        // Only the period's two appeals in the extract, oldest first.
        assert_eq!(doc.table.rows.len(), 2);
        assert!(doc.table.rows[0][0].ends_with("AST1-2026-000001"));
        let bars: Vec<u32> = doc
            .body
            .iter()
            .filter_map(|p| match p {
                Paragraph::Bar { tenths, .. } => Some(*tenths),
                _ => None,
            })
            .collect();
        assert_eq!(bars, vec![667, 1000]);
        assert_eq!(doc.signatures.len(), 1);
        assert_snapshot!(&format!("report_yearly_{lang}.txt"), &doc.to_text());
    }
}

#[test]
fn the_pdfs_carry_kazakh_text_and_the_computed_percentages() {
    let dir = tempfile::tempdir().unwrap();
    let yearly = dir.path().join("yearly.pdf");
    let doc = yearly_report(&stats(), &journal(), &yearly_options(Lang::Kk));
    std::fs::write(&yearly, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    let text = pdftotext_layout(&yearly);
    for needle in [
        "уәкілетті органға есеп",
        "Іркілістер түрлері бойынша",
        "Компьютерлік шабуылдар",
        "66.7%",
        "100.0%",
        "көрсетілмеген",
        "Әлиев Нұрлан Серікұлы",
        "AST1-2026-000002",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert!(!text.contains("AST1-2026-000003"), "{text}");

    let daily_pdf = dir.path().join("daily.pdf");
    let (lines, refuted) = (daily_lines(), vec!["AST1-2026-000009".to_owned()]);
    let doc = daily_analysis(
        &daily(&lines, &refuted),
        Lang::Kk,
        None,
        at("26.11.2026 09:00"),
        None,
    );
    std::fs::write(&daily_pdf, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    let text = pdftotext_layout(&daily_pdf);
    for needle in [
        "күнделікті талдау",
        "25.11.2026",
        "Қазақ Телеком",
        "Жоғары",
        "Астана уақытымен 24:00",
        "іркіліс ретінде саналмайды",
        "AST1-2026-000009",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
}
