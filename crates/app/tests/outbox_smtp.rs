//! The e-mail outbox against a real SMTP server (issue 18): aiosmtpd on a free loopback
//! port, started here (scripts/test.sh installs it). The incident-ID e-mail of 002 §30 is
//! queued by the registration, kept while the server is down, delivered exactly once
//! when it is up — recipients, subject and body in the journal's language, Kazakh letters
//! encoded as RFC 2047 words in the header and UTF-8 in the body, as Python's own parser
//! reads them — and the obligation is met at the instant the server accepted it.
//! Attachments arrive intact, a refused mailbox fails for good with the server's reason,
//! STARTTLS and implicit TLS work with a test CA and a password from the OS keyring, and
//! an attempt interrupted before its outcome was recorded is not sent again silently.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::time::to_astana_display;
use desk_app::desk_journal::{EventKind, NewAppeal};
use desk_app::{Desk, ObligationState, SmtpForm};
use desk_testkit::smtp::{self, Options, SmtpServer};
use sha2::{Digest, Sha256};

const WAIT: Duration = Duration::from_secs(10);

fn desk(dir: &Path, port: u16, security: &str) -> Desk {
    let mut desk = Desk::open(Some(dir)).unwrap().with_user("supervisor1");
    desk.set_workstation("AST1").unwrap();
    desk.set_language(Lang::Kk).unwrap();
    desk.set_smtp_settings(&SmtpForm {
        host: "127.0.0.1".into(),
        port: port.to_string(),
        security: security.into(),
        from: "Incident Desk <desk@example.kz>".into(),
        ..SmtpForm::default()
    })
    .unwrap();
    desk
}

fn appeal(email: &str) -> NewAppeal {
    NewAppeal {
        organisation: "ТОО «Астана Құрылыс»".into(),
        bin_iin: "971240001315".into(),
        received_at: to_astana_display(Utc::now() - chrono::Duration::minutes(10)),
        channel: "email".into(),
        contact: email.into(),
        email: email.into(),
        description: "Өтінімге қол қою мүмкін емес: «Қол қою» батырмасы жауап бермейді".into(),
        ..Default::default()
    }
}

fn later() -> chrono::DateTime<Utc> {
    Utc::now() + chrono::Duration::hours(2)
}

#[test]
fn the_incident_id_email_waits_for_the_server_arrives_once_in_kazakh_and_meets_the_obligation() {
    let Some(python) = smtp::python_or_skip("outbox_smtp") else {
        return;
    };
    let (dir, mail_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = smtp::free_port();
    let mut desk = desk(dir.path(), port, "none");
    let row = desk.register_appeal(&appeal("user@example.kz")).unwrap();
    let queued = desk.outbox().unwrap();
    assert_eq!(
        queued.len(),
        1,
        "the registration queued the incident-ID e-mail"
    );
    assert_eq!(
        (queued[0].state.as_str(), queued[0].kind.as_str()),
        ("queued", "incident_id")
    );

    // The server is down: the message stays, to be retried; the obligation is not met.
    let r = desk.send_outbox().unwrap();
    assert_eq!((r.sent.len(), r.retry.len()), (0, 1));
    let waiting = &desk.outbox().unwrap()[0];
    assert_eq!(waiting.state, "retry");
    assert!(!waiting.detail.is_empty() && waiting.next_at_astana.is_some());
    let id_duty = |desk: &Desk| {
        desk.appeal_detail(&row.id.to_string())
            .unwrap()
            .obligations
            .into_iter()
            .find(|o| o.met_by == Some(EventKind::IdSent))
            .unwrap()
    };
    assert_ne!(id_duty(&desk).state, ObligationState::Met);

    // The server is up: delivered, once.
    let server = SmtpServer::start(&python, mail_dir.path(), port, &Options::default());
    let r = desk.send_outbox_due_by(later()).unwrap();
    assert_eq!(r.sent.len(), 1, "{r:?}");
    let got = server.wait_for(1, WAIT);
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m["rcpt_tos"], serde_json::json!(["user@example.kz"]));
    assert_eq!(m["mail_from"], "desk@example.kz");
    let msg = &m["message"];
    let subject = format!("Өтінішіңіз тіркелді: {} инциденті", row.number);
    assert_eq!(msg["subject"], subject.as_str());
    // RFC 2047: the Kazakh subject travels as encoded words, never raw 8-bit.
    let raw_subject = msg["raw_subject"].as_str().unwrap();
    assert!(
        raw_subject.to_ascii_lowercase().starts_with("=?utf-8?"),
        "{raw_subject}"
    );
    assert!(raw_subject.is_ascii());
    assert_eq!(msg["body_charset"], "utf-8");
    let body = msg["body"].as_str().unwrap();
    assert!(body.starts_with("Қайырлы күн,"), "{body}");
    assert!(body.contains("ТОО «Астана Құрылыс» ұйымының"), "{body}");
    assert!(body.contains("«Қол қою» батырмасы"), "{body}");
    let sent = &desk.outbox().unwrap()[0];
    assert_eq!(msg["message_id"], sent.message_id.as_str());
    assert_eq!(sent.state, "sent");

    // 002 §30: met at the instant the server accepted it.
    let duty = id_duty(&desk);
    assert_eq!(duty.state, ObligationState::Met);
    assert_eq!(duty.met_at, sent.state_at);
    // The history names the message by its Message-ID, labelled, never by a stored key.
    let detail = desk.appeal_detail(&row.id.to_string()).unwrap();
    let sent_entry = detail.history.last().unwrap();
    assert!(
        sent_entry
            .changes
            .contains(&format!("Хаттың Message-ID: {}", sent.message_id)),
        "{}",
        sent_entry.changes
    );

    // Working the queue again sends nothing more.
    let r = desk.send_outbox_due_by(later()).unwrap();
    assert!(r.sent.is_empty() && r.retry.is_empty());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.messages().len(), 1, "delivered exactly once");
    server.stop();
}

