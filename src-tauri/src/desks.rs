//! The open journals the commands run on. Every command runs on a blocking worker thread,
//! never on the window's main thread, and takes a `Desk` of its own from this pool for
//! the length of the call, so a 10,000-row extract neither freezes the window nor holds up
//! a search typed meanwhile: the shared lock guards only the list of idle `Desk`s, never
//! the work. SQLite in WAL mode lets the connections read side by side; writes take an
//! immediate transaction and wait their turn (the store's busy timeout).
//!
//! Who acts is the window's, not a connection's: the OS login, or the login the user
//! switch (`switch_user`) or `--user` (with `DESK_PASSWORD`) signed in with its password
//! (issue 11 item 3). A switch on one connection becomes the pool's user, and idle
//! connections of the previous user are closed, so every later command acts as the new
//! login.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use desk_app::desk_i18n::Lang;
use desk_app::{AppError, Desk, UiError};

/// More idle connections than this are closed after use: two cores, a few windows' worth
/// of overlapping commands.
const KEEP_IDLE: usize = 4;

#[derive(Debug)]
pub struct Desks {
    data_dir: Option<PathBuf>,
    /// The login asked for with `--user`, not yet signed in.
    requested: Mutex<Option<String>>,
    /// The signed-in login every connection acts as; `None`: the OS login.
    user: Mutex<Option<String>>,
    idle: Mutex<Vec<Desk>>,
}

impl Desks {
    pub fn new(data_dir: Option<PathBuf>, user: Option<String>) -> Desks {
        Desks {
            data_dir,
            requested: Mutex::new(user),
            user: Mutex::new(None),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Opens a journal connection as the window's user. A `--user` login is signed in
    /// on the first connection with `DESK_PASSWORD`; refused, the window works as the
    /// OS login and the user switch is there to sign in.
    pub fn open(&self) -> Result<Desk, AppError> {
        let mut desk = Desk::open(self.data_dir.as_deref())?;
        if let Some(login) = lock(&self.requested).take() {
            let password = || {
                std::env::var("DESK_PASSWORD").map_err(|_| AppError::SignIn {
                    login: login.clone(),
                    problem: desk_app::signin::SignInProblem::PasswordNeeded,
                })
            };
            match desk.sign_in(&login, password) {
                Ok(()) => *lock(&self.user) = Some(login),
                Err(e) => tracing::warn!(error = %e, "--user refused; working as the OS login"),
            }
        }
        Ok(match lock(&self.user).as_deref() {
            Some(u) => desk.with_user(u),
            None => desk,
        })
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Desk>> {
        lock(&self.idle)
    }

    fn take(&self) -> Result<Desk, UiError> {
        let user = lock(&self.user).clone();
        let current = |d: &Desk| user.as_deref().is_none_or(|u| d.user() == u);
        if let Some(desk) = self.idle().pop().filter(current) {
            return Ok(desk);
        }
        self.open().map_err(|e| {
            tracing::error!(error = %e, "cannot open the journal");
            e.to_ui(Lang::from_locale(std::env::var("LANG").ok().as_deref()))
        })
    }

    pub fn give(&self, desk: Desk) {
        let mut idle = self.idle();
        if idle.len() < KEEP_IDLE {
            idle.push(desk);
        }
    }

    /// Runs `f` on a worker thread with a `Desk` of its own; its error arrives translated.
    pub async fn run<T: Send + 'static>(
        self: Arc<Self>,
        f: impl FnOnce(&mut Desk) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, UiError> {
        tauri::async_runtime::spawn_blocking(move || {
            let mut desk = self.take()?;
            let before = desk.user().to_owned();
            let result = desk.ui(f);
            if desk.user() != before {
                // A user switch: later commands act as the new login.
                *lock(&self.user) = Some(desk.user().to_owned());
                self.idle().clear();
            }
            self.give(desk);
            result
        })
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "a command stopped");
            Err(UiError::internal(&e.to_string()))
        })
    }
}

/// A lock that stays usable after a panic elsewhere.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_long_command_does_not_hold_up_a_short_one() {
        let dir = tempfile::tempdir().unwrap();
        let desks = Arc::new(Desks::new(Some(dir.path().to_owned()), None));
        let switched = tauri::async_runtime::block_on(
            Arc::clone(&desks).run(|d| d.switch_user("boss", "boss-secret")),
        );
        assert_eq!(switched.unwrap().user, "boss");
        let started = Instant::now();
        let long = tauri::async_runtime::spawn(Arc::clone(&desks).run(|d| {
            // Stands in for a 10,000-row extract.
            std::thread::sleep(Duration::from_millis(1500));
            d.settings()
        }));
        // Let the long one take the pooled connection first.
        std::thread::sleep(Duration::from_millis(100));
        let short = tauri::async_runtime::block_on(Arc::clone(&desks).run(|d| d.settings()));
        let short_took = started.elapsed();
        assert_eq!(short.unwrap().user, "boss");
        assert!(short_took < Duration::from_millis(1000), "{short_took:?}");
        assert!(tauri::async_runtime::block_on(long).unwrap().is_ok());
    }

    #[test]
    fn a_user_switch_changes_who_acts_in_every_later_command() {
        let dir = tempfile::tempdir().unwrap();
        let desks = Arc::new(Desks::new(Some(dir.path().to_owned()), None));
        let run = |f: fn(&mut Desk) -> Result<desk_app::Settings, AppError>| {
            tauri::async_runtime::block_on(Arc::clone(&desks).run(f))
        };
        let os = run(|d| d.settings()).unwrap().user;
        // Two idle connections of the OS login: neither may act after the switch.
        desks.give(desks.open().unwrap());
        desks.give(desks.open().unwrap());
        run(|d| d.switch_user("boss", "boss-secret")).unwrap();
        run(|d| d.set_workstation("AST1")).unwrap();
        run(|d| {
            d.set_role("aliya", desk_app::desk_journal::Role::Operator)?;
            d.set_password("aliya", "aliya-secret")?;
            d.settings()
        })
        .unwrap();
        assert_eq!(run(|d| d.settings()).unwrap().user, "boss");
        let wrong = run(|d| d.switch_user("aliya", "boss-secret")).unwrap_err();
        assert_eq!(wrong.code, desk_app::ErrorCode::Forbidden);
        assert_eq!(run(|d| d.settings()).unwrap().user, "boss");
        run(|d| d.switch_user("aliya", "aliya-secret")).unwrap();
        for _ in 0..3 {
            let s = run(|d| d.settings()).unwrap();
            assert_eq!(
                (s.user.as_str(), s.role),
                ("aliya", desk_app::desk_journal::Role::Operator)
            );
        }
        run(|d| d.switch_user(&desk_app::signin::os_login(), "")).unwrap();
        assert_eq!(run(|d| d.settings()).unwrap().user, os);
    }
}
