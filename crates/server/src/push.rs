//! Pushing: a workstation's ops join the ledger, all of a batch or none of it.
//!
//! One PostgreSQL transaction per batch; it locks the chain head row first, so pushes
//! through any number of instances are stored one after another and the chain has no
//! fork. For each op, in order: it must be the token's workstation's, its hash must be
//! its body's, an op already stored is answered with its stored acknowledgement (a
//! changed body is refused and raises an alarm), its `local_seq` must follow the last
//! stored one, its body must be valid rows, a version's parent must be a version of
//! the same appeal, its author's role on the server must allow the change, and an
//! attachment's file must be uploaded. The first refusal aborts the batch.

use std::collections::HashMap;

use desk_journal::{Action, Role};
use desk_vocab::EventKind;
use desk_wire::body::{self, ATTACHMENTS, EVENTS, Row, VERSIONS};
use desk_wire::{Ack, ChainHead, ErrorCode, MAX_BATCH, Op, PushReply, body_sha256, chain_hash};
use tokio_postgres::{Statement, Transaction};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::{ApiError, ApiResult};

/// Something a person must look at, recorded even though the batch is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub kind: &'static str,
    pub op_id: Option<Uuid>,
    pub workstation: Option<String>,
    pub detail: String,
}

/// A refused batch: the refusal, and an alarm to record after the rollback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub error: ApiError,
    pub alarm: Option<Alarm>,
}

impl From<ApiError> for Refused {
    fn from(error: ApiError) -> Refused {
        Refused { error, alarm: None }
    }
}

impl From<tokio_postgres::Error> for Refused {
    fn from(e: tokio_postgres::Error) -> Refused {
        ApiError::from(e).into()
    }
}

/// Pushes a batch in its own transaction on `client`; a refusal's alarm is recorded after
/// the rollback, so the refused ops leave nothing but the alarm.
pub async fn push_batch(
    client: &mut tokio_postgres::Client,
    session: &Session,
    ops: &[Op],
) -> ApiResult<PushReply> {
    let tx = client.transaction().await?;
    match push(&tx, session, ops).await {
        Ok(reply) => {
            tx.commit().await?;
            Ok(reply)
        }
        Err(refused) => {
            tx.rollback().await?;
            if let Some(alarm) = &refused.alarm {
                record_alarm(client, alarm).await?;
            }
            Err(refused.error)
        }
    }
}

/// Records an alarm (and logs it as an error: someone must look).
pub async fn record_alarm(c: &tokio_postgres::Client, alarm: &Alarm) -> ApiResult<()> {
    tracing::error!(kind = alarm.kind, op_id = ?alarm.op_id, workstation = ?alarm.workstation, detail = %alarm.detail, "alarm");
    c.execute(
        "INSERT INTO alarms(kind, op_id, workstation, detail) VALUES ($1, $2, $3, $4)",
        &[&alarm.kind, &alarm.op_id, &alarm.workstation, &alarm.detail],
    )
    .await?;
    Ok(())
}

/// The statements a batch runs per op, prepared once per batch (each unprepared query
/// would cost its own round trip to PostgreSQL per op).
struct Statements {
    stored: Statement,
    version_known: Statement,
    version_appeal: Statement,
    blob_complete: Statement,
    insert_op: Statement,
    insert_version: Statement,
}

impl Statements {
    async fn prepare(tx: &Transaction<'_>) -> Result<Statements, tokio_postgres::Error> {
        let (stored, version_known, version_appeal, blob_complete, insert_op, insert_version) = tokio::try_join!(
            tx.prepare(
                "SELECT server_seq, local_seq, workstation, sha256 FROM ops WHERE op_id = $1"
            ),
            tx.prepare("SELECT 1 FROM versions WHERE version_id = $1"),
            tx.prepare("SELECT appeal_id FROM versions WHERE version_id = $1"),
            tx.prepare("SELECT complete FROM blobs WHERE sha256 = $1"),
            tx.prepare(
                "INSERT INTO ops(server_seq, op_id, workstation, local_seq, author, client_time, entity,
                                 entity_id, action, changes, body, sha256, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
            ),
            tx.prepare(
                "INSERT INTO versions(version_id, appeal_id, server_seq) VALUES ($1, $2, $3)"
            ),
        )?;
        Ok(Statements {
            stored,
            version_known,
            version_appeal,
            blob_complete,
            insert_op,
            insert_version,
        })
    }
}

