//! The Commission (issue 17, 003 ch. 3–4): its composition, meetings, votes and
//! protocols, kept in the journal, and `desk commission tally`
//! (shared/specs/commission.md), which needs no journal.
//!
//! Every change is checked by the Commission domain (`desk-commission`) on the meeting as
//! the store reads it inside the change's own write transaction
//! ([`desk_store::Store::commission_write`]): a refusal names the field and writes
//! nothing, and the decision of an item is the one count `desk commission tally` uses,
//! written with the vote that completes the item.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use desk_commission::{
    ApprovalOrder, Ballot, CommissionError, Composition, Dissent, Item, Meeting, Member, Outcome,
    Proposal, Standing, Tally, Vote, Warning, explanation, protocol_due,
};
use std::path::Path;

use desk_docs::DocError;
use desk_docs::model::{Document, Orientation, Paragraph, SignatureBlock, Table};
use desk_i18n::{Lang, tr};
use desk_journal::Action;
use desk_journal::time::{ASTANA, to_astana_display};
use desk_store::{CommissionWrite, CompositionRow, MeetingRecord, ProtocolRow, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::write_atomically;
use crate::{AppError, Desk, DocumentError, DocumentFile};

pub use applications::{ApplicationForm, ApplicationView, CaseClockView, CheckLine, StepView};

mod applications;
mod disconnection;
pub use disconnection::DisconnectionGround;
mod notice;
mod publication;
mod signing;

/// The longest input read; a longer one is refused with a translated message.
pub use desk_commission::MAX_INPUT_BYTES;

/// The tally of the JSON meeting item in `input`, as the contract's JSON object with the
/// explanation in `lang`. A refusal names the field and is the user's to fix (exit 2).
pub fn tally_json(input: &str, lang: Lang) -> Result<String, AppError> {
    desk_commission::tally_command(input, lang)
        .map_err(|e| AppError::Document(DocumentError::Doc(DocError::Commission(e))))
}

/// The check and clocks of the JSON application in `input` (003 §19–27, App. 1–3), judged
/// on `as_of` (`YYYY-MM-DD` or `DD.MM.YYYY`; empty: today in Astana).
pub fn application_json(input: &str, as_of: Option<&str>, lang: Lang) -> Result<String, AppError> {
    let as_of = match as_of {
        Some(v) => parse_date("as_of", v)?,
        None => Utc::now().with_timezone(&ASTANA).date_naive(),
    };
    desk_commission::application_command(input, as_of, lang)
        .map_err(|e| AppError::Document(DocumentError::Doc(DocError::Commission(e))))
}

/// A composition as the secretary enters it (`desk commission members set --input`):
/// the approving order (003 §5), the date it takes effect (the order's date when
/// absent) and the members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CompositionForm {
    pub order: OrderForm,
    #[serde(default)]
    pub valid_from: Option<String>,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrderForm {
    pub number: String,
    /// `YYYY-MM-DD` or `DD.MM.YYYY`.
    pub date: String,
}

/// One agenda item: its title and what is put to the vote (003 §7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub title: String,
    pub proposal: Proposal,
}

/// A meeting as the secretary sets it up (issue 17 §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MeetingForm {
    pub number: String,
    pub date: String,
    /// `HH:MM`, Astana time.
    pub time: String,
    pub place: String,
    pub agenda: Vec<AgendaItem>,
}

fn from_json<T: serde::de::DeserializeOwned>(field: &str, text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| {
        CommissionError::File {
            field: field.to_owned(),
            detail: e.to_string(),
        }
        .into()
    })
}

/// The composition file of `desk commission members set --input` (JSON).
pub fn parse_composition(text: &str) -> Result<CompositionForm, AppError> {
    from_json("input", text)
}

/// The application file of `desk commission application add --input` (JSON).
pub fn parse_application(text: &str) -> Result<ApplicationForm, AppError> {
    from_json("input", text)
}

/// The agenda file of `desk commission meeting new --agenda` (a JSON list of items).
pub fn parse_agenda(text: &str) -> Result<Vec<AgendaItem>, AppError> {
    from_json("agenda", text)
}

/// A composition version as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CompositionView {
    pub order_number: String,
    pub order_date: NaiveDate,
    pub valid_from: NaiveDate,
    pub members: Vec<Member>,
    /// 003 §5: a representative of the "Atameken" chamber is included by agreement.
    pub warnings: Vec<Warning>,
}

