//! The connection pool and the server's own migrations.
//!
//! deadpool-postgres: a small, maintained pool built for tokio-postgres (bb8 is generic
//! and needs an adapter crate for it); `Fast` recycling because a broken connection fails
//! its next statement anyway and the request is then answered with a 500.

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

/// The migrations in order; each runs once, in its own transaction.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("../migrations/0001_ledger.sql"))];

/// Serialises migrations across instances that start together (an arbitrary constant:
/// "desk" in ASCII).
const MIGRATION_LOCK: i64 = 0x6465_736b;

/// A pool to the configured database. PostgreSQL is reached on loopback or a unix
/// socket: the server and its database sit on one host or a private network.
pub fn pool(config: &tokio_postgres::Config, size: usize) -> anyhow::Result<Pool> {
    let manager = Manager::from_config(
        config.clone(),
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Ok(Pool::builder(manager)
        .max_size(size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(15)))
        .create_timeout(Some(Duration::from_secs(10)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()?)
}

/// Warns when the database may lose a commit it already reported: the server then has
/// acknowledged ops it no longer holds after a database crash, and the workstation that
/// pushed them is refused with `gap` ever after (docs/contracts/sync.md §7).
pub async fn warn_if_not_durable(client: &tokio_postgres::Client) {
    for setting in ["synchronous_commit", "fsync"] {
        let value = client
            .query_one(&format!("SHOW {setting}"), &[])
            .await
            .map(|r| r.get::<_, String>(0));
        if let Ok(value) = value
            && value == "off"
        {
            tracing::warn!(
                setting,
                "PostgreSQL's {setting} is off: a database crash can lose pushes already \
                 acknowledged to workstations"
            );
        }
    }
}

/// Applies the migrations this database lacks, under an advisory lock so that two
/// instances starting at once do not both create the tables.
pub async fn migrate(client: &mut tokio_postgres::Client) -> Result<(), tokio_postgres::Error> {
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    let result = apply(client).await;
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .await;
    result?;
    unlocked.map(|_| ())
}

async fn apply(client: &mut tokio_postgres::Client) -> Result<(), tokio_postgres::Error> {
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .await?;
    for (version, sql) in MIGRATIONS {
        let tx = client.transaction().await?;
        let done = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[version],
            )
            .await?
            .is_some();
        if !done {
            tracing::info!(version, "applying migration");
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO schema_migrations(version) VALUES ($1)",
                &[version],
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
