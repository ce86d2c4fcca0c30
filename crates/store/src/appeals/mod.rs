//! Appeals: reading the current state of one ([`appeal_in`]), registering them
//! ([`registration`]) and changing them by new versions ([`changes`]).

mod changes;
pub use changes::EventMail;
pub(crate) use changes::Mailing;
mod reclassify;
mod registration;

pub(crate) use changes::new_version;

use chrono::{DateTime, Utc};
use desk_journal::{AppealRow, Channel, Criticality, FailureType, RuleSet, Source, Status};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::{Result, Store, StoreError, coded, parse_ts, parse_uuid};

/// Columns of one current appeal, in the order [`appeal_row`] reads them.
pub(crate) const SELECT_CURRENT: &str = "SELECT a.id, a.number, v.organisation, v.bin_iin, v.received_at, v.contact, v.decision,
    v.failure_type, v.recommendations, v.channel, v.description, v.version_id, a.created_at, v.recorded_at,
    v.source, v.contact_person, v.email, v.phone, v.detected_at, v.portal_module, v.announcements, v.lots,
    v.procurement_method, v.rule_set, p.number, h.status, v.criticality, v.operator_fault, v.supporting_info,
    h.next_due
    FROM appeal_heads h
    JOIN appeals a ON a.id = h.appeal_id
    JOIN appeal_versions v ON v.version_id = h.version_id
    LEFT JOIN appeals p ON p.id = v.problem_id";

pub(crate) fn appeal_row(r: &Row<'_>) -> rusqlite::Result<AppealRow> {
    let received_at = parse_ts(&r.get::<_, String>(4)?)?;
    let opt_ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        r.get::<_, Option<String>>(i)?
            .map(|s| parse_ts(&s))
            .transpose()
    };
    Ok(AppealRow {
        id: parse_uuid(&r.get::<_, String>(0)?)?,
        number: r.get(1)?,
        organisation: r.get(2)?,
        bin_iin: r.get(3)?,
        received_at,
        received_at_astana: desk_journal::time::to_astana_display(received_at),
        contact: r.get(5)?,
        decision: r.get(6)?,
        failure_type: r
            .get::<_, Option<String>>(7)?
            .map(|s| coded(7, &s, FailureType::from_code))
            .transpose()?,
        recommendations: r.get(8)?,
        channel: coded(9, &r.get::<_, String>(9)?, Channel::from_code)?,
        description: r.get(10)?,
        version_id: parse_uuid(&r.get::<_, String>(11)?)?,
        created_at: parse_ts(&r.get::<_, String>(12)?)?,
        updated_at: parse_ts(&r.get::<_, String>(13)?)?,
        source: coded(14, &r.get::<_, String>(14)?, Source::from_code)?,
        contact_person: r.get(15)?,
        email: r.get(16)?,
        phone: r.get(17)?,
        detected_at: opt_ts(18)?,
        portal_module: r.get(19)?,
        announcements: r.get(20)?,
        lots: r.get(21)?,
        procurement_method: r.get(22)?,
        rule_set: coded(23, &r.get::<_, String>(23)?, RuleSet::from_code)?,
        linked_to: r.get(24)?,
        status: coded(25, &r.get::<_, String>(25)?, Status::from_code)?,
        criticality: r
            .get::<_, Option<String>>(26)?
            .map(|s| coded(26, &s, Criticality::from_code))
            .transpose()?,
        operator_fault: r.get(27)?,
        supporting_info: r.get(28)?,
        next_due: opt_ts(29)?,
    })
}

/// The appeal as it now stands, inside or outside a write.
pub(crate) fn appeal_in(c: &Connection, id: &str) -> Result<Option<AppealRow>> {
    Ok(
        c.prepare_cached(&format!("{SELECT_CURRENT} WHERE h.appeal_id = ?1"))?
            .query_row([id], appeal_row)
            .optional()?,
    )
}

/// The id of the appeal with this incident number.
pub(crate) fn appeal_id_by_number(tx: &Connection, number: &str) -> Result<String> {
    tx.query_row("SELECT id FROM appeals WHERE number = ?1", [number], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound(number.to_owned()))
}

impl Store {
    pub fn appeal(&self, id: &str) -> Result<Option<AppealRow>> {
        appeal_in(&self.conn, id)
    }

    pub fn appeal_by_number(&self, number: &str) -> Result<AppealRow> {
        self.conn
            .query_row(
                &format!("{SELECT_CURRENT} WHERE a.number = ?1"),
                [number.trim().to_uppercase()],
                appeal_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(number.to_owned()))
    }
}
