//! One sync, as a function over the journal and a [`Transport`]: no HTTP in here, so the
//! simulation of issue 16 runs the same algorithm against a server in-process.
//!
//! The order matters (issue 15 item 3):
//! 1. attachments first: an attach op is pushed only once the server holds every part of
//!    its file (the server refuses it otherwise, `blob_missing`); parts it already holds
//!    are not sent again, so an interrupted upload resumes where it stopped;
//! 2. push the outbox in batches of at most [`MAX_BATCH`] in `local_seq` order; an op is
//!    marked acknowledged only after the server's reply names it;
//! 3. pull until the server says there is no more, fetching the parts of an attachment
//!    a page names before that page is applied; the store verifies the server's chain
//!    against the last head it saw and rebuilds projections through the one writer;
//! 4. refresh the cached accounts and roles: the server's are authoritative.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use desk_store::Store;
use desk_wire::{BlobPart, ErrorCode as WireCode, MAX_BATCH, MAX_BODY, Op, PullReply, PushRequest};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::SyncError;
use super::transport::{PartUpload, Transport, TransportError};
use crate::AppError;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    /// Changes of this workstation the server acknowledged.
    pub pushed: u64,
    /// Changes received from the server (of other workstations).
    pub pulled: u64,
    /// Records left conflicted, waiting for a person to resolve them.
    pub conflicts: u64,
    /// Changes still waiting to be sent (0 after a complete sync).
    pub pending_after: u64,
}

/// The parts the server holds of a file, by index and hash; a file it has never seen
/// holds none.
fn server_parts(t: &dyn Transport, server: &str, sha256: &str) -> Result<Vec<BlobPart>, SyncError> {
    match t.blob_status(sha256) {
        Ok(status) => Ok(status.parts),
        Err(TransportError::Refused { body, .. }) if body.error.code == WireCode::NotFound => {
            Ok(Vec::new())
        }
        Err(e) => Err(SyncError::from_transport(e, server)),
    }
}

/// Sends the parts of the files `ops` attach that the server does not hold yet (or holds
/// with another hash): an interrupted upload resumes at the first part it lacks.
fn upload_blobs(
    store: &Store,
    t: &dyn Transport,
    server: &str,
    ops: &[Op],
) -> Result<(), AppError> {
    for need in store.blobs_of_ops(ops)? {
        // A file not complete here cannot be sent; the server then refuses its op
        // (`blob_missing`) and says so.
        let Some(local) = store.blob_parts(&need.sha256)? else {
            continue;
        };
        let held: HashSet<(u32, String)> = server_parts(t, server, &need.sha256)?
            .into_iter()
            .map(|p| (p.index, p.sha256))
            .collect();
        for part in local {
            if held.contains(&(part.index, part.sha256.clone())) {
                continue;
            }
            let bytes = store.read_blob_part(&need.sha256, part.index)?;
            t.put_blob_part(&PartUpload {
                sha256: &need.sha256,
                size: need.size,
                parts: need.parts,
                index: part.index,
                bytes: &bytes,
            })
            .map_err(|e| SyncError::from_transport(e, server))?;
        }
    }
    Ok(())
}

/// Fetches the parts this journal lacks of the files a pulled page attaches, each checked
/// against the hash the server gives for it, before the page is applied.
fn download_blobs(
    store: &Store,
    t: &dyn Transport,
    server: &str,
    page: &PullReply,
) -> Result<(), AppError> {
    for need in store.missing_blobs_of(page)? {
        let parts = server_parts(t, server, &need.sha256)?;
        for index in (0..need.parts).filter(|i| !need.present.contains(i)) {
            // A part the server lacks leaves the file incomplete: applying the page then
            // refuses, and the next sync tries again.
            let Some(part) = parts.iter().find(|p| p.index == index) else {
                continue;
            };
            let bytes = t
                .get_blob_part(&need.sha256, index)
                .map_err(|e| SyncError::from_transport(e, server))?;
            store.write_blob_part(&need.sha256, need.size, index, &part.sha256, &bytes)?;
        }
    }
    Ok(())
}

