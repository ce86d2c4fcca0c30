//! A meeting: attendance, the acting chair, items with their votes and dissenting
//! opinions, the protocol's due date and who signs it (003 §7–17).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::composition::{Composition, Standing};
use crate::tally::{Role, Seat, Tally, Vote, quorum, tally};
use crate::{CommissionError, Warning};

/// What an item puts to the vote (003 §7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Proposal {
    /// 003 §7.1: admit the platform to testing.
    Test,
    /// 003 §7.2: connect it and add it to the list.
    Connect,
    /// 003 §7.3: refuse, "міндетті түрде дәлелді жауап бере отырып" — with reasons.
    Refuse { reasons: String },
    /// Anything else on the agenda.
    Other,
}

/// 003 §16: a member's dissenting opinion, printed in the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dissent {
    pub member: String,
    pub position: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Ballot {
    pub member: String,
    pub vote: Vote,
    /// The conflict of interest a recused member declared.
    pub conflict: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub title: String,
    pub proposal: Proposal,
    pub ballots: Vec<Ballot>,
    pub dissents: Vec<Dissent>,
}

impl Item {
    /// 003 §7.3: a refusal without reasons is refused.
    pub fn new(title: &str, proposal: Proposal) -> Result<Item, CommissionError> {
        if let Proposal::Refuse { reasons } = &proposal
            && reasons.trim().is_empty()
        {
            return Err(CommissionError::RefusalWithoutReasons);
        }
        Ok(Item {
            title: title.trim().to_owned(),
            proposal,
            ballots: Vec::new(),
            dissents: Vec::new(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub date: NaiveDate,
    /// The composition in force on the meeting date.
    pub composition: Composition,
    pub present: Vec<String>,
    /// 003 §8: named when the chair is absent.
    pub acting_chair: Option<String>,
}

impl Meeting {
    /// Checks the composition (003 §5), the attendance and the acting chair (003 §8: only
    /// in the chair's absence, and one of those present). A meeting without a quorum may
    /// be opened — it is recorded — but no vote is taken at it.
    pub fn open(
        composition: Composition,
        date: NaiveDate,
        present: Vec<String>,
        acting_chair: Option<String>,
    ) -> Result<(Meeting, Vec<Warning>), CommissionError> {
        let warnings = composition.validate()?;
        for (index, id) in present.iter().enumerate() {
            if composition.member(id).is_none() {
                return Err(CommissionError::UnknownPresent {
                    index,
                    id: id.clone(),
                });
            }
            if present[..index].contains(id) {
                return Err(CommissionError::DuplicatePresent {
                    index,
                    id: id.clone(),
                });
            }
        }
        if let Some(id) = &acting_chair {
            let chair_present = composition.chair().is_some_and(|c| present.contains(&c.id));
            let is_chair = composition
                .member(id)
                .is_some_and(|m| m.role == Standing::Chair);
            if chair_present || is_chair || !present.contains(id) {
                return Err(CommissionError::ActingChair { id: id.clone() });
            }
        }
        let meeting = Meeting {
            date,
            composition,
            present,
            acting_chair,
        };
        Ok((meeting, warnings))
    }

    pub fn has_quorum(&self) -> bool {
        self.present.len() >= quorum(self.composition.members.len())
    }

    /// Records one present member's vote on `item`. 003 §10: the quorum is checked before
    /// any vote; then the member must be a member, present, voting once, and a recusal
    /// carries the declared conflict of interest.
    pub fn cast(
        &self,
        item: &mut Item,
        member: &str,
        vote: Vote,
        conflict: Option<&str>,
    ) -> Result<(), CommissionError> {
        if !self.has_quorum() {
            return Err(CommissionError::NoQuorum {
                present: self.present.len(),
                quorum: quorum(self.composition.members.len()),
            });
        }
        let id = member.to_owned();
        if self.composition.member(member).is_none() {
            return Err(CommissionError::NotMember { id });
        }
        if !self.present.contains(&id) {
            return Err(CommissionError::Absent { id });
        }
        if item.ballots.iter().any(|b| b.member == id) {
            return Err(CommissionError::DuplicateVote { id });
        }
        let conflict = conflict.map(str::trim).filter(|c| !c.is_empty());
        if vote == Vote::Recused && conflict.is_none() {
            return Err(CommissionError::ConflictUndeclared { id });
        }
        item.ballots.push(Ballot {
            member: id,
            vote,
            conflict: conflict
                .filter(|_| vote == Vote::Recused)
                .map(str::to_owned),
        });
        Ok(())
    }

    /// 003 §16: a present member's dissenting opinion, with the position from the
    /// composition.
    pub fn dissent(
        &self,
        item: &mut Item,
        member: &str,
        text: &str,
    ) -> Result<(), CommissionError> {
        let id = member.to_owned();
        let Some(m) = self
            .composition
            .member(member)
            .filter(|_| self.present.contains(&id))
        else {
            return Err(CommissionError::DissentByAbsent { id });
        };
        if text.trim().is_empty() {
            return Err(CommissionError::EmptyDissent { id });
        }
        item.dissents.push(Dissent {
            member: id,
            position: m.position.clone(),
            text: text.trim().to_owned(),
        });
        Ok(())
    }

    /// The members as the count sees them at this meeting: the acting chair marked.
    fn seats(&self) -> Vec<Seat<'_>> {
        self.composition
            .seats()
            .into_iter()
            .map(|s| match &self.acting_chair {
                Some(a) if a == s.id => Seat {
                    role: Role::ActingChair,
                    ..s
                },
                _ => s,
            })
            .collect()
    }

    /// The item's decision by the one rule ([`tally`]).
    pub fn tally(&self, item: &Item) -> Result<Tally, CommissionError> {
        let present: Vec<&str> = self.present.iter().map(String::as_str).collect();
        let votes: Vec<(&str, Vote)> = item
            .ballots
            .iter()
            .map(|b| (b.member.as_str(), b.vote))
            .collect();
        tally(&self.seats(), &present, &votes)
    }

    /// The person chairing: the chair if present, else the acting chair (003 §8).
    pub fn chairing(&self) -> Option<&str> {
        let chair = self.composition.chair().map(|c| c.id.as_str());
        chair
            .filter(|c| self.present.iter().any(|p| p == c))
            .or(self.acting_chair.as_deref())
    }

    /// 003 §14: "Отырыстардың хаттамаларына Төраға, дауыс беруге қатысқан Комиссияның
    /// барлық мүшелері қол қояды" — the chairing person first, then every member who voted
    /// on some item, in the composition's order. A recused member did not vote.
    pub fn signers(&self, items: &[Item]) -> Vec<String> {
        let chairing = self.chairing();
        let voted = |id: &str| {
            items.iter().any(|i| {
                i.ballots
                    .iter()
                    .any(|b| b.member == id && b.vote != Vote::Recused)
            })
        };
        let mut out: Vec<String> = chairing.map(str::to_owned).into_iter().collect();
        out.extend(
            self.composition
                .members
                .iter()
                .filter(|m| Some(m.id.as_str()) != chairing && voted(&m.id))
                .map(|m| m.id.clone()),
        );
        out
    }

    /// 003 §14: only a signer signs.
    pub fn check_signer(&self, items: &[Item], member: &str) -> Result<(), CommissionError> {
        if self.signers(items).iter().any(|s| s == member) {
            Ok(())
        } else {
            Err(CommissionError::NotASigner {
                id: member.to_owned(),
            })
        }
    }
}

/// 003 §14: the protocol is drawn up "отырыс өткізілген күннен бастап 2 (екі) жұмыс
/// күнінен кешіктірілмей" — by the end of the 2nd working day after the meeting
/// (desk-rules' Kazakh calendar).
pub fn protocol_due(meeting: NaiveDate) -> NaiveDate {
    desk_rules::calendar::Calendar::builtin().nth_working_day_after(meeting, 2)
}

/// A protocol drawn up after [`protocol_due`] is still produced, marked late.
pub fn is_late(meeting: NaiveDate, drawn_up: NaiveDate) -> bool {
    drawn_up > protocol_due(meeting)
}
