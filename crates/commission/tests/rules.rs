//! The Commission's rules, each with its clause (003 ch. 3–4; shared/specs/commission.md).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use desk_commission::*;
use desk_i18n::Lang;
use proptest::prelude::*;

const IDS: [&str; 9] = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"];

/// `n` members, `m1` the chair.
fn seats(n: usize) -> Vec<Seat<'static>> {
    IDS[..n]
        .iter()
        .enumerate()
        .map(|(i, id)| Seat {
            id,
            role: if i == 0 { Role::Chair } else { Role::Member },
        })
        .collect()
}

/// Votes of the first members present, in order; the others absent.
fn item(n: usize, votes: &[Vote]) -> Tally {
    let present: Vec<&str> = IDS[..votes.len()].to_vec();
    let votes: Vec<(&str, Vote)> = present.iter().copied().zip(votes.iter().copied()).collect();
    tally(&seats(n), &present, &votes).unwrap()
}

use Vote::{Abstain as A, Against as X, For as F, Recused as R};

#[test]
fn issue_17_three_present_voting_2_1_is_not_a_decision_of_five() {
    // 003 §10: 3 of 5 is a quorum; 003 §13: 2 for is not a majority of all five.
    let t = item(5, &[F, F, X]);
    assert_eq!((t.quorum, t.needed, t.votes_for), (3, 3, 2));
    assert_eq!(t.outcome, Outcome::NotAdopted);
    assert_eq!(t.casting_vote, None);
}

#[test]
fn issue_17_four_present_2_2_with_the_chair_for_is_adopted() {
    // 003 §13: on a tie the chair's vote counts twice: 3 of 5.
    let t = item(5, &[F, F, X, X]);
    assert_eq!((t.counted_for, t.needed), (3, 3));
    assert_eq!(t.outcome, Outcome::Adopted);
    assert_eq!(t.casting_vote, Some(Side::For));
}

#[test]
fn issue_17_seven_members_four_present_2_2_with_the_chair_for_is_not() {
    // 003 §13: the doubled vote gives 3 of 7; a majority of all needs 4.
    let t = item(7, &[F, F, X, X]);
    assert_eq!((t.counted_for, t.needed, t.quorum), (3, 4, 4));
    assert_eq!(t.outcome, Outcome::NotAdopted);
    assert_eq!(t.casting_vote, Some(Side::For));
}

#[test]
fn the_worked_cases_of_the_contract() {
    // docs/contracts/commission.md §2, row by row.
    assert_eq!(item(5, &[F, F]).outcome, Outcome::NoQuorum); // 003 §10
    assert_eq!(item(5, &[F, F, F, X]).outcome, Outcome::Adopted);
    let t = item(5, &[X, F, F, X]);
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::NotAdopted, Some(Side::Against))
    );
    let t = item(7, &[F, F, F, X, X, X]);
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::Adopted, Some(Side::For))
    );
    // The chair abstains: no deciding vote.
    let t = item(5, &[A, F, F, X, X]);
    assert_eq!((t.outcome, t.casting_vote), (Outcome::NotAdopted, None));
    // A recused member counts for the quorum, not for the decision.
    let t = item(5, &[F, F, R]);
    assert_eq!(
        (t.outcome, t.present, t.recused),
        (Outcome::NotAdopted, 3, 1)
    );
}

#[test]
fn without_the_chair_the_acting_chair_decides_a_tie() {
    // 003 §8: "Комиссия төрағасы болмаған жағдайда … міндетін атқарушы тұлғаға".
    let mut s = seats(5);
    s[1].role = Role::ActingChair;
    let present = ["m2", "m3", "m4", "m5"];
    let votes = [("m2", F), ("m3", F), ("m4", X), ("m5", X)];
    let t = tally(&s, &present, &votes).unwrap();
    assert_eq!(
        (t.outcome, t.casting_vote, t.chairing),
        (Outcome::Adopted, Some(Side::For), Some(1))
    );
    // With the chair present, the acting chair is a member like any other.
    let present = ["m1", "m2", "m3", "m4"];
    let votes = [("m1", X), ("m2", F), ("m3", F), ("m4", X)];
    let t = tally(&s, &present, &votes).unwrap();
    assert_eq!(
        (t.outcome, t.casting_vote),
        (Outcome::NotAdopted, Some(Side::Against))
    );
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    // 003 §5: an odd number, at least five.
    for n in [3, 4, 6] {
        let e = tally(&seats(n), &[], &[]).unwrap_err();
        assert_eq!(e.field(), "members", "{n}");
    }
    let mut two = seats(5);
    two[3].role = Role::Chair;
    assert_eq!(
        tally(&two, &[], &[]).unwrap_err().field(),
        "members[3].role"
    );
    let mut none = seats(5);
    none[0].role = Role::Member;
    assert_eq!(
        tally(&none, &[], &[]).unwrap_err(),
        CommissionError::NoChair
    );
    let mut dup = seats(5);
    dup[4].id = "m2";
    assert_eq!(tally(&dup, &[], &[]).unwrap_err().field(), "members[4].id");
    let s = seats(5);
    let p = ["m1", "m2", "m3"];
    let e = tally(&s, &p, &[("m1", F), ("m2", F), ("m4", F)]).unwrap_err();
    assert_eq!(e.field(), "votes.m4"); // absent
    let e = tally(&s, &p, &[("m1", F), ("m2", F), ("zz", F)]).unwrap_err();
    assert_eq!(e.field(), "votes.zz"); // not a member
    let e = tally(&s, &p, &[("m1", F), ("m2", F), ("m1", X)]).unwrap_err();
    assert_eq!(e, CommissionError::DuplicateVote { id: "m1".into() });
    // 003 §17: every present member votes.
    let e = tally(&s, &p, &[("m1", F), ("m2", F)]).unwrap_err();
    assert_eq!(
        (e.field(), e.clone()),
        (
            "votes".into(),
            CommissionError::MissingVote { id: "m3".into() }
        )
    );
    assert_eq!(
        tally(&s, &["m1", "x"], &[]).unwrap_err().field(),
        "present[1]"
    );
    // Each message is one translated line naming the field.
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let m = e.message(lang);
        assert!(
            m.contains("votes") && m.contains("m3") && !m.contains('\n'),
            "{m}"
        );
        assert!(m.contains("003 §17"), "{m}");
    }
}

