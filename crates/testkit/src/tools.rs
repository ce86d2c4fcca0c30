//! Running the tools we did not write; a missing tool fails the test saying what to
//! install.

use std::path::Path;
use std::process::{Command, Output};

/// Whether `tool` is on PATH.
pub fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Runs a tool that must exist; a missing tool fails the test saying what to install.
pub fn run(dir: &Path, tool: &str, args: &[&str]) -> Output {
    assert!(
        have(tool),
        "`{tool}` is not installed: the signature tests need it (apt-get install -y openssl poppler-utils; pip install pyhanko pyhanko-cli)"
    );
    Command::new(tool)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

pub fn ok(dir: &Path, tool: &str, args: &[&str]) -> Output {
    let out = run(dir, tool, args);
    assert!(
        out.status.success(),
        "{tool} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