/// The batch inside `tx`: the caller commits on `Ok` and rolls back on `Err`.
pub async fn push(
    tx: &Transaction<'_>,
    session: &Session,
    ops: &[Op],
) -> Result<PushReply, Refused> {
    if ops.len() > MAX_BATCH {
        return Err(ApiError::new(ErrorCode::BadRequest)
            .field("ops")
            .detail(format!("{} ops, at most {MAX_BATCH}", ops.len()))
            .into());
    }
    let row = tx
        .query_one(
            "SELECT server_seq, hash FROM chain_head WHERE id FOR UPDATE",
            &[],
        )
        .await?;
    let mut head = ChainHead {
        server_seq: row.get(0),
        hash: row.get(1),
    };
    let last: i64 = tx
        .query_one(
            "SELECT coalesce(max(local_seq), 0) FROM ops WHERE workstation = $1",
            &[&session.workstation],
        )
        .await?
        .get(0);
    let mut last_local = last;
    let st = Statements::prepare(tx).await?;
    let mut roles: HashMap<String, Option<Role>> = HashMap::new();
    let mut acks = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        let field = |name: &str| format!("ops[{i}].{name}");
        if op.workstation != session.workstation {
            return Err(ApiError::new(ErrorCode::WrongWorkstation)
                .field(field("workstation"))
                .detail(format!(
                    "{} pushed an op of {}",
                    session.workstation, op.workstation
                ))
                .into());
        }
        if body_sha256(&op.body) != op.sha256 {
            return Err(ApiError::new(ErrorCode::HashMismatch)
                .field(field("sha256"))
                .into());
        }
        if let Some(ack) = stored(tx, &st, op, &field).await? {
            acks.push(ack);
            continue;
        }
        if op.local_seq != last_local + 1 {
            return Err(ApiError::new(ErrorCode::Gap)
                .field(field("local_seq"))
                .detail(format!("local_seq {} after {last_local}", op.local_seq))
                .into());
        }
        let rows = body::parse(&op.body).map_err(|e| {
            ApiError::new(ErrorCode::InvalidOp)
                .field(field("body"))
                .detail(e.to_string())
        })?;
        authorise(tx, &mut roles, op, &rows, &field).await?;
        let versions = check_versions(tx, &st, op, &rows, &field).await?;
        check_blobs(tx, &st, &rows, &field).await?;
        let server_seq = head.server_seq + 1;
        let hash = chain_hash(&head.hash, server_seq, op);
        insert(tx, &st, server_seq, &head.hash, &hash, op).await?;
        for (version_id, appeal_id) in versions {
            tx.execute(&st.insert_version, &[&version_id, &appeal_id, &server_seq])
                .await?;
        }
        head = ChainHead { server_seq, hash };
        last_local = op.local_seq;
        acks.push(Ack {
            op_id: op.op_id,
            local_seq: op.local_seq,
            server_seq,
        });
    }
    tx.execute(
        "UPDATE chain_head SET server_seq = $1, hash = $2 WHERE id",
        &[&head.server_seq, &head.hash],
    )
    .await?;
    Ok(PushReply { acks, head })
}

/// The stored acknowledgement of an op pushed again; a refusal (and an alarm) when the
/// op id is stored with other content.
async fn stored(
    tx: &Transaction<'_>,
    st: &Statements,
    op: &Op,
    field: &impl Fn(&str) -> String,
) -> Result<Option<Ack>, Refused> {
    let Some(row) = tx.query_opt(&st.stored, &[&op.op_id]).await? else {
        return Ok(None);
    };
    let (server_seq, local_seq): (i64, i64) = (row.get(0), row.get(1));
    let (workstation, sha256): (String, String) = (row.get(2), row.get(3));
    if sha256 == op.sha256 && workstation == op.workstation && local_seq == op.local_seq {
        return Ok(Some(Ack {
            op_id: op.op_id,
            local_seq,
            server_seq,
        }));
    }
    let detail = format!(
        "op {} stored as {workstation} #{local_seq} sha256 {sha256} (server_seq {server_seq}), pushed again as {} #{} sha256 {}",
        op.op_id, op.workstation, op.local_seq, op.sha256
    );
    Err(Refused {
        error: ApiError::new(ErrorCode::ReplayChanged)
            .field(field("body"))
            .detail(detail.clone()),
        alarm: Some(Alarm {
            kind: "replay_changed",
            op_id: Some(op.op_id),
            workstation: Some(op.workstation.clone()),
            detail,
        }),
    })
}

