#![allow(clippy::unwrap_used)]
//! The Journal extract as a supervisor gets it: wording and columns (snapshot of the
//! model), Kazakh text that survives into the PDF (read back with poppler's `pdftotext`,
//! which we did not write), pages for a long period, and the spreadsheet exports.

use desk_docs::journal::{ExtractOptions, Period, journal_extract};
use desk_docs::table::{journal_csv, journal_xlsx};
use desk_i18n::Lang;
use desk_journal::AppealRow;
use desk_journal::workflow::{FailureType, RuleSet, Status};
use desk_testkit::assert_snapshot;
use desk_testkit::checkers::{pdf_pages, pdftotext_layout};
use desk_testkit::rows::{appeal_row, at};
use desk_testkit::tools::run;

fn row(n: u32, received: &str, org: &str) -> AppealRow {
    AppealRow {
        contact: "+7 701 000 00 00, support@example.kz".into(),
        decision: Some("Сбой подтверждён, срок подачи заявок продлён на 1 рабочий день".into()),
        failure_type: Some(FailureType::ComputerAttack),
        recommendations: Some("Жүктемені бақылауды күшейту".into()),
        status: Status::Confirmed,
        ..appeal_row(n, received, org)
    }
}

fn sample() -> Vec<AppealRow> {
    vec![
        // Newest first, as the journal returns them; the extract reorders.
        row(3, "01.12.2026 00:10", "Периодтан кейін"),
        row(2, "30.11.2026 23:59", "ТОО «Қазақ Телеком»"),
        row(1, "01.11.2026 00:00", "АО «Самұрық-Қазына»"),
        row(0, "31.10.2026 23:59", "Периодқа дейін"),
    ]
}

/// An audit chain head as the journal gives it, printed under the title.
const CHAIN_HEAD: &str = "42:5f2c0d1e9b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e";

fn options(lang: Lang) -> ExtractOptions {
    ExtractOptions {
        lang,
        period: Period::parse("01.11.2026", "30.11.2026").unwrap(),
        rules: Some(RuleSet::Quasi1216),
        responsible: Some("Әлиев Нұрлан Серікұлы".into()),
        produced_at: at("02.12.2026 09:30"),
        chain_head: Some(CHAIN_HEAD.into()),
    }
}

#[test]
fn the_extract_model_has_the_official_columns_period_rules_and_signature_block() {
    for lang in [Lang::Kk, Lang::Ru] {
        let doc = journal_extract(&sample(), &options(lang));
        // Only the two appeals inside the Astana-time period, oldest first.
        assert_eq!(doc.table.rows.len(), 2);
        assert!(doc.table.rows[0][0].ends_with("AST1-2026-000001"));
        assert_snapshot!(&format!("journal_extract_{lang}.txt"), &doc.to_text());
    }
    let json =
        serde_json::to_string_pretty(&journal_extract(&sample(), &options(Lang::Ru))).unwrap();
    assert_snapshot!("journal_extract_ru.json", &json);
}

#[test]
fn an_extract_for_one_rule_set_leaves_out_appeals_under_another() {
    let mut rows = sample();
    rows[1].rule_set = RuleSet::Gz627;
    let doc = journal_extract(&rows, &options(Lang::Ru));
    assert_eq!(doc.table.rows.len(), 1);
    assert!(doc.table.rows[0][0].ends_with("AST1-2026-000001"));
    let all = journal_extract(
        &rows,
        &ExtractOptions {
            rules: None,
            ..options(Lang::Ru)
        },
    );
    assert_eq!(all.table.rows.len(), 2);
    // Without a chosen rule set the title names every rule set present.
    assert!(
        all.subtitle[1].contains("№ 1216") && all.subtitle[1].contains("№ 627"),
        "{}",
        all.subtitle[1]
    );
}

#[test]
fn gz_692_extract_says_its_own_form_is_not_part_of_the_material() {
    // 001 amends Order No. 692's clause 7 only; the journal form of 692 is not in the
    // material, so the extract says whose columns it uses instead of passing them off.
    let mut rows = sample();
    rows[1].rule_set = RuleSet::Gz692;
    rows[1].received_at = at("15.11.2024 10:00");
    let opts = ExtractOptions {
        rules: Some(RuleSet::Gz692),
        period: Period::parse("01.11.2024", "30.11.2024").unwrap(),
        ..options(Lang::Ru)
    };
    let doc = journal_extract(&rows, &opts);
    assert_eq!(doc.table.rows.len(), 1);
    let text = doc.to_text();
    assert!(
        text.contains("Форма журнала по Приказу № 692 не входит в материалы"),
        "{text}"
    );
    assert!(text.contains("№ 1216 (приложение)"), "{text}");
    let kk = journal_extract(
        &rows,
        &ExtractOptions {
            lang: Lang::Kk,
            ..opts
        },
    )
    .to_text();
    assert!(kk.contains("№ 692 бұйрық бойынша журнал нысаны"), "{kk}");
    // The other rule sets' extracts carry no such note.
    let quasi = journal_extract(&sample(), &options(Lang::Ru)).to_text();
    assert!(!quasi.contains("№ 692"), "{quasi}");
}

