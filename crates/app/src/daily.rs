//! The daily analysis of the previous day's failures (002 §43, 000 §33), judged as at the
//! end of that day.
//!
//! Everything is computed from the events that happened by 24:00 (Astana) of the day:
//! where each appeal stood then, its criticality then, and the duties overdue then. So the
//! analysis of a day says the same whether it is printed the next morning or a year later
//! (only an event recorded afterwards with an earlier instant can change it, and such an
//! entry is in the audit trail). Refuted appeals are not failures: they are listed apart
//! and left out of the counts.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use desk_journal::time::ASTANA;
use desk_journal::{AppealRow, Criticality, Field, FieldError, JournalQuery, Problem, Status};
use desk_store::EventRow;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clocks::{self, CLOCKS_REFUSED, ObligationState};
use crate::{AppError, Desk};

/// The daily analysis of one day's failures (002 §43, 000 §33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DailyReport {
    /// The day analysed, `DD.MM.YYYY`.
    pub date: String,
    /// The end of that day (24:00 Astana): every state below is as at this instant.
    pub as_at: DateTime<Utc>,
    /// The failures received that day, oldest first; refuted appeals are not among them.
    pub appeals: Vec<DailyRow>,
    /// Appeals received that day and refuted by its end: not failures (002 §32).
    pub refuted: Vec<DailyRow>,
    pub totals: DailyTotals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DailyRow {
    pub number: String,
    pub organisation: String,
    /// Where the appeal stood at the day's end.
    pub status: Status,
    /// The criticality confirmed by the day's end, if any.
    pub criticality: Option<Criticality>,
    /// Obligation ids past their due instant and not met at the day's end;
    /// `clocks_refused` when the rules refused the appeal's history.
    pub overdue: Vec<String>,
}

/// The day's failures counted by where they stood at its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DailyTotals {
    pub received: u32,
    /// Confirmed and not fixed yet.
    pub confirmed: u32,
    pub fixed: u32,
    /// Not fixed: awaiting triage or confirmed.
    pub open: u32,
    /// Overdue duties over all the day's failures.
    pub overdue: u32,
    pub refuted: u32,
}

