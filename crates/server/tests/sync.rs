//! Pushing and pulling through the real server on a real PostgreSQL: the ledger stores
//! each op once in order, refuses a batch whole, and its chain verifies from the start.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, Workstation, id, refused};
use desk_wire::{
    AlarmKind, AlarmsReply, ErrorCode, Op, PullReply, PushReply, PushRequest, Role, ServerOp,
    body_sha256, chain_hash,
};

async fn push(s: &Server, token: &str, ops: &[Op]) -> reqwest::Response {
    s.post("push", token)
        .json(&PushRequest { ops: ops.to_vec() })
        .send()
        .await
        .unwrap()
}

async fn push_ok(s: &Server, token: &str, ops: &[Op]) -> PushReply {
    let res = push(s, token, ops).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.unwrap()
}

async fn pull(s: &Server, token: &str, since: i64, limit: usize) -> PullReply {
    let res = s
        .get(&format!("pull?since={since}&limit={limit}"), token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Every link covers the previous one, from the empty hash before the first op.
fn verify_chain(ops: &[ServerOp], mut prev: String) -> String {
    for (i, o) in ops.iter().enumerate() {
        assert_eq!(o.prev_hash, prev, "link {i}");
        assert_eq!(o.hash, chain_hash(&prev, o.server_seq, &o.op), "link {i}");
        assert_eq!(o.op.sha256, body_sha256(&o.op.body));
        prev = o.hash.clone();
    }
    prev
}

struct Desk {
    s: Server,
    ws: Workstation,
    operator: String,
    specialist: String,
}

/// A server with an operator and a specialist logged in on workstation AST1.
async fn desk() -> Desk {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    s.user("marat", Role::Specialist).await;
    let ws = Workstation::new("AST1");
    let operator = s.token("aigul", &ws).await;
    let specialist = s.token("marat", &ws).await;
    Desk {
        s,
        ws,
        operator,
        specialist,
    }
}

#[tokio::test]
async fn pushed_ops_get_server_seqs_and_a_pull_returns_them_with_a_chain_that_verifies() {
    let mut d = desk().await;
    let (appeal, v1, v2) = (id(), id(), id());
    let ops = vec![
        d.ws.register("aigul", &appeal, &v1),
        d.ws.event("aigul", &appeal, "id_sent"),
        d.ws.triage("marat", &appeal, &v1, &v2),
    ];
    let reply = push_ok(&d.s, &d.operator, &ops).await;
    let seqs: Vec<i64> = reply.acks.iter().map(|a| a.server_seq).collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    assert_eq!(reply.head.server_seq, 3);

    let page = pull(&d.s, &d.specialist, 0, 1000).await;
    assert!(!page.more);
    assert_eq!(page.head, reply.head);
    let pulled: Vec<Op> = page.ops.iter().map(|o| o.op.clone()).collect();
    assert_eq!(pulled, ops, "ops come back exactly as pushed");
    assert_eq!(verify_chain(&page.ops, String::new()), page.head.hash);
}

#[tokio::test]
async fn an_op_pushed_again_gets_its_stored_ack_and_a_changed_replay_raises_an_alarm() {
    let mut d = desk().await;
    let (appeal, v1) = (id(), id());
    let first = d.ws.register("aigul", &appeal, &v1);
    let ack = push_ok(&d.s, &d.operator, std::slice::from_ref(&first))
        .await
        .acks;
    // The reply was lost; the client sends the same op again, with the next one.
    let next = d.ws.event("aigul", &appeal, "id_sent");
    let again = push_ok(&d.s, &d.operator, &[first.clone(), next]).await;
    assert_eq!(again.acks[0], ack[0]);
    assert_eq!(again.acks[1].server_seq, 2);
    assert_eq!(d.s.count("SELECT count(*) FROM ops").await, 2);
    // The same op twice in one batch is stored once.
    let third = d.ws.event("aigul", &appeal, "id_sent");
    let twice = push_ok(&d.s, &d.operator, &[third.clone(), third]).await;
    assert_eq!(twice.acks[0], twice.acks[1]);
    assert_eq!(d.s.count("SELECT count(*) FROM ops").await, 3);
    // A version is written once: a new op cannot bring an existing version again.
    let copy = d.ws.triage("marat", &appeal, &v1, &v1);
    let body = refused(
        push(&d.s, &d.specialist, &[copy]).await,
        422,
        ErrorCode::InvalidOp,
    )
    .await;
    assert_eq!(
        body.error.field.as_deref(),
        Some("ops[0].body[1].version_id")
    );
    d.ws.next_seq -= 1;

    // The same op id with another body is not a retry: refused, and someone is told.
    let mut changed = first.clone();
    changed.body = changed.body.replace("портал недоступен", "всё работает");
    changed.sha256 = body_sha256(&changed.body);
    let body = refused(
        push(&d.s, &d.operator, &[changed]).await,
        409,
        ErrorCode::ReplayChanged,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[0].body"));
    let alarms = format!(
        "SELECT count(*) FROM alarms WHERE kind = 'replay_changed' AND op_id = '{}'",
        first.op_id
    );
    assert_eq!(d.s.count(&alarms).await, 1);
    assert_eq!(d.s.count("SELECT count(*) FROM ops").await, 3);

    // A supervisor reads it through the API; an operator may not.
    refused(
        d.s.get("alarms", &d.operator).send().await.unwrap(),
        403,
        ErrorCode::Forbidden,
    )
    .await;
    d.s.user("dana", Role::Supervisor).await;
    let supervisor = d.s.token("dana", &d.ws).await;
    let res = d.s.get("alarms?since=0", &supervisor).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let reply: AlarmsReply = res.json().await.unwrap();
    assert_eq!(reply.alarms.len(), 1, "{reply:?}");
    let alarm = &reply.alarms[0];
    assert_eq!(alarm.kind, AlarmKind::ReplayChanged);
    assert_eq!(alarm.op_id, Some(first.op_id));
    assert_eq!(alarm.workstation.as_deref(), Some("AST1"));
    let later = format!("alarms?since={}", alarm.id);
    let res = d.s.get(&later, &supervisor).send().await.unwrap();
    let reply: AlarmsReply = res.json().await.unwrap();
    assert!(reply.alarms.is_empty(), "since pages on: {reply:?}");
}

#[tokio::test]
async fn a_gap_a_hash_mismatch_and_a_parent_of_another_appeal_refuse_the_whole_batch() {
    let mut d = desk().await;
    let (a, a1) = (id(), id());
    let (b, b1) = (id(), id());
    let register_a = d.ws.register("aigul", &a, &a1);
    let register_b = d.ws.register("aigul", &b, &b1);
    push_ok(&d.s, &d.operator, &[register_a, register_b]).await;

    // A gap: local_seq 4 after 2.
    d.ws.next_seq += 1;
    let skipped = d.ws.event("aigul", &a, "id_sent");
    let body = refused(
        push(&d.s, &d.operator, &[skipped]).await,
        409,
        ErrorCode::Gap,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[0].local_seq"));
    d.ws.next_seq = 3;

    // A good op, then one whose hash is not its body's: neither is stored.
    let good = d.ws.event("aigul", &a, "id_sent");
    let mut damaged = d.ws.event("aigul", &a, "info_requested");
    damaged.body = damaged.body.replace("info_requested", "info_received");
    let body = refused(
        push(&d.s, &d.operator, &[good.clone(), damaged]).await,
        422,
        ErrorCode::HashMismatch,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[1].sha256"));

    // A version of appeal B naming a version of appeal A as its parent.
    d.ws.next_seq = 4;
    let crossed = d.ws.triage("marat", &b, &a1, &id());
    let body = refused(
        push(&d.s, &d.specialist, &[good.clone(), crossed]).await,
        422,
        ErrorCode::InvalidOp,
    )
    .await;
    assert_eq!(
        body.error.field.as_deref(),
        Some("ops[1].body[1].parent_version_id")
    );
    // A correction without any parent is not a registration either.
    d.ws.next_seq = 4;
    let mut orphan = d.ws.triage("marat", &b, &b1, &id());
    orphan.body = orphan.body.replace(&format!("\"{b1}\""), "null");
    orphan.sha256 = body_sha256(&orphan.body);
    refused(
        push(&d.s, &d.specialist, &[good.clone(), orphan]).await,
        422,
        ErrorCode::InvalidOp,
    )
    .await;
    // A body that is not rows at all.
    d.ws.next_seq = 4;
    let mut nonsense = d.ws.event("aigul", &a, "id_sent");
    nonsense.body = "[\"desk-body-1\", [\"appeals\"]]".into();
    nonsense.sha256 = body_sha256(&nonsense.body);
    let body = refused(
        push(&d.s, &d.operator, &[good.clone(), nonsense]).await,
        422,
        ErrorCode::InvalidOp,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[1].body"));

    // Nothing of the refused batches was stored; the good op goes in on its own.
    assert_eq!(d.s.count("SELECT count(*) FROM ops").await, 2);
    assert_eq!(d.s.count("SELECT server_seq FROM chain_head").await, 2);
    let reply = push_ok(&d.s, &d.operator, &[good]).await;
    assert_eq!(reply.acks[0].server_seq, 3);
}

#[tokio::test]
async fn the_server_rechecks_each_op_against_its_authors_role_and_workstation() {
    let mut d = desk().await;
    let (appeal, v1) = (id(), id());
    push_ok(&d.s, &d.operator, &[d.ws.register("aigul", &appeal, &v1)]).await;

    // An operator cannot triage (issue 6), nor close an appeal, whoever pushes it.
    let triage = d.ws.triage("aigul", &appeal, &v1, &id());
    let body = refused(
        push(&d.s, &d.specialist, &[triage]).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[0].action"));
    d.ws.next_seq = 2;
    let close = d.ws.event("aigul", &appeal, "closed");
    refused(
        push(&d.s, &d.operator, &[close]).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    // An author the server has no account for.
    d.ws.next_seq = 2;
    let stranger = d.ws.event("ghost", &appeal, "id_sent");
    let body = refused(
        push(&d.s, &d.operator, &[stranger]).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[0].author"));

    // A workstation cannot push an op of another.
    let mut other = Workstation::new("KRG2");
    let foreign = other.register("aigul", &id(), &id());
    let body = refused(
        push(&d.s, &d.operator, &[foreign]).await,
        403,
        ErrorCode::WrongWorkstation,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[0].workstation"));

    // The specialist's triage is allowed.
    d.ws.next_seq = 2;
    let triage = d.ws.triage("marat", &appeal, &v1, &id());
    push_ok(&d.s, &d.specialist, &[triage]).await;
    assert_eq!(d.s.count("SELECT count(*) FROM ops").await, 2);
}

#[tokio::test]
async fn a_pull_pages_through_the_ledger_and_each_page_links_to_the_last() {
    let mut d = desk().await;
    let (appeal, v1) = (id(), id());
    let mut ops = vec![d.ws.register("aigul", &appeal, &v1)];
    for _ in 0..6 {
        ops.push(d.ws.event("aigul", &appeal, "id_sent"));
    }
    push_ok(&d.s, &d.operator, &ops).await;
    let (mut since, mut prev, mut seen) = (0, String::new(), Vec::new());
    loop {
        let page = pull(&d.s, &d.specialist, since, 3).await;
        prev = verify_chain(&page.ops, prev);
        seen.extend(page.ops.iter().map(|o| o.op.op_id));
        since = page.ops.last().map_or(since, |o| o.server_seq);
        if !page.more {
            assert_eq!(page.head.hash, prev);
            break;
        }
    }
    assert_eq!(seen, ops.iter().map(|o| o.op_id).collect::<Vec<_>>());
    let res =
        d.s.get("pull?limit=1001", &d.operator)
            .send()
            .await
            .unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("limit"));
}

#[tokio::test]
async fn two_instances_on_one_database_serve_one_ledger() {
    let mut d = desk().await;
    let other = Server::on(&d.s.database_url).await;
    let mut krg = Workstation::new("KRG2");
    let krg_token = other.token("aigul", &krg).await;
    let (a, b) = (id(), id());
    // Both instances take pushes at the same time; the head lock orders them.
    let ast_ops: Vec<Op> = vec![d.ws.register("aigul", &a, &id())];
    let krg_ops: Vec<Op> = vec![krg.register("aigul", &b, &id())];
    let (r1, r2) = tokio::join!(
        push(&d.s, &d.operator, &ast_ops),
        push(&other, &krg_token, &krg_ops)
    );
    assert_eq!(r1.status(), 200);
    assert_eq!(r2.status(), 200);
    for _ in 0..5 {
        let (x, y) = (
            [d.ws.event("aigul", &a, "id_sent")],
            [krg.event("aigul", &b, "id_sent")],
        );
        let (r1, r2) = tokio::join!(push(&d.s, &d.operator, &x), push(&other, &krg_token, &y));
        assert_eq!((r1.status().as_u16(), r2.status().as_u16()), (200, 200));
    }
    // Pulled through the other instance: all twelve, one chain.
    let page = pull(&other, &krg_token, 0, 1000).await;
    assert_eq!(page.ops.len(), 12);
    let seqs: Vec<i64> = page.ops.iter().map(|o| o.server_seq).collect();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    assert_eq!(verify_chain(&page.ops, String::new()), page.head.hash);
    let first = pull(&d.s, &d.operator, 0, 1000).await;
    assert_eq!(first, page);
}

#[tokio::test]
async fn an_attachment_travels_only_after_its_file() {
    let mut d = desk().await;
    let (appeal, v1) = (id(), id());
    push_ok(&d.s, &d.operator, &[d.ws.register("aigul", &appeal, &v1)]).await;
    let file = b"PNG screenshot bytes".to_vec();
    let sha = body_sha256(std::str::from_utf8(&file).unwrap());
    let attach = d.ws.attach("aigul", &appeal, &sha, file.len() as i64);
    let body = refused(
        push(&d.s, &d.operator, std::slice::from_ref(&attach)).await,
        409,
        ErrorCode::BlobMissing,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("ops[0].body[1].sha256"));
    let res =
        d.s.put(
            &format!("blobs/{sha}/parts/0?parts=1&size={}", file.len()),
            &d.operator,
        )
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    push_ok(&d.s, &d.operator, &[attach]).await;
}
