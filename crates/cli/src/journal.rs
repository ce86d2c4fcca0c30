//! `desk journal …`, `desk report …` and `desk users …`: the contact centre's work from a
//! terminal, over the same services as the window.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use desk_app::desk_i18n::{Lang, tr};
use desk_app::desk_journal::{
    ActionForm, AppealRow, Channel, Criticality, FailureType, JournalQuery, NewAppeal, Role,
    RuleSet, Status, TriageForm,
};
use desk_app::{AppError, Desk};

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Register an appeal.
    Add(Box<AddArgs>),
    /// List the journal (newest first), with filters and full-text search.
    List(ListArgs),
    /// One appeal: its fields, obligations with due instants, events and history.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Confirm or refute the failure, with the decision (specialists and supervisors).
    Triage(TriageArgs),
    /// Change a confirmed failure's level, and optionally its type, with a reason
    /// (002 §35.1, §36.1–2, §37.3, 000 §26.3; specialists and supervisors): the new
    /// level's duties run from the reclassification.
    Reclassify {
        number: String,
        /// low, medium or high.
        #[arg(long)]
        level: String,
        /// A new failure type (its fault follows it, 002 §26, §38); default: unchanged.
        #[arg(long = "type", default_value = "")]
        failure_type: String,
        #[arg(long)]
        reason: String,
        /// Astana time, `DD.MM.YYYY HH:MM` (default: now).
        #[arg(long, default_value = "")]
        at: String,
    },
    /// Extend the ETP-CC decision's 3 working days (003 App. 4 §1.5) to `--until`, by at
    /// most 15 calendar days, with the notice sent to the user and the unified operator.
    ExtendDecision {
        number: String,
        /// The new due, Astana time `DD.MM.YYYY HH:MM`.
        #[arg(long)]
        until: String,
        /// How and when the user and the unified operator were told.
        #[arg(long)]
        notice: String,
        /// Astana time (default: now).
        #[arg(long, default_value = "")]
        at: String,
    },
    /// Record that something happened: id_sent, homepage_posted, authority_informed,
    /// info_requested, info_received, fixed, closed, …
    Event {
        number: String,
        kind: String,
        /// Astana time, `DD.MM.YYYY HH:MM` (default: now).
        #[arg(long, default_value = "")]
        at: String,
        /// What to add about it; closing with duties not done requires it as the reason.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Take a closed appeal up again, with the reason the history keeps (specialists and
    /// supervisors); its status goes back to where it stood before the closing.
    Reopen {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Mark the appeal as another report of the problem of appeal `--to` (002 §38).
    Link {
        number: String,
        #[arg(long)]
        to: String,
    },
    /// Compute how the affected procurements' deadlines move (deadlines.md §4) and attach
    /// the answer to this confirmed failure. Each `--procedure` is
    /// `ID,KIND,METHOD,DD.MM.YYYY HH:MM[,PERIOD START]` (METHOD may be empty for
    /// non-acceptance stages; PERIOD START is when acceptance began, 002 §36.7).
    Extensions {
        number: String,
        #[arg(long = "procedure")]
        procedures: Vec<String>,
        /// Price offers could not be decrypted (002 §37.9–10, 000 §26.9–10).
        #[arg(long)]
        decryption_impossible: bool,
        /// When the failure began, `DD.MM.YYYY HH:MM` Astana time; default: when the
        /// user detected it, else the receipt.
        #[arg(long, default_value = "")]
        started_at: String,
        /// A procedure (by ID) whose protocol was formed during the failure (002 §49,
        /// 004 §29.4); repeatable.
        #[arg(long = "protocol-formed")]
        protocol_formed: Vec<String>,
    },
    /// Correct one field (supervisors): a new version that names what it replaces.
    Correct {
        number: String,
        #[arg(long)]
        field: String,
        #[arg(long)]
        value: String,
        #[arg(long)]
        reason: String,
    },
    /// Attach a file (any size; kept in parts of at most 20 MB).
    Attach { number: String, file: PathBuf },
    /// Check that the journal is what its audit chain says: the chain, every recorded
    /// row, the projections and the file; with `--head`, that a chain head printed on an
    /// extract or daily analysis is still in it.
    Verify {
        /// A printed chain head, SEQ:HASH.
        #[arg(long)]
        head: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    organisation: String,
    #[arg(long)]
    bin_iin: String,
    /// Astana time, `DD.MM.YYYY HH:MM` (default: now).
    #[arg(long)]
    received_at: Option<String>,
    /// phone, email, letter, forum or monitoring.
    #[arg(long)]
    channel: String,
    /// The contact data the user appealed by.
    #[arg(long)]
    contact: String,
    #[arg(long)]
    description: String,
    /// user_appeal (default), monitoring_specialist, monitoring_tool, system_log.
    #[arg(long, default_value = "")]
    source: String,
    #[arg(long, default_value = "")]
    contact_person: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    detected_at: String,
    #[arg(long, default_value = "")]
    portal_module: String,
    #[arg(long, default_value = "")]
    announcements: String,
    #[arg(long, default_value = "")]
    lots: String,
    #[arg(long, default_value = "")]
    procurement_method: String,
    /// The portal the appeal concerns: state_procurement, quasi_state, trading_platform,
    /// energy_platform; it decides the rule set (000 §1, 002 §1, 003 §1, 004 §1).
    #[arg(long, default_value = "")]
    portal: String,
    /// GZ-692, GZ-627, QUASI-1216, ETP-CC, ENERGY-366 (default: the portal's, else by the
    /// date of receipt).
    #[arg(long, default_value = "")]
    rule_set: String,
    /// Incident number of the first appeal about the same problem.
    #[arg(long, default_value = "")]
    linked_to: String,
    /// Files to attach.
    #[arg(long)]
    attach: Vec<PathBuf>,
    /// Print the registered appeal as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    json: bool,
    /// First day (Astana date), by receipt.
    #[arg(long, default_value = "")]
    from: String,
    /// Last day, inclusive.
    #[arg(long, default_value = "")]
    to: String,
    #[arg(long, value_parser = |s: &str| Status::from_code(s).ok_or(format!("unknown status {s}")))]
    status: Option<Status>,
    #[arg(long, value_parser = |s: &str| Criticality::from_code(s).ok_or(format!("unknown criticality {s}")))]
    criticality: Option<Criticality>,
    #[arg(long, value_parser = |s: &str| FailureType::from_code(s).ok_or(format!("unknown failure type {s}")))]
    failure_type: Option<FailureType>,
    #[arg(long, value_parser = |s: &str| Channel::from_code(s).ok_or(format!("unknown channel {s}")))]
    channel: Option<Channel>,
    #[arg(long, value_parser = |s: &str| RuleSet::from_code(s).ok_or(format!("unknown rule set {s}")))]
    rule_set: Option<RuleSet>,
    #[arg(long)]
    overdue: bool,
    /// Words to find in organisation, description, decision and contacts.
    #[arg(long, default_value = "")]
    search: String,
    #[arg(long)]
    oldest_first: bool,
    /// The queue by urgency: the soonest next due first, overdue ones leading.
    #[arg(long)]
    by_due: bool,
    /// Rows to show (0: all).
    #[arg(long, default_value_t = 0)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    number: String,
    /// confirmed or refuted.
    #[arg(long)]
    analysis: String,
    #[arg(long, default_value = "")]
    criticality: String,
    /// No longer entered: the fault follows `--failure-type` (002 §26, §38). Still read so
    /// that a script stating a fault the type contradicts is refused, not silently obeyed.
    #[arg(long, hide = true)]
    operator_fault: bool,
    /// Required with `--analysis confirmed` (002 §26): the three `operator_*` types mean
    /// the operator is at fault, the others not.
    #[arg(long, default_value = "")]
    failure_type: String,
    #[arg(long, default_value = "")]
    decision: String,
    #[arg(long, default_value = "")]
    recommendations: String,
    #[arg(long, default_value = "")]
    supporting_info: String,
    /// Required to confirm an appeal that was refuted (a reversed refutation).
    #[arg(long, default_value = "")]
    reason: String,
    /// Astana time (default: now).
    #[arg(long, default_value = "")]
    at: String,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The daily analysis of a day's failures (002 §43); default: yesterday.
    Daily {
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long)]
        json: bool,
        /// Also write the analysis as PDF to this file.
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// The responsible person's full name for the signature block of the PDF.
        #[arg(long)]
        responsible: Option<String>,
    },
    /// The yearly report to the authorised body (002 §44, 000 §34), as PDF.
    Yearly(Box<YearlyArgs>),
}

