//! Why a sync, a login or a logout did not happen, worded for the person at the
//! keyboard: the server's own message when it refused (already translated, as the
//! request asked for the user's language), never a status code or a protocol term.

use desk_i18n::{Lang, tr};
use desk_wire::ErrorCode as WireCode;

use super::credentials::KeyringError;
use super::transport::TransportError;
use crate::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// No server address is saved: the workstation works offline.
    #[error("no sync server is configured")]
    NotConfigured,
    /// A server is saved but sync is turned off in the settings.
    #[error("sync is turned off")]
    Disabled,
    /// No token for this journal in the keyring.
    #[error("not logged in to the sync server")]
    NotLoggedIn,
    /// The token's time is up, or the server no longer accepts it (revoked).
    #[error("the login to the sync server has expired")]
    TokenExpired,
    /// What was typed as the server's address is not one.
    #[error("not a server address: {0}")]
    BadServerUrl(String),
    /// `desk login` without a password on the terminal or in `DESK_PASSWORD`.
    #[error("no password given")]
    PasswordNeeded,
    #[error("the server {server} cannot be reached: {detail}")]
    Unreachable { server: String, detail: String },
    /// The server refused, with its translated message.
    #[error("the server refused ({code:?}): {message}")]
    Refused { code: WireCode, message: String },
    /// The server speaks another protocol version.
    #[error("the server speaks another protocol version: {message}")]
    UpdateNeeded { message: String },
    /// The server answered something that is not the protocol.
    #[error("unexpected reply from {server}: {detail}")]
    Protocol { server: String, detail: String },
    #[error(transparent)]
    Keyring(#[from] KeyringError),
    /// A sync ended with changes still not sent (the server acknowledged fewer than it
    /// was given).
    #[error("{pending} changes are still not sent")]
    Incomplete { pending: u64 },
}

impl SyncError {
    /// What a transport's failure means for the user; `server` names the server in the
    /// message.
    pub fn from_transport(e: TransportError, server: &str) -> SyncError {
        match e {
            TransportError::Unreachable(detail) => SyncError::Unreachable {
                server: server.to_owned(),
                detail,
            },
            TransportError::Protocol(detail) => SyncError::Protocol {
                server: server.to_owned(),
                detail,
            },
            TransportError::Refused { body, .. } => match body.error.code {
                WireCode::ApiVersion => SyncError::UpdateNeeded {
                    message: body.error.message,
                },
                WireCode::Unauthenticated => SyncError::TokenExpired,
                code => SyncError::Refused {
                    code,
                    message: body.error.message,
                },
            },
        }
    }

    /// The stable code the window branches on (a login dialog for [`ErrorCode::LoginNeeded`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::NotConfigured | SyncError::Disabled => ErrorCode::SyncOff,
            SyncError::NotLoggedIn | SyncError::TokenExpired => ErrorCode::LoginNeeded,
            SyncError::BadServerUrl(_) | SyncError::PasswordNeeded => ErrorCode::Invalid,
            SyncError::Unreachable { .. } => ErrorCode::Offline,
            SyncError::Refused {
                code: WireCode::BadCredentials,
                ..
            } => ErrorCode::LoginNeeded,
            SyncError::Refused { .. }
            | SyncError::Protocol { .. }
            | SyncError::Incomplete { .. } => ErrorCode::SyncRefused,
            SyncError::UpdateNeeded { .. } => ErrorCode::UpdateNeeded,
            SyncError::Keyring(_) => ErrorCode::Internal,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            SyncError::NotConfigured => tr(lang, "sync-err-not-configured", &[]),
            SyncError::Disabled => tr(lang, "sync-err-disabled", &[]),
            SyncError::NotLoggedIn => tr(lang, "sync-err-not-logged-in", &[]),
            SyncError::TokenExpired => tr(lang, "sync-err-token-expired", &[]),
            SyncError::BadServerUrl(value) => {
                tr(lang, "sync-err-bad-server-url", &[("value", value)])
            }
            SyncError::PasswordNeeded => tr(lang, "sync-err-password-needed", &[]),
            SyncError::Unreachable { server, detail } => tr(
                lang,
                "sync-err-unreachable",
                &[("server", server), ("detail", detail)],
            ),
            SyncError::Refused { message, .. } => {
                tr(lang, "sync-err-refused", &[("message", message)])
            }
            SyncError::UpdateNeeded { .. } => tr(lang, "sync-err-update-needed", &[]),
            SyncError::Protocol { server, detail } => tr(
                lang,
                "sync-err-protocol",
                &[("server", server), ("detail", detail)],
            ),
            SyncError::Keyring(e) => tr(lang, "sync-err-keyring", &[("detail", &e.0)]),
            SyncError::Incomplete { pending } => tr(
                lang,
                "sync-err-incomplete",
                &[("count", &pending.to_string())],
            ),
        }
    }
}

