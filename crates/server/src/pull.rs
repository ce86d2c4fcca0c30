//! Pulling: the ops after a `server_seq`, oldest first, with their chain links and the
//! head, read in one snapshot so the head and the page agree.

use chrono::{DateTime, SecondsFormat, Utc};
use desk_wire::{ChainHead, ErrorCode, MAX_BATCH, Op, PullReply, ServerOp};
use tokio_postgres::IsolationLevel;

use crate::error::{ApiError, ApiResult};

/// A client time as stored: RFC 3339 as it came, so it goes back unchanged.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Up to `limit` ops with `server_seq > since`; `more` when others follow.
pub async fn pull(
    client: &mut tokio_postgres::Client,
    since: i64,
    limit: usize,
) -> ApiResult<PullReply> {
    if since < 0 {
        return Err(ApiError::new(ErrorCode::BadRequest).field("since"));
    }
    if limit == 0 || limit > MAX_BATCH {
        return Err(ApiError::new(ErrorCode::BadRequest)
            .field("limit")
            .detail(format!("limit {limit}: 1 to {MAX_BATCH}")));
    }
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let head = tx
        .query_one("SELECT server_seq, hash FROM chain_head WHERE id", &[])
        .await?;
    let head = ChainHead {
        server_seq: head.get(0),
        hash: head.get(1),
    };
    let fetch = i64::try_from(limit + 1).map_err(ApiError::internal)?;
    let rows = tx
        .query(
            "SELECT server_seq, prev_hash, hash, op_id, local_seq, workstation, author,
                    client_time, entity, entity_id, action, changes, body, sha256
             FROM ops WHERE server_seq > $1 ORDER BY server_seq LIMIT $2",
            &[&since, &fetch],
        )
        .await?;
    tx.commit().await?;
    let more = rows.len() > limit;
    let ops = rows
        .iter()
        .take(limit)
        .map(|r| {
            let client_time: String = r.get(7);
            let changes: String = r.get(11);
            Ok(ServerOp {
                server_seq: r.get(0),
                prev_hash: r.get(1),
                hash: r.get(2),
                op: Op {
                    op_id: r.get(3),
                    local_seq: r.get(4),
                    workstation: r.get(5),
                    author: r.get(6),
                    client_time: DateTime::parse_from_rfc3339(&client_time)
                        .map_err(ApiError::internal)?
                        .with_timezone(&Utc),
                    entity: r.get(8),
                    entity_id: r.get(9),
                    action: r.get(10),
                    changes: serde_json::from_str(&changes).map_err(ApiError::internal)?,
                    body: r.get(12),
                    sha256: r.get(13),
                },
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(PullReply { ops, head, more })
}