#[derive(Debug, Args)]
pub struct YearlyArgs {
    /// The year, e.g. 2026 (Astana calendar days 01.01–31.12).
    #[arg(long, default_value = "")]
    year: String,
    /// Another period instead of a year: first day, DD.MM.YYYY.
    #[arg(long, default_value = "")]
    from: String,
    /// Last day of the period (included), DD.MM.YYYY.
    #[arg(long, default_value = "")]
    to: String,
    #[arg(long)]
    out: PathBuf,
    /// Causes of the failures; "not stated" when absent.
    #[arg(long)]
    causes: Option<String>,
    #[arg(long)]
    measures: Option<String>,
    #[arg(long)]
    results: Option<String>,
    #[arg(long)]
    proposals: Option<String>,
    /// The responsible person's full name for the signature block.
    #[arg(long)]
    responsible: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Give a login a role: operator, specialist or supervisor (supervisors only).
    Set {
        login: String,
        #[arg(value_parser = |s: &str| Role::from_code(s).ok_or(format!("unknown role {s}")))]
        role: Role,
    },
    /// Set a login's password on this workstation (supervisors only): asked twice on the
    /// terminal, or taken from DESK_NEW_PASSWORD.
    SetPassword { login: String },
    /// List users and roles.
    List,
}

type Out = Result<String, AppError>;

