#![allow(clippy::unwrap_used)]
//! The sync algorithm through the [`Transport`] trait with a server in-process (issue 15,
//! and the seam issue 16's simulation uses): changes are acknowledged only after the
//! server's reply, a failed push leaves them pending, pulls page until the end, and an
//! attachment's parts are uploaded once and resumed, not sent again.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use chrono::Utc;
use desk_app::Desk;
use desk_app::desk_journal::NewAppeal;
use desk_app::sync::{PartUpload, Transport, TransportError};
use desk_wire::{
    Ack, BlobPart, BlobStatus, ChainHead, LoginReply, LoginRequest, PullReply, PushReply,
    PushRequest, Role, ServerOp, UserAccount, chain_hash,
};
use sha2::{Digest, Sha256};

/// A ledger as the server keeps it, without HTTP: one chain, ops stored once.
#[derive(Default)]
struct Loopback {
    ops: RefCell<Vec<ServerOp>>,
    parts: RefCell<BTreeMap<(String, u32), Vec<u8>>>,
    uploads: Cell<u32>,
    down: Cell<bool>,
    /// Pull pages this small, to make the client page.
    page: usize,
}

impl Loopback {
    fn new(page: usize) -> Loopback {
        Loopback {
            page,
            ..Loopback::default()
        }
    }

    fn head(&self) -> ChainHead {
        self.ops
            .borrow()
            .last()
            .map(|o| ChainHead {
                server_seq: o.server_seq,
                hash: o.hash.clone(),
            })
            .unwrap_or(ChainHead {
                server_seq: 0,
                hash: String::new(),
            })
    }

    fn up(&self) -> Result<(), TransportError> {
        if self.down.get() {
            return Err(TransportError::Unreachable("connection refused".into()));
        }
        Ok(())
    }
}

impl Transport for Loopback {
    fn login(&self, _: &LoginRequest) -> Result<LoginReply, TransportError> {
        unreachable!("the engine never logs in")
    }

    fn logout(&self) -> Result<(), TransportError> {
        Ok(())
    }

    fn users(&self) -> Result<Vec<UserAccount>, TransportError> {
        self.up()?;
        Ok(vec![UserAccount {
            login: "boss".into(),
            role: Role::Supervisor,
        }])
    }

    fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.up()?;
        let mut acks = Vec::new();
        for op in &request.ops {
            let known = self
                .ops
                .borrow()
                .iter()
                .find(|o| o.op.op_id == op.op_id)
                .map(|o| o.server_seq);
            let server_seq = match known {
                Some(seq) => seq,
                None => {
                    let prev = self.head();
                    let server_seq = prev.server_seq + 1;
                    let hash = chain_hash(&prev.hash, server_seq, op);
                    self.ops.borrow_mut().push(ServerOp {
                        server_seq,
                        prev_hash: prev.hash,
                        hash,
                        op: op.clone(),
                    });
                    server_seq
                }
            };
            acks.push(Ack {
                op_id: op.op_id,
                local_seq: op.local_seq,
                server_seq,
            });
        }
        Ok(PushReply {
            acks,
            head: self.head(),
        })
    }

    fn pull(&self, since: i64, limit: usize) -> Result<PullReply, TransportError> {
        self.up()?;
        let newer: Vec<ServerOp> = self
            .ops
            .borrow()
            .iter()
            .filter(|o| o.server_seq > since)
            .cloned()
            .collect();
        let take = limit.min(self.page);
        Ok(PullReply {
            more: newer.len() > take,
            ops: newer.into_iter().take(take).collect(),
            head: self.head(),
        })
    }

    fn blob_status(&self, sha256: &str) -> Result<BlobStatus, TransportError> {
        self.up()?;
        let parts = self
            .parts
            .borrow()
            .iter()
            .filter(|((sha, _), _)| sha == sha256)
            .map(|((_, index), bytes)| BlobPart {
                index: *index,
                size: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(bytes)),
            })
            .collect();
        Ok(BlobStatus {
            sha256: sha256.to_owned(),
            parts,
        })
    }

    fn put_blob_part(&self, part: &PartUpload<'_>) -> Result<(), TransportError> {
        self.up()?;
        self.uploads.set(self.uploads.get() + 1);
        self.parts
            .borrow_mut()
            .insert((part.sha256.to_owned(), part.index), part.bytes.to_vec());
        Ok(())
    }

    fn get_blob_part(&self, sha256: &str, index: u32) -> Result<Vec<u8>, TransportError> {
        self.up()?;
        Ok(self.parts.borrow()[&(sha256.to_owned(), index)].clone())
    }
}

fn form(organisation: &str) -> NewAppeal {
    NewAppeal {
        organisation: organisation.into(),
        bin_iin: "971240001315".into(),
        received_at: desk_app::desk_journal::time::to_astana_display(Utc::now()),
        channel: "forum".into(),
        contact: "+7 717 200 00 00".into(),
        description: "Не открывается раздел договоров".into(),
        ..Default::default()
    }
}

fn workstation(dir: &std::path::Path, code: &str) -> Desk {
    let mut desk = Desk::open(Some(dir)).unwrap().with_user("boss");
    desk.set_workstation(code).unwrap();
    desk
}

