//! The canonical body of an op: the rows one audit entry wrote, as `desk-store`'s
//! `canonical.rs` hashes them. The column lists live here so that the store that writes a
//! body, the server that checks it and the store that applies it read the same layout.
//!
//! The text is the compact JSON of `["desk-body-1", [table, value…], …]`, the values in
//! [`TableSpec::columns`] order: text as a string, an integer as a number, NULL as
//! `null`. A column a later migration adds joins a list only with a new tag: a body
//! that holds a resolution version (one naming a second parent) opens with [`TAG_2`], and
//! its `appeal_versions` rows carry [`VERSIONS_2`]'s columns; every other body keeps
//! [`TAG`], so the hashes of bodies written before the tag existed do not change.

use serde_json::Value;

/// The version tag that opens every body without a resolution version.
pub const TAG: &str = "desk-body-1";
/// The tag of a body whose `appeal_versions` rows carry `merge_parent_version_id`.
pub const TAG_2: &str = "desk-body-2";

/// A table whose rows travel.
#[derive(Debug, PartialEq, Eq)]
pub struct TableSpec {
    pub name: &'static str,
    /// The primary key column (always the first column).
    pub key: &'static str,
    pub columns: &'static [&'static str],
}

impl TableSpec {
    /// The position of a column in a row's values.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }
}

pub const APPEALS: TableSpec = TableSpec {
    name: "appeals",
    key: "id",
    columns: &[
        "id",
        "number",
        "workstation",
        "year",
        "sequence",
        "created_at",
    ],
};
/// The columns of a version; the last, the second parent a resolution names (migration
/// 006), is only in [`TAG_2`] bodies, so the bodies hashed before it keep their hash.
const VERSION_COLUMNS: &[&str] = &[
    "version_id",
    "appeal_id",
    "parent_version_id",
    "author",
    "workstation",
    "recorded_at",
    "organisation",
    "bin_iin",
    "received_at",
    "channel",
    "contact",
    "description",
    "decision",
    "failure_type",
    "recommendations",
    "source",
    "contact_person",
    "email",
    "phone",
    "detected_at",
    "portal_module",
    "announcements",
    "lots",
    "procurement_method",
    "rule_set",
    "problem_id",
    "analysis",
    "criticality",
    "operator_fault",
    "supporting_info",
    "correction_reason",
    "merge_parent_version_id",
];
pub const VERSIONS: TableSpec = TableSpec {
    name: "appeal_versions",
    key: "version_id",
    columns: VERSION_COLUMNS.split_at(VERSION_COLUMNS.len() - 1).0,
};
/// The versions of a [`TAG_2`] body: a resolution names the branch it merges as its
/// second parent (migration 006).
pub const VERSIONS_2: TableSpec = TableSpec {
    name: "appeal_versions",
    key: "version_id",
    columns: VERSION_COLUMNS,
};
pub const EVENTS: TableSpec = TableSpec {
    name: "appeal_events",
    key: "id",
    columns: &[
        "id",
        "appeal_id",
        "kind",
        "at",
        "recorded_at",
        "author",
        "workstation",
        "details",
    ],
};
/// The file itself travels as a blob named by `sha256`.
pub const ATTACHMENTS: TableSpec = TableSpec {
    name: "attachments",
    key: "id",
    columns: &[
        "id",
        "appeal_id",
        "sha256",
        "name",
        "size",
        "parts",
        "added_at",
        "author",
    ],
};
pub const EXTENSIONS: TableSpec = TableSpec {
    name: "extension_results",
    key: "id",
    columns: &[
        "id",
        "appeal_id",
        "computed_at",
        "author",
        "input",
        "output",
    ],
};
pub const USERS: TableSpec = TableSpec {
    name: "users",
    key: "login",
    columns: &["login", "role"],
};
pub const SETTINGS: TableSpec = TableSpec {
    name: "settings",
    key: "key",
    columns: &["key", "value"],
};

