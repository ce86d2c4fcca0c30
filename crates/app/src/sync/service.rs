//! The window's and the CLI's sync services on [`Desk`]: status, settings, login,
//! logout and one sync now. Each is one call that the shell and the CLI make as they are.

use chrono::{DateTime, Duration, Utc};
use desk_i18n::{Lang, tr};
use desk_wire::{LoginRequest, MAX_BATCH};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::credentials::{self, Session};
use super::engine::{SyncReport, sync_once, sync_once_in_batches};
use super::error::SyncError;
use super::http::HttpTransport;
use super::transport::Transport;
use super::{ENABLED_KEY, SERVER_URL_KEY};
use crate::{AppError, Desk};

/// Past this age of the oldest unsent change, while the server is reachable, the window
/// warns (issue 15 item 4): something keeps it from being sent.
pub const PENDING_WARNING_MINUTES: i64 = 15;

/// Where this workstation stands with the server, for the status bar and `desk sync
/// status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    /// A server address is saved.
    pub configured: bool,
    /// Sync is turned on.
    pub enabled: bool,
    pub server_url: Option<String>,
    /// Who is logged in to the server from this journal, if anyone.
    pub login: Option<String>,
    /// The last attempt reached the server and completed.
    pub online: bool,
    /// Changes not yet acknowledged by the server.
    pub pending: u64,
    /// The workstation's clock when the oldest of them was made.
    pub oldest_pending: Option<DateTime<Utc>>,
    /// Its age in whole minutes.
    pub oldest_pending_minutes: Option<u64>,
    /// Set when the oldest change waits longer than 15 minutes although the server is
    /// reachable; translated.
    pub warning: Option<String>,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    /// The same in Astana time, as the journal shows every instant. Formatted here, not
    /// in the window: WebKitGTK's ICU on Debian 12 still has Astana at UTC+6, from before
    /// Kazakhstan moved to UTC+5 on 1 March 2024 (tzdata 2024a).
    pub last_success_astana: Option<String>,
    /// Why the last attempt failed, in the language of that moment; `None` after a
    /// success.
    pub last_error: Option<String>,
    /// Records waiting for a person to resolve a conflict.
    pub conflicts: u64,
}

/// The settings screen's sync section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncSettings {
    /// `None`: no server, the workstation works offline.
    pub server_url: Option<String>,
    pub enabled: bool,
}

/// A server address as typed, trimmed: `http://` or `https://`, a host, nothing after
/// the path.
pub fn server_url(typed: &str) -> Result<String, SyncError> {
    let text = typed.trim().trim_end_matches('/');
    let bad = || SyncError::BadServerUrl(typed.to_owned());
    let uri: ureq::http::Uri = text.parse().map_err(|_| bad())?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let host_ok = uri.host().is_some_and(|h| !h.is_empty());
    if !scheme_ok || !host_ok || uri.query().is_some() {
        return Err(bad());
    }
    Ok(text.to_owned())
}

/// Ops per push and per pull page: `DESK_SYNC_BATCH` when it is a number from 1 to
/// [`MAX_BATCH`], else [`MAX_BATCH`]. For tests (the kill test makes an upload many
/// requests long with it); a workstation has no reason to send less per request.
pub const BATCH_ENV: &str = "DESK_SYNC_BATCH";

fn batch_size() -> usize {
    std::env::var(BATCH_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=MAX_BATCH).contains(n))
        .unwrap_or(MAX_BATCH)
}

/// Whether the oldest unsent change is late enough to warn about: past 15 minutes while
/// the server is reachable (offline, waiting is expected).
fn warn_pending(online: bool, oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    online && oldest.is_some_and(|t| now - t > Duration::minutes(PENDING_WARNING_MINUTES))
}

impl Desk {
    pub(super) fn sync_setting_url(&self) -> Result<Option<String>, AppError> {
        Ok(self
            .store
            .setting(SERVER_URL_KEY)?
            .filter(|u| !u.is_empty()))
    }

    fn sync_enabled(&self) -> Result<bool, AppError> {
        Ok(self.store.setting(ENABLED_KEY)?.as_deref() != Some("false"))
    }

    /// The session kept in the keyring for this journal, if it is for `server`.
    pub(super) fn session_for(&mut self, server: &str) -> Result<Option<Session>, AppError> {
        let id = self.store.workstation_identity()?.id;
        Ok(credentials::load(id)
            .map_err(SyncError::from)?
            .filter(|s| s.server == server))
    }

    pub fn sync_settings(&self) -> Result<SyncSettings, AppError> {
        Ok(SyncSettings {
            server_url: self.sync_setting_url()?,
            enabled: self.sync_enabled()?,
        })
    }