/// The author's role on the server must allow what the op does (issue 15 §5).
async fn authorise(
    tx: &Transaction<'_>,
    roles: &mut HashMap<String, Option<Role>>,
    op: &Op,
    rows: &[Row],
    field: &impl Fn(&str) -> String,
) -> ApiResult<()> {
    let role = match roles.get(&op.author) {
        Some(role) => *role,
        None => {
            let role = tx
                .query_opt("SELECT role FROM users WHERE login = $1", &[&op.author])
                .await?
                .and_then(|r| Role::from_code(r.get::<_, &str>(0)));
            roles.insert(op.author.clone(), role);
            role
        }
    };
    let Some(role) = role else {
        return Err(ApiError::new(ErrorCode::Forbidden)
            .field(field("author"))
            .detail(format!("no account `{}`", op.author)));
    };
    let event = rows
        .iter()
        .find(|r| r.table == &EVENTS)
        .and_then(|r| r.text("kind"))
        .and_then(EventKind::from_code);
    let Some(needed) = Action::required_for(&op.action, event) else {
        return Err(ApiError::new(ErrorCode::InvalidOp)
            .field(field("action"))
            .detail(format!("`{}` ({event:?}) is not a change", op.action)));
    };
    if role.may(needed) {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::Forbidden)
            .field(field("action"))
            .detail(format!(
                "{} ({}) may not {}",
                op.author,
                role.code(),
                needed.code()
            )))
    }
}

/// A version names the version it follows: none only for a registration, else one the
/// server holds (or this batch stored) of the same appeal. Returns the versions to record.
async fn check_versions(
    tx: &Transaction<'_>,
    st: &Statements,
    op: &Op,
    rows: &[Row],
    field: &impl Fn(&str) -> String,
) -> ApiResult<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        if row.table != &VERSIONS {
            continue;
        }
        // Row 0 of a body is its tag: rows count from 1, as the body parser names them.
        let column = |c: &str| field(&format!("body[{}].{c}", k + 1));
        let invalid = |c: &str, why: String| {
            ApiError::new(ErrorCode::InvalidOp)
                .field(column(c))
                .detail(why)
        };
        let version_id = row.key().unwrap_or_default().to_owned();
        let appeal_id = row
            .text("appeal_id")
            .ok_or_else(|| invalid("appeal_id", "a version without its appeal".into()))?
            .to_owned();
        let known = tx
            .query_opt(&st.version_known, &[&version_id])
            .await?
            .is_some();
        if known || out.iter().any(|(v, _)| *v == version_id) {
            return Err(invalid(
                "version_id",
                format!("version {version_id} is already stored"),
            ));
        }
        match (row.text("parent_version_id"), op.action == "register") {
            (None, true) => {}
            (None, false) => {
                return Err(invalid(
                    "parent_version_id",
                    "only a registration starts an appeal without a parent".into(),
                ));
            }
            (Some(_), true) => {
                return Err(invalid(
                    "parent_version_id",
                    "a registration's first version has no parent".into(),
                ));
            }
            (Some(parent), false) => {
                let parent_appeal = match out.iter().find(|(v, _)| v == parent) {
                    Some((_, a)) => Some(a.clone()),
                    None => tx
                        .query_opt(&st.version_appeal, &[&parent])
                        .await?
                        .map(|r| r.get::<_, String>(0)),
                };
                match parent_appeal {
                    None => {
                        return Err(invalid(
                            "parent_version_id",
                            format!("parent {parent} is not on the server"),
                        ));
                    }
                    Some(a) if a != appeal_id => {
                        return Err(invalid(
                            "parent_version_id",
                            format!("parent {parent} is a version of another record ({a})"),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        out.push((version_id, appeal_id));
    }
    Ok(out)
}

/// An attachment travels after its file: every part uploaded and verified (000 §8).
async fn check_blobs(
    tx: &Transaction<'_>,
    st: &Statements,
    rows: &[Row],
    field: &impl Fn(&str) -> String,
) -> ApiResult<()> {
    for (k, row) in rows.iter().enumerate() {
        if row.table != &ATTACHMENTS {
            continue;
        }
        let sha256 = row.text("sha256").unwrap_or_default();
        let complete = tx
            .query_opt(&st.blob_complete, &[&sha256])
            .await?
            .is_some_and(|r| r.get::<_, bool>(0));
        if !complete {
            return Err(ApiError::new(ErrorCode::BlobMissing)
                .field(field(&format!("body[{}].sha256", k + 1)))
                .detail(format!("blob {sha256} is not complete")));
        }
    }
    Ok(())
}

async fn insert(
    tx: &Transaction<'_>,
    st: &Statements,
    server_seq: i64,
    prev_hash: &str,
    hash: &str,
    op: &Op,
) -> ApiResult<()> {
    let client_time = crate::pull::time_text(op.client_time);
    tx.execute(
        &st.insert_op,
        &[
            &server_seq,
            &op.op_id,
            &op.workstation,
            &op.local_seq,
            &op.author,
            &client_time,
            &op.entity,
            &op.entity_id,
            &op.action,
            &op.changes.to_string(),
            &op.body,
            &op.sha256,
            &prev_hash,
            &hash,
        ],
    )
    .await?;
    Ok(())
}
