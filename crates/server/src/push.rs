//! Pushing: a workstation's ops join the ledger, all of a batch or none of it.
//!
//! One PostgreSQL transaction per batch; it locks the chain head row first, so pushes
//! through any number of instances are stored one after another and the chain has no
//! fork. For each op, in order: it must be the token's workstation's, its hash must be
//! its body's, an op already stored is answered with its stored acknowledgement (a
//! changed body is refused and raises an alarm), its `local_seq` must follow the last
//! stored one, its body must be valid rows, its author's role on the server must allow
//! the change, a version's parent must be a version of the same appeal, and an
//! attachment's file must be uploaded. The first refusal aborts the batch.

use std::collections::{HashMap, HashSet};

use desk_journal::{Action, Role};
use desk_vocab::EventKind;
use desk_wire::body::{self, ATTACHMENTS, BodyError, EVENTS, Row, VERSIONS, VERSIONS_2};
use desk_wire::{Ack, ChainHead, ErrorCode, MAX_BATCH, Op, PushReply, body_sha256, chain_hash};
use tokio_postgres::Transaction;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::auth::Session;
use crate::error::{ApiError, ApiResult};

/// Something a person must look at, recorded even though the batch is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub kind: desk_wire::AlarmKind,
    pub op_id: Option<Uuid>,
    pub workstation: Option<String>,
    pub detail: String,
}

/// A refused batch: the refusal, and an alarm to record after the rollback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub error: ApiError,
    pub alarm: Option<Box<Alarm>>,
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
    push_batch_counted(client, session, ops)
        .await
        .map(|(reply, _)| reply)
}

/// [`push_batch`], also saying how many of the ops the committed transaction stored (the
/// others were already there and only got their stored acknowledgement).
pub async fn push_batch_counted(
    client: &mut tokio_postgres::Client,
    session: &Session,
    ops: &[Op],
) -> ApiResult<(PushReply, usize)> {
    let tx = client.transaction().await?;
    match push_counted(&tx, session, ops).await {
        Ok(pushed) => {
            tx.commit().await?;
            Ok(pushed)
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
    tracing::error!(kind = alarm.kind.code(), op_id = ?alarm.op_id, workstation = ?alarm.workstation, detail = %alarm.detail, "alarm");
    c.execute(
        "INSERT INTO alarms(kind, op_id, workstation, detail) VALUES ($1, $2, $3, $4)",
        &[
            &alarm.kind.code(),
            &alarm.op_id,
            &alarm.workstation,
            &alarm.detail,
        ],
    )
    .await?;
    Ok(())
}

/// An op the ledger holds, as a push of the same id is compared with it.
#[derive(Debug, Clone)]
struct StoredOp {
    server_seq: i64,
    local_seq: i64,
    workstation: String,
    sha256: String,
}

/// What a batch needs of what the server holds, read in one query per kind before the
/// ops are checked (a query per op would cost a round trip each), and kept up to date
/// with what the batch itself stores.
#[derive(Debug, Default)]
struct Known {
    ops: HashMap<Uuid, StoredOp>,
    /// Authors with an account, and their role.
    roles: HashMap<String, Role>,
    /// Version id → its appeal, for the versions the batch names.
    versions: HashMap<String, String>,
    complete_blobs: HashSet<String>,
}

impl Known {
    async fn read(
        tx: &Transaction<'_>,
        ops: &[Op],
        parsed: &[Result<Vec<Row>, BodyError>],
    ) -> Result<Known, tokio_postgres::Error> {
        let op_ids: Vec<Uuid> = ops.iter().map(|o| o.op_id).collect();
        let mut authors: Vec<String> = ops.iter().map(|o| o.author.clone()).collect();
        authors.sort();
        authors.dedup();
        let rows = parsed.iter().flatten().flatten();
        let mut version_ids: Vec<String> = Vec::new();
        let mut blobs: Vec<String> = Vec::new();
        for row in rows {
            if is_version(row) {
                version_ids.extend(row.key().map(str::to_owned));
                version_ids.extend(row.text("parent_version_id").map(str::to_owned));
                version_ids.extend(row.text("merge_parent_version_id").map(str::to_owned));
            } else if row.table == &ATTACHMENTS {
                blobs.extend(row.text("sha256").map(str::to_owned));
            }
        }
        let p_ops: [&(dyn ToSql + Sync); 1] = [&op_ids];
        let p_authors: [&(dyn ToSql + Sync); 1] = [&authors];
        let p_versions: [&(dyn ToSql + Sync); 1] = [&version_ids];
        let p_blobs: [&(dyn ToSql + Sync); 1] = [&blobs];
        let (stored, roles, versions, complete) = tokio::try_join!(
            tx.query(
                "SELECT op_id, server_seq, local_seq, workstation, sha256 FROM ops WHERE op_id = ANY($1)",
                &p_ops,
            ),
            tx.query("SELECT login, role FROM users WHERE login = ANY($1)", &p_authors),
            tx.query(
                "SELECT version_id, appeal_id FROM versions WHERE version_id = ANY($1)",
                &p_versions,
            ),
            tx.query(
                "SELECT sha256 FROM blobs WHERE sha256 = ANY($1) AND complete",
                &p_blobs,
            ),
        )?;
        Ok(Known {
            ops: stored
                .iter()
                .map(|r| {
                    let op = StoredOp {
                        server_seq: r.get(1),
                        local_seq: r.get(2),
                        workstation: r.get(3),
                        sha256: r.get(4),
                    };
                    (r.get(0), op)
                })
                .collect(),
            roles: roles
                .iter()
                .filter_map(|r| Some((r.get(0), Role::from_code(r.get::<_, &str>(1))?)))
                .collect(),
            versions: versions.iter().map(|r| (r.get(0), r.get(1))).collect(),
            complete_blobs: complete.iter().map(|r| r.get(0)).collect(),
        })
    }
}

/// The rows a batch adds, written in one statement per table at its end.
#[derive(Debug, Default)]
struct Additions {
    ops: Vec<(i64, String, String, Op)>,
    versions: Vec<(String, String, i64)>,
}

impl Additions {
    async fn write(self, tx: &Transaction<'_>) -> Result<(), tokio_postgres::Error> {
        if !self.ops.is_empty() {
            let n = self.ops.len();
            let mut cols: (Vec<i64>, Vec<Uuid>, Vec<String>, Vec<i64>) = (
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
            );
            let mut text: [Vec<String>; 10] = Default::default();
            for (server_seq, prev_hash, hash, op) in self.ops {
                cols.0.push(server_seq);
                cols.1.push(op.op_id);
                cols.2.push(op.workstation);
                cols.3.push(op.local_seq);
                let values = [
                    op.author,
                    crate::pull::time_text(op.client_time),
                    op.entity,
                    op.entity_id,
                    op.action,
                    op.changes.to_string(),
                    op.body,
                    op.sha256,
                    prev_hash,
                    hash,
                ];
                for (column, value) in text.iter_mut().zip(values) {
                    column.push(value);
                }
            }
            let [
                author,
                client_time,
                entity,
                entity_id,
                action,
                changes,
                body,
                sha256,
                prev,
                hash,
            ] = &text;
            tx.execute(
                "INSERT INTO ops(server_seq, op_id, workstation, local_seq, author, client_time,
                                 entity, entity_id, action, changes, body, sha256, prev_hash, hash)
                 SELECT * FROM UNNEST($1::bigint[], $2::uuid[], $3::text[], $4::bigint[],
                   $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[])",
                &[
                    &cols.0,
                    &cols.1,
                    &cols.2,
                    &cols.3,
                    author,
                    client_time,
                    entity,
                    entity_id,
                    action,
                    changes,
                    body,
                    sha256,
                    prev,
                    hash,
                ],
            )
            .await?;
        }
        if !self.versions.is_empty() {
            let (mut ids, mut appeals, mut seqs) = (Vec::new(), Vec::new(), Vec::new());
            for (id, appeal, seq) in self.versions {
                ids.push(id);
                appeals.push(appeal);
                seqs.push(seq);
            }
            tx.execute(
                "INSERT INTO versions(version_id, appeal_id, server_seq)
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[])",
                &[&ids, &appeals, &seqs],
            )
            .await?;
        }
        Ok(())
    }
}

