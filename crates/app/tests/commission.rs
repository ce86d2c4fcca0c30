//! The Commission kept in the journal (issue 17): a composition, a meeting, its roll
//! call, votes with the decision by the one rule, dissents, the protocol due within 2 WD
//! (late is marked, never refused) and its signatures. Each bad input of issue 17 item 7
//! is refused naming the field, in every language, and writes nothing.

#![allow(clippy::unwrap_used)]

use chrono::{Days, Utc};
use desk_app::commission::{AgendaItem, CompositionForm, MeetingForm, OrderForm};
use desk_app::desk_commission::{Member, Outcome, Proposal, Standing, Vote, Warning};
use desk_app::desk_i18n::Lang;
use desk_app::desk_journal::Role;
use desk_app::{AppError, Desk, ErrorCode};

fn member(id: &str, role: Standing, organisation: &str) -> Member {
    Member {
        id: id.into(),
        name: format!("Мүше {id}"),
        role,
        organisation: organisation.into(),
        position: format!("Лауазым {id}"),
    }
}

fn composition(n: usize) -> CompositionForm {
    CompositionForm {
        order: OrderForm {
            number: "15-П".into(),
            date: "02.11.2026".into(),
        },
        valid_from: Some("2026-01-01".into()),
        members: (1..=n)
            .map(|i| {
                let role = if i == 1 {
                    Standing::Chair
                } else {
                    Standing::Member
                };
                let org = if i == n {
                    "НПП «Атамекен»"
                } else {
                    "Оператор"
                };
                member(&format!("m{i}"), role, org)
            })
            .collect(),
    }
}

fn form(number: &str, date: &str) -> MeetingForm {
    MeetingForm {
        number: number.into(),
        date: date.into(),
        time: "10:00".into(),
        place: "Астана, Мәңгілік Ел 8".into(),
        agenda: vec![
            AgendaItem {
                title: "«Ақ Жол» ЖШС сауда алаңын сынауға жіберу".into(),
                proposal: Proposal::Test,
            },
            AgendaItem {
                title: "«Береке» ЖШС өтінімі".into(),
                proposal: Proposal::Refuse {
                    reasons: "2-нысанға ақпараттық қауіпсіздік сынағының хаттамасы қоса берілмеген"
                        .into(),
                },
            },
        ],
    }
}

fn desk(dir: &std::path::Path) -> Desk {
    let mut desk = Desk::open(Some(dir)).unwrap().with_user("secretary");
    desk.set_workstation("AST1").unwrap();
    desk
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn today() -> String {
    desk_app::desk_journal::time::to_astana_display(Utc::now())[..10].to_owned()
}

/// The field and the messages in all three languages of a refusal, after checking it is
/// the user's to fix and that each message is one line naming the field.
fn refused(e: AppError, field: &str) {
    assert_eq!((e.code(), e.exit_code()), (ErrorCode::Refused, 2), "{e}");
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let m = e.message(lang);
        assert!(m.starts_with(field), "{lang:?}: {m}");
        assert!(!m.contains('\n') && !m.contains("commission-err"), "{m}");
    }
}

/// The Commission's audit entries, one per row written.
fn commission_rows(dir: &std::path::Path) -> usize {
    desk_store::Store::open_in_dir(dir)
        .unwrap()
        .audit()
        .unwrap()
        .iter()
        .filter(|e| e.entity == "commission")
        .count()
}

