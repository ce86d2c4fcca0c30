#![allow(clippy::unwrap_used)]
//! The sync token in a real Secret Service (issue 15 item 5): a D-Bus session bus and
//! GNOME Keyring started for this test alone, `desk login` against the real server, the
//! token read back by `desk sync` and found by libsecret's own `secret-tool`, never in the
//! kernel keyring at the same time, and gone after `desk logout`.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Stdio};

use desk_testkit::server::{PASSWORD, SUPERVISOR};
use desk_testkit::{DeskCli, DeskServer, PgCluster};

/// A private session bus with GNOME Keyring's Secret Service on it, unlocked; the bus
/// (and with it the keyring daemon, which leaves with its bus) stops on drop.
struct Session {
    address: String,
    bus_pid: u32,
    home: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        for tool in ["dbus-daemon", "gnome-keyring-daemon", "secret-tool"] {
            assert!(
                desk_testkit::tools::have(tool),
                "{tool} is missing: apt-get install dbus-daemon gnome-keyring libsecret-tools"
            );
        }
        let home = tempfile::tempdir().unwrap();
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let address = lines.next().unwrap().to_owned();
        let bus_pid = lines.next().unwrap().trim().parse().unwrap();
        let session = Session {
            address,
            bus_pid,
            home,
        };
        // `--login` creates and unlocks the "login" collection with the password on
        // stdin, as a PAM login would; `--start` then offers the secrets component.
        let mut login = session
            .command("gnome-keyring-daemon")
            .args(["--daemonize", "--login"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        login
            .stdin
            .take()
            .unwrap()
            .write_all(b"keyring-test")
            .unwrap();
        assert!(login.wait().unwrap().success());
        let start = session
            .command("gnome-keyring-daemon")
            .args(["--start", "--components=secrets"])
            .output()
            .unwrap();
        assert!(start.status.success(), "{start:?}");
        session
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", self.home.path())
            .env("XDG_RUNTIME_DIR", self.home.path());
        c
    }

    /// What `secret-tool` finds of Incident Desk's entries.
    fn search(&self) -> String {
        let out = self
            .command("secret-tool")
            .args(["search", "--all", "service", "kz.incident-desk.sync"])
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.bus_pid.to_string()).status();
    }
}

#[test]
fn the_token_lives_in_the_secret_service_when_the_session_has_one() {
    let session = Session::start();
    let cluster = PgCluster::start();
    let server = DeskServer::start(&cluster, Path::new(env!("CARGO_BIN_EXE_desk")));
    let dir = tempfile::tempdir().unwrap();
    let desk = |backend: Option<&str>| {
        let mut d = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
            .data_dir(dir.path())
            .user(SUPERVISOR)
            .env("DESK_PASSWORD", PASSWORD)
            .env("DBUS_SESSION_BUS_ADDRESS", &session.address)
            .env("HOME", session.home.path().to_str().unwrap())
            .env("XDG_RUNTIME_DIR", session.home.path().to_str().unwrap());
        if let Some(b) = backend {
            d = d.env("DESK_KEYRING", b);
        }
        d
    };
    desk(None).ok(&["setup", "--workstation", "AST7", "--language", "en"]);
    assert!(!session.search().contains("kz.incident-desk.sync"));

    // With a session bus and no choice made, the Secret Service is the one used.
    desk(None).ok(&["login", "--server", &server.url]);
    let found = session.search();
    assert!(found.contains("kz.incident-desk.sync"), "{found}");
    // secret-tool unlocks and shows the secret itself: the session the login left.
    assert!(found.contains("\"token\""), "{found}");
    // The token is read back from there (a sync needs it) and is not in the kernel keyring.
    desk(Some("secret-service")).ok(&["sync"]);
    let kernel: serde_json::Value =
        serde_json::from_str(&desk(Some("kernel")).ok(&["sync", "status", "--json"])).unwrap();
    assert!(kernel["login"].is_null(), "{kernel}");

    desk(None).ok(&["logout"]);
    assert!(
        !session.search().contains("kz.incident-desk.sync"),
        "{}",
        session.search()
    );
}
