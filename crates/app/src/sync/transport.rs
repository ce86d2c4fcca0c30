//! What the sync needs from the network, as a small trait: [`super::engine::sync_once`]
//! speaks to a server only through it, so the real HTTP client ([`super::http`]) and the
//! deterministic simulation of issue 16 (a server in-process, faults injected) plug in
//! the same way. A transport is bound to one server and, once logged in, one token.

use desk_wire::{
    BlobStatus, ErrorBody, LoginReply, LoginRequest, PullReply, PushReply, PushRequest, UserAccount,
};

/// Why a request did not get the reply it asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer at all: no route, refused connection, a timeout, a TLS failure.
    #[error("the server cannot be reached: {0}")]
    Unreachable(String),
    /// The server answered with an error body (its message is already translated into
    /// the language the request asked for).
    #[error("the server refused ({status}): {body:?}")]
    Refused { status: u16, body: ErrorBody },
    /// The server answered something that is not the protocol: a proxy's page, a reply
    /// that does not parse.
    #[error("unexpected reply: {0}")]
    Protocol(String),
}

/// One part of an attachment file on its way to the server.
#[derive(Debug, Clone, Copy)]
pub struct PartUpload<'a> {
    /// The whole file's SHA-256.
    pub sha256: &'a str,
    /// The whole file's size in bytes and number of parts.
    pub size: u64,
    pub parts: u32,
    /// This part's place, from 0, and its bytes.
    pub index: u32,
    pub bytes: &'a [u8],
}

/// One server, as the sync algorithm sees it (the endpoints of `desk_wire`, under
/// [`desk_wire::API_PREFIX`]).
pub trait Transport {
    /// `POST login`: a token for this user on this workstation.
    fn login(&self, request: &LoginRequest) -> Result<LoginReply, TransportError>;
    /// `POST logout`: the token is revoked.
    fn logout(&self) -> Result<(), TransportError>;
    /// `GET users`: the accounts and roles the server holds.
    fn users(&self) -> Result<Vec<UserAccount>, TransportError>;
    /// `POST push`.
    fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError>;
    /// `GET pull?since=N&limit=M`.
    fn pull(&self, since: i64, limit: usize) -> Result<PullReply, TransportError>;
    /// `GET blobs/{sha256}`: the parts of an attachment the server holds.
    fn blob_status(&self, sha256: &str) -> Result<BlobStatus, TransportError>;
    /// `PUT blobs/{sha256}/parts/{index}?parts=P&size=S`.
    fn put_blob_part(&self, part: &PartUpload<'_>) -> Result<(), TransportError>;
    /// `GET blobs/{sha256}/parts/{index}`.
    fn get_blob_part(&self, sha256: &str, index: u32) -> Result<Vec<u8>, TransportError>;
}
