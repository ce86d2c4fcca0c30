//! Who may do what on this workstation: one role per login, changed by a supervisor and
//! audited.

use chrono::Utc;
use desk_journal::Role;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::{Actor, Result, Store, audit, coded};

impl Store {
    pub fn role_of(&self, login: &str) -> Result<Option<Role>> {
        let role: Option<String> = self
            .conn
            .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(role.map(|r| coded(0, &r, Role::from_code)).transpose()?)
    }

    pub fn users(&self) -> Result<Vec<(String, Role)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT login, role FROM users ORDER BY login")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    coded(1, &r.get::<_, String>(1)?, Role::from_code)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Gives `login` a role; audited.
    pub fn set_role(&mut self, login: &str, role: Role, actor: &Actor) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old: Option<String> = tx
            .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .optional()?;
        tx.execute(
            "INSERT INTO users(login, role) VALUES (?1, ?2) ON CONFLICT(login) DO UPDATE SET role = excluded.role",
            params![login, role.code()],
        )?;
        let workstation = Self::workstation_in(&tx)?;
        let changes = serde_json::json!({ "role": [old, role.code()] });
        audit::insert(
            &tx,
            Utc::now(),
            actor,
            &workstation,
            "user",
            login,
            None,
            "set_role",
            &changes,
            audit::Rows::default(),
        )?;
        tx.commit()?;
        Ok(())
    }
}
