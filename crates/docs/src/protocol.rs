//! The protocol of a Commission meeting (003 §9–16, DIGEST §4): date and place, agenda,
//! members present and the quorum (at least half of the members), each member's vote, the
//! decision by a majority of **all** members with the chair's vote deciding a tie,
//! dissenting opinions (003 §16), and signature lines for the chair and every member who
//! voted. Drawn up within 2 working days of the meeting.
//!
//! The meeting comes in as JSON ([`MeetingInput`]); the votes are counted by the
//! Commission domain's one rule ([`desk_commission::tally`], the same count as
//! `desk commission tally`), so a protocol can never announce a decision the votes do not
//! carry.

use chrono::{DateTime, NaiveDate, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use serde::Deserialize;

use desk_commission::{CommissionError, Role, Seat};

use crate::DocError;
use crate::model::{Column, Document, Orientation, Paragraph, SignatureBlock, Table};

/// A member's vote: the Commission domain's (`recused` with a declared conflict of
/// interest is present for the quorum, not counted).
pub use desk_commission::{Outcome, Side, Tally, Vote};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    pub name: String,
    #[serde(default)]
    pub position: Option<String>,
    /// The chair of the Commission (003 §5, §8).
    #[serde(default)]
    pub chair: bool,
    /// The person acting for the chair at this meeting, the chair being absent (003 §8).
    #[serde(default)]
    pub acting_chair: bool,
    #[serde(default = "yes")]
    pub present: bool,
    /// Required of every member present (003 §17: members must vote).
    #[serde(default)]
    pub vote: Option<Vote>,
    /// 003 §16: a member may state a dissenting opinion.
    #[serde(default)]
    pub dissent: Option<String>,
}

fn yes() -> bool {
    true
}

/// The meeting as JSON: `desk protocol --input meeting.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    pub number: String,
    /// `DD.MM.YYYY` or `YYYY-MM-DD`.
    pub date: String,
    /// When the protocol is drawn up; the meeting day when absent.
    #[serde(default)]
    pub drawn_up: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    pub agenda: Vec<String>,
    /// Every member of the Commission, present or not: the majority is of all of them.
    pub members: Vec<MemberInput>,
    /// The wording of the decision put to the vote.
    pub decision: String,
}

fn bad(reason: &'static str, field: impl Into<String>) -> DocError {
    DocError::Protocol {
        reason,
        field: field.into(),
    }
}