fn composition(orgs: &[&str]) -> Composition {
    Composition {
        order: ApprovalOrder {
            number: "45-ө".into(),
            date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        },
        members: orgs
            .iter()
            .enumerate()
            .map(|(i, org)| Member {
                id: IDS[i].into(),
                name: format!("Мүше {i}"),
                role: if i == 0 {
                    Standing::Chair
                } else {
                    Standing::Member
                },
                organisation: (*org).into(),
                position: format!("лауазым {i}"),
            })
            .collect(),
    }
}

#[test]
fn a_composition_without_the_chamber_is_allowed_with_a_warning() {
    // 003 §5: the "Atameken" representative is included "by agreement".
    let c = composition(&["АО", "АО", "АО", "АО", "АО"]);
    assert_eq!(
        c.validate().unwrap(),
        vec![Warning::NoChamberRepresentative]
    );
    let c = composition(&["АО", "АО", "НПП «Атамекен»", "АО", "АО"]);
    assert!(c.validate().unwrap().is_empty());
    let c = composition(&["АО", "АО", "АО", "АО"]);
    assert_eq!(c.validate().unwrap_err().field(), "members");
    let mut c = composition(&["АО"; 5]);
    c.order.number = " ".into();
    assert_eq!(c.validate().unwrap_err().field(), "order.number");
}

fn meeting(present: &[&str], acting: Option<&str>) -> Meeting {
    let c = composition(&["АО", "Атамекен", "АО", "АО", "АО"]);
    let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let present = present.iter().map(|p| (*p).to_owned()).collect();
    Meeting::open(c, date, present, acting.map(str::to_owned))
        .unwrap()
        .0
}

#[test]
fn no_vote_is_taken_without_a_quorum() {
    // 003 §10: the quorum is checked before any vote.
    let m = meeting(&["m1", "m2"], None);
    let mut i = Item::new("ЭСА", Proposal::Test).unwrap();
    let e = m.cast(&mut i, "m1", F, None).unwrap_err();
    assert_eq!(
        e,
        CommissionError::NoQuorum {
            present: 2,
            quorum: 3
        }
    );
    assert!(i.ballots.is_empty());
}

#[test]
fn votes_at_a_meeting_are_by_present_members_once_and_recusal_declares_the_conflict() {
    let m = meeting(&["m1", "m2", "m3", "m4"], None);
    let mut i = Item::new("ЭСА", Proposal::Connect).unwrap();
    m.cast(&mut i, "m1", F, None).unwrap();
    assert_eq!(
        m.cast(&mut i, "m1", X, None).unwrap_err().field(),
        "votes.m1"
    );
    assert_eq!(
        m.cast(&mut i, "m5", F, None).unwrap_err(),
        CommissionError::Absent { id: "m5".into() }
    );
    assert_eq!(
        m.cast(&mut i, "m9", F, None).unwrap_err(),
        CommissionError::NotMember { id: "m9".into() }
    );
    assert_eq!(
        m.cast(&mut i, "m2", R, Some(" ")).unwrap_err().field(),
        "votes.m2.conflict"
    );
    m.cast(&mut i, "m2", R, Some("өтініш берушінің қызметкері болған"))
        .unwrap();
    m.cast(&mut i, "m3", F, None).unwrap();
    m.cast(&mut i, "m4", X, None).unwrap();
    // 2 for of 5 with a recusal: not a majority of all (003 §13).
    let t = m.tally(&i).unwrap();
    assert_eq!(
        (t.outcome, t.votes_for, t.recused),
        (Outcome::NotAdopted, 2, 1)
    );
    // 003 §16: a dissent is a present member's, with the position from the composition.
    m.dissent(&mut i, "m4", "Қауіпсіздік хаттамасы жоқ")
        .unwrap();
    assert_eq!(i.dissents[0].position, "лауазым 3");
    assert_eq!(
        m.dissent(&mut i, "m5", "x").unwrap_err().field(),
        "dissents.m5"
    );
    assert_eq!(
        m.dissent(&mut i, "m3", " ").unwrap_err().field(),
        "dissents.m3.text"
    );
    // 003 §14: the chair and every member who voted sign; the recused member did not vote.
    assert_eq!(m.signers(std::slice::from_ref(&i)), vec!["m1", "m3", "m4"]);
    assert_eq!(
        m.check_signer(&[i.clone()], "m2").unwrap_err().field(),
        "signers.m2"
    );
    assert!(m.check_signer(&[i], "m4").is_ok());
}

