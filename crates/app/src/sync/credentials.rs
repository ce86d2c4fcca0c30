//! The sync token, kept in the OS keyring and nowhere else: never in the journal, a
//! settings file or a log line (issue 15 item 5).
//!
//! # The backend, chosen explicitly
//!
//! - **Linux: the kernel keyring** (`keyutils`, the `keyring` crate's `linux-native`).
//!   It needs no daemon and no system library, so it works the same on a desktop, over
//!   SSH and on a headless CI machine. The token is kept in the user's persistent
//!   keyring, which outlives the process and the login session (for
//!   `/proc/sys/kernel/keys/persistent_keyring_expiry`, three days by default, counted
//!   from the last use) but not a reboot: after one, `desk login` again. The Secret
//!   Service (GNOME Keyring, KWallet) would survive a reboot but needs a running daemon
//!   on a D-Bus session and libdbus, which a headless workstation does not have.
//! - **Windows: Credential Manager** (`windows-native`), persistent.
//! - **macOS: the Keychain** (`apple-native`).
//!
//! Each journal has its own entry, named by its workstation id, so two journals of one
//! OS user (two data directories, the tests' two workstations) keep two tokens.

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

fn entry(workstation: Uuid) -> Result<keyring::Entry, KeyringError> {
    prepare_session_keyring();
    keyring::Entry::new(SERVICE, &workstation.to_string()).map_err(|e| KeyringError(e.to_string()))
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

#[cfg(not(target_os = "linux"))]
fn prepare_session_keyring() {}

/// Keeps `session` for this journal, replacing any earlier one.
pub fn save(workstation: Uuid, session: &Session) -> Result<(), KeyringError> {
    let text = serde_json::to_string(session).map_err(|e| KeyringError(e.to_string()))?;
    entry(workstation)?
        .set_password(&text)
        .map_err(|e| KeyringError(e.to_string()))
}

/// The session kept for this journal; `None` when there is none (never logged in,
/// logged out, or lost with a reboot on Linux).
pub fn load(workstation: Uuid) -> Result<Option<Session>, KeyringError> {
    match entry(workstation)?.get_password() {
        Ok(text) => Ok(serde_json::from_str(&text).ok()),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(KeyringError(e.to_string())),
    }
}

/// Forgets this journal's session; nothing to forget is not an error.
pub fn delete(workstation: Uuid) -> Result<(), KeyringError> {
    match entry(workstation)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(KeyringError(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The real keyring of this machine (the kernel's on Linux), not a mock.
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
