//! Stage 3's check of the full-text index, word for word (issue 11 item 2: "every
//! projection rebuilds to what is stored"). The index is contentless — it keeps the
//! words and where they stand, not the text — so it cannot be read back and compared
//! with the appeals. Instead the check builds a second index of the same definition (read
//! from the schema, so tokenizer and columns are the journal's own) from what each
//! appeal's history says its entry must hold, and walks the two indexes' words side by
//! side through SQLite's `fts5vocab` tables: every (word, appeal) with its columns and
//! offsets must be in both. The copy is a TEMP table (on disk beside SQLite's other
//! temporary files) and both walks stream, so memory stays bounded.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, Rows};

use crate::{Result, StoreError};

/// The search entries found to differ, by the projection key `appeal_heads.n`. At most
/// this many are named; more only make the count "at least".
const MAX_NAMED: usize = 10_000;

pub(super) struct ExpectedIndex<'c> {
    c: &'c Connection,
}

/// One word in one appeal: its columns and offsets, in the index's order.
struct Group {
    term: String,
    doc: i64,
    places: Vec<(String, i64)>,
}

struct Groups<'s> {
    rows: Rows<'s>,
    next: Option<(String, i64, String, i64)>,
}

impl<'s> Groups<'s> {
    fn new(mut rows: Rows<'s>) -> Result<Groups<'s>> {
        let next = read(&mut rows)?;
        Ok(Groups { rows, next })
    }

    fn next_group(&mut self) -> Result<Option<Group>> {
        let Some((term, doc, col, offset)) = self.next.take() else {
            return Ok(None);
        };
        let mut group = Group {
            term,
            doc,
            places: vec![(col, offset)],
        };
        loop {
            match read(&mut self.rows)? {
                Some((t, d, col, offset)) if t == group.term && d == group.doc => {
                    group.places.push((col, offset));
                }
                other => {
                    self.next = other;
                    return Ok(Some(group));
                }
            }
        }
    }
}

fn read(rows: &mut Rows<'_>) -> Result<Option<(String, i64, String, i64)>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        None => None,
    })
}

impl<'c> ExpectedIndex<'c> {
    /// An empty index defined as `appeal_search` is, and the word lists of both.
    pub fn create(c: &'c Connection) -> Result<ExpectedIndex<'c>> {
        let sql: String = c
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'appeal_search'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Corrupt("the search index is missing".into()))?;
        let definition = sql
            .strip_prefix("CREATE VIRTUAL TABLE appeal_search")
            .ok_or_else(|| StoreError::Corrupt(format!("unexpected search index: {sql}")))?;
        let index = ExpectedIndex { c };
        index.drop_tables();
        c.execute_batch(&format!(
            "CREATE VIRTUAL TABLE temp.verify_search{definition};
             CREATE VIRTUAL TABLE temp.verify_search_words USING fts5vocab(temp, verify_search, instance);
             CREATE VIRTUAL TABLE temp.verify_stored_words USING fts5vocab(main, appeal_search, instance);"
        ))?;
        Ok(index)
    }

    /// What the entry `n` must index: the four columns' folded text.
    pub fn add(&self, n: i64, text: &[String; 4]) -> Result<()> {
        self.c
            .prepare_cached(
                "INSERT INTO temp.verify_search(rowid, organisation, description, decision, contacts)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(rusqlite::params![n, text[0], text[1], text[2], text[3]])?;
        Ok(())
    }

    /// The entries (`appeal_heads.n`, or a stray rowid) whose words differ between the
    /// journal's index and the expected one, and whether there were more than named.
    pub fn differing(&self) -> Result<(BTreeSet<i64>, bool)> {
        // Both word lists come in the index's order: word (bytes), then appeal.
        let select = |table: &str| format!("SELECT term, doc, col, offset FROM temp.{table}");
        let mut stored = self.c.prepare(&select("verify_stored_words"))?;
        let mut expected = self.c.prepare(&select("verify_search_words"))?;
        let mut a = Groups::new(stored.query([])?)?;
        let mut b = Groups::new(expected.query([])?)?;
        let mut bad = BTreeSet::new();
        let mut more = false;
        let mut mark = |doc: i64| {
            if bad.len() < MAX_NAMED {
                bad.insert(doc);
            } else if !bad.contains(&doc) {
                more = true;
            }
        };
        let (mut x, mut y) = (a.next_group()?, b.next_group()?);
        loop {
            match (&x, &y) {
                (None, None) => break,
                (Some(s), None) => {
                    mark(s.doc);
                    x = a.next_group()?;
                }
                (None, Some(e)) => {
                    mark(e.doc);
                    y = b.next_group()?;
                }
                (Some(s), Some(e)) => {
                    match (s.term.as_bytes(), s.doc).cmp(&(e.term.as_bytes(), e.doc)) {
                        Ordering::Less => {
                            mark(s.doc);
                            x = a.next_group()?;
                        }
                        Ordering::Greater => {
                            mark(e.doc);
                            y = b.next_group()?;
                        }
                        Ordering::Equal => {
                            if s.places != e.places {
                                mark(s.doc);
                            }
                            x = a.next_group()?;
                            y = b.next_group()?;
                        }
                    }
                }
            }
        }
        Ok((bad, more))
    }

    fn drop_tables(&self) {
        // Vocabulary tables first: they refer to the index.
        let _ = self.c.execute_batch(
            "DROP TABLE IF EXISTS temp.verify_stored_words;
             DROP TABLE IF EXISTS temp.verify_search_words;
             DROP TABLE IF EXISTS temp.verify_search;",
        );
    }
}

impl Drop for ExpectedIndex<'_> {
    fn drop(&mut self) {
        self.drop_tables();
    }
}
