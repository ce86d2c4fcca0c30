//! The invariants after quiescence (issue 16 item 1): 0 lost, 0 duplicated,
//! per-workstation order kept, every replica equal to the server, every chain
//! verifying, every concurrent edit kept as a conflict.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use desk_app::sync::sync_once;
use desk_store::Store;
use desk_wire::{MAX_BATCH, ServerOp, body_sha256, chain_hash};

use crate::link::{Faults, Link, Net};
use crate::server::SimServer;
use crate::workstation::{Workstation, Written};

/// What one seed did and what its checks found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub seed: u64,
    pub elapsed: Duration,
    pub faults: Faults,
    /// Ops on the server after quiescence.
    pub ops: u64,
    pub edits: u64,
    pub versions: u64,
    pub conflicts: u64,
    /// Every invariant that failed, in words.
    pub problems: Vec<String>,
}

/// A replica's content, each table's rows sorted.
pub fn dump(store: &Store) -> anyhow::Result<desk_testkit::replica::Dump> {
    Ok(desk_testkit::replica::dump(store.connection())?)
}

/// The first difference between two dumps, in words.
fn difference(
    a: &BTreeMap<String, Vec<Vec<String>>>,
    b: &BTreeMap<String, Vec<Vec<String>>>,
) -> Option<String> {
    for (table, rows) in a {
        let other = b.get(table)?;
        if rows != other {
            let only_a: Vec<_> = rows.iter().filter(|r| !other.contains(r)).take(2).collect();
            let only_b: Vec<_> = other.iter().filter(|r| !rows.contains(r)).take(2).collect();
            return Some(format!(
                "{table}: {} rows against {}; only in the server's replica {only_a:?}; only here {only_b:?}",
                rows.len(),
                other.len()
            ));
        }
    }
    None
}

/// Per appeal, how many branches the versions written everywhere make: the tips (a
/// version no other names as parent) beyond the first.
fn expected_branches(written: &[Written]) -> BTreeMap<String, usize> {
    let parents: BTreeSet<&str> = written.iter().filter_map(|w| w.parent.as_deref()).collect();
    let mut tips: BTreeMap<String, usize> = BTreeMap::new();
    for w in written {
        if !parents.contains(w.version_id.as_str()) {
            *tips.entry(w.appeal_id.clone()).or_default() += 1;
        }
    }
    tips.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(a, n)| (a, n - 1))
        .collect()
}

fn conflicts_of(store: &Store) -> anyhow::Result<BTreeMap<String, usize>> {
    Ok(store
        .conflicts()?
        .into_iter()
        .map(|c| (c.appeal_id, c.branches.len()))
        .collect())
}

/// The whole server chain, page by page, as a workstation pulls it.
fn server_chain(server: &SimServer, token: &str) -> anyhow::Result<Vec<ServerOp>> {
    let mut all = Vec::new();
    let mut since = 0;
    loop {
        let page = server
            .pull(token, since, MAX_BATCH)
            .map_err(|e| anyhow::anyhow!("pull: {e}"))?;
        let more = page.more;
        if let Some(last) = page.ops.last() {
            since = last.server_seq;
        }
        all.extend(page.ops);
        if !more {
            return Ok(all);
        }
    }
}

