#![allow(clippy::unwrap_used)]
//! Issue 11 item 2 from a terminal: the chain head printed on an extract and a daily
//! analysis, `desk journal verify --head` against it before and after a truncation, a
//! head that is not one, and a damaged file refused at start with a translated message.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::checkers;
use desk_testkit::desk::expect_ok as ok;
use desk_testkit::rows::add_args;

fn desk(dir: &Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user("boss")
        .env("DESK_PASSWORD", "boss-secret")
        .lang("ru")
        .run(args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn journal(dir: &Path) {
    ok(desk(dir, &["setup", "--workstation", "AST1"]));
    for org in ["ТОО «Сапа»", "АО «Береке»", "ИП Жанар"] {
        let args = add_args(org, "buyer@example.kz", "Портал недоступен");
        ok(desk(dir, &args));
    }
}

/// The `SEQ:HASH` printed after the label in a PDF's text.
fn printed_head(pdf: &Path) -> String {
    let words = checkers::pdftotext(pdf);
    let label = "Вершина цепочки аудита:";
    let at = words
        .find(label)
        .unwrap_or_else(|| panic!("no head in:\n{words}"));
    words[at + label.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdftotext, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn the_head_printed_on_an_extract_and_a_daily_analysis_catches_a_truncated_journal() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal(d);
    let today = chrono::Utc::now()
        .with_timezone(&desk_app_time_zone())
        .format("%d.%m.%Y")
        .to_string();
    let extract = d.join("extract.pdf");
    ok(desk(
        d,
        &[
            "extract",
            "--from",
            &today,
            "--to",
            &today,
            "--out",
            extract.to_str().unwrap(),
        ],
    ));
    let daily = d.join("daily.pdf");
    ok(desk(
        d,
        &[
            "report",
            "daily",
            "--date",
            &today,
            "--pdf",
            daily.to_str().unwrap(),
        ],
    ));
    let head = printed_head(&extract);
    assert_eq!(printed_head(&daily), head, "nothing was written in between");
    let (seq, hash) = head.split_once(':').unwrap();
    assert_eq!(hash.len(), 64, "{head}");

    let intact = ok(desk(d, &["journal", "verify", "--head", &head]));
    assert!(intact.starts_with("Цепочка аудита цела"), "{intact}");
    assert!(
        intact.contains(&format!("Вершина цепочки: {head}")),
        "{intact}"
    );

    // The journal grows: the printed head is still in it.
    ok(desk(d, &add_args("ТОО «Новое»", "new@example.kz", "Сбой")));
    ok(desk(d, &["journal", "verify", "--head", &head]));

    // Everything from the printed head on removed, rows and outbox rows included (issue
    // 15: with the outbox left, verify names the missing entries): a consistent journal
    // that only the printed head shows to be shorter.
    {
        let c = rusqlite::Connection::open(d.join("journal.sqlite3")).unwrap();
        c.execute_batch(&format!(
            "DROP TRIGGER audit_no_delete; DROP TRIGGER appeals_no_delete;
             DROP TRIGGER appeal_versions_no_delete; DROP TRIGGER appeal_events_no_delete;
             DROP TRIGGER outbox_no_delete;
             DELETE FROM outbox WHERE op_id IN (SELECT id FROM audit WHERE seq >= {seq});
             CREATE TEMP TABLE gone AS SELECT entity_id FROM audit WHERE seq >= {seq};
             DELETE FROM appeal_search WHERE rowid IN
                (SELECT n FROM appeal_heads WHERE appeal_id IN gone);
             DELETE FROM appeal_heads WHERE appeal_id IN gone;
             DELETE FROM appeal_events WHERE appeal_id IN gone;
             DELETE FROM appeal_versions WHERE appeal_id IN gone;
             DELETE FROM appeals WHERE id IN gone;
             DELETE FROM audit WHERE seq >= {seq};"
        ))
        .unwrap();
    }
    ok(desk(d, &["journal", "verify"]));
    let truncated = desk(d, &["journal", "verify", "--head", &head]);
    assert_eq!(truncated.status.code(), Some(1), "{}", stderr(&truncated));
    let message = stderr(&truncated);
    assert!(
        message.starts_with("desk: вершины цепочки") && message.contains(&head),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    let report = String::from_utf8_lossy(&truncated.stdout);
    assert!(
        report.starts_with("Журнал не соответствует цепочке аудита"),
        "{report}"
    );
}

#[test]
fn a_head_that_is_not_one_is_the_users_to_fix() {
    let data = tempfile::tempdir().unwrap();
    journal(data.path());
    for bad in ["12", "x:y", "-3:abc", "5:0123"] {
        let o = desk(data.path(), &["journal", "verify", "--head", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("не вершина цепочки"),
            "{bad}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_damaged_journal_file_is_refused_at_start_with_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal(d);
    for i in 0..150 {
        let org = format!("ТОО «Организация номер {i} с длинным названием»");
        ok(desk(
            d,
            &add_args(&org, "buyer@example.kz", "Портал недоступен"),
        ));
    }
    let path = d.join("journal.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 30 * page, "{} bytes", bytes.len());
    let end = (bytes.len() / page - 4) * page;
    for b in &mut bytes[10 * page..end] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    // A command meets the damaged pages and says what they mean.
    let o = desk(d, &["journal", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("desk: Файл журнала")
            && stderr(&o).contains("повреждён")
            && stderr(&o).contains("резервную копию"),
        "{}",
        stderr(&o)
    );
    // The check says so too: refused at open when the schema's pages are hit, else a
    // finding of its own.
    let o = desk(d, &["journal", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = stderr(&o);
    assert!(
        m.starts_with("desk: Файл журнала") || m.starts_with("desk: файл базы данных повреждён"),
        "{m}"
    );
    assert!(m.contains("повреждён") && !m.contains("err-"), "{m}");
}

/// Astana time as the journal shows it (UTC+5 since 01.03.2024).
fn desk_app_time_zone() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(5 * 3600).unwrap()
}