#[test]
fn a_meeting_goes_from_the_roll_call_to_a_signed_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let c = desk.commission_set_members(&composition(5)).unwrap();
    assert!(c.warnings.is_empty());
    let date = today();
    desk.commission_new_meeting(&form("7", &date), Lang::Kk)
        .unwrap();
    // 4 of 5 present, the chair among them.
    desk.commission_attend("7", &ids(&["m1", "m2", "m3", "m4"]), None, Lang::Kk)
        .unwrap();
    // Item 1: 2–2 with the chair for → 3 of 5, adopted (003 §13).
    for (m, v) in [
        ("m1", Vote::For),
        ("m2", Vote::For),
        ("m3", Vote::Against),
        ("m4", Vote::Against),
    ] {
        desk.commission_vote("7", 1, m, v, None, Lang::Kk).unwrap();
    }
    desk.commission_dissent("7", 1, "m3", "Қауіпсіздік сынағы жоқ", Lang::Kk)
        .unwrap();
    // Item 2: 3 for, one recused with the declared conflict.
    desk.commission_vote("7", 2, "m1", Vote::For, None, Lang::Kk)
        .unwrap();
    desk.commission_vote("7", 2, "m2", Vote::For, None, Lang::Kk)
        .unwrap();
    desk.commission_vote("7", 2, "m3", Vote::For, None, Lang::Kk)
        .unwrap();
    let m = desk
        .commission_vote(
            "7",
            2,
            "m4",
            Vote::Recused,
            Some("Өтініш берушінің кеңесшісі"),
            Lang::Kk,
        )
        .unwrap();
    assert_eq!(m.items[0].outcome, Some(Outcome::Adopted));
    assert_eq!(m.items[1].outcome, Some(Outcome::Adopted));
    assert!(m.items[0].explanation.as_deref().unwrap().contains("§13"));

    let m = desk.commission_draft_protocol("7", None, Lang::Kk).unwrap();
    let p = m.protocol.unwrap();
    assert!(!p.late, "drawn up on the meeting day");
    for expected in [
        "Комиссия отырысының № 7 хаттамасы",
        "Мүше m3 (Лауазым m3): Қауіпсіздік сынағы жоқ",
        "мүдделер қақтығысы: Өтініш берушінің кеңесшісі",
        "2-нысанға ақпараттық қауіпсіздік сынағының хаттамасы",
        "Кворум",
    ] {
        assert!(
            p.text.contains(expected),
            "`{expected}` missing:\n{}",
            p.text
        );
    }
    // 003 §14: the chair and every member who voted; m4 voted on item 1.
    let signers: Vec<&str> = p.signers.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(signers, ["m1", "m2", "m3", "m4"]);

    // The secretary's edit is a new draft; then the members sign it.
    let edited = format!("{}\n\nТүзетілді.", p.text);
    desk.commission_draft_protocol("7", Some(&edited), Lang::Kk)
        .unwrap();
    for s in ["m1", "m2", "m3"] {
        desk.commission_sign("7", s, Lang::Kk).unwrap();
    }
    let m = desk.commission_meeting("7", Lang::Kk).unwrap();
    let p = m.protocol.unwrap();
    assert!(p.text.ends_with("Түзетілді."));
    let signed: Vec<bool> = p.signers.iter().map(|s| s.signed_at.is_some()).collect();
    assert_eq!(signed, [true, true, true, false]);

    // A signed protocol and what it records do not change (issue 17 §6).
    let e = desk
        .commission_draft_protocol("7", Some("басқа"), Lang::Kk)
        .unwrap_err();
    refused(e, "protocol");
    let e = desk
        .commission_dissent("7", 2, "m2", "кеш", Lang::Kk)
        .unwrap_err();
    refused(e, "protocol");
    let e = desk.commission_sign("7", "m2", Lang::Kk).unwrap_err();
    refused(e, "signers.m2");

    let v = desk.verify_journal(None, &mut |_| {}).unwrap();
    assert!(v.intact(), "{:?}", v.problems);
}

