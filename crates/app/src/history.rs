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

/// `field: old → new` lines in the user's language: field names translated, instants
/// in Astana time.
pub(crate) fn describe_changes(changes: &serde_json::Value, lang: Lang) -> String {
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
        "replaces" => tr(lang, "field-replaces", &[]),
        "resolves" => tr(lang, "field-resolves", &[]),
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
    changes
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| match v.as_array().map(Vec::as_slice) {
                    Some([serde_json::Value::Null, new]) => {
                        format!("{}: {}", name(k), show(k, new))
                    }
                    Some([old, new]) => format!("{}: {} → {}", name(k), show(k, old), show(k, new)),
                    _ => format!("{}: {}", name(k), show(k, v)),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
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
            "Результат анализа: Сбой подтверждён\nПринятое решение: a → b\nДата и время поступления (время Астаны): 26.11.2026 10:15"
        );
    }
}
