//! The sync token, kept in the OS keyring and nowhere else: never in the journal, a
//! settings file or a log line (issue 15 item 5).
//!
//! # The backend
//!
//! - **Linux: the Secret Service** of the desktop session (GNOME Keyring, KWallet — the
//!   `keyring` crate's `async-secret-service` over zbus, so no system library), which
//!   keeps the token across reboots, encrypted with the user's login. A workstation with
//!   no Secret Service on its session bus (a headless machine, SSH, a kiosk session
//!   without a keyring daemon) keeps it in the **kernel keyring** instead (`keyutils`):
//!   no daemon needed, the user's persistent keyring, which outlives the process and the
//!   login session (for `/proc/sys/kernel/keys/persistent_keyring_expiry`, three days by
//!   default, counted from the last use) but not a reboot — then `desk login` again.
//!   `DESK_KEYRING=secret-service` or `=kernel` fixes the choice (a deployment that must
//!   never fall back says so; the tests use it to prove each).
//! - **Windows: Credential Manager** (`windows-native`), persistent.
//! - **macOS: the Keychain** (`apple-native`).
//!
//! A token is written to the first backend that takes it and removed from the others,
//! so a read finds one answer. Each journal has its own entry, named by its workstation
//! id, so two journals of one OS user (two data directories, the tests' two
//! workstations) keep two tokens.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The keyring's service name for every entry of Incident Desk.
const SERVICE: &str = "kz.incident-desk.sync";

/// What a login leaves: the token and what it was issued for. Only the token is secret;
/// the rest travels with it so that the entry is complete in itself.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub server: String,
    pub login: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// The token never reaches a log through `{:?}`.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("server", &self.server)
            .field("login", &self.login)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The keyring refused or failed; the detail is the platform's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the OS keyring: {0}")]
pub struct KeyringError(pub String);

/// Which backend: `DESK_KEYRING` (`secret-service` or `kernel`), else both in order.
pub const BACKEND_ENV: &str = "DESK_KEYRING";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    /// The platform's own store (Credential Manager, the Keychain).
    #[cfg(not(target_os = "linux"))]
    Native,
    #[cfg(target_os = "linux")]
    SecretService,
    #[cfg(target_os = "linux")]
    Kernel,
}

/// The backends to try, in order.
#[cfg(target_os = "linux")]
fn backends() -> Vec<Backend> {
    match std::env::var(BACKEND_ENV).ok().as_deref() {
        Some("kernel") => vec![Backend::Kernel],
        Some("secret-service") => vec![Backend::SecretService],
        // Without a session bus there is no Secret Service to ask; asking would only
        // cost a failed connection on every read.
        _ if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() => vec![Backend::Kernel],
        _ => vec![Backend::SecretService, Backend::Kernel],
    }
}

#[cfg(not(target_os = "linux"))]
fn backends() -> Vec<Backend> {
    vec![Backend::Native]
}

fn err(e: impl std::fmt::Display) -> KeyringError {
    KeyringError(e.to_string())
}

fn entry(backend: Backend, service: &str, user: &str) -> Result<keyring::Entry, KeyringError> {
    match backend {
        #[cfg(target_os = "linux")]
        Backend::SecretService => {
            let c = keyring::secret_service::SsCredential::new_with_target(None, service, user)
                .map_err(err)?;
            Ok(keyring::Entry::new_with_credential(Box::new(c)))
        }
        #[cfg(target_os = "linux")]
        Backend::Kernel => {
            prepare_session_keyring();
            let c = keyring::keyutils::KeyutilsCredential::new_with_target(None, service, user)
                .map_err(err)?;
            Ok(keyring::Entry::new_with_credential(Box::new(c)))
        }
        #[cfg(not(target_os = "linux"))]
        Backend::Native => keyring::Entry::new(service, user).map_err(err),
    }
}

/// A process started outside a login session (a service, `ssh host cmd`, a container)
/// has no session keyring of its own, and the kernel lends it the user's, in which it may
/// add a key but not read it back. Asking for the session keyring with `create` gives the
/// process one of its own instead; the token itself lives in the persistent keyring linked
/// into it, so every later process of the user finds it. In a login session (pam_keyinit)
/// the session keyring already exists and is left as it is.
#[cfg(target_os = "linux")]
fn prepare_session_keyring() {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    if let Err(e) = KeyRing::from_special_id(KeyRingIdentifier::Session, true) {
        tracing::debug!(error = %e, "no session keyring");
    }
}

