//! Reading the alarms the push recorded (`push::record_alarm`): supervisors only, since
//! an alarm names workstations and ops under suspicion.

use desk_journal::Action;
use desk_wire::{AlarmKind, ServerAlarm};

use crate::auth::Session;
use crate::error::{ApiError, ApiResult};

/// The most alarms one answer carries; `since` pages on.
pub const MAX_ALARMS: i64 = 1000;

/// The alarms after `since`, oldest first.
pub async fn list(
    c: &tokio_postgres::Client,
    by: &Session,
    since: i64,
) -> ApiResult<Vec<ServerAlarm>> {
    by.require(Action::ManageUsers)?;
    let rows = c
        .query(
            "SELECT id, at, kind, op_id, workstation, detail FROM alarms
             WHERE id > $1 ORDER BY id LIMIT $2",
            &[&since, &MAX_ALARMS],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.get(2);
            Ok(ServerAlarm {
                id: r.get(0),
                at: r.get(1),
                kind: AlarmKind::from_code(&kind).ok_or_else(|| {
                    ApiError::internal(format!("unknown alarm kind {kind:?} in the ledger"))
                })?,
                op_id: r.get(3),
                workstation: r.get(4),
                detail: r.get(5),
            })
        })
        .collect()
}
