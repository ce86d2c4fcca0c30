//! The open journals the commands run on. Every command runs on a blocking worker thread,
//! never on the window's main thread, and takes a `Desk` of its own from this pool for
//! the length of the call, so a 10,000-row extract neither freezes the window nor holds up
//! a search typed meanwhile: the shared lock guards only the list of idle `Desk`s, never
//! the work. SQLite in WAL mode lets the connections read side by side; writes take an
//! immediate transaction and wait their turn (the store's busy timeout).

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
    user: Option<String>,
    idle: Mutex<Vec<Desk>>,
}

impl Desks {
    pub fn new(data_dir: Option<PathBuf>, user: Option<String>) -> Desks {
        Desks {
            data_dir,
            user,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Opens a journal connection as the window's user.
    pub fn open(&self) -> Result<Desk, AppError> {
        let desk = Desk::open(self.data_dir.as_deref())?;
        Ok(match &self.user {
            Some(u) => desk.with_user(u),
            None => desk,
        })
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Desk>> {
        // A list of idle connections stays usable after a panic elsewhere.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn take(&self) -> Result<Desk, UiError> {
        if let Some(desk) = self.idle().pop() {
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
            let result = desk.ui(f);
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_long_command_does_not_hold_up_a_short_one() {
        let dir = tempfile::tempdir().unwrap();
        let desks = Arc::new(Desks::new(Some(dir.path().to_owned()), Some("boss".into())));
        desks.give(desks.open().unwrap());
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
}
