//! `desk-sim bench` (issue 16 item 5): changes from 4 workstations through the real
//! desk-server over HTTP on loopback (the real client transport, the real journals),
//! pushed and then pulled by a fresh workstation, against a bulk `COPY` of the same rows
//! into the same PostgreSQL in the same run (the physical limit on this machine).

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Duration as Span, TimeZone, Utc};
use desk_app::desk_i18n::Lang;
use desk_app::sync::http::HttpTransport;
use desk_app::sync::{Transport, sync_once};
use desk_journal::time::to_astana_display;
use desk_journal::{NewAppeal, WorkstationCode};
use desk_store::{Actor, Store};
use desk_wire::{LoginRequest, MAX_BATCH, PushRequest};

use crate::server::{PASSWORD, SimServer, USER};

#[derive(Debug, Clone)]
pub struct BenchFigures {
    pub changes: u64,
    pub workstations: usize,
    pub push: Duration,
    pub pull: Duration,
    pub copy: Duration,
    pub copy_rows: u64,
    pub pull_peak_rss_kib: u64,
    pub generate: Duration,
}

impl BenchFigures {
    pub fn push_rate(&self) -> f64 {
        self.changes as f64 / self.push.as_secs_f64()
    }
    pub fn pull_rate(&self) -> f64 {
        self.changes as f64 / self.pull.as_secs_f64()
    }
    pub fn copy_rate(&self) -> f64 {
        self.copy_rows as f64 / self.copy.as_secs_f64()
    }
}

/// The process's peak resident memory since the last reset (Linux: VmHWM).
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

fn reset_peak_rss() {
    // Writing 5 to clear_refs resets VmHWM to the current resident size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Starts the real desk-server on a loopback port in a thread of its own.
fn start_http(database_url: &str) -> anyhow::Result<String> {
    let text = format!(
        "database_url = \"{database_url}\"\nlisten = \"127.0.0.1:0\"\n[password_hash]\nmemory_kib = 256\niterations = 1\n"
    );
    let config = desk_server::Config::from_toml(&text, |_| None)?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build();
        if let Ok(rt) = rt {
            let result = rt.block_on(desk_server::serve(&config, move |addr| {
                let _ = tx.send(addr);
            }));
            if let Err(e) = result {
                eprintln!("desk-server: {e:#}");
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .context("desk-server did not start")?;
    Ok(format!("http://{addr}"))
}

fn journal(dir: &std::path::Path, code: &str) -> anyhow::Result<Store> {
    let mut store = Store::open_in_dir(dir)?;
    store.set_workstation(&WorkstationCode::parse(code)?, &Actor { user: USER.into() })?;
    Ok(store)
}

fn logged_in(base: &str, store: &mut Store, code: &str) -> anyhow::Result<HttpTransport> {
    let t = HttpTransport::new(base, Lang::En, None);
    let reply = t
        .login(&LoginRequest {
            login: USER.into(),
            password: PASSWORD.into(),
            workstation: store.workstation_identity()?,
        })
        .map_err(|e| anyhow::anyhow!("login of {code}: {e}"))?;
    Ok(HttpTransport::new(base, Lang::En, Some(reply.token)))
}

pub fn run(
    database_url: &str,
    root: &std::path::Path,
    changes: u64,
) -> anyhow::Result<BenchFigures> {
    let server = SimServer::start(database_url)?; // migrations and the account
    let base = start_http(database_url)?;
    let workstations = 4;
    let per = changes / workstations as u64;
    let actor = Actor { user: USER.into() };
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 4, 0, 0)
        .single()
        .unwrap_or_default();

    let generating = Instant::now();
    let mut stores = Vec::new();
    for i in 0..workstations {
        let code = format!("BEN{}", i + 1);
        let mut store = journal(&root.join(&code), &code)?;
        let forms: Vec<_> = (0..per)
            .map(|n| {
                let at = start + Span::seconds(n as i64 * 7);
                let form = NewAppeal {
                    organisation: format!("ТОО «{code}-{n}»"),
                    bin_iin: "971240001315".into(),
                    received_at: to_astana_display(at),
                    channel: "email".into(),
                    contact: "user@example.kz".into(),
                    description: "Баға ұсынысы жүктелмейді".into(),
                    ..Default::default()
                };
                form.validate(at + Span::minutes(5))
                    .map(|v| (v, at + Span::minutes(5)))
                    .map_err(|e| anyhow::anyhow!("{e:?}"))
            })
            .collect::<anyhow::Result<_>>()?;
        store.register_appeals_bulk(forms.iter().map(|(v, at)| (v, *at)), &actor)?;
        stores.push((code, store));
    }
    let generate = generating.elapsed();
    eprintln!("generated {changes} changes in {generate:.1?}");

    // Push: the engine's loop (batches of MAX_BATCH in local order, acknowledged after
    // the reply) over the real HTTP transport, workstation after workstation.
    let mut sent = 0u64;
    let pushing = Instant::now();
    for (code, store) in stores.iter_mut() {
        let t = logged_in(&base, store, code)?;
        loop {
            let ops = store.pending_ops(MAX_BATCH)?;
            if ops.is_empty() {
                break;
            }
            let reply = t
                .push(&PushRequest { ops })
                .map_err(|e| anyhow::anyhow!("push of {code}: {e}"))?;
            sent += reply.acks.len() as u64;
            store.acknowledge(&reply.acks)?;
        }
    }
    let push = pushing.elapsed();
    eprintln!("pushed {sent} in {push:.1?}");

    // Pull: a fresh workstation takes the whole ledger with the real engine.
    let mut fresh = journal(&root.join("FRESH"), "NEW1")?;
    let t = logged_in(&base, &mut fresh, "NEW1")?;
    reset_peak_rss();
    let pulling = Instant::now();
    let report = sync_once(&mut fresh, &t, "bench", Utc::now())?;
    let pull = pulling.elapsed();
    let pull_peak_rss_kib = peak_rss_kib();
    eprintln!("pulled {} in {pull:.1?}", report.pulled);
    anyhow::ensure!(
        report.pulled == sent,
        "the fresh workstation pulled {} of {sent}",
        report.pulled
    );

    // The physical limit: the same rows, COPY'd into copies of the same tables.
    server.execute(
        "CREATE TABLE ops_copy (LIKE ops INCLUDING ALL); CREATE TABLE versions_copy (LIKE versions INCLUDING ALL);",
    )?;
    let (ops_rows, versions_rows) = (copy_out(&server, "ops")?, copy_out(&server, "versions")?);
    let copying = Instant::now();
    let copy_rows = copy_in(&server, "ops_copy", &ops_rows)?;
    copy_in(&server, "versions_copy", &versions_rows)?;
    let copy = copying.elapsed();
    Ok(BenchFigures {
        changes: sent,
        workstations,
        push,
        pull,
        copy,
        copy_rows,
        pull_peak_rss_kib,
        generate,
    })
}

fn copy_out(server: &SimServer, table: &str) -> anyhow::Result<Vec<u8>> {
    server.copy_out(&format!("COPY {table} TO STDOUT"))
}

fn copy_in(server: &SimServer, table: &str, data: &[u8]) -> anyhow::Result<u64> {
    server.copy_in(&format!("COPY {table} FROM STDIN"), data)
}
