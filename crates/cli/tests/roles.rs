#![allow(clippy::unwrap_used)]
//! Roles are checked, not asserted (issue 11 items 3–4): another login than the OS
//! user's needs its password; the first user of a new journal becomes supervisor only
//! with a command that is written; the last supervisor stays; documents and journal-wide
//! settings need a role. A refusal is one line on stderr, exit 1 (a role or a
//! password, `AppError::exit_code`), and writes nothing.

use std::path::Path;
use std::process::Output;

use desk_testkit::DeskCli;
use desk_testkit::desk::expect_ok as ok;
use desk_testkit::rows::add_args;

fn cli(dir: &Path, user: &str, password: &str) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .user(user)
        .env("DESK_PASSWORD", password)
        .lang("en")
}

fn boss(dir: &Path) -> DeskCli {
    cli(dir, "boss", "boss-secret")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn refused(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert_eq!(stderr(o), format!("desk: {message}\n"));
}

/// A journal that a refused or reading command left uncreated has no rows (issue 11 item 5).
fn audit_rows(dir: &Path) -> i64 {
    if !dir.join("journal.sqlite3").exists() {
        return 0;
    }
    let c = rusqlite::Connection::open(dir.join("journal.sqlite3")).unwrap();
    c.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

/// A journal with boss (supervisor), aliya (operator) and nurlan (specialist), each with
/// a password, and one appeal.
fn journal(dir: &Path) -> String {
    ok(boss(dir).run(&["setup", "--workstation", "AST1"]));
    for (login, role) in [("aliya", "operator"), ("nurlan", "specialist")] {
        ok(boss(dir).run(&["users", "set", login, role]));
        ok(boss(dir)
            .env("DESK_NEW_PASSWORD", &format!("{login}-secret"))
            .run(&["users", "set-password", login]));
    }
    boss(dir).add(&add_args(
        "ТОО «Сапа»",
        "buyer@example.kz",
        "Портал недоступен",
    ))
}

#[test]
fn another_login_needs_its_password() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal(d);
    let before = audit_rows(d);
    refused(
        &cli(d, "aliya", "wrong").run(&["journal", "list"]),
        "Password: wrong password for login “aliya”",
    );
    refused(
        &cli(d, "boss", "aliya-secret").run(&["users", "set", "aliya", "supervisor"]),
        "Password: wrong password for login “boss”",
    );
    refused(
        &cli(d, "dana", "anything").run(&["journal", "list"]),
        "Password: login “dana” has no password on this workstation; a supervisor sets one with: desk users set-password dana",
    );
    // No DESK_PASSWORD and no terminal to ask on: refused, not waiting for input.
    let o = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(d)
        .user("aliya")
        .lang("en")
        .run(&["journal", "list"]);
    refused(
        &o,
        "Password: acting as “aliya” needs its password (type it when asked, or give DESK_PASSWORD)",
    );
    // DESK_USER is a login to act as, like --user: it needs the password too.
    let o = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(d)
        .env("DESK_USER", "boss")
        .env("DESK_PASSWORD", "wrong")
        .lang("en")
        .run(&["users", "set", "aliya", "supervisor"]);
    refused(&o, "Password: wrong password for login “boss”");
    assert_eq!(audit_rows(d), before, "a refused sign-in writes nothing");
    assert!(ok(cli(d, "aliya", "aliya-secret").run(&["journal", "list"])).contains("ТОО «Сапа»"));
    // The OS login is who the OS says, and needs no password.
    let o = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(d)
        .lang("en")
        .run(&["journal", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn only_a_supervisor_sets_passwords_and_the_hash_is_not_in_the_audit() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    journal(d);
    refused(
        &cli(d, "nurlan", "nurlan-secret")
            .env("DESK_NEW_PASSWORD", "mine")
            .run(&["users", "set-password", "aliya"]),
        "The role “Specialist” may not manage users",
    );
    let o = boss(d)
        .env("DESK_NEW_PASSWORD", "x")
        .run(&["users", "set-password", "ghost"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("desk: Login: “ghost” has no role"),
        "{}",
        stderr(&o)
    );
    let c = rusqlite::Connection::open(d.join("journal.sqlite3")).unwrap();
    let changes: Vec<String> = c
        .prepare("SELECT changes FROM audit WHERE action = 'set_password' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // boss chose a password on first use; aliya's and nurlan's were set by boss.
    assert_eq!(changes, vec![r#"{"password":"set"}"#; 3]);
    let phc: String = c
        .query_row(
            "SELECT phc FROM user_passwords WHERE login = 'aliya'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
    ok(boss(d).run(&["journal", "verify"]));
}

#[test]
fn the_first_user_supervises_only_through_a_written_command_and_the_last_stays() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    // A refused first command (no workstation code yet; a bad value) writes nothing:
    // no supervisor, no password.
    let o = boss(d).run(&add_args("ТОО «Сапа»", "buyer@example.kz", "Сбой"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = boss(d).run(&["setup", "--workstation", "bad code!"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(audit_rows(d), 0);
    // Another login may still be the first.
    ok(cli(d, "dana", "dana-secret").run(&["setup", "--workstation", "AST1"]));
    assert_eq!(
        ok(cli(d, "dana", "dana-secret").run(&["users", "list"])),
        "dana\tSupervisor\n"
    );
    refused(
        &boss(d).run(&["users", "list"]),
        "Password: login “boss” has no password on this workstation; a supervisor sets one with: desk users set-password boss",
    );
    let dana = || cli(d, "dana", "dana-secret");
    let before = audit_rows(d);
    refused(
        &dana().run(&["users", "set", "dana", "operator"]),
        "Role: “dana” is the journal's last supervisor; give the supervisor role to another login first",
    );
    assert_eq!(audit_rows(d), before);
    ok(dana().run(&["users", "set", "boss", "supervisor"]));
    ok(dana().run(&["users", "set", "dana", "specialist"]));
}

#[test]
fn documents_and_journal_wide_settings_need_their_roles() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let number = journal(d);
    let aliya = || cli(d, "aliya", "aliya-secret");
    let nurlan = || cli(d, "nurlan", "nurlan-secret");
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).unwrap())
        .format("%d.%m.%Y")
        .to_string();
    let out = d.join("out.pdf");
    let out = out.to_str().unwrap();
    let documents = "The role “Operator” may not produce extracts, reports and letters";
    let extract = ["extract", "--from", &today, "--to", &today, "--out", out];
    refused(&aliya().run(&extract), documents);
    let daily = ["report", "daily", "--date", &today, "--pdf", out];
    refused(&aliya().run(&daily), documents);
    let yearly = ["report", "yearly", "--year", "2026", "--out", out];
    refused(&aliya().run(&yearly), documents);
    let letter = [
        "letter",
        &number,
        "--kind",
        "authority-report",
        "--out",
        out,
    ];
    refused(&aliya().run(&letter), documents);
    assert!(!Path::new(out).exists(), "nothing was written");
    // A specialist produces them.
    ok(nurlan().run(&extract));
    ok(nurlan().run(&daily));
    // The workstation code is the supervisor's.
    refused(
        &nurlan().run(&["setup", "--workstation", "AST2"]),
        "The role “Specialist” may not change journal-wide settings",
    );
    refused(
        &aliya().run(&["setup", "--workstation", "AST2"]),
        "The role “Operator” may not change journal-wide settings",
    );
}
