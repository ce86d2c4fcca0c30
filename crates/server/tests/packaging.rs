//! The server as a service (issue 20 item 5): the environment-file template of
//! `packaging/server/` is a configuration `desk-server --check-config` accepts as it is,
//! and a bad value in it is refused naming the variable at fault, before the systemd
//! unit would start the server.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_desk-server");

fn packaging(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../packaging/server")
        .join(file)
}

/// The template's `VARIABLE=value` lines, as systemd's `EnvironmentFile=` reads them.
fn template() -> Vec<(String, String)> {
    std::fs::read_to_string(packaging("desk-server.env"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// `desk-server --check-config` with only `vars` in its environment, as the unit runs it.
fn check(vars: &[(String, String)]) -> Output {
    Command::new(BIN)
        .arg("--check-config")
        .env_clear()
        .env("LANG", "en_US.UTF-8")
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap()
}

fn with(key: &str, value: &str) -> Vec<(String, String)> {
    let mut vars: Vec<_> = template().into_iter().filter(|(k, _)| k != key).collect();
    vars.push((key.to_owned(), value.to_owned()));
    vars
}

#[test]
fn the_environment_file_template_is_a_configuration_the_server_accepts() {
    let vars = template();
    assert!(vars.iter().any(|(k, _)| k == "DESK_SERVER_DATABASE_URL"));
    let out = check(&vars);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bad_value_in_the_environment_file_is_refused_naming_its_variable() {
    for (key, value) in [
        ("DESK_SERVER_LISTEN", "everywhere"),
        ("DESK_SERVER_POOL_SIZE", "0"),
        ("DESK_SERVER_POOL_SIZE", "many"),
        ("DESK_SERVER_TOKEN_LIFETIME_MINUTES", "soon"),
        ("DESK_SERVER_LOG_FORMAT", "xml"),
        (
            "DESK_SERVER_DATABASE_URL",
            "postgresql://desk@localhost/desk?sslmode=sometimes",
        ),
        ("DESK_SERVER_TLS_CERT", "/etc/incident-desk/tls/server.crt"),
    ] {
        let out = check(&with(key, value));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}={value}: {err}");
        // A certificate without its key is the key's fault.
        let named = if key == "DESK_SERVER_TLS_CERT" {
            "tls_key"
        } else {
            key
        };
        assert!(err.contains(named), "{key}={value}: {err}");
    }
    // TLS files that cannot be read are named too.
    let mut vars = with("DESK_SERVER_TLS_CERT", "/nonexistent/server.crt");
    vars.push((
        "DESK_SERVER_TLS_KEY".into(),
        "/nonexistent/server.key".into(),
    ));
    let out = check(&vars);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tls_cert"));
}

/// The unit checks the configuration before each start, reads the template's file
/// where the template says it lives, and runs as an account of its own.
#[test]
fn the_systemd_unit_checks_the_configuration_before_it_starts_the_server() {
    let unit = std::fs::read_to_string(packaging("desk-server.service")).unwrap();
    let line = |key: &str| -> Vec<&str> {
        unit.lines()
            .filter_map(|l| l.strip_prefix(&format!("{key}=")))
            .collect()
    };
    assert_eq!(
        line("ExecStartPre"),
        ["/usr/bin/desk-server --check-config"]
    );
    assert_eq!(line("ExecStart"), ["/usr/bin/desk-server"]);
    assert_eq!(
        line("EnvironmentFile"),
        ["/etc/incident-desk/desk-server.env"]
    );
    let env = std::fs::read_to_string(packaging("desk-server.env")).unwrap();
    assert!(env.contains("/etc/incident-desk/desk-server.env"));
    assert_eq!(line("User"), ["desk-server"]);
    assert_eq!(line("WantedBy"), ["multi-user.target"]);
}
