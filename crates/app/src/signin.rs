//! Who is at the keyboard (issue 11 item 3). The login of a workstation is the OS user,
//! as the OS itself reports it (`whoami`: `getpwuid`, `GetUserNameW`) — not `$USER`,
//! which anyone at the same desk could set. Acting under another login (`--user`,
//! `DESK_USER`, the window's user switch) needs that login's password on this
//! workstation (`desk users set-password`, a supervisor's command). On a journal that
//! has no users yet, the first login chooses its password and becomes the supervisor
//! with its first write (store `users.rs`).

use desk_i18n::{Lang, tr};
use desk_journal::{Field, FieldError, Problem};
use desk_store::{Actor, PasswordCheck};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Desk, Settings};

/// Why acting under a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignInProblem {
    WrongPassword,
    /// The login has no password here; a supervisor sets one.
    NoPassword,
    /// No password was given and none can be asked (no terminal, no `DESK_PASSWORD`).
    PasswordNeeded,
    /// The new password typed twice differs.
    Mismatch,
}

impl SignInProblem {
    pub fn message(self, login: &str, lang: Lang) -> String {
        let key = match self {
            SignInProblem::WrongPassword => "err-password-wrong",
            SignInProblem::NoPassword => "err-password-not-set",
            SignInProblem::PasswordNeeded => "err-password-needed",
            SignInProblem::Mismatch => "err-password-mismatch",
        };
        tr(lang, key, &[("login", login)])
    }
}

/// The OS login of the person at the keyboard, from the OS; the environment only where
/// the OS cannot say.
pub fn os_login() -> String {
    whoami::username()
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| {
            ["USER", "USERNAME", "LOGNAME"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        })
        .unwrap_or_else(|| "operator".to_owned())
}

impl Desk {
    /// Acts as `login` from now on. The OS login needs no password; any other needs its
    /// password here, asked through `password` only when one is needed. On a journal
    /// without users the password given becomes the login's own, saved with the first
    /// write that makes it supervisor.
    pub fn sign_in(
        &mut self,
        login: &str,
        password: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<(), AppError> {
        let login = login.trim();
        if login.is_empty() {
            return Err(FieldError::new(Field::Login, Problem::Required).into());
        }
        let refused = |problem| AppError::SignIn {
            login: login.to_owned(),
            problem,
        };
        let mut first_password = None;
        if login != os_login() {
            if self.store.has_password(login)? {
                match self.store.check_password(login, &password()?)? {
                    PasswordCheck::Matches => {}
                    PasswordCheck::Wrong | PasswordCheck::NotSet => {
                        return Err(refused(SignInProblem::WrongPassword));
                    }
                }
            } else if self.store.users()?.is_empty() {
                let chosen = password()?;
                if chosen.is_empty() {
                    return Err(refused(SignInProblem::PasswordNeeded));
                }
                first_password = Some(desk_store::hash_password(&chosen)?);
            } else {
                return Err(refused(SignInProblem::NoPassword));
            }
        }
        self.actor = Actor {
            user: login.to_owned(),
        };
        self.first_password = first_password;
        Ok(())
    }

    /// The window's user switch: `sign_in` with the password typed in the dialog.
    pub fn switch_user(&mut self, login: &str, password: &str) -> Result<Settings, AppError> {
        let password = password.to_owned();
        self.sign_in(login, move || Ok(password))?;
        self.settings()
    }

    /// Sets `login`'s password here (supervisors only).
    pub fn set_password(&mut self, login: &str, password: &str) -> Result<(), AppError> {
        let login = login.trim();
        if login.is_empty() {
            return Err(FieldError::new(Field::Login, Problem::Required).into());
        }
        if password.is_empty() {
            return Err(AppError::SignIn {
                login: login.to_owned(),
                problem: SignInProblem::PasswordNeeded,
            });
        }
        self.require(desk_journal::Action::ManageUsers)?;
        Ok(self.store.set_password(login, password, &self.actor)?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use desk_journal::Role;

    fn wrong() -> Result<String, AppError> {
        Ok("wrong".into())
    }

    #[test]
    fn another_login_needs_its_password_and_the_os_login_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut boss = Desk::open(Some(dir.path())).unwrap();
        // A new journal: the first login chooses its password.
        boss.sign_in("boss", || Ok("boss-secret".into())).unwrap();
        boss.set_workstation("AST1").unwrap();
        assert_eq!(boss.role().unwrap(), Role::Supervisor);
        boss.set_role("aliya", Role::Operator).unwrap();

        let mut desk = Desk::open(Some(dir.path())).unwrap();
        desk.set_language(Lang::En).unwrap();
        let asked = std::cell::Cell::new(false);
        let err = desk
            .sign_in("aliya", || {
                asked.set(true);
                wrong()
            })
            .unwrap_err();
        assert!(
            !asked.get(),
            "no password is asked for a login that has none"
        );
        assert_eq!(
            err.message(Lang::En),
            "Password: login “aliya” has no password on this workstation; a supervisor sets one with: desk users set-password aliya"
        );
        assert_eq!(err.exit_code(), 1);
        boss.set_password("aliya", "тұран").unwrap();
        let err = desk.sign_in("aliya", wrong).unwrap_err();
        assert_eq!(
            err.message(Lang::En),
            "Password: wrong password for login “aliya”"
        );
        desk.sign_in("boss", wrong).unwrap_err();
        assert_eq!(desk.settings().unwrap().user, os_login());
        desk.sign_in("aliya", || Ok("тұран".into())).unwrap();
        assert_eq!(desk.settings().unwrap().user, "aliya");
        assert_eq!(desk.role().unwrap(), Role::Operator);
        // Back to the OS login: no password.
        desk.sign_in(&os_login(), || panic!("not asked")).unwrap();
        desk.sign_in("boss", || Ok("boss-secret".into())).unwrap();
        assert_eq!(desk.role().unwrap(), Role::Supervisor);
        // An operator sets nobody's password.
        let mut op = Desk::open(Some(dir.path())).unwrap();
        op.sign_in("aliya", || Ok("тұран".into())).unwrap();
        assert!(matches!(
            op.set_password("aliya", "new").unwrap_err(),
            AppError::Forbidden { .. }
        ));
    }
}
