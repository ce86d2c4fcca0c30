//! An appeal's audit trail as people read it: each change as `field: old → new`, coded
//! values as their labels and instants in Astana time, in the user's language.

use chrono::DateTime;
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_journal::{EventKind, Field, Source};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub at_astana: String,
    pub actor: String,
    pub action: String,
    /// `field: old → new` pairs, one per line.
    pub changes: String,
}

fn instant(s: &str) -> Option<DateTime<chrono::Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// The order the forms ask in (registration, then the analysis, then what later steps
/// add): a change lists its fields so, as people filled them in (issue 19 item 6). Keys
/// not listed follow, in stored order.
const FORM_ORDER: &[&str] = &[
    "at",
    "number",
    "organisation",
    "bin_iin",
    "received_at",
    "channel",
    "contact",
    "rule_set",
    "description",
    "source",
    "contact_person",
    "email",
    "phone",
    "detected_at",
    "portal_module",
    "announcements",
    "lots",
    "procurement_method",
    "linked_to",
    "analysis",
    "criticality",
    "failure_type",
    "operator_fault",
    "reversal_reason",
    "reclassify_reason",
    "decision",
    "recommendations",
    "supporting_info",
    "decision_until",
    "decision_notice",
    "close_reason",
    "reopen_reason",
    "note",
    "reason",
];

/// Audit keys that name rows, not facts a person entered (version ids): never shown.
const INTERNAL: &[&str] = &["replaces", "resolves"];

/// One entry of the appeal's history: the event it records as its headline ("Appeal
/// closed", "Analysis and decision: failure confirmed"), then what changed.
pub(crate) fn entry(h: &desk_store::AuditEntry, lang: Lang) -> HistoryEntry {
    let new_code = |key: &str| {
        h.changes
            .get(key)
            .and_then(|v| v.as_array())
            .and_then(|a| a.last())
            .and_then(|v| v.as_str())
            .and_then(EventKind::from_code)
    };
    let (action, headline_key) = match (h.action.as_str(), new_code("event"), new_code("analysis"))
    {
        ("event", Some(kind), _) => (kind.label(lang), Some("event")),
        ("triage", _, Some(kind)) => (
            format!("{}: {}", tr(lang, "history-triage", &[]), kind.label(lang)),
            Some("analysis"),
        ),
        (action, ..) => (tr(lang, &format!("history-{action}"), &[]), None),
    };
    HistoryEntry {
        at_astana: to_astana_display(h.at),
        actor: h.actor.clone(),
        action,
        changes: describe_changes_except(&h.changes, headline_key, lang),
    }
}

/// `field: old → new` lines in the user's language: field names translated, coded
/// values as their labels, instants in Astana time; only what changed, in the forms'
/// order, without row ids.
#[cfg(test)]
pub(crate) fn describe_changes(changes: &serde_json::Value, lang: Lang) -> String {
    describe_changes_except(changes, None, lang)
}

fn describe_changes_except(
    changes: &serde_json::Value,
    headline: Option<&str>,
    lang: Lang,
) -> String {
    // Coded values read as their labels; instants in Astana time.
    let show = |key: &str, v: &serde_json::Value| -> String {
        let label = |s: &str| -> Option<String> {
            match key {
                "channel" => desk_journal::Channel::from_code(s).map(|c| c.label(lang)),
                "source" => Source::from_code(s).map(|c| c.label(lang)),
                "criticality" => desk_journal::Criticality::from_code(s).map(|c| c.label(lang)),
                "failure_type" => desk_journal::FailureType::from_code(s).map(|c| c.label(lang)),
                "event" | "analysis" => EventKind::from_code(s).map(|c| c.label(lang)),
                "rule_set" => desk_journal::RuleSet::from_code(s).map(|c| c.label(lang)),
                "role" => desk_journal::Role::from_code(s).map(|c| c.label(lang)),
                _ => None,
            }
        };
        match v {
            serde_json::Value::Null => "—".to_owned(),
            serde_json::Value::Bool(b) => tr(lang, if *b { "yes" } else { "no" }, &[]),
            serde_json::Value::String(s) => label(s)
                .or_else(|| instant(s).map(to_astana_display))
                .unwrap_or_else(|| s.clone()),
            other => other.to_string(),
        }
    };
    let name = |k: &str| match k {
        "number" => tr(lang, "col-number", &[]),
        "at" => tr(lang, "field-event_at", &[]),
        "extensions" => tr(lang, "ext-ui-title", &[]),
        _ => match Field::from_code(k) {
            Some(f) => f.label(lang),
            // Keys the journal records that are not form fields (operator_fault, language).
            None if desk_i18n::has(lang, &format!("field-{k}")) => {
                tr(lang, &format!("field-{k}"), &[])
            }
            None => {
                tracing::warn!(key = k, "history key without a label");
                k.to_owned()
            }
        },
    };
    let blank = |v: &serde_json::Value| v.is_null() || v.as_str().is_some_and(str::is_empty);
    let Some(map) = changes.as_object() else {
        return String::new();
    };
    let mut keys: Vec<&String> = map
        .keys()
        .filter(|k| !INTERNAL.contains(&k.as_str()) && Some(k.as_str()) != headline)
        .collect();
    let rank = |k: &str| {
        FORM_ORDER
            .iter()
            .position(|o| *o == k)
            .unwrap_or(FORM_ORDER.len())
    };
    keys.sort_by_key(|k| rank(k));
    keys.into_iter()
        .filter_map(|k| {
            let v = &map[k.as_str()];
            match v.as_array().map(Vec::as_slice) {
                // Issue 19 item 6: only what really changed ("yes → yes" is not a change).
                Some([old, new]) if old == new || (blank(old) && blank(new)) => None,
                Some([old, new]) if blank(old) => Some(format!("{}: {}", name(k), show(k, new))),
                Some([old, new]) => {
                    Some(format!("{}: {} → {}", name(k), show(k, old), show(k, new)))
                }
                _ if blank(v) => None,
                _ => Some(format!("{}: {}", name(k), show(k, v))),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn history_reads_as_old_to_new_in_the_users_language() {
        let c = serde_json::json!({
            "received_at": [null, "2026-11-26T05:15:00.000000Z"],
            "decision": ["a", "b"],
            "analysis": [null, "confirmed"]
        });
        assert_eq!(
            describe_changes(&c, Lang::Ru),
            "Дата и время поступления (время Астаны): 26.11.2026 10:15\nРезультат анализа: Сбой подтверждён\nПринятое решение: a → b"
        );
    }
}
