//! The notices the regulations name, each a subject and a body in the shared translation
//! files (`notice-KIND-subject`, `notice-KIND-body`, block "issue 18" of
//! `assets/i18n/*.ftl`), so the text an operator reads in the window, the one the CLI
//! prints and the one the mail server receives are one text.
//!
//! A notice is rendered only with every value it names: a blank one is refused naming
//! the field (issue 18 item 6), never sent with a hole in it.

use std::collections::BTreeMap;

use desk_i18n::{Lang, tr};
use serde::{Deserialize, Serialize};

/// A notice the regulations require, with the clauses that require it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The incident ID to the user's e-mail within an hour (002 §30, 000 §17, 003 App. 4 §1.4).
    IncidentId,
    /// The refutation with its supporting information (002 §32, 000 §21).
    Refutation,
    /// The level and the planned date and time of the fix (002 §35.1, §36.2).
    Criticality,
    /// Every supplier of an affected procurement: the failure and the extension
    /// (002 §36.2, §37.9–10).
    SupplierExtension,
    /// The fix completed, with its actual date and time (002 §35.3, §36.9).
    Fixed,
    /// The home-page announcement of a failure: announcements, lots, level, planned fix
    /// (002 §36.1, §37.3; 000 §26.3).
    HomepageFailure,
    /// The home-page announcement of the fix: the actual time and the extension
    /// (002 §36.9, §37.12; 000 §26.12).
    HomepageFixed,
    /// Planned maintenance announced in advance (002 §41, 000 §31).
    Maintenance,
    /// The written report to the authorised body: cause, measures, result, extension,
    /// proposals (002 §36.10, §37.13; 000 §25.3, §26.13).
    AuthorityReport,
    /// The ETP-CC decision extended: notice to the user and the unified operator
    /// (003 App. 4 §1.5).
    DecisionExtension,
    /// The Commission's meeting notice to its members with the agenda (003 §9).
    CommissionMeeting,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 11] = [
        NoticeKind::IncidentId,
        NoticeKind::Refutation,
        NoticeKind::Criticality,
        NoticeKind::SupplierExtension,
        NoticeKind::Fixed,
        NoticeKind::HomepageFailure,
        NoticeKind::HomepageFixed,
        NoticeKind::Maintenance,
        NoticeKind::AuthorityReport,
        NoticeKind::DecisionExtension,
        NoticeKind::CommissionMeeting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::IncidentId => "incident_id",
            NoticeKind::Refutation => "refutation",
            NoticeKind::Criticality => "criticality",
            NoticeKind::SupplierExtension => "supplier_extension",
            NoticeKind::Fixed => "fixed",
            NoticeKind::HomepageFailure => "homepage_failure",
            NoticeKind::HomepageFixed => "homepage_fixed",
            NoticeKind::Maintenance => "maintenance",
            NoticeKind::AuthorityReport => "authority_report",
            NoticeKind::DecisionExtension => "decision_extension",
            NoticeKind::CommissionMeeting => "commission_meeting",
        }
    }

    pub fn from_code(code: &str) -> Option<NoticeKind> {
        NoticeKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    /// The values the notice cannot go out without, in the order the form asks them.
    pub fn fields(self) -> &'static [NoticeField] {
        use NoticeField as F;
        match self {
            NoticeKind::IncidentId => &[F::Number, F::Received, F::Organisation, F::Description],
            NoticeKind::Refutation => &[
                F::Number,
                F::Received,
                F::RefutedAt,
                F::Grounds,
                F::Supporting,
            ],
            NoticeKind::Criticality => &[F::Number, F::Criticality, F::PlannedFix],
            NoticeKind::SupplierExtension => &[
                F::Number,
                F::Announcements,
                F::Lots,
                F::Criticality,
                F::PlannedFix,
                F::Extension,
            ],
            NoticeKind::Fixed => &[F::Number, F::FixedAt],
            NoticeKind::HomepageFailure => {
                &[F::Announcements, F::Lots, F::Criticality, F::PlannedFix]
            }
            NoticeKind::HomepageFixed => &[
                F::Announcements,
                F::Lots,
                F::Criticality,
                F::PlannedFix,
                F::FixedAt,
                F::Extension,
            ],
            NoticeKind::Maintenance => &[F::Modules, F::Start, F::End],
            NoticeKind::AuthorityReport => &[
                F::Number,
                F::Received,
                F::Criticality,
                F::Cause,
                F::Measures,
                F::Result,
                F::Extension,
                F::Proposals,
            ],
            NoticeKind::DecisionExtension => &[F::Number, F::Until, F::Reason],
            NoticeKind::CommissionMeeting => &[F::Meeting, F::Start, F::Place, F::Agenda],
        }
    }

    /// Whether the notice goes to the appeal's user by e-mail (the others are posted,
    /// sent to a list, or written as a letter).
    pub fn to_user(self) -> bool {
        matches!(
            self,
            NoticeKind::IncidentId
                | NoticeKind::Refutation
                | NoticeKind::Criticality
                | NoticeKind::Fixed
                | NoticeKind::DecisionExtension
        )
    }

    /// The label of the notice in `lang`.
    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("notice-kind-{}", self.code()), &[])
    }
}