/// The batch inside `tx`: the caller commits on `Ok` and rolls back on `Err`.
pub async fn push(
    tx: &Transaction<'_>,
    session: &Session,
    ops: &[Op],
) -> Result<PushReply, Refused> {
    push_counted(tx, session, ops).await.map(|(reply, _)| reply)
}

/// [`push`] and how many ops it stored.
async fn push_counted(
    tx: &Transaction<'_>,
    session: &Session,
    ops: &[Op],
) -> Result<(PushReply, usize), Refused> {
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
    let start = ChainHead {
        server_seq: row.get(0),
        hash: row.get(1),
    };
    let mut head = start.clone();
    let mut last_local: i64 = tx
        .query_one(
            "SELECT coalesce(max(local_seq), 0) FROM ops WHERE workstation = $1",
            &[&session.workstation],
        )
        .await?
        .get(0);
    let parsed: Vec<Result<Vec<Row>, BodyError>> =
        ops.iter().map(|o| body::parse(&o.body)).collect();
    let mut known = Known::read(tx, ops, &parsed).await?;
    let mut added = Additions::default();
    let mut acks = Vec::with_capacity(ops.len());
    for (i, (op, rows)) in ops.iter().zip(&parsed).enumerate() {
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
        if let Some(stored) = known.ops.get(&op.op_id) {
            acks.push(replayed(stored, op, &field)?);
            continue;
        }
        if op.local_seq != last_local + 1 {
            return Err(ApiError::new(ErrorCode::Gap)
                .field(field("local_seq"))
                .detail(format!("local_seq {} after {last_local}", op.local_seq))
                .into());
        }
        let rows = rows.as_ref().map_err(|e| {
            ApiError::new(ErrorCode::InvalidOp)
                .field(field("body"))
                .detail(e.to_string())
        })?;
        authorise(&known, op, rows, &field)?;
        let server_seq = head.server_seq + 1;
        for version in check_versions(&mut known, op, rows, &field)? {
            added.versions.push((version.0, version.1, server_seq));
        }
        check_blobs(&known, rows, &field)?;
        let hash = chain_hash(&head.hash, server_seq, op);
        known.ops.insert(
            op.op_id,
            StoredOp {
                server_seq,
                local_seq: op.local_seq,
                workstation: op.workstation.clone(),
                sha256: op.sha256.clone(),
            },
        );
        added
            .ops
            .push((server_seq, head.hash.clone(), hash.clone(), op.clone()));
        head = ChainHead { server_seq, hash };
        last_local = op.local_seq;
        acks.push(Ack {
            op_id: op.op_id,
            local_seq: op.local_seq,
            server_seq,
        });
    }
    added.write(tx).await?;
    if head != start {
        tx.execute(
            "UPDATE chain_head SET server_seq = $1, hash = $2 WHERE id",
            &[&head.server_seq, &head.hash],
        )
        .await?;
    }
    let stored = usize::try_from(head.server_seq - start.server_seq).unwrap_or(0);
    Ok((PushReply { acks, head }, stored))
}

