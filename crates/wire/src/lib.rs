//! The sync protocol (issue 15): what a workstation and `desk-server` say to each other.
//! One definition for both sides — the client serialises these types, the server
//! deserialises the same ones, and the OpenAPI document is generated from them.
//!
//! # The model
//!
//! A workstation's journal is append-only: every write is one audit entry that names the
//! rows it inserted and the SHA-256 of their canonical body (`desk-store`'s
//! `canonical.rs`). An [`Op`] is exactly that entry travelling: its id is the entry's id
//! (UUIDv7), its body the canonical rows, its hash the body's SHA-256. Each workstation
//! numbers its ops `local_seq` 1, 2, 3…; the server stores each op once, gives it the
//! next `server_seq` and extends its own hash chain ([`chain_hash`]). Pulling returns the
//! ops after a `server_seq` with the chain links, so a client can check that nothing was
//! removed or reordered between two pulls.
//!
//! Every request carries [`API_VERSION_HEADER`]; a server refuses another version with
//! [`ErrorCode::ApiVersion`] and a translated message.

mod alarms;
pub mod body;
mod error;
mod ops;
mod session;

pub use alarms::{AlarmKind, AlarmsReply, ServerAlarm};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use ops::{
    Ack, BlobPart, BlobStatus, ChainHead, Op, PullReply, PushReply, PushRequest, ServerOp,
    body_sha256, chain_hash,
};
pub use session::{LoginReply, LoginRequest, Role, UserAccount, UserUpdate, WorkstationIdentity};

/// The protocol version this build speaks. Raised on any incompatible change.
pub const API_VERSION: u32 = 1;
/// The header every request carries with [`API_VERSION`].
pub const API_VERSION_HEADER: &str = "x-desk-api";
/// Where the API lives under the server's URL.
pub const API_PREFIX: &str = "/api/v1";
/// The most ops one push may carry, and one pull returns.
pub const MAX_BATCH: usize = 1000;
/// The largest request body the server reads (bytes); a push of [`MAX_BATCH`] ops fits.
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// Attachments travel in parts of at most this many bytes (the store's part size, 000 §8).
pub const MAX_PART: usize = 20 * 1024 * 1024;
