//! Issue 11 item 7: `desk extensions` stays linear in its input. 100,000 procedures — the
//! most one input may hold (`desk_rules::MAX_ITEMS`) — through the function the CLI
//! calls, in this process (time and this process's peak memory, VmHWM), and through the
//! real release binary when `--desk` names it (wall time, and the child's peak memory
//! polled from `/proc/PID/status` while it runs).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use desk_i18n::Lang;
use desk_testkit::benchmarks::{Rng, write_section};

const N: usize = desk_rules::MAX_ITEMS;

fn input() -> String {
    let kinds = [
        ("acceptance_end", ", \"method\": \"tender\""),
        ("auction_trading", ""),
        ("contract_signing", ""),
        ("complaint", ""),
        ("discussion", ""),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut procedures = Vec::with_capacity(N);
    for i in 0..N {
        let (kind, extra) = kinds[rng.below(kinds.len() as u64) as usize];
        let minutes = rng.below(12 * 60);
        procedures.push(format!(
            "{{\"id\": \"p{i}\", \"kind\": \"{kind}\"{extra}, \"deadline\": \"2026-03-20T{:02}:{:02}:00+05:00\"}}",
            8 + minutes / 60,
            minutes % 60
        ));
    }
    format!(
        "{{\"rules\": \"QUASI-1216\", \"failure\": {{\"criticality\": \"high\", \"started_at\": \"2026-03-20T10:00:00+05:00\", \"confirmed_at\": \"2026-03-20T10:20:00+05:00\", \"fixed_at\": \"2026-03-20T16:30:00+05:00\", \"operator_fault\": true, \"decryption_impossible\": false}}, \"procedures\": [{}]}}",
        procedures.join(",\n")
    )
}

fn vm_hwm_kb(status: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
}

fn self_peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| vm_hwm_kb(&s))
        .unwrap_or(0) as f64
        / 1024.0
}

/// Runs `desk --lang ru extensions` on `text`; its wall time and its peak memory.
fn binary(desk: &str, text: &str) -> Result<(Duration, f64, usize)> {
    let started = Instant::now();
    let mut child = Command::new(desk)
        .args(["--lang", "ru", "extensions"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {desk}"))?;
    let pid = child.id();
    let mut stdin = child.stdin.take().context("stdin")?;
    let text = text.to_owned();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let status_path = format!("/proc/{pid}/status");
    let poller = std::thread::spawn(move || {
        let mut peak = 0;
        while let Ok(s) = std::fs::read_to_string(&status_path) {
            match vm_hwm_kb(&s) {
                Some(kb) => peak = peak.max(kb),
                None => break, // exited: a zombie has no memory figures
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        peak
    });
    let out = child.wait_with_output()?;
    let took = started.elapsed();
    feeder.join().ok();
    let peak_kb = poller.join().unwrap_or(0);
    if !out.status.success() {
        bail!(
            "desk extensions failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((took, peak_kb as f64 / 1024.0, out.stdout.len()))
}

pub fn run(desk: Option<&str>, write: Option<&str>) -> Result<()> {
    let text = input();
    let mb = text.len() as f64 / 1024.0 / 1024.0;
    let t = Instant::now();
    let answer = desk_rules::extensions_command(&text, Lang::Ru)
        .map_err(|e| anyhow::anyhow!("refused: {}", e.message(Lang::En)))?;
    let in_process = t.elapsed();
    let self_peak = self_peak_mb();
    eprintln!(
        "{N} procedures ({mb:.1} MB): {in_process:.2?} in process, peak {self_peak:.0} MB, answer {:.1} MB",
        answer.len() as f64 / 1024.0 / 1024.0
    );
    let child = match desk {
        Some(d) => {
            let (took, peak, out) = binary(d, &text)?;
            eprintln!("desk extensions: {took:.2?}, peak {peak:.0} MB, {out} bytes out");
            Some((took, peak))
        }
        None => None,
    };
    if let Some(path) = write {
        let mut md = format!(
            "## Calculators (issue 11)\n\n\
             `desk extensions` with {N} procedures (the most one input may hold; {mb:.1} MB of JSON, \
             one QUASI-1216 failure), measured with `cargo run --release -p desk-bench-rules -- calculators \
             --desk target/release/desk --write BENCHMARKS.md` on this project's CI machine (2 cores):\n\n\
             | what | time | peak memory | target |\n|---|---:|---:|---|\n\
             | the calculation in process (`desk_rules::extensions_command`, what the CLI calls) | {:.2} s | {self_peak:.0} MB | linear in the input |\n",
            in_process.as_secs_f64()
        );
        if let Some((took, peak)) = child {
            md.push_str(&format!(
                "| `desk --lang ru extensions` (release binary, JSON on stdin, answer on stdout) | {:.2} s | {peak:.0} MB | |\n",
                took.as_secs_f64()
            ));
        }
        md.push_str(
            "\nPeak memory in process includes the generated input; the binary's is polled from \
             `/proc/PID/status` (VmHWM) while it runs. Before issue 11, 64,000 procedures took 52 s.\n",
        );
        write_section(Path::new(path), "calculators-bench", &md)?;
        eprintln!("written to {path}");
    }
    Ok(())
}
