//! The e-mail outbox (issue 18, migration 011): messages queued in the transaction of
//! the action that caused them, and every attempt to send one. Append-only; a message's
//! state is its latest attempt (`docs/outbox.md` has the state machine). Each row has
//! its audit entry of entity `mail` (actions `queue` and `attempt`), covered by its body
//! hash like any other row, which stays on this workstation (`sync::travels`).
//!
//! When the server accepted a message that meets an obligation, the attempt that records
//! it and the event that marks the obligation met (at the instant of acceptance, its
//! details carrying the Message-ID) are one transaction.

use chrono::{DateTime, Utc};
use desk_journal::{EventKind, Status};
use desk_wire::body::TableSpec;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::projection::status_of;
use crate::{Actor, Result, Store, StoreError, audit, parse_ts, ts};

/// The canonical layouts of the outbox's rows (never sent to a server: they stay here).
pub(crate) const MAIL_MESSAGES: TableSpec = TableSpec {
    name: "mail_messages",
    key: "id",
    columns: &[
        "id",
        "message_id",
        "appeal_id",
        "kind",
        "lang",
        "recipients",
        "subject",
        "body",
        "attachments",
        "created_at",
        "author",
    ],
};
pub(crate) const MAIL_ATTEMPTS: TableSpec = TableSpec {
    name: "mail_attempts",
    key: "id",
    columns: &[
        "id", "mail_id", "state", "at", "next_at", "detail", "author",
    ],
};

/// A file to send with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFile {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A message to queue, exactly as it will go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub message_id: String,
    pub appeal_id: Option<String>,
    pub kind: String,
    pub lang: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub files: Vec<MailFile>,
}

/// Where a message stands: its latest attempt, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    Queued,
    Sending,
    Sent,
    Retry,
    Failed,
}

impl MailState {
    pub fn code(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sending => "sending",
            MailState::Sent => "sent",
            MailState::Retry => "retry",
            MailState::Failed => "failed",
        }
    }

    fn from_code(s: &str) -> Option<MailState> {
        match s {
            "sending" => Some(MailState::Sending),
            "sent" => Some(MailState::Sent),
            "retry" => Some(MailState::Retry),
            "failed" => Some(MailState::Failed),
            _ => None,
        }
    }
}

/// An attachment as the message row lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileMeta {
    pub name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: u64,
}

/// A message of the outbox with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    pub id: String,
    pub message_id: String,
    pub appeal_id: Option<String>,
    pub appeal_number: Option<String>,
    pub kind: String,
    pub lang: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub files: Vec<FileMeta>,
    pub created_at: DateTime<Utc>,
    pub author: String,
    pub state: MailState,
    /// The instant of the latest attempt (for `sent`: when the server accepted it).
    pub state_at: Option<DateTime<Utc>>,
    pub next_at: Option<DateTime<Utc>>,
    pub detail: String,
    /// How many attempts were started (`sending` rows).
    pub attempts: u32,
}

/// What an attempt records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// About to hand the message to the server; written (and committed) first, so a
    /// crash after the server accepted it is seen as an attempt without an outcome.
    Sending,
    /// The server accepted it at `at`; `meets`: the obligation it meets on its appeal.
    Sent {
        at: DateTime<Utc>,
        meets: Option<EventKind>,
    },
    /// Refused for now; not again before `next_at`.
    Retry {
        next_at: DateTime<Utc>,
        detail: String,
    },
    /// Refused for good (5xx, a bad mailbox); the operator sees why.
    Failed { detail: String },
}

const SELECT_MAIL: &str = "SELECT m.id, m.message_id, m.appeal_id, a.number, m.kind, m.lang,
    m.recipients, m.subject, m.body, m.attachments, m.created_at, m.author,
    (SELECT t.state || char(9) || t.at || char(9) || coalesce(t.next_at, '') || char(9) || t.detail
       FROM mail_attempts t WHERE t.mail_id = m.id ORDER BY t.id DESC LIMIT 1),
    (SELECT count(*) FROM mail_attempts t WHERE t.mail_id = m.id AND t.state = 'sending')
    FROM mail_messages m LEFT JOIN appeals a ON a.id = m.appeal_id";

