//! The extension calculator's results attached to a confirmed failure (deadlines.md §4):
//! what was asked and what was answered, kept as written and audited.

use chrono::{DateTime, Utc};
use desk_journal::AppealRow;
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use crate::{Actor, Result, Store, audit, parse_ts, ts};

impl Store {
    /// Attaches a computed extension (its input and answer) to the appeal; audited.
    pub fn save_extensions(
        &mut self,
        appeal_id: &str,
        input: &str,
        output: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let id = Uuid::now_v7().to_string();
            tx.execute(
                "INSERT INTO extension_results(id, appeal_id, computed_at, author, input, output)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, appeal_id, ts(now), actor.user, input, output],
            )?;
            let changes = serde_json::json!({ "extensions": [null, serde_json::from_str::<serde_json::Value>(input).unwrap_or_default()] });
            audit::insert(tx, now, actor, workstation, "appeal", appeal_id, None, "extensions", &changes,
                audit::Rows { event: None, row: Some(&id) })
        })
    }

    /// The latest extension computed for the appeal: when, and the answer (JSON).
    pub fn latest_extensions(&self, appeal_id: &str) -> Result<Option<(DateTime<Utc>, String)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT computed_at, output FROM extension_results WHERE appeal_id = ?1
                 ORDER BY computed_at DESC LIMIT 1",
                [appeal_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row
            .map(|(at, out)| parse_ts(&at).map(|t| (t, out)))
            .transpose()?)
    }
}
