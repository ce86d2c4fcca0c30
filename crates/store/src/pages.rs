//! Journal pages: the whole journal, one page of it (filters, full-text search, sort,
//! paging), and the appeals whose clocks are due soon. Read from the projection.

use chrono::{DateTime, Utc};
use desk_journal::{AppealRow, SearchKey, ValidQuery};
use rusqlite::params;

use crate::appeals::{SELECT_CURRENT, appeal_row};
use crate::{Result, Store, ts};

impl Store {
    /// The whole journal, newest registration first.
    pub fn appeals(&self) -> Result<Vec<AppealRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_CURRENT} ORDER BY h.received_at DESC, a.number DESC"
        ))?;
        let rows = stmt
            .query_map([], appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One page of the journal: filters, full-text search, sort and paging, at `now`. A
    /// number or BIN/IIN typed as the search (issue 19 item 5) is looked up first; digits
    /// that name no appeal may be part of a phone number or a word, and are then searched
    /// as words.
    pub fn list(&self, q: &ValidQuery, now: DateTime<Utc>) -> Result<Vec<AppealRow>> {
        if q.key.is_none() {
            return self.page(q, now);
        }
        let by_key = ValidQuery {
            fts: None,
            ..q.clone()
        };
        let rows = self.page(&by_key, now)?;
        if !rows.is_empty() || q.offset > 0 || q.fts.is_none() {
            return Ok(rows);
        }
        let by_words = ValidQuery {
            key: None,
            ..q.clone()
        };
        self.page(&by_words, now)
    }

    fn page(&self, q: &ValidQuery, now: DateTime<Utc>) -> Result<Vec<AppealRow>> {
        let filters = [
            q.status.is_some(),
            q.criticality.is_some(),
            q.failure_type.is_some(),
            q.channel.is_some(),
            q.rule_set.is_some(),
        ]
        .iter()
        .filter(|f| **f)
        .count();
        let mut sql = if q.fts.is_some() {
            format!("{SELECT_CURRENT} JOIN appeal_search ON appeal_search.rowid = h.n WHERE 1 = 1")
        } else if filters >= 2 && !q.by_due && q.key.is_none() {
            // Several filters together are rare rows spread over the whole journal: the
            // planner's single-column choice then reads the table row by row, while the
            // covering page index (migration 003) tests them all inside the index.
            SELECT_CURRENT.replacen(
                "FROM appeal_heads h",
                "FROM appeal_heads h INDEXED BY heads_page",
                1,
            ) + " WHERE 1 = 1"
        } else {
            format!("{SELECT_CURRENT} WHERE 1 = 1")
        };
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut cond = |sql: &mut String, clause: &str, v: rusqlite::types::Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(t) = q.from {
            cond(&mut sql, " AND h.received_at >= ?", ts(t).into());
        }
        if let Some(t) = q.to_exclusive {
            cond(&mut sql, " AND h.received_at < ?", ts(t).into());
        }
        if let Some(s) = q.status {
            cond(&mut sql, " AND h.status = ?", s.code().to_owned().into());
        }
        if let Some(c) = q.criticality {
            cond(
                &mut sql,
                " AND h.criticality = ?",
                c.code().to_owned().into(),
            );
        }
        if let Some(f) = q.failure_type {
            cond(
                &mut sql,
                " AND h.failure_type = ?",
                f.code().to_owned().into(),
            );
        }
        if let Some(c) = q.channel {
            cond(&mut sql, " AND h.channel = ?", c.code().to_owned().into());
        }
        if let Some(r) = q.rule_set {
            cond(&mut sql, " AND h.rule_set = ?", r.code().to_owned().into());
        }
        if q.overdue {
            cond(&mut sql, " AND h.next_due < ?", ts(now).into());
        }
        // A number or BIN/IIN (issue 19 item 5), each through its own index (migration 012).
        match &q.key {
            Some(SearchKey::Number(n)) => cond(&mut sql, " AND a.number = ?", n.clone().into()),
            Some(SearchKey::Sequence(n)) => cond(&mut sql, " AND a.sequence = ?", (*n).into()),
            Some(SearchKey::BinIin(b)) => cond(&mut sql, " AND v.bin_iin = ?", b.clone().into()),
            None => {}
        }
        let order = if q.oldest_first { "ASC" } else { "DESC" };
        if q.by_due && q.fts.is_none() {
            return self.by_due(&sql, args, q);
        }
        if let Some(fts) = &q.fts {
            // Search results come in registration order: FTS5 then walks its index in
            // rowid order and stops after one page, instead of collecting every match of
            // a common word and sorting them.
            cond(&mut sql, " AND appeal_search MATCH ?", fts.clone().into());
            let order = if q.by_due {
                "h.next_due IS NULL, h.next_due, h.n".to_owned()
            } else {
                format!("appeal_search.rowid {order}")
            };
            sql.push_str(&format!(
                " ORDER BY {order} LIMIT {} OFFSET {}",
                q.limit, q.offset
            ));
        } else {
            sql.push_str(&format!(
                " ORDER BY h.received_at {order}, h.n {order} LIMIT {} OFFSET {}",
                q.limit, q.offset
            ));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The queue by urgency (issue 19 item 4): the filtered appeals with a next due in
    /// `(next_due, n)` order, which the `heads_next_due` index holds (the row key is in
    /// it), so a page reads as many index entries as it shows and a cursor of the last
    /// row's pair can replace the offset; then those with nothing due, newest first.
    fn by_due(
        &self,
        filtered: &str,
        args: Vec<rusqlite::types::Value>,
        q: &ValidQuery,
    ) -> Result<Vec<AppealRow>> {
        let page = |sql: String| -> Result<Vec<AppealRow>> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), appeal_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        };
        let mut rows = page(format!(
            "{filtered} AND h.next_due IS NOT NULL ORDER BY h.next_due, h.n LIMIT {} OFFSET {}",
            q.limit, q.offset
        ))?;
        let missing = q.limit as usize - rows.len();
        if missing == 0 {
            return Ok(rows);
        }
        // Past the due ones: how many there are tells where the rest's page starts.
        // The filters read the head alone: counted in the index, without the joins; a
        // number or BIN/IIN (issue 19 item 5) reads the appeal and its version too.
        let conditions = filtered.find(" WHERE 1 = 1").map_or("", |i| &filtered[i..]);
        let joins = if q.key.is_some() {
            " JOIN appeals a ON a.id = h.appeal_id JOIN appeal_versions v ON v.version_id = h.version_id"
        } else {
            ""
        };
        let due: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM appeal_heads h{joins}{conditions} AND h.next_due IS NOT NULL"
            ))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let offset = i64::from(q.offset).saturating_sub(due).max(0);
        rows.extend(page(format!(
            "{filtered} AND h.next_due IS NULL ORDER BY h.received_at DESC, h.n DESC LIMIT {missing} OFFSET {offset}"
        ))?);
        Ok(rows)
    }

    /// Appeals whose next due instant falls in `[from, to)`: what the desktop alert
    /// announces ("due within 15 minutes").
    pub fn due_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AppealRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_CURRENT} WHERE h.next_due >= ?1 AND h.next_due < ?2 ORDER BY h.next_due"
        ))?;
        let rows = stmt
            .query_map(params![ts(from), ts(to)], appeal_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Appeals that still have a pending obligation, for recomputing clocks.
    pub fn open_appeal_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT appeal_id FROM appeal_heads WHERE status <> 'closed'")?;
        let rows = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
