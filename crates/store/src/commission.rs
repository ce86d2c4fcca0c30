//! The Commission's records (issue 17, migration 009): composition versions, meetings,
//! the roll call, votes, dissenting opinions, decisions, protocols and signatures.
//!
//! The store knows no Commission rule (it depends neither on `desk-rules` nor on
//! `desk-commission`): [`Store::commission_write`] reads a meeting's whole record inside
//! its write transaction and hands it to the application, whose domain checks decide
//! what to write. So a check and its write see the same state, and a refused change
//! leaves nothing behind. Every row is one audit entry of entity `commission` whose
//! action names the row's table ([`TABLES`]); the entry carries the row's canonical body
//! like any other, so `desk journal verify` and sync cover these rows too.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::canonical::Table;
use crate::{Actor, Result, Store, StoreError, audit, parse_ts, ts};

/// Each Commission table and the audit action that records its rows.
pub(crate) const TABLES: &[(Table, &str)] = &[
    (Table::CommissionCompositions, "commission_composition"),
    (Table::CommissionMeetings, "commission_meeting"),
    (Table::CommissionAttendance, "commission_attendance"),
    (Table::CommissionVotes, "commission_vote"),
    (Table::CommissionDissents, "commission_dissent"),
    (Table::CommissionDecisions, "commission_decision"),
    (Table::CommissionProtocols, "commission_protocol"),
    (Table::CommissionSignatures, "commission_signature"),
    (Table::CommissionApplications, "commission_application"),
    (
        Table::CommissionApplicationSteps,
        "commission_application_step",
    ),
];

/// The table an entry of entity `commission` with this action records a row of.
pub(crate) fn table_of(action: &str) -> Option<Table> {
    TABLES.iter().find(|(_, a)| *a == action).map(|(t, _)| *t)
}

pub(crate) fn is_commission(table: Table) -> bool {
    TABLES.iter().any(|(t, _)| *t == table)
}

/// Per table, the rows no audit entry records (`verify.rs`): key, and the meeting or
/// order number to name them by.
pub(crate) fn unrecorded_queries() -> Vec<(Table, String)> {
    TABLES
        .iter()
        .map(|(table, action)| {
            let name = match table {
                Table::CommissionCompositions => "t.order_number".to_owned(),
                Table::CommissionMeetings | Table::CommissionApplications => "t.number".to_owned(),
                Table::CommissionApplicationSteps => {
                    "(SELECT a.number FROM commission_applications a \
                     WHERE a.id = t.application_id)"
                        .to_owned()
                }
                Table::CommissionSignatures => "(SELECT m.number FROM commission_protocols p \
                     JOIN commission_meetings m ON m.id = p.meeting_id WHERE p.id = t.protocol_id)"
                    .to_owned(),
                _ => "(SELECT m.number FROM commission_meetings m WHERE m.id = t.meeting_id)"
                    .to_owned(),
            };
            let sql = format!(
                "SELECT t.rowid, t.id, {name} FROM {} t WHERE NOT EXISTS (SELECT 1 FROM audit u
                 WHERE u.record_id = t.id AND u.entity = 'commission' AND u.action = '{action}'
                 AND u.body_hash IS NOT NULL)",
                table.name()
            );
            (*table, sql)
        })
        .collect()
}

