//! Linked reports of one problem (002 §38): an appeal that reports a problem already
//! registered points to the problem's first appeal, whose registration starts the fix
//! clock of them all.

use chrono::{DateTime, Utc};
use desk_journal::AppealRow;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::appeals::{appeal_id_by_number, new_version};
use crate::{Actor, Result, Store, StoreError, audit, parse_ts};

/// The problem an appeal belongs to: a linked appeal's problem is the first appeal's.
pub(crate) fn problem_root(tx: &Connection, appeal_id: &str) -> Result<String> {
    let problem: Option<String> = tx.query_row(
        "SELECT v.problem_id FROM appeal_heads h JOIN appeal_versions v ON v.version_id = h.version_id
         WHERE h.appeal_id = ?1",
        [appeal_id],
        |r| r.get(0),
    )?;
    Ok(problem.unwrap_or_else(|| appeal_id.to_owned()))
}

/// When the problem this appeal reports was first registered, if it is a linked report.
pub(crate) fn first_registered_in(
    c: &Connection,
    appeal_id: &str,
) -> Result<Option<DateTime<Utc>>> {
    let created: Option<String> = c
        .prepare_cached(
            "SELECT p.created_at FROM appeal_heads h JOIN appeal_versions v ON v.version_id = h.version_id
             JOIN appeals p ON p.id = v.problem_id WHERE h.appeal_id = ?1",
        )?
        .query_row([appeal_id], |r| r.get(0))
        .optional()?;
    Ok(created.map(|s| parse_ts(&s)).transpose()?)
}

impl Store {
    /// Marks an appeal as another report of the problem `problem_number` belongs to
    /// (002 §38: the fix clock then runs from the problem's first registration).
    pub fn link(
        &mut self,
        appeal_id: &str,
        problem_number: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let first = appeal_id_by_number(tx, problem_number)?;
            let root = problem_root(tx, &first)?;
            if root == appeal_id {
                return Err(StoreError::LinkSelf);
            }
            let set = [("problem_id", Value::Text(root.clone()))];
            let version_id = new_version(tx, appeal_id, &set, actor, workstation, now)?;
            let changes = serde_json::json!({ "linked_to": [null, problem_number] });
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "link",
                &changes,
                audit::Rows::default(),
            )?;
            Ok(())
        })
    }

    /// When the problem this appeal reports was first registered (002 §38), if it is
    /// a linked report.
    pub fn first_registered_at(&self, appeal_id: &str) -> Result<Option<DateTime<Utc>>> {
        first_registered_in(&self.conn, appeal_id)
    }
}