#[test]
fn an_acting_chair_only_stands_in_for_an_absent_chair() {
    // 003 §8.
    let m = meeting(&["m2", "m3", "m4", "m5"], Some("m2"));
    assert_eq!(m.chairing(), Some("m2"));
    let mut i = Item::new("ЭСА", Proposal::Test).unwrap();
    for (id, v) in [("m2", F), ("m3", F), ("m4", X), ("m5", X)] {
        m.cast(&mut i, id, v, None).unwrap();
    }
    assert_eq!(m.tally(&i).unwrap().outcome, Outcome::Adopted);
    assert_eq!(m.signers(&[i])[0], "m2");
    let c = composition(&["Атамекен"; 5]);
    let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let p = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    for (present, acting) in [
        (p(&["m1", "m2", "m3"]), "m2"),
        (p(&["m2", "m3", "m4"]), "m5"),
    ] {
        let e = Meeting::open(c.clone(), d, present, Some(acting.into())).unwrap_err();
        assert_eq!(e.field(), "acting_chair");
    }
}

#[test]
fn a_refusal_needs_a_reasoned_answer() {
    // 003 §7.3: "міндетті түрде дәлелді жауап бере отырып".
    let e = Item::new(
        "ЭСА",
        Proposal::Refuse {
            reasons: "  ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), "reasons");
    assert!(
        Item::new(
            "ЭСА",
            Proposal::Refuse {
                reasons: "App. 3 п. 5 жоқ".into()
            }
        )
        .is_ok()
    );
}

#[test]
fn the_protocol_is_due_within_two_working_days_and_a_late_one_is_only_marked() {
    // 003 §14: Thursday 26.11.2026 → Monday 30.11.2026 (the weekend is not counted).
    let d = |s: &str| NaiveDate::parse_from_str(s, "%d.%m.%Y").unwrap();
    assert_eq!(protocol_due(d("26.11.2026")), d("30.11.2026"));
    assert!(!is_late(d("26.11.2026"), d("30.11.2026")));
    assert!(is_late(d("26.11.2026"), d("01.12.2026")));
}

fn vote() -> impl Strategy<Value = Vote> {
    prop_oneof![Just(F), Just(X), Just(A), Just(R)]
}

proptest! {
    /// 003 §13: never adopted with fewer than a majority of all for, counting the chairing
    /// person's vote twice only on a tie; 003 §10: never decided without a quorum; a
    /// recused member counts as present.
    #[test]
    fn the_decision_needs_a_majority_of_all(n in prop::sample::select(vec![5usize, 7, 9]), present in 0usize..=9, votes in prop::collection::vec(vote(), 9)) {
        let present = present.min(n);
        let t = item(n, &votes[..present]);
        if present * 2 < n {
            prop_assert_eq!(t.outcome, Outcome::NoQuorum);
        } else {
            let fors = votes[..present].iter().filter(|v| **v == F).count();
            let againsts = votes[..present].iter().filter(|v| **v == X).count();
            let bonus = usize::from(fors == againsts && present > 0 && votes[0] == F);
            prop_assert_eq!(t.present, present);
            prop_assert_eq!(t.outcome == Outcome::Adopted, fors + bonus > n / 2);
            prop_assert!(t.votes_for + t.against + t.abstain + t.recused == present);
        }
    }
}

#[test]
fn a_meeting_sees_the_composition_in_force_on_its_date() {
    // Issue 17 §1: composition changes are versions; the protocol shows the one in force.
    let d = |s: &str| NaiveDate::parse_from_str(s, "%d.%m.%Y").unwrap();
    let mut first = composition(&["АО"; 5]);
    first.order.date = d("15.01.2026");
    let mut second = composition(&["Атамекен"; 5]);
    second.order = ApprovalOrder {
        number: "90-ө".into(),
        date: d("01.06.2026"),
    };
    let mut same_day = second.clone();
    same_day.order.number = "91-ө".into();
    let versions = [first, second, same_day];
    assert_eq!(in_force(&versions, d("10.01.2026")), None);
    assert_eq!(
        in_force(&versions, d("31.05.2026")).unwrap().order.number,
        "45-ө"
    );
    // Of two approved on the same day, the one recorded later.
    assert_eq!(
        in_force(&versions, d("26.11.2026")).unwrap().order.number,
        "91-ө"
    );
}
