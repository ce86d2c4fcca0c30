//! The protocol signed from the window (issue 17 §6, 003 §14): each member who voted
//! signs the one PDF with their own key, one after another; the journal records a
//! signature only together with the signature in the file, and a refused or failed
//! signing leaves both as they were.

#![allow(clippy::unwrap_used)]

use chrono::Utc;
use desk_app::commission::{AgendaItem, CompositionForm, MeetingForm, OrderForm};
use desk_app::desk_commission::{Member, Outcome, Proposal, Standing, Vote};
use desk_app::desk_i18n::Lang;
use desk_app::{AppError, Desk, ErrorCode};
use desk_testkit::checkers;
use desk_testkit::pki::{Ca, Key, PASSWORD};

fn composition() -> CompositionForm {
    CompositionForm {
        order: OrderForm {
            number: "15-П".into(),
            date: "02.11.2026".into(),
        },
        valid_from: None,
        members: (1..=5)
            .map(|i| Member {
                id: format!("m{i}"),
                name: format!("Мүше {i}"),
                role: if i == 1 {
                    Standing::Chair
                } else {
                    Standing::Member
                },
                organisation: if i == 5 {
                    "НПП «Атамекен»"
                } else {
                    "Оператор"
                }
                .into(),
                position: format!("Лауазым {i}"),
            })
            .collect(),
    }
}

/// Meeting 3 of today: 4 of 5 present, one item voted 3–1 with a dissent (the walk of
/// issue 17's end-to-end test), its protocol drawn up.
fn decided_meeting(dir: &std::path::Path) -> Desk {
    let mut desk = Desk::open(Some(dir)).unwrap().with_user("secretary");
    desk.set_workstation("AST1").unwrap();
    desk.commission_set_members(&composition()).unwrap();
    let date = desk_app::desk_journal::time::to_astana_display(Utc::now())[..10].to_owned();
    desk.commission_new_meeting(
        &MeetingForm {
            number: "3".into(),
            date,
            time: "10:00".into(),
            place: "Астана".into(),
            agenda: vec![AgendaItem {
                title: "«Ақ Жол» ЖШС 2-нысандағы өтінімі".into(),
                proposal: Proposal::Connect,
            }],
        },
        Lang::Kk,
    )
    .unwrap();
    let present: Vec<String> = ["m1", "m2", "m3", "m4"].map(String::from).to_vec();
    desk.commission_attend("3", &present, None, Lang::Kk)
        .unwrap();
    for (m, v) in [
        ("m1", Vote::For),
        ("m2", Vote::For),
        ("m3", Vote::For),
        ("m4", Vote::Against),
    ] {
        desk.commission_vote("3", 1, m, v, None, Lang::Kk).unwrap();
    }
    desk.commission_dissent("3", 1, "m4", "Сынақ хаттамасы жоқ", Lang::Kk)
        .unwrap();
    let m = desk.commission_draft_protocol("3", None, Lang::Kk).unwrap();
    assert_eq!(m.items[0].outcome, Some(Outcome::Adopted));
    desk
}

fn signed_count(desk: &Desk) -> usize {
    let m = desk.commission_meeting("3", Lang::Kk).unwrap();
    let p = m.protocol.unwrap();
    p.signers.iter().filter(|s| s.signed_at.is_some()).count()
}

fn refused(e: &AppError) {
    assert_eq!((e.code(), e.exit_code()), (ErrorCode::Refused, 2), "{e}");
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let m = e.message(lang);
        assert!(!m.contains('\n') && !m.contains("-err-"), "{m}");
    }
}

#[test]
fn the_four_voters_sign_one_pdf_one_after_another_and_the_journal_agrees_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = decided_meeting(dir.path());
    let ca = Ca::new();
    let keys = [
        ("m1", ca.signer("chair", Key::Rsa2048)),
        ("m2", ca.signer("member2", Key::P256)),
        ("m3", ca.signer("member3", Key::Rsa2048)),
        ("m4", ca.signer("member4", Key::P256)),
    ];
    for (n, (member, user)) in keys.iter().enumerate() {
        let m = desk
            .commission_sign_protocol("3", member, user.p12.to_str().unwrap(), PASSWORD, Lang::Kk)
            .unwrap();
        let p = m.protocol.unwrap();
        assert_eq!(
            p.signers.iter().filter(|s| s.signed_at.is_some()).count(),
            n + 1
        );
        assert!(p.file.is_some(), "the signed file is named on the meeting");
    }
    let pdf = desk.commission_protocol_path("3");
    assert!(
        !pdf.with_extension("pdf.signing").exists(),
        "no staged file is left"
    );
    // Each signature covers the ones before it: the verifier and pdfsig see four.
    let report = desk.verify_pdf_file(pdf.to_str().unwrap()).unwrap();
    assert_eq!(report.signatures.len(), 4, "{report:?}");
    let sig = checkers::pdfsig(dir.path(), &pdf);
    assert_eq!(sig.matches("Signature is Valid").count(), 4, "{sig}");
    let text = checkers::pdftotext(&pdf);
    assert!(
        text.contains("Сынақ хаттамасы жоқ"),
        "the dissent is printed:\n{text}"
    );
    // "Save as PDF" of a signed protocol gives the signed file, never a new rendering.
    let before = std::fs::read(&pdf).unwrap();
    let f = desk.commission_protocol_file("3", Lang::Kk).unwrap();
    assert_eq!(f.path, pdf.display().to_string());
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}