/// The longest prefix of `ops` whose push stays well inside the server's request limit
/// ([`MAX_BODY`]): a thousand long descriptions must not make every push too large to be
/// read, and so never sent. One op always goes, whatever its size.
fn within_body_limit(mut ops: Vec<Op>) -> Vec<Op> {
    let budget = MAX_BODY / 4 * 3;
    let mut total = 0;
    let keep = ops
        .iter()
        .position(|op| {
            total += serde_json::to_vec(op).map_or(budget, |b| b.len() + 1);
            total > budget
        })
        .unwrap_or(ops.len())
        .max(1);
    ops.truncate(keep);
    ops
}

/// Pushes what is pending and pulls what is new, once. `server` only names the server in
/// messages; `now` stamps the accounts taken from the server (a simulation's clock). The
/// caller records the attempt ([`Store::record_sync_attempt`]).
pub fn sync_once(
    store: &mut Store,
    t: &dyn Transport,
    server: &str,
    now: DateTime<Utc>,
) -> Result<SyncReport, AppError> {
    sync_once_in_batches(store, t, server, now, MAX_BATCH)
}

/// [`sync_once`] with at most `batch` ops per push and per pull page (1 to
/// [`MAX_BATCH`]): the kill tests make an upload many requests long with it.
pub fn sync_once_in_batches(
    store: &mut Store,
    t: &dyn Transport,
    server: &str,
    now: DateTime<Utc>,
    batch: usize,
) -> Result<SyncReport, AppError> {
    let batch = batch.clamp(1, MAX_BATCH);
    let net = |e| SyncError::from_transport(e, server);
    let mut report = SyncReport::default();

    loop {
        let ops = within_body_limit(store.pending_ops(batch)?);
        if ops.is_empty() {
            break;
        }
        upload_blobs(store, t, server, &ops)?;
        let sent = ops.len() as u64;
        let before = store.pending_summary()?.count;
        let reply = t.push(&PushRequest { ops }).map_err(net)?;
        store.acknowledge(&reply.acks)?;
        let after = store.pending_summary()?.count;
        report.pushed += before.saturating_sub(after);
        // A reply that acknowledged nothing would send the same batch forever.
        if after >= before || (reply.acks.len() as u64) < sent {
            return Err(SyncError::Incomplete { pending: after }.into());
        }
    }

    let mut since = store
        .sync_state()?
        .last_head
        .map(|h| h.server_seq)
        .unwrap_or(0);
    loop {
        let page = t.pull(since, batch).map_err(net)?;
        download_blobs(store, t, server, &page)?;
        let applied = store.apply_pulled(&page)?;
        report.pulled += applied.applied as u64;
        let last = page.ops.last().map(|o| o.server_seq);
        match last {
            Some(seq) if page.more => since = seq,
            _ => break,
        }
    }

    let users = t.users().map_err(net)?;
    store.replace_users_from_server(&users, now)?;

    report.conflicts = store.conflicts()?.len() as u64;
    report.pending_after = store.pending_summary()?.count;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn op(local_seq: i64, body_len: usize) -> Op {
        Op {
            op_id: uuid::Uuid::now_v7(),
            local_seq,
            workstation: "AST1".into(),
            author: "boss".into(),
            client_time: chrono::Utc::now(),
            entity: "appeal".into(),
            entity_id: "a".into(),
            action: "register".into(),
            changes: serde_json::json!({}),
            body: "ж".repeat(body_len),
            sha256: String::new(),
        }
    }

    #[test]
    fn a_push_stays_inside_the_servers_request_limit_in_local_order() {
        let small: Vec<Op> = (1..=10).map(|i| op(i, 100)).collect();
        assert_eq!(within_body_limit(small).len(), 10);
        // 1000 ops of 40 KB each: far past 16 MiB in all.
        let big: Vec<Op> = (1..=1000).map(|i| op(i, 20_000)).collect();
        let sent = within_body_limit(big);
        assert!(sent.len() > 100 && sent.len() < 1000, "{}", sent.len());
        assert!(serde_json::to_vec(&sent).unwrap().len() < MAX_BODY);
        assert_eq!(sent.last().unwrap().local_seq, sent.len() as i64);
        // One op larger than the budget still goes alone: the server says if it is too large.
        assert_eq!(within_body_limit(vec![op(1, MAX_BODY)]).len(), 1);
    }
}
