//! A replica's content as the sync's proofs compare it (the simulation, crates/sim, and
//! the kill test of real processes, crates/cli/tests/sync_kills.rs): every replica of one
//! journal must hold the same rows, whatever its local keys.

use std::collections::BTreeMap;

use rusqlite::Connection;
use rusqlite::types::Value;

/// The tables a replica is compared on, and the columns left out: `n` is a local row
/// key, `ignored` says whether an op carried anything for this workstation.
pub const TABLES: &[(&str, &[&str])] = &[
    ("appeals", &[]),
    ("appeal_versions", &[]),
    ("appeal_events", &[]),
    ("appeal_heads", &["n"]),
    ("attachments", &[]),
    ("sync_ops", &["ignored"]),
];

/// Each table's rows, each row its values in words, the rows sorted.
pub type Dump = BTreeMap<String, Vec<Vec<String>>>;

/// The content of the journal on `c`, table by table.
pub fn dump(c: &Connection) -> rusqlite::Result<Dump> {
    let mut out = BTreeMap::new();
    for (table, skip) in TABLES {
        let mut q = c.prepare(&format!("SELECT * FROM {table}"))?;
        let names: Vec<String> = q.column_names().iter().map(|s| s.to_string()).collect();
        let keep: Vec<usize> = (0..names.len())
            .filter(|i| !skip.contains(&names[*i].as_str()))
            .collect();
        let mut rows = q
            .query_map([], |r| {
                keep.iter()
                    .map(|i| {
                        Ok(match r.get::<_, Value>(*i)? {
                            Value::Null => "NULL".to_owned(),
                            Value::Integer(n) => n.to_string(),
                            Value::Real(x) => x.to_string(),
                            Value::Text(t) => format!("'{t}'"),
                            Value::Blob(b) => format!("x{}", b.len()),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<String>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort();
        out.insert((*table).to_owned(), rows);
    }
    Ok(out)
}