/// The Commission (issue 17, store migration 009): every row inserted once, each by one
/// audit entry of entity `commission`.
pub const COMMISSION_COMPOSITIONS: TableSpec = TableSpec {
    name: "commission_compositions",
    key: "id",
    columns: &[
        "id",
        "order_number",
        "order_date",
        "valid_from",
        "members",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_MEETINGS: TableSpec = TableSpec {
    name: "commission_meetings",
    key: "id",
    columns: &[
        "id",
        "number",
        "composition_id",
        "date",
        "time",
        "place",
        "agenda",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_ATTENDANCE: TableSpec = TableSpec {
    name: "commission_attendance",
    key: "id",
    columns: &[
        "id",
        "meeting_id",
        "present",
        "acting_chair",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_VOTES: TableSpec = TableSpec {
    name: "commission_votes",
    key: "id",
    columns: &[
        "id",
        "meeting_id",
        "item",
        "member_id",
        "vote",
        "conflict",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_DISSENTS: TableSpec = TableSpec {
    name: "commission_dissents",
    key: "id",
    columns: &[
        "id",
        "meeting_id",
        "item",
        "member_id",
        "position",
        "text",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_DECISIONS: TableSpec = TableSpec {
    name: "commission_decisions",
    key: "id",
    columns: &[
        "id",
        "meeting_id",
        "item",
        "outcome",
        "tally",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_PROTOCOLS: TableSpec = TableSpec {
    name: "commission_protocols",
    key: "id",
    columns: &[
        "id",
        "meeting_id",
        "parent_id",
        "lang",
        "text",
        "sha256",
        "due_at",
        "produced_at",
        "late",
        "author",
    ],
};
pub const COMMISSION_SIGNATURES: TableSpec = TableSpec {
    name: "commission_signatures",
    key: "id",
    columns: &[
        "id",
        "protocol_id",
        "member_id",
        "sha256",
        "signed_at",
        "author",
    ],
};

pub const COMMISSION_APPLICATIONS: TableSpec = TableSpec {
    name: "commission_applications",
    key: "id",
    columns: &[
        "id",
        "number",
        "form",
        "received",
        "body",
        "recorded_at",
        "author",
    ],
};
pub const COMMISSION_APPLICATION_STEPS: TableSpec = TableSpec {
    name: "commission_application_steps",
    key: "id",
    columns: &[
        "id",
        "application_id",
        "step",
        "date",
        "note",
        "recorded_at",
        "author",
    ],
};

/// Every table a body may name.
pub const TABLES: &[&TableSpec] = &[
    &APPEALS,
    &VERSIONS,
    &EVENTS,
    &ATTACHMENTS,
    &EXTENSIONS,
    &USERS,
    &SETTINGS,
    &COMMISSION_COMPOSITIONS,
    &COMMISSION_MEETINGS,
    &COMMISSION_ATTENDANCE,
    &COMMISSION_VOTES,
    &COMMISSION_DISSENTS,
    &COMMISSION_DECISIONS,
    &COMMISSION_PROTOCOLS,
    &COMMISSION_SIGNATURES,
    &COMMISSION_APPLICATIONS,
    &COMMISSION_APPLICATION_STEPS,
];

/// The spec of a table by its name (in a [`TAG`] body).
pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().copied().find(|t| t.name == name)
}

/// The spec of a table by its name in a body opening with `tag`.
pub fn table_in(tag: &str, name: &str) -> Option<&'static TableSpec> {
    match (tag, name) {
        (TAG_2, "appeal_versions") => Some(&VERSIONS_2),
        (TAG | TAG_2, _) => table(name),
        _ => None,
    }
}

/// One row of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub table: &'static TableSpec,
    pub values: Vec<Value>,
}

impl Row {
    /// The value of a column (`None` for a column the table does not have).
    pub fn get(&self, column: &str) -> Option<&Value> {
        self.table.position(column).and_then(|i| self.values.get(i))
    }

    /// A text column's value; `None` when it is NULL, not text or not a column.
    pub fn text(&self, column: &str) -> Option<&str> {
        self.get(column).and_then(Value::as_str)
    }

    /// The primary key.
    pub fn key(&self) -> Option<&str> {
        self.text(self.table.key)
    }
}

/// Why a body cannot be read; `index` is the row's place in the body (0 = the tag).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the body does not start with the tag {TAG} or {TAG_2}")]
    Tag,
    #[error("row {index}: {why}")]
    Row { index: usize, why: String },
}

/// The rows of a body, each checked against its table's columns: a known table, one
/// value per column, every value text, integer or null, the key text.
pub fn parse(body: &str) -> Result<Vec<Row>, BodyError> {
    let v: Value = serde_json::from_str(body).map_err(|e| BodyError::NotJson(e.to_string()))?;
    let Value::Array(items) = v else {
        return Err(BodyError::Tag);
    };
    let mut items = items.into_iter();
    let tag = match items.next().as_ref().and_then(Value::as_str) {
        Some(TAG) => TAG,
        Some(TAG_2) => TAG_2,
        _ => return Err(BodyError::Tag),
    };
    let mut rows = Vec::new();
    for (i, item) in items.enumerate() {
        let index = i + 1;
        let bad = |why: &str| BodyError::Row {
            index,
            why: why.to_owned(),
        };
        let Value::Array(mut values) = item else {
            return Err(bad("not an array"));
        };
        if values.is_empty() {
            return Err(bad("empty"));
        }
        let name = values.remove(0);
        let spec = name
            .as_str()
            .and_then(|n| table_in(tag, n))
            .ok_or_else(|| bad("unknown table"))?;
        if values.len() != spec.columns.len() {
            return Err(bad("wrong number of values"));
        }
        if values
            .iter()
            .any(|v| !(v.is_null() || v.is_string() || v.is_i64()))
        {
            return Err(bad("a value is neither text, an integer nor null"));
        }
        let row = Row {
            table: spec,
            values,
        };
        if row.key().is_none() {
            return Err(bad("the key is not text"));
        }
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_body_reads_back_its_rows_and_a_malformed_one_names_the_row() {
        let rows = parse(r#"["desk-body-1",["users","айгуль","operator"]]"#).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].key(), Some("айгуль"));
        assert_eq!(rows[0].text("role"), Some("operator"));
        assert_eq!(parse(r#"["other"]"#), Err(BodyError::Tag));
        assert!(matches!(
            parse(r#"["desk-body-1",["users","a"]]"#),
            Err(BodyError::Row { index: 1, .. })
        ));
        assert!(matches!(
            parse(r#"["desk-body-1",["users","a","b"],["nope",1]]"#),
            Err(BodyError::Row { index: 2, .. })
        ));
        assert!(matches!(
            parse(r#"["desk-body-1",["users","a",1.5]]"#),
            Err(BodyError::Row { index: 1, .. })
        ));
    }

    #[test]
    fn a_resolution_body_carries_the_second_parent_and_only_under_its_own_tag() {
        let mut values: Vec<String> = VERSIONS.columns.iter().map(|_| "null".into()).collect();
        values[0] = r#""v3""#.into();
        let v1 = format!(
            r#"["desk-body-1",["appeal_versions",{}]]"#,
            values.join(",")
        );
        assert_eq!(parse(&v1).unwrap()[0].get("merge_parent_version_id"), None);
        values.push(r#""v2""#.into());
        let v2 = format!(
            r#"["desk-body-2",["appeal_versions",{}]]"#,
            values.join(",")
        );
        let rows = parse(&v2).unwrap();
        assert_eq!(rows[0].text("merge_parent_version_id"), Some("v2"));
        assert_eq!(rows[0].key(), Some("v3"));
        let mixed = v2.replace("desk-body-2", "desk-body-1");
        assert!(matches!(
            parse(&mixed),
            Err(BodyError::Row { index: 1, .. })
        ));
        assert_eq!(
            VERSIONS_2.columns[..VERSIONS.columns.len()],
            *VERSIONS.columns,
            "the second parent only joins at the end"
        );
    }
}
