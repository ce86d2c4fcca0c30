//! Local settings (the workstation code, the interface language…): one value per key,
//! every change audited.

use chrono::Utc;
use desk_journal::WorkstationCode;
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Actor, Result, Store, StoreError, audit};

const WORKSTATION: &str = "workstation";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The workstation code as written into versions and audit rows inside a write.
    pub(crate) fn workstation_in(tx: &Connection) -> Result<String> {
        Ok(tx
            .query_row(
                "SELECT value FROM settings WHERE key = 'workstation'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Changes a local setting; the change is audited like any other.
    pub fn set_setting(&mut self, key: &str, value: &str, actor: &Actor) -> Result<()> {
        let tx = write_tx!(self);
        let old: Option<String> = tx
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        if old.as_deref() == Some(value) {
            return Ok(());
        }
        // Checked here, inside the write, so that two first starts naming different codes
        // cannot both pass a check made before it: the incident numbers already issued
        // rest on the code.
        if let (WORKSTATION, Some(existing)) = (key, &old) {
            return Err(StoreError::WorkstationFixed(existing.clone()));
        }
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        let workstation = Self::workstation_in(&tx)?;
        let changes = serde_json::json!({ key: [old, value] });
        audit::insert(
            &tx,
            Utc::now(),
            actor,
            &workstation,
            "setting",
            key,
            None,
            "set",
            &changes,
            audit::Rows::default(),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn workstation(&self) -> Result<Option<WorkstationCode>> {
        match self.setting("workstation")? {
            None => Ok(None),
            Some(s) => WorkstationCode::parse(&s)
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("workstation code {s:?}"))),
        }
    }

    /// Sets the workstation code once: incident numbers already issued rest on it.
    pub fn set_workstation(&mut self, code: &WorkstationCode, actor: &Actor) -> Result<()> {
        self.set_setting(WORKSTATION, code.as_str(), actor)
    }
}