/// The store's refusal of what a sync brought, in the user's language: nothing was
/// written, and most of these are for the administrator to look into.
pub(crate) fn store_message(e: &desk_store::SyncError, lang: Lang) -> String {
    use desk_store::SyncError as S;
    match e {
        S::ChainBroken { server_seq, .. } => tr(
            lang,
            "sync-err-chain-broken",
            &[("seq", &server_seq.to_string())],
        ),
        S::NumberTaken { number, .. } => tr(lang, "sync-err-number-taken", &[("number", number)]),
        S::BlobMissing { .. } => tr(lang, "sync-err-blob-missing", &[]),
        S::BadPart { why, .. } => tr(lang, "sync-err-bad-part", &[("detail", why)]),
        S::NotABranch { .. } => tr(lang, "sync-err-not-a-branch", &[]),
        S::InvalidOp { .. } | S::RowDiffers { .. } | S::BadAck { .. } => {
            tr(lang, "sync-err-invalid-op", &[("detail", &e.to_string())])
        }
    }
}

pub(crate) fn store_code(e: &desk_store::SyncError) -> ErrorCode {
    match e {
        // The version to keep is what the user typed or picked.
        desk_store::SyncError::NotABranch { .. } => ErrorCode::Invalid,
        _ => ErrorCode::SyncRefused,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use desk_wire::{ErrorBody, ErrorDetail};

    fn refused(code: WireCode, message: &str) -> TransportError {
        TransportError::Refused {
            status: 400,
            body: ErrorBody {
                error: ErrorDetail {
                    code,
                    message: message.into(),
                    field: None,
                },
            },
        }
    }

    #[test]
    fn a_refusal_shows_the_servers_translated_message_and_an_old_client_is_told_to_update() {
        let e = SyncError::from_transport(
            refused(WireCode::Forbidden, "Оператор не может вносить разбор"),
            "https://desk.example.kz",
        );
        let text = e.message(Lang::Ru);
        assert!(text.contains("Оператор не может вносить разбор"), "{text}");
        let e = SyncError::from_transport(refused(WireCode::ApiVersion, "x"), "s");
        assert_eq!(
            e,
            SyncError::UpdateNeeded {
                message: "x".into()
            }
        );
        for lang in Lang::ALL {
            assert!(!e.message(lang).contains("api"), "{}", e.message(lang));
        }
        let e = SyncError::from_transport(refused(WireCode::Unauthenticated, "x"), "s");
        assert_eq!(e, SyncError::TokenExpired);
    }

    #[test]
    fn an_unreachable_server_is_named_in_every_language() {
        let e = SyncError::from_transport(
            TransportError::Unreachable("connection refused".into()),
            "http://127.0.0.1:9",
        );
        for lang in Lang::ALL {
            let text = e.message(lang);
            assert!(text.contains("http://127.0.0.1:9"), "{text}");
            assert!(!text.starts_with("sync-err"), "{text}");
        }
    }
}
