//! One seed: the scheduler. Workstations register appeals and sync cleanly so they all
//! hold the same first appeals; then, offline and under faults, each makes its edits in
//! an order the seed draws, syncing now and then through links that lose, duplicate and
//! replay requests, with partitions and crashes; then every link heals and all sync
//! until nothing moves (quiescence), and the invariants are checked.

use std::cell::RefCell;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use desk_app::sync::sync_once;

use crate::check::{self, Outcome};
use crate::link::{Link, Net};
use crate::rng::Rng;
use crate::server::SimServer;
use crate::workstation::Workstation;

/// How big one seed's run is.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub workstations: usize,
    pub edits: u32,
    /// Appeals each workstation registers before going offline.
    pub seeded: u32,
}

impl Default for Scale {
    fn default() -> Scale {
        Scale {
            workstations: 5,
            edits: 200,
            seeded: 2,
        }
    }
}

pub const SERVER: &str = "sim";

/// The scheduler's clock: one second a step from a fixed instant, so a seed replays the
/// same times (each workstation adds its own skew).
fn clock(step: u64) -> DateTime<Utc> {
    let start = Utc
        .with_ymd_and_hms(2026, 6, 15, 6, 0, 0)
        .single()
        .unwrap_or_default();
    start + Duration::seconds(step as i64)
}

fn login(server: &SimServer, ws: &mut Workstation) -> anyhow::Result<String> {
    if let Some(t) = &ws.token {
        return Ok(t.clone());
    }
    let identity = ws.store()?.workstation_identity()?;
    let reply = server
        .login(identity)
        .map_err(|e| anyhow::anyhow!("login of {}: {e}", ws.code))?;
    ws.token = Some(reply.token.clone());
    Ok(reply.token)
}

/// One sync attempt of workstation `i`; a failure is the link's, and leaves the rest
/// pending. Returns whether anything moved.
fn sync(
    server: &SimServer,
    net: &RefCell<Net>,
    ws: &mut Workstation,
    i: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let token = login(server, ws)?;
    // The workstation's own (skewed) clock stamps what the sync records.
    let now = ws.now(now);
    let link = Link {
        server,
        net,
        ws: i,
        token,
    };
    let result = sync_once(ws.store()?, &link, SERVER, now);
    if std::mem::take(&mut net.borrow_mut().crashed[i]) {
        ws.crash_and_reopen()?;
    }
    match result {
        Ok(report) => Ok(report.pushed > 0 || report.pulled > 0),
        Err(e) => {
            let healed = net.borrow().healed;
            if healed {
                anyhow::bail!("{}: sync failed with every link healed: {e}", ws.code);
            }
            if e.code() != desk_app::ErrorCode::Offline {
                net.borrow_mut().violations.push(format!(
                    "{}: a faulty link made the sync fail with {:?}: {e}",
                    ws.code,
                    e.code()
                ));
            }
            Ok(true)
        }
    }
}

/// Runs seed `seed` on `server` (reset first) with journals under `root`.
pub fn run_seed(
    server: &SimServer,
    root: &std::path::Path,
    seed: u64,
    scale: Scale,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    server.reset()?;
    let dir = tempfile::Builder::new()
        .prefix(&format!("seed-{seed}-"))
        .tempdir_in(root)?;
    let mut rng = Rng::new(seed);
    let net = RefCell::new(Net::new(seed, scale.workstations));
    let mut ws = (0..scale.workstations)
        .map(|i| {
            let skew = rng.range(-24 * 3600, 24 * 3600);
            Workstation::open(
                &format!("SIM{}", i + 1),
                dir.path().join(format!("ws{i}")),
                skew,
            )
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut step = 0u64;

    // The shared appeals: registered everywhere and synced with no fault.
    net.borrow_mut().healed = true;
    for w in ws.iter_mut() {
        for _ in 0..scale.seeded {
            w.register(&mut rng, clock(step))?;
            step += 1;
        }
    }
    for _ in 0..2 {
        for (i, w) in ws.iter_mut().enumerate() {
            sync(server, &net, w, i, clock(step))?;
        }
    }
    net.borrow_mut().healed = false;

    // Offline work under faults.
    let target = scale.edits + scale.seeded;
    while ws.iter().any(|w| w.edits + w.refused < target) {
        step += 1;
        let now = clock(step);
        {
            let mut n = net.borrow_mut();
            for o in n.offline.iter_mut() {
                *o = o.saturating_sub(1);
            }
            if n.rng.chance(2) {
                let i = n.rng.below(scale.workstations);
                let len = n.rng.range(20, 200) as u32;
                n.offline[i] = len;
                n.faults.partitions += 1;
            }
        }
        let i = rng.below(scale.workstations);
        let w = &mut ws[i];
        match rng.below(100) {
            0..80 if w.edits + w.refused < target => w.edit(&mut rng, now)?,
            80..83 => {
                // A crash between edits (the window closed by force).
                net.borrow_mut().faults.crashes += 1;
                w.crash_and_reopen()?;
            }
            _ => {
                sync(server, &net, w, i, now)?;
            }
        }
    }

    // Quiescence: every link healed, all sync until a round moves nothing.
    net.borrow_mut().healed = true;
    let mut rounds = 0;
    loop {
        rounds += 1;
        anyhow::ensure!(rounds < 20, "no quiescence after {rounds} rounds");
        let mut moved = false;
        for (i, w) in ws.iter_mut().enumerate() {
            step += 1;
            moved |= sync(server, &net, w, i, clock(step))?;
        }
        if !moved {
            break;
        }
    }

    let mut outcome = check::invariants(server, &mut ws, &net, dir.path(), clock(step + 1))?;
    outcome.seed = seed;
    outcome.elapsed = started.elapsed();
    outcome.faults = net.borrow().faults.clone();
    Ok(outcome)
}
