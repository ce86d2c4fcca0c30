//! `cargo run --release -p desk-bench-docs [-- --rows N] [--no-chromium] [--out FILE]`
//!
//! Times the Journal extract of N rows (default 10,000, about 300 landscape pages) made by
//! `desk-docs`, and the same table as HTML printed to PDF by headless Chromium in the same
//! run; then signing and verifying a PDF with RSA-2048 and ECDSA P-256 keys made by
//! `openssl` for the run. Writes its section of BENCHMARKS.md (`docs-bench`).
//!
//! `-- memory [--out FILE]`: the peak memory of verifying large and hostile PDFs
//! ([`memory`], section `verify-memory`).

mod memory;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{TimeZone, Utc};
use desk_docs::journal::{ExtractOptions, Period, journal_cells, journal_extract, journal_headers};
use desk_i18n::Lang;
use desk_journal::AppealRow;
use desk_journal::workflow::{FailureType, Status};
use desk_sign::pdf::{Stamp, sign_pdf, verify_pdf};
use desk_sign::{P12Signer, TrustStore};
use desk_testkit::benchmarks::write_section;
use desk_testkit::pki::{Ca, Key, PASSWORD};
use desk_testkit::rows::appeal_row_at;
use desk_testkit::tools::have;

/// The section of BENCHMARKS.md this benchmark owns.
const SECTION: &str = "docs-bench";

const ORGS: [&str; 6] = [
    "ТОО «Қазақ Телеком»",
    "АО «Самұрық-Қазына»",
    "ГУ «Отдел образования города Астаны»",
    "ИП «Әлия Серікқызы»",
    "КГП на ПХВ «Алматы Су»",
    "ТОО «Өскемен Құрылыс Сервис»",
];
const DECISIONS: [&str; 4] = [
    "Сбой подтверждён; срок приёма заявок продлён на 1 рабочий день (002 §36)",
    "Іркіліс расталмады: пайдаланушының компьютеріндегі баптаулар себеп болды, түсініктеме жіберілді",
    "Подтверждён сбой модуля подписания договоров, исправлено обновлением сервиса",
    "Өтініш бойынша ақпарат сұратылды, пайдаланушы қосымша скриншоттар жіберді",
];
const RECOMMENDATIONS: [&str; 3] = [
    "Усилить мониторинг нагрузки на модуль ценовых предложений",
    "ЭЦҚ кілттерін сақтау қағидаларын пайдаланушыларға еске салу",
    "Провести нагрузочное тестирование перед релизом",
];

