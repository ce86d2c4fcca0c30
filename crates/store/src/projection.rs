//! The journal's projections: `appeal_heads`, one row per appeal with its current version
//! and the columns journal pages filter and sort on (receipt, channel, source, rule set,
//! status, criticality, failure type, next due instant), and the full-text index
//! `appeal_search`. Both are derived from the versions and events, never the source of
//! truth, and this file is their only writer: every write to an appeal ends, inside its
//! transaction, with [`rebuild_head`], which recomputes the appeal's row whole. Calling it
//! again changes nothing; a lost or stale row is restored by calling it (sync does, after
//! applying pulled versions; an integrity check compares rebuilt against stored). Which
//! version is current, and whether the appeal is conflicted, is decided by [`walk`].

use chrono::{DateTime, Utc};
use desk_journal::{AppealRow, Status};
use rusqlite::{Connection, OptionalExtension, params};

use crate::appeals::appeal_in;
use crate::events::{EventRow, events_in};
use crate::links::first_registered_in;
use crate::{Clocks, Result, Store, StoreError, ts};

/// What the projection copies from the current version.
pub(crate) struct Current {
    pub version_id: String,
    pub received_at: String,
    pub channel: String,
    pub source: String,
    pub rule_set: String,
    pub criticality: Option<String>,
    pub failure_type: Option<String>,
    /// Whether a version stands as a branch beside this one.
    pub conflicted: bool,
    organisation: String,
    description: String,
    decision: Option<String>,
    contacts: String,
}

/// How an appeal's versions stand: the head and the tips of the branches beside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Walk {
    pub head: Option<String>,
    pub branches: Vec<String>,
}