/// The first instant after `day` in Astana: the analysis judges everything as at it.
pub(crate) fn end_of(day: NaiveDate) -> DateTime<Utc> {
    let next = day.succ_opt().unwrap_or(day);
    ASTANA
        .from_local_datetime(&next.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| next.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

impl Desk {
    /// The daily analysis (002 §43, 000 §33) of `date` (Astana; empty: yesterday), as at
    /// the end of that day.
    pub fn daily_report(&self, date: &str) -> Result<DailyReport, AppError> {
        let day = if date.trim().is_empty() {
            (Utc::now().with_timezone(&ASTANA) - Duration::days(1)).date_naive()
        } else {
            desk_journal::query::parse_day(date).ok_or_else(|| {
                AppError::from(FieldError::new(Field::Date, Problem::DateTimeFormat))
            })?
        };
        let cutoff = end_of(day);
        let iso = day.format("%Y-%m-%d").to_string();
        let mut report = DailyReport {
            date: day.format("%d.%m.%Y").to_string(),
            as_at: cutoff,
            appeals: Vec::new(),
            refuted: Vec::new(),
            totals: DailyTotals::default(),
        };
        let query = JournalQuery {
            from: iso.clone(),
            to: iso,
            oldest_first: true,
            ..Default::default()
        };
        self.each_appeal(query, |row| self.analyse(row, cutoff, &mut report))?;
        Ok(report)
    }

    /// Adds `row` to `report` as it stood at `cutoff`.
    fn analyse(
        &self,
        row: &AppealRow,
        cutoff: DateTime<Utc>,
        report: &mut DailyReport,
    ) -> Result<(), AppError> {
        let id = row.id.to_string();
        let events = self.store.events(&id)?;
        let by_then = |e: &EventRow| e.at < cutoff;
        let mut happened: Vec<&EventRow> = events.iter().filter(|e| by_then(e)).collect();
        // The order they were recorded in decides, as it did for the journal's status.
        happened.sort_by_key(|e| (e.recorded_at, e.id));
        let stage = Status::handling(happened.iter().map(|e| e.kind));
        let status = Status::of(happened.iter().map(|e| e.kind));
        let criticality = happened
            .iter()
            .rev()
            .find_map(|e| e.confirmation.map(|c| c.criticality));

        // 002 §38: a pause on the problem's first appeal reaches this linked report.
        let clocked: Vec<EventRow> =
            clocks::with_problem_pauses(&events, &self.store.problem_pauses(&id)?)
                .into_iter()
                .filter(by_then)
                .collect();
        let first = self.store.first_registered_at(&id)?;
        let support = self.support_periods(row)?;
        let computed = clocks::compute(row, &clocked, first, &support);
        let overdue: Vec<String> = if computed.refused.is_some() {
            vec![CLOCKS_REFUSED.to_owned()]
        } else {
            computed
                .obligations
                .iter()
                // A paused duty is never overdue (002 §38): it is not pending.
                .filter(|o| {
                    o.state == ObligationState::Pending && o.due.is_some_and(|d| d < cutoff)
                })
                .map(|o| o.id.clone())
                .collect()
        };
        let line = DailyRow {
            number: row.number.clone(),
            organisation: row.organisation.clone(),
            status,
            criticality,
            overdue,
        };
        let totals = &mut report.totals;
        if stage == Status::Refuted {
            totals.refuted += 1;
            report.refuted.push(line);
            return Ok(());
        }
        totals.received += 1;
        totals.overdue += u32::try_from(line.overdue.len()).unwrap_or(u32::MAX);
        match stage {
            Status::Fixed => totals.fixed += 1,
            Status::Confirmed => {
                totals.confirmed += 1;
                totals.open += 1;
            }
            _ => totals.open += 1,
        }
        report.appeals.push(line);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::path::Path;

    use desk_i18n::Lang;
    use desk_journal::{EventKind, NewAppeal, TriageForm};
    use desk_store::Actor;
    use desk_testkit::rows::{at, new_appeal};

    use super::*;

    fn desk(dir: &Path) -> Desk {
        let mut desk = Desk::open(Some(dir)).unwrap().with_user("boss");
        desk.set_workstation("AST1").unwrap();
        desk.set_language(Lang::Ru).unwrap();
        desk
    }

    fn boss() -> Actor {
        Actor {
            user: "boss".into(),
        }
    }

    /// An appeal under QUASI-1216 received and registered at `received` (Astana); with
    /// `analysis` it is triaged ten minutes later. Returns its id and number.
    fn appeal(desk: &mut Desk, received: &str, analysis: Option<&str>) -> (String, String) {
        let now = at(received);
        let valid = NewAppeal {
            rule_set: "QUASI-1216".into(),
            ..new_appeal(now)
        }
        .validate(now)
        .unwrap();
        let row = desk.store.register_appeal(&valid, &boss(), now).unwrap();
        let id = row.id.to_string();
        if let Some(analysis) = analysis {
            let then = now + Duration::minutes(10);
            let confirmed = analysis == "confirmed";
            let triage = TriageForm {
                analysis: analysis.into(),
                at: desk_journal::time::to_astana_display(then),
                criticality: if confirmed { "medium" } else { "" }.into(),
                failure_type: if confirmed {
                    "operator_unlawful_actions"
                } else {
                    ""
                }
                .into(),
                decision: "Решение".into(),
                supporting_info: if confirmed {
                    ""
                } else {
                    "Журналы сервера"
                }
                .into(),
                ..Default::default()
            }
            .validate(then, row.received_at)
            .unwrap();
            desk.store.triage(&id, &triage, &boss(), then).unwrap();
        }
        (id, row.number)
    }

    fn record(desk: &mut Desk, id: &str, kind: EventKind, when: &str) {
        desk.store
            .record_event(id, kind, at(when), &boss(), at(when))
            .unwrap();
    }

    #[test]
    fn the_daily_analysis_judges_each_failure_as_at_the_end_of_its_day() {
        // 002 §43, 000 §33: the analysis of Tuesday 10 March 2026.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let (open, open_no) = appeal(&mut desk, "10.03.2026 10:00", Some("confirmed"));
        let (fixed, fixed_no) = appeal(&mut desk, "10.03.2026 12:00", Some("confirmed"));
        record(&mut desk, &fixed, EventKind::Fixed, "10.03.2026 23:59");
        let (_, refuted_no) = appeal(&mut desk, "10.03.2026 11:00", Some("refuted"));
        appeal(&mut desk, "11.03.2026 00:00", None);

        let before = desk.daily_report("10.03.2026").unwrap();
        // What happened from 24:00 on changes nothing: the open failure is fixed at the
        // stroke of midnight and its incident ID sent the next morning, yet the analysis of
        // the 10th says the same.
        record(&mut desk, &open, EventKind::Fixed, "11.03.2026 00:00");
        record(&mut desk, &open, EventKind::IdSent, "11.03.2026 09:00");
        let after = desk.daily_report("10.03.2026").unwrap();
        assert_eq!(before, after);

        assert_eq!(after.date, "10.03.2026");
        assert_eq!(after.as_at, at("11.03.2026 00:00"));
        let numbers: Vec<&str> = after.appeals.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(numbers, [open_no.as_str(), fixed_no.as_str()]);
        let open_line = &after.appeals[0];
        assert_eq!(open_line.status, Status::Confirmed);
        assert_eq!(open_line.criticality, Some(Criticality::Medium));
        // 000 §17 / 002 §30: the ID e-mail was due on the 10th and not sent by its end.
        assert!(
            open_line.overdue.iter().any(|o| o == "send_incident_id"),
            "{open_line:?}"
        );
        assert_eq!(after.appeals[1].status, Status::Fixed);
        // 002 §32: a refuted appeal is listed apart and not counted as a failure.
        let refuted: Vec<&str> = after.refuted.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(refuted, [refuted_no.as_str()]);
        let t = after.totals;
        assert_eq!(
            (t.received, t.confirmed, t.fixed, t.open, t.refuted),
            (2, 1, 1, 1, 1)
        );
        assert_eq!(
            t.overdue as usize,
            after.appeals.iter().map(|a| a.overdue.len()).sum::<usize>()
        );
        // The live journal meanwhile shows where the appeal stands now.
        assert_eq!(
            desk.appeal_detail(&open).unwrap().appeal.status,
            Status::Fixed
        );
    }

    #[test]
    fn the_end_of_a_day_is_midnight_in_astana() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        assert_eq!(end_of(day), at("11.03.2026 00:00"));
    }
}