/// An item with its votes, dissents and, once every present member voted, its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemView {
    /// From 1.
    pub n: usize,
    pub title: String,
    pub proposal: Proposal,
    pub ballots: Vec<Ballot>,
    pub dissents: Vec<Dissent>,
    /// The votes as they stand, for the meeting screen's live count.
    pub counts: VoteCounts,
    pub outcome: Option<Outcome>,
    /// Why, in the user's language, naming the clauses.
    pub explanation: Option<String>,
}

/// The votes cast on an item so far, and how many present members have still to vote
/// (003 §17: every present member votes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct VoteCounts {
    pub votes_for: usize,
    pub against: usize,
    pub abstain: usize,
    pub recused: usize,
    pub awaited: usize,
}

impl VoteCounts {
    fn of(ballots: &[Ballot], present: Option<usize>) -> VoteCounts {
        let mut c = VoteCounts::default();
        for b in ballots {
            match b.vote {
                Vote::For => c.votes_for += 1,
                Vote::Against => c.against += 1,
                Vote::Abstain => c.abstain += 1,
                Vote::Recused => c.recused += 1,
            }
        }
        c.awaited = present.unwrap_or(0).saturating_sub(ballots.len());
        c
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignerView {
    pub id: String,
    pub name: String,
    /// When the signature was recorded, Astana time; `None` while it is awaited.
    pub signed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProtocolView {
    pub text: String,
    pub sha256: String,
    /// The last day it is due by, `DD.MM.YYYY` (003 §14).
    pub due: String,
    pub produced_at: String,
    /// Produced after the due day: kept and marked, never refused (issue 17 §6).
    pub late: bool,
    /// The chairing person first, then every member who voted (003 §14).
    pub signers: Vec<SignerView>,
    /// The protocol's PDF in the documents folder, once it has been written there (the
    /// file the members sign one after another).
    pub file: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MeetingView {
    pub number: String,
    pub date: NaiveDate,
    pub time: String,
    pub place: String,
    pub composition: CompositionView,
    /// `None` until the roll call is recorded.
    pub present: Option<Vec<String>>,
    pub acting_chair: Option<String>,
    pub quorum: usize,
    pub has_quorum: bool,
    pub items: Vec<ItemView>,
    pub protocol: Option<ProtocolView>,
}

fn parse_date(field: &str, value: &str) -> Result<NaiveDate, CommissionError> {
    ["%Y-%m-%d", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(value.trim(), f).ok())
        .ok_or_else(|| CommissionError::BadDate {
            field: field.to_owned(),
            value: value.trim().to_owned(),
        })
}

fn required(field: &str, value: &str) -> Result<String, CommissionError> {
    let v = value.trim();
    if v.is_empty() {
        Err(CommissionError::Required {
            field: field.to_owned(),
        })
    } else {
        Ok(v.to_owned())
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Store(StoreError::Corrupt(format!("commission {what}: {e}")))
}

fn composition_of(row: &CompositionRow) -> Result<Composition, AppError> {
    Ok(Composition {
        order: ApprovalOrder {
            number: row.order_number.clone(),
            date: row.order_date,
        },
        members: serde_json::from_str(&row.members).map_err(|e| corrupt("members", e))?,
    })
}

/// The composition in force on `date` (003 §5): of the versions in force by then, the
/// one that took effect last, and of two taking effect the same day the one recorded
/// later.
fn in_force(rows: &[CompositionRow], date: NaiveDate) -> Option<&CompositionRow> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.valid_from <= date)
        .max_by_key(|(i, r)| (r.valid_from, *i))
        .map(|(_, r)| r)
}

/// The meeting and its items as the domain sees them, from what is recorded.
fn domain(record: &MeetingRecord) -> Result<(Meeting, Vec<Item>), AppError> {
    let composition = composition_of(&record.composition)?;
    let (present, acting_chair) = record
        .attendance
        .as_ref()
        .map(|a| (a.present.clone(), a.acting_chair.clone()))
        .unwrap_or_default();
    let meeting = Meeting {
        date: record.meeting.date,
        composition,
        present,
        acting_chair,
    };
    let agenda: Vec<AgendaItem> =
        serde_json::from_str(&record.meeting.agenda).map_err(|e| corrupt("agenda", e))?;
    let mut items = Vec::with_capacity(agenda.len());
    for (i, a) in agenda.into_iter().enumerate() {
        let n = i as u32 + 1;
        let mut ballots = Vec::new();
        for v in record.votes.iter().filter(|v| v.item == n) {
            let vote: Vote = serde_json::from_value(serde_json::Value::String(v.vote.clone()))
                .map_err(|e| corrupt("vote", e))?;
            ballots.push(Ballot {
                member: v.member_id.clone(),
                vote,
                conflict: v.conflict.clone(),
            });
        }
        let dissents = record
            .dissents
            .iter()
            .filter(|d| d.item == n)
            .map(|d| Dissent {
                member: d.member_id.clone(),
                position: d.position.clone(),
                text: d.text.clone(),
            })
            .collect();
        items.push(Item {
            title: a.title,
            proposal: a.proposal,
            ballots,
            dissents,
        });
    }
    Ok((meeting, items))
}

fn meeting_of(
    view: desk_store::CommissionView<'_>,
    number: &str,
) -> Result<MeetingRecord, AppError> {
    view.meeting.cloned().ok_or_else(|| {
        CommissionError::MeetingNotFound {
            number: number.to_owned(),
        }
        .into()
    })
}

/// The item `n` (from 1) of the agenda.
fn item_index(items: &[Item], n: usize) -> Result<usize, CommissionError> {
    if n == 0 || n > items.len() {
        return Err(CommissionError::NoItem {
            item: n,
            count: items.len(),
        });
    }
    Ok(n - 1)
}

/// Issue 17 §6: once signed, a protocol and what it records do not change.
fn unsigned(record: &MeetingRecord) -> Result<(), CommissionError> {
    match record.protocol() {
        Some(p) if record.signatures_of(&p.id).next().is_some() => {
            Err(CommissionError::ProtocolSigned)
        }
        _ => Ok(()),
    }
}

fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn decision_write(item: u32, t: &Tally) -> CommissionWrite {
    let tally = serde_json::json!({
        "members": t.members,
        "present": t.present,
        "quorum": t.quorum,
        "for": t.votes_for,
        "against": t.against,
        "abstain": t.abstain,
        "recused": t.recused,
        "needed": t.needed,
        "casting_vote": t.casting_vote,
        "counted_for": t.counted_for,
    });
    CommissionWrite::Decision {
        item,
        outcome: code(&t.outcome),
        tally: tally.to_string(),
    }
}

/// 003 §14: the protocol is due by the end of the 2nd working day after the meeting
/// (Astana time): the instant the next day begins.
pub fn protocol_due_at(meeting: NaiveDate) -> DateTime<Utc> {
    let next = protocol_due(meeting) + Days::new(1);
    ASTANA
        .from_local_datetime(&next.and_time(NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || next.and_time(NaiveTime::MIN).and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

fn d(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

fn member_name(c: &Composition, id: &str) -> String {
    c.member(id)
        .map_or_else(|| id.to_owned(), |m| m.name.clone())
}

fn vote_label(v: Vote, lang: Lang) -> String {
    let key = match v {
        Vote::For => "doc-letter-protocol-vote-for",
        Vote::Against => "doc-letter-protocol-vote-against",
        Vote::Abstain => "doc-letter-protocol-vote-abstain",
        Vote::Recused => "doc-letter-protocol-vote-recused",
    };
    tr(lang, key, &[])
}

/// What an item puts to the vote, as the protocol and the notice print it (003 §7).
fn proposal_line(proposal: &Proposal, lang: Lang) -> String {
    match proposal {
        Proposal::Test => tr(lang, "commission-protocol-proposal-test", &[]),
        Proposal::Connect => tr(lang, "commission-protocol-proposal-connect", &[]),
        Proposal::Refuse { reasons } => tr(
            lang,
            "commission-protocol-proposal-refuse",
            &[("reasons", reasons)],
        ),
        Proposal::Other => tr(lang, "commission-protocol-proposal-other", &[]),
    }
}

/// The protocol's text drafted from the meeting (issue 17 §6): composition, attendance,
/// quorum, agenda, votes, decisions with the rule that decided them, dissenting
/// opinions and who signs. Every count is the domain's [`Meeting::tally`].
fn draft_text(
    record: &MeetingRecord,
    meeting: &Meeting,
    items: &[Item],
    tallies: &[Tally],
    late: Option<(DateTime<Utc>, NaiveDate)>,
    lang: Lang,
) -> String {
    let c = &meeting.composition;
    let m = &record.meeting;
    let mut out = vec![
        tr(lang, "doc-letter-protocol-title", &[("number", &m.number)]),
        tr(
            lang,
            "doc-letter-protocol-when",
            &[("date", &format!("{} {}", d(m.date), m.time))],
        ),
        tr(lang, "doc-letter-protocol-place", &[("place", &m.place)]),
    ];
    if let Some((produced, due)) = late {
        out.push(tr(
            lang,
            "commission-protocol-late",
            &[("produced", &to_astana_display(produced)), ("due", &d(due))],
        ));
    }
    out.push(String::new());
    out.push(tr(
        lang,
        "commission-protocol-composition",
        &[("order", &c.order.number), ("date", &d(c.order.date))],
    ));
    for (i, member) in c.members.iter().enumerate() {
        let role = if member.role == Standing::Chair {
            "doc-letter-protocol-role-chair"
        } else if meeting.acting_chair.as_deref() == Some(member.id.as_str()) {
            "doc-letter-protocol-role-acting-chair"
        } else {
            "doc-letter-protocol-role-member"
        };
        let present = if meeting.present.contains(&member.id) {
            "doc-letter-protocol-present-yes"
        } else {
            "doc-letter-protocol-present-no"
        };
        let mut who = member.name.clone();
        for extra in [&member.position, &member.organisation] {
            if !extra.trim().is_empty() {
                who.push_str(", ");
                who.push_str(extra.trim());
            }
        }
        out.push(format!(
            "{}. {who} — {}; {}",
            i + 1,
            tr(lang, role, &[]),
            tr(lang, present, &[])
        ));
    }
    let (present, total) = (
        meeting.present.len().to_string(),
        c.members.len().to_string(),
    );
    out.push(tr(
        lang,
        "doc-letter-protocol-present",
        &[("present", &present), ("total", &total)],
    ));
    out.push(tr(
        lang,
        if meeting.has_quorum() {
            "doc-letter-protocol-quorum-yes"
        } else {
            "doc-letter-protocol-quorum-no"
        },
        &[],
    ));
    out.push(String::new());
    out.push(tr(lang, "doc-letter-protocol-h-agenda", &[]));
    for (i, item) in items.iter().enumerate() {
        out.push(format!("{}. {}", i + 1, item.title));
    }
    for (i, (item, t)) in items.iter().zip(tallies).enumerate() {
        out.push(String::new());
        out.push(tr(
            lang,
            "commission-protocol-item",
            &[("n", &(i + 1).to_string()), ("title", &item.title)],
        ));
        out.push(proposal_line(&item.proposal, lang));
        for b in &item.ballots {
            let name = member_name(c, &b.member);
            out.push(match &b.conflict {
                Some(conflict) => tr(
                    lang,
                    "commission-protocol-recused",
                    &[("name", &name), ("conflict", conflict)],
                ),
                None => format!("{name}: {}", vote_label(b.vote, lang)),
            });
        }
        if t.outcome != Outcome::NoQuorum {
            let n = |v: usize| v.to_string();
            out.push(tr(
                lang,
                "doc-letter-protocol-tally",
                &[
                    ("for", &n(t.votes_for)),
                    ("against", &n(t.against)),
                    ("abstain", &n(t.abstain)),
                ],
            ));
        }
        out.push(explanation(t, lang));
        if item.dissents.is_empty() {
            out.push(tr(lang, "doc-letter-protocol-no-dissent", &[]));
        } else {
            out.push(tr(lang, "doc-letter-protocol-h-dissent", &[]));
            for dissent in &item.dissents {
                let mut name = member_name(c, &dissent.member);
                if !dissent.position.trim().is_empty() {
                    name = format!("{name} ({})", dissent.position.trim());
                }
                out.push(tr(
                    lang,
                    "doc-letter-protocol-dissent",
                    &[("name", &name), ("text", &dissent.text)],
                ));
            }
        }
    }
    out.push(String::new());
    out.push(tr(lang, "commission-protocol-signers", &[]));
    for id in meeting.signers(items) {
        out.push(format!(
            "{}: {}",
            signer_role(meeting, &id, lang),
            member_name(c, &id)
        ));
    }
    out.push(String::new());
    out.push(tr(lang, "doc-letter-protocol-footnote", &[]));
    out.join("\n")
}

/// The signature line's role of `id` at this meeting (003 §8, §14).
fn signer_role(meeting: &Meeting, id: &str, lang: Lang) -> String {
    let chairing = meeting.chairing() == Some(id);
    let chair = meeting.composition.chair().map(|m| m.id.as_str()) == Some(id);
    let key = match (chairing, chair) {
        (true, true) => "doc-letter-protocol-sign-chair",
        (true, false) => "doc-letter-protocol-sign-acting-chair",
        (false, _) => "doc-letter-protocol-sign-member",
    };
    tr(lang, key, &[])
}

/// The protocol as PDF, with a signature block for each signer.
fn render_protocol(record: &MeetingRecord, p: &ProtocolRow) -> Result<Vec<u8>, AppError> {
    let doc = protocol_document(record, p)?;
    Ok(desk_docs::pdf::render(&doc).map_err(DocumentError::Doc)?)
}

/// The kept protocol as a document: its text as recorded (the first line its title),
/// the late mark, and a signature block for the chairing person and every member who
/// voted (003 §14), each to sign with their own key (`desk sign`).
fn protocol_document(
    record: &MeetingRecord,
    p: &desk_store::ProtocolRow,
) -> Result<Document, AppError> {
    let lang = Lang::from_code(&p.lang).unwrap_or(Lang::Ru);
    let (meeting, items) = domain(record)?;
    let mut lines = p.text.lines().map(str::trim_end);
    let title: Vec<String> = lines
        .by_ref()
        .find(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    // A blank line starts a section (the drafted text's layout; an edited one may keep
    // it): its first line is set as a heading, the closing note excepted.
    let rest: Vec<&str> = lines.collect();
    let last = rest.iter().rposition(|l| !l.trim().is_empty());
    let mut body = Vec::with_capacity(rest.len());
    let mut after_blank = false;
    for (i, l) in rest.iter().enumerate() {
        if l.trim().is_empty() {
            after_blank = true;
            continue;
        }
        body.push(if after_blank && Some(i) != last {
            Paragraph::Heading((*l).to_owned())
        } else {
            Paragraph::Text((*l).to_owned())
        });
        after_blank = false;
    }
    let mut subtitle = Vec::new();
    if p.late {
        let due = d(protocol_due(record.meeting.date));
        subtitle.push(tr(lang, "commission-protocol-late-mark", &[("due", &due)]));
    }
    let signatures = meeting
        .signers(&items)
        .iter()
        .map(|id| SignatureBlock {
            role: signer_role(&meeting, id, lang),
            signature_label: tr(lang, "doc-signature-sign", &[]),
            name_label: tr(lang, "doc-signature-name", &[]),
            name: Some(member_name(&meeting.composition, id)),
        })
        .collect();
    Ok(Document {
        lang: lang.code().to_owned(),
        orientation: Orientation::Portrait,
        title,
        subtitle,
        body,
        table: Table {
            columns: Vec::new(),
            rows: Vec::new(),
        },
        after_table: Vec::new(),
        signatures,
        footnotes: Vec::new(),
        page_footer: tr(
            lang,
            "doc-page-of",
            &[("page", "{page}"), ("pages", "{pages}")],
        ),
    })
}

fn composition_view(row: &CompositionRow) -> Result<CompositionView, AppError> {
    let c = composition_of(row)?;
    Ok(CompositionView {
        order_number: row.order_number.clone(),
        order_date: row.order_date,
        valid_from: row.valid_from,
        warnings: c.validate().unwrap_or_default(),
        members: c.members,
    })
}

fn meeting_view(record: &MeetingRecord, lang: Lang) -> Result<MeetingView, AppError> {
    let (meeting, items) = domain(record)?;
    let mut views = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        // Counted from the votes as they stand (the recorded decision is what was
        // decided when the last vote came in; after a sync both agree): `None` while a
        // present member has not voted.
        let t = if record.attendance.is_some() {
            meeting.tally(item).ok()
        } else {
            None
        };
        views.push(ItemView {
            n: i + 1,
            title: item.title.clone(),
            proposal: item.proposal.clone(),
            ballots: item.ballots.clone(),
            dissents: item.dissents.clone(),
            counts: VoteCounts::of(
                &item.ballots,
                record.attendance.as_ref().map(|a| a.present.len()),
            ),
            outcome: t.map(|t| t.outcome),
            explanation: t.map(|t| explanation(&t, lang)),
        });
    }
    let protocol = record.protocol().map(|p| {
        let signed = |id: &str| {
            record
                .signatures_of(&p.id)
                .find(|s| s.member_id == id)
                .map(|s| to_astana_display(s.signed_at))
        };
        ProtocolView {
            text: p.text.clone(),
            sha256: p.sha256.clone(),
            due: d(protocol_due(record.meeting.date)),
            produced_at: to_astana_display(p.produced_at),
            late: p.late,
            signers: meeting
                .signers(&items)
                .into_iter()
                .map(|id| SignerView {
                    name: member_name(&meeting.composition, &id),
                    signed_at: signed(&id),
                    id,
                })
                .collect(),
            file: None,
        }
    });
    Ok(MeetingView {
        number: record.meeting.number.clone(),
        date: record.meeting.date,
        time: record.meeting.time.clone(),
        place: record.meeting.place.clone(),
        composition: composition_view(&record.composition)?,
        present: record.attendance.as_ref().map(|a| a.present.clone()),
        acting_chair: record
            .attendance
            .as_ref()
            .and_then(|a| a.acting_chair.clone()),
        quorum: desk_commission::quorum(meeting.composition.members.len()),
        has_quorum: record.attendance.is_some() && meeting.has_quorum(),
        items: views,
        protocol,
    })
}

impl Desk {
    /// Records a new composition version (003 §5: an odd number, at least five, one
    /// chair, approved by an order); a missing chamber representative is a warning.
    pub fn commission_set_members(
        &mut self,
        form: &CompositionForm,
    ) -> Result<CompositionView, AppError> {
        self.require(Action::Commission)?;
        let number = required("order.number", &form.order.number)?;
        let order_date = parse_date("order.date", &form.order.date)?;
        let valid_from = match &form.valid_from {
            Some(v) => parse_date("valid_from", v)?,
            None => order_date,
        };
        let members: Vec<Member> = form
            .members
            .iter()
            .map(|m| Member {
                id: m.id.trim().to_owned(),
                name: m.name.trim().to_owned(),
                role: m.role,
                organisation: m.organisation.trim().to_owned(),
                position: m.position.trim().to_owned(),
            })
            .collect();
        let composition = Composition {
            order: ApprovalOrder {
                number: number.clone(),
                date: order_date,
            },
            members,
        };
        let warnings = composition.validate()?;
        let members_json =
            serde_json::to_string(&composition.members).map_err(|e| corrupt("members", e))?;
        self.store
            .commission_write::<AppError>(None, &self.actor, Utc::now(), |_| {
                Ok(vec![CommissionWrite::Composition {
                    order_number: number.clone(),
                    order_date,
                    valid_from,
                    members: members_json,
                }])
            })?;
        tracing::info!(order = %number, "commission composition recorded");
        Ok(CompositionView {
            order_number: number,
            order_date,
            valid_from,
            members: composition.members,
            warnings,
        })
    }

    /// Every composition version, in the order recorded.
    pub fn commission_compositions(&self) -> Result<Vec<CompositionView>, AppError> {
        self.store
            .commission_compositions()?
            .iter()
            .map(composition_view)
            .collect()
    }

    /// Sets up a meeting with the composition in force on its date (003 §5, §8).
    pub fn commission_new_meeting(
        &mut self,
        form: &MeetingForm,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = required("number", &form.number)?;
        let date = parse_date("date", &form.date)?;
        let time = NaiveTime::parse_from_str(form.time.trim(), "%H:%M")
            .map_err(|_| CommissionError::BadTime {
                value: form.time.trim().to_owned(),
            })?
            .format("%H:%M")
            .to_string();
        let place = required("place", &form.place)?;
        if form.agenda.is_empty() {
            return Err(CommissionError::EmptyAgenda.into());
        }
        let mut agenda = Vec::with_capacity(form.agenda.len());
        for (index, a) in form.agenda.iter().enumerate() {
            if a.title.trim().is_empty() {
                return Err(CommissionError::EmptyTitle { index }.into());
            }
            // 003 §7.3: a refusal put to the vote carries its reasons.
            let item = Item::new(&a.title, a.proposal.clone()).map_err(|e| match e {
                CommissionError::RefusalWithoutReasons => CommissionError::RefusalReasons { index },
                other => other,
            })?;
            agenda.push(AgendaItem {
                title: item.title,
                proposal: item.proposal,
            });
        }
        let agenda_json = serde_json::to_string(&agenda).map_err(|e| corrupt("agenda", e))?;
        self.store.commission_write::<AppError>(
            Some(&number),
            &self.actor,
            Utc::now(),
            |view| {
                if view.meeting.is_some() {
                    return Err(CommissionError::MeetingExists {
                        number: number.clone(),
                    }
                    .into());
                }
                let composition = in_force(view.compositions, date)
                    .ok_or_else(|| CommissionError::NoComposition { date: d(date) })?;
                composition_of(composition)?.validate()?;
                Ok(vec![CommissionWrite::Meeting {
                    number: number.clone(),
                    composition_id: composition.id.clone(),
                    date,
                    time,
                    place,
                    agenda: agenda_json,
                }])
            },
        )?;
        tracing::info!(meeting = %number, "commission meeting recorded");
        self.commission_meeting(&number, lang)
    }

    /// The meeting with this number, as recorded.
    pub fn commission_meeting(&self, number: &str, lang: Lang) -> Result<MeetingView, AppError> {
        let record = self
            .store
            .commission_meeting(number.trim())?
            .ok_or_else(|| CommissionError::MeetingNotFound {
                number: number.trim().to_owned(),
            })?;
        let mut view = meeting_view(&record, lang)?;
        if let Some(p) = view.protocol.as_mut() {
            let path = self.commission_protocol_path(&view.number);
            p.file = path.exists().then(|| path.display().to_string());
        }
        Ok(view)
    }

    /// The roll call (003 §8, §10): who is present, and who acts for an absent chair.
    /// Without a quorum the meeting is recorded and each item is decided `no_quorum`:
    /// no vote is taken at it.
    pub fn commission_attend(
        &mut self,
        number: &str,
        present: &[String],
        acting_chair: Option<&str>,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let present: Vec<String> = present
            .iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        let acting_chair = acting_chair
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
        self.store
            .commission_write::<AppError>(Some(number), &self.actor, Utc::now(), |view| {
                let record = meeting_of(view, number)?;
                if record.attendance.is_some() {
                    return Err(CommissionError::AttendanceRecorded.into());
                }
                let (planned, items) = domain(&record)?;
                let (meeting, _) = Meeting::open(
                    planned.composition,
                    planned.date,
                    present.clone(),
                    acting_chair.clone(),
                )?;
                let mut writes = vec![CommissionWrite::Attendance {
                    present: present.clone(),
                    acting_chair: acting_chair.clone(),
                }];
                if !meeting.has_quorum() {
                    for (i, item) in items.iter().enumerate() {
                        writes.push(decision_write(i as u32 + 1, &meeting.tally(item)?));
                    }
                }
                Ok(writes)
            })?;
        self.commission_meeting(number, lang)
    }

    /// One present member's vote on item `item` (from 1). 003 §10: only with a quorum;
    /// a member, present, once; a recusal declares the conflict. The vote that completes
    /// the item writes its decision with it.
    pub fn commission_vote(
        &mut self,
        number: &str,
        item: usize,
        member: &str,
        vote: Vote,
        conflict: Option<&str>,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let member = member.trim().to_owned();
        self.store
            .commission_write::<AppError>(Some(number), &self.actor, Utc::now(), |view| {
                let record = meeting_of(view, number)?;
                if record.attendance.is_none() {
                    return Err(CommissionError::NotAttended.into());
                }
                unsigned(&record)?;
                let (meeting, mut items) = domain(&record)?;
                let i = item_index(&items, item)?;
                meeting.cast(&mut items[i], &member, vote, conflict)?;
                let ballot = items[i]
                    .ballots
                    .last()
                    .cloned()
                    .ok_or_else(|| corrupt("vote", "the ballot was not recorded"))?;
                let mut writes = vec![CommissionWrite::Vote {
                    item: item as u32,
                    member_id: ballot.member,
                    vote: code(&ballot.vote),
                    conflict: ballot.conflict,
                }];
                // 003 §17: every present member votes; the last vote decides the item.
                let all_voted = meeting
                    .present
                    .iter()
                    .all(|p| items[i].ballots.iter().any(|b| &b.member == p));
                if all_voted {
                    writes.push(decision_write(item as u32, &meeting.tally(&items[i])?));
                }
                Ok(writes)
            })?;
        self.commission_meeting(number, lang)
    }

    /// 003 §16: a present member's dissenting opinion on item `item`, with the
    /// position the composition gives.
    pub fn commission_dissent(
        &mut self,
        number: &str,
        item: usize,
        member: &str,
        text: &str,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let member = member.trim().to_owned();
        self.store
            .commission_write::<AppError>(Some(number), &self.actor, Utc::now(), |view| {
                let record = meeting_of(view, number)?;
                if record.attendance.is_none() {
                    return Err(CommissionError::NotAttended.into());
                }
                unsigned(&record)?;
                let (meeting, mut items) = domain(&record)?;
                let i = item_index(&items, item)?;
                meeting.dissent(&mut items[i], &member, text)?;
                let dissent = items[i]
                    .dissents
                    .last()
                    .cloned()
                    .ok_or_else(|| corrupt("dissent", "the dissent was not recorded"))?;
                Ok(vec![CommissionWrite::Dissent {
                    item: item as u32,
                    member_id: dissent.member,
                    position: dissent.position,
                    text: dissent.text,
                }])
            })?;
        self.commission_meeting(number, lang)
    }

    /// Drafts the protocol (003 §14), or records the secretary's edit of it (`text`).
    /// Every item must be decided. Due by the end of the 2nd working day after the
    /// meeting; one drafted later is produced and marked late, never refused. A signed
    /// protocol is not redrafted.
    pub fn commission_draft_protocol(
        &mut self,
        number: &str,
        text: Option<&str>,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let edited = text.map(|t| required("text", t)).transpose()?;
        let now = Utc::now();
        self.store
            .commission_write::<AppError>(Some(number), &self.actor, now, |view| {
                let record = meeting_of(view, number)?;
                if record.attendance.is_none() {
                    return Err(CommissionError::NotAttended.into());
                }
                unsigned(&record)?;
                let (meeting, items) = domain(&record)?;
                // An item not every present member voted on is refused here, naming
                // who has not (003 §17).
                let tallies = items
                    .iter()
                    .map(|i| meeting.tally(i))
                    .collect::<Result<Vec<_>, _>>()?;
                let due_day = protocol_due(record.meeting.date);
                let due_at = protocol_due_at(record.meeting.date);
                let late = now >= due_at;
                let text = match &edited {
                    Some(t) => t.clone(),
                    None => draft_text(
                        &record,
                        &meeting,
                        &items,
                        &tallies,
                        late.then_some((now, due_day)),
                        lang,
                    ),
                };
                Ok(vec![CommissionWrite::Protocol {
                    parent_id: record.protocol().map(|p| p.id.clone()),
                    lang: lang.code().to_owned(),
                    text,
                    due_at,
                    late,
                }])
            })?;
        self.commission_meeting(number, lang)
    }

    /// The current protocol as PDF in `out`, with a signature block for each signer,
    /// ready for each to sign with their own key (`desk sign`).
    pub fn commission_protocol_pdf(
        &self,
        number: &str,
        out: &Path,
        lang: Lang,
    ) -> Result<DocumentFile, AppError> {
        let number = number.trim();
        let record = self.store.commission_meeting(number)?.ok_or_else(|| {
            CommissionError::MeetingNotFound {
                number: number.to_owned(),
            }
        })?;
        let p = record.protocol().ok_or(CommissionError::NoProtocol)?;
        write_atomically(out, &render_protocol(&record, p)?)?;
        Ok(DocumentFile::protocol(out, lang))
    }

    /// Records `member`'s signature of the current protocol (003 §14: the chair and
    /// every member who voted, each once).
    pub fn commission_sign(
        &mut self,
        number: &str,
        member: &str,
        lang: Lang,
    ) -> Result<MeetingView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let member = member.trim().to_owned();
        self.store
            .commission_write::<AppError>(Some(number), &self.actor, Utc::now(), |view| {
                let record = meeting_of(view, number)?;
                let protocol = record.protocol().ok_or(CommissionError::NoProtocol)?;
                let (meeting, items) = domain(&record)?;
                meeting.check_signer(&items, &member)?;
                if record
                    .signatures_of(&protocol.id)
                    .any(|s| s.member_id == member)
                {
                    return Err(CommissionError::AlreadySigned { id: member.clone() }.into());
                }
                Ok(vec![CommissionWrite::Signature {
                    protocol_id: protocol.id.clone(),
                    member_id: member.clone(),
                    sha256: protocol.sha256.clone(),
                }])
            })?;
        self.commission_meeting(number, lang)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_refused_item_is_the_users_input_to_fix_and_names_the_field() {
        let e = tally_json(r#"{"members": [], "present": []}"#, Lang::En).unwrap_err();
        assert_eq!((e.code(), e.exit_code()), (ErrorCode::Refused, 2));
        assert!(e.message(Lang::En).starts_with("members:"), "{e}");
    }

    #[test]
    fn the_protocol_is_due_when_the_second_working_day_after_the_meeting_ends() {
        // Thursday 26.11.2026: Friday 27th and Monday 30th are the two working days.
        let meeting = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let due = protocol_due_at(meeting);
        assert_eq!(to_astana_display(due), "01.12.2026 00:00");
    }
}
