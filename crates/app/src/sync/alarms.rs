//! The server's alarms, for a supervisor (`desk sync alarms`): an op sent again with
//! another body means a workstation's journal was edited or changes are being forged, and
//! someone must look. The server keeps them; this reads them with the saved login and
//! words each one from its fields (the server's own detail stays technical, in English,
//! for whoever investigates).

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::Action;
use desk_wire::{AlarmKind, ServerAlarm};
use serde::Serialize;
use uuid::Uuid;

use super::SyncError;
use super::http::HttpTransport;
use crate::{AppError, Desk};

/// One alarm as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlarmView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub at_astana: String,
    pub kind: AlarmKind,
    /// What happened, translated.
    pub message: String,
    pub workstation: Option<String>,
    pub op_id: Option<Uuid>,
    pub detail: String,
}

fn view(alarm: ServerAlarm, lang: Lang) -> AlarmView {
    let workstation = alarm.workstation.clone().unwrap_or_else(|| "—".into());
    let op = alarm.op_id.map(|o| o.to_string()).unwrap_or_default();
    let message = match alarm.kind {
        AlarmKind::ReplayChanged => tr(
            lang,
            "sync-alarm-replay-changed",
            &[("workstation", &workstation), ("op", &op)],
        ),
    };
    AlarmView {
        id: alarm.id,
        at: alarm.at,
        at_astana: desk_journal::time::to_astana_display(alarm.at),
        kind: alarm.kind,
        message,
        workstation: alarm.workstation,
        op_id: alarm.op_id,
        detail: alarm.detail,
    }
}

impl Desk {
    /// Every alarm the server recorded, oldest first; needs a supervisor here and on the
    /// server, and a login to the saved server.
    pub fn server_alarms(&mut self, lang: Lang) -> Result<Vec<AlarmView>, AppError> {
        self.require(Action::ManageUsers)?;
        let server = self.sync_setting_url()?.ok_or(SyncError::NotConfigured)?;
        let session = match self.session_for(&server)? {
            None => return Err(SyncError::NotLoggedIn.into()),
            Some(s) if s.expires_at <= Utc::now() => return Err(SyncError::TokenExpired.into()),
            Some(s) => s,
        };
        let transport = HttpTransport::new(&server, lang, Some(session.token));
        let mut out = Vec::new();
        let mut since = 0;
        loop {
            let page = transport
                .alarms(since)
                .map_err(|e| SyncError::from_transport(e, &server))?;
            let Some(last) = page.last() else { break };
            since = last.id;
            out.extend(page.into_iter().map(|a| view(a, lang)));
        }
        Ok(out)
    }
}
