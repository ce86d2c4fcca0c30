#![allow(clippy::unwrap_used)]
//! Issue 15 end to end: a real PostgreSQL cluster (testkit's throwaway one), the real
//! `desk-server` binary on a free loopback port, and two workstations with their own data
//! directories (AST1, AST2) driven through the real `desk` CLI. The sync token goes into
//! the real OS keyring (the kernel keyring on Linux when there is no session bus, as here;
//! the Secret Service has its own test, `keyring.rs`; see desk-app's `sync/credentials.rs`),
//! not a mock.
//!
//! The server binary is `target/debug/desk-server`, beside `desk` (see
//! `desk_testkit::server` for how it is found or built).

use std::path::Path;
use std::process::Output;

use desk_testkit::rows::add_args;
use desk_testkit::server::{PASSWORD, SUPERVISOR};
use desk_testkit::{DeskCli, DeskServer, PgCluster};
use serde_json::Value;

/// `desk-server` on its own database of `cluster`, with the supervisor account.
fn start_server(cluster: &PgCluster) -> DeskServer {
    DeskServer::start(cluster, Path::new(env!("CARGO_BIN_EXE_desk")))
}

/// A workstation: its own data directory, the supervisor at the keyboard.
struct Workstation {
    desk: DeskCli,
    _dir: tempfile::TempDir,
}

impl Workstation {
    fn new(code: &str) -> Workstation {
        let dir = tempfile::tempdir().unwrap();
        let desk = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
            .data_dir(dir.path())
            .user(SUPERVISOR)
            .env("DESK_PASSWORD", PASSWORD);
        desk.ok(&["setup", "--workstation", code, "--language", "en"]);
        Workstation { desk, _dir: dir }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.desk.run(args)
    }