/// The stored acknowledgement of an op pushed again; a refusal (and an alarm) when the
/// op id is stored with other content.
fn replayed(stored: &StoredOp, op: &Op, field: &impl Fn(&str) -> String) -> Result<Ack, Refused> {
    if stored.sha256 == op.sha256
        && stored.workstation == op.workstation
        && stored.local_seq == op.local_seq
    {
        return Ok(Ack {
            op_id: op.op_id,
            local_seq: stored.local_seq,
            server_seq: stored.server_seq,
        });
    }
    let detail = format!(
        "op {} stored as {} #{} sha256 {} (server_seq {}), pushed again as {} #{} sha256 {}",
        op.op_id,
        stored.workstation,
        stored.local_seq,
        stored.sha256,
        stored.server_seq,
        op.workstation,
        op.local_seq,
        op.sha256
    );
    Err(Refused {
        error: ApiError::new(ErrorCode::ReplayChanged)
            .field(field("body"))
            .detail(detail.clone()),
        alarm: Some(Box::new(Alarm {
            kind: desk_wire::AlarmKind::ReplayChanged,
            op_id: Some(op.op_id),
            workstation: Some(op.workstation.clone()),
            detail,
        })),
    })
}

/// The author's role on the server must allow what the op does (issue 15 §5).
fn authorise(
    known: &Known,
    op: &Op,
    rows: &[Row],
    field: &impl Fn(&str) -> String,
) -> ApiResult<()> {
    let Some(role) = known.roles.get(&op.author).copied() else {
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

/// A row of `appeal_versions`, in either body layout (a conflict's resolution carries
/// its second parent: `desk_wire::body::VERSIONS_2`).
fn is_version(row: &Row) -> bool {
    row.table == &VERSIONS || row.table == &VERSIONS_2
}

/// A version names the version it follows: none only for a registration, else one the
/// server holds (or this batch stored) of the same appeal; a resolution's second parent
/// likewise. Returns the op's versions (id, appeal), already counted as known.
fn check_versions(
    known: &mut Known,
    op: &Op,
    rows: &[Row],
    field: &impl Fn(&str) -> String,
) -> ApiResult<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        if !is_version(row) {
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
        if known.versions.contains_key(&version_id) {
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
            (Some(parent), false) => match known.versions.get(parent) {
                None => {
                    return Err(invalid(
                        "parent_version_id",
                        format!("parent {parent} is not on the server"),
                    ));
                }
                Some(a) if *a != appeal_id => {
                    return Err(invalid(
                        "parent_version_id",
                        format!("parent {parent} is a version of another record ({a})"),
                    ));
                }
                Some(_) => {}
            },
        }
        if let Some(merged) = row.text("merge_parent_version_id") {
            match known.versions.get(merged) {
                Some(a) if *a == appeal_id => {}
                Some(a) => {
                    return Err(invalid(
                        "merge_parent_version_id",
                        format!("merged version {merged} is a version of another record ({a})"),
                    ));
                }
                None => {
                    return Err(invalid(
                        "merge_parent_version_id",
                        format!("merged version {merged} is not on the server"),
                    ));
                }
            }
        }
        known.versions.insert(version_id.clone(), appeal_id.clone());
        out.push((version_id, appeal_id));
    }
    Ok(out)
}

/// An attachment travels after its file: every part uploaded and verified (000 §8).
fn check_blobs(known: &Known, rows: &[Row], field: &impl Fn(&str) -> String) -> ApiResult<()> {
    for (k, row) in rows.iter().enumerate() {
        if row.table != &ATTACHMENTS {
            continue;
        }
        let sha256 = row.text("sha256").unwrap_or_default();
        if !known.complete_blobs.contains(sha256) {
            return Err(ApiError::new(ErrorCode::BlobMissing)
                .field(field(&format!("body[{}].sha256", k + 1)))
                .detail(format!("blob {sha256} is not complete")));
        }
    }
    Ok(())
}
