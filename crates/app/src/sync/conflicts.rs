//! The conflicts screen (issue 15 item 4): each conflicted record with its versions side
//! by side, field by field, and its resolution by a person: a new version naming both
//! versions as parents, with the values of the version they kept. A record's badge on
//! its detail: local-only, synced or conflicted.

use chrono::{DateTime, Utc};
use desk_i18n::tr;
use desk_journal::workflow::CORRECTABLE;
use desk_journal::{Action, AppealRow, CorrectionForm, Field};
use desk_store::{RecordSync, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Desk};

/// One version of a conflicted record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictVersion {
    pub version_id: String,
    /// The version the journal shows now (the server's order decides it, the same on
    /// every workstation); the others are branches.
    pub head: bool,
    pub author: String,
    pub workstation: String,
    /// The author's clock: shown, never trusted for order.
    pub recorded_at: DateTime<Utc>,
    /// The same in Astana time (formatted here, for the reason `SyncStatus` gives).
    pub recorded_at_astana: String,
}

/// One field across the versions, in [`ConflictView::versions`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictField {
    pub field: Field,
    /// The field's name in the user's language.
    pub label: String,
    /// The value in each version, as a correction would take it (`DD.MM.YYYY HH:MM` for
    /// instants, codes for closed lists); empty for none.
    pub values: Vec<String>,
    /// Whether the versions disagree on it.
    pub differs: bool,
}

/// A conflicted record for the conflicts screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    pub appeal_id: String,
    pub number: String,
    /// The head first, then the branches.
    pub versions: Vec<ConflictVersion>,
    /// Every field a correction may change.
    pub fields: Vec<ConflictField>,
}

/// The badge on an appeal's detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordSyncState {
    /// A change of it has not reached the server yet.
    LocalOnly,
    Synced,
    /// Two versions stand side by side until a person resolves them.
    Conflicted,
}

/// A field's value in a version, as [`CorrectionForm`] takes it.
fn value_of(row: &AppealRow, field: Field) -> String {
    if field == Field::ReceivedAt {
        return row.received_at_astana.clone();
    }
    match serde_json::to_value(row)
        .ok()
        .and_then(|v| v.get(field.code()).cloned())
    {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

impl Desk {
    fn version(&self, version_id: &str) -> Result<AppealRow, AppError> {
        self.store
            .version_row(version_id)?
            .ok_or_else(|| AppError::Store(StoreError::NotFound(version_id.to_owned())))
    }

    /// Every conflicted record, in journal order, its versions side by side.
    pub fn conflicts(&self) -> Result<Vec<ConflictView>, AppError> {
        let lang = self.language();
        let mut out = Vec::new();
        for c in self.store.conflicts()? {
            let history = self.store.history(&c.appeal_id)?;
            let ids: Vec<&String> = std::iter::once(&c.head).chain(&c.branches).collect();
            let mut versions = Vec::new();
            let mut rows = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                let row = self.version(id)?;
                let entry = history
                    .iter()
                    .find(|e| e.version_id.as_deref() == Some(id.as_str()));
                let recorded_at = entry.map_or(row.updated_at, |e| e.at);
                versions.push(ConflictVersion {
                    version_id: (*id).clone(),
                    head: i == 0,
                    author: entry.map(|e| e.actor.clone()).unwrap_or_default(),
                    workstation: entry.map(|e| e.workstation.clone()).unwrap_or_default(),
                    recorded_at,
                    recorded_at_astana: desk_journal::time::to_astana_display(recorded_at),
                });
                rows.push(row);
            }
            let fields = CORRECTABLE
                .iter()
                .map(|&field| {
                    let values: Vec<String> = rows.iter().map(|r| value_of(r, field)).collect();
                    let differs = values.windows(2).any(|w| w[0] != w[1]);
                    ConflictField {
                        field,
                        label: field.label(lang),
                        values,
                        differs,
                    }
                })
                .collect();
            out.push(ConflictView {
                appeal_id: c.appeal_id,
                number: c.number,
                versions,
                fields,
            });
        }
        Ok(out)
    }

    /// Resolves the conflict of appeal `appeal` (its id or incident number) by keeping
    /// the version `keep` (the head or a branch), then `fields` on top (each checked as a
    /// correction is). Supervisors only, as corrections are. The new version names the
    /// head and the branch as parents and travels like any change.
    pub fn resolve_conflict(
        &mut self,
        appeal: &str,
        keep: &str,
        fields: &[CorrectionForm],
    ) -> Result<ConflictResolved, AppError> {
        self.require(Action::Correct)?;
        let conflict = self
            .store
            .conflicts()?
            .into_iter()
            .find(|c| c.appeal_id == appeal || c.number.eq_ignore_ascii_case(appeal.trim()))
            .ok_or_else(|| AppError::Store(StoreError::NotFound(appeal.to_owned())))?;
        let keep = keep.trim();
        let not_a_branch = || {
            AppError::Store(StoreError::Sync(desk_store::SyncError::NotABranch {
                appeal_id: conflict.appeal_id.clone(),
                version_id: keep.to_owned(),
            }))
        };
        let lang = self.language();
        let reason = tr(lang, "sync-resolve-reason", &[("version", keep)]);
        let (branch, mut forms) = if keep == conflict.head {
            let branch = conflict.branches.first().ok_or_else(not_a_branch)?;
            (branch.clone(), Vec::new())
        } else if conflict.branches.iter().any(|b| b == keep) {
            let head = self.version(&conflict.head)?;
            let kept = self.version(keep)?;
            let forms = CORRECTABLE
                .iter()
                .filter(|&&f| value_of(&head, f) != value_of(&kept, f))
                .map(|&f| CorrectionForm {
                    field: f.code().to_owned(),
                    value: value_of(&kept, f),
                    reason: reason.clone(),
                })
                .collect();
            (keep.to_owned(), forms)
        } else {
            return Err(not_a_branch());
        };
        // A field the person set replaces the kept version's value for it.
        forms.retain(|f| !fields.iter().any(|u| u.field.trim() == f.field));
        forms.extend(fields.iter().cloned().map(|mut f| {
            if f.reason.trim().is_empty() {
                f.reason = reason.clone();
            }
            f
        }));
        let now = Utc::now();
        let mut valid = Vec::new();
        let mut errors = Vec::new();
        for form in &forms {
            match form.validate(now) {
                Ok(v) => valid.push(v),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let version_id =
            self.store
                .resolve_conflict(&conflict.appeal_id, &branch, &valid, &self.actor, now)?;
        tracing::info!(number = %conflict.number, "conflict resolved");
        Ok(ConflictResolved {
            number: conflict.number,
            version_id,
        })
    }

    /// Local-only, synced or conflicted: the badge on the appeal's detail.
    pub fn record_sync(&self, appeal_id: &str) -> Result<RecordSyncState, AppError> {
        Ok(match self.store.record_sync(appeal_id)? {
            RecordSync::LocalOnly => RecordSyncState::LocalOnly,
            RecordSync::Synced => RecordSyncState::Synced,
            RecordSync::Conflicted => RecordSyncState::Conflicted,
        })
    }
}

/// What a resolution made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictResolved {
    pub number: String,
    /// The new version, whose parents are both sides.
    pub version_id: String,
}
