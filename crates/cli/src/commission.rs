//! `desk commission …`: the Commission (issue 17). `tally` answers one meeting item by the
//! rule of shared/specs/commission.md and needs no journal; `members`, `meeting` and
//! `protocol` keep the Commission's records in the journal, the decisions counted by the
//! same function.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use desk_app::commission::{AgendaItem, MeetingForm, MeetingView, parse_agenda, parse_composition};
use desk_app::desk_commission::{Proposal, Vote, Warning};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::{AppError, Desk};

#[derive(Debug, Subcommand)]
pub enum CommissionCommand {
    /// The decision on one meeting item: quorum (003 §10), majority of all members and the
    /// chairing person's vote on a tie (003 §13). JSON in, JSON out.
    Tally {
        /// The meeting item; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// A trading platform's application, form 1 or form 2 (003 ch. 5–8).
    Application {
        #[command(subcommand)]
        command: ApplicationCommand,
    },
    /// The composition approved by an order (003 §5).
    Members {
        #[command(subcommand)]
        command: MembersCommand,
    },
    /// A meeting: set up, roll call, votes, dissenting opinions.
    Meeting {
        #[command(subcommand)]
        command: MeetingCommand,
    },
    /// The meeting's protocol (003 §14): draft, show, sign.
    Protocol {
        #[command(subcommand)]
        command: ProtocolCommand,
    },
    /// Grounds to disconnect a trading platform found in the journal: its confirmed ETP-CC
    /// failures on more than 7 consecutive calendar days (003 App. 7 §47.3), with the 5 WD
    /// the decision is due in (§48).
    Disconnection {
        /// The day judged on (YYYY-MM-DD or DD.MM.YYYY); today when absent.
        #[arg(long, default_value = "")]
        as_of: String,
        #[arg(long)]
        json: bool,
    },
}

impl CommissionCommand {
    /// Whether the command needs the journal (`tally` does not).
    pub fn needs_journal(&self) -> bool {
        !matches!(
            self,
            CommissionCommand::Tally { .. }
                | CommissionCommand::Application {
                    command: ApplicationCommand::Check { .. }
                }
        )
    }
}

#[derive(Debug, Subcommand)]
pub enum ApplicationCommand {
    /// What an application lacks (003 §22, §30, App. 1–3) and the clocks running on it
    /// (003 §20–27), without the journal. JSON in, JSON out.
    Check {
        /// The application; standard input when absent.
        #[arg(long)]
        input: Option<PathBuf>,
        /// The day "overdue" is judged on (YYYY-MM-DD or DD.MM.YYYY); today when absent.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Records an application as received, from a JSON file: {"number", "form":
    /// "test|production", "received", "fields", "documents", "infosec_date",
    /// "infosec_positive"}; an incomplete form 2 is recorded and its rejection noted.
    Add {
        #[arg(long)]
        input: PathBuf,
    },
    /// Records a step on its day: access_granted, production_filed, meeting,
    /// test_decision, test_day, tested, test_protocol_signed, deficiencies_protocol_signed,
    /// refiled, connect_decision, connected.
    Step {
        #[arg(long)]
        number: String,
        #[arg(long)]
        step: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Every application with its check and clocks (JSON).
    List,
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// Records a new composition version from a JSON file: {"order": {"number", "date"},
    /// "valid_from", "members": [{"id", "name", "role": "chair|member", "organisation",
    /// "position"}]}.
    Set {
        #[arg(long)]
        input: PathBuf,
    },
    /// Every composition version recorded (JSON).
    List,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Sets up a meeting with the composition in force on its date.
    New {
        #[arg(long)]
        number: String,
        /// YYYY-MM-DD or DD.MM.YYYY.
        #[arg(long)]
        date: String,
        /// HH:MM, Astana time.
        #[arg(long)]
        time: String,
        #[arg(long)]
        place: String,
        /// An agenda item put to the vote as it stands; repeat for more.
        #[arg(long = "item")]
        items: Vec<String>,
        /// Agenda items with what is put to the vote, JSON: [{"title", "proposal":
        /// {"kind": "test|connect|refuse|other", "reasons"}}]; before the `--item`s.
        #[arg(long)]
        agenda: Option<PathBuf>,
    },
    /// The roll call: who is present and, in the chair's absence, who acts (003 §8, §10).
    Attend {
        #[arg(long)]
        meeting: String,
        /// Member ids, separated by commas.
        #[arg(long, value_delimiter = ',')]
        present: Vec<String>,
        #[arg(long)]
        acting_chair: Option<String>,
    },
    /// One present member's vote on one item (from 1).
    Vote {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        item: usize,
        #[arg(long)]
        member: String,
        #[arg(long, value_enum)]
        vote: VoteArg,
        /// The conflict of interest a recusal declares.
        #[arg(long)]
        conflict: Option<String>,
    },
    /// A present member's dissenting opinion on one item (003 §16).
    Dissent {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        item: usize,
        #[arg(long)]
        member: String,
        #[arg(long)]
        text: String,
    },
    /// The meeting as recorded (JSON).
    Show {
        #[arg(long)]
        meeting: String,
    },
    /// The notice to the members: agenda, date, time and place, as PDF (003 §23).
    Notice {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProtocolCommand {
    /// Drafts the protocol from the meeting, or records the secretary's edited text.
    Draft {
        #[arg(long)]
        meeting: String,
        /// The edited text (a file); the drafted text when absent.
        #[arg(long)]
        text: Option<PathBuf>,
    },
    /// The protocol's text, its due date and who has signed.
    Show {
        #[arg(long)]
        meeting: String,
    },
    /// The protocol as PDF with a signature block per signer, for each to sign with
    /// their own key (`desk sign FILE --p12 …`).
    Pdf {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The signed protocol for publication (003 §15): its PDF and a JSON summary with the
    /// PDF's SHA-256, written into a folder; only once every signer has signed.
    Publish {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        out: PathBuf,
        /// The signed PDF; the one the window signed when absent.
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
    /// Records a member's signature (the chair and every member who voted, 003 §14).
    Sign {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        member: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VoteArg {
    For,
    Against,
    Abstain,
    Recused,
}

impl From<VoteArg> for Vote {
    fn from(v: VoteArg) -> Vote {
        match v {
            VoteArg::For => Vote::For,
            VoteArg::Against => Vote::Against,
            VoteArg::Abstain => Vote::Abstain,
            VoteArg::Recused => Vote::Recused,
        }
    }
}

/// `desk commission tally` and `application`: no journal.
pub fn commission(command: &CommissionCommand, lang: Lang) -> Result<String, AppError> {
    match command {
        CommissionCommand::Tally { input } => crate::read_input(input.as_ref())
            .and_then(|text| desk_app::commission::tally_json(&text, lang)),
        CommissionCommand::Application {
            command: ApplicationCommand::Check { input, as_of },
        } => crate::read_input(input.as_ref())
            .and_then(|text| desk_app::commission::application_json(&text, as_of.as_deref(), lang)),
        _ => Ok(String::new()),
    }
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

fn json<T: serde::Serialize>(v: &T) -> Result<String, AppError> {
    Ok(serde_json::to_string_pretty(v).unwrap_or_default())
}

fn name_of(m: &MeetingView, id: &str) -> String {
    m.composition
        .members
        .iter()
        .find(|x| x.id == id)
        .map_or_else(|| id.to_owned(), |x| x.name.clone())
}

/// The protocol's status lines: due date, the late mark, who has signed and who has not.
fn protocol_status(m: &MeetingView, lang: Lang) -> Vec<String> {
    let Some(p) = &m.protocol else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if p.late {
        out.push(tr(
            lang,
            "commission-protocol-late-mark",
            &[("due", &p.due)],
        ));
    }
    let signed = p.signers.iter().filter(|s| s.signed_at.is_some()).count();
    out.push(tr(
        lang,
        "commission-protocol-status",
        &[
            ("signed", &signed.to_string()),
            ("total", &p.signers.len().to_string()),
        ],
    ));
    for s in &p.signers {
        out.push(match &s.signed_at {
            Some(at) => tr(
                lang,
                "commission-protocol-signed-by",
                &[("name", &s.name), ("at", at)],
            ),
            None => tr(lang, "commission-protocol-unsigned", &[("name", &s.name)]),
        });
    }
    out
}

/// The commands that keep the Commission's records in the journal.
pub fn with_journal(
    desk: &mut Desk,
    lang: Lang,
    command: CommissionCommand,
) -> Result<String, AppError> {
    match command {
        CommissionCommand::Tally { .. }
        | CommissionCommand::Application {
            command: ApplicationCommand::Check { .. },
        } => Ok(String::new()),
        CommissionCommand::Application { command } => application(desk, lang, command),
        CommissionCommand::Disconnection {
            as_of,
            json: as_json,
        } => {
            let grounds = desk.commission_disconnection_grounds(&as_of, lang)?;
            if as_json {
                return json(&grounds);
            }
            if grounds.is_empty() {
                return Ok(tr(lang, "commission-grounds-none", &[]));
            }
            Ok(grounds
                .iter()
                .map(|g| {
                    if g.overdue {
                        format!(
                            "{} — {}",
                            g.text,
                            tr(lang, "commission-ground-overdue", &[])
                        )
                    } else {
                        g.text.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        CommissionCommand::Members { command } => match command {
            MembersCommand::Set { input } => {
                let form = parse_composition(&crate::read_input(Some(&input))?)?;
                let c = desk.commission_set_members(&form)?;
                let mut out = vec![tr(
                    lang,
                    "commission-members-saved",
                    &[
                        ("order", &c.order_number),
                        ("date", &c.order_date.format("%d.%m.%Y").to_string()),
                        ("count", &c.members.len().to_string()),
                        ("from", &c.valid_from.format("%d.%m.%Y").to_string()),
                    ],
                )];
                for w in &c.warnings {
                    match w {
                        Warning::NoChamberRepresentative => {
                            out.push(tr(lang, "commission-warning-no-chamber", &[]));
                        }
                    }
                }
                Ok(out.join("\n"))
            }
            MembersCommand::List => json(&desk.commission_compositions()?),
        },
        CommissionCommand::Meeting { command } => meeting(desk, lang, command),
        CommissionCommand::Protocol { command } => match command {
            ProtocolCommand::Draft { meeting, text } => {
                let text = text.map(|t| crate::read_input(Some(&t))).transpose()?;
                let m = desk.commission_draft_protocol(&meeting, text.as_deref(), lang)?;
                let due = m
                    .protocol
                    .as_ref()
                    .map(|p| p.due.clone())
                    .unwrap_or_default();
                let mut out = vec![tr(
                    lang,
                    "commission-protocol-saved",
                    &[("number", &m.number), ("due", &due)],
                )];
                out.extend(protocol_status(&m, lang));
                Ok(out.join("\n"))
            }
            ProtocolCommand::Show { meeting } => {
                let m = desk.commission_meeting(&meeting, lang)?;
                let Some(p) = &m.protocol else {
                    return Err(desk_app::desk_commission::CommissionError::NoProtocol.into());
                };
                let mut out = vec![p.text.clone(), String::new()];
                out.extend(protocol_status(&m, lang));
                Ok(out.join("\n"))
            }
            ProtocolCommand::Pdf { meeting, out } => {
                Ok(desk.commission_protocol_pdf(&meeting, &out, lang)?.message)
            }
            ProtocolCommand::Publish { meeting, out, pdf } => Ok(desk
                .commission_publish(&meeting, &out, pdf.as_deref(), lang)?
                .message),
            ProtocolCommand::Sign { meeting, member } => {
                let m = desk.commission_sign(&meeting, &member, lang)?;
                let p = m.protocol.as_ref();
                let signers = p.map(|p| p.signers.as_slice()).unwrap_or_default();
                let signed = signers.iter().filter(|s| s.signed_at.is_some()).count();
                Ok(tr(
                    lang,
                    "commission-signature-saved",
                    &[
                        ("name", &name_of(&m, member.trim())),
                        ("signed", &signed.to_string()),
                        ("total", &signers.len().to_string()),
                    ],
                ))
            }
        },
    }
}

fn application(
    desk: &mut Desk,
    lang: Lang,
    command: ApplicationCommand,
) -> Result<String, AppError> {
    match command {
        ApplicationCommand::Check { .. } => Ok(String::new()),
        ApplicationCommand::Add { input } => {
            let text = crate::read_input(Some(&input))?;
            let form = desk_app::commission::parse_application(&text)?;
            json(&desk.commission_add_application(&form, lang)?)
        }
        ApplicationCommand::Step {
            number,
            step,
            date,
            note,
        } => json(&desk.commission_application_step(&number, &step, &date, &note, lang)?),
        ApplicationCommand::List => json(&desk.commission_applications(lang)?),
    }
}

fn meeting(desk: &mut Desk, lang: Lang, command: MeetingCommand) -> Result<String, AppError> {
    match command {
        MeetingCommand::New {
            number,
            date,
            time,
            place,
            items,
            agenda,
        } => {
            let mut list = match agenda {
                Some(file) => parse_agenda(&crate::read_input(Some(&file))?)?,
                None => Vec::new(),
            };
            list.extend(items.into_iter().map(|title| AgendaItem {
                title,
                proposal: Proposal::Other,
            }));
            let form = MeetingForm {
                number,
                date,
                time,
                place,
                agenda: list,
            };
            let m = desk.commission_new_meeting(&form, lang)?;
            Ok(tr(
                lang,
                "commission-meeting-saved",
                &[
                    ("number", &m.number),
                    ("date", &m.date.format("%d.%m.%Y").to_string()),
                    ("time", &m.time),
                    ("place", &m.place),
                    ("order", &m.composition.order_number),
                    ("count", &m.items.len().to_string()),
                ],
            ))
        }
        MeetingCommand::Attend {
            meeting,
            present,
            acting_chair,
        } => {
            let m = desk.commission_attend(&meeting, &present, acting_chair.as_deref(), lang)?;
            let mut out = vec![tr(
                lang,
                "commission-attendance-saved",
                &[
                    (
                        "present",
                        &m.present.as_ref().map_or(0, Vec::len).to_string(),
                    ),
                    ("members", &m.composition.members.len().to_string()),
                    ("quorum", &m.quorum.to_string()),
                ],
            )];
            out.push(tr(
                lang,
                if m.has_quorum {
                    "doc-letter-protocol-quorum-yes"
                } else {
                    "doc-letter-protocol-quorum-no"
                },
                &[],
            ));
            Ok(out.join("\n"))
        }
        MeetingCommand::Vote {
            meeting,
            item,
            member,
            vote,
            conflict,
        } => {
            let vote = Vote::from(vote);
            let m =
                desk.commission_vote(&meeting, item, &member, vote, conflict.as_deref(), lang)?;
            let mut out = vec![tr(
                lang,
                "commission-vote-saved",
                &[
                    ("member", &name_of(&m, member.trim())),
                    ("vote", &vote_label(vote, lang)),
                    ("item", &item.to_string()),
                ],
            )];
            if let Some(explanation) = m
                .items
                .get(item.saturating_sub(1))
                .and_then(|i| i.explanation.as_deref())
            {
                out.push(tr(
                    lang,
                    "commission-item-decided",
                    &[("item", &item.to_string()), ("explanation", explanation)],
                ));
            }
            Ok(out.join("\n"))
        }
        MeetingCommand::Dissent {
            meeting,
            item,
            member,
            text,
        } => {
            let m = desk.commission_dissent(&meeting, item, &member, &text, lang)?;
            Ok(tr(
                lang,
                "commission-dissent-saved",
                &[
                    ("member", &name_of(&m, member.trim())),
                    ("item", &item.to_string()),
                ],
            ))
        }
        MeetingCommand::Show { meeting } => json(&desk.commission_meeting(&meeting, lang)?),
        MeetingCommand::Notice { meeting, out } => {
            Ok(desk.commission_notice_pdf(&meeting, &out, lang)?.message)
        }
    }
}
