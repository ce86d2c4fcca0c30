//! Local passwords (issue 11 item 3): acting under a login other than the OS user's
//! needs that login's password. Stored as an Argon2id PHC string (`argon2`, its default
//! parameters) in `user_passwords`, a table that is local to this workstation: it does
//! not travel with sync and is not in any canonical body — the server keeps its own
//! accounts. Setting one is audited as "password set", never with the hash.

use argon2::Argon2;
use chrono::{DateTime, Utc};
use password_hash::rand_core::OsRng;
use password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::{Actor, Result, Store, StoreError, audit, ts};

/// What a password given for a login proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    Matches,
    Wrong,
    /// No password was ever set for this login on this workstation.
    NotSet,
}

/// The PHC string of `password` with a fresh salt.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("password hash: {e}")))
}

pub(crate) fn write_phc(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    login: &str,
    phc: &str,
    actor: &Actor,
    workstation: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO user_passwords(login, phc, set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(login) DO UPDATE SET phc = excluded.phc, set_at = excluded.set_at",
        params![login, phc, ts(at)],
    )?;
    audit::insert(
        tx,
        at,
        actor,
        workstation,
        "user",
        login,
        None,
        "set_password",
        &serde_json::json!({ "password": "set" }),
        audit::Rows::default(),
    )
}

impl Store {
    /// Sets `login`'s password on this workstation; the login must have a role.
    pub fn set_password(&mut self, login: &str, password: &str, actor: &Actor) -> Result<()> {
        // Hashed before the write lock is taken: Argon2 takes a noticeable moment.
        let phc = hash_password(password)?;
        let tx = write_tx!(self);
        let now = Utc::now();
        let workstation = Self::workstation_in(&tx)?;
        crate::users::claim_first_supervisor(&tx, now, actor, &workstation)?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE login = ?1)",
            [login],
            |r| r.get(0),
        )?;
        if !known {
            return Err(StoreError::NoSuchUser(login.to_owned()));
        }
        write_phc(&tx, now, login, &phc, actor, &workstation)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether `login` has a password on this workstation.
    pub fn has_password(&self, login: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM user_passwords WHERE login = ?1)",
            [login],
            |r| r.get(0),
        )?)
    }

    /// Whether `password` is `login`'s password here.
    pub fn check_password(&self, login: &str, password: &str) -> Result<PasswordCheck> {
        let phc: Option<String> = self
            .conn
            .query_row(
                "SELECT phc FROM user_passwords WHERE login = ?1",
                [login],
                |r| r.get(0),
            )
            .optional()?;
        let Some(phc) = phc else {
            return Ok(PasswordCheck::NotSet);
        };
        let parsed = PasswordHash::new(&phc)
            .map_err(|e| StoreError::Corrupt(format!("password of {login}: {e}")))?;
        Ok(
            match Argon2::default().verify_password(password.as_bytes(), &parsed) {
                Ok(()) => PasswordCheck::Matches,
                Err(password_hash::Error::Password) => PasswordCheck::Wrong,
                Err(e) => return Err(StoreError::Corrupt(format!("password of {login}: {e}"))),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use desk_journal::Role;

    fn actor(user: &str) -> Actor {
        Actor { user: user.into() }
    }

    #[test]
    fn a_password_is_checked_and_its_hash_never_reaches_the_audit_trail() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open_in_dir(dir.path()).unwrap();
        let boss = actor("boss");
        s.set_role("boss", Role::Supervisor, &boss).unwrap();
        s.set_role("aliya", Role::Operator, &boss).unwrap();
        assert_eq!(
            s.check_password("aliya", "x").unwrap(),
            PasswordCheck::NotSet
        );
        s.set_password("aliya", "тұран-2026", &boss).unwrap();
        assert_eq!(
            s.check_password("aliya", "тұран-2026").unwrap(),
            PasswordCheck::Matches
        );
        assert_eq!(
            s.check_password("aliya", "тұран").unwrap(),
            PasswordCheck::Wrong
        );
        let phc: String = s
            .connection()
            .query_row("SELECT phc FROM user_passwords", [], |r| r.get(0))
            .unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        let audit: Vec<String> = s
            .connection()
            .prepare("SELECT changes FROM audit WHERE action = 'set_password'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(audit, [r#"{"password":"set"}"#]);
        let everything: String = s
            .connection()
            .query_row(
                "SELECT group_concat(changes || hash || coalesce(body_hash, ''), ' ') FROM audit",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!everything.contains(&phc[..30]));
        assert!(s.verify(None, &mut |_| {}).unwrap().problems.is_empty());
    }

    #[test]
    fn a_login_without_a_role_gets_no_password() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open_in_dir(dir.path()).unwrap();
        let err = s.set_password("ghost", "x", &actor("boss")).unwrap_err();
        assert!(matches!(err, StoreError::NoSuchUser(l) if l == "ghost"));
        assert_eq!(
            s.check_password("ghost", "x").unwrap(),
            PasswordCheck::NotSet
        );
    }

    #[test]
    fn the_last_supervisor_stays_and_the_first_one_is_claimed_by_the_first_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open_in_dir(dir.path()).unwrap();
        s.expect_first_supervisor("boss", None).unwrap();
        // Giving a colleague a role on a new journal first makes boss its supervisor.
        s.set_role("aliya", Role::Operator, &actor("boss")).unwrap();
        assert_eq!(s.role_of("boss").unwrap(), Some(Role::Supervisor));
        let err = s
            .set_role("boss", Role::Operator, &actor("boss"))
            .unwrap_err();
        assert!(matches!(err, StoreError::LastSupervisor(l) if l == "boss"));
        s.set_role("aliya", Role::Supervisor, &actor("boss"))
            .unwrap();
        s.set_role("boss", Role::Specialist, &actor("boss"))
            .unwrap();

        // A second connection that expected to be first on the same journal is refused.
        let mut late = Store::open_in_dir(dir.path()).unwrap();
        late.expect_first_supervisor("dana", None).unwrap();
        let err = late
            .set_setting("support_hours", "09:00-18:00", &actor("dana"))
            .unwrap_err();
        assert!(matches!(err, StoreError::FirstSupervisorTaken), "{err}");
        assert_eq!(late.setting("support_hours").unwrap(), None);
        assert_eq!(late.role_of("dana").unwrap(), None);
    }
}
