//! The journal's full integrity check (issue 11 item 2): the data equals what the audit
//! chain says. In four stages, each streamed so memory stays bounded whatever the size of
//! the journal (no stage holds more than one row of a table, plus at most
//! [`MAX_PROBLEMS`] findings):
//!
//! 1. *chain*: every entry's link and hash, the canonical body of the rows it recorded
//!    recomputed from the tables, and — given one — that a printed chain head is still
//!    in it (a truncated or recomputed chain is not);
//! 2. *rows*: every row of a covered table is recorded by an entry (a forged role, an
//!    inserted version or event is not), a mutable row (role, setting) equals what its
//!    latest entry says, every op the server holds that this journal saw still has its
//!    entry, and incident numbers have no gap (a deleted appeal leaves one);
//! 3. *projections*: each appeal's head (and next due instant, with the clocks) equals
//!    what its versions and events rebuild to, and the search index holds exactly the
//!    words their current versions say (`verify/search.rs`);
//! 4. *file*: `PRAGMA integrity_check`.
//!
//! Rows written before migration 005 carry no body hash; the migration appended one
//! entry ([`mark_uncovered`]) naming how many rows of each table came before, so those
//! are reported as not covered, never as broken.

mod search;

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::Value as Json;

use crate::audit::{self, ChainHead, Raw, Rows};
use crate::canonical::{self, Record, Table};
use crate::{Actor, Result, Store, StoreError, projection, ts};

/// At most this many findings are kept; the rest are only counted.
pub const MAX_PROBLEMS: usize = 100;

/// How often (in rows) the progress callback is told.
const PROGRESS_EVERY: u64 = 10_000;

/// What kind of damage a finding is. The code names its translation
/// (`verify-problem-<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The link to the previous entry does not match (an entry removed or moved).
    Link,
    /// The entry itself was changed.
    Content,
    /// A recorded row differs from what its entry recorded.
    Changed,
    /// A recorded row is gone.
    Missing,
    /// A row that no entry records (written behind the application).
    Unrecorded,
    /// An incident number of the sequence is missing (an appeal deleted).
    NumberGap,
    /// A projection differs from what the history rebuilds to.
    Projection,
    /// The printed chain head is not in this journal.
    Head,
    /// SQLite's own check of the file failed.
    File,
}

impl ProblemKind {
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Link => "link",
            ProblemKind::Content => "content",
            ProblemKind::Changed => "changed",
            ProblemKind::Missing => "missing",
            ProblemKind::Unrecorded => "unrecorded",
            ProblemKind::NumberGap => "number-gap",
            ProblemKind::Projection => "projection",
            ProblemKind::Head => "head",
            ProblemKind::File => "file",
        }
    }
}

/// One finding: its kind, the audit entry it concerns (if any) and the row it names
/// (`appeals AST1-2026-000002`, `users айгуль`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub seq: Option<i64>,
    pub what: String,
}

/// The stages, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Chain,
    Rows,
    Projections,
    File,
}

/// How far the check is: `done` of `total` in `stage` (`total` is an estimate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

/// The outcome of [`Store::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verification {
    /// Audit entries checked.
    pub entries: u64,
    /// Entries without a body hash (written before migration 005).
    pub entries_not_covered: u64,
    /// Rows no entry covers because they were written before migration 005.
    pub rows_not_covered: u64,
    /// Appeals whose projections were checked.
    pub appeals: u64,
    /// The newest entry.
    pub head: Option<ChainHead>,
    /// The first [`MAX_PROBLEMS`] findings, in the order found.
    pub problems: Vec<Problem>,
    /// How many findings there were in all.
    pub problem_count: u64,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.problem_count == 0
    }

    fn add(&mut self, kind: ProblemKind, seq: Option<i64>, what: impl Into<String>) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                kind,
                seq,
                what: what.into(),
            });
        }
    }
}

