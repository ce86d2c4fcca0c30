//! The decision rule (shared/specs/commission.md): the one count the meeting screen, the
//! protocol and `desk commission tally` all use.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CommissionError;

/// A member's place at a meeting. An acting chair is a member like any other who chairs
/// when the chair is absent (003 §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Chair,
    ActingChair,
    Member,
}

/// One present member's answer on one item (003 §17: every present member votes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    For,
    Against,
    Abstain,
    /// A declared conflict of interest: present for the quorum, not voting, not counted.
    Recused,
}

/// The side a doubled vote went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    For,
    Against,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Adopted,
    NotAdopted,
    /// 003 §10: fewer than half the members present; no vote is counted.
    NoQuorum,
}

/// A member as the count needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat<'a> {
    pub id: &'a str,
    pub role: Role,
}

/// The counts and the outcome of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub members: usize,
    pub present: usize,
    pub quorum: usize,
    /// The votes as cast; the doubled vote is not added here.
    pub votes_for: usize,
    pub against: usize,
    pub abstain: usize,
    pub recused: usize,
    pub needed: usize,
    /// The side of the chairing person's doubled vote on a tie (003 §13).
    pub casting_vote: Option<Side>,
    /// `votes_for` with the doubled vote when it went for: what is held against `needed`.
    pub counted_for: usize,
    pub outcome: Outcome,
    /// The index in `members` of the person chairing the meeting, when present (003 §8).
    pub chairing: Option<usize>,
}

/// 003 §10: "кворум комиссия мүшелері санының кемінде жартысын құрайды" — at least half:
/// `present ≥ members / 2`, so 3 of 5, 4 of 7.
pub fn quorum(members: usize) -> usize {
    members.div_ceil(2)
}

/// 003 §13: "Комиссия мүшелерінің жалпы санының көпшілік даусымен" — a majority of the
/// total number of members, present or not.
pub fn needed(members: usize) -> usize {
    members / 2 + 1
}

/// 003 §5 and §8: an odd number of members, at least five; ids given and unique; exactly
/// one chair; at most one acting chair.
pub fn check_seats(seats: &[Seat<'_>]) -> Result<(), CommissionError> {
    if seats.len() < 5 || seats.len().is_multiple_of(2) {
        return Err(CommissionError::Size { count: seats.len() });
    }
    let mut chair = false;
    let mut acting = false;
    for (index, s) in seats.iter().enumerate() {
        if s.id.trim().is_empty() {
            return Err(CommissionError::EmptyId { index });
        }
        if seats[..index].iter().any(|o| o.id == s.id) {
            return Err(CommissionError::DuplicateMember {
                index,
                id: s.id.to_owned(),
            });
        }
        match s.role {
            Role::Chair if chair => return Err(CommissionError::SecondChair { index }),
            Role::Chair => chair = true,
            Role::ActingChair if acting => {
                return Err(CommissionError::SecondActingChair { index });
            }
            Role::ActingChair => acting = true,
            Role::Member => {}
        }
    }
    if !chair {
        return Err(CommissionError::NoChair);
    }
    Ok(())
}

/// Checks one item's attendance and votes and counts them.
///
/// Refused (typed, naming the field): the composition of [`check_seats`]; an id in
/// `present` that is no member or is repeated; a vote by a non-member, an absent member,
/// or a second one; with a quorum, a present member without a vote (003 §17).
pub fn tally(
    seats: &[Seat<'_>],
    present: &[&str],
    votes: &[(&str, Vote)],
) -> Result<Tally, CommissionError> {
    check_seats(seats)?;
    for (index, id) in present.iter().enumerate() {
        if !seats.iter().any(|s| s.id == *id) {
            return Err(CommissionError::UnknownPresent {
                index,
                id: (*id).to_owned(),
            });
        }
        if present[..index].contains(id) {
            return Err(CommissionError::DuplicatePresent {
                index,
                id: (*id).to_owned(),
            });
        }
    }
    for (i, (id, _)) in votes.iter().enumerate() {
        let id = (*id).to_owned();
        if !seats.iter().any(|s| s.id == id) {
            return Err(CommissionError::NotMember { id });
        }
        if !present.contains(&id.as_str()) {
            return Err(CommissionError::Absent { id });
        }
        if votes[..i].iter().any(|(o, _)| *o == id) {
            return Err(CommissionError::DuplicateVote { id });
        }
    }
    let members = seats.len();
    let vote_of = |id: &str| votes.iter().find(|(v, _)| *v == id).map(|(_, v)| *v);
    let is_present = |role: Role| {
        seats
            .iter()
            .position(|s| s.role == role && present.contains(&s.id))
    };
    // 003 §8: the chair chairs; in the chair's absence, the acting person.
    let chairing = is_present(Role::Chair).or_else(|| is_present(Role::ActingChair));
    let mut t = Tally {
        members,
        present: present.len(),
        quorum: quorum(members),
        votes_for: 0,
        against: 0,
        abstain: 0,
        recused: 0,
        needed: needed(members),
        casting_vote: None,
        counted_for: 0,
        outcome: Outcome::NoQuorum,
        chairing,
    };
    // 003 §10: without a quorum no vote is counted at all.
    if t.present < t.quorum {
        return Ok(t);
    }
    if let Some(id) = present.iter().find(|id| vote_of(id).is_none()) {
        return Err(CommissionError::MissingVote {
            id: (*id).to_owned(),
        });
    }
    let count = |v: Vote| votes.iter().filter(|(_, x)| *x == v).count();
    t.votes_for = count(Vote::For);
    t.against = count(Vote::Against);
    t.abstain = count(Vote::Abstain);
    t.recused = count(Vote::Recused);
    // 003 §13, both sentences at once: on a tie the chairing person's vote counts twice
    // on its own side, and the majority of all members is then required of that count. A
    // chairing person who abstains or is recused casts no deciding vote.
    if t.votes_for == t.against {
        t.casting_vote = chairing.and_then(|i| match vote_of(seats[i].id) {
            Some(Vote::For) => Some(Side::For),
            Some(Vote::Against) => Some(Side::Against),
            _ => None,
        });
    }
    t.counted_for = t.votes_for + usize::from(t.casting_vote == Some(Side::For));
    t.outcome = if t.counted_for >= t.needed {
        Outcome::Adopted
    } else {
        Outcome::NotAdopted
    };
    Ok(t)
}