#[test]
fn a_refused_or_failed_signature_leaves_the_journal_and_the_file_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = decided_meeting(dir.path());
    let ca = Ca::new();
    let chair = ca.signer("chair", Key::Rsa2048);
    let pdf = desk.commission_protocol_path("3");

    // 003 §14: m5 was absent and did not vote; refused before any key is opened.
    let e = desk
        .commission_sign_protocol("3", "m5", "/nonexistent/key.p12", "x", Lang::Kk)
        .unwrap_err();
    refused(&e);
    assert!(
        e.message(Lang::En).starts_with("signers.m5"),
        "{}",
        e.message(Lang::En)
    );
    // A wrong password: nothing recorded, no file written.
    let e = desk
        .commission_sign_protocol("3", "m1", chair.p12.to_str().unwrap(), "wrong", Lang::Kk)
        .unwrap_err();
    refused(&e);
    assert_eq!(signed_count(&desk), 0);
    assert!(!pdf.exists());

    desk.commission_sign_protocol("3", "m1", chair.p12.to_str().unwrap(), PASSWORD, Lang::Kk)
        .unwrap();
    // The chair cannot sign twice, and the file keeps one signature.
    let e = desk
        .commission_sign_protocol("3", "m1", chair.p12.to_str().unwrap(), PASSWORD, Lang::Kk)
        .unwrap_err();
    refused(&e);
    assert_eq!(
        checkers::pdfsig(dir.path(), &pdf)
            .matches("Signature is Valid")
            .count(),
        1
    );

    // With the signed file gone, a new rendering would drop the chair's signature: the
    // next signer is refused, saying so, and nothing is recorded.
    std::fs::remove_file(&pdf).unwrap();
    let m2 = ca.signer("member2", Key::P256);
    let e = desk
        .commission_sign_protocol("3", "m2", m2.p12.to_str().unwrap(), PASSWORD, Lang::Ru)
        .unwrap_err();
    refused(&e);
    assert!(
        e.message(Lang::Ru).contains("резервной копии"),
        "{}",
        e.message(Lang::Ru)
    );
    assert_eq!(signed_count(&desk), 1);
    let e = desk.commission_protocol_file("3", Lang::Ru).unwrap_err();
    refused(&e);
}

#[test]
fn the_notice_lists_the_agenda_and_the_signed_protocol_is_published_with_its_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = decided_meeting(dir.path());
    // 003 §23: the notice names the date, time, place and agenda, to every member.
    let notice = dir.path().join("notice.pdf");
    desk.commission_notice_pdf("3", &notice, Lang::Ru).unwrap();
    let words = checkers::pdftotext(&notice);
    for expected in [
        "Извещение о заседании Комиссии № 3",
        "«Ақ Жол» ЖШС 2-нысандағы өтінімі",
        "Мүше 5",
        "10:00",
    ] {
        assert!(words.contains(expected), "`{expected}` missing:\n{words}");
    }
    // 003 §14–15: published only once every signer has signed.
    let out = dir.path().join("publication");
    let e = desk
        .commission_publish("3", &out, None, Lang::En)
        .unwrap_err();
    refused(&e);
    assert!(
        e.message(Lang::En).starts_with("signers:"),
        "{}",
        e.message(Lang::En)
    );
    assert!(!out.exists(), "nothing written on a refusal");
    let ca = Ca::new();
    for (n, member) in ["m1", "m2", "m3", "m4"].iter().enumerate() {
        let key = ca.signer(&format!("s{n}"), Key::P256);
        desk.commission_sign_protocol("3", member, key.p12.to_str().unwrap(), PASSWORD, Lang::Kk)
            .unwrap();
    }
    desk.commission_publish("3", &out, None, Lang::Kk).unwrap();
    let pdf = std::fs::read(out.join("protocol-3.pdf")).unwrap();
    assert_eq!(
        pdf,
        std::fs::read(desk.commission_protocol_path("3")).unwrap(),
        "the signed file as it is"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("protocol-3.json")).unwrap()).unwrap();
    use sha2::Digest;
    assert_eq!(
        summary["protocol"]["pdf_sha256"],
        hex::encode(sha2::Sha256::digest(&pdf))
    );
    assert_eq!(summary["items"][0]["outcome"], "adopted");
    assert_eq!(
        (
            summary["items"][0]["for"].as_u64(),
            summary["items"][0]["against"].as_u64()
        ),
        (Some(3), Some(1))
    );
    assert_eq!(summary["items"][0]["dissenting_opinions"], 1);
    assert_eq!(
        summary["protocol"]["signed_by"].as_array().unwrap().len(),
        4
    );
    // Decisions are published, not how each member voted.
    assert!(!summary.to_string().contains("\"ballots\""));
}
