//! What a journal page asks for: period, filters, full-text search, sort and paging.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::time::ASTANA;
use crate::{
    Channel, Checker, Criticality, FailureType, Field, FieldError, Problem, RuleSet, Status,
};

/// One page request from the journal screen or `desk journal list`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct JournalQuery {
    /// First day of the period (Astana date, `DD.MM.YYYY` or `YYYY-MM-DD`), by receipt.
    pub from: String,
    /// Last day of the period, inclusive.
    pub to: String,
    pub status: Option<Status>,
    pub criticality: Option<Criticality>,
    pub failure_type: Option<FailureType>,
    pub channel: Option<Channel>,
    pub rule_set: Option<RuleSet>,
    /// Only appeals with an obligation past its due instant.
    pub overdue: bool,
    /// Words to find in organisation, description, decision and contacts; or what a
    /// caller says first: an incident number, its last digits, a BIN/IIN ([`search_key`]).
    pub text: String,
    /// Oldest receipt first (the official form's order) instead of newest first.
    pub oldest_first: bool,
    /// The queue by urgency (issue 19 item 4): the soonest next due first (overdue ones
    /// lead), then the appeals with nothing due, newest first. Overrides `oldest_first`.
    pub by_due: bool,
    pub offset: u32,
    /// Rows per page; 0 means 50.
    pub limit: u32,
}

/// A checked query, in UTC instants and an FTS5 expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuery {
    pub from: Option<DateTime<Utc>>,
    pub to_exclusive: Option<DateTime<Utc>>,
    pub status: Option<Status>,
    pub criticality: Option<Criticality>,
    pub failure_type: Option<FailureType>,
    pub channel: Option<Channel>,
    pub rule_set: Option<RuleSet>,
    pub overdue: bool,
    pub fts: Option<String>,
    /// A number or BIN/IIN looked up before the words (issue 19 item 5).
    pub key: Option<SearchKey>,
    pub oldest_first: bool,
    pub by_due: bool,
    pub offset: u32,
    pub limit: u32,
}

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 1000;

/// An Astana calendar day from `DD.MM.YYYY` or `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

/// The UTC instant an Astana day starts.
pub fn day_start(day: NaiveDate) -> Option<DateTime<Utc>> {
    ASTANA
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Folds text for search so that case and letter forms do not matter: `Қ`/`қ`, `Ё`/`е`.
/// The same folding is applied to what is indexed and to what is searched.
pub fn fold_for_search(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// What callers say first (issue 19 item 5): the incident number in full, its last
/// digits (the sequence, leading zeros optional), or the organisation's BIN/IIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchKey {
    Number(String),
    Sequence(i64),
    BinIin(String),
}

/// The key a search text is, if it is one: `AST1-2026-000042` a number, up to six
/// digits its last digits, twelve digits a BIN/IIN. Anything else is searched as words.
pub fn search_key(text: &str) -> Option<SearchKey> {
    let t = text.trim();
    let digits = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if digits && t.len() == 12 {
        return Some(SearchKey::BinIin(t.to_owned()));
    }
    if digits && t.len() <= 6 {
        return t.parse().ok().filter(|n| *n > 0).map(SearchKey::Sequence);
    }
    let upper = t.to_uppercase();
    let parts: Vec<&str> = upper.split('-').collect();
    match parts.as_slice() {
        [code, year, seq]
            if !code.is_empty()
                && code.chars().all(|c| c.is_ascii_alphanumeric())
                && year.len() == 4
                && seq.len() == 6
                && year.chars().chain(seq.chars()).all(|c| c.is_ascii_digit()) =>
        {
            Some(SearchKey::Number(upper.clone()))
        }
        _ => None,
    }
}

/// Every typed word must occur, each as a prefix ("порт" finds "портал"). Quotes keep
/// FTS5 syntax characters typed by the user from being read as operators.
pub fn fts_expression(text: &str) -> Option<String> {
    let folded = fold_for_search(text);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl JournalQuery {
    pub fn validate(&self) -> Result<ValidQuery, Vec<FieldError>> {
        let mut c = Checker::default();
        let mut day = |field, s: &str| -> Option<NaiveDate> {
            if s.trim().is_empty() {
                return None;
            }
            let d = parse_day(s);
            if d.is_none() {
                c.fail(field, Problem::DateTimeFormat);
            }
            d
        };
        let from = day(Field::Date, &self.from).and_then(day_start);
        let to_exclusive = day(Field::Date, &self.to)
            .and_then(|d| d.succ_opt())
            .and_then(day_start);
        let limit = match self.limit {
            0 => DEFAULT_PAGE,
            n => n.min(MAX_PAGE),
        };
        c.finish(|| {
            Some(ValidQuery {
                from,
                to_exclusive,
                status: self.status,
                criticality: self.criticality,
                failure_type: self.failure_type,
                channel: self.channel,
                rule_set: self.rule_set,
                overdue: self.overdue,
                key: search_key(&self.text),
                fts: fts_expression(&self.text),
                oldest_first: self.oldest_first,
                by_due: self.by_due,
                offset: self.offset,
                limit,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ignores_case_and_yo() {
        assert_eq!(
            fold_for_search("ҚАЗАҚСТАН Ёлка ӘӨҮҰІҢҒҺ"),
            "қазақстан елка әөүұіңғһ"
        );
    }

    #[test]
    fn a_number_its_last_digits_or_a_bin_is_looked_up_not_searched_as_words() {
        // Issue 19 item 5: what callers say first.
        assert_eq!(
            search_key(" ast1-2026-000042 "),
            Some(SearchKey::Number("AST1-2026-000042".into()))
        );
        assert_eq!(search_key("42"), Some(SearchKey::Sequence(42)));
        assert_eq!(search_key("000042"), Some(SearchKey::Sequence(42)));
        assert_eq!(
            search_key("971240001315"),
            Some(SearchKey::BinIin("971240001315".into()))
        );
        for words in ["портал", "7011112233", "0", "AST1-2026-42", "ast 2026"] {
            assert_eq!(search_key(words), None, "{words}");
        }
        let q = JournalQuery {
            text: "971240001315".into(),
            ..Default::default()
        }
        .validate()
        .expect("valid");
        // The words stay: digits that name no appeal are searched as words (the store).
        assert!(q.fts.is_some() && q.key.is_some());
    }

    #[test]
    fn typed_words_become_quoted_prefixes() {
        assert_eq!(
            fts_expression("Қазақ  портал").as_deref(),
            Some("\"қазақ\"* \"портал\"*")
        );
        assert_eq!(
            fts_expression("OR \"NEAR(\"").as_deref(),
            Some("\"or\"* \"near\"*")
        );
        assert_eq!(fts_expression(" - "), None);
    }

    #[test]
    fn the_period_is_whole_astana_days() {
        let q = JournalQuery {
            from: "25.11.2026".into(),
            to: "2026-11-25".into(),
            ..Default::default()
        };
        let v = q.validate().expect("valid");
        assert_eq!(
            v.from.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-24T19:00:00+00:00")
        );
        assert_eq!(
            v.to_exclusive.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-25T19:00:00+00:00")
        );
        assert_eq!(v.limit, DEFAULT_PAGE);
        let bad = JournalQuery {
            from: "31.02.2026".into(),
            ..Default::default()
        };
        assert_eq!(bad.validate().expect_err("bad")[0].field, Field::Date);
    }
}
