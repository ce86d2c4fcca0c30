#![allow(clippy::unwrap_used)]
//! `kill -9` of the real `desk journal add --attach` with a 45 MB attachment, at moments
//! spread over the whole command (issue 11 item 5, the crash test): the next start
//! leaves no staging files, the file passes `PRAGMA integrity_check`, and each attempt
//! left either the appeal with its whole attachment or nothing — no appeal without its
//! file, no part without its row.

use std::collections::BTreeSet;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use desk_testkit::rows::add_args;

const SIZE: usize = 45 * 1024 * 1024;

fn desk(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_desk"));
    c.arg("--data-dir")
        .arg(dir)
        .args(["--lang", "en"])
        .env_remove("DESK_USER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn killing_an_add_with_a_45_mb_attachment_leaves_the_appeal_whole_or_nothing() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().join("journal");
    let o = desk(&d)
        .args(["setup", "--workstation", "AST1"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let big = data.path().join("recording.bin");
    {
        let mut f = std::fs::File::create(&big).unwrap();
        let block: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
        for _ in 0..SIZE / block.len() {
            f.write_all(&block).unwrap();
        }
    }
    let mut args = add_args("ТОО «Сапа»", "buyer@example.kz", "Запись экрана");
    args.extend(["--attach", big.to_str().unwrap(), "--json"]);

    // How long one whole add takes here, to spread the kills over it.
    let started = Instant::now();
    let o = desk(&d).args(&args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let whole = started.elapsed();

    // Deterministic moments from the very start to past the commit.
    let kills = 6u32;
    for i in 0..kills {
        // Each attempt attaches different content, so that its parts are its own.
        {
            let mut f = std::fs::OpenOptions::new().write(true).open(&big).unwrap();
            f.seek(SeekFrom::End(-8)).unwrap();
            f.write_all(&u64::from(i).to_le_bytes()).unwrap();
        }
        let at = whole.mul_f64(f64::from(i) / f64::from(kills - 1) * 1.1);
        let mut child = desk(&d).args(&args).spawn().unwrap();
        std::thread::sleep(at.max(Duration::from_millis(5)));
        let _ = child.kill();
        let _ = child.wait();
    }

    // The next start sweeps what the kills left.
    let o = desk(&d)
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();

    let mut staging = Vec::new();
    files_under(&d.join("attachments").join("incoming"), &mut staging);
    staging.retain(|p| p.file_name().is_none_or(|n| n != ".lock"));
    assert!(staging.is_empty(), "stray staging files: {staging:?}");

    let c = rusqlite::Connection::open(d.join("journal.sqlite3")).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Every appeal has its whole attachment; every attachment belongs to an appeal.
    let appeals: i64 = c
        .query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(appeals as usize, listed.len());
    let mut stmt = c
        .prepare("SELECT appeal_id, sha256, size FROM attachments")
        .unwrap();
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let with_file: BTreeSet<&str> = rows.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        with_file.len() as i64,
        appeals,
        "an appeal without its file"
    );
    assert!(rows.iter().all(|(_, _, size)| *size as usize == SIZE));
    // No part on disk that no committed row names.
    let shas: BTreeSet<&str> = rows.iter().map(|(_, s, _)| s.as_str()).collect();
    let mut parts = Vec::new();
    files_under(&d.join("attachments"), &mut parts);
    parts.retain(|p| !p.starts_with(d.join("attachments").join("incoming")));
    for p in &parts {
        let name = p.file_name().unwrap().to_string_lossy();
        let sha = name.split('.').next().unwrap();
        assert!(
            shas.contains(sha),
            "a part without its row: {}",
            p.display()
        );
    }
    assert!(appeals >= 1, "the measured add stays");
    let o = desk(&d).args(["journal", "verify"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    eprintln!(
        "one add took {whole:?}; {kills} kills left {} of {} appeals",
        appeals - 1,
        kills
    );
}