fn date(input: &str, field: &str) -> Result<NaiveDate, DocError> {
    ["%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(input.trim(), f).ok())
        .ok_or_else(|| bad("date", format!("{field} «{}»", input.trim())))
}

/// Checks the input and counts the votes with the Commission's one rule
/// ([`desk_commission::tally`]: quorum 003 §10, majority of all members and the chairing
/// person's vote counted twice on a tie 003 §13).
pub fn tally(input: &MeetingInput) -> Result<Tally, DocError> {
    for (i, m) in input.members.iter().enumerate() {
        if m.name.trim().is_empty() {
            return Err(bad("name", format!("members[{i}]")));
        }
        // 003 §17: a present member votes; an absent one neither votes nor dissents.
        match (m.present, m.vote) {
            (true, None) => return Err(bad("vote-missing", m.name.clone())),
            (false, Some(_)) => return Err(bad("vote-absent", m.name.clone())),
            _ => {}
        }
        if !m.present && m.dissent.is_some() {
            return Err(bad("vote-absent", m.name.clone()));
        }
    }
    if input.agenda.iter().all(|a| a.trim().is_empty()) {
        return Err(bad("agenda", "agenda"));
    }
    if input.decision.trim().is_empty() {
        return Err(bad("decision", "decision"));
    }
    // The input has no ids: a member is its place in the list.
    let ids: Vec<String> = (0..input.members.len()).map(|i| i.to_string()).collect();
    let seats: Vec<Seat<'_>> = input
        .members
        .iter()
        .zip(&ids)
        .map(|(m, id)| Seat {
            id,
            role: match (m.chair, m.acting_chair) {
                (true, _) => Role::Chair,
                (false, true) => Role::ActingChair,
                (false, false) => Role::Member,
            },
        })
        .collect();
    let present: Vec<&str> = seats
        .iter()
        .zip(&input.members)
        .filter(|(_, m)| m.present)
        .map(|(s, _)| s.id)
        .collect();
    let votes: Vec<(&str, Vote)> = seats
        .iter()
        .zip(&input.members)
        .filter_map(|(s, m)| m.vote.map(|v| (s.id, v)))
        .collect();
    let chairs = || input.members.iter().filter(|m| m.chair).count().to_string();
    desk_commission::tally(&seats, &present, &votes).map_err(|e| match e {
        CommissionError::Size { count } => bad("members-count", count.to_string()),
        CommissionError::NoChair | CommissionError::SecondChair { .. } => bad("chair", chairs()),
        CommissionError::SecondActingChair { index } => {
            bad("acting-chair", format!("members[{index}]"))
        }
        other => bad("json", other.to_string()),
    })
}

/// Reads the JSON; a syntax error or an unknown field is named.
pub fn parse_meeting(json: &str) -> Result<MeetingInput, DocError> {
    serde_json::from_str(json).map_err(|e| bad("json", e.to_string()))
}

/// The protocol of the meeting. `produced_at` is when the file is made; the protocol's
/// own date is `drawn_up`, refused when earlier than the meeting and marked late when
/// later than 2 working days after it (003 §14).
pub fn protocol(
    input: &MeetingInput,
    lang: Lang,
    produced_at: DateTime<Utc>,
) -> Result<Document, DocError> {
    let t = tally(input)?;
    let meeting = date(&input.date, "date")?;
    let drawn_up = match &input.drawn_up {
        Some(d) => date(d, "drawn_up")?,
        None => meeting,
    };
    if drawn_up < meeting {
        return Err(bad(
            "before-meeting",
            meeting.format("%d.%m.%Y").to_string(),
        ));
    }
    let d = |n: NaiveDate| n.format("%d.%m.%Y").to_string();
    let num = |n: usize| n.to_string();

    let mut subtitle = vec![tr(
        lang,
        "doc-letter-protocol-when",
        &[("date", &d(meeting))],
    )];
    if let Some(place) = input.place.as_deref().filter(|p| !p.trim().is_empty()) {
        subtitle.push(tr(lang, "doc-letter-protocol-place", &[("place", place)]));
    }
    subtitle.push(tr(
        lang,
        "doc-letter-protocol-drawn-up",
        &[("date", &d(drawn_up))],
    ));
    // 003 §14: due within 2 working days; a later protocol is still produced, marked
    // late (issue 17 §6: never refused).
    let due = desk_commission::protocol_due(meeting);
    if desk_commission::is_late(meeting, drawn_up) {
        subtitle.push(tr(lang, "doc-letter-protocol-late", &[("due", &d(due))]));
    }
    subtitle.push(tr(
        lang,
        "doc-generated",
        &[("at", &to_astana_display(produced_at))],
    ));

    let mut body = vec![Paragraph::Text(tr(
        lang,
        "doc-letter-protocol-present",
        &[("present", &num(t.present)), ("total", &num(t.members))],
    ))];
    body.push(Paragraph::Text(tr(
        lang,
        if t.outcome == Outcome::NoQuorum {
            "doc-letter-protocol-quorum-no"
        } else {
            "doc-letter-protocol-quorum-yes"
        },
        &[],
    )));
    body.push(Paragraph::Heading(tr(
        lang,
        "doc-letter-protocol-h-agenda",
        &[],
    )));
    for (i, item) in input
        .agenda
        .iter()
        .filter(|a| !a.trim().is_empty())
        .enumerate()
    {
        body.push(Paragraph::Text(format!("{}. {}", i + 1, item.trim())));
    }
    body.push(Paragraph::Heading(tr(
        lang,
        "doc-letter-protocol-h-proposed",
        &[],
    )));
    body.push(Paragraph::Text(input.decision.trim().to_owned()));
    body.push(Paragraph::Heading(tr(
        lang,
        "doc-letter-protocol-h-votes",
        &[],
    )));

    let vote_label = |v: Option<Vote>| match v {
        Some(Vote::For) => tr(lang, "doc-letter-protocol-vote-for", &[]),
        Some(Vote::Against) => tr(lang, "doc-letter-protocol-vote-against", &[]),
        Some(Vote::Abstain) => tr(lang, "doc-letter-protocol-vote-abstain", &[]),
        Some(Vote::Recused) => tr(lang, "doc-letter-protocol-vote-recused", &[]),
        None => "—".to_owned(),
    };
    let role = |m: &MemberInput| {
        tr(
            lang,
            if m.chair {
                "doc-letter-protocol-role-chair"
            } else if m.acting_chair {
                "doc-letter-protocol-role-acting-chair"
            } else {
                "doc-letter-protocol-role-member"
            },
            &[],
        )
    };
    let rows = input
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut who = m.name.trim().to_owned();
            if let Some(p) = m.position.as_deref().filter(|p| !p.trim().is_empty()) {
                who.push('\n');
                who.push_str(p.trim());
            }
            vec![
                num(i + 1),
                who,
                role(m),
                tr(
                    lang,
                    if m.present {
                        "doc-letter-protocol-present-yes"
                    } else {
                        "doc-letter-protocol-present-no"
                    },
                    &[],
                ),
                vote_label(m.vote),
            ]
        })
        .collect();

    let mut after = vec![tr(
        lang,
        "doc-letter-protocol-tally",
        &[
            ("for", &num(t.votes_for)),
            ("against", &num(t.against)),
            ("abstain", &num(t.abstain)),
        ],
    )];
    let counts = [("for", num(t.counted_for)), ("total", num(t.members))];
    let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    after.push(match t.outcome {
        Outcome::NoQuorum => tr(lang, "doc-letter-protocol-no-decision", &[]),
        // 003 §13: on a tie the chairing person's vote counts twice, and the majority of
        // all members is still needed.
        Outcome::Adopted if t.casting_vote.is_some() => {
            tr(lang, "doc-letter-protocol-casting-adopted", &[])
        }
        Outcome::Adopted => tr(lang, "doc-letter-protocol-adopted", &counts),
        Outcome::NotAdopted => match t.casting_vote {
            Some(Side::For) => tr(lang, "doc-letter-protocol-casting-short", &counts),
            Some(Side::Against) => tr(lang, "doc-letter-protocol-casting-rejected", &[]),
            None => tr(lang, "doc-letter-protocol-rejected", &counts),
        },
    });
    let dissents: Vec<String> = input
        .members
        .iter()
        .filter_map(|m| {
            m.dissent
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|text| {
                    tr(
                        lang,
                        "doc-letter-protocol-dissent",
                        &[("name", m.name.trim()), ("text", text)],
                    )
                })
        })
        .collect();
    if dissents.is_empty() {
        after.push(tr(lang, "doc-letter-protocol-no-dissent", &[]));
    } else {
        after.push(tr(lang, "doc-letter-protocol-h-dissent", &[]));
        after.extend(dissents);
    }

    // 003 §14: signed by the chair (the acting chair in the chair's absence, 003 §8)
    // and every member who voted, the chairing person first; a recused member did not vote.
    let voted = |m: &MemberInput| m.vote.is_some_and(|v| v != Vote::Recused);
    let signers = t.chairing.into_iter().chain(
        (0..input.members.len()).filter(|i| Some(*i) != t.chairing && voted(&input.members[*i])),
    );
    let signatures = signers
        .filter_map(|i| input.members.get(i).map(|m| (i, m)))
        .map(|(i, m)| SignatureBlock {
            role: tr(
                lang,
                match (Some(i) == t.chairing, m.chair) {
                    (true, true) => "doc-letter-protocol-sign-chair",
                    (true, false) => "doc-letter-protocol-sign-acting-chair",
                    (false, _) => "doc-letter-protocol-sign-member",
                },
                &[],
            ),
            signature_label: tr(lang, "doc-signature-sign", &[]),
            name_label: tr(lang, "doc-signature-name", &[]),
            name: Some(m.name.trim().to_owned()),
        })
        .collect();

    let columns = [
        ("doc-letter-protocol-col-n", 0.5),
        ("doc-letter-protocol-col-member", 3.0),
        ("doc-letter-protocol-col-role", 1.5),
        ("doc-letter-protocol-col-present", 1.4),
        ("doc-letter-protocol-col-vote", 1.4),
    ];
    Ok(Document {
        lang: lang.code().to_owned(),
        orientation: Orientation::Portrait,
        title: vec![tr(
            lang,
            "doc-letter-protocol-title",
            &[("number", input.number.trim())],
        )],
        subtitle,
        body,
        table: Table {
            columns: columns
                .iter()
                .map(|(id, w)| Column {
                    header: tr(lang, id, &[]),
                    weight: *w,
                })
                .collect(),
            rows,
        },
        after_table: after,
        signatures,
        footnotes: vec![tr(lang, "doc-letter-protocol-footnote", &[])],
        page_footer: tr(
            lang,
            "doc-page-of",
            &[("page", "{page}"), ("pages", "{pages}")],
        ),
    })
}