    /// Saves the server address (`None` or empty: no server) and whether sync is on.
    /// A different server needs a new login.
    pub fn set_sync_settings(
        &mut self,
        url: Option<&str>,
        enabled: bool,
    ) -> Result<SyncSettings, AppError> {
        let url = match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(typed) => server_url(typed)?,
            None => String::new(),
        };
        self.store.set_setting(SERVER_URL_KEY, &url, &self.actor)?;
        self.store.set_setting(
            ENABLED_KEY,
            if enabled { "true" } else { "false" },
            &self.actor,
        )?;
        self.sync_settings()
    }

    pub fn sync_status(&mut self) -> Result<SyncStatus, AppError> {
        let server_url = self.sync_setting_url()?;
        let enabled = self.sync_enabled()?;
        let login = match &server_url {
            // A keyring that cannot be read leaves the status without a login; sync
            // itself reports why.
            Some(url) if self.store.workstation()?.is_some() => {
                self.session_for(url).ok().flatten().map(|s| s.login)
            }
            _ => None,
        };
        let state = self.store.sync_state()?;
        let pending = self.store.pending_summary()?;
        let now = Utc::now();
        let minutes = pending
            .oldest
            .map(|t| u64::try_from((now - t).num_minutes()).unwrap_or(0));
        let online = state.last_attempt.is_some() && state.last_error.is_none();
        let warning = warn_pending(online, pending.oldest, now).then(|| {
            tr(
                self.language(),
                "sync-warning-pending-old",
                &[
                    ("count", &pending.count.to_string()),
                    ("minutes", &minutes.unwrap_or(0).to_string()),
                ],
            )
        });
        Ok(SyncStatus {
            configured: server_url.is_some(),
            enabled,
            server_url,
            login,
            online,
            pending: pending.count,
            oldest_pending: pending.oldest,
            oldest_pending_minutes: minutes,
            warning,
            last_attempt: state.last_attempt,
            last_success: state.last_success,
            last_success_astana: state
                .last_success
                .map(desk_journal::time::to_astana_display),
            last_error: state.last_error,
            conflicts: self.store.conflicts()?.len() as u64,
        })
    }

    /// Logs `user` in to `server` from this workstation (registering it there at the
    /// first login), keeps the token in the OS keyring, saves the server address, turns
    /// sync on and takes the server's accounts and roles.
    pub fn login(
        &mut self,
        server: &str,
        user: &str,
        password: &str,
    ) -> Result<SyncStatus, AppError> {
        self.login_in(self.language(), server, user, password)
    }

    /// [`Desk::login`] with the server's messages in `lang` (the CLI's `--lang`).
    pub fn login_in(
        &mut self,
        lang: Lang,
        server: &str,
        user: &str,
        password: &str,
    ) -> Result<SyncStatus, AppError> {
        let server = server_url(server)?;
        let user = user.trim();
        if user.is_empty() {
            return Err(desk_journal::FieldError::new(
                desk_journal::Field::Login,
                desk_journal::Problem::Required,
            )
            .into());
        }
        if password.is_empty() {
            return Err(SyncError::PasswordNeeded.into());
        }
        let identity = self.store.workstation_identity()?;
        let reply = HttpTransport::new(&server, lang, None)
            .login(&LoginRequest {
                login: user.to_owned(),
                password: password.to_owned(),
                workstation: identity.clone(),
            })
            .map_err(|e| SyncError::from_transport(e, &server))?;
        let session = Session {
            server: server.clone(),
            login: reply.user.login.clone(),
            token: reply.token,
            expires_at: reply.expires_at,
        };
        credentials::save(identity.id, &session).map_err(SyncError::from)?;
        self.store
            .set_setting(SERVER_URL_KEY, &server, &self.actor)?;
        self.store.set_setting(ENABLED_KEY, "true", &self.actor)?;
        // The accounts come with every sync too: a failure here leaves the login made.
        match HttpTransport::new(&server, lang, Some(session.token)).users() {
            Ok(users) => {
                self.store.replace_users_from_server(&users, Utc::now())?;
            }
            Err(e) => tracing::warn!(error = %e, "accounts not fetched at login"),
        }
        tracing::info!(server = %server, login = %session.login, "logged in to the sync server");
        self.sync_status()
    }

    /// Revokes the token on the server when it can be reached and forgets it here in
    /// any case; the server address stays.
    pub fn logout(&mut self) -> Result<SyncStatus, AppError> {
        let id = self.store.workstation_identity()?.id;
        if let Some(session) = credentials::load(id).map_err(SyncError::from)? {
            let t = HttpTransport::new(&session.server, self.language(), Some(session.token));
            if let Err(e) = t.logout() {
                tracing::warn!(error = %e, "the server did not revoke the token; forgotten here");
            }
        }
        credentials::delete(id).map_err(SyncError::from)?;
        self.sync_status()
    }

    /// Pushes what is pending and pulls what is new, once, with the saved server and
    /// login; the attempt and its outcome are recorded for the status.
    pub fn sync_now(&mut self) -> Result<SyncReport, AppError> {
        self.sync_now_in(self.language())
    }

    /// [`Desk::sync_now`] with the server's messages, and the error recorded for the
    /// status, in `lang` (the CLI's `--lang`).
    pub fn sync_now_in(&mut self, lang: Lang) -> Result<SyncReport, AppError> {
        let server = self.sync_setting_url()?.ok_or(SyncError::NotConfigured)?;
        if !self.sync_enabled()? {
            return Err(SyncError::Disabled.into());
        }
        let now = Utc::now();
        let session = match self.session_for(&server)? {
            None => Err(SyncError::NotLoggedIn),
            Some(s) if s.expires_at <= now => Err(SyncError::TokenExpired),
            Some(s) => Ok(s),
        };
        let result = match session {
            Ok(session) => {
                let t = HttpTransport::new(&server, lang, Some(session.token));
                sync_once_in_batches(&mut self.store, &t, &server, Utc::now(), batch_size())
            }
            Err(e) => Err(e.into()),
        };
        let error = result.as_ref().err().map(|e| e.message(lang));
        self.store.record_sync_attempt(now, error.as_deref())?;
        match &result {
            Ok(r) => tracing::info!(pushed = r.pushed, pulled = r.pulled, "synced"),
            Err(e) => tracing::warn!(error = %e, "sync failed"),
        }
        result
    }

    /// One sync through `transport` (the simulation's in-process server, tests).
    pub fn sync_with(
        &mut self,
        transport: &dyn Transport,
        server: &str,
    ) -> Result<SyncReport, AppError> {
        sync_once(&mut self.store, transport, server, Utc::now())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn with_no_server_nothing_is_tried_and_a_login_that_expired_asks_for_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
        desk.set_workstation("AST1").unwrap();
        desk.set_language(Lang::En).unwrap();
        let err = desk.sync_now().unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::SyncOff);
        let status = desk.sync_status().unwrap();
        assert!(!status.configured && !status.online);
        assert_eq!(status.last_attempt, None, "no server, no attempt");

        // Port 9 is never asked: both refusals come before any request.
        desk.set_sync_settings(Some("http://127.0.0.1:9"), true)
            .unwrap();
        let err = desk.sync_now().unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::LoginNeeded);
        assert!(err.message(Lang::En).contains("desk login"));
        let id = desk.store.workstation_identity().unwrap().id;
        let expired = Session {
            server: "http://127.0.0.1:9".into(),
            login: "boss".into(),
            token: "old".into(),
            expires_at: Utc::now() - Duration::minutes(1),
        };
        credentials::save(id, &expired).unwrap();
        let err = desk.sync_now().unwrap_err();
        assert!(
            matches!(err, AppError::Sync(SyncError::TokenExpired)),
            "{err}"
        );
        let status = desk.sync_status().unwrap();
        assert_eq!(status.login.as_deref(), Some("boss"));
        assert!(!status.online);
        assert!(status.last_error.unwrap().contains("expired"));
        // The server cannot be reached to revoke it; the token is forgotten here anyway.
        desk.logout().unwrap();
        // (The kernel may still find an invalidated key for a few milliseconds in the
        // process that deleted it.)
        let forgotten = (0..50).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            credentials::load(id).unwrap().is_none()
        });
        assert!(forgotten);
    }

    #[test]
    fn an_unsent_change_older_than_15_minutes_warns_only_while_online() {
        let now = Utc::now();
        let old = Some(now - Duration::minutes(16));
        let recent = Some(now - Duration::minutes(14));
        assert!(warn_pending(true, old, now));
        assert!(
            !warn_pending(false, old, now),
            "offline, waiting is expected"
        );
        assert!(!warn_pending(true, recent, now));
        assert!(!warn_pending(true, None, now));
    }

    #[test]
    fn a_server_address_needs_a_scheme_and_a_host() {
        assert_eq!(
            server_url(" https://desk.example.kz/ ").unwrap(),
            "https://desk.example.kz"
        );
        assert_eq!(
            server_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "desk.example.kz",
            "ftp://x",
            "https://",
            "http://h/?a=1",
            "",
            "—",
        ] {
            assert!(server_url(bad).is_err(), "{bad}");
        }
    }
}