    fn ok(&self, args: &[&str]) -> String {
        self.desk.ok(args)
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn sync(&self) -> String {
        self.ok(&["sync"])
    }

    fn status(&self) -> Value {
        self.json(&["sync", "status", "--json"])
    }

    /// The journal as `journal list --json` shows it, by incident number.
    fn journal(&self) -> Vec<Value> {
        let mut rows: Vec<Value> = self
            .json(&["journal", "list", "--json"])
            .as_array()
            .unwrap()
            .clone();
        rows.sort_by_key(|r| r["number"].as_str().unwrap().to_owned());
        rows
    }

    fn show(&self, number: &str) -> Value {
        self.json(&["journal", "show", number, "--json"])
    }
}

/// The token leaves the keyring with the workstation: the tests leave no entry behind.
impl Drop for Workstation {
    fn drop(&mut self) {
        let _ = self.desk.run(&["logout"]);
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs PostgreSQL and the Linux desk-server, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn two_workstations_converge_through_the_server_files_travel_and_a_server_down_is_explained() {
    let cluster = PgCluster::start();
    let mut server = start_server(&cluster);
    let ast1 = Workstation::new("AST1");
    let ast2 = Workstation::new("AST2");

    // With no server configured the workstation works offline and says so.
    let o = ast1.run(&["sync"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("No sync server is set up"),
        "{}",
        stderr(&o)
    );
    let status = ast1.status();
    assert_eq!(status["configured"], false);

    // Offline work on both.
    let a1 = ast1.desk.add(&add_args(
        "ТОО «Бір»",
        "one@example.kz",
        "ЭЦП қабылданбайды",
    ));
    let a2 = ast1.desk.add(&add_args(
        "ТОО «Екі»",
        "two@example.kz",
        "Договор не подписывается",
    ));
    let b1 = ast2.desk.add(&add_args(
        "АО «Үш»",
        "three@example.kz",
        "Лот не публикуется",
    ));
    assert!(a1.starts_with("AST1-") && b1.starts_with("AST2-"));
    ast1.ok(&[
        "journal",
        "correct",
        &a2,
        "--field",
        "description",
        "--value",
        "Договор не подписывается ЭЦП",
        "--reason",
        "уточнение оператора",
    ]);
    ast2.ok(&[
        "journal",
        "triage",
        &b1,
        "--analysis",
        "confirmed",
        "--criticality",
        "high",
        "--failure-type",
        "operator_unlawful_actions",
        "--decision",
        "Исправить публикацию лотов",
    ]);
    let pending = ast1.status()["pending"].as_u64().unwrap();
    assert!(pending >= 2, "{pending}");

    // Log in (the token goes into the keyring) and sync both, twice.
    for ws in [&ast1, &ast2] {
        let out = ws.ok(&["login", "--server", &server.url]);
        assert!(out.contains(SUPERVISOR), "{out}");
    }
    for _ in 0..2 {
        ast1.sync();
        ast2.sync();
    }
    let (j1, j2) = (ast1.journal(), ast2.journal());
    assert_eq!(j1.len(), 3);
    assert_eq!(j1, j2, "both journals are equal after sync");
    assert_eq!(
        ast2.show(&a2)["appeal"]["description"],
        "Договор не подписывается ЭЦП"
    );
    assert_eq!(ast1.show(&b1)["appeal"]["criticality"], "high");
    for ws in [&ast1, &ast2] {
        let s = ws.status();
        assert_eq!(s["pending"], 0, "{s}");
        assert_eq!(s["online"], true, "{s}");
        assert_eq!(s["conflicts"], 0, "{s}");
        assert_eq!(s["login"], SUPERVISOR, "{s}");
        assert!(s["last_success"].is_string(), "{s}");
        assert!(s["last_error"].is_null(), "{s}");
    }

    // Honest pushes raise no alarm; the supervisor can ask the server.
    let alarms = ast1.desk.clone().lang("ru").ok(&["sync", "alarms"]);
    assert_eq!(alarms.trim(), "Сервер не зафиксировал ни одной тревоги.");
    assert_eq!(
        ast1.json(&["sync", "alarms", "--json"]),
        serde_json::json!([])
    );

    let text = ast1.desk.clone().lang("kk").ok(&["sync", "status"]);
    assert!(text.contains("Жіберілмеген: 0"), "{text}");
    assert!(text.contains(&server.url), "{text}");

    // Turned off, the workstation does not sync and says why; turned on, it does again.
    ast1.ok(&["sync", "settings", "--off"]);
    let o = ast1.run(&["sync"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("turned off"), "{}", stderr(&o));
    let settings = ast1.json(&["sync", "settings", "--on", "--json"]);
    assert_eq!(settings["enabled"], true);
    assert_eq!(settings["server_url"], server.url.as_str());

    // An attachment made on AST2 arrives on AST1 in its parts, checked by hash.
    let file = ast2._dir.path().join("скриншот.png");
    std::fs::write(&file, b"\x89PNG the screenshot of the failure").unwrap();
    ast2.ok(&["journal", "attach", &a2, file.to_str().unwrap()]);
    ast2.sync();
    ast1.sync();
    let attachments = &ast1.show(&a2)["attachments"];
    assert_eq!(attachments[0]["name"], "скриншот.png", "{attachments}");
    assert_eq!(attachments, &ast2.show(&a2)["attachments"]);

    // The server goes away: the sync fails with the reason, in the user's language,
    // and the change waits on the workstation.
    server.kill();
    ast1.desk.add(&add_args(
        "ТОО «Төрт»",
        "four@example.kz",
        "Портал недоступен",
    ));
    let o = ast1.desk.clone().lang("ru").run(&["sync"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("desk: ") && err.contains("недоступен") && err.contains(&server.url),
        "{err}"
    );
    let s = ast1.status();
    assert_eq!(s["online"], false, "{s}");
    assert!(s["pending"].as_u64().unwrap() >= 1, "{s}");
    assert!(
        s["last_error"].as_str().unwrap().contains(&server.url),
        "{s}"
    );
    assert!(s["oldest_pending"].is_string(), "{s}");

    // Logging out forgets the token: a sync then asks to log in.
    ast2.ok(&["logout"]);
    let o = ast2.run(&["sync"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("desk login"), "{}", stderr(&o));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs PostgreSQL and the Linux desk-server, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn a_wrong_password_is_refused_with_the_servers_translated_message() {
    let cluster = PgCluster::start();
    let server = start_server(&cluster);
    let ws = Workstation::new("AST3");
    let o = ws
        .desk
        .clone()
        .env("DESK_SYNC_PASSWORD", "wrong")
        .lang("ru")
        .run(&["login", "--server", &server.url]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("Неверный логин или пароль"), "{err}");
    assert_eq!(ws.status()["login"], Value::Null);
    let o = ws.run(&["login", "--server", "not a url"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    // Incident numbers stay unique without the server: a second workstation with a code
    // the server already knows is refused, with the reason.
    ws.ok(&["login", "--server", &server.url]);
    let twin = Workstation::new("AST3");
    let o = twin.run(&["login", "--server", &server.url]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("already registered"), "{}", stderr(&o));
}

/// Two workstations logged in and in step, with appeal `number` registered on AST1.
fn in_step(server: &DeskServer) -> (Workstation, Workstation, String) {
    let ast1 = Workstation::new("AST1");
    let ast2 = Workstation::new("AST2");
    let number = ast1.desk.add(&add_args(
        "ТОО «Бір»",
        "one@example.kz",
        "ЭЦП қабылданбайды",
    ));
    for ws in [&ast1, &ast2] {
        ws.ok(&["login", "--server", &server.url]);
    }
    ast1.sync();
    ast2.sync();
    (ast1, ast2, number)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs PostgreSQL and the Linux desk-server, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn a_concurrent_correction_is_a_conflict_on_both_and_its_resolution_on_one_reaches_both() {
    let cluster = PgCluster::start();
    let server = start_server(&cluster);
    let (ast1, ast2, a1) = in_step(&server);
    assert_eq!(ast2.show(&a1)["appeal"]["organisation"], "ТОО «Бір»");

    // A concurrent correction of one appeal offline: a conflict on both.
    for (ws, value) in [(&ast1, "ТОО «Бір» (AST1)"), (&ast2, "ТОО «Бір» (AST2)")] {
        ws.ok(&[
            "journal",
            "correct",
            &a1,
            "--field",
            "organisation",
            "--value",
            value,
            "--reason",
            "уточнение",
        ]);
    }
    ast1.sync();
    ast2.sync();
    ast1.sync();
    for ws in [&ast1, &ast2] {
        assert_eq!(ws.status()["conflicts"], 1);
        assert!(
            ws.sync().contains("conflict"),
            "the sync reports the conflict"
        );
    }
    let conflicts = ast1.json(&["sync", "conflicts", "--json"]);
    let conflict = &conflicts[0];
    assert_eq!(conflict["number"], a1.as_str());
    let organisation = conflict["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "organisation")
        .unwrap();
    assert_eq!(organisation["differs"], true);
    let values: Vec<&str> = organisation["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(values.contains(&"ТОО «Бір» (AST1)") && values.contains(&"ТОО «Бір» (AST2)"));
    let listed = ast1.ok(&["sync", "conflicts"]);
    assert!(listed.contains(&a1), "{listed}");

    // Resolved on AST1 by keeping the branch; after sync, whole again on both.
    let branch = conflict["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["head"] == false)
        .unwrap();
    let kept = values[conflict["versions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|v| v == branch)
        .unwrap()]
    .to_owned();
    // A field that names nothing is refused, and nothing is written.
    let o = ast1.run(&[
        "sync",
        "resolve",
        &a1,
        "--keep",
        branch["version_id"].as_str().unwrap(),
        "--set",
        "bogus=1",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(ast1.status()["conflicts"], 1);
    ast1.ok(&[
        "sync",
        "resolve",
        &a1,
        "--keep",
        branch["version_id"].as_str().unwrap(),
        "--set",
        "contact_person=Айгүл Сейітова",
    ]);
    assert_eq!(ast1.status()["conflicts"], 0);
    assert_eq!(ast1.show(&a1)["appeal"]["contact_person"], "Айгүл Сейітова");
    ast1.sync();
    ast2.sync();
    for ws in [&ast1, &ast2] {
        assert_eq!(ws.status()["conflicts"], 0);
        assert_eq!(ws.show(&a1)["appeal"]["organisation"], kept.as_str());
        assert_eq!(ws.show(&a1)["appeal"]["contact_person"], "Айгүл Сейітова");
    }
    assert_eq!(ast1.journal(), ast2.journal());
}

/// Issue 17 §6: the protocol is signed "each on their own workstation once sync lands".
/// The Commission's records travel through the real server like appeals do: a meeting
/// set up on AST1, voted on AST2, drafted and signed on AST1, signed again on AST2.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs PostgreSQL and the Linux desk-server, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn a_meeting_set_up_on_one_workstation_is_voted_and_signed_on_both() {
    let cluster = PgCluster::start();
    let server = start_server(&cluster);
    let (ast1, ast2, _) = in_step(&server);
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<Value> = (1..=5)
        .map(|i| {
            serde_json::json!({"id": format!("m{i}"), "name": format!("Мүше {i}"),
                "role": if i == 1 { "chair" } else { "member" },
                "organisation": "Бірыңғай оператор", "position": "Маман"})
        })
        .collect();
    let file = dir.path().join("members.json");
    let composition = serde_json::json!({
        "order": {"number": "15-П", "date": "2026-01-05"}, "members": members});
    std::fs::write(&file, composition.to_string()).unwrap();
    ast1.ok(&[
        "commission",
        "members",
        "set",
        "--input",
        file.to_str().unwrap(),
    ]);
    ast1.ok(&[
        "commission",
        "meeting",
        "new",
        "--number",
        "7",
        "--date",
        "2026-11-26",
        "--time",
        "10:00",
        "--place",
        "Астана",
        "--item",
        "«Ақ Жол» сынауға жіберу",
    ]);
    ast1.ok(&[
        "commission",
        "meeting",
        "attend",
        "--meeting",
        "7",
        "--present",
        "m1,m2,m3",
    ]);
    ast1.sync();
    ast2.sync();
    for (m, v) in [("m1", "for"), ("m2", "for"), ("m3", "against")] {
        ast2.ok(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "7",
            "--item",
            "1",
            "--member",
            m,
            "--vote",
            v,
        ]);
    }
    ast2.sync();
    ast1.sync();
    let shown = ast1.json(&["commission", "meeting", "show", "--meeting", "7"]);
    assert_eq!(
        shown["items"][0]["outcome"], "not_adopted",
        "2 of 5 (003 §13)"
    );
    ast1.ok(&["commission", "protocol", "draft", "--meeting", "7"]);
    ast1.ok(&[
        "commission",
        "protocol",
        "sign",
        "--meeting",
        "7",
        "--member",
        "m1",
    ]);
    ast1.sync();
    ast2.sync();
    ast2.ok(&[
        "commission",
        "protocol",
        "sign",
        "--meeting",
        "7",
        "--member",
        "m2",
    ]);
    ast2.sync();
    ast1.sync();
    // A platform's application recorded on AST2 and moved a step on AST1 (migration 010).
    let application = dir.path().join("application.json");
    std::fs::write(
        &application,
        serde_json::json!({"number": "ЭСА-1", "form": "production", "received": "02.11.2026",
            "fields": {"owner": "«Ақ Жол» ЖШС", "bin_iin": "971240001315", "platform": "AqJol",
                       "licence": "АС-0042", "declaration": true},
            "documents": ["technical_specification", "non_disclosure_agreement",
                          "functional_compliance", "compliance_evidence",
                          "integration_test_protocol", "copyright_document", "tariffs"],
            "infosec_date": "15.09.2026", "infosec_positive": true})
        .to_string(),
    )
    .unwrap();
    ast2.ok(&[
        "commission",
        "application",
        "add",
        "--input",
        application.to_str().unwrap(),
    ]);
    ast2.sync();
    ast1.sync();
    ast1.ok(&[
        "commission",
        "application",
        "step",
        "--number",
        "ЭСА-1",
        "--step",
        "meeting",
        "--date",
        "10.11.2026",
    ]);
    ast1.sync();
    ast2.sync();
    for ws in [&ast1, &ast2] {
        let text = ws.ok(&["commission", "protocol", "show", "--meeting", "7"]);
        assert!(text.contains("Signatures: 2 of 3"), "{text}");
        assert!(text.contains("not signed: Мүше 3"), "{text}");
        let list = ws.json(&["commission", "application", "list"]);
        assert_eq!(list[0]["number"], "ЭСА-1", "{list}");
        assert_eq!(list[0]["clocks"][0]["state"], "met", "{list}");
        ws.ok(&["journal", "verify"]);
    }
}
