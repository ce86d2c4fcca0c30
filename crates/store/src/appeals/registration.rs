//! Registering appeals (002 §27–28): the next incident number of this workstation and
//! year, the identity, the first version, the `registered` event and the audit row, then
//! the projection, in one transaction; with the files to attach, their rows too.

use std::path::Path;

use chrono::{DateTime, Utc};
use desk_journal::{AppealRow, EventKind, IncidentNumber, ValidAppeal, WorkstationCode};
use rusqlite::{Transaction, params};
use uuid::Uuid;

use super::appeal_id_by_number;
use crate::attachments::{self, Staged};
use crate::{Actor, Result, Store, StoreError, audit, events, links, projection, ts};

impl Store {
    /// Registers an appeal: assigns the next incident number of this workstation and
    /// year, and writes the identity, the first version, the `registered` event, the
    /// projections and the audit row in one transaction.
    pub fn register_appeal(
        &mut self,
        appeal: &ValidAppeal,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.register_appeal_with_attachments(appeal, &[], actor, now)
    }

    /// Registers an appeal with its files attached, all in one transaction: every file is
    /// copied in first, so one that cannot be read refuses the whole registration and
    /// nothing is written (issue 11 item 5).
    pub fn register_appeal_with_attachments(
        &mut self,
        appeal: &ValidAppeal,
        files: &[&Path],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        self.register_appeal_with_mail(appeal, files, |_, _| None, actor, now)
    }

    /// Registers an appeal as [`Store::register_appeal_with_attachments`] does and queues
    /// the message `mail` makes from its id and incident number (the incident ID to the
    /// user, 002 §30) in the same transaction: no registration without its e-mail queued,
    /// no e-mail about an appeal that was not registered.
    pub fn register_appeal_with_mail(
        &mut self,
        appeal: &ValidAppeal,
        files: &[&Path],
        mail: impl FnOnce(&str, &str) -> Option<crate::NewMail>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<AppealRow> {
        let workstation = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let mut staged = files
            .iter()
            .map(|f| Staged::copy(self.data_dir(), f))
            .collect::<Result<Vec<_>>>()?;
        let tx = write_tx!(self);
        let id = register_in(&tx, &workstation, appeal, actor, now)?;
        for s in &staged {
            attachments::insert_in(&tx, &id, s, actor, workstation.as_str(), now)?;
        }
        let number: String =
            tx.query_row("SELECT number FROM appeals WHERE id = ?1", [&id], |r| {
                r.get(0)
            })?;
        if let Some(m) = mail(&id, &number) {
            crate::mail::queue_in(&tx, &m, actor, workstation.as_str(), now)?;
        }
        projection::rebuild_head(&tx, self.clocks.as_ref(), &id)?;
        for s in &mut staged {
            s.place(&self.dir)?;
        }
        tx.commit()?;
        staged.into_iter().for_each(Staged::committed);
        self.appeal(&id)?
            .ok_or_else(|| StoreError::Corrupt(format!("appeal {id} vanished")))
    }

    /// Registers many appeals in one transaction (imports, the benchmark's generator):
    /// each exactly as [`Store::register_appeal`] would, numbers, events, projection,
    /// search and audit chain included. `now` gives each appeal's registration instant.
    pub fn register_appeals_bulk<'a>(
        &mut self,
        appeals: impl IntoIterator<Item = (&'a ValidAppeal, DateTime<Utc>)>,
        actor: &Actor,
    ) -> Result<usize> {
        let workstation = self.workstation()?.ok_or(StoreError::WorkstationNotSet)?;
        let tx = write_tx!(self);
        let mut n = 0;
        for (appeal, now) in appeals {
            let id = register_in(&tx, &workstation, appeal, actor, now)?;
            // Each appeal's projection before the next is registered: a later appeal of
            // the same batch may be linked to it.
            projection::rebuild_head(&tx, self.clocks.as_ref(), &id)?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }
}

/// Writes everything of a registration but its projection; returns the appeal id.
fn register_in(
    tx: &Transaction<'_>,
    workstation: &WorkstationCode,
    appeal: &ValidAppeal,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<String> {
    let workstation = workstation.clone();
    let problem_id = match &appeal.linked_to {
        Some(number) => {
            let first = appeal_id_by_number(tx, number)?;
            Some(links::problem_root(tx, &first)?)
        }
        None => None,
    };
    let year = IncidentNumber::new(workstation.clone(), now, 0).year;
    let next: i64 = tx.query_row(
        "SELECT COALESCE(MAX(sequence), 0) + 1 FROM appeals WHERE workstation = ?1 AND year = ?2",
        params![workstation.as_str(), year],
        |r| r.get(0),
    )?;
    let sequence =
        u32::try_from(next).map_err(|_| StoreError::Corrupt(format!("sequence {next}")))?;
    let number = IncidentNumber::new(workstation.clone(), now, sequence).to_string();
    let id = Uuid::now_v7().to_string();
    let version_id = Uuid::now_v7();
    tx.execute(
        "INSERT INTO appeals(id, number, workstation, year, sequence, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, number, workstation.as_str(), year, sequence, ts(now)],
    )?;
    tx.execute(
        "INSERT INTO appeal_versions(version_id, appeal_id, parent_version_id, author, workstation, recorded_at,
            organisation, bin_iin, received_at, channel, contact, description, source, contact_person, email,
            phone, detected_at, portal_module, announcements, lots, procurement_method, rule_set, problem_id)
         VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, ?22)",
        params![
            version_id.to_string(),
            id,
            actor.user,
            workstation.as_str(),
            ts(now),
            appeal.organisation,
            appeal.bin_iin.as_str(),
            ts(appeal.received_at),
            appeal.channel.code(),
            appeal.contact,
            appeal.description,
            appeal.source.code(),
            appeal.contact_person,
            appeal.email,
            appeal.phone,
            appeal.detected_at.map(ts),
            appeal.portal_module,
            appeal.announcements,
            appeal.lots,
            appeal.procurement_method,
            appeal.rule_set.code(),
            problem_id,
        ],
    )?;
    let event = events::insert_event(
        tx,
        &id,
        EventKind::Registered,
        now,
        now,
        actor,
        workstation.as_str(),
        &serde_json::json!({}),
    )?;
    let changes = serde_json::json!({
        "number": [null, number],
        "organisation": [null, appeal.organisation],
        "bin_iin": [null, appeal.bin_iin.as_str()],
        "received_at": [null, ts(appeal.received_at)],
        "channel": [null, appeal.channel.code()],
        "source": [null, appeal.source.code()],
        "contact": [null, appeal.contact],
        "description": [null, appeal.description],
        "rule_set": [null, appeal.rule_set.code()],
        "linked_to": [null, appeal.linked_to],
    });
    audit::insert(
        tx,
        now,
        actor,
        workstation.as_str(),
        "appeal",
        &id,
        Some(version_id),
        "register",
        &changes,
        audit::Rows {
            event: Some(&event),
            row: None,
        },
    )?;
    Ok(id)
}
