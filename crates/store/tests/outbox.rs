#![allow(clippy::unwrap_used)]
//! The e-mail outbox (issue 18, migration 011): a message is queued in the transaction of
//! the action that caused it, kept verbatim and append-only, each row recorded in the
//! audit chain (so `verify` sees a message edited behind the application), never sent
//! to the sync server; when the server accepted the incident-ID e-mail, the obligation
//! of 002 §30 is met at that instant by an event carrying the Message-ID.

use chrono::{Duration, Utc};
use desk_journal::{EventKind, NewAppeal, WorkstationCode};
use desk_store::{Actor, Attempt, MailFile, MailState, NewMail, ProblemKind, Store};

fn actor() -> Actor {
    Actor {
        user: "operator1".into(),
    }
}

fn appeal() -> desk_journal::ValidAppeal {
    NewAppeal {
        organisation: "ТОО «Сапа»".into(),
        bin_iin: "971240001315".into(),
        received_at: "20.11.2026 10:15".into(),
        channel: "email".into(),
        contact: "user@example.kz".into(),
        email: "user@example.kz".into(),
        description: "Баға ұсынысы жүктелмейді".into(),
        ..Default::default()
    }
    .validate(Utc::now())
    .unwrap()
}

fn store(dir: &std::path::Path) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    s
}

/// The journal keeps instants to the microsecond.
fn whole_seconds(t: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    chrono::DateTime::from_timestamp(t.timestamp(), 0).unwrap()
}

fn mail(appeal_id: &str, number: &str) -> NewMail {
    NewMail {
        message_id: format!("<{number}@desk.example.kz>"),
        appeal_id: Some(appeal_id.to_owned()),
        kind: "incident_id".into(),
        lang: "kk".into(),
        to: vec!["user@example.kz".into()],
        subject: format!("Өтінішіңіз тіркелді: {number} инциденті"),
        body: "Қайырлы күн".into(),
        files: vec![MailFile {
            name: "хат.pdf".into(),
            content_type: "application/pdf".into(),
            data: b"%PDF-1.7 test".to_vec(),
        }],
    }
}

#[test]
fn a_registration_queues_its_incident_id_mail_and_the_send_meets_the_obligation() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let before = s.pending_summary().unwrap().count;
    let row = s
        .register_appeal_with_mail(
            &appeal(),
            &[],
            |id, n| Some(mail(id, n)),
            &actor(),
            Utc::now(),
        )
        .unwrap();
    let queued = s.mails().unwrap();
    assert_eq!(queued.len(), 1);
    let m = &queued[0];
    assert_eq!(m.appeal_number.as_deref(), Some(row.number.as_str()));
    assert_eq!(m.state, MailState::Queued);
    assert!(m.subject.contains(&row.number));
    // Only the registration travels; the outbox is this workstation's.
    assert_eq!(s.pending_summary().unwrap().count, before + 1);
    let files = s.mail_files(m).unwrap();
    assert_eq!(files[0].data, b"%PDF-1.7 test");

    let sending = s
        .record_attempt(
            &m.id,
            &[MailState::Queued],
            &Attempt::Sending,
            &actor(),
            Utc::now(),
        )
        .unwrap()
        .unwrap();
    assert_eq!((sending.state, sending.attempts), (MailState::Sending, 1));
    // A second sender finds it claimed.
    assert!(
        s.record_attempt(
            &m.id,
            &[MailState::Queued],
            &Attempt::Sending,
            &actor(),
            Utc::now()
        )
        .unwrap()
        .is_none()
    );
    let accepted = whole_seconds(Utc::now() - Duration::seconds(2));
    let sent = s
        .record_attempt(
            &m.id,
            &[MailState::Sending],
            &Attempt::Sent {
                at: accepted,
                meets: Some(EventKind::IdSent),
            },
            &actor(),
            Utc::now(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(sent.state, MailState::Sent);
    assert_eq!(sent.state_at, Some(accepted));
    // 002 §30: the ID sent, at the instant the server accepted it, with the Message-ID.
    let events = s.events(&row.id.to_string()).unwrap();
    let id_sent = events.iter().find(|e| e.kind == EventKind::IdSent).unwrap();
    assert_eq!(id_sent.at, accepted);
    assert_eq!(
        s.event_message_id(&id_sent.id.to_string()).unwrap(),
        Some(m.message_id.clone())
    );
    // The event travels; the attempts do not.
    assert_eq!(s.pending_summary().unwrap().count, before + 2);
    let check = s.verify(None, &mut |_| {}).unwrap();
    assert!(check.intact(), "{:?}", check.problems);
}

#[test]
fn retries_and_failures_are_kept_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let mut m = mail("", "AST1-X");
    m.appeal_id = None;
    let q = s.queue_mail(&m, &actor(), Utc::now()).unwrap();
    s.record_attempt(
        &q.id,
        &[MailState::Queued],
        &Attempt::Sending,
        &actor(),
        Utc::now(),
    )
    .unwrap();
    let next = whole_seconds(Utc::now() + Duration::minutes(1));
    let r = s
        .record_attempt(
            &q.id,
            &[MailState::Sending],
            &Attempt::Retry {
                next_at: next,
                detail: "connection refused".into(),
            },
            &actor(),
            Utc::now(),
        )
        .unwrap()
        .unwrap();
    assert_eq!((r.state, r.next_at), (MailState::Retry, Some(next)));
    assert_eq!(r.detail, "connection refused");
    s.record_attempt(
        &q.id,
        &[MailState::Retry],
        &Attempt::Sending,
        &actor(),
        Utc::now(),
    )
    .unwrap();
    let f = s
        .record_attempt(
            &q.id,
            &[MailState::Sending],
            &Attempt::Failed {
                detail: "550 no such mailbox".into(),
            },
            &actor(),
            Utc::now(),
        )
        .unwrap()
        .unwrap();
    assert_eq!((f.state, f.attempts), (MailState::Failed, 2));
    assert!(s.verify(None, &mut |_| {}).unwrap().intact());
}

#[test]
fn a_message_is_append_only_and_an_edit_behind_the_application_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let row = s
        .register_appeal_with_mail(
            &appeal(),
            &[],
            |id, n| Some(mail(id, n)),
            &actor(),
            Utc::now(),
        )
        .unwrap();
    let c = s.connection();
    assert!(
        c.execute("UPDATE mail_messages SET body = 'x'", [])
            .is_err()
    );
    assert!(c.execute("DELETE FROM mail_files", []).is_err());
    c.execute_batch(
        "DROP TRIGGER mail_messages_no_update; UPDATE mail_messages SET subject = 'другое';",
    )
    .unwrap();
    let check = s.verify(None, &mut |_| {}).unwrap();
    assert!(
        !check.intact(),
        "an edited message is found ({})",
        row.number
    );
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Changed && p.what.contains("mail_messages")),
        "{:?}",
        check.problems
    );
}