impl std::fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A value a notice carries. Its code is the Fluent variable the templates use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeField {
    Number,
    Received,
    Organisation,
    Description,
    RefutedAt,
    Grounds,
    Supporting,
    Criticality,
    PlannedFix,
    FixedAt,
    Announcements,
    Lots,
    Extension,
    Modules,
    Start,
    End,
    Cause,
    Measures,
    Result,
    Proposals,
    Until,
    Reason,
    Meeting,
    Place,
    Agenda,
}

impl NoticeField {
    pub const ALL: [NoticeField; 25] = [
        NoticeField::Number,
        NoticeField::Received,
        NoticeField::Organisation,
        NoticeField::Description,
        NoticeField::RefutedAt,
        NoticeField::Grounds,
        NoticeField::Supporting,
        NoticeField::Criticality,
        NoticeField::PlannedFix,
        NoticeField::FixedAt,
        NoticeField::Announcements,
        NoticeField::Lots,
        NoticeField::Extension,
        NoticeField::Modules,
        NoticeField::Start,
        NoticeField::End,
        NoticeField::Cause,
        NoticeField::Measures,
        NoticeField::Result,
        NoticeField::Proposals,
        NoticeField::Until,
        NoticeField::Reason,
        NoticeField::Meeting,
        NoticeField::Place,
        NoticeField::Agenda,
    ];

    pub fn from_code(code: &str) -> Option<NoticeField> {
        NoticeField::ALL
            .into_iter()
            .find(|f| f.code() == code.trim())
    }

    pub fn code(self) -> &'static str {
        match self {
            NoticeField::Number => "number",
            NoticeField::Received => "received",
            NoticeField::Organisation => "organisation",
            NoticeField::Description => "description",
            NoticeField::RefutedAt => "refuted_at",
            NoticeField::Grounds => "grounds",
            NoticeField::Supporting => "supporting",
            NoticeField::Criticality => "criticality",
            NoticeField::PlannedFix => "planned_fix",
            NoticeField::FixedAt => "fixed_at",
            NoticeField::Announcements => "announcements",
            NoticeField::Lots => "lots",
            NoticeField::Extension => "extension",
            NoticeField::Modules => "modules",
            NoticeField::Start => "start",
            NoticeField::End => "end",
            NoticeField::Cause => "cause",
            NoticeField::Measures => "measures",
            NoticeField::Result => "result",
            NoticeField::Proposals => "proposals",
            NoticeField::Until => "until",
            NoticeField::Reason => "reason",
            NoticeField::Meeting => "meeting",
            NoticeField::Place => "place",
            NoticeField::Agenda => "agenda",
        }
    }

    /// The field's name in `lang`, for the message that refuses a notice without it.
    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("notice-field-{}", self.code()), &[])
    }
}

/// The values a notice is rendered with, by field.
pub type Values = BTreeMap<NoticeField, String>;

/// A notice as it will be sent or posted: exactly this text is stored and delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
}

/// The notice cannot be rendered: a value it names is blank.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("notice {kind}: the value {} is missing", field.code())]
pub struct MissingValue {
    pub kind: NoticeKind,
    pub field: NoticeField,
}

/// Renders `kind` in `lang` with `values`; a blank value of [`NoticeKind::fields`] is
/// refused naming the first one missing.
pub fn render(kind: NoticeKind, lang: Lang, values: &Values) -> Result<Notice, MissingValue> {
    let mut args: Vec<(&str, &str)> = Vec::new();
    for field in kind.fields() {
        match values.get(field).map(|v| v.trim()) {
            Some(v) if !v.is_empty() => args.push((field.code(), v)),
            _ => {
                return Err(MissingValue {
                    kind,
                    field: *field,
                });
            }
        }
    }
    let id = |part: &str| format!("notice-{}-{part}", kind.code().replace('_', "-"));
    let subject = tr(lang, &id("subject"), &args);
    let text = tr(lang, &id("body"), &args);
    let body = format!(
        "{}\n\n{}\n\n{}\n",
        tr(lang, "notice-greeting", &[]),
        text.trim_end(),
        tr(lang, "notice-signature", &[])
    );
    Ok(Notice {
        kind,
        lang,
        subject,
        body,
    })
}
