//! The real `desk-server` binary on a free loopback port over a [`PgCluster`] database,
//! for the CLI's sync tests: started, killed (`kill -9`) and started again on the same
//! port and database, its log kept in a file the test can watch.
//!
//! The binary is `DESK_SERVER_BIN`, else `desk-server` beside the `desk` the test runs
//! (`cargo test --workspace` builds both); when it is not there it is built first
//! (`cargo build -p desk-server`), so `cargo test -p desk-cli --test sync` works alone
//! too — after changing the server, build it again first.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::PgCluster;

/// The supervisor account every server of the tests has.
pub const SUPERVISOR: &str = "boss";
pub const PASSWORD: &str = "correct horse battery";

/// `DESK_SERVER_BIN`, else `desk-server` beside `desk_bin`, built by cargo first when it
/// is not there.
pub fn binary(desk_bin: &Path) -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("DESK_SERVER_BIN") {
            return PathBuf::from(bin);
        }
        let bin = desk_bin.with_file_name("desk-server");
        if bin.exists() {
            return bin;
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
        let out = Command::new(cargo)
            .args(["build", "--quiet", "-p", "desk-server", "--manifest-path"])
            .arg(manifest)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo build -p desk-server: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        bin
    })
    .clone()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `desk-server` on its own database with the supervisor [`SUPERVISOR`]; killed when
/// dropped (its log printed if the test is failing).
#[derive(Debug)]
pub struct DeskServer {
    bin: PathBuf,
    child: Option<Child>,
    port: u16,
    pub url: String,
    /// The database's URL, for `PgCluster::psql`.
    pub database: String,
    env: Vec<(String, String)>,
    starts: u32,
    dir: tempfile::TempDir,
}

impl DeskServer {
    /// Creates the database and the supervisor, and starts the server.
    pub fn start(cluster: &PgCluster, desk_bin: &Path) -> DeskServer {
        DeskServer::start_with(cluster, desk_bin, &[])
    }

    /// [`DeskServer::start`] with variables in the server's environment (a fault hook).
    pub fn start_with(cluster: &PgCluster, desk_bin: &Path, env: &[(&str, &str)]) -> DeskServer {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let database = cluster.database();
        // Cheap password hashes: the tests log in often.
        std::fs::write(
            dir.path().join("server.toml"),
            format!(
                "database_url = \"{database}\"\nlisten = \"127.0.0.1:{port}\"\n\
                 [password_hash]\nmemory_kib = 256\niterations = 1\n",
            ),
        )
        .unwrap();
        let mut server = DeskServer {
            bin: binary(desk_bin),
            child: None,
            port,
            url: format!("http://127.0.0.1:{port}"),
            database,
            env: Vec::new(),
            starts: 0,
            dir,
        };
        let admin = server
            .command()
            .args(["user", "set", SUPERVISOR, "--role", "supervisor"])
            .env("DESK_SERVER_PASSWORD", PASSWORD)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            admin.status.success(),
            "desk-server user set: {}",
            String::from_utf8_lossy(&admin.stderr)
        );
        server.restart_with(env);
        server
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.arg("--config").arg(self.dir.path().join("server.toml"));
        c
    }

    /// The log of every start so far, in order.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// `kill -9`: no graceful shutdown, requests in flight cut off.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the server if it runs and starts it again on the same port and database
    /// with `env` in its environment; returns once it accepts connections.
    pub fn restart_with(&mut self, env: &[(&str, &str)]) {
        self.kill();
        self.env = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("server.log"))
            .unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{}", self.port).parse().unwrap();
        let child = self
            .command()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        self.starts += 1;
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            assert!(
                exited.is_none(),
                "desk-server exited ({exited:?}):\n{}",
                self.log()
            );
            assert!(Instant::now() < deadline, "desk-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts it again with the environment it had.
    pub fn restart(&mut self) {
        let env = std::mem::take(&mut self.env);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.restart_with(&env);
    }

    /// How many times it was started.
    pub fn starts(&self) -> u32 {
        self.starts
    }
}

impl Drop for DeskServer {
    fn drop(&mut self) {
        self.kill();
        // A failing test shows what the server said about it.
        if std::thread::panicking() {
            let log = self.log();
            let lines: Vec<&str> = log.lines().collect();
            let tail = lines[lines.len().saturating_sub(200)..].join("\n");
            eprintln!("desk-server's log (the last 200 lines):\n{tail}");
        }
    }
}