fn corrupt(id: &str, what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("mail {id}: {what}"))
}

fn read_mail(r: &rusqlite::Row<'_>) -> rusqlite::Result<(MailRaw, Option<String>, u32)> {
    Ok((
        MailRaw {
            id: r.get(0)?,
            message_id: r.get(1)?,
            appeal_id: r.get(2)?,
            appeal_number: r.get(3)?,
            kind: r.get(4)?,
            lang: r.get(5)?,
            recipients: r.get(6)?,
            subject: r.get(7)?,
            body: r.get(8)?,
            attachments: r.get(9)?,
            created_at: r.get(10)?,
            author: r.get(11)?,
        },
        r.get(12)?,
        r.get(13)?,
    ))
}

struct MailRaw {
    id: String,
    message_id: String,
    appeal_id: Option<String>,
    appeal_number: Option<String>,
    kind: String,
    lang: String,
    recipients: String,
    subject: String,
    body: String,
    attachments: String,
    created_at: String,
    author: String,
}

fn mail_row((m, latest, attempts): (MailRaw, Option<String>, u32)) -> Result<MailRow> {
    let to: Vec<String> = serde_json::from_str(&m.recipients).map_err(|e| corrupt(&m.id, e))?;
    let files: Vec<FileMeta> =
        serde_json::from_str(&m.attachments).map_err(|e| corrupt(&m.id, e))?;
    let (mut state, mut state_at, mut next_at, mut detail) =
        (MailState::Queued, None, None, String::new());
    if let Some(latest) = latest {
        let parts: Vec<&str> = latest.splitn(4, '\t').collect();
        let [s, at, next, d] = parts[..] else {
            return Err(corrupt(&m.id, "attempt"));
        };
        state = MailState::from_code(s).ok_or_else(|| corrupt(&m.id, s))?;
        state_at = Some(parse_ts(at)?);
        next_at = (!next.is_empty()).then(|| parse_ts(next)).transpose()?;
        detail = d.to_owned();
    }
    Ok(MailRow {
        created_at: parse_ts(&m.created_at)?,
        id: m.id,
        message_id: m.message_id,
        appeal_id: m.appeal_id,
        appeal_number: m.appeal_number,
        kind: m.kind,
        lang: m.lang,
        to,
        subject: m.subject,
        body: m.body,
        files,
        author: m.author,
        state,
        state_at,
        next_at,
        detail,
        attempts,
    })
}

pub(crate) fn mail_in(c: &Connection, id: &str) -> Result<Option<MailRow>> {
    c.prepare_cached(&format!("{SELECT_MAIL} WHERE m.id = ?1"))?
        .query_row([id], read_mail)
        .optional()?
        .map(mail_row)
        .transpose()
}

/// Writes `mail` and its audit entry in `tx` (the caller's write); returns its id.
pub(crate) fn queue_in(
    tx: &Transaction<'_>,
    mail: &NewMail,
    actor: &Actor,
    workstation: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = Uuid::now_v7().to_string();
    let files: Vec<FileMeta> = mail
        .files
        .iter()
        .map(|f| FileMeta {
            name: f.name.clone(),
            content_type: f.content_type.clone(),
            sha256: hex::encode(Sha256::digest(&f.data)),
            size: f.data.len() as u64,
        })
        .collect();
    let recipients = serde_json::to_string(&mail.to).map_err(|e| corrupt(&id, e))?;
    let attachments = serde_json::to_string(&files).map_err(|e| corrupt(&id, e))?;
    tx.prepare_cached(
        "INSERT INTO mail_messages(id, message_id, appeal_id, kind, lang, recipients, subject,
         body, attachments, created_at, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        mail.message_id,
        mail.appeal_id,
        mail.kind,
        mail.lang,
        recipients,
        mail.subject,
        mail.body,
        attachments,
        ts(now),
        actor.user
    ])?;
    for (n, f) in mail.files.iter().enumerate() {
        tx.prepare_cached("INSERT INTO mail_files(mail_id, n, data) VALUES (?1, ?2, ?3)")?
            .execute(params![id, n as i64, f.data])?;
    }
    let changes = serde_json::json!({
        "message_id": [null, mail.message_id],
        "kind": [null, mail.kind],
        "to": [null, mail.to],
        "subject": [null, mail.subject],
    });
    audit::insert(
        tx,
        now,
        actor,
        workstation,
        "mail",
        &id,
        None,
        "queue",
        &changes,
        audit::Rows::default(),
    )?;
    Ok(id)
}