#[test]
fn every_bad_input_of_issue_17_item_7_is_refused_naming_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    // 003 §5: an even number, or fewer than five.
    for n in [4, 3, 6] {
        let e = desk.commission_set_members(&composition(n)).unwrap_err();
        refused(e, "members");
    }
    let mut two_chairs = composition(5);
    two_chairs.members[2].role = Standing::Chair;
    refused(
        desk.commission_set_members(&two_chairs).unwrap_err(),
        "members[2].role",
    );
    assert_eq!(commission_rows(dir.path()), 0);
    // No composition in force yet on the meeting date.
    refused(
        desk.commission_new_meeting(&form("1", "2026-11-26"), Lang::Ru)
            .unwrap_err(),
        "date",
    );

    desk.commission_set_members(&composition(5)).unwrap();
    // 003 §7.3: a refusal without reasons.
    let mut no_reasons = form("1", "2026-11-26");
    no_reasons.agenda[1].proposal = Proposal::Refuse {
        reasons: "  ".into(),
    };
    refused(
        desk.commission_new_meeting(&no_reasons, Lang::Ru)
            .unwrap_err(),
        "agenda[1].proposal.reasons",
    );
    let mut bad_time = form("1", "2026-11-26");
    bad_time.time = "25:00".into();
    refused(
        desk.commission_new_meeting(&bad_time, Lang::Ru)
            .unwrap_err(),
        "time",
    );
    desk.commission_new_meeting(&form("1", "2026-11-26"), Lang::Ru)
        .unwrap();
    refused(
        desk.commission_new_meeting(&form("1", "2026-11-27"), Lang::Ru)
            .unwrap_err(),
        "number",
    );
    let before = commission_rows(dir.path());

    // No vote before the roll call, and none without a quorum (003 §10).
    refused(
        desk.commission_vote("1", 1, "m1", Vote::For, None, Lang::Ru)
            .unwrap_err(),
        "present",
    );
    refused(
        desk.commission_attend("1", &ids(&["m1", "m9"]), None, Lang::Ru)
            .unwrap_err(),
        "present[1]",
    );
    // An acting chair only when the chair is absent (003 §8).
    refused(
        desk.commission_attend("1", &ids(&["m1", "m2", "m3"]), Some("m2"), Lang::Ru)
            .unwrap_err(),
        "acting_chair",
    );
    assert_eq!(commission_rows(dir.path()), before);
    desk.commission_attend("1", &ids(&["m1", "m2", "m3"]), None, Lang::Ru)
        .unwrap();
    refused(
        desk.commission_attend("1", &ids(&["m1", "m2", "m3"]), None, Lang::Ru)
            .unwrap_err(),
        "present",
    );
    let before = commission_rows(dir.path());
    // A vote by a non-member, by an absent member, a second vote, an unknown item, a
    // recusal without the conflict.
    for (item, member, vote, conflict, field) in [
        (1, "zz", Vote::For, None, "votes.zz"),
        (1, "m5", Vote::For, None, "votes.m5"),
        (3, "m1", Vote::For, None, "item"),
        (1, "m2", Vote::Recused, None, "votes.m2.conflict"),
    ] {
        let e = desk
            .commission_vote("1", item, member, vote, conflict, Lang::Ru)
            .unwrap_err();
        refused(e, field);
    }
    desk.commission_vote("1", 1, "m1", Vote::For, None, Lang::Ru)
        .unwrap();
    refused(
        desk.commission_vote("1", 1, "m1", Vote::Against, None, Lang::Ru)
            .unwrap_err(),
        "votes.m1",
    );
    assert_eq!(commission_rows(dir.path()), before + 1);
    // A protocol of an item not every present member voted on names who has not.
    let e = desk
        .commission_draft_protocol("1", None, Lang::Ru)
        .unwrap_err();
    assert!(e.message(Lang::Ru).contains("«m2»"), "{e}");
    refused(e, "votes");
    // A dissent by an absent member.
    refused(
        desk.commission_dissent("1", 1, "m5", "нет", Lang::Ru)
            .unwrap_err(),
        "dissents.m5",
    );
    // No protocol to sign yet; then signing by someone who did not vote (003 §14).
    refused(
        desk.commission_sign("1", "m1", Lang::Ru).unwrap_err(),
        "protocol",
    );
    for (m, v) in [("m2", Vote::Against), ("m3", Vote::Abstain)] {
        desk.commission_vote("1", 1, m, v, None, Lang::Ru).unwrap();
    }
    for m in ["m1", "m2", "m3"] {
        desk.commission_vote("1", 2, m, Vote::For, None, Lang::Ru)
            .unwrap();
    }
    desk.commission_draft_protocol("1", None, Lang::Ru).unwrap();
    refused(
        desk.commission_sign("1", "m4", Lang::Ru).unwrap_err(),
        "signers.m4",
    );
    refused(
        desk.commission_sign("404", "m1", Lang::Ru).unwrap_err(),
        "meeting",
    );
    let v = desk.verify_journal(None, &mut |_| {}).unwrap();
    assert!(v.intact(), "{:?}", v.problems);
}

#[test]
fn a_late_protocol_is_produced_and_marked_late() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    desk.commission_set_members(&composition(5)).unwrap();
    // A meeting a month ago: the 2 working days are long past (003 §14).
    let past = Utc::now().date_naive() - Days::new(30);
    desk.commission_new_meeting(&form("3", &past.to_string()), Lang::Ru)
        .unwrap();
    // 2 of 5: no quorum, each item decided `no_quorum` with the roll call.
    let m = desk
        .commission_attend("3", &ids(&["m1", "m2"]), None, Lang::Ru)
        .unwrap();
    assert!(!m.has_quorum);
    assert!(m.items.iter().all(|i| i.outcome == Some(Outcome::NoQuorum)));
    refused(
        desk.commission_vote("3", 1, "m1", Vote::For, None, Lang::Ru)
            .unwrap_err(),
        "present",
    );
    let p = desk
        .commission_draft_protocol("3", None, Lang::Ru)
        .unwrap()
        .protocol
        .unwrap();
    assert!(p.late);
    assert!(p.text.contains("с опозданием"), "{}", p.text);
    assert!(p.text.contains("Кворума нет"), "{}", p.text);
    // Without a vote, only the chair signs.
    assert_eq!(p.signers.len(), 1);
}

#[test]
fn the_commissions_records_are_kept_by_a_specialist_or_a_supervisor() {
    let dir = tempfile::tempdir().unwrap();
    let mut boss = desk(dir.path());
    boss.set_role("aigerim", Role::Operator).unwrap();
    boss.set_role("dana", Role::Specialist).unwrap();
    drop(boss);
    let mut op = Desk::open(Some(dir.path())).unwrap().with_user("aigerim");
    let e = op.commission_set_members(&composition(5)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let mut sp = Desk::open(Some(dir.path())).unwrap().with_user("dana");
    let c = sp.commission_set_members(&composition(5)).unwrap();
    assert_eq!(c.members.len(), 5);
    // A composition without the chamber is allowed, with a warning (003 §5).
    let mut no_chamber = composition(5);
    no_chamber.members[4].organisation = "Оператор".into();
    let c = sp.commission_set_members(&no_chamber).unwrap();
    assert_eq!(c.warnings, [Warning::NoChamberRepresentative]);
    assert_eq!(sp.commission_compositions().unwrap().len(), 2);
}
