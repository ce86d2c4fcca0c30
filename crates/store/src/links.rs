//! Linked reports of one problem (002 §38): an appeal that reports a problem already
//! registered points to the problem's first appeal, whose registration starts the fix
//! clock of them all.
//!
//! Links form chains (an appeal linked to the first appeal of a problem that was itself
//! later linked to another), never cycles: [`Store::link`] walks the chain of the appeal
//! it links to inside its write transaction and refuses one that leads back. The fix
//! clock of an appeal runs from the earliest registration on its chain, itself included,
//! so a link to a newer appeal never restarts a clock, and a re-link that would drop an
//! earlier registration from the chain is refused.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use desk_journal::{AppealRow, EventKind, Field, FieldError, Problem};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::appeals::{appeal_id_by_number, new_version};
use crate::{Actor, EventRow, Result, Store, StoreError, audit, parse_ts, projection};

/// The problem the current version of an appeal points to, if it is a linked report.
fn problem_of(c: &Connection, appeal_id: &str) -> Result<Option<String>> {
    Ok(c
        .prepare_cached(
            "SELECT v.problem_id FROM appeal_heads h JOIN appeal_versions v ON v.version_id = h.version_id
             WHERE h.appeal_id = ?1",
        )?
        .query_row([appeal_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The appeal, then each problem it points to, up to the first appeal of the problem.
/// A cycle written before links were checked ends the walk where it closes.
fn chain(c: &Connection, appeal_id: &str) -> Result<Vec<String>> {
    let mut chain = vec![appeal_id.to_owned()];
    let mut seen: HashSet<String> = chain.iter().cloned().collect();
    let mut current = appeal_id.to_owned();
    while let Some(next) = problem_of(c, &current)? {
        if !seen.insert(next.clone()) {
            tracing::warn!(appeal = appeal_id, "linked reports form a cycle");
            break;
        }
        chain.push(next.clone());
        current = next;
    }
    Ok(chain)
}

/// The problem an appeal belongs to: the end of its chain.
pub(crate) fn problem_root(tx: &Connection, appeal_id: &str) -> Result<String> {
    Ok(chain(tx, appeal_id)?
        .pop()
        .unwrap_or_else(|| appeal_id.to_owned()))
}

/// The earliest registration among the appeals of a chain.
fn earliest(c: &Connection, chain: &[String]) -> Result<Option<DateTime<Utc>>> {
    let mut stmt = c.prepare_cached("SELECT created_at FROM appeals WHERE id = ?1")?;
    let mut first: Option<DateTime<Utc>> = None;
    for id in chain {
        let created: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
        if let Some(created) = created {
            let at = parse_ts(&created)?;
            first = Some(first.map_or(at, |f| f.min(at)));
        }
    }
    Ok(first)
}

/// When the problem this appeal reports was first registered, if it is a linked report:
/// the earliest registration on its chain, its own included (002 §38).
pub(crate) fn first_registered_in(
    c: &Connection,
    appeal_id: &str,
) -> Result<Option<DateTime<Utc>>> {
    let chain = chain(c, appeal_id)?;
    if chain.len() < 2 {
        return Ok(None);
    }
    earliest(c, &chain)
}

/// The information requests and answers on the first appeal of the problem a linked
/// report belongs to (002 §38: a pause there reaches every report of the problem); empty
/// for an appeal that is not a linked report.
pub(crate) fn problem_pauses_in(c: &Connection, appeal_id: &str) -> Result<Vec<EventRow>> {
    let chain = chain(c, appeal_id)?;
    let Some(root) = chain.last().filter(|_| chain.len() > 1) else {
        return Ok(Vec::new());
    };
    Ok(crate::events::events_in(c, root)?
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::InfoRequested | EventKind::InfoReceived))
        .collect())
}

/// The appeals whose chains pass through `appeal_id`: their fix clocks may move earlier
/// when it is linked. Links are rare, so a scan of the heads is affordable here.
pub(crate) fn reports_through(c: &Connection, appeal_id: &str) -> Result<Vec<String>> {
    Ok(c.prepare_cached(
        "WITH RECURSIVE down(id) AS (
                SELECT ?1
                UNION
                -- A current version naming the problem: by the problem_id index, then
                -- the head of its appeal by appeal_id.
                SELECT v.appeal_id FROM down
                JOIN appeal_versions v ON v.problem_id = down.id
                JOIN appeal_heads h ON h.appeal_id = v.appeal_id AND h.version_id = v.version_id
             )
             SELECT id FROM down WHERE id <> ?1",
    )?
    .query_map([appeal_id], |r| r.get(0))?
    .collect::<rusqlite::Result<_>>()?)
}

fn refused(problem: Problem) -> StoreError {
    StoreError::Refused(FieldError::new(Field::LinkedTo, problem))
}

impl Store {
    /// Marks an appeal as another report of the problem `problem_number` belongs to
    /// (002 §38: the fix clock then runs from the problem's first registration). Refused
    /// when the link would close a cycle or move the appeal's fix clock later.
    pub fn link(
        &mut self,
        appeal_id: &str,
        problem_number: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        let tx = write_tx!(self);
        let workstation = Self::workstation_in(&tx)?;
        let target = appeal_id_by_number(&tx, problem_number)?;
        if target == appeal_id {
            return Err(StoreError::LinkSelf);
        }
        let target_chain = chain(&tx, &target)?;
        if target_chain.iter().any(|id| id == appeal_id) {
            return Err(refused(Problem::LinkCycle));
        }
        let root = target_chain
            .last()
            .cloned()
            .unwrap_or_else(|| target.clone());
        let before = earliest(&tx, &chain(&tx, appeal_id)?)?;
        let mut after = target_chain;
        after.push(appeal_id.to_owned());
        if earliest(&tx, &after)? > before {
            return Err(refused(Problem::LinkLater));
        }
        let set = [("problem_id", Value::Text(root))];
        let version_id = new_version(&tx, appeal_id, &set, actor, &workstation, now)?;
        let changes = serde_json::json!({ "linked_to": [null, problem_number] });
        audit::insert(
            &tx,
            now,
            actor,
            &workstation,
            "appeal",
            appeal_id,
            Some(version_id),
            "link",
            &changes,
            audit::Rows::default(),
        )?;
        projection::rebuild_head(&tx, self.clocks.as_ref(), appeal_id)?;
        for report in reports_through(&tx, appeal_id)? {
            projection::rebuild_head(&tx, self.clocks.as_ref(), &report)?;
        }
        tx.commit()?;
        self.appeal(appeal_id)?
            .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))
    }

    /// The pauses of the problem a linked report belongs to (002 §38); see
    /// [`problem_pauses_in`].
    pub fn problem_pauses(&self, appeal_id: &str) -> Result<Vec<EventRow>> {
        problem_pauses_in(&self.conn, appeal_id)
    }

    /// When the problem this appeal reports was first registered (002 §38), if it is
    /// a linked report: the earliest registration on its chain of links.
    pub fn first_registered_at(&self, appeal_id: &str) -> Result<Option<DateTime<Utc>>> {
        first_registered_in(&self.conn, appeal_id)
    }
}