/// How many rows of each table the journal held before its entries covered rows.
fn tables() -> [(Table, &'static str); 7] {
    [
        (Table::Appeals, "appeals"),
        (Table::Versions, "appeal_versions"),
        (Table::Events, "appeal_events"),
        (Table::Attachments, "attachments"),
        (Table::Extensions, "extension_results"),
        (Table::Users, "users"),
        (Table::Settings, "settings"),
    ]
}

/// Migration 005: an entry naming, per table, the highest row number and the number of
/// rows written before entries covered rows. Written only when the journal has history.
pub(crate) fn mark_uncovered(tx: &Transaction<'_>) -> Result<()> {
    let entries: i64 = tx.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))?;
    if entries == 0 {
        return Ok(());
    }
    let mut before = serde_json::Map::new();
    for (_, name) in tables() {
        let (max, count): (i64, i64) = tx.query_row(
            &format!("SELECT COALESCE(MAX(rowid), 0), COUNT(*) FROM {name}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        before.insert(name.to_owned(), serde_json::json!([max, count]));
    }
    let workstation = Store::workstation_in(tx)?;
    audit::insert(
        tx,
        chrono::Utc::now(),
        &Actor {
            user: "desk".into(),
        },
        &workstation,
        "journal",
        "schema",
        None,
        "cover",
        &serde_json::json!({ "before": [null, before] }),
        Rows::default(),
    )
}

/// Per table: the highest row number and the count written before coverage.
fn uncovered_bounds(c: &Connection) -> Result<serde_json::Map<String, Json>> {
    let changes: Option<String> = c
        .query_row(
            "SELECT changes FROM audit WHERE entity = 'journal' AND action = 'cover' ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(changes) = changes else {
        return Ok(serde_json::Map::new());
    };
    let v: Json = serde_json::from_str(&changes)
        .map_err(|e| StoreError::Corrupt(format!("audit cover entry: {e}")))?;
    Ok(v["before"][1].as_object().cloned().unwrap_or_default())
}

/// The appeal number to name an appeal by, or its id when it is gone.
fn appeal_name(c: &Connection, id: &str) -> Result<String> {
    Ok(
        c.prepare_cached("SELECT number FROM appeals WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| id.to_owned()),
    )
}

/// Names an entry's subject and the rows it concerns: the one given, else all it records
/// (a body hash says that the rows changed, not which of them).
fn describe(c: &Connection, r: &Raw, record: Option<&Record>) -> Result<String> {
    let subject = if r.entity == "appeal" {
        format!("{} ({})", appeal_name(c, &r.entity_id)?, r.action)
    } else {
        format!("{} {} ({})", r.entity, r.entity_id, r.action)
    };
    let rows = match record {
        Some(rec) => rec.to_string(),
        None => audit::records_of(r)
            .iter()
            .map(Record::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    };
    Ok(if rows.is_empty() {
        subject
    } else {
        format!("{subject}: {rows}")
    })
}

fn is_mutable(r: &Raw) -> bool {
    matches!(r.entity.as_str(), "user" | "setting")
}

struct Check<'a> {
    c: &'a Connection,
    out: Verification,
    progress: &'a mut dyn FnMut(Progress),
}

impl Check<'_> {
    fn tell(&mut self, stage: Stage, done: u64, total: u64) {
        (self.progress)(Progress { stage, done, total });
    }

    /// Stage 1: the chain, the bodies, the printed head.
    fn chain(&mut self, printed: Option<&ChainHead>) -> Result<()> {
        let c = self.c;
        let total: u64 = c.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |r| {
            r.get::<_, i64>(0)
        })? as u64;
        self.tell(Stage::Chain, 0, total);
        let mut prev = String::new();
        let mut head_seen = false;
        let mut out = std::mem::take(&mut self.out);
        let progress = &mut self.progress;
        audit::for_each_raw(c, |r| {
            if let Some(reason) = audit::link_broken(&r, &prev) {
                let kind = if reason == audit::BROKEN_LINK {
                    ProblemKind::Link
                } else {
                    ProblemKind::Content
                };
                out.add(kind, Some(r.seq), describe(c, &r, None)?);
            }
            match &r.body_hash {
                None => out.entries_not_covered += 1,
                Some(_) if is_mutable(&r) => {}
                Some(stored) => {
                    let (body, missing) = canonical::body_hash(c, &audit::records_of(&r))?;
                    if let Some(m) = missing {
                        out.add(
                            ProblemKind::Missing,
                            Some(r.seq),
                            describe(c, &r, Some(&m))?,
                        );
                    } else if &body != stored {
                        out.add(ProblemKind::Changed, Some(r.seq), describe(c, &r, None)?);
                    }
                }
            }
            if let Some(p) = printed
                && p.seq == r.seq
            {
                head_seen = true;
                if p.hash != r.hash {
                    out.add(ProblemKind::Head, Some(r.seq), p.to_string());
                }
            }
            out.entries += 1;
            if out.entries.is_multiple_of(PROGRESS_EVERY) {
                progress(Progress {
                    stage: Stage::Chain,
                    done: out.entries,
                    total,
                });
            }
            out.head = Some(ChainHead {
                seq: r.seq,
                hash: r.hash.clone(),
            });
            prev = r.hash;
            Ok(true)
        })?;
        if let Some(p) = printed
            && !head_seen
        {
            out.add(ProblemKind::Head, None, p.to_string());
        }
        self.out = out;
        self.tell(Stage::Chain, total, total);
        Ok(())
    }

    /// Stage 2: every row recorded, mutable rows as last recorded, no number missing.
    fn rows(&mut self) -> Result<()> {
        let c = self.c;
        let bounds = uncovered_bounds(c)?;
        let queries = [
            (
                Table::Appeals,
                "SELECT t.rowid, t.id, t.number FROM appeals t WHERE NOT EXISTS (SELECT 1 FROM audit u
                 WHERE u.entity = 'appeal' AND u.entity_id = t.id AND u.action = 'register' AND u.body_hash IS NOT NULL)",
            ),
            (
                Table::Versions,
                "SELECT t.rowid, t.version_id, (SELECT number FROM appeals a WHERE a.id = t.appeal_id) FROM appeal_versions t WHERE NOT EXISTS (SELECT 1 FROM audit u
                 WHERE u.version_id = t.version_id AND u.body_hash IS NOT NULL)",
            ),
            (
                Table::Events,
                "SELECT t.rowid, t.id, (SELECT number FROM appeals a WHERE a.id = t.appeal_id) FROM appeal_events t WHERE NOT EXISTS (SELECT 1 FROM audit u
                 WHERE u.event_id = t.id AND u.body_hash IS NOT NULL)",
            ),
            (
                Table::Attachments,
                "SELECT t.rowid, t.id, (SELECT number FROM appeals a WHERE a.id = t.appeal_id) FROM attachments t WHERE NOT EXISTS (SELECT 1 FROM audit u
                 WHERE u.record_id = t.id AND u.action = 'attach' AND u.body_hash IS NOT NULL)",
            ),
            (
                Table::Extensions,
                "SELECT t.rowid, t.id, (SELECT number FROM appeals a WHERE a.id = t.appeal_id) FROM extension_results t WHERE NOT EXISTS (SELECT 1 FROM audit u
                 WHERE u.record_id = t.id AND u.action = 'extensions' AND u.body_hash IS NOT NULL)",
            ),
        ];
        let total = queries.len() as u64 + 3;
        // The Commission's rows (migration 009) came after coverage: each is recorded.
        let commission = crate::commission::unrecorded_queries();
        let queries = queries
            .iter()
            .map(|(t, sql)| (*t, (*sql).to_owned()))
            .chain(commission)
            .chain(crate::mail::unrecorded_queries());
        for (i, (table, sql)) in queries.enumerate() {
            self.tell(Stage::Rows, (i as u64).min(4), total);
            let (max_before, count_before) = bound(&bounds, table.name());
            let mut before = 0i64;
            let mut stmt = c.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let (rowid, key, number): (i64, String, Option<String>) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                if rowid <= max_before && before < count_before {
                    before += 1;
                    self.out.rows_not_covered += 1;
                } else {
                    self.out.add(
                        ProblemKind::Unrecorded,
                        None,
                        format!("{} {key} ({})", table.name(), number.unwrap_or_default()),
                    );
                }
            }
        }
        self.tell(Stage::Rows, 5, total);
        self.mutable(&bounds, Table::Users, "user", "role")?;
        self.mutable(&bounds, Table::Settings, "setting", "")?;
        self.tell(Stage::Rows, 7, total);
        self.synced()?;
        self.numbers()?;
        self.tell(Stage::Rows, total, total);
        Ok(())
    }

    /// A role or setting equals what its latest entry recorded: the body hash, or for
    /// an entry from before 005 the new value its changes name.
    fn mutable(
        &mut self,
        bounds: &serde_json::Map<String, Json>,
        table: Table,
        entity: &str,
        field: &str,
    ) -> Result<()> {
        let c = self.c;
        let (max_before, count_before) = bound(bounds, table.name());
        let (key_col, value_col) = match table {
            Table::Users => ("login", "role"),
            _ => ("key", "value"),
        };
        let mut before = 0i64;
        let mut stmt = c.prepare(&format!(
            "SELECT rowid, {key_col}, {value_col} FROM {} ORDER BY rowid",
            table.name()
        ))?;
        let mut rows = stmt.query([])?;
        // The entry that decides a role or setting is the newest in the server's order,
        // an entry the server has not ordered yet being newer than all it has (sync.rs).
        let mut latest = c.prepare(
            "SELECT u.seq, u.body_hash, u.changes FROM audit u LEFT JOIN sync_ops s ON s.op_id = u.id
             WHERE u.entity = ?1 AND u.entity_id = ?2
             ORDER BY s.server_seq IS NULL DESC, s.server_seq DESC, u.seq DESC LIMIT 1",
        )?;
        while let Some(row) = rows.next()? {
            let (rowid, key, value): (i64, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            let name = format!("{} {key}", table.name());
            let last: Option<(i64, Option<String>, String)> = latest
                .query_row([entity, &key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            match last {
                None if rowid <= max_before && before < count_before => {
                    before += 1;
                    self.out.rows_not_covered += 1;
                }
                None => self.out.add(ProblemKind::Unrecorded, None, name),
                Some((seq, Some(stored), _)) => {
                    let (body, _) = canonical::body_hash(c, &[Record::new(table, &key)])?;
                    if body != stored {
                        self.out.add(ProblemKind::Changed, Some(seq), name);
                    }
                }
                Some((seq, None, changes)) => {
                    let field = if field.is_empty() {
                        key.as_str()
                    } else {
                        field
                    };
                    let recorded = serde_json::from_str::<Json>(&changes)
                        .ok()
                        .and_then(|v| v[field][1].as_str().map(str::to_owned));
                    if recorded.as_deref() != Some(value.as_str()) {
                        self.out.add(ProblemKind::Changed, Some(seq), name);
                    }
                }
            }
        }
        let mut gone = c.prepare(&format!(
            "SELECT u.entity_id, MAX(u.seq) FROM audit u WHERE u.entity = ?1
             AND NOT EXISTS (SELECT 1 FROM {} t WHERE t.{key_col} = u.entity_id) GROUP BY u.entity_id",
            table.name()
        ))?;
        let mut rows = gone.query([entity])?;
        while let Some(row) = rows.next()? {
            let (key, seq): (String, i64) = (row.get(0)?, row.get(1)?);
            self.out.add(
                ProblemKind::Missing,
                Some(seq),
                format!("{} {key}", table.name()),
            );
        }
        Ok(())
    }

    /// Every op the server holds that this journal has seen is here: its own
    /// acknowledged ones and the pulled ones keep their entries, and the pulled range
    /// runs 1… up to the last head seen without a hole. Deleting the newest entries leaves
    /// a consistent chain; this is what still notices.
    fn synced(&mut self) -> Result<()> {
        let c = self.c;
        let mut stmt = c.prepare(
            "SELECT s.op_id, s.server_seq FROM sync_ops s
             WHERE s.ignored = 0 AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.id = s.op_id)
             ORDER BY s.server_seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (op, seq): (String, i64) = (row.get(0)?, row.get(1)?);
            self.out.add(
                ProblemKind::Missing,
                None,
                format!("audit {op} (server_seq {seq})"),
            );
        }
        let (head, known): (i64, i64) = c.query_row(
            "SELECT COALESCE(head_seq, 0),
                (SELECT COUNT(*) FROM sync_ops WHERE server_seq <= COALESCE(st.head_seq, 0))
             FROM sync_state st WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if known < head {
            self.out.add(
                ProblemKind::Missing,
                None,
                format!("sync_ops: {known} of server_seq 1..{head}"),
            );
        }
        self.outbox()
    }

    /// The outbox holds every entry of this workstation that travels, numbered without a
    /// gap, each with the body its entry hashed: an op removed from it would never reach
    /// the server, and one changed in it would reach it different.
    fn outbox(&mut self) -> Result<()> {
        let c = self.c;
        let (rows, max): (i64, i64) = c.query_row(
            "SELECT COUNT(*), COALESCE(MAX(local_seq), 0) FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if rows != max {
            self.out.add(
                ProblemKind::Missing,
                None,
                format!("outbox: {rows} ops numbered up to {max}"),
            );
        }
        let mut stmt = c.prepare(
            "SELECT o.local_seq, o.op_id, u.seq FROM outbox o LEFT JOIN audit u ON u.id = o.op_id
             WHERE u.id IS NULL OR u.body_hash IS NOT o.sha256 ORDER BY o.local_seq",
        )?;
        let mut found = stmt.query([])?;
        while let Some(row) = found.next()? {
            let (local_seq, op, seq): (i64, String, Option<i64>) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            let kind = if seq.is_some() {
                ProblemKind::Changed
            } else {
                ProblemKind::Missing
            };
            self.out
                .add(kind, seq, format!("outbox {local_seq} (audit {op})"));
        }
        let mut stmt = c.prepare(&format!(
            "{} WHERE body_hash IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.op_id = audit.id)
               AND NOT EXISTS (SELECT 1 FROM sync_ops s WHERE s.op_id = audit.id)
             ORDER BY seq",
            audit::SELECT_RAW
        ))?;
        let mut found = stmt.query([])?;
        while let Some(row) = found.next()? {
            let r = audit::raw(row)?;
            if crate::sync::travels(c, &r)? {
                self.out.add(
                    ProblemKind::Missing,
                    Some(r.seq),
                    format!("outbox: {}", describe(c, &r, None)?),
                );
            }
        }
        Ok(())
    }

    /// Incident numbers of a workstation and year run 1, 2, 3…: a deleted appeal leaves
    /// a gap even when the chain was recomputed around it.
    fn numbers(&mut self) -> Result<()> {
        let c = self.c;
        let mut stmt = c.prepare(
            "SELECT workstation, year, sequence FROM appeals ORDER BY workstation, year, sequence",
        )?;
        let mut rows = stmt.query([])?;
        let mut last: Option<(String, i64, i64)> = None;
        while let Some(row) = rows.next()? {
            let (ws, year, seq): (String, i64, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let expected = match &last {
                Some((w, y, s)) if *w == ws && *y == year => s + 1,
                _ => 1,
            };
            if seq > expected {
                self.out.add(
                    ProblemKind::NumberGap,
                    None,
                    format!("{ws}-{year}-{expected:06}"),
                );
            }
            last = Some((ws, year, seq));
        }
        Ok(())
    }

    /// Stage 3: every appeal's head and search entry as its history rebuilds them.
    fn projections(&mut self, clocks: Option<&crate::Clocks>) -> Result<()> {
        let c = self.c;
        let total: u64 =
            c.query_row("SELECT COUNT(*) FROM appeals", [], |r| r.get::<_, i64>(0))? as u64;
        self.tell(Stage::Projections, 0, total);
        let mut stmt = c.prepare(
            "SELECT a.id, a.number, h.n, h.version_id, h.received_at, h.channel, h.source, h.rule_set, h.status,
                    h.criticality, h.failure_type, h.next_due, h.conflicted
             FROM appeals a LEFT JOIN appeal_heads h ON h.appeal_id = a.id ORDER BY a.rowid",
        )?;
        let expected_index = search::ExpectedIndex::create(c)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let number: String = row.get(1)?;
            self.out.appeals += 1;
            if self.out.appeals.is_multiple_of(PROGRESS_EVERY) {
                self.tell(Stage::Projections, self.out.appeals, total);
            }
            let Some(n) = row.get::<_, Option<i64>>(2)? else {
                self.out.add(
                    ProblemKind::Projection,
                    None,
                    format!("appeal_heads {number}"),
                );
                continue;
            };
            let stored: [Option<String>; 9] = [
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
                row.get(9)?,
                row.get(10)?,
                row.get(11)?,
            ];
            let rebuilt =
                unreadable_is_none(projection::expected(c, &id).and_then(|(v, events)| {
                    let due = match clocks {
                        Some(clocks) => {
                            Some(projection::next_due(c, clocks, &id, &events)?.1.map(ts))
                        }
                        None => None,
                    };
                    Ok((v, events, due))
                }))?;
            let stored_conflicted = row.get::<_, Option<i64>>(12)?.unwrap_or(0) != 0;
            let Some((v, events, due)) = rebuilt else {
                self.out.add(
                    ProblemKind::Projection,
                    None,
                    format!("appeal_heads {number}"),
                );
                continue;
            };
            expected_index.add(n, &projection::search_text(&v))?;
            let conflicted_differs = v.conflicted != stored_conflicted;
            let expected = [
                Some(v.version_id),
                Some(v.received_at),
                Some(v.channel),
                Some(v.source),
                Some(v.rule_set),
                Some(projection::status_of(&events).code().to_owned()),
                v.criticality,
                v.failure_type,
            ];
            let due_differs = due.is_some_and(|d| d != stored[8]);
            if expected[..] != stored[..8] || due_differs || conflicted_differs {
                self.out.add(
                    ProblemKind::Projection,
                    None,
                    format!("appeal_heads {number}"),
                );
            }
        }
        drop(rows);
        drop(stmt);
        let (differing, more) = expected_index.differing()?;
        let mut number_of = c.prepare(
            "SELECT a.number FROM appeal_heads h JOIN appeals a ON a.id = h.appeal_id WHERE h.n = ?1",
        )?;
        for n in differing {
            let number: Option<String> = number_of.query_row([n], |r| r.get(0)).optional()?;
            let what = match number {
                Some(number) => format!("appeal_search {number}"),
                None => format!("appeal_search entry {n}"),
            };
            self.out.add(ProblemKind::Projection, None, what);
        }
        if more {
            self.out.add(
                ProblemKind::Projection,
                None,
                "appeal_search: more entries differ",
            );
        }
        let heads: i64 = c.query_row("SELECT COUNT(*) FROM appeal_heads", [], |r| r.get(0))?;
        if heads as u64 != self.out.appeals {
            self.out.add(
                ProblemKind::Projection,
                None,
                format!(
                    "appeal_heads: {heads} rows for {} appeals",
                    self.out.appeals
                ),
            );
        }
        self.tell(Stage::Projections, total, total);
        Ok(())
    }

    /// Stage 4: SQLite's own check of every page and index.
    fn file(&mut self) -> Result<()> {
        self.tell(Stage::File, 0, 1);
        for message in integrity(self.c, "integrity_check")? {
            self.out.add(ProblemKind::File, None, message);
        }
        self.tell(Stage::File, 1, 1);
        Ok(())
    }
}

/// A history this build cannot read (a forged value), or one without a version,
/// rebuilds to nothing: a finding, not a failure of the check.
fn unreadable_is_none<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(
            StoreError::Corrupt(_)
            | StoreError::NotFound(_)
            | StoreError::Sqlite(
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..),
            ),
        ) => Ok(None),
        Err(e) => Err(e),
    }
}