fn json<T: serde::Serialize>(v: &T) -> Out {
    Ok(serde_json::to_string_pretty(v).unwrap_or_default())
}

fn table(rows: &[AppealRow], lang: Lang) -> String {
    let header = [
        "col-number",
        "col-organisation",
        "col-bin-iin",
        "col-received-at",
        "col-contact",
        "col-channel",
        "col-status",
    ]
    .map(|id| tr(lang, id, &[]))
    .join("\t");
    let mut out = vec![header];
    out.extend(rows.iter().map(|r| {
        [
            r.number.as_str(),
            &r.organisation,
            &r.bin_iin,
            &r.received_at_astana,
            &r.contact,
            &r.channel.label(lang),
            &r.status.label(lang),
        ]
        .join("\t")
    }));
    out.push(tr(
        lang,
        "journal-count",
        &[("count", &rows.len().to_string())],
    ));
    out.join("\n")
}

fn id_of(desk: &Desk, number: &str) -> Result<String, AppError> {
    Ok(desk.appeal_by_number(number)?.appeal.id.to_string())
}

pub fn journal(desk: &mut Desk, lang: Lang, command: JournalCommand) -> Out {
    match command {
        JournalCommand::Add(a) => {
            let form = NewAppeal {
                organisation: a.organisation,
                bin_iin: a.bin_iin,
                received_at: a.received_at.unwrap_or_else(|| {
                    desk_app::desk_journal::time::to_astana_display(
                        desk_app::desk_journal::time::now(),
                    )
                }),
                channel: a.channel,
                contact: a.contact,
                description: a.description,
                source: a.source,
                contact_person: a.contact_person,
                email: a.email,
                phone: a.phone,
                detected_at: a.detected_at,
                portal_module: a.portal_module,
                announcements: a.announcements,
                lots: a.lots,
                procurement_method: a.procurement_method,
                portal: a.portal,
                rule_set: a.rule_set,
                linked_to: a.linked_to,
            };
            let row = desk.register_appeal_with_attachments(&form, &a.attach)?;
            if a.json {
                json(&row)
            } else {
                Ok(tr(lang, "form-saved", &[("number", &row.number)]))
            }
        }
        JournalCommand::List(l) => {
            let query = JournalQuery {
                from: l.from,
                to: l.to,
                status: l.status,
                criticality: l.criticality,
                failure_type: l.failure_type,
                channel: l.channel,
                rule_set: l.rule_set,
                overdue: l.overdue,
                text: l.search,
                oldest_first: l.oldest_first,
                by_due: l.by_due,
                offset: l.offset,
                limit: l.limit,
            };
            // `--limit 0` means the whole journal, page by page.
            let rows = if l.limit == 0 {
                let mut all = Vec::new();
                let mut q = JournalQuery {
                    limit: desk_app::desk_journal::query::MAX_PAGE,
                    ..query
                };
                loop {
                    let page = desk.list(&q)?;
                    let done = page.len() < q.limit as usize;
                    all.extend(page);
                    if done {
                        break all;
                    }
                    q.offset += q.limit;
                }
            } else {
                desk.list(&query)?
            };
            if l.json {
                json(&rows)
            } else {
                Ok(table(&rows, lang))
            }
        }
        JournalCommand::Show {
            number,
            json: as_json,
        } => {
            let d = desk.appeal_by_number(&number)?;
            if as_json {
                return json(&d);
            }
            let a = &d.appeal;
            let mut out = vec![
                format!(
                    "{} · {} · {}",
                    a.number,
                    a.status.label(lang),
                    a.rule_set.label(lang)
                ),
                format!(
                    "{}: {} ({})",
                    tr(lang, "field-organisation", &[]),
                    a.organisation,
                    a.bin_iin
                ),
                format!(
                    "{}: {}",
                    tr(lang, "field-received_at", &[]),
                    a.received_at_astana
                ),
            ];
            if let Some(c) = a.criticality {
                out.push(format!(
                    "{}: {}",
                    tr(lang, "field-criticality", &[]),
                    c.label(lang)
                ));
            }
            // 000 §15.1, 002 §28.1, 001 §6.1, 004 §25: a late report is said, not refused.
            if let Some(late) = &d.late_report {
                out.push(format!("⚠ {}", late.message));
            }
            // Issue 13 item 6: the wording in force is not in the material.
            out.extend(d.edition_notes.iter().map(|n| format!("⚠ {n}")));
            // 000 §15, 002 §28: which support hours the clocks used.
            out.push(format!("{}:", tr(lang, "ui-support-hours-title", &[])));
            out.extend(d.support_hours.iter().map(|h| format!("  {h}")));
            out.push(format!("{}:", tr(lang, "obligations-title", &[])));
            for o in &d.obligations {
                let state = match o.state {
                    desk_app::ObligationState::Met => tr(lang, "state-met", &[]),
                    desk_app::ObligationState::Late => tr(lang, "state-late", &[]),
                    desk_app::ObligationState::Pending => tr(lang, "state-pending", &[]),
                    desk_app::ObligationState::Paused => tr(lang, "state-paused", &[]),
                    desk_app::ObligationState::Superseded => tr(lang, "state-superseded", &[]),
                    desk_app::ObligationState::Closed => tr(lang, "state-closed", &[]),
                };
                // A paused fix says what it has left (002 §38), in the user's words.
                let state = o.paused_left.clone().unwrap_or(state);
                out.push(format!(
                    "  {}\t{}\t{}\t{}\t{}",
                    tr(lang, &format!("obligation-{}", o.id), &[]),
                    o.due_astana.as_deref().unwrap_or("—"),
                    o.reading,
                    o.clause,
                    state
                ));
            }
            Ok(out.join("\n"))
        }
        JournalCommand::Triage(t) => {
            let id = id_of(desk, &t.number)?;
            let form = TriageForm {
                analysis: t.analysis,
                at: t.at,
                criticality: t.criticality,
                operator_fault: t.operator_fault.then_some(true),
                failure_type: t.failure_type,
                decision: t.decision,
                recommendations: t.recommendations,
                supporting_info: t.supporting_info,
                reason: t.reason,
            };
            let d = desk.triage(&id, &form)?;
            Ok(format!(
                "{} · {}",
                d.appeal.number,
                d.appeal.status.label(lang)
            ))
        }
        JournalCommand::Reclassify {
            number,
            level,
            failure_type,
            reason,
            at,
        } => {
            let form = desk_app::desk_journal::ReclassifyForm {
                criticality: level,
                failure_type,
                reason,
                at,
            };
            let d = desk.reclassify_by_number(&number, &form)?;
            let level = d
                .appeal
                .criticality
                .map(|c| c.label(lang))
                .unwrap_or_default();
            Ok(tr(
                lang,
                "cli-reclassified",
                &[("number", &d.appeal.number), ("level", &level)],
            ))
        }
        JournalCommand::ExtendDecision {
            number,
            until,
            notice,
            at,
        } => {
            let form = desk_app::ExtendDecisionForm { until, notice, at };
            let d = desk.extend_decision_by_number(&number, &form)?;
            let due = d
                .obligations
                .iter()
                .find(|o| o.id == "analyze")
                .and_then(|o| o.due_astana.clone())
                .unwrap_or_default();
            Ok(tr(
                lang,
                "cli-decision-extended",
                &[("number", &d.appeal.number), ("due", &due)],
            ))
        }
        JournalCommand::Event {
            number,
            kind,
            at,
            note,
        } => {
            let id = id_of(desk, &number)?;
            let d = desk.record_action(&id, &ActionForm { note, kind, at })?;
            Ok(format!(
                "{} · {}",
                d.appeal.number,
                d.appeal.status.label(lang)
            ))
        }
        JournalCommand::Reopen { number, reason } => {
            let id = id_of(desk, &number)?;
            let d = desk.reopen(&id, &reason)?;
            Ok(format!(
                "{} · {}",
                d.appeal.number,
                d.appeal.status.label(lang)
            ))
        }
        JournalCommand::Link { number, to } => {
            let id = id_of(desk, &number)?;
            let d = desk.link(&id, &to)?;
            Ok(format!(
                "{} → {}",
                d.appeal.number,
                d.appeal.linked_to.unwrap_or_default()
            ))
        }
        JournalCommand::Extensions {
            number,
            procedures,
            decryption_impossible,
            started_at,
            protocol_formed,
        } => {
            let id = id_of(desk, &number)?;
            let procs: Vec<desk_app::ProcedureInput> = procedures
                .iter()
                .map(|p| {
                    let mut parts = p.splitn(5, ',').map(str::trim);
                    let id = parts.next().unwrap_or_default().to_owned();
                    desk_app::ProcedureInput {
                        protocol_formed: protocol_formed.contains(&id),
                        id,
                        kind: parts.next().unwrap_or_default().to_owned(),
                        method: parts.next().unwrap_or_default().to_owned(),
                        deadline: parts.next().unwrap_or_default().to_owned(),
                        period_start: parts.next().unwrap_or_default().to_owned(),
                        ..Default::default()
                    }
                })
                .collect();
            if let Some(unknown) = protocol_formed
                .iter()
                .find(|f| !procs.iter().any(|p| &p.id == *f))
            {
                // A flag for a procedure not given would silently change nothing.
                return Err(desk_app::AppError::Invalid(vec![
                    desk_app::desk_journal::FieldError::new(
                        desk_app::desk_journal::Field::ProcedureId,
                        desk_app::desk_journal::Problem::UnknownValue(unknown.clone()),
                    ),
                ]));
            }
            let form = desk_app::ExtensionForm {
                procedures: procs,
                decryption_impossible,
                started_at,
            };
            let d = desk.compute_extensions(&id, &form)?;
            // The same JSON `desk extensions` prints (deadlines.md §4).
            Ok(d.extensions
                .and_then(|a| serde_json::to_string(&a).ok())
                .unwrap_or_default())
        }
        JournalCommand::Correct {
            number,
            field,
            value,
            reason,
        } => {
            let id = id_of(desk, &number)?;
            let form = desk_app::desk_journal::CorrectionForm {
                field,
                value,
                reason,
            };
            let d = desk.correct(&id, &form)?;
            Ok(d.history
                .last()
                .map(|h| format!("{} · {}\n{}", d.appeal.number, h.action, h.changes))
                .unwrap_or_default())
        }
        JournalCommand::Attach { number, file } => {
            let id = id_of(desk, &number)?;
            let d = desk.attach(&id, &file)?;
            Ok(d.attachments
                .last()
                .map(|a| format!("{} {}", a.sha256, a.name))
                .unwrap_or_default())
        }
        JournalCommand::Verify { head } => verify(desk, lang, head.as_deref()),
    }
}

