//! The one shape of every error the server returns: a stable code for programs, a message
//! already translated into the language the client asked for (`Accept-Language`: kk, ru,
//! en), and the field it concerns when there is one.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why the server refused a request. The code is stable; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The client speaks another protocol version.
    ApiVersion,
    /// The body is not valid JSON of the expected shape, or too large.
    BadRequest,
    /// No token, an unknown, expired or revoked one.
    Unauthenticated,
    /// Wrong login or password.
    BadCredentials,
    /// Too many login attempts; try again later.
    RateLimited,
    /// The user's role does not allow this.
    Forbidden,
    /// The op names a workstation other than the token's.
    WrongWorkstation,
    /// Another workstation is already registered with this code.
    WorkstationCodeTaken,
    /// The workstation was revoked by a supervisor.
    WorkstationRevoked,
    /// An op's `local_seq` skips a number: the earlier ops must be sent first.
    Gap,
    /// An op's hash is not the SHA-256 of its body.
    HashMismatch,
    /// An op with this id is already stored with a different body (an alarm is raised).
    ReplayChanged,
    /// The op's body is not a valid set of rows, or a version's parent is another record's.
    InvalidOp,
    /// An attachment's parts are not all on the server yet.
    BlobMissing,
    /// The thing asked for does not exist.
    NotFound,
    /// Something failed on the server; the message says nothing more, the log does.
    Internal,
}

impl ErrorCode {
    /// The message id in `assets/i18n/*.ftl`.
    pub fn message_id(self) -> &'static str {
        match self {
            ErrorCode::ApiVersion => "server-error-api-version",
            ErrorCode::BadRequest => "server-error-bad-request",
            ErrorCode::Unauthenticated => "server-error-unauthenticated",
            ErrorCode::BadCredentials => "server-error-bad-credentials",
            ErrorCode::RateLimited => "server-error-rate-limited",
            ErrorCode::Forbidden => "server-error-forbidden",
            ErrorCode::WrongWorkstation => "server-error-wrong-workstation",
            ErrorCode::WorkstationCodeTaken => "server-error-workstation-code-taken",
            ErrorCode::WorkstationRevoked => "server-error-workstation-revoked",
            ErrorCode::Gap => "server-error-gap",
            ErrorCode::HashMismatch => "server-error-hash-mismatch",
            ErrorCode::ReplayChanged => "server-error-replay-changed",
            ErrorCode::InvalidOp => "server-error-invalid-op",
            ErrorCode::BlobMissing => "server-error-blob-missing",
            ErrorCode::NotFound => "server-error-not-found",
            ErrorCode::Internal => "server-error-internal",
        }
    }
}

/// The body of every non-2xx reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// Translated into the request's `Accept-Language` (kk, ru or en).
    pub message: String,
    /// The request field it concerns (`ops[3].sha256`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
