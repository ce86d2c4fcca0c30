//! What a person must look at on the server: an op sent again with another body (issue
//! 15 item 3 — a retry never changes what it says, so either a workstation's journal was
//! edited or someone is replaying forged changes). The server records each alarm and a
//! supervisor reads them with `desk sync alarms`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The kind of an alarm; the code is what the server's `alarms.kind` column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlarmKind {
    /// An op id the ledger holds came again with a different body.
    ReplayChanged,
}

impl AlarmKind {
    pub const ALL: [AlarmKind; 1] = [AlarmKind::ReplayChanged];

    pub fn code(self) -> &'static str {
        match self {
            AlarmKind::ReplayChanged => "replay_changed",
        }
    }

    pub fn from_code(code: &str) -> Option<AlarmKind> {
        AlarmKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One recorded alarm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServerAlarm {
    /// Increasing: `GET alarms?since=ID` returns the later ones.
    pub id: i64,
    /// When the server recorded it (the server's clock).
    pub at: DateTime<Utc>,
    pub kind: AlarmKind,
    /// The op concerned, if any.
    pub op_id: Option<Uuid>,
    /// The workstation that sent it, if known.
    pub workstation: Option<String>,
    /// The server's technical account (hashes, sequence numbers), in English, for the
    /// person who investigates; a workstation words the alarm itself from the fields.
    pub detail: String,
}

/// `GET /api/v1/alarms` (supervisors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AlarmsReply {
    pub alarms: Vec<ServerAlarm>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_reads_back_from_its_code_and_serialises_as_it() {
        for k in AlarmKind::ALL {
            assert_eq!(AlarmKind::from_code(k.code()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap_or_default(),
                format!("\"{}\"", k.code())
            );
        }
        assert_eq!(AlarmKind::from_code("nonsense"), None);
    }
}