#[test]
fn attachments_arrive_intact_and_a_refused_mailbox_fails_with_the_servers_reason() {
    let Some(python) = smtp::python_or_skip("outbox_smtp") else {
        return;
    };
    let (dir, mail_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = smtp::free_port();
    let server = SmtpServer::start(
        &python,
        mail_dir.path(),
        port,
        &Options {
            reject: vec!["nobody@example.kz".into()],
            ..Options::default()
        },
    );
    let mut desk = desk(dir.path(), port, "none");
    let row = desk.register_appeal(&appeal("user@example.kz")).unwrap();
    desk.send_outbox().unwrap();
    let letter = dir.path().join("хабарлама.pdf");
    let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&letter, &data).unwrap();
    let mut values = desk_app::outbox::parse_values(&[
        "grounds=Жүйе журналы бойынша іркіліс жоқ".into(),
        "supporting=Скриншот қоса берілді".into(),
    ])
    .unwrap();
    values.insert(
        desk_notify_field("refuted_at"),
        to_astana_display(Utc::now()),
    );
    let e = desk
        .queue_notice(&row.number, "refutation", Lang::Ru, &values, &[], &[letter])
        .unwrap();
    assert_eq!(e.attachments, vec!["хабарлама.pdf".to_owned()]);
    desk.queue_notice(
        &row.number,
        "refutation",
        Lang::En,
        &values,
        &["nobody@example.kz".into()],
        &[],
    )
    .unwrap();
    let r = desk.send_outbox().unwrap();
    assert_eq!((r.sent.len(), r.failed.len()), (1, 1), "{r:?}");
    let got = server.wait_for(2, WAIT);
    assert_eq!(got.len(), 2);
    let msg = &got[1]["message"];
    assert!(msg["subject"].as_str().unwrap().contains("не подтверждён"));
    assert!(
        msg["body"]
            .as_str()
            .unwrap()
            .contains("Основания: Жүйе журналы")
    );
    let files = msg["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["name"], "хабарлама.pdf");
    assert_eq!(files[0]["content_type"], "application/pdf");
    assert_eq!(files[0]["sha256"], hex(&Sha256::digest(&data)));
    let failed = desk
        .outbox()
        .unwrap()
        .into_iter()
        .find(|m| m.state == "failed")
        .unwrap();
    assert!(failed.detail.contains("550"), "{}", failed.detail);
    assert_eq!(failed.to, vec!["nobody@example.kz".to_owned()]);
    // 002 §32: the refutation notice sent meets its obligation; the appeal's page shows
    // the failed one with the server's answer.
    let detail = desk.appeal_detail(&row.id.to_string()).unwrap();
    let on_page = detail.mails.iter().find(|m| m.state == "failed").unwrap();
    assert!(on_page.detail.contains("550"));
    assert_eq!(detail.mails.len(), 3);
    assert!(
        detail
            .events
            .iter()
            .any(|e| e.kind == EventKind::RefutationNotified)
    );
    server.stop();
}

#[test]
fn starttls_and_implicit_tls_with_a_test_ca_and_a_password_from_the_keyring() {
    let Some(python) = smtp::python_or_skip("outbox_smtp") else {
        return;
    };
    let pki = tempfile::tempdir().unwrap();
    let (ca, cert, key) = smtp::tls_files(pki.path());
    for (security, implicit) in [("starttls", false), ("tls", true)] {
        let (dir, mail_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let port = smtp::free_port();
        let login = format!("desk-{}", uuid_like());
        let server = SmtpServer::start(
            &python,
            mail_dir.path(),
            port,
            &Options {
                tls: Some((cert.clone(), key.clone())),
                implicit_tls: implicit,
                auth: Some((login.clone(), "пароль-Ұ1".into())),
                ..Options::default()
            },
        );
        let mut desk = desk(dir.path(), port, security);
        desk.set_smtp_settings(&SmtpForm {
            host: "127.0.0.1".into(),
            port: port.to_string(),
            security: security.into(),
            user: login,
            from: "desk@example.kz".into(),
            ca_file: ca.display().to_string(),
            password: "пароль-Ұ1".into(),
        })
        .unwrap();
        assert!(
            desk.smtp_settings().unwrap().password.is_empty(),
            "never read back"
        );
        desk.register_appeal(&appeal("user@example.kz")).unwrap();
        let r = desk.send_outbox().unwrap();
        assert_eq!(
            r.sent.len(),
            1,
            "{security}: {r:?} {:?}",
            desk.outbox().unwrap()
        );
        let got = server.wait_for(1, WAIT);
        assert_eq!(got[0]["tls"], true, "{security}");
        assert_eq!(got[0]["authenticated"], true, "{security}");
        server.stop();
    }
}

#[test]
fn an_interrupted_attempt_is_reported_not_resent_until_the_operator_says_so() {
    let Some(python) = smtp::python_or_skip("outbox_smtp") else {
        return;
    };
    let (dir, mail_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = smtp::free_port();
    let server = SmtpServer::start(&python, mail_dir.path(), port, &Options::default());
    let mut desk = desk(dir.path(), port, "none");
    desk.register_appeal(&appeal("user@example.kz")).unwrap();
    let id = desk.outbox().unwrap()[0].id.clone();
    // A sender claimed it eleven minutes ago and never recorded an outcome (killed
    // after the server may have accepted it).
    {
        let mut store = desk_store_open(dir.path());
        let claimed_at = Utc::now() - chrono::Duration::minutes(11);
        store
            .record_attempt(
                &id,
                &[desk_store::MailState::Queued],
                &desk_store::Attempt::Sending,
                &desk_store::Actor {
                    user: "supervisor1".into(),
                },
                claimed_at,
            )
            .unwrap()
            .unwrap();
    }
    let r = desk.send_outbox_due_by(later()).unwrap();
    assert_eq!(r.uncertain, vec![id.clone()]);
    assert!(r.sent.is_empty());
    assert_eq!(desk.outbox().unwrap()[0].state, "uncertain");
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.messages().is_empty(), "not sent again silently");
    // The operator checked and asks for it again: sent with the Message-ID it always had.
    let before = desk.outbox().unwrap()[0].message_id.clone();
    assert_eq!(desk.retry_mail(&id).unwrap().state, "retry");
    assert_eq!(desk.send_outbox().unwrap().sent, vec![id]);
    let got = server.wait_for(1, WAIT);
    assert_eq!(got[0]["message"]["message_id"], before.as_str());
    server.stop();
}

fn desk_store_open(dir: &Path) -> desk_store::Store {
    desk_store::Store::open_in_dir(dir).unwrap()
}

fn desk_notify_field(code: &str) -> desk_notify::NoticeField {
    desk_notify::NoticeField::from_code(code).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn uuid_like() -> String {
    format!(
        "{}",
        std::process::id() as u64 * 1_000 + u64::from(Utc::now().timestamp_subsec_micros() % 1000)
    )
}
