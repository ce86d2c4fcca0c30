//! A refusal: the stable code of [`desk_wire::ErrorCode`], the request field it concerns,
//! and — for the log only — what exactly went wrong. The HTTP layer turns it into an
//! [`desk_wire::ErrorBody`] translated into the client's language.

use desk_wire::ErrorCode;

/// Why the server refused a request or could not answer it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} {field:?}: {detail}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// The request field, `ops[3].sha256`.
    pub field: Option<String>,
    /// For the log; never sent to the client.
    pub detail: String,
    /// Set when the status is not the code's usual one (an oversized body: 413).
    pub status: Option<u16>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError {
            code,
            field: None,
            detail: String::new(),
            status: None,
        }
    }

    /// Names the request field the refusal concerns.
    pub fn field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    /// Adds what the log should say.
    pub fn detail(mut self, detail: impl Into<String>) -> ApiError {
        self.detail = detail.into();
        self
    }

    pub fn with_status(mut self, status: u16) -> ApiError {
        self.status = Some(status);
        self
    }

    /// Something failed on the server: logged here with its cause, sent as a generic
    /// message.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        let detail = cause.to_string();
        tracing::error!(error = %detail, "internal error");
        ApiError::new(ErrorCode::Internal).detail(detail)
    }

    /// The HTTP status this refusal is sent with.
    pub fn status(&self) -> u16 {
        self.status.unwrap_or(match self.code {
            ErrorCode::ApiVersion | ErrorCode::BadRequest => 400,
            ErrorCode::Unauthenticated | ErrorCode::BadCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::WrongWorkstation | ErrorCode::WorkstationRevoked => {
                403
            }
            ErrorCode::NotFound => 404,
            ErrorCode::WorkstationCodeTaken
            | ErrorCode::Gap
            | ErrorCode::ReplayChanged
            | ErrorCode::BlobMissing => 409,
            ErrorCode::HashMismatch | ErrorCode::InvalidOp => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        })
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> ApiError {
        // Class 22, "data exception": a value PostgreSQL cannot hold, such as a NUL
        // character in a text — the client's input, not the server's failure.
        if e.code().is_some_and(|c| c.code().starts_with("22")) {
            return ApiError::new(ErrorCode::BadRequest)
                .detail(format!("database refused a value: {e}"));
        }
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> ApiError {
        ApiError::internal(format!("database pool: {e}"))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
