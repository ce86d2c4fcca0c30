//! Grounds to disconnect a trading platform, found in the journal (003 App. 7 §47.3, §48):
//! the confirmed ETP-CC failures of each platform (the appeal's portal or module names
//! it), their days from when each began to its fix, and the streaks of more than 7
//! calendar days `desk-commission` finds in them — proposals for the Commission, worded
//! in the user's language with the 5 WD the decision is due in.

use chrono::{DateTime, NaiveDate, Utc};
use desk_commission::disconnection::{Failure, Streak, streaks};
use desk_i18n::{Lang, tr};
use desk_journal::time::ASTANA;
use desk_journal::{EventKind, JournalQuery, RuleSet, Status};
use serde::Serialize;
use ts_rs::TS;

use super::parse_date;
use crate::{AppError, Desk};

/// One ground as the secretary reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DisconnectionGround {
    pub streak: Streak,
    /// The decision's due day is past.
    pub overdue: bool,
    /// The ground in words, with its clauses.
    pub text: String,
}

fn day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&ASTANA).date_naive()
}

fn ddmmyyyy(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

impl Desk {
    /// The grounds found on `as_of` (`DD.MM.YYYY` or `YYYY-MM-DD`; empty: today).
    pub fn commission_disconnection_grounds(
        &self,
        as_of: &str,
        lang: Lang,
    ) -> Result<Vec<DisconnectionGround>, AppError> {
        let today = day(Utc::now());
        let as_of = if as_of.trim().is_empty() {
            today
        } else {
            parse_date("as_of", as_of)?
        };
        let cutoff = crate::daily::end_of(as_of);
        let mut failures = Vec::new();
        let etp_cc = JournalQuery {
            rule_set: Some(RuleSet::EtpCc),
            oldest_first: true,
            ..Default::default()
        };
        self.each_appeal(etp_cc, |row| {
            let mut events = self.store.events(&row.id.to_string())?;
            events.retain(|e| e.at < cutoff);
            events.sort_by_key(|e| (e.recorded_at, e.id));
            let stage = Status::handling(events.iter().map(|e| e.kind));
            // Only confirmed failures are failures; a refuted appeal is none (002 §32).
            if !matches!(stage, Status::Confirmed | Status::Fixed) {
                return Ok(());
            }
            let began = row
                .detected_at
                .map_or(row.received_at, |d| d.min(row.received_at));
            let fixed = (stage == Status::Fixed)
                .then(|| {
                    events
                        .iter()
                        .filter(|e| e.kind == EventKind::Fixed)
                        .map(|e| e.at)
                        .max()
                })
                .flatten();
            failures.push(Failure {
                platform: row.portal_module.clone(),
                number: row.number.clone(),
                from: day(began),
                to: fixed.map(day),
            });
            Ok(())
        })?;
        Ok(streaks(&failures, as_of)
            .into_iter()
            .map(|streak| DisconnectionGround {
                overdue: streak.decide_by < today,
                text: tr(
                    lang,
                    "commission-ground-streak",
                    &[
                        ("platform", &streak.platform),
                        ("days", &streak.days.to_string()),
                        ("from", &ddmmyyyy(streak.from)),
                        ("to", &ddmmyyyy(streak.to)),
                        ("appeals", &streak.appeals.join(", ")),
                        ("due", &ddmmyyyy(streak.decide_by)),
                    ],
                ),
                streak,
            })
            .collect())
    }
}
