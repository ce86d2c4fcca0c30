//! Passwords for `--user` and `desk users set-password` (issue 11 item 3): from an
//! environment variable for scripts, else asked on the terminal without echo
//! (`rpassword`), never from a command-line argument, which other users can read in the
//! process list. Without a terminal and without the variable the command is refused,
//! rather than waiting for input that cannot come.

use std::io::IsTerminal;

use desk_app::AppError;
use desk_app::desk_i18n::{Lang, tr};
use desk_app::signin::SignInProblem;

/// The password of the login `--user` names.
pub const PASSWORD_ENV: &str = "DESK_PASSWORD";
/// The new password `desk users set-password` sets (`DESK_PASSWORD` already says who
/// the supervisor is, when they act under `--user`).
pub const NEW_PASSWORD_ENV: &str = "DESK_NEW_PASSWORD";

pub fn password(var: &str, prompt_key: &str, login: &str, lang: Lang) -> Result<String, AppError> {
    if let Some(p) = std::env::var(var).ok().filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    let needed = || AppError::SignIn {
        login: login.to_owned(),
        problem: SignInProblem::PasswordNeeded,
    };
    if !std::io::stdin().is_terminal() {
        return Err(needed());
    }
    let prompt = format!("{} ", tr(lang, prompt_key, &[("login", login)]));
    rpassword::prompt_password(prompt)
        .ok()
        .filter(|p| !p.is_empty())
        .ok_or_else(needed)
}
