//! `cargo run --release -p desk-bench-docs -- memory` (issue 14 item 6): the peak memory
//! of verifying a signed PDF of 10 MB and of 100 MB, and of reading a small file whose
//! stream inflates to a gigabyte (a decompression bomb). Each verification runs in a
//! child process of its own, so its peak resident memory (VmHWM) is its alone. Writes its
//! section of BENCHMARKS.md (`verify-memory`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use desk_sign::pdf::{sign_pdf, verify_pdf};
use desk_sign::{P12Signer, TrustStore};
use desk_testkit::benchmarks::write_section;
use desk_testkit::pki::{Ca, Key, PASSWORD};
use lopdf::{Dictionary, Object, Stream};

const SECTION: &str = "verify-memory";

/// Pseudo-random bytes: incompressible, so the file is as large as asked.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// `base` with one more stream object of `payload` (with `filter`, if any) referenced
/// from the catalog, so every reader meets it.
fn with_stream(base: &[u8], payload: Vec<u8>, filter: Option<&str>) -> Result<Vec<u8>> {
    let mut doc = lopdf::Document::load_mem(base)?;
    let mut dict = Dictionary::new();
    if let Some(f) = filter {
        dict.set("Filter", Object::Name(f.as_bytes().to_vec()));
    }
    let id = doc.add_object(Stream::new(dict, payload).with_compression(false));
    let root = doc.trailer.get(b"Root")?.as_reference()?;
    doc.get_object_mut(root)?
        .as_dict_mut()?
        .set("PieceInfo", Object::Reference(id));
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// Zlib-compressed zeros that inflate to `inflated` bytes, compressed piece by piece so
/// the bomb is never whole in memory here.
fn bomb(inflated: usize) -> Result<Vec<u8>> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    let mut left = inflated;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n])?;
        left -= n;
    }
    Ok(z.finish()?)
}

/// This process's peak resident memory (Linux: VmHWM), in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The child's side: reads and verifies one file, prints
/// `<peak KiB> <seconds> <verdict>` on one line.
pub fn verify_one(file: &Path, trust_dir: &Path) -> Result<()> {
    let store = TrustStore::load_dir(trust_dir)?;
    let t = Instant::now();
    let bytes = std::fs::read(file)?;
    let verdict = match verify_pdf(&bytes, Some(&store)) {
        Ok(found) if found.is_empty() => "no signature".to_owned(),
        Ok(found) => format!("{:?}", found[0].check.status),
        Err(e) => format!("refused: {e}"),
    };
    let took = t.elapsed().as_secs_f64();
    println!("{} {took:.3} {verdict}", peak_rss_kib());
    Ok(())
}

struct Line {
    what: String,
    size: usize,
    peak_kib: u64,
    seconds: f64,
    verdict: String,
}

fn measure(what: &str, file: &Path, trust_dir: &Path) -> Result<Line> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("verify-one")
        .arg(file)
        .arg(trust_dir)
        .output()?;
    if !out.status.success() {
        bail!(
            "verifying {what} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let mut parts = text.splitn(3, ' ');
    let peak_kib = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let seconds = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0.0);
    let verdict = parts.next().unwrap_or("").to_owned();
    let line = Line {
        what: what.to_owned(),
        size: std::fs::metadata(file)?.len() as usize,
        peak_kib,
        seconds,
        verdict,
    };
    println!(
        "{what}: {:.1} MB, peak {} MiB, {:.2} s, {}",
        line.size as f64 / 1e6,
        line.peak_kib / 1024,
        line.seconds,
        line.verdict
    );
    Ok(line)
}

pub fn run(base_pdf: &[u8], out_file: &Path) -> Result<()> {
    let work = tempfile::tempdir()?;
    let ca = Ca::new();
    let p12 = std::fs::read(ca.signer("memory", Key::P256).p12)?;
    let signer = P12Signer::open(&p12, PASSWORD, None, Utc::now())?;
    let mut lines = Vec::new();
    for mb in [10usize, 100] {
        let padded = with_stream(base_pdf, noise(mb * 1_000_000), None)?;
        let signed = sign_pdf(&padded, &signer, None, Utc::now())?;
        let file = work.path().join(format!("signed-{mb}mb.pdf"));
        std::fs::write(&file, &signed)?;
        lines.push(measure(
            &format!("signed PDF of {mb} MB"),
            &file,
            ca.dir.path(),
        )?);
    }
    let inflated = 1usize << 30;
    let bombed = with_stream(base_pdf, bomb(inflated)?, Some("FlateDecode"))?;
    let signed =
        sign_pdf(&bombed, &signer, None, Utc::now()).context("signing the file with the bomb")?;
    let file = work.path().join("bomb.pdf");
    std::fs::write(&file, &signed)?;
    lines.push(measure(
        "signed PDF with a stream inflating to 1 GiB",
        &file,
        ca.dir.path(),
    )?);

    let mut s = String::new();
    let _ = writeln!(
        s,
        "## Verifying large and hostile PDFs: peak memory (issue 14 item 6)\n\n\
         `cargo run --release -p desk-bench-docs -- memory`, {}: a signed journal extract padded \
         with an incompressible stream to the size shown, and one padded with a zlib stream of \
         zeros that inflates to 1 GiB (a decompression bomb; streams stop inflating at {} MiB). \
         Each file is read and verified (CMS, byte ranges, chain, revisions) by a child process \
         of its own; its peak resident memory (VmHWM) includes the file read whole.\n",
        Utc::now().format("%Y-%m-%d"),
        desk_sign::pdf::MAX_DECOMPRESSED >> 20
    );
    let _ = writeln!(
        s,
        "| file | size | verify | peak memory | verdict |\n|---|---|---|---|---|"
    );
    for l in &lines {
        let _ = writeln!(
            s,
            "| {} | {:.1} MB | {:.2} s | {} MiB | {} |",
            l.what,
            l.size as f64 / 1e6,
            l.seconds,
            l.peak_kib / 1024,
            l.verdict
        );
    }
    write_section(out_file, SECTION, &s).with_context(|| out_file.display().to_string())?;
    println!("wrote {}", out_file.display());
    Ok(())
}
