//! Ops, pushing and pulling.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

/// One audit entry of a workstation with the rows it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Op {
    /// The audit entry's id (UUIDv7).
    pub op_id: Uuid,
    /// 1, 2, 3… per workstation, without gaps.
    pub local_seq: i64,
    /// The code of the workstation that wrote it.
    pub workstation: String,
    /// The login of the user who made the change.
    pub author: String,
    /// The workstation's clock when it was written: shown, never trusted for order.
    pub client_time: DateTime<Utc>,
    /// What the entry is about: `appeal`, `user`, `setting`.
    pub entity: String,
    pub entity_id: String,
    /// What was done: `register`, `triage`, `correct`, `event`, `link`, `attach`, …
    pub action: String,
    /// The entry's own record of what changed (`{"field": [old, new]}`), for history.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// The canonical body: the compact JSON `["desk-body-1", [table, value…], …]`.
    pub body: String,
    /// SHA-256 (hex, lower case) of `body`.
    pub sha256: String,
}

/// SHA-256 (hex, lower case) of an op's body.
pub fn body_sha256(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

/// The server's chain: each stored op's link covers the previous link, its place and what
/// it is, so a pulled range that lost, gained or reordered an op no longer links up.
pub fn chain_hash(prev: &str, server_seq: i64, op: &Op) -> String {
    let content = serde_json::json!([
        prev,
        server_seq,
        op.op_id.to_string(),
        op.workstation,
        op.local_seq,
        op.sha256
    ]);
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

/// `POST /api/v1/push`: ops of the token's workstation in `local_seq` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PushRequest {
    pub ops: Vec<Op>,
}

/// What the server holds for an op; the same reply for an op pushed again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Ack {
    pub op_id: Uuid,
    pub local_seq: i64,
    pub server_seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PushReply {
    /// One per op of the request, in its order.
    pub acks: Vec<Ack>,
    pub head: ChainHead,
}

/// The newest link of the server's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChainHead {
    pub server_seq: i64,
    pub hash: String,
}

/// An op as the server stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServerOp {
    pub server_seq: i64,
    /// The previous link's hash (empty before the first op).
    pub prev_hash: String,
    /// [`chain_hash`] of this op.
    pub hash: String,
    pub op: Op,
}

/// `GET /api/v1/pull?since=N&limit=M`: ops with `server_seq > since`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PullReply {
    pub ops: Vec<ServerOp>,
    pub head: ChainHead,
    /// Whether more ops follow the last one returned.
    pub more: bool,
}

/// `GET /api/v1/blobs/{sha256}`: which parts of an attachment the server holds, so an
/// interrupted upload resumes where it stopped.
///
/// Uploading: `PUT /api/v1/blobs/{sha256}/parts/{index}?parts=N&size=S`, the body the
/// part's bytes (`index` from 0, at most [`crate::MAX_PART`] bytes; every part states the
/// same `N` parts and `S` bytes of the whole); the reply is this status. The blob is
/// complete once all `N` parts are there and their concatenation is `S` bytes with the
/// SHA-256 `sha256`; parts that do not add up are all dropped and refused with
/// `hash_mismatch`. An attach op is accepted only for a complete blob (`blob_missing`).
/// Downloading: `GET /api/v1/blobs/{sha256}/parts/{index}` (`application/octet-stream`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BlobStatus {
    pub sha256: String,
    pub parts: Vec<BlobPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BlobPart {
    pub index: u32,
    pub size: u64,
    /// SHA-256 of the part's bytes.
    pub sha256: String,
}