#[test]
fn kazakh_text_is_extractable_from_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("extract-kk.pdf");
    let doc = journal_extract(&sample(), &options(Lang::Kk));
    std::fs::write(&pdf, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    if let Some(keep) = std::env::var_os("DESK_KEEP_PDF") {
        std::fs::copy(&pdf, keep).unwrap();
    }
    let text = pdftotext_layout(&pdf);
    for words in [
        "ұйымның",
        "Қабылданған шешім",
        "ТОО «Қазақ Телеком»",
        "АО «Самұрық-Қазына»",
        "Техникалық әкімшілендіру бөлімінің жауапты тұлғасы",
        "Әлиев Нұрлан Серікұлы",
        "Кезеңге үзінді көшірме: 01.11.2026 – 30.11.2026",
        "№ 1216",
        "Бет 1 / 1",
    ] {
        assert!(text.contains(words), "`{words}` not found in:\n{text}");
    }
    assert!(!text.contains("Периодқа дейін") && !text.contains("Периодтан кейін"));
    assert_eq!(pdf_pages(&pdf), 1);
}

#[test]
fn a_long_period_runs_over_many_pages_with_the_header_and_page_numbers_on_each() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("extract-ru.pdf");
    let rows: Vec<AppealRow> = (1..=600)
        .map(|n| {
            row(
                n,
                "15.11.2026 10:00",
                "ТОО «Ұлттық ақпараттық технологиялар»",
            )
        })
        .collect();
    let doc = journal_extract(&rows, &options(Lang::Ru));
    std::fs::write(&pdf, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    let n = pdf_pages(&pdf);
    assert!((15..=60).contains(&n), "{n} pages for 600 rows");
    let text = pdftotext_layout(&pdf);
    let per_page: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(per_page.len(), n);
    for (i, page) in per_page.iter().enumerate() {
        assert!(
            page.contains("Принятое решение"),
            "no header on page {}",
            i + 1
        );
        assert!(
            page.contains(&format!("Страница {} из {n}", i + 1)),
            "page {}",
            i + 1
        );
    }
    // Every appeal is printed exactly once, across all the pages.
    assert_eq!(text.matches("AST1-2026-").count(), 600);
    assert!(per_page[n - 1].contains("Всего обращений за период: 600"));
}

#[test]
fn a_cell_taller_than_a_page_continues_on_the_next_page() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("long.pdf");
    let mut r = row(1, "15.11.2026 10:00", "ТОО «Сапа»");
    r.decision = Some(
        (1..=400)
            .map(|i| format!("сөз{i}"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let doc = journal_extract(&[r], &options(Lang::Kk));
    std::fs::write(&pdf, desk_docs::pdf::render(&doc).unwrap()).unwrap();
    assert!(pdf_pages(&pdf) >= 2);
    let text = pdftotext_layout(&pdf);
    assert!(text.contains("сөз1 ") && text.contains("сөз400"), "{text}");
}

#[test]
fn csv_and_xlsx_carry_the_same_rows_for_spreadsheets() {
    let period = options(Lang::Kk).period;
    let csv = journal_csv(&sample(), &period, None, Lang::Kk).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the BOM for Cyrillic"
    );
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "Р/с №");
    assert_eq!(header[1], "Инцидент №");
    assert_eq!(header[2], "Жүгінген ұйымның атауы");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "AST1-2026-000001");
    assert_eq!(&rows[1][2], "ТОО «Қазақ Телеком»");
    assert_eq!(&rows[1][4], "30.11.2026 23:59");

    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("extract.xlsx");
    std::fs::write(
        &xlsx,
        journal_xlsx(&sample(), &period, None, Lang::Kk).unwrap(),
    )
    .unwrap();
    let out = run(
        dir.path(),
        "unzip",
        &["-p", xlsx.to_str().unwrap(), "xl/sharedStrings.xml"],
    );
    let strings = String::from_utf8_lossy(&out.stdout);
    for s in [
        "ұйымның",
        "Қабылданған шешім",
        "ТОО «Қазақ Телеком»",
        "AST1-2026-000002",
    ] {
        assert!(strings.contains(s), "{s} not in the workbook");
    }
}
