//! The real `desk-server` binary: checking a configuration, creating the first
//! supervisor, serving on loopback beside an in-process instance on the same database.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, Workstation, cluster, config_text, id};
use desk_wire::{PullReply, PushReply, PushRequest, Role, UserUpdate};

const BIN: &str = env!("CARGO_BIN_EXE_desk-server");

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn check_config_accepts_a_good_file_and_names_the_key_of_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, config_text("postgres://postgres@127.0.0.1:1/x")).unwrap();
    let out = Command::new(BIN)
        .args(["--check-config", "--config"])
        .arg(&good)
        .env("LANG", "ru_RU.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("в порядке"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "database_url = \"postgres://h/x\"\nlisten = \"nowhere\"\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["--check-config", "--config"])
        .arg(&bad)
        .env("LANG", "kk_KZ.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("listen") && err.contains("баптауларында"),
        "{err}"
    );
    // The environment alone is a configuration too; without a database URL it is not.
    let out = Command::new(BIN)
        .arg("--check-config")
        .env_remove("DESK_SERVER_DATABASE_URL")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("database_url"));
}

#[tokio::test]
async fn the_binary_creates_the_first_supervisor_and_serves_beside_another_instance() {
    let database_url = cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let file = dir.path().join("server.toml");
    let text = config_text(&database_url).replace("127.0.0.1:0", &format!("127.0.0.1:{port}"));
    std::fs::write(&file, text).unwrap();

    // The first supervisor, its password on standard input.
    let mut admin = Command::new(BIN)
        .arg("--config")
        .arg(&file)
        .args(["user", "set", "boss", "--role", "supervisor"])
        .env_remove("DESK_SERVER_PASSWORD")
        .env("LANG", "ru_RU.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = admin.stdin.take().unwrap();
        writeln!(stdin, "{}", common::PASSWORD).unwrap();
    }
    let out = admin.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("boss"));

    let _server = Running(
        Command::new(BIN)
            .arg("--config")
            .arg(&file)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let up = http.get(format!("{base}/health")).send().await;
        if up.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(Instant::now() < deadline, "desk-server did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Talk to the binary through the same helpers, pointed at its address.
    let inproc = Server::on(&database_url).await;
    let binary = Server {
        base: base.clone(),
        state: inproc.state.clone(),
        database_url: database_url.clone(),
        http,
    };
    let mut ws = Workstation::new("AST1");
    let boss = binary.token("boss", &ws).await;
    let update = UserUpdate {
        role: Role::Operator,
        password: Some(common::PASSWORD.into()),
    };
    let res = binary
        .put("users/aigul", &boss)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let operator = binary.token("aigul", &ws).await;
    let (appeal, v1) = (id(), id());
    let ops = vec![
        ws.register("aigul", &appeal, &v1),
        ws.event("aigul", &appeal, "id_sent"),
    ];
    let res = binary
        .post("push", &operator)
        .json(&PushRequest { ops: ops.clone() })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pushed: PushReply = res.json().await.unwrap();
    // Pulled through the in-process instance: the same ledger.
    let pulled: PullReply = inproc
        .get("pull?since=0", &operator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pulled.head, pushed.head);
    assert_eq!(
        pulled.ops.iter().map(|o| o.op.clone()).collect::<Vec<_>>(),
        ops
    );
    let doc = binary
        .http
        .get(format!("{base}/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(doc.status(), 200);
    assert_eq!(
        doc.text().await.unwrap(),
        desk_server::http::openapi::json()
    );
}

#[test]
fn with_a_certificate_configured_the_binary_serves_tls_only() {
    let database_url = cluster().database();
    let dir = tempfile::tempdir().unwrap();
    desk_testkit::tools::ok(
        dir.path(),
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
    );
    let port = free_port();
    let _server = Running(
        Command::new(BIN)
            .env("DESK_SERVER_DATABASE_URL", &database_url)
            .env("DESK_SERVER_LISTEN", format!("127.0.0.1:{port}"))
            .env("DESK_SERVER_TLS_CERT", dir.path().join("cert.pem"))
            .env("DESK_SERVER_TLS_KEY", dir.path().join("key.pem"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let url = format!("https://127.0.0.1:{port}/health");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let out = desk_testkit::tools::run(
            dir.path(),
            "curl",
            &[
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--cacert",
                "cert.pem",
                &url,
            ],
        );
        if String::from_utf8_lossy(&out.stdout) == "200" {
            break;
        }
        assert!(Instant::now() < deadline, "no TLS answer from desk-server");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Plain HTTP on the same port gets no answer.
    let plain = format!("http://127.0.0.1:{port}/health");
    let out = desk_testkit::tools::run(
        dir.path(),
        "curl",
        &[
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-m",
            "5",
            &plain,
        ],
    );
    assert_ne!(String::from_utf8_lossy(&out.stdout), "200");
}