fn rows(n: usize) -> Vec<AppealRow> {
    let base = Utc
        .with_ymd_and_hms(2026, 1, 1, 4, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    (0..n)
        .map(|i| {
            let at = base + chrono::Duration::minutes(47 * i as i64);
            AppealRow {
                contact: format!(
                    "+7 701 {:03} {:02} {:02}, user{i}@example.kz",
                    i % 1000,
                    i % 97,
                    i % 89
                ),
                decision: Some(DECISIONS[i % DECISIONS.len()].to_owned()),
                failure_type: Some(FailureType::ALL[i % FailureType::ALL.len()]),
                recommendations: Some(RECOMMENDATIONS[i % RECOMMENDATIONS.len()].to_owned()),
                status: Status::Confirmed,
                ..appeal_row_at(i as u32 + 1, at, ORGS[i % ORGS.len()])
            }
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

/// The same table as HTML, styled the way one would for printing.
fn html(rows: &[AppealRow], doc: &desk_docs::Document, lang: Lang) -> String {
    let mut h = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"><style>\
         @page { size: A4 landscape; margin: 12mm; }\
         body { font-family: 'DejaVu Sans', sans-serif; font-size: 7.5pt; }\
         h1 { font-size: 11pt; text-align: center; margin: 0 0 4pt; }\
         p.sub { font-size: 9pt; text-align: center; margin: 0; }\
         table { border-collapse: collapse; width: 100%; margin-top: 8pt; }\
         thead { display: table-header-group; }\
         tr { break-inside: avoid; }\
         th, td { border: 0.5pt solid #000; padding: 2.5pt; vertical-align: top; text-align: left; }\
         </style></head><body>",
    );
    for t in &doc.title {
        let _ = write!(h, "<h1>{}</h1>", escape(t));
    }
    for s in &doc.subtitle {
        let _ = write!(h, "<p class=\"sub\">{}</p>", escape(s));
    }
    h.push_str("<table><thead><tr>");
    for c in journal_headers(lang) {
        let _ = write!(h, "<th>{}</th>", escape(&c));
    }
    h.push_str("</tr></thead><tbody>");
    for (i, r) in rows.iter().enumerate() {
        h.push_str("<tr>");
        for c in journal_cells(i + 1, r, lang) {
            let _ = write!(h, "<td>{}</td>", escape(&c));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    for s in &doc.signatures {
        let _ = write!(
            h,
            "<p>{} ______________ {} ______________ {}</p>",
            escape(&s.role),
            escape(&s.signature_label),
            escape(&s.name_label)
        );
    }
    h.push_str("</body></html>");
    h
}

fn pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}

fn mb(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / 1_000_000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn find_chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new("sh")
                .args(["-c", &format!("command -v {c}")])
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        })
}

fn chromium_pdf(exe: &str, html_path: &Path, out: &Path) -> Result<Duration> {
    let profile = tempfile::tempdir()?;
    let t = Instant::now();
    let status = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(html_path)
        .output()?;
    let took = t.elapsed();
    if !out.exists() {
        bail!(
            "chromium wrote no PDF: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    Ok(took)
}

/// A throwaway CA (the test kit's) and one signing key of each kind.
fn keys() -> Result<(Ca, Vec<(&'static str, PathBuf)>)> {
    if !have("openssl") {
        bail!("openssl is not installed");
    }
    let ca = Ca::new();
    let keys = [
        ("RSA-2048", "rsa", Key::Rsa2048),
        ("ECDSA P-256", "ec", Key::P256),
    ]
    .into_iter()
    .map(|(label, name, key)| (label, ca.signer(name, key).p12))
    .collect();
    Ok((ca, keys))
}

fn average(n: u32, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    let t = Instant::now();
    for _ in 0..n {
        f()?;
    }
    Ok(t.elapsed() / n)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("verify-one") {
        let (Some(file), Some(trust)) = (args.get(2), args.get(3)) else {
            bail!("usage: verify-one FILE TRUST_DIR");
        };
        return memory::verify_one(Path::new(file), Path::new(trust));
    }
    let n: usize = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let skip_chromium = args.iter().any(|a| a == "--no-chromium");
    let out_file = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../BENCHMARKS.md"));
    let lang = Lang::Ru;
    let work = tempfile::tempdir()?;
    let memory_only = args.get(1).map(String::as_str) == Some("memory");
    let rows = rows(if memory_only { 5 } else { n });
    let opts = ExtractOptions {
        lang,
        period: Period::parse("01.01.2026", "31.12.2027")?,
        rules: None,
        responsible: Some("Әлиев Нұрлан Серікұлы".into()),
        produced_at: Utc::now(),
        chain_head: Some(format!("{n}:{}", "0".repeat(64))),
    };

    if memory_only {
        let base = desk_docs::pdf::render(&journal_extract(&rows, &opts))?;
        return memory::run(&base, &out_file);
    }

    // Warm the font parse once, as a running app would have.
    desk_docs::pdf::render(&journal_extract(&rows[..1], &opts))?;
    let t = Instant::now();
    let doc = journal_extract(&rows, &opts);
    let ours = desk_docs::pdf::render(&doc)?;
    let ours_time = t.elapsed();
    let ours_pages = pages(&ours);
    std::fs::write(work.path().join("ours.pdf"), &ours)?;
    println!(
        "desk-docs: {n} rows, {ours_pages} pages, {}, {}",
        secs(ours_time),
        mb(ours.len())
    );

    let chromium = if skip_chromium {
        Err("skipped (--no-chromium)".to_owned())
    } else {
        match find_chromium() {
            None => Err("not installed (apt-get install -y chromium)".to_owned()),
            Some(exe) => {
                let html_path = work.path().join("extract.html");
                std::fs::write(&html_path, html(&rows, &doc, lang))?;
                let pdf_path = work.path().join("chromium.pdf");
                let version = Command::new(exe)
                    .arg("--version")
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                    .unwrap_or_default();
                match chromium_pdf(exe, &html_path, &pdf_path) {
                    Ok(took) => {
                        let bytes = std::fs::read(&pdf_path)?;
                        println!(
                            "chromium: {} pages, {}, {}",
                            pages(&bytes),
                            secs(took),
                            mb(bytes.len())
                        );
                        Ok((version, took, bytes.len(), pages(&bytes)))
                    }
                    Err(e) => Err(e.to_string()),
                }
            }
        }
    };

    // Signing and verifying.
    let small = desk_docs::pdf::render(&journal_extract(&rows[..5], &opts))?;
    let mut sign_lines = Vec::new();
    match keys() {
        Err(e) => sign_lines.push(format!("| signing | skipped: {e} | | | |")),
        Ok((ca, keys)) => {
            let store = TrustStore::load_dir(ca.dir.path())?;
            for (name, p12) in keys {
                let p12 = std::fs::read(p12)?;
                let open = average(5, || {
                    P12Signer::open(&p12, PASSWORD, None, Utc::now())?;
                    Ok(())
                })?;
                let signer = P12Signer::open(&p12, PASSWORD, None, Utc::now())?;
                let id = signer.identity();
                let stamp = Stamp {
                    pdf: desk_docs::pdf::render_stamp(
                        "Подписано ЭЦП",
                        &[id.name.clone(), "ИИН 880101300123".into()],
                    )?,
                };
                for (label, pdf, reps) in [
                    ("1 page", &small, 20u32),
                    (&*format!("{ours_pages} pages"), &ours, 3),
                ] {
                    let mut signed = Vec::new();
                    let sign = average(reps, || {
                        signed = sign_pdf(pdf, &signer, Some(&stamp), Utc::now())?;
                        Ok(())
                    })?;
                    let verify = average(reps, || {
                        let checks = verify_pdf(&signed, Some(&store))?;
                        if checks.len() != 1
                            || checks[0].check.status != desk_sign::cms::Status::Valid
                        {
                            bail!("verification failed: {checks:?}");
                        }
                        Ok(())
                    })?;
                    println!(
                        "{name} {label}: open key {}, sign {}, verify {}",
                        ms(open),
                        ms(sign),
                        ms(verify)
                    );
                    sign_lines.push(format!(
                        "| {name} | {label} | {} | {} | {} |",
                        ms(open),
                        ms(sign),
                        ms(verify)
                    ));
                }
            }
        }
    }

    // The section.
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## Documents and signatures (`cargo run --release -p desk-bench-docs`)\n"
    );
    let _ = writeln!(
        s,
        "Measured {} on {cpu} ({cores} cores, shared). Journal extract of {n} generated rows \
         (Kazakh and Russian text), landscape A4, header row on every page, in one run:\n",
        Utc::now().format("%Y-%m-%d")
    );
    let _ = writeln!(s, "| producer | pages | time | size |\n|---|---|---|---|");
    let _ = writeln!(
        s,
        "| desk-docs (printpdf, DejaVu Sans subset) | {ours_pages} | {} | {} |",
        secs(ours_time),
        mb(ours.len())
    );
    match &chromium {
        Ok((version, took, size, p)) => {
            let _ = writeln!(
                s,
                "| {version} `--headless --print-to-pdf` of the same table as HTML | {p} | {} | {} |",
                secs(*took),
                mb(*size)
            );
            let _ = writeln!(
                s,
                "\ndesk-docs is {:.1}× faster and {:.1}× smaller. Chromium's time includes its start-up \
                 (about a second of it); its page count differs because its table layout differs.",
                took.as_secs_f64() / ours_time.as_secs_f64().max(1e-9),
                *size as f64 / ours.len().max(1) as f64
            );
        }
        Err(why) => {
            let _ = writeln!(s, "| Chromium | – | {why} | – |");
        }
    }
    let _ = writeln!(
        s,
        "\nSigning (PKCS#12 key made by openssl, visible stamp, incremental update) and verifying \
         (CMS, digest over the byte ranges, chain to the trust store, revision diff), mean per document:\n"
    );
    let _ = writeln!(
        s,
        "| key | document | open PKCS#12 | sign | verify |\n|---|---|---|---|---|"
    );
    for l in &sign_lines {
        let _ = writeln!(s, "{l}");
    }

    write_section(&out_file, SECTION, &s).with_context(|| out_file.display().to_string())?;
    println!("wrote {}", out_file.display());
    Ok(())
}
