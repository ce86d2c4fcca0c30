//! The protocol of a Commission meeting (003 §9–16, DIGEST §4): date and place, agenda,
//! members present and the quorum (at least half of the members), each member's vote, the
//! decision by a majority of **all** members with the chair's vote deciding a tie,
//! dissenting opinions (003 §16), and signature lines for the chair and every member who
//! voted. Drawn up within 2 working days of the meeting.
//!
//! The Commission domain does not exist yet, so the meeting comes in as JSON
//! ([`MeetingInput`]); everything the protocol states is derived here from it, so a
//! protocol can never announce a decision the votes do not carry.

use chrono::{DateTime, NaiveDate, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use serde::Deserialize;

use crate::DocError;
use crate::model::{Column, Document, Orientation, Paragraph, SignatureBlock, Table};

/// A member's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    For,
    Against,
    Abstain,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    pub name: String,
    #[serde(default)]
    pub position: Option<String>,
    /// The chair (or the person acting for the chair, 003 §8).
    #[serde(default)]
    pub chair: bool,
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

/// How the vote came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Fewer than half the members present: no decision can be taken.
    NoQuorum,
    /// More than half of all members voted for.
    Adopted,
    /// As many for as against: the chair's vote decided (003 §13).
    CastingVote { adopted: bool },
    /// Not enough votes for.
    Rejected,
}

/// The counts and the outcome of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub present: usize,
    pub votes_for: usize,
    pub against: usize,
    pub abstained: usize,
    pub outcome: Outcome,
}

/// Checks the input and counts the votes.
pub fn tally(input: &MeetingInput) -> Result<Tally, DocError> {
    let total = input.members.len();
    // 003 §5: an odd number of members, at least five.
    if total < 5 || total.is_multiple_of(2) {
        return Err(bad("members-count", total.to_string()));
    }
    let chairs: Vec<&MemberInput> = input.members.iter().filter(|m| m.chair).collect();
    let [chair] = chairs.as_slice() else {
        return Err(bad("chair", chairs.len().to_string()));
    };
    for (i, m) in input.members.iter().enumerate() {
        let field = format!("members[{i}]");
        if m.name.trim().is_empty() {
            return Err(bad("name", field));
        }
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
    let present = input.members.iter().filter(|m| m.present).count();
    let count = |v: Vote| input.members.iter().filter(|m| m.vote == Some(v)).count();
    let (votes_for, against, abstained) =
        (count(Vote::For), count(Vote::Against), count(Vote::Abstain));
    // 003 §10: quorum is at least half of the members; §13: a majority of the total
    // number of members, and on a tie the chair's vote decides.
    let outcome = if present * 2 < total {
        Outcome::NoQuorum
    } else if votes_for * 2 > total {
        Outcome::Adopted
    } else if votes_for == against && votes_for > 0 {
        Outcome::CastingVote {
            adopted: chair.vote == Some(Vote::For),
        }
    } else {
        Outcome::Rejected
    };
    Ok(Tally {
        total,
        present,
        votes_for,
        against,
        abstained,
        outcome,
    })
}

/// Reads the JSON; a syntax error or an unknown field is named.
pub fn parse_meeting(json: &str) -> Result<MeetingInput, DocError> {
    serde_json::from_str(json).map_err(|e| bad("json", e.to_string()))
}

/// The protocol of the meeting. `produced_at` is when the file is made; the protocol's
/// own date is `drawn_up`, refused when later than 2 working days after the meeting
/// (003 §14) or earlier than the meeting.
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
    let latest = desk_rules::calendar::Calendar::builtin().nth_working_day_after(meeting, 2);
    if drawn_up < meeting || drawn_up > latest {
        return Err(bad("late", latest.format("%d.%m.%Y").to_string()));
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
    subtitle.push(tr(
        lang,
        "doc-generated",
        &[("at", &to_astana_display(produced_at))],
    ));

    let mut body = vec![Paragraph::Text(tr(
        lang,
        "doc-letter-protocol-present",
        &[("present", &num(t.present)), ("total", &num(t.total))],
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
        None => "—".to_owned(),
    };
    let role = |m: &MemberInput| {
        tr(
            lang,
            if m.chair {
                "doc-letter-protocol-role-chair"
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
            ("abstain", &num(t.abstained)),
        ],
    )];
    let counts = [("for", num(t.votes_for)), ("total", num(t.total))];
    let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    after.push(match t.outcome {
        Outcome::NoQuorum => tr(lang, "doc-letter-protocol-no-decision", &[]),
        Outcome::Adopted => tr(lang, "doc-letter-protocol-adopted", &counts),
        Outcome::CastingVote { adopted: true } => {
            tr(lang, "doc-letter-protocol-casting-adopted", &[])
        }
        Outcome::CastingVote { adopted: false } => {
            tr(lang, "doc-letter-protocol-casting-rejected", &[])
        }
        Outcome::Rejected => tr(lang, "doc-letter-protocol-rejected", &counts),
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

    // 003 §14: signed by the chair and every member who voted; the chair first.
    let mut signers: Vec<&MemberInput> =
        input.members.iter().filter(|m| m.vote.is_some()).collect();
    signers.sort_by_key(|m| !m.chair);
    let signatures = signers
        .iter()
        .map(|m| SignatureBlock {
            role: tr(
                lang,
                if m.chair {
                    "doc-letter-protocol-sign-chair"
                } else {
                    "doc-letter-protocol-sign-member"
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
