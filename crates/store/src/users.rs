//! Who may do what on this workstation: one role per login, changed by a supervisor and
//! audited. A journal always keeps at least one supervisor.
//!
//! The first person to write to a new journal becomes its supervisor inside the write
//! transaction of that first command (issue 11 item 3), never before it: the application
//! says, per connection, who counts on it ([`Store::expect_first_supervisor`]), and
//! `audit::insert` — which every write ends with — makes the claim, so a refused command
//! writes nothing and two first commands at once cannot make two supervisors.

use chrono::{DateTime, Utc};
use desk_journal::Role;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::{Actor, Result, Store, StoreError, audit, coded};

/// The per-connection pending claim lives in a TEMP table: it is this connection's alone,
/// it is not part of the journal file, and it rolls back with the write that consumed it.
pub(crate) fn prepare_connection(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS pending_supervisor (
            login TEXT PRIMARY KEY,
            phc   TEXT
        )",
    )?;
    Ok(())
}

/// Called by `audit::insert` at the start of every entry a person writes: when this
/// connection's `actor` counts on being the first supervisor, a journal still without
/// users records them as supervisor (and their first password) here, in the same
/// transaction; a journal that got a user meanwhile refuses the write.
pub(crate) fn claim_first_supervisor(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    actor: &Actor,
    workstation: &str,
) -> Result<()> {
    let pending: Option<Option<String>> = tx
        .prepare_cached("SELECT phc FROM temp.pending_supervisor WHERE login = ?1")?
        .query_row([&actor.user], |r| r.get(0))
        .optional()?;
    let Some(phc) = pending else {
        return Ok(());
    };
    let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?;
    if !empty {
        return Err(StoreError::FirstSupervisorTaken);
    }
    tx.execute("DELETE FROM temp.pending_supervisor", [])?;
    write_role(tx, at, &actor.user, Role::Supervisor, actor, workstation)?;
    if let Some(phc) = phc {
        crate::passwords::write_phc(tx, at, &actor.user, &phc, actor, workstation)?;
    }
    Ok(())
}

fn write_role(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    login: &str,
    role: Role,
    actor: &Actor,
    workstation: &str,
) -> Result<()> {
    let old: Option<String> = tx
        .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
            r.get(0)
        })
        .optional()?;
    tx.execute(
        "INSERT INTO users(login, role) VALUES (?1, ?2) ON CONFLICT(login) DO UPDATE SET role = excluded.role",
        params![login, role.code()],
    )?;
    let changes = serde_json::json!({ "role": [old, role.code()] });
    audit::insert(
        tx,
        at,
        actor,
        workstation,
        "user",
        login,
        None,
        "set_role",
        &changes,
        audit::Rows::default(),
    )
}

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

    /// This connection's `login` acts as the supervisor of a journal that has no users
    /// yet; its first write records that (with `phc`, the password it chose, when it is
    /// not the OS login), or is refused with [`StoreError::FirstSupervisorTaken`] if
    /// another login got there first. Replaces an earlier expectation.
    pub fn expect_first_supervisor(&mut self, login: &str, phc: Option<&str>) -> Result<()> {
        self.conn
            .execute("DELETE FROM temp.pending_supervisor", [])?;
        self.conn.execute(
            "INSERT INTO temp.pending_supervisor(login, phc) VALUES (?1, ?2)",
            params![login, phc],
        )?;
        Ok(())
    }

    /// Drops this connection's expectation to become the first supervisor.
    pub fn forget_first_supervisor(&mut self) -> Result<()> {
        self.conn
            .execute("DELETE FROM temp.pending_supervisor", [])?;
        Ok(())
    }

    /// Gives `login` a role; audited. Demoting the last supervisor is refused
    /// ([`StoreError::LastSupervisor`]): a journal without one could never change a
    /// role again.
    pub fn set_role(&mut self, login: &str, role: Role, actor: &Actor) -> Result<()> {
        let tx = write_tx!(self);
        let now = Utc::now();
        let workstation = Self::workstation_in(&tx)?;
        // The first supervisor is recorded before the role it gives, so that giving a
        // colleague a role on a new journal does not leave the journal without one.
        claim_first_supervisor(&tx, now, actor, &workstation)?;
        let old: Option<String> = tx
            .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .optional()?;
        if old.as_deref() == Some(Role::Supervisor.code()) && role != Role::Supervisor {
            let supervisors: i64 = tx.query_row(
                "SELECT count(*) FROM users WHERE role = ?1",
                [Role::Supervisor.code()],
                |r| r.get(0),
            )?;
            if supervisors <= 1 {
                return Err(StoreError::LastSupervisor(login.to_owned()));
            }
        }
        write_role(&tx, now, login, role, actor, &workstation)?;
        tx.commit()?;
        Ok(())
    }
}