#[test]
fn two_journals_converge_through_pages_and_nothing_is_acknowledged_before_the_reply() {
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut ast1, mut ast2) = (
        workstation(d1.path(), "AST1"),
        workstation(d2.path(), "AST2"),
    );
    let server = Loopback::new(2);
    for i in 0..3 {
        ast1.register_appeal(&form(&format!("ТОО «Бір-{i}»")))
            .unwrap();
    }
    ast2.register_appeal(&form("АО «Екі»")).unwrap();

    // The server is down: the sync fails and every change stays pending.
    server.down.set(true);
    let before = ast1.sync_status().unwrap().pending;
    assert!(before >= 3);
    let err = ast1.sync_with(&server, "loopback").unwrap_err();
    assert_eq!(err.code(), desk_app::ErrorCode::Offline);
    assert_eq!(ast1.sync_status().unwrap().pending, before);
    server.down.set(false);

    let report = ast1.sync_with(&server, "loopback").unwrap();
    assert_eq!(report.pushed, before);
    assert_eq!(report.pending_after, 0);
    ast2.sync_with(&server, "loopback").unwrap();
    let report = ast1.sync_with(&server, "loopback").unwrap();
    assert!(report.pulled >= 1, "{report:?}");
    let numbers = |d: &Desk| {
        let mut n: Vec<String> = d.journal().unwrap().into_iter().map(|r| r.number).collect();
        n.sort();
        n
    };
    assert_eq!(numbers(&ast1).len(), 4);
    assert_eq!(numbers(&ast1), numbers(&ast2));
}

#[test]
fn an_attachments_parts_are_uploaded_once_and_arrive_checked() {
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut ast1, mut ast2) = (
        workstation(d1.path(), "AST1"),
        workstation(d2.path(), "AST2"),
    );
    let server = Loopback::new(100);
    let file = d1.path().join("scan.png");
    std::fs::write(&file, b"\x89PNG a screenshot").unwrap();
    let row = ast1
        .register_appeal_with_attachments(&form("ТОО «Бір»"), &[file])
        .unwrap();
    ast1.sync_with(&server, "loopback").unwrap();
    assert_eq!(server.uploads.get(), 1);
    ast2.sync_with(&server, "loopback").unwrap();
    let detail = ast2.appeal_detail(&row.id.to_string()).unwrap();
    assert_eq!(detail.attachments.len(), 1);
    assert_eq!(detail.attachments[0].name, "scan.png");
    // Nothing new to send: the part the server holds is not sent again.
    ast1.sync_with(&server, "loopback").unwrap();
    assert_eq!(server.uploads.get(), 1);
}

#[test]
fn a_concurrent_correction_conflicts_on_both_and_the_kept_version_wins_on_both() {
    use desk_app::RecordSyncState;
    use desk_app::desk_journal::CorrectionForm;

    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut ast1, mut ast2) = (
        workstation(d1.path(), "AST1"),
        workstation(d2.path(), "AST2"),
    );
    let server = Loopback::new(100);
    let id = ast1
        .register_appeal(&form("ТОО «Бір»"))
        .unwrap()
        .id
        .to_string();
    assert_eq!(ast1.record_sync(&id).unwrap(), RecordSyncState::LocalOnly);
    ast1.sync_with(&server, "loopback").unwrap();
    ast2.sync_with(&server, "loopback").unwrap();
    assert_eq!(ast1.record_sync(&id).unwrap(), RecordSyncState::Synced);
    assert_eq!(ast2.record_sync(&id).unwrap(), RecordSyncState::Synced);

    for (desk, value) in [(&mut ast1, "ТОО «Бір» AST1"), (&mut ast2, "ТОО «Бір» AST2")]
    {
        let form = CorrectionForm {
            field: "organisation".into(),
            value: value.into(),
            reason: "уточнение".into(),
        };
        desk.correct(&id, &form).unwrap();
    }
    ast1.sync_with(&server, "loopback").unwrap();
    ast2.sync_with(&server, "loopback").unwrap();
    let report = ast1.sync_with(&server, "loopback").unwrap();
    assert_eq!(report.conflicts, 1);
    for desk in [&ast1, &ast2] {
        assert_eq!(desk.record_sync(&id).unwrap(), RecordSyncState::Conflicted);
    }

    // Both versions side by side, the same on both workstations.
    let view = ast2.conflicts().unwrap();
    assert_eq!(view, ast1.conflicts().unwrap());
    let c = &view[0];
    assert_eq!(c.versions.len(), 2);
    assert!(c.versions[0].head && !c.versions[1].head);
    let organisation = c
        .fields
        .iter()
        .find(|f| f.field == desk_app::desk_journal::Field::Organisation)
        .unwrap();
    assert!(organisation.differs);
    let branch_value = organisation.values[1].clone();
    let same = c
        .fields
        .iter()
        .find(|f| f.field.code() == "bin_iin")
        .unwrap();
    assert!(!same.differs);

    // A version that is not a branch is refused, naming nothing half written.
    assert!(ast1.resolve_conflict(&id, "not-a-version", &[]).is_err());
    let chosen = CorrectionForm {
        field: "contact_person".into(),
        value: "Айгүл Сейітова".into(),
        reason: String::new(),
    };
    ast1.resolve_conflict(&c.number, &c.versions[1].version_id, &[chosen])
        .unwrap();
    assert_eq!(ast1.record_sync(&id).unwrap(), RecordSyncState::LocalOnly);
    ast1.sync_with(&server, "loopback").unwrap();
    ast2.sync_with(&server, "loopback").unwrap();
    for desk in [&ast1, &ast2] {
        assert_eq!(desk.record_sync(&id).unwrap(), RecordSyncState::Synced);
        assert!(desk.conflicts().unwrap().is_empty());
        let shown = desk.appeal_detail(&id).unwrap().appeal;
        assert_eq!(shown.organisation, branch_value);
        assert_eq!(shown.contact_person, "Айгүл Сейітова");
    }
}
