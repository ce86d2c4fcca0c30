//! A throwaway PostgreSQL cluster for tests of `desk-server`: `initdb` into a temporary
//! directory, `pg_ctl start` on a free loopback port, one database per test, stopped and
//! removed when dropped — or, when the cluster lives in a `static` that is never dropped,
//! by a watchdog once the test process has exited.
//!
//! PostgreSQL refuses to run as root; as root (CI, this machine) the cluster runs as the
//! `postgres` account Debian's package creates (else `nobody`) in a directory it owns.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A running cluster; trust authentication for `postgres` on 127.0.0.1 only.
#[derive(Debug)]
pub struct PgCluster {
    dir: TempDir,
    bin: PathBuf,
    port: u16,
    run_as: Option<String>,
}

static DATABASES: AtomicU32 = AtomicU32::new(0);

impl PgCluster {
    /// Starts a cluster; panics (failing the test) with the reason when it cannot.
    pub fn start() -> PgCluster {
        let bin = bin_dir().expect(
            "PostgreSQL's initdb/pg_ctl not found on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql)",
        );
        let run_as = run_as();
        let dir = tempfile::Builder::new()
            .prefix("desk-pg-")
            .tempdir()
            .unwrap();
        if let Some(user) = &run_as {
            chown_to(dir.path(), user);
        }
        let cluster = PgCluster {
            dir,
            bin,
            port: 0,
            run_as,
        };
        let out = cluster
            .command("initdb")
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
            .arg("--locale=C.UTF-8")
            .arg("-D")
            .arg(cluster.data())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut cluster = cluster;
        // A free port can be taken between asking and binding: try a few.
        for attempt in 0.. {
            cluster.port = free_port();
            if cluster.pg_start() {
                break;
            }
            assert!(attempt < 4, "pg_ctl start failed: {}", cluster.log());
        }
        cluster.watchdog();
        cluster
    }

    /// The port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A new empty database and its connection URL.
    pub fn database(&self) -> String {
        let n = DATABASES.fetch_add(1, Ordering::SeqCst);
        let name = format!("desk_{}_{n}", std::process::id());
        let out = self
            .command("createdb")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", &name])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "createdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url(&name)
    }

    /// The connection URL of database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// The rows `sql` returns from the database at `url` (one of [`PgCluster::database`]'s),
    /// one line each, columns separated by `|` (`psql -At`).
    pub fn psql(&self, url: &str, sql: &str) -> String {
        let out = self
            .command("psql")
            .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Stops the server (`immediate`: a test cluster keeps nothing worth a checkpoint).
    pub fn stop(&self) {
        let _ = self
            .command("pg_ctl")
            .args(["-m", "immediate", "-w", "stop", "-D"])
            .arg(self.data())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// `pg_ctl restart` as an administrator runs it: a clean (`fast`) shutdown, which
    /// disconnects every client and writes what committed, then a start on the same port.
    /// Not `immediate`: with this cluster's `synchronous_commit=off`, a crash loses the
    /// last transactions it already reported committed (PostgreSQL's default, `on`, loses
    /// none), and the workstations whose pushes they were then stop at `gap`.
    pub fn restart(&self) {
        let status = self
            .command("pg_ctl")
            .args(["-m", "fast", "-w", "-t", "60", "stop", "-D"])
            .arg(self.data())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl stop failed: {}", self.log());
        assert!(self.pg_start(), "pg_ctl start failed: {}", self.log());
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    fn pg_start(&self) -> bool {
        // fsync off: a test cluster is thrown away, and durability costs seconds per test.
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        let status = self
            .command("pg_ctl")
            .args(["-w", "-t", "60", "-o", &options, "-l"])
            .arg(self.dir.path().join("log"))
            .arg("-D")
            .arg(self.data())
            .arg("start")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        status.success() && self.ready()
    }

    fn ready(&self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let ok = self
                .command("pg_isready")
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Stops the cluster and removes its directory after the test process has gone,
    /// however it went (a `static` is never dropped; a killed test never drops anything).
    fn watchdog(&self) {
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop}; rm -rf '{dir}'",
            pid = std::process::id(),
            stop = self.shell_stop(),
            dir = self.dir.path().display(),
        );
        let _ = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }

    fn shell_stop(&self) -> String {
        let pg_ctl = format!(
            "'{}' -m immediate -w stop -D '{}'",
            self.bin.join("pg_ctl").display(),
            self.data().display()
        );
        match &self.run_as {
            Some(user) => format!("runuser -u {user} -- {pg_ctl} >/dev/null 2>&1"),
            None => format!("{pg_ctl} >/dev/null 2>&1"),
        }
    }

    fn command(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Where initdb and pg_ctl are: PATH first, else Debian's newest version directory.
fn bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
    });
    if let Some(dir) = on_path {
        // Debian links only some tools into PATH; the rest live beside the real binary.
        let real = std::fs::canonicalize(dir.join("initdb")).ok()?;
        return real.parent().map(Path::to_path_buf);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// The account to run PostgreSQL as when this process is root.
fn run_as() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return None;
    }
    let exists = |u: &str| {
        Command::new("id")
            .arg("-u")
            .arg(u)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    ["postgres", "nobody"]
        .into_iter()
        .find(|u| exists(u))
        .map(str::to_owned)
}

fn chown_to(dir: &Path, user: &str) {
    let id = |flag: &str| -> u32 {
        let out = Command::new("id").args([flag, user]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    };
    #[cfg(unix)]
    std::os::unix::fs::chown(dir, Some(id("-u")), Some(id("-g"))).unwrap();
    // The CLI's tests also run on Windows (under Wine, issue 20); PostgreSQL clusters
    // are only ever started on Linux, so there is no owner to change there.
    #[cfg(not(unix))]
    let _ = (dir, id);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_starts_gives_databases_and_stops() {
        let cluster = PgCluster::start();
        let url = cluster.database();
        assert!(url.starts_with("postgres://postgres@127.0.0.1:"));
        let second = cluster.database();
        assert_ne!(url, second);
        let dir = cluster.dir.path().to_path_buf();
        drop(cluster);
        assert!(!dir.exists());
    }
}