/// The head of an appeal, the same on every replica that holds the same versions
/// (issue 15). The versions are taken in the server's order (`server_seq` of the op that
/// wrote each), then those not yet acknowledged in this workstation's order; a version
/// becomes the head when its parent is the head, or when it is a resolution naming the
/// head as one of its two parents (the branch it names is then merged). Any other version
/// is kept as a branch, extending the branch whose tip is its parent. Client clocks
/// never decide: they only order versions written behind the application.
pub(crate) fn walk(c: &Connection, appeal_id: &str) -> Result<Walk> {
    let mut stmt = c.prepare_cached(
        "SELECT v.version_id, v.parent_version_id, v.merge_parent_version_id,
            (SELECT MIN(s.server_seq) FROM audit u JOIN sync_ops s ON s.op_id = u.id
             WHERE u.version_id = v.version_id) AS server_seq,
            (SELECT MIN(u.seq) FROM audit u WHERE u.version_id = v.version_id) AS local_seq
         FROM appeal_versions v WHERE v.appeal_id = ?1
         ORDER BY server_seq IS NULL, server_seq, local_seq IS NULL, local_seq, v.recorded_at, v.version_id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut w = Walk::default();
    for (id, parent, merge) in rows {
        match (&w.head, parent) {
            (None, None) => w.head = Some(id),
            (Some(head), Some(parent)) if &parent == head || merge.as_ref() == Some(head) => {
                let other = if &parent == head { merge } else { Some(parent) };
                if let Some(other) = other {
                    w.branches.retain(|b| *b != other);
                }
                w.head = Some(id);
            }
            (_, parent) => {
                if let Some(parent) = parent {
                    w.branches.retain(|b| *b != parent);
                }
                w.branches.push(id);
            }
        }
    }
    Ok(w)
}

/// The current version of an appeal: the head [`walk`] finds.
fn current_version(c: &Connection, appeal_id: &str) -> Result<Option<Current>> {
    let w = walk(c, appeal_id)?;
    let Some(head) = w.head else {
        return Ok(None);
    };
    Ok(c.prepare_cached(
        "SELECT v.version_id, v.received_at, v.channel, v.source, v.rule_set, v.criticality, v.failure_type,
                v.organisation, v.description, v.decision,
                v.contact || ' ' || v.contact_person || ' ' || v.email || ' ' || v.phone
         FROM appeal_versions v WHERE v.version_id = ?1",
    )?
    .query_row([&head], |r| {
        Ok(Current {
            version_id: r.get(0)?,
            received_at: r.get(1)?,
            channel: r.get(2)?,
            source: r.get(3)?,
            rule_set: r.get(4)?,
            criticality: r.get(5)?,
            failure_type: r.get(6)?,
            conflicted: !w.branches.is_empty(),
            organisation: r.get(7)?,
            description: r.get(8)?,
            decision: r.get(9)?,
            contacts: r.get(10)?,
        })
    })
    .optional()?)
}

/// Where an appeal stands after its events, taken in the order they were recorded: what
/// was entered last decides, as it did when each entry moved the status on.
pub(crate) fn status_of(events: &[EventRow]) -> Status {
    let mut recorded: Vec<&EventRow> = events.iter().collect();
    recorded.sort_by_key(|e| (e.recorded_at, e.id));
    Status::of(recorded.iter().map(|e| e.kind))
}

/// Rebuilds the `appeal_heads` row and the search entry of one appeal from its current
/// version and its events, and its next due instant with `clocks`. Without clocks (a
/// store opened without the rules engine: migrations, generators) the stored due instant
/// is kept, since only the rules can compute it. Reads and writes this appeal's rows only.
pub(crate) fn rebuild_head(c: &Connection, clocks: Option<&Clocks>, appeal_id: &str) -> Result<()> {
    let (v, events) = expected(c, appeal_id)?;
    let n: i64 = c
        .prepare_cached(
            "INSERT INTO appeal_heads(appeal_id, version_id, received_at, channel, source, rule_set, status,
                criticality, failure_type, conflicted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(appeal_id) DO UPDATE SET version_id = excluded.version_id,
                received_at = excluded.received_at, channel = excluded.channel, source = excluded.source,
                rule_set = excluded.rule_set, status = excluded.status, criticality = excluded.criticality,
                failure_type = excluded.failure_type, conflicted = excluded.conflicted
             RETURNING n",
        )?
        .query_row(
            params![
                appeal_id,
                v.version_id,
                v.received_at,
                v.channel,
                v.source,
                v.rule_set,
                status_of(&events).code(),
                v.criticality,
                v.failure_type,
                v.conflicted,
            ],
            |r| r.get(0),
        )?;
    index_search(c, n, &v)?;
    if let Some(clocks) = clocks {
        let (row, due) = next_due(c, clocks, appeal_id, &events)?;
        if due != row.next_due {
            write_next_due(c, appeal_id, due)?;
        }
    }
    Ok(())
}

/// What an appeal's head is built from: its current version and its events. The
/// integrity check compares the stored head against it (`verify.rs`).
pub(crate) fn expected(c: &Connection, appeal_id: &str) -> Result<(Current, Vec<EventRow>)> {
    let v =
        current_version(c, appeal_id)?.ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
    Ok((v, events_in(c, appeal_id)?))
}

/// The appeal as it stands and the next due instant `clocks` gives it.
pub(crate) fn next_due(
    c: &Connection,
    clocks: &Clocks,
    appeal_id: &str,
    events: &[EventRow],
) -> Result<(AppealRow, Option<DateTime<Utc>>)> {
    let row = appeal_in(c, appeal_id)?.ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
    let support: Option<String> = c
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [crate::SUPPORT_HOURS],
            |r| r.get(0),
        )
        .optional()?;
    let pauses = crate::links::problem_pauses_in(c, appeal_id)?;
    let inputs = crate::ClockInputs {
        first_registered_at: first_registered_in(c, appeal_id)?,
        support_hours: support.as_deref(),
        problem_pauses: &pauses,
    };
    let due = clocks(&row, events, &inputs);
    Ok((row, due))
}

/// The text the search entry of `v` indexes, column by column (organisation,
/// description, decision, contacts), folded as searches are (lower case, ё→е).
pub(crate) fn search_text(v: &Current) -> [String; 4] {
    let f = desk_journal::query::fold_for_search;
    [
        f(&v.organisation),
        f(&v.description),
        f(v.decision.as_deref().unwrap_or("")),
        f(&v.contacts),
    ]
}

