//! Instances started together on a fresh database migrate it once, not twice.
#![allow(clippy::unwrap_used)]

mod common;

use common::{cluster, config};

#[tokio::test]
async fn two_instances_starting_at_once_migrate_a_fresh_database_once() {
    let url = cluster().database();
    let cfg = config(&url);
    let (a, b, c) = tokio::join!(
        desk_server::prepare(&cfg),
        desk_server::prepare(&cfg),
        desk_server::prepare(&cfg)
    );
    let (a, _, _) = (a.unwrap(), b.unwrap(), c.unwrap());
    let client = a.pool.get().await.unwrap();
    let applied: i64 = client
        .query_one("SELECT count(*) FROM schema_migrations", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(applied, 1);
    let head: i64 = client
        .query_one("SELECT count(*) FROM chain_head", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(head, 1);
}