pub fn invariants(
    server: &SimServer,
    ws: &mut [Workstation],
    net: &RefCell<Net>,
    root: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let mut out = Outcome::default();
    let mut problems = Vec::new();

    // The server's replica: a fresh workstation that only pulls.
    let mut observer = Workstation::open("SIMX", root.join("observer"), 0)?;
    let identity = observer.store()?.workstation_identity()?;
    let token = server
        .login(identity)
        .map_err(|e| anyhow::anyhow!("observer login: {e}"))?
        .token;
    let link = Link {
        server,
        net,
        ws: 0,
        token: token.clone(),
    };
    sync_once(observer.store()?, &link, crate::run::SERVER, now)?;

    // The chain: every link covers the previous one and every body its hash.
    let chain = server_chain(server, &token)?;
    out.ops = chain.len() as u64;
    let mut prev = String::new();
    for (i, so) in chain.iter().enumerate() {
        if so.server_seq != i as i64 + 1 {
            problems.push(format!("server_seq {} at place {}", so.server_seq, i + 1));
        }
        if so.prev_hash != prev || chain_hash(&prev, so.server_seq, &so.op) != so.hash {
            problems.push(format!("server chain broken at {}", so.server_seq));
        }
        if body_sha256(&so.op.body) != so.op.sha256 {
            problems.push(format!("op {} body does not match its hash", so.op.op_id));
        }
        prev = so.hash.clone();
    }

    // 0 duplicated; per-workstation order kept.
    let ids: BTreeSet<String> = chain.iter().map(|o| o.op.op_id.to_string()).collect();
    if ids.len() != chain.len() {
        problems.push(format!("{} ops, {} distinct", chain.len(), ids.len()));
    }
    let mut by_ws: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for so in &chain {
        by_ws
            .entry(&so.op.workstation)
            .or_default()
            .push(so.op.local_seq);
    }
    for (code, seqs) in &by_ws {
        let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
        if *seqs != expected {
            problems.push(format!(
                "{code}: local_seq in server order is not 1..{}",
                seqs.len()
            ));
        }
    }

    // 0 lost: every edit's op on the server, and every op of a workstation's outbox.
    let observed = dump(observer.store()?)?;
    let mut written = Vec::new();
    for w in ws.iter_mut() {
        out.edits += u64::from(w.edits);
        for op in &w.ops {
            if !ids.contains(op) {
                problems.push(format!("{}: edit op {op} is not on the server", w.code));
            }
        }
        let outbox: i64 =
            w.store()?
                .connection()
                .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
        let on_server = by_ws.get(w.code.as_str()).map_or(0, Vec::len) as i64;
        if outbox != on_server {
            problems.push(format!(
                "{}: {outbox} ops in its outbox, {on_server} on the server",
                w.code
            ));
        }
        let pending = w.store()?.pending_summary()?.count;
        if pending != 0 {
            problems.push(format!("{}: {pending} changes still pending", w.code));
        }
        written.extend(w.versions.iter().cloned());

        // Every replica equal to the server's.
        let mine = dump(w.store()?)?;
        if let Some(d) = difference(&observed, &mine) {
            problems.push(format!("{} differs from the server: {d}", w.code));
        }
        let v = w.store()?.verify(None, &mut |_| {})?;
        if v.problem_count != 0 {
            problems.push(format!("{}: verify found {:?}", w.code, v.problems));
        }
    }
    let v = observer.store()?.verify(None, &mut |_| {})?;
    if v.problem_count != 0 {
        problems.push(format!(
            "the server's replica: verify found {:?}",
            v.problems
        ));
    }

    // Every version written is on the server once; every concurrent edit a branch.
    let server_versions: i64 = server.query("SELECT COUNT(*) FROM versions")?[0].get(0);
    out.versions = written.len() as u64;
    if server_versions != written.len() as i64 {
        problems.push(format!(
            "{} versions written, {server_versions} on the server",
            written.len()
        ));
    }
    let expected = expected_branches(&written);
    out.conflicts = expected.len() as u64;
    let observed_conflicts = conflicts_of(observer.store()?)?;
    if observed_conflicts != expected {
        problems.push(format!(
            "conflicts: expected {expected:?}, the server's replica shows {observed_conflicts:?}"
        ));
    }
    for w in ws.iter_mut() {
        if conflicts_of(w.store()?)? != observed_conflicts {
            problems.push(format!(
                "{}: conflicts differ from the server's replica",
                w.code
            ));
        }
    }
    problems.extend(net.borrow().violations.iter().cloned());
    out.problems = problems;
    Ok(out)
}
