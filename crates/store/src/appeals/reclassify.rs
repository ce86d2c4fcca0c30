//! A confirmed failure reclassified (002 §35.1, §36.1–2, §37.3, 000 §26.3; deadlines.md
//! §3.8): a new version with the new level (and type, and the fault it implies), and the
//! `reclassified` event that starts the new level's duties, with its reason.

use chrono::{DateTime, Utc};
use desk_journal::{
    AppealRow, EventKind, FailureType, Field, FieldError, Problem, Status, ValidReclassification,
};
use rusqlite::OptionalExtension;
use rusqlite::types::Value;

use super::new_version;
use crate::{Actor, Result, Store, StoreError, audit, events, projection, ts};

impl Store {
    /// Records a reclassification. Refused, naming the field, unless the failure was
    /// confirmed (a registered or refuted appeal has no level to change) and the appeal
    /// is not closed. Nothing earlier is rewritten: the confirmation keeps its level.
    pub fn reclassify(
        &mut self,
        appeal_id: &str,
        r: &ValidReclassification,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.change_appeal(appeal_id, |tx, workstation| {
            let (criticality, failure_type, operator_fault): (
                Option<String>,
                Option<String>,
                Option<bool>,
            ) = tx
                .query_row(
                    "SELECT v.criticality, v.failure_type, v.operator_fault FROM appeal_heads h
                     JOIN appeal_versions v ON v.version_id = h.version_id WHERE h.appeal_id = ?1",
                    [appeal_id],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(appeal_id.to_owned()))?;
            let history = events::events_in(tx, appeal_id)?;
            let refuse = |field, problem| Err(StoreError::Refused(FieldError::new(field, problem)));
            if projection::status_of(&history) == Status::Closed {
                return refuse(Field::Event, Problem::AppealClosed);
            }
            // deadlines.md §3.8: only a confirmed failure has a level to change.
            let confirmed_at = history
                .iter()
                .filter(|e| e.kind == EventKind::Confirmed)
                .map(|e| e.at)
                .min();
            match confirmed_at {
                None => return refuse(Field::Criticality, Problem::NotConfirmed),
                Some(c) if r.at < c => return refuse(Field::EventAt, Problem::BeforeConfirmation),
                Some(_) => {}
            }
            // 002 §26, §38: a new type brings its fault; without one the fault stays.
            let fault = match r.failure_type {
                Some(t) => t.operator_dependent(),
                None => operator_fault.unwrap_or(false),
            };
            let mut set = vec![
                ("criticality", Value::Text(r.criticality.code().to_owned())),
                ("operator_fault", Value::Integer(i64::from(fault))),
            ];
            if let Some(t) = r.failure_type {
                set.push(("failure_type", Value::Text(t.code().to_owned())));
            }
            let version_id = new_version(tx, appeal_id, &set, actor, workstation, now)?;
            let details = serde_json::json!({
                "criticality": r.criticality.code(),
                "failure_type": r.failure_type.map(FailureType::code),
                "operator_fault": fault,
                "reason": r.reason,
            });
            let event = events::insert_event(
                tx,
                appeal_id,
                EventKind::Reclassified,
                r.at,
                now,
                actor,
                workstation,
                &details,
            )?;
            let mut changes = serde_json::json!({
                "event": [null, EventKind::Reclassified.code()],
                "at": [null, ts(r.at)],
                "criticality": [criticality, r.criticality.code()],
                "operator_fault": [operator_fault, fault],
                "reclassify_reason": [null, r.reason],
            });
            if let Some(t) = r.failure_type {
                changes["failure_type"] = serde_json::json!([failure_type, t.code()]);
            }
            audit::insert(
                tx,
                now,
                actor,
                workstation,
                "appeal",
                appeal_id,
                Some(version_id),
                "reclassify",
                &changes,
                audit::Rows {
                    event: Some(&event),
                    row: None,
                },
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testing::{actor, confirm, register, store, t};
    use desk_journal::Criticality;

    fn reclassification(
        level: Criticality,
        at: &str,
        t_: Option<FailureType>,
    ) -> ValidReclassification {
        ValidReclassification {
            at: t(at),
            criticality: level,
            failure_type: t_,
            reason: "Сбой затронул все модули".into(),
        }
    }

    #[test]
    fn s35_1_s37_3_a_reclassification_is_a_new_version_and_an_event_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let id = register(&mut s, "ТОО «Сапа»", "Портал недоступен");
        // Not confirmed yet: nothing to reclassify.
        let r = reclassification(Criticality::High, "20.11.2026 11:30", None);
        let e = s
            .reclassify(&id, &r, &actor(), t("20.11.2026 11:31"))
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::Refused(f) if f.problem == Problem::NotConfirmed),
            "{e:?}"
        );
        confirm(&mut s, &id, "medium");
        // Before the confirmation: refused, naming the instant.
        let early = reclassification(Criticality::High, "20.11.2026 10:50", None);
        assert!(
            s.reclassify(&id, &early, &actor(), t("20.11.2026 11:31"))
                .is_err()
        );
        let typed = reclassification(
            Criticality::High,
            "20.11.2026 11:30",
            Some(FailureType::OperatorPhysicalDamage),
        );
        let row = s
            .reclassify(&id, &typed, &actor(), t("20.11.2026 11:31"))
            .unwrap();
        assert_eq!(
            (row.criticality, row.operator_fault, row.status),
            (Some(Criticality::High), Some(true), Status::Confirmed)
        );
        let events = s.events(&id).unwrap();
        let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::Registered,
                EventKind::Confirmed,
                EventKind::Reclassified
            ]
        );
        // The confirmation keeps what it recorded; the reclassification carries its own.
        assert_eq!(
            events[1].confirmation.unwrap().criticality,
            Criticality::Medium
        );
        let re = events[2].confirmation.unwrap();
        assert_eq!(
            (re.criticality, re.operator_fault, re.failure_type),
            (
                Criticality::High,
                true,
                Some(FailureType::OperatorPhysicalDamage)
            )
        );
        let actions: Vec<String> = s
            .history(&id)
            .unwrap()
            .into_iter()
            .map(|h| h.action)
            .collect();
        assert_eq!(actions, ["register", "triage", "reclassify"]);
        let check = s.verify(None, &mut |_| {}).unwrap();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
    }
}