/// The rows an entry of entity `mail` records.
pub(crate) fn table_of(action: &str) -> Option<crate::canonical::Table> {
    match action {
        "attempt" => Some(crate::canonical::Table::MailAttempts),
        _ => None,
    }
}

/// For `verify.rs`: the outbox's rows that no entry records.
pub(crate) fn unrecorded_queries() -> Vec<(crate::canonical::Table, String)> {
    use crate::canonical::Table;
    vec![
        (
            Table::MailMessages,
            "SELECT t.rowid, t.id, t.message_id FROM mail_messages t WHERE NOT EXISTS (SELECT 1 FROM audit u
             WHERE u.entity = 'mail' AND u.entity_id = t.id AND u.action = 'queue' AND u.body_hash IS NOT NULL)"
                .to_owned(),
        ),
        (
            Table::MailAttempts,
            "SELECT t.rowid, t.id, (SELECT m.message_id FROM mail_messages m WHERE m.id = t.mail_id)
             FROM mail_attempts t WHERE NOT EXISTS (SELECT 1 FROM audit u
             WHERE u.entity = 'mail' AND u.record_id = t.id AND u.body_hash IS NOT NULL)"
                .to_owned(),
        ),
    ]
}

impl Store {
    /// Queues a message on its own (a notice the operator composed): one write.
    pub fn queue_mail(
        &mut self,
        mail: &NewMail,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<MailRow> {
        let tx = write_tx!(self);
        let workstation = Self::workstation_in(&tx)?;
        let id = queue_in(&tx, mail, actor, &workstation, now)?;
        tx.commit()?;
        self.mail(&id)?
            .ok_or_else(|| StoreError::Corrupt(format!("mail {id} vanished")))
    }

    /// Every message, newest first.
    pub fn mails(&self) -> Result<Vec<MailRow>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_MAIL} ORDER BY m.id DESC"))?;
        let rows = stmt
            .query_map([], read_mail)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(mail_row).collect()
    }

    /// The messages about one appeal, newest first.
    pub fn mails_of(&self, appeal_id: &str) -> Result<Vec<MailRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_MAIL} WHERE m.appeal_id = ?1 ORDER BY m.id DESC"
        ))?;
        let rows = stmt
            .query_map([appeal_id], read_mail)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(mail_row).collect()
    }

    pub fn mail(&self, id: &str) -> Result<Option<MailRow>> {
        mail_in(&self.conn, id)
    }

    /// A message's files in order, each checked against the hash its row keeps.
    pub fn mail_files(&self, mail: &MailRow) -> Result<Vec<MailFile>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT n, data FROM mail_files WHERE mail_id = ?1 ORDER BY n")?;
        let data = stmt
            .query_map([&mail.id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if data.len() != mail.files.len() {
            return Err(corrupt(&mail.id, "attachments missing"));
        }
        mail.files
            .iter()
            .zip(data)
            .map(|(meta, (_, data))| {
                if hex::encode(Sha256::digest(&data)) != meta.sha256 {
                    return Err(corrupt(
                        &mail.id,
                        format!("{} differs from its hash", meta.name),
                    ));
                }
                Ok(MailFile {
                    name: meta.name.clone(),
                    content_type: meta.content_type.clone(),
                    data,
                })
            })
            .collect()
    }

    /// Records an attempt on message `id`, with its audit entry. A `Sent` that meets an
    /// obligation records the obligation's event on the message's appeal in the same
    /// transaction, at the instant the server accepted it, with the Message-ID; on a
    /// closed appeal the attempt alone is recorded (a closed appeal takes no event).
    ///
    /// `expect`: the state the message must still be in (checked inside the write, so
    /// two workstations' senders cannot both claim one message).
    pub fn record_attempt(
        &mut self,
        id: &str,
        expect: &[MailState],
        attempt: &Attempt,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<MailRow>> {
        let tx = write_tx!(self);
        let workstation = Self::workstation_in(&tx)?;
        let mail = mail_in(&tx, id)?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        if !expect.contains(&mail.state) {
            return Ok(None);
        }
        let (state, at, next_at, detail) = match attempt {
            Attempt::Sending => ("sending", now, None, String::new()),
            Attempt::Sent { at, .. } => ("sent", *at, None, String::new()),
            Attempt::Retry { next_at, detail } => ("retry", now, Some(*next_at), detail.clone()),
            Attempt::Failed { detail } => ("failed", now, None, detail.clone()),
        };
        let attempt_id = Uuid::now_v7().to_string();
        tx.prepare_cached(
            "INSERT INTO mail_attempts(id, mail_id, state, at, next_at, detail, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            attempt_id,
            id,
            state,
            ts(at),
            next_at.map(ts),
            detail,
            actor.user
        ])?;
        let changes = serde_json::json!({
            "state": [mail.state.code(), state],
            "at": [null, ts(at)],
            "message_id": [null, mail.message_id],
        });
        audit::insert(
            &tx,
            now,
            actor,
            &workstation,
            "mail",
            id,
            None,
            "attempt",
            &changes,
            audit::Rows {
                event: None,
                row: Some(&attempt_id),
            },
        )?;
        if let (
            Attempt::Sent {
                at,
                meets: Some(kind),
            },
            Some(appeal_id),
        ) = (attempt, &mail.appeal_id)
        {
            let events = crate::events::events_in(&tx, appeal_id)?;
            if status_of(&events) != Status::Closed {
                let details = serde_json::json!({ "message_id": mail.message_id, "mail": id });
                let event = crate::events::insert_event(
                    &tx,
                    appeal_id,
                    *kind,
                    *at,
                    now,
                    actor,
                    &workstation,
                    &details,
                )?;
                let changes = serde_json::json!({
                    "event": [null, kind.code()],
                    "at": [null, ts(*at)],
                    "message_id": [null, mail.message_id],
                });
                audit::insert(
                    &tx,
                    now,
                    actor,
                    &workstation,
                    "appeal",
                    appeal_id,
                    None,
                    "event",
                    &changes,
                    audit::Rows {
                        event: Some(&event),
                        row: None,
                    },
                )?;
                crate::projection::rebuild_head(&tx, self.clocks.as_ref(), appeal_id)?;
                for report in crate::links::reports_through(&tx, appeal_id)? {
                    crate::projection::rebuild_head(&tx, self.clocks.as_ref(), &report)?;
                }
            }
        }
        tx.commit()?;
        self.mail(id)
    }

    /// The Message-ID the event that met an obligation carries, if a message met it.
    pub fn event_message_id(&self, event_id: &str) -> Result<Option<String>> {
        let details: Option<String> = self
            .conn
            .query_row(
                "SELECT details FROM appeal_events WHERE id = ?1",
                [event_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(details
            .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
            .and_then(|v| {
                v.get("message_id")
                    .and_then(|m| m.as_str())
                    .map(str::to_owned)
            }))
    }
}
