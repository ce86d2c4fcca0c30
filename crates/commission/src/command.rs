//! `desk commission tally` (shared/specs/commission.md): one JSON meeting item in, one
//! JSON object out, computed by [`crate::tally`].

use std::fmt;

use desk_i18n::{Lang, tr};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::CommissionError;
use crate::tally::{Outcome, Role, Seat, Side, Tally, Vote, tally};

/// The longest input read; a longer one is refused.
pub const MAX_INPUT_BYTES: usize = desk_rules::MAX_INPUT_BYTES;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberIn {
    id: String,
    #[allow(dead_code)]
    name: String,
    role: Role,
}

/// `votes` kept in the order written, with repeats, so that a second vote by the same
/// member is refused instead of silently replacing the first.
#[derive(Debug, Default)]
struct Votes(Vec<(String, Vote)>);

impl<'de> Deserialize<'de> for Votes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Votes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of member id → for | against | abstain | recused")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Votes, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Vote>()? {
                    out.push((k, v));
                }
                Ok(Votes(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    members: Vec<MemberIn>,
    present: Vec<String>,
    #[serde(default)]
    votes: Votes,
}

#[derive(Debug, Serialize)]
struct Output {
    outcome: Outcome,
    members: usize,
    present: usize,
    quorum: usize,
    #[serde(rename = "for")]
    votes_for: usize,
    against: usize,
    abstain: usize,
    recused: usize,
    needed: usize,
    casting_vote: Option<Side>,
    clauses: Vec<&'static str>,
    explanation: String,
}

/// One sentence in `lang` saying why, naming the clauses.
pub fn explanation(t: &Tally, lang: Lang) -> String {
    let n = |v: usize| v.to_string();
    let (members, present, quorum, vf, against, needed, counted) = (
        n(t.members),
        n(t.present),
        n(t.quorum),
        n(t.votes_for),
        n(t.against),
        n(t.needed),
        n(t.counted_for),
    );
    let args = [
        ("members", members.as_str()),
        ("present", present.as_str()),
        ("quorum", quorum.as_str()),
        ("for", vf.as_str()),
        ("against", against.as_str()),
        ("needed", needed.as_str()),
        ("counted", counted.as_str()),
    ];
    let key = match (t.outcome, t.casting_vote) {
        (Outcome::NoQuorum, _) => "commission-tally-no-quorum",
        (Outcome::Adopted, Some(_)) => "commission-tally-casting-adopted",
        (Outcome::NotAdopted, Some(Side::For)) => "commission-tally-casting-short",
        (Outcome::NotAdopted, Some(Side::Against)) => "commission-tally-casting-against",
        (Outcome::Adopted, None) => "commission-tally-adopted",
        (Outcome::NotAdopted, None) => "commission-tally-not-adopted",
    };
    tr(lang, key, &args)
}

fn parse<T: serde::de::DeserializeOwned>(input: &str) -> Result<T, CommissionError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(CommissionError::TooLong {
            limit: MAX_INPUT_BYTES,
        });
    }
    let de = &mut serde_json::Deserializer::from_str(input);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        CommissionError::Json {
            path: if path == "." || path == "?" {
                "input".to_owned()
            } else {
                path
            },
            detail: e.inner().to_string(),
        }
    })
}

/// The tally of the JSON item in `input`, as the contract's JSON object.
pub fn tally_command(input: &str, lang: Lang) -> Result<String, CommissionError> {
    let input: Input = parse(input)?;
    let seats: Vec<Seat<'_>> = input
        .members
        .iter()
        .map(|m| Seat {
            id: &m.id,
            role: m.role,
        })
        .collect();
    let present: Vec<&str> = input.present.iter().map(String::as_str).collect();
    let votes: Vec<(&str, Vote)> = input
        .votes
        .0
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let t = tally(&seats, &present, &votes)?;
    let clauses = if t.outcome == Outcome::NoQuorum {
        vec!["003 §10"]
    } else {
        vec!["003 §10", "003 §13"]
    };
    let out = Output {
        outcome: t.outcome,
        members: t.members,
        present: t.present,
        quorum: t.quorum,
        votes_for: t.votes_for,
        against: t.against,
        abstain: t.abstain,
        recused: t.recused,
        needed: t.needed,
        casting_vote: t.casting_vote,
        clauses,
        explanation: explanation(&t, lang),
    };
    serde_json::to_string(&out).map_err(|e| CommissionError::Json {
        path: "output".to_owned(),
        detail: e.to_string(),
    })
}

/// `desk commission application`: what a platform's application lacks (003 §22, §30,
/// App. 1–3) and the clocks running on it (§20–27), judged on `as_of`; JSON out with
/// each line in `lang`.
pub fn application_command(
    input: &str,
    as_of: chrono::NaiveDate,
    lang: Lang,
) -> Result<String, CommissionError> {
    use crate::application::{clocks, duty_label, missing, missing_label, note_label};
    let app: crate::application::Application = parse(input)?;
    let missing = missing(&app);
    let (clocks, notes) = clocks(&app, as_of);
    let out = serde_json::json!({
        "form": app.form,
        "complete": missing.is_empty(),
        "missing": missing.iter().map(|m| serde_json::json!({
            "item": m.item, "clause": m.clause, "label": missing_label(m, lang),
        })).collect::<Vec<_>>(),
        "clocks": clocks.iter().map(|c| serde_json::json!({
            "duty": c.duty, "clause": c.clause, "label": duty_label(c, lang),
            "from": c.from, "days": c.days, "clock": c.clock, "due": c.due,
            "done": c.done, "state": c.state,
        })).collect::<Vec<_>>(),
        "notes": notes.iter().map(|n| serde_json::json!({
            "code": n.code, "clause": n.clause, "label": note_label(n, lang),
        })).collect::<Vec<_>>(),
    });
    Ok(out.to_string())
}