/// The check's report; anything found is an error (`desk journal verify` exits 1) after
/// the report names every finding.
fn verify(desk: &Desk, lang: Lang, head: Option<&str>) -> Out {
    let checked = desk.verify_checked(head, lang)?;
    match checked.failure {
        None => Ok(checked.report),
        Some(failure) => {
            // A closed standard output must not hide the verdict, which goes to stderr.
            let _ = crate::output::print(&checked.report);
            Err(failure)
        }
    }
}

pub fn report(desk: &Desk, lang: Lang, command: ReportCommand) -> Out {
    match command {
        ReportCommand::Daily {
            date,
            json: as_json,
            pdf,
            responsible,
        } => {
            if let Some(path) = &pdf {
                let (bytes, _) = desk.daily_report_bytes(&date, lang, responsible)?;
                desk_app::documents::write_atomically(path, &bytes)?;
            }
            let r = desk.daily_report(&date)?;
            if as_json {
                return json(&r);
            }
            let mut out = vec![
                tr(lang, "report-daily-title", &[("date", &r.date)]),
                tr(lang, "daily-as-at", &[("date", &r.date)]),
            ];
            for a in &r.appeals {
                let overdue: Vec<String> = a
                    .overdue
                    .iter()
                    .map(|o| tr(lang, &format!("obligation-{o}"), &[]))
                    .collect();
                out.push(format!(
                    "{}\t{}\t{}\t{}\t{}",
                    a.number,
                    a.organisation,
                    a.status.label(lang),
                    a.criticality.map(|c| c.label(lang)).unwrap_or_default(),
                    overdue.join("; ")
                ));
            }
            let t = r.totals;
            out.push(tr(
                lang,
                "doc-report-daily-counts",
                &[
                    ("count", &t.received.to_string()),
                    ("confirmed", &t.confirmed.to_string()),
                    ("fixed", &t.fixed.to_string()),
                    ("open", &t.open.to_string()),
                    ("overdue", &t.overdue.to_string()),
                ],
            ));
            let refuted: Vec<&str> = r.refuted.iter().map(|a| a.number.as_str()).collect();
            out.push(if refuted.is_empty() {
                tr(lang, "doc-report-daily-refuted-none", &[])
            } else {
                tr(
                    lang,
                    "doc-report-daily-refuted",
                    &[
                        ("count", &refuted.len().to_string()),
                        ("numbers", &refuted.join(", ")),
                    ],
                )
            });
            if let Some(path) = &pdf {
                out.push(tr(
                    lang,
                    "doc-report-written",
                    &[("file", &path.display().to_string())],
                ));
            }
            Ok(out.join("\n"))
        }
        ReportCommand::Yearly(args) => {
            let texts = desk_app::reports::YearlyTexts {
                causes: args.causes,
                measures: args.measures,
                results: args.results,
                proposals: args.proposals,
            };
            let (bytes, stats) = desk.yearly_report_bytes(
                &args.year,
                &args.from,
                &args.to,
                lang,
                texts,
                args.responsible,
            )?;
            desk_app::documents::write_atomically(&args.out, &bytes)?;
            let mut out = vec![tr(
                lang,
                "doc-report-total",
                &[("count", &stats.total.to_string())],
            )];
            let unstated = tr(lang, "doc-report-unstated", &[]);
            let types = stats.by_type.iter().map(|(t, n)| {
                (
                    t.map(|t| t.label(lang)).unwrap_or_else(|| unstated.clone()),
                    n,
                )
            });
            let levels = stats.by_criticality.iter().map(|(c, n)| {
                (
                    c.map(|c| c.label(lang)).unwrap_or_else(|| unstated.clone()),
                    n,
                )
            });
            for (label, n) in types.chain(levels) {
                out.push(tr(
                    lang,
                    "doc-report-count-line",
                    &[("label", &label), ("count", &n.to_string())],
                ));
            }
            for s in &stats.sla {
                out.push(tr(
                    lang,
                    "doc-report-sla-line",
                    &[
                        ("label", &desk_app::reports::obligation_label(&s.id, lang)),
                        ("id", &s.id),
                        ("percent", &s.percent()),
                        ("met", &s.met_on_time.to_string()),
                        ("all", &s.all.to_string()),
                    ],
                ));
            }
            out.push(tr(
                lang,
                "doc-report-written",
                &[("file", &args.out.display().to_string())],
            ));
            Ok(out.join("\n"))
        }
    }
}

pub fn users(desk: &mut Desk, lang: Lang, command: UsersCommand) -> Out {
    match command {
        UsersCommand::Set { login, role } => {
            desk.set_role(&login, role)?;
            Ok(format!("{login}: {}", role.label(lang)))
        }
        UsersCommand::SetPassword { login } => {
            let password = crate::login::password(
                crate::login::NEW_PASSWORD_ENV,
                "cli-new-password-prompt",
                &login,
                lang,
            )?;
            if std::env::var_os(crate::login::NEW_PASSWORD_ENV).is_none() {
                let again = crate::login::password(
                    crate::login::NEW_PASSWORD_ENV,
                    "cli-new-password-prompt",
                    &login,
                    lang,
                )?;
                if again != password {
                    return Err(AppError::SignIn {
                        login,
                        problem: desk_app::signin::SignInProblem::Mismatch,
                    });
                }
            }
            desk.set_password(&login, &password)?;
            Ok(tr(lang, "cli-password-set", &[("login", login.trim())]))
        }
        UsersCommand::List => {
            let users = desk.users()?;
            Ok(users
                .iter()
                .map(|(l, r)| format!("{l}\t{}", r.label(lang)))
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}
