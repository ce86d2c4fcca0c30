//! A real SMTP server for the outbox tests (issue 18): aiosmtpd, from the venv
//! `scripts/lib.sh`'s `ensure_aiosmtpd` installs (`target/aiosmtpd-venv`, or the Python
//! named by `DESK_AIOSMTPD_PYTHON`), running `python/smtp_server.py` on a loopback port.
//! Every message it accepts is read back as that script's JSON: the envelope and the
//! message as Python's e-mail parser decodes it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the venv's Python is, if it is installed.
pub fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DESK_AIOSMTPD_PYTHON").map(PathBuf::from)
        && p.exists()
    {
        return Some(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/aiosmtpd-venv/bin/python");
    p.exists().then_some(p)
}

/// The Python to run the server with, or `None` after saying why the test is skipped:
/// only where the venv is missing (a developer's machine that never ran
/// scripts/test.sh, which always installs it).
pub fn python_or_skip(test: &str) -> Option<PathBuf> {
    let p = python();
    if p.is_none() {
        eprintln!(
            "SKIPPED {test}: aiosmtpd is not installed (target/aiosmtpd-venv); \
             scripts/test.sh installs it (ensure_aiosmtpd in scripts/lib.sh)"
        );
    }
    p
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// How the server behaves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Certificate and key (PEM) for TLS: STARTTLS required, or implicit TLS.
    pub tls: Option<(PathBuf, PathBuf)>,
    pub implicit_tls: bool,
    /// AUTH required with this login and password.
    pub auth: Option<(String, String)>,
    /// Recipients refused with 550.
    pub reject: Vec<String>,
    /// Seconds to hold the 250 after DATA (the message already received).
    pub delay_data: Option<f64>,
}

#[derive(Debug)]
pub struct SmtpServer {
    child: Child,
    stdin: Option<ChildStdin>,
    pub port: u16,
    pub dir: PathBuf,
}

impl SmtpServer {
    /// Starts the server on `port`, writing what it receives to `dir`; waits until it
    /// listens.
    pub fn start(python: &Path, dir: &Path, port: u16, options: &Options) -> SmtpServer {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/smtp_server.py");
        let mut cmd = Command::new(python);
        cmd.arg(script)
            .arg(dir)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some((cert, key)) = &options.tls {
            cmd.env("SMTP_CERT", cert).env("SMTP_KEY", key);
        }
        if options.implicit_tls {
            cmd.env("SMTP_IMPLICIT", "1");
        }
        if let Some((u, p)) = &options.auth {
            cmd.env("SMTP_USER", u).env("SMTP_PASSWORD", p);
        }
        if !options.reject.is_empty() {
            cmd.env("SMTP_REJECT", options.reject.join(","));
        }
        if let Some(d) = options.delay_data {
            cmd.env("SMTP_DELAY_DATA", d.to_string());
        }
        let mut child = cmd.spawn().expect("start the SMTP server");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("its stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the SMTP server's first line");
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        SmtpServer {
            child,
            stdin,
            port,
            dir: dir.to_owned(),
        }
    }

    /// Every message received so far, in order.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for n in 1.. {
            let path = self.dir.join(format!("{n}.json"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                break;
            };
            out.push(serde_json::from_str(&text).expect("the server's JSON"));
        }
        out
    }

    /// Waits until `n` messages have arrived (at most `timeout`).
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<serde_json::Value> {
        let start = Instant::now();
        loop {
            let m = self.messages();
            if m.len() >= n || start.elapsed() > timeout {
                return m;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server and waits for it to exit.
    pub fn stop(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.shut();
    }
}

/// A test CA and a server certificate for `localhost` and 127.0.0.1, made with the
/// openssl command: (CA PEM, certificate PEM, key PEM).
pub fn tls_files(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let o = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        assert!(
            o.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Incident Desk test mail CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext.cnf");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}