/// Keeps `session` for this journal, replacing any earlier one.
pub fn save(workstation: Uuid, session: &Session) -> Result<(), KeyringError> {
    let text = serde_json::to_string(session).map_err(err)?;
    save_secret(SERVICE, &workstation.to_string(), &text)
}

/// The session kept for this journal; `None` when there is none (never logged in,
/// logged out, or lost with a reboot where only the kernel keyring holds it).
pub fn load(workstation: Uuid) -> Result<Option<Session>, KeyringError> {
    Ok(load_secret(SERVICE, &workstation.to_string())?
        .and_then(|text| serde_json::from_str(&text).ok()))
}

/// Forgets this journal's session in every backend; nothing to forget is not an error.
pub fn delete(workstation: Uuid) -> Result<(), KeyringError> {
    delete_secret(SERVICE, &workstation.to_string())
}

/// Keeps a secret under `service` and `user` in the first backend that takes it,
/// removing it from the others (the sync token; the mail server's password, issue 18).
pub(crate) fn save_secret(service: &str, user: &str, text: &str) -> Result<(), KeyringError> {
    let all = backends();
    let mut last = None;
    for (i, b) in all.iter().enumerate() {
        match entry(*b, service, user).and_then(|e| e.set_password(text).map_err(err)) {
            Ok(()) => {
                tracing::debug!(backend = ?b, service, "secret kept");
                for (j, other) in all.iter().enumerate() {
                    if j != i {
                        let _ = entry(*other, service, user).map(|e| e.delete_credential());
                    }
                }
                return Ok(());
            }
            Err(e) => {
                tracing::debug!(backend = ?b, error = %e, "keyring backend refused the secret");
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| KeyringError("no keyring backend".into())))
}

/// The secret kept under `service` and `user`, from whichever backend holds it.
pub(crate) fn load_secret(service: &str, user: &str) -> Result<Option<String>, KeyringError> {
    let all = backends();
    let (mut last, mut failed) = (None, 0);
    for b in &all {
        match entry(*b, service, user).and_then(|e| match e.get_password() {
            Ok(text) => Ok(Some(text)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(err(e)),
        }) {
            Ok(Some(text)) => return Ok(Some(text)),
            Ok(None) => {}
            // An unreachable Secret Service is not the answer while another backend
            // may still hold the secret.
            Err(e) => {
                tracing::debug!(backend = ?b, error = %e, "keyring backend unreadable");
                last = Some(e);
                failed += 1;
            }
        }
    }
    match last {
        Some(e) if failed == all.len() => Err(e),
        _ => Ok(None),
    }
}

/// Forgets the secret in every backend; nothing to forget is not an error.
pub(crate) fn delete_secret(service: &str, user: &str) -> Result<(), KeyringError> {
    let all = backends();
    let (mut last, mut failed) = (None, 0);
    for b in &all {
        let done = entry(*b, service, user).and_then(|e| match e.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(err(e)),
        });
        if let Err(e) = done {
            last = Some(e);
            failed += 1;
        }
    }
    match last {
        Some(e) if failed == all.len() => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The real keyring of this machine, not a mock: the kernel's on Linux when no
    /// session bus is there, as on CI (the Secret Service has its own test, with a real
    /// GNOME Keyring: crates/cli/tests/keyring.rs).
    #[test]
    fn a_session_is_kept_per_journal_read_back_and_forgotten() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let session = Session {
            server: "http://127.0.0.1:1".into(),
            login: "айгуль".into(),
            token: "secret-token".into(),
            expires_at: Utc::now(),
        };
        assert_eq!(load(a).unwrap(), None);
        save(a, &session).unwrap();
        assert_eq!(load(a).unwrap(), Some(session.clone()));
        assert_eq!(load(b).unwrap(), None, "another journal's entry is its own");
        assert!(!format!("{session:?}").contains("secret-token"));
        delete(a).unwrap();
        // The kernel invalidates a key at once but may still find it in its lookup cache
        // for a few milliseconds in the process that deleted it.
        let gone = (0..50).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            load(a).unwrap().is_none()
        });
        assert!(gone, "a deleted session is not found again");
        delete(a).unwrap();
    }
}