/// A composition version as approved by an order (003 §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompositionRow {
    pub id: String,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub valid_from: NaiveDate,
    /// The members, JSON as the application wrote it.
    pub members: String,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: String,
    pub number: String,
    pub composition_id: String,
    pub date: NaiveDate,
    /// `HH:MM`, Astana time.
    pub time: String,
    pub place: String,
    /// The agenda items, JSON as the application wrote it.
    pub agenda: String,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub present: Vec<String>,
    pub acting_chair: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteRow {
    /// From 1, in agenda order.
    pub item: u32,
    pub member_id: String,
    /// `for | against | abstain | recused`.
    pub vote: String,
    pub conflict: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DissentRow {
    pub item: u32,
    pub member_id: String,
    pub position: String,
    pub text: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub item: u32,
    /// `adopted | not_adopted | no_quorum`.
    pub outcome: String,
    /// The counts, JSON.
    pub tally: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub lang: String,
    pub text: String,
    pub sha256: String,
    pub due_at: DateTime<Utc>,
    pub produced_at: DateTime<Utc>,
    pub late: bool,
    pub author: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRow {
    pub protocol_id: String,
    pub member_id: String,
    pub sha256: String,
    pub signed_at: DateTime<Utc>,
    pub author: String,
}

/// Everything recorded about one meeting, each list in the order of its ids (UUIDv7:
/// the order written, on every replica). What may be written once (a member's vote on an
/// item, an item's decision, a member's signature of a protocol, the roll call) appears
/// once: the row with the smaller id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub meeting: MeetingRow,
    pub composition: CompositionRow,
    pub attendance: Option<AttendanceRow>,
    pub votes: Vec<VoteRow>,
    pub dissents: Vec<DissentRow>,
    pub decisions: Vec<DecisionRow>,
    pub protocols: Vec<ProtocolRow>,
    pub signatures: Vec<SignatureRow>,
}

impl MeetingRecord {
    /// The current protocol: the draft no later draft replaces; of two such (drafted
    /// on two workstations at once) the newer by id, the same on every replica.
    pub fn protocol(&self) -> Option<&ProtocolRow> {
        self.protocols
            .iter()
            .filter(|p| {
                !self
                    .protocols
                    .iter()
                    .any(|c| c.parent_id.as_ref() == Some(&p.id))
            })
            .max_by(|a, b| a.id.cmp(&b.id))
    }

    /// The signatures given to a protocol, in the order given.
    pub fn signatures_of<'a>(
        &'a self,
        protocol_id: &'a str,
    ) -> impl Iterator<Item = &'a SignatureRow> {
        self.signatures
            .iter()
            .filter(move |s| s.protocol_id == protocol_id)
    }
}

/// What the application decided to write; each is one row and one audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommissionWrite {
    Composition {
        order_number: String,
        order_date: NaiveDate,
        valid_from: NaiveDate,
        members: String,
    },
    Meeting {
        number: String,
        composition_id: String,
        date: NaiveDate,
        time: String,
        place: String,
        agenda: String,
    },
    Attendance {
        present: Vec<String>,
        acting_chair: Option<String>,
    },
    Vote {
        item: u32,
        member_id: String,
        vote: String,
        conflict: Option<String>,
    },
    Dissent {
        item: u32,
        member_id: String,
        position: String,
        text: String,
    },
    Decision {
        item: u32,
        outcome: String,
        tally: String,
    },
    Protocol {
        parent_id: Option<String>,
        lang: String,
        text: String,
        due_at: DateTime<Utc>,
        late: bool,
    },
    Signature {
        protocol_id: String,
        member_id: String,
        sha256: String,
    },
}

/// What a write's decision is taken on: every composition version, and the meeting the
/// write is about (when it names one and it exists).
#[derive(Debug, Clone, Copy)]
pub struct CommissionView<'a> {
    pub compositions: &'a [CompositionRow],
    pub meeting: Option<&'a MeetingRecord>,
}

/// The SHA-256 (hex) of a protocol text: what its signatures are given to.
pub fn text_sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

pub(crate) fn date(col: usize, s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn item_of(col: usize, v: i64) -> rusqlite::Result<u32> {
    u32::try_from(v).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Integer, Box::new(e))
    })
}

const COMPOSITION: &str =
    "SELECT id, order_number, order_date, valid_from, members, recorded_at, author
     FROM commission_compositions";

fn composition_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CompositionRow> {
    Ok(CompositionRow {
        id: r.get(0)?,
        order_number: r.get(1)?,
        order_date: date(2, &r.get::<_, String>(2)?)?,
        valid_from: date(3, &r.get::<_, String>(3)?)?,
        members: r.get(4)?,
        recorded_at: parse_ts(&r.get::<_, String>(5)?)?,
        author: r.get(6)?,
    })
}

const MEETING: &str =
    "SELECT id, number, composition_id, date, time, place, agenda, recorded_at, author
     FROM commission_meetings";

