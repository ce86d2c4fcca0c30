//! Local settings (the workstation code, the interface language…): one value per key,
//! every change audited.

use chrono::Utc;
use desk_journal::WorkstationCode;
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Actor, Result, Store, StoreError, audit};

const WORKSTATION: &str = "workstation";

/// The setting holding the support-hours periods a supervisor recorded (000 §15, 002 §28),
/// as JSON; the clocks read it inside every write.
pub const SUPPORT_HOURS: &str = "support_hours";

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

    /// Changes a setting the clocks read (the support hours): `change` turns the value in
    /// force into the new one inside the write, so two supervisors adding at once cannot
    /// lose either, and may refuse it; the change is audited like any other setting, and
    /// every appeal's next due is computed again in the same transaction, so the journal
    /// page agrees with the appeal page (and the journal check) at once.
    pub fn change_clock_setting(
        &mut self,
        key: &str,
        actor: &Actor,
        change: impl FnOnce(Option<&str>) -> Result<String>,
    ) -> Result<String> {
        let tx = write_tx!(self);
        let old: Option<String> = tx
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        let value = change(old.as_deref())?;
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
        crate::projection::rebuild_all(&tx, self.clocks.as_ref())?;
        tx.commit()?;
        Ok(value)
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
