//! `desk` as a script runs it. Only the CLI's own tests know where the binary is
//! (`env!("CARGO_BIN_EXE_desk")`), so they hand its path to [`DeskCli::new`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// A `desk` command line with its global options; each run starts a fresh process.
#[derive(Debug, Clone)]
pub struct DeskCli {
    bin: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

/// Variables of the developer's shell that would change what `desk` does.
const CLEARED: [&str; 4] = [
    "DESK_LANG",
    "DESK_TRUST_DIR",
    "DESK_NCALAYER_URL",
    "DESK_DATA_DIR",
];

impl DeskCli {
    pub fn new(bin: impl AsRef<Path>) -> DeskCli {
        DeskCli {
            bin: bin.as_ref().to_owned(),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    /// `--data-dir DIR`: the journal lives there.
    pub fn data_dir(self, dir: &Path) -> DeskCli {
        self.arg("--data-dir").arg(dir.to_str().unwrap_or_default())
    }

    /// No journal at all: a data directory that cannot exist, for the calculators, which
    /// must not create one.
    pub fn no_journal(self) -> DeskCli {
        self.env("DESK_DATA_DIR", "/nonexistent/calculators-need-no-journal")
    }

    /// `--user LOGIN`: act as this login.
    pub fn user(self, login: &str) -> DeskCli {
        self.arg("--user").arg(login)
    }

    /// `--lang kk|ru|en`.
    pub fn lang(self, lang: &str) -> DeskCli {
        self.arg("--lang").arg(lang)
    }

    /// A global argument given before each subcommand.
    pub fn arg(mut self, arg: &str) -> DeskCli {
        self.args.push(arg.to_owned());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> DeskCli {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        for key in CLEARED {
            c.env_remove(key);
        }
        c.envs(self.env.iter().map(|(k, v)| (k, v)))
            .args(&self.args)
            .args(args);
        c
    }

    /// Runs `desk ARGS` with nothing on standard input.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    /// Runs `desk ARGS` with `stdin` on standard input.
    pub fn run_with_input(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Starts `desk ARGS` with nothing on standard input and its output captured, for a
    /// test that kills it midway.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Runs `desk ARGS`, which must succeed, and returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        expect_ok(self.run(args))
    }

    /// Registers an appeal (`journal add … --json`) and returns its incident number.
    pub fn add(&self, args: &[&str]) -> String {
        let mut args = args.to_vec();
        if !args.contains(&"--json") {
            args.push("--json");
        }
        let row: serde_json::Value = serde_json::from_str(&self.ok(&args)).unwrap();
        row["number"].as_str().unwrap().to_owned()
    }
}

/// Standard output of a run that must have succeeded; else the test fails with its
/// standard error.
pub fn expect_ok(o: Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard output followed by standard error.
pub fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