fn bound(bounds: &serde_json::Map<String, Json>, table: &str) -> (i64, i64) {
    let v = &bounds.get(table).cloned().unwrap_or_default();
    (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0))
}

/// Whether SQLite says the file itself is damaged.
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// The messages of `PRAGMA <pragma>` other than `ok`.
fn integrity(c: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = c.prepare(&format!("PRAGMA {pragma}(100)"))?;
    let messages = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(messages.into_iter().filter(|m| m != "ok").collect())
}

impl Store {
    /// The full check: chain, rows, projections, file (see the module). `head` is a
    /// chain head printed earlier that the journal must still contain; `progress` is told
    /// how far the check is.
    pub fn verify(
        &self,
        head: Option<&ChainHead>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Verification> {
        // One read transaction: the check sees one state of the journal throughout.
        let tx = self.conn.unchecked_transaction()?;
        let mut check = Check {
            c: &tx,
            out: Verification::default(),
            progress,
        };
        let run = (|| {
            check.chain(head)?;
            check.rows()?;
            check.projections(self.clocks.as_ref())?;
            check.file()
        })();
        match run {
            Ok(()) => {
                let out = check.out;
                tx.finish()?;
                Ok(out)
            }
            // A damaged page stops a stage midway: what SQLite's check says is the answer.
            Err(StoreError::Sqlite(e)) if is_damage(&e) => {
                let mut out = check.out;
                out.add(ProblemKind::File, None, e.to_string());
                for message in integrity(&tx, "integrity_check").unwrap_or_default() {
                    out.add(ProblemKind::File, None, message);
                }
                Ok(out)
            }
            Err(e) => Err(e),
        }
    }

    /// The newest entry of the chain, printed on extracts and daily analyses.
    pub fn chain_head(&self) -> Result<Option<ChainHead>> {
        audit::head(&self.conn)
    }

    /// SQLite's quick check of the file (run at every start): the problems it found,
    /// empty when the file is sound. A file too damaged to answer is one problem.
    pub fn quick_check(&self) -> Vec<String> {
        integrity(&self.conn, "quick_check").unwrap_or_else(|e| vec![e.to_string()])
    }
}