/// Rewrites the search entry `n` (the head's key) from the current version.
fn index_search(c: &Connection, n: i64, v: &Current) -> Result<()> {
    c.prepare_cached("DELETE FROM appeal_search WHERE rowid = ?1")?
        .execute([n])?;
    let [organisation, description, decision, contacts] = search_text(v);
    c.prepare_cached(
        "INSERT INTO appeal_search(rowid, organisation, description, decision, contacts) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![n, organisation, description, decision, contacts])?;
    Ok(())
}

fn write_next_due(c: &Connection, appeal_id: &str, due: Option<DateTime<Utc>>) -> Result<()> {
    c.prepare_cached("UPDATE appeal_heads SET next_due = ?1 WHERE appeal_id = ?2")?
        .execute(params![due.map(ts), appeal_id])?;
    Ok(())
}

/// Rebuilds the projection of every appeal, the search index from empty. Returns how
/// many appeals were rebuilt.
pub(crate) fn rebuild_all(c: &Connection, clocks: Option<&Clocks>) -> Result<usize> {
    c.execute_batch("INSERT INTO appeal_search(appeal_search) VALUES ('delete-all')")?;
    let ids: Vec<String> = c
        .prepare("SELECT id FROM appeals ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        rebuild_head(c, clocks, id)?;
    }
    Ok(ids.len())
}

impl Store {
    /// Rebuilds `appeal_heads` and the search index of the whole journal from the
    /// versions and events, in one transaction, with the function every write uses.
    /// Returns how many appeals were rebuilt.
    pub fn rebuild_projections(&mut self) -> Result<usize> {
        let tx = write_tx!(self);
        let n = rebuild_all(&tx, self.clocks.as_ref())?;
        tx.commit()?;
        Ok(n)
    }

    /// Sets an appeal's next due instant by hand, for a store without clocks (tests, the
    /// benchmark's generator). Derived data, not audited; with clocks, the appeal's next
    /// write or rebuild computes it again.
    pub fn set_next_due(&mut self, appeal_id: &str, due: Option<DateTime<Utc>>) -> Result<()> {
        write_next_due(&self.conn, appeal_id, due)
    }

    /// Clears the next due of closed appeals that still carry one: a closed appeal is
    /// never due (issue 19 item 2), and journals written before that rule kept the due
    /// of what a closing left undone. Derived data, not audited. Reads first (through the
    /// `heads_next_due` index: only appeals with a due), so an up-to-date journal is not
    /// written to. Returns how many heads were cleared.
    pub fn clear_due_of_closed(&mut self) -> Result<usize> {
        let stale: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM appeal_heads INDEXED BY heads_next_due WHERE next_due IS NOT NULL AND status = 'closed')",
            [],
            |r| r.get(0),
        )?;
        if !stale {
            return Ok(0);
        }
        Ok(self.conn.execute(
            "UPDATE appeal_heads INDEXED BY heads_next_due SET next_due = NULL WHERE next_due IS NOT NULL AND status = 'closed'",
            [],
        )?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::Duration;
    use desk_journal::{CorrectionForm, EventKind, JournalQuery};
    use uuid::Uuid;

    use super::*;
    use crate::testing::{actor, confirm, register, store, t};

    type Head = (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    fn heads(s: &Store) -> Vec<Head> {
        s.connection()
            .prepare(
                "SELECT n, appeal_id, version_id, received_at, channel, rule_set, status, criticality,
                        failure_type, next_due FROM appeal_heads ORDER BY n",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn found(s: &Store, text: &str) -> usize {
        let q = JournalQuery {
            text: text.into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        s.list(&q, Utc::now()).unwrap().len()
    }

    /// Stand-in for the rules engine: open appeals are due an hour after receipt.
    fn clocks() -> Clocks {
        Box::new(|row, _, _| {
            (row.status != Status::Closed).then(|| row.received_at + Duration::hours(1))
        })
    }

    #[test]
    fn rebuilding_every_projection_gives_back_what_the_writes_left() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        s.set_clocks(clocks());
        let a = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
        let b = register(&mut s, "АО «Ёлка»", "Не загружается протокол");
        let c = register(&mut s, "ИП Жанар", "Ошибка ЭЦП");
        confirm(&mut s, &a, "high");
        s.record_event(
            &c,
            EventKind::Closed,
            t("20.11.2026 12:00"),
            &actor(),
            t("20.11.2026 12:01"),
        )
        .unwrap();
        let correction = CorrectionForm {
            field: "received_at".into(),
            value: "20.11.2026 09:00".into(),
            reason: "время из письма".into(),
        }
        .validate(t("20.11.2026 12:00"))
        .unwrap();
        s.correct(&b, &correction, &actor(), t("20.11.2026 12:05"))
            .unwrap();
        let number = s.appeal(&a).unwrap().unwrap().number;
        s.link(&b, &number, &actor(), t("20.11.2026 12:10"))
            .unwrap();
        let written = heads(&s);
        assert_eq!(written[0].6, "confirmed");
        assert_eq!(written[0].7.as_deref(), Some("high"));
        assert_eq!(written[2].6, "closed");
        assert_eq!(written[2].9, None, "a closed appeal has no clock running");
        assert_eq!(
            written[1].3, "2026-11-20T04:00:00.000000Z",
            "the corrected receipt"
        );

        s.connection()
            .execute_batch(
                "UPDATE appeal_heads SET status = 'registered', criticality = NULL, failure_type = 'user_malware',
                    received_at = '2000-01-01T00:00:00.000000Z', next_due = NULL;
                 INSERT INTO appeal_search(appeal_search) VALUES ('delete-all');",
            )
            .unwrap();
        assert_eq!(found(&s, "ёлка"), 0);
        assert_eq!(s.rebuild_projections().unwrap(), 3);
        assert_eq!(heads(&s), written);
        assert_eq!(
            (found(&s, "елка"), found(&s, "эцп"), found(&s, "701")),
            (1, 1, 3)
        );
        assert_eq!(s.rebuild_projections().unwrap(), 3);
        assert_eq!(heads(&s), written, "rebuilding again changes nothing");
    }

    #[test]
    fn a_version_written_behind_the_projection_is_what_the_journal_shows_after_a_rebuild() {
        // What sync does: a remote version arrives, then the appeal's projection is rebuilt.
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let a = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
        let other = register(&mut s, "АО «Другое»", "Ошибка");
        let other_head = heads(&s)[1].clone();
        let before = s.appeal(&a).unwrap().unwrap();
        s.connection()
            .execute(
                "INSERT INTO appeal_versions(version_id, appeal_id, parent_version_id, author, workstation, recorded_at,
                    organisation, bin_iin, received_at, channel, contact, description, source, rule_set, analysis,
                    criticality, operator_fault, failure_type, decision)
                 SELECT ?1, appeal_id, version_id, 'remote', 'ALA2', '2026-11-20T07:00:00.000000Z',
                    'ТОО «Сапа Плюс»', bin_iin, received_at, 'email', contact, description, source, rule_set,
                    'confirmed', 'low', 0, 'user_malware', 'Исправлено на сервере'
                 FROM appeal_versions WHERE version_id = ?2",
                params![Uuid::now_v7().to_string(), before.version_id.to_string()],
            )
            .unwrap();
        rebuild_head(s.connection(), None, &a).unwrap();
        let after = s.appeal(&a).unwrap().unwrap();
        assert_eq!(after.organisation, "ТОО «Сапа Плюс»");
        assert_eq!(after.channel, desk_journal::Channel::Email);
        assert_eq!(after.criticality, Some(desk_journal::Criticality::Low));
        assert_eq!(
            after.failure_type,
            Some(desk_journal::FailureType::UserMalware)
        );
        assert_eq!(
            after.status,
            Status::Registered,
            "no confirmed event arrived"
        );
        assert_eq!(found(&s, "плюс"), 1);
        assert_eq!(found(&s, "сервере"), 1, "the decision is searched");
        assert_eq!(heads(&s)[1], other_head, "the other appeal is untouched");
        assert_eq!(
            s.appeal(&other).unwrap().unwrap().organisation,
            "АО «Другое»"
        );
    }

    #[test]
    fn the_status_follows_the_events_in_the_order_they_were_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let a = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
        confirm(&mut s, &a, "low");
        s.record_event(
            &a,
            EventKind::Closed,
            t("20.11.2026 12:00"),
            &actor(),
            t("20.11.2026 12:05"),
        )
        .unwrap();
        s.reopen(
            &a,
            "the fix was not recorded",
            &actor(),
            t("20.11.2026 12:07"),
        )
        .unwrap();
        // Entered afterwards though it happened before the closing.
        s.record_event(
            &a,
            EventKind::Fixed,
            t("20.11.2026 11:30"),
            &actor(),
            t("20.11.2026 12:10"),
        )
        .unwrap();
        assert_eq!(s.appeal(&a).unwrap().unwrap().status, Status::Fixed);
        s.rebuild_projections().unwrap();
        assert_eq!(s.appeal(&a).unwrap().unwrap().status, Status::Fixed);
    }
}