fn meeting_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MeetingRow> {
    Ok(MeetingRow {
        id: r.get(0)?,
        number: r.get(1)?,
        composition_id: r.get(2)?,
        date: date(3, &r.get::<_, String>(3)?)?,
        time: r.get(4)?,
        place: r.get(5)?,
        agenda: r.get(6)?,
        recorded_at: parse_ts(&r.get::<_, String>(7)?)?,
        author: r.get(8)?,
    })
}

fn compositions_in(c: &Connection) -> Result<Vec<CompositionRow>> {
    Ok(c.prepare_cached(&format!("{COMPOSITION} ORDER BY id"))?
        .query_map([], composition_row)?
        .collect::<rusqlite::Result<_>>()?)
}

fn meeting_in(c: &Connection, number: &str) -> Result<Option<MeetingRecord>> {
    let meeting = c
        .prepare_cached(&format!("{MEETING} WHERE number = ?1 ORDER BY id LIMIT 1"))?
        .query_row([number], meeting_row)
        .optional()?;
    let Some(meeting) = meeting else {
        return Ok(None);
    };
    let id = meeting.id.as_str();
    let composition = c
        .prepare_cached(&format!("{COMPOSITION} WHERE id = ?1"))?
        .query_row([&meeting.composition_id], composition_row)?;
    let attendance = c
        .prepare_cached(
            "SELECT present, acting_chair, recorded_at, author FROM commission_attendance
             WHERE meeting_id = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                parse_ts(&r.get::<_, String>(2)?)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?
        .map(|(present, acting_chair, recorded_at, author)| {
            let present: Vec<String> = serde_json::from_str(&present).map_err(|e| {
                StoreError::Corrupt(format!("commission attendance of meeting {number}: {e}"))
            })?;
            Ok::<_, StoreError>(AttendanceRow {
                present,
                acting_chair,
                recorded_at,
                author,
            })
        })
        .transpose()?;
    let votes = c
        .prepare_cached(
            "SELECT item, member_id, vote, conflict, recorded_at FROM commission_votes
             WHERE meeting_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(VoteRow {
                item: item_of(0, r.get(0)?)?,
                member_id: r.get(1)?,
                vote: r.get(2)?,
                conflict: r.get(3)?,
                recorded_at: parse_ts(&r.get::<_, String>(4)?)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let dissents = c
        .prepare_cached(
            "SELECT item, member_id, position, text, recorded_at FROM commission_dissents
             WHERE meeting_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(DissentRow {
                item: item_of(0, r.get(0)?)?,
                member_id: r.get(1)?,
                position: r.get(2)?,
                text: r.get(3)?,
                recorded_at: parse_ts(&r.get::<_, String>(4)?)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let decisions = c
        .prepare_cached(
            "SELECT item, outcome, tally, recorded_at FROM commission_decisions
             WHERE meeting_id = ?1 ORDER BY item, id",
        )?
        .query_map([id], |r| {
            Ok(DecisionRow {
                item: item_of(0, r.get(0)?)?,
                outcome: r.get(1)?,
                tally: r.get(2)?,
                recorded_at: parse_ts(&r.get::<_, String>(3)?)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let protocols = c
        .prepare_cached(
            "SELECT id, parent_id, lang, text, sha256, due_at, produced_at, late, author
             FROM commission_protocols WHERE meeting_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(ProtocolRow {
                id: r.get(0)?,
                parent_id: r.get(1)?,
                lang: r.get(2)?,
                text: r.get(3)?,
                sha256: r.get(4)?,
                due_at: parse_ts(&r.get::<_, String>(5)?)?,
                produced_at: parse_ts(&r.get::<_, String>(6)?)?,
                late: r.get::<_, i64>(7)? != 0,
                author: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let signatures = c
        .prepare_cached(
            "SELECT s.protocol_id, s.member_id, s.sha256, s.signed_at, s.author
             FROM commission_signatures s JOIN commission_protocols p ON p.id = s.protocol_id
             WHERE p.meeting_id = ?1 ORDER BY s.id",
        )?
        .query_map([id], |r| {
            Ok(SignatureRow {
                protocol_id: r.get(0)?,
                member_id: r.get(1)?,
                sha256: r.get(2)?,
                signed_at: parse_ts(&r.get::<_, String>(3)?)?,
                author: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Two workstations working offline may each have written what one may write once
    // (migration 009): the row with the smaller id stands, the same on every replica.
    let mut votes: Vec<VoteRow> = votes;
    let mut seen = std::collections::HashSet::new();
    votes.retain(|v| seen.insert((v.item, v.member_id.clone())));
    let mut decisions: Vec<DecisionRow> = decisions;
    decisions.dedup_by_key(|d| d.item);
    let mut signatures: Vec<SignatureRow> = signatures;
    let mut seen = std::collections::HashSet::new();
    signatures.retain(|s| seen.insert((s.protocol_id.clone(), s.member_id.clone())));
    Ok(Some(MeetingRecord {
        meeting,
        composition,
        attendance,
        votes,
        dissents,
        decisions,
        protocols,
        signatures,
    }))
}

/// The JSON value of a column stored as JSON text, for the audit entry's changes.
fn json_of(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| text.into())
}

/// Inserts one row; returns its id, the entity id its entry names, the action and the
/// entry's changes.
fn insert(
    tx: &Connection,
    meeting: Option<&MeetingRecord>,
    write: &CommissionWrite,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(String, String, &'static str, serde_json::Value)> {
    use serde_json::json;
    let id = Uuid::now_v7().to_string();
    let at = ts(now);
    let meeting_id = || {
        meeting.map(|m| m.meeting.id.clone()).ok_or_else(|| {
            StoreError::Corrupt("a Commission write about a meeting names none".into())
        })
    };
    let out = match write {
        CommissionWrite::Composition {
            order_number,
            order_date,
            valid_from,
            members,
        } => {
            tx.prepare_cached(
                "INSERT INTO commission_compositions(id, order_number, order_date, valid_from, members, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, order_number, day(*order_date), day(*valid_from), members, at, author])?;
            let changes = json!({
                "order_number": [null, order_number],
                "order_date": [null, day(*order_date)],
                "valid_from": [null, day(*valid_from)],
                "members": [null, json_of(members)],
            });
            (id.clone(), id, "commission_composition", changes)
        }
        CommissionWrite::Meeting {
            number,
            composition_id,
            date,
            time,
            place,
            agenda,
        } => {
            tx.prepare_cached(
                "INSERT INTO commission_meetings(id, number, composition_id, date, time, place, agenda, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![id, number, composition_id, day(*date), time, place, agenda, at, author])?;
            let changes = json!({
                "number": [null, number],
                "composition_id": [null, composition_id],
                "date": [null, day(*date)],
                "time": [null, time],
                "place": [null, place],
                "agenda": [null, json_of(agenda)],
            });
            (id.clone(), id, "commission_meeting", changes)
        }
        CommissionWrite::Attendance {
            present,
            acting_chair,
        } => {
            let m = meeting_id()?;
            let list = serde_json::to_string(present)
                .map_err(|e| StoreError::Corrupt(format!("attendance: {e}")))?;
            tx.prepare_cached(
                "INSERT INTO commission_attendance(id, meeting_id, present, acting_chair, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, m, list, acting_chair, at, author])?;
            let changes = json!({
                "present": [null, present],
                "acting_chair": [null, acting_chair],
            });
            (id, m, "commission_attendance", changes)
        }
        CommissionWrite::Vote {
            item,
            member_id,
            vote,
            conflict,
        } => {
            let m = meeting_id()?;
            tx.prepare_cached(
                "INSERT INTO commission_votes(id, meeting_id, item, member_id, vote, conflict, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![id, m, item, member_id, vote, conflict, at, author])?;
            let changes = json!({
                "item": [null, item],
                "member": [null, member_id],
                "vote": [null, vote],
                "conflict": [null, conflict],
            });
            (id, m, "commission_vote", changes)
        }
        CommissionWrite::Dissent {
            item,
            member_id,
            position,
            text,
        } => {
            let m = meeting_id()?;
            tx.prepare_cached(
                "INSERT INTO commission_dissents(id, meeting_id, item, member_id, position, text, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![id, m, item, member_id, position, text, at, author])?;
            let changes = json!({
                "item": [null, item],
                "member": [null, member_id],
                "position": [null, position],
                "text": [null, text],
            });
            (id, m, "commission_dissent", changes)
        }
        CommissionWrite::Decision {
            item,
            outcome,
            tally,
        } => {
            let m = meeting_id()?;
            tx.prepare_cached(
                "INSERT INTO commission_decisions(id, meeting_id, item, outcome, tally, recorded_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, m, item, outcome, tally, at, author])?;
            let changes = json!({
                "item": [null, item],
                "outcome": [null, outcome],
                "tally": [null, json_of(tally)],
            });
            (id, m, "commission_decision", changes)
        }
        CommissionWrite::Protocol {
            parent_id,
            lang,
            text,
            due_at,
            late,
        } => {
            let m = meeting_id()?;
            let sha = text_sha256(text);
            tx.prepare_cached(
                "INSERT INTO commission_protocols(id, meeting_id, parent_id, lang, text, sha256, due_at, produced_at, late, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![id, m, parent_id, lang, text, sha, ts(*due_at), at, i64::from(*late), author])?;
            // The text itself is in the row, covered by the entry's body hash.
            let changes = json!({
                "parent_id": [null, parent_id],
                "sha256": [null, sha],
                "due_at": [null, ts(*due_at)],
                "late": [null, late],
            });
            (id, m, "commission_protocol", changes)
        }
        CommissionWrite::Signature {
            protocol_id,
            member_id,
            sha256,
        } => {
            let m = meeting_id()?;
            tx.prepare_cached(
                "INSERT INTO commission_signatures(id, protocol_id, member_id, sha256, signed_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, protocol_id, member_id, sha256, at, author])?;
            let changes = json!({
                "protocol_id": [null, protocol_id],
                "member": [null, member_id],
                "sha256": [null, sha256],
            });
            (id, m, "commission_signature", changes)
        }
    };
    Ok(out)
}

impl Store {
    /// Every composition version, in the order recorded.
    pub fn commission_compositions(&self) -> Result<Vec<CompositionRow>> {
        compositions_in(&self.conn)
    }

    /// Every meeting, in the order recorded.
    pub fn commission_meetings(&self) -> Result<Vec<MeetingRow>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{MEETING} ORDER BY id"))?
            .query_map([], meeting_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Everything recorded about the meeting with this number.
    pub fn commission_meeting(&self, number: &str) -> Result<Option<MeetingRecord>> {
        meeting_in(&self.conn, number)
    }

    /// One Commission change, all or nothing. Inside one write transaction the
    /// compositions and the meeting `meeting` (by number, when given) are read and handed
    /// to `decide`, whose answer is written row by row, each with its audit entry. When
    /// `decide` refuses, or any row is refused by the schema, nothing is written. Returns
    /// the ids of the rows written, in order.
    pub fn commission_write<E: From<StoreError>>(
        &mut self,
        meeting: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
        decide: impl FnOnce(CommissionView<'_>) -> std::result::Result<Vec<CommissionWrite>, E>,
    ) -> std::result::Result<Vec<String>, E> {
        let tx = write_tx!(self);
        let workstation = Self::workstation_in(&tx)?;
        if workstation.is_empty() {
            return Err(StoreError::WorkstationNotSet.into());
        }
        let compositions = compositions_in(&tx)?;
        let record = match meeting {
            Some(number) => meeting_in(&tx, number)?,
            None => None,
        };
        let writes = decide(CommissionView {
            compositions: &compositions,
            meeting: record.as_ref(),
        })?;
        let mut ids = Vec::with_capacity(writes.len());
        for write in &writes {
            let (id, entity_id, action, changes) =
                insert(&tx, record.as_ref(), write, &actor.user, now)?;
            audit::insert(
                &tx,
                now,
                actor,
                &workstation,
                "commission",
                &entity_id,
                None,
                action,
                &changes,
                audit::Rows {
                    event: None,
                    row: Some(&id),
                },
            )?;
            ids.push(id);
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(ids)
    }
}
