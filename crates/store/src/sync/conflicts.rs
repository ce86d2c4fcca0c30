//! Conflicts: an appeal with a version kept as a branch beside its head (two
//! workstations changed the same version offline; `projection::walk` decides which is
//! which, the same on every replica). A person resolves one with a version naming both
//! parents, the head and the branch, carrying the values they chose; it is audited and
//! travels like any change, and on every replica that has it the appeal is whole again.

use chrono::{DateTime, Utc};
use desk_journal::{AppealRow, ValidCorrection};
use rusqlite::OptionalExtension;
use rusqlite::types::Value;

use super::SyncError;
use crate::appeals::{SELECT_CURRENT, appeal_row, new_version};
use crate::projection::walk;
use crate::{Actor, Result, Store, StoreError, audit};

/// An appeal with more than one unmerged branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub appeal_id: String,
    pub number: String,
    /// The version the journal shows.
    pub head: String,
    /// The tips of the branches kept beside it, oldest first in the server's order.
    pub branches: Vec<String>,
}

/// Where one appeal stands with the server, for the window's badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordSync {
    /// Some change of it has not been acknowledged by the server yet.
    LocalOnly,
    /// The server has every change of it this workstation knows.
    Synced,
    /// A branch stands beside its head until a person resolves it.
    Conflicted,
}

impl RecordSync {
    /// The code the interface translates (`sync-record-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            RecordSync::LocalOnly => "local-only",
            RecordSync::Synced => "synced",
            RecordSync::Conflicted => "conflicted",
        }
    }
}

impl Store {
    /// Appeals with more than one unmerged branch, in journal order.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let ids: Vec<(String, String)> = self
            .conn
            .prepare(
                "SELECT h.appeal_id, a.number FROM appeal_heads h JOIN appeals a ON a.id = h.appeal_id
                 WHERE h.conflicted = 1 ORDER BY h.n",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|(appeal_id, number)| {
                let w = walk(&self.conn, &appeal_id)?;
                Ok(Conflict {
                    head: w.head.ok_or_else(|| StoreError::NotFound(number.clone()))?,
                    branches: w.branches,
                    appeal_id,
                    number,
                })
            })
            .collect()
    }

    /// One version of an appeal read as the journal reads its current one, so the two
    /// sides of a conflict can be shown field by field. Status and next due instant are
    /// the appeal's (they come from its events, which never conflict).
    pub fn version_row(&self, version_id: &str) -> Result<Option<AppealRow>> {
        let sql = SELECT_CURRENT.replace(
            "JOIN appeal_versions v ON v.version_id = h.version_id",
            "JOIN appeal_versions v ON v.appeal_id = h.appeal_id",
        );
        Ok(self
            .conn
            .prepare_cached(&format!("{sql} WHERE v.version_id = ?1"))?
            .query_row([version_id], appeal_row)
            .optional()?)
    }

    /// Local-only, synced or conflicted, for one appeal.
    pub fn record_sync(&self, appeal_id: &str) -> Result<RecordSync> {
        let conflicted: bool = self
            .conn
            .query_row(
                "SELECT conflicted FROM appeal_heads WHERE appeal_id = ?1",
                [appeal_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|c| c != 0)
            .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
        if conflicted {
            return Ok(RecordSync::Conflicted);
        }
        let pending = self
            .conn
            .query_row(
                "SELECT 1 FROM outbox o WHERE o.entity = 'appeal' AND o.entity_id = ?1
                 AND NOT EXISTS (SELECT 1 FROM sync_ops s WHERE s.op_id = o.op_id) LIMIT 1",
                [appeal_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        Ok(if pending {
            RecordSync::LocalOnly
        } else {
            RecordSync::Synced
        })
    }

    /// Resolves a conflict: a new version whose parents are the head and the branch
    /// `branch_version_id`, carrying the head's values with the fields the person chose
    /// (`fields`, checked as corrections are). Audited (`resolve`) and sent like any
    /// change. A version that is not a branch of the appeal is refused.
    pub fn resolve_conflict(
        &mut self,
        appeal_id: &str,
        branch_version_id: &str,
        fields: &[ValidCorrection],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let mut made = String::new();
        self.change_appeal(appeal_id, |tx, workstation| {
            let w = walk(tx, appeal_id)?;
            let head = w
                .head
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            if !w.branches.iter().any(|b| b == branch_version_id) {
                return Err(SyncError::NotABranch {
                    appeal_id: appeal_id.to_owned(),
                    version_id: branch_version_id.to_owned(),
                }
                .into());
            }
            let mut set: Vec<(&str, Value)> = Vec::new();
            let mut changes = serde_json::Map::new();
            let mut reasons: Vec<&str> = Vec::new();
            for c in fields {
                let column = c.field.code();
                let old: Value = tx.query_row(
                    &format!("SELECT {column} FROM appeal_versions WHERE version_id = ?1"),
                    [&head],
                    |r| r.get(0),
                )?;
                let old = match old {
                    Value::Text(t) => serde_json::Value::String(t),
                    _ => serde_json::Value::Null,
                };
                changes.insert(column.to_owned(), serde_json::json!([old, c.value]));
                set.push((column, c.value.clone().map_or(Value::Null, Value::Text)));
                if !reasons.contains(&c.reason.as_str()) {
                    reasons.push(&c.reason);
                }
            }
            if !reasons.is_empty() {
                set.push(("correction_reason", Value::Text(reasons.join("; "))));
                changes.insert(
                    "reason".into(),
                    serde_json::json!([null, reasons.join("; ")]),
                );
            }
            set.push((
                "merge_parent_version_id",
                Value::Text(branch_version_id.to_owned()),
            ));
            changes.insert("replaces".into(), serde_json::json!([null, head]));
            changes.insert(
                "resolves".into(),
                serde_json::json!([null, branch_version_id]),
            );
            let version_id = new_version(tx, appeal_id, &set, actor, workstation, now)?;
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "resolve",
                &serde_json::Value::Object(changes),
                audit::Rows::default(),
            )?;
            made = version_id.to_string();
            Ok(())
        })?;
        Ok(made)
    }
}
