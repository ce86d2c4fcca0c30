//! Notices and the e-mail outbox (issue 18), for the window and `desk` alike: a notice
//! rendered for an appeal from its journal row (what the operator sees is what is sent),
//! the incident-ID e-mail queued by the registration itself, and the queue worked once
//! against the deployment's mail server. The state machine is `docs/outbox.md`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_journal::{Action, AppealRow, EventKind};
use desk_notify::smtp::{self, Outgoing, SendError, Server};
use desk_notify::{Notice, NoticeField, NoticeKind, Values};
use desk_store::{Attempt, EventRow, MailRow, MailState, NewMail};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Desk};

/// The settings of the deployment's mail server (the password is in the OS keyring).
pub const SMTP_HOST: &str = "smtp.host";
pub const SMTP_PORT: &str = "smtp.port";
pub const SMTP_SECURITY: &str = "smtp.security";
pub const SMTP_USER: &str = "smtp.user";
pub const SMTP_FROM: &str = "smtp.from";
/// A PEM file of a root to trust besides the OS store.
pub const SMTP_CA_FILE: &str = "smtp.ca_file";

/// The keyring's service for the mail server's password.
const KEYRING_SERVICE: &str = "kz.incident-desk.smtp";

/// An attempt started this long ago without an outcome was interrupted (a crash, a
/// kill, a lost power): the server may have accepted it, so it is not sent again
/// without the operator's word. Longer than any SMTP exchange (lettre's timeout: 30 s
/// per command).
pub const SENDING_LEASE: Duration = Duration::minutes(10);

/// The longest wait between two attempts of a transient failure.
const MAX_BACKOFF: Duration = Duration::hours(1);

/// Why a notice or a message is refused; each names its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error(transparent)]
    Missing(#[from] desk_notify::MissingValue),
    #[error("unknown notice kind {0:?}")]
    Kind(String),
    #[error("not FIELD=VALUE: {0:?}")]
    Set(String),
    #[error("no message {0} in the outbox")]
    NoMessage(String),
    #[error("the appeal has no e-mail address")]
    NoRecipient,
    #[error("no mail server is set")]
    NotConfigured,
    #[error("the OS keyring: {0}")]
    Keyring(String),
}

impl NoticeError {
    pub fn message(&self, lang: Lang) -> String {
        let field = |id: &str| tr(lang, id, &[]);
        match self {
            NoticeError::Missing(m) => tr(
                lang,
                "err-notice-missing",
                &[("field", &m.field.label(lang))],
            ),
            NoticeError::Kind(_) => tr(
                lang,
                "err-notice-kind",
                &[("field", &field("field-notice-kind"))],
            ),
            NoticeError::Set(_) => tr(
                lang,
                "err-notice-set",
                &[("field", &field("field-notice-set"))],
            ),
            NoticeError::NoMessage(_) => tr(
                lang,
                "err-outbox-no-message",
                &[("field", &field("field-outbox-id"))],
            ),
            NoticeError::NoRecipient => tr(
                lang,
                "err-outbox-no-recipient",
                &[("field", &field("field-email"))],
            ),
            NoticeError::NotConfigured => tr(
                lang,
                "err-smtp-not-configured",
                &[("field", &field("field-smtp"))],
            ),
            NoticeError::Keyring(detail) => tr(lang, "err-store", &[("detail", detail)]),
        }
    }

    pub fn code(&self) -> crate::ErrorCode {
        match self {
            NoticeError::NoMessage(_) => crate::ErrorCode::NotFound,
            NoticeError::NotConfigured => crate::ErrorCode::SetupNeeded,
            NoticeError::Keyring(_) => crate::ErrorCode::Internal,
            _ => crate::ErrorCode::Invalid,
        }
    }
}

/// The obligation a notice meets on its appeal when the server accepted it.
pub fn meets(kind: NoticeKind) -> Option<EventKind> {
    match kind {
        // 002 §30: the incident ID to the user's e-mail.
        NoticeKind::IncidentId => Some(EventKind::IdSent),
        // 002 §32: the user notified of the refutation.
        NoticeKind::Refutation => Some(EventKind::RefutationNotified),
        // 002 §35.1, §36.2: the level and the planned fix to the user.
        NoticeKind::Criticality => Some(EventKind::CriticalityNotified),
        // 002 §36.2: every supplier of the procurement.
        NoticeKind::SupplierExtension => Some(EventKind::ParticipantsNotified),
        // 002 §36.10, §37.13: the written report.
        NoticeKind::AuthorityReport => Some(EventKind::AuthorityReported),
        // 002 §36.1, §37.3: the failure on the home page (posted, not mailed).
        NoticeKind::HomepageFailure => Some(EventKind::HomepagePosted),
        _ => None,
    }
}

/// A message of the outbox as the window and `desk outbox list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxEntry {
    pub id: String,
    pub message_id: String,
    pub number: Option<String>,
    pub kind: String,
    pub kind_label: String,
    pub lang: Lang,
    pub to: Vec<String>,
    pub subject: String,
    /// `queued`, `sending`, `sent`, `retry`, `failed`, or `uncertain`: an attempt
    /// interrupted before its outcome was recorded (the server may have it).
    pub state: String,
    pub state_label: String,
    /// When the latest attempt happened (sent: when the server accepted it), UTC.
    pub state_at: Option<DateTime<Utc>>,
    pub state_at_astana: Option<String>,
    pub next_at_astana: Option<String>,
    pub attempts: u32,
    /// The server's answer to a retried or failed attempt.
    pub detail: String,
    pub attachments: Vec<String>,
}

/// A notice as it will be sent, for the window to show before queueing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticePreview {
    pub subject: String,
    pub body: String,
}

/// What one pass over the queue did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendReport {
    pub sent: Vec<String>,
    pub retry: Vec<String>,
    pub failed: Vec<String>,
    /// Interrupted attempts left for the operator (`desk outbox retry ID`).
    pub uncertain: Vec<String>,
}

/// The mail server as a supervisor sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SmtpForm {
    pub host: String,
    pub port: String,
    /// `starttls`, `tls` or `none`.
    pub security: String,
    pub user: String,
    pub from: String,
    pub ca_file: String,
    /// Empty: keep the stored one. Never stored in the journal.
    pub password: String,
}

fn state_of(m: &MailRow, now: DateTime<Utc>) -> &'static str {
    match m.state {
        MailState::Sending if m.state_at.is_some_and(|t| now - t >= SENDING_LEASE) => "uncertain",
        s => s.code(),
    }
}

fn backoff(attempts: u32) -> Duration {
    // 1, 2, 4, 8 … minutes, at most an hour.
    let minutes = 1i64 << attempts.saturating_sub(1).min(6);
    Duration::minutes(minutes).min(MAX_BACKOFF)
}

fn entry(m: &MailRow, now: DateTime<Utc>) -> OutboxEntry {
    let lang = Lang::from_code(&m.lang).unwrap_or(Lang::Ru);
    let state = state_of(m, now);
    OutboxEntry {
        id: m.id.clone(),
        message_id: m.message_id.clone(),
        number: m.appeal_number.clone(),
        kind_label: NoticeKind::from_code(&m.kind)
            .map(|k| k.label(lang))
            .unwrap_or_else(|| m.kind.clone()),
        kind: m.kind.clone(),
        lang,
        to: m.to.clone(),
        subject: m.subject.clone(),
        state: state.to_owned(),
        state_label: tr(lang, &format!("outbox-state-{state}"), &[]),
        state_at: m.state_at,
        state_at_astana: m.state_at.map(to_astana_display),
        next_at_astana: m.next_at.map(to_astana_display),
        attempts: m.attempts,
        detail: m.detail.clone(),
        attachments: m.files.iter().map(|f| f.name.clone()).collect(),
    }
}

/// `FIELD=VALUE` pairs (the CLI's `--set`, the window's form) as values.
pub fn parse_values(pairs: &[String]) -> Result<Values, NoticeError> {
    pairs
        .iter()
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| NoticeError::Set(p.clone()))?;
            let field = NoticeField::from_code(k).ok_or_else(|| NoticeError::Set(p.clone()))?;
            Ok((field, v.to_owned()))
        })
        .collect()
}

/// The values the journal knows of an appeal, for every notice about it.
fn journal_values(row: &AppealRow, events: &[EventRow], lang: Lang) -> Values {
    let mut v = BTreeMap::new();
    let mut put = |f: NoticeField, s: String| {
        if !s.trim().is_empty() {
            v.insert(f, s);
        }
    };
    put(NoticeField::Number, row.number.clone());
    put(NoticeField::Received, row.received_at_astana.clone());
    put(NoticeField::Organisation, row.organisation.clone());
    put(NoticeField::Description, row.description.clone());
    put(NoticeField::Announcements, row.announcements.clone());
    put(NoticeField::Lots, row.lots.clone());
    if let Some(c) = row.criticality {
        put(NoticeField::Criticality, c.label(lang));
    }
    put(
        NoticeField::Grounds,
        row.decision.clone().unwrap_or_default(),
    );
    put(
        NoticeField::Supporting,
        row.supporting_info.clone().unwrap_or_default(),
    );
    let last = |k: EventKind| events.iter().rev().find(|e| e.kind == k);
    if let Some(e) = last(EventKind::Refuted) {
        put(NoticeField::RefutedAt, to_astana_display(e.at));
    }
    if let Some(e) = last(EventKind::Fixed) {
        put(NoticeField::FixedAt, to_astana_display(e.at));
    }
    if let Some(until) = last(EventKind::DecisionExtended).and_then(|e| e.extended_until) {
        put(NoticeField::Until, to_astana_display(until));
    }
    v
}

fn kind_of(code: &str) -> Result<NoticeKind, AppError> {
    NoticeKind::from_code(code).ok_or_else(|| NoticeError::Kind(code.to_owned()).into())
}

impl Desk {
    /// The notice `kind` for the appeal `number` in `lang`: the journal's values, then
    /// the operator's (`values`, which win). A value it needs and nobody gave is refused
    /// naming it (issue 18 item 6).
    pub fn notice(
        &self,
        number: &str,
        kind: &str,
        lang: Lang,
        values: &Values,
    ) -> Result<Notice, AppError> {
        let kind = kind_of(kind)?;
        let row = self.store.appeal_by_number(number)?;
        let events = self.store.events(&row.id.to_string())?;
        let mut all = journal_values(&row, &events, lang);
        all.extend(values.iter().map(|(k, v)| (*k, v.clone())));
        Ok(desk_notify::render(kind, lang, &all).map_err(NoticeError::from)?)
    }

    /// [`Desk::notice`] for the window: `set` as `FIELD=VALUE` pairs.
    pub fn notice_preview(
        &self,
        number: &str,
        kind: &str,
        lang: Lang,
        set: &[String],
    ) -> Result<NoticePreview, AppError> {
        let n = self.notice(number, kind, lang, &parse_values(set)?)?;
        Ok(NoticePreview {
            subject: n.subject,
            body: n.body,
        })
    }

    /// Queues the notice `kind` about appeal `number` to `to` (the appeal's e-mail when
    /// empty), exactly as rendered; sent by the next [`Desk::send_outbox`].
    pub fn queue_notice(
        &mut self,
        number: &str,
        kind: &str,
        lang: Lang,
        values: &Values,
        to: &[String],
        attach: &[std::path::PathBuf],
    ) -> Result<OutboxEntry, AppError> {
        self.require(Action::RecordAction)?;
        // Every file is read before anything is written: one that cannot be read
        // refuses the message.
        let files = attach
            .iter()
            .map(|path| {
                let data = std::fs::read(path).map_err(|e| crate::DocumentError::Read {
                    file: path.display().to_string(),
                    detail: e.to_string(),
                })?;
                let pdf = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
                Ok(desk_store::MailFile {
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    content_type: if pdf {
                        "application/pdf"
                    } else {
                        "application/octet-stream"
                    }
                    .to_owned(),
                    data,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let notice = self.notice(number, kind, lang, values)?;
        let row = self.store.appeal_by_number(number)?;
        let to: Vec<String> = match to {
            [] if row.email.is_empty() => Vec::new(),
            [] => vec![row.email.clone()],
            given => given.to_vec(),
        };
        if to.is_empty() {
            return Err(NoticeError::NoRecipient.into());
        }
        for address in &to {
            if !smtp::valid_address(address) {
                return Err(desk_journal::FieldError::new(
                    desk_journal::Field::Email,
                    desk_journal::Problem::EmailFormat,
                )
                .into());
            }
        }
        let from = self.store.setting(SMTP_FROM)?.unwrap_or_default();
        let mail = NewMail {
            message_id: smtp::new_message_id(&from),
            appeal_id: Some(row.id.to_string()),
            kind: notice.kind.code().to_owned(),
            lang: lang.code().to_owned(),
            to,
            subject: notice.subject,
            body: notice.body,
            files,
        };
        let m = self.store.queue_mail(&mail, &self.actor, Utc::now())?;
        Ok(entry(&m, Utc::now()))
    }

    /// A notice that is not an e-mail (a home-page text, a letter handed over) recorded as
    /// done now (issue 18 item 3): its text kept verbatim in the outbox as it was posted,
    /// with no recipient, and the duty it meets marked met at this instant.
    pub fn record_notice_done(
        &mut self,
        number: &str,
        kind: &str,
        lang: Lang,
        values: &Values,
    ) -> Result<OutboxEntry, AppError> {
        self.require(Action::RecordAction)?;
        let notice = self.notice(number, kind, lang, values)?;
        let row = self.store.appeal_by_number(number)?;
        let from = self.store.setting(SMTP_FROM)?.unwrap_or_default();
        let mail = NewMail {
            message_id: smtp::new_message_id(&from),
            appeal_id: Some(row.id.to_string()),
            kind: notice.kind.code().to_owned(),
            lang: lang.code().to_owned(),
            to: Vec::new(),
            subject: notice.subject,
            body: notice.body,
            files: Vec::new(),
        };
        let now = Utc::now();
        let m = self.store.queue_mail(&mail, &self.actor, now)?;
        let done = Attempt::Sent {
            at: now,
            meets: meets(notice.kind),
        };
        let m = self
            .store
            .record_attempt(&m.id, &[MailState::Queued], &done, &self.actor, now)?
            .unwrap_or(m);
        Ok(entry(&m, now))
    }

    /// Whether the notices owed to the user are mailed by themselves: the appeal gave an
    /// address, a user raised it (a monitoring source has no user: 002 §27–30) and the
    /// deployment has a mail server (`smtp.host`). One condition for the incident ID at
    /// registration and for every later notice an event causes.
    fn mails_the_user(
        &self,
        email: &str,
        source: desk_journal::Source,
        channel: desk_journal::Channel,
    ) -> Result<bool, AppError> {
        Ok(!email.is_empty()
            && source.owes_the_user(channel)
            && self.store.setting(SMTP_HOST)?.is_some())
    }

    /// The e-mail the event `kind` owes the user of appeal `row`, to be queued in the
    /// event's own transaction: the refutation (002 §32, 000 §21), the level and the
    /// planned fix (002 §35.1), the fix completed with its actual instant (002 §35.3,
    /// §36.9). `None` for any other event or when [`Desk::mails_the_user`] says no.
    pub(crate) fn event_mail(
        &self,
        row: &AppealRow,
        kind: EventKind,
    ) -> Result<Option<desk_store::EventMail<'static>>, AppError> {
        let notice = match kind {
            EventKind::Refuted => NoticeKind::Refutation,
            EventKind::Confirmed => NoticeKind::Criticality,
            EventKind::Fixed => NoticeKind::Fixed,
            _ => return Ok(None),
        };
        if !self.mails_the_user(&row.email, row.source, row.channel)? {
            return Ok(None);
        }
        let lang = self.language();
        let from = self.store.setting(SMTP_FROM)?.unwrap_or_default();
        let first = self.store.first_registered_at(&row.id.to_string())?;
        let support = self.support_periods(row)?;
        Ok(Some(Box::new(
            move |row: &AppealRow, events: &[EventRow]| {
                let mut values = journal_values(row, events, lang);
                if notice == NoticeKind::Criticality {
                    // 002 §35.1: the planned fix is the fix's due as the clocks compute it
                    // after the confirmation.
                    let fix = crate::clocks::compute(row, events, first, &support)
                        .obligations
                        .into_iter()
                        .find(|o| o.id == "fix")
                        .and_then(|o| o.due_astana);
                    if let Some(due) = fix {
                        values.insert(NoticeField::PlannedFix, due);
                    }
                }
                // A value the journal does not have (no fix due: not the operator's fault;
                // no supporting information) leaves the notice to the operator (`desk
                // notice`); the event is recorded all the same.
                let n = desk_notify::render(notice, lang, &values)
                    .inspect_err(
                        |e| tracing::warn!(error = %e, kind = notice.code(), "notice not queued"),
                    )
                    .ok()?;
                Some(NewMail {
                    message_id: smtp::new_message_id(&from),
                    appeal_id: Some(row.id.to_string()),
                    kind: notice.code().to_owned(),
                    lang: lang.code().to_owned(),
                    to: vec![row.email.clone()],
                    subject: n.subject,
                    body: n.body,
                    files: Vec::new(),
                })
            },
        )))
    }

    /// The incident-ID e-mail of a new appeal (002 §30), made inside its registration's
    /// transaction; `None` when [`Desk::mails_the_user`] says no.
    pub(crate) fn incident_id_mail(
        &self,
        valid: &desk_journal::ValidAppeal,
    ) -> Result<Option<impl FnOnce(&str, &str) -> Option<NewMail> + use<>>, AppError> {
        if !self.mails_the_user(&valid.email, valid.source, valid.channel)? {
            return Ok(None);
        }
        let lang = self.language();
        let from = self.store.setting(SMTP_FROM)?.unwrap_or_default();
        let (to, received, organisation, description) = (
            valid.email.clone(),
            to_astana_display(valid.received_at),
            valid.organisation.clone(),
            valid.description.clone(),
        );
        Ok(Some(move |appeal_id: &str, number: &str| {
            let values: Values = [
                (NoticeField::Number, number.to_owned()),
                (NoticeField::Received, received),
                (NoticeField::Organisation, organisation),
                (NoticeField::Description, description),
            ]
            .into_iter()
            .collect();
            // The form requires every value the notice needs: a refusal here is a bug,
            // and the appeal is registered all the same (the ID is then sent by hand).
            let notice = desk_notify::render(NoticeKind::IncidentId, lang, &values)
                .inspect_err(|e| tracing::error!(error = %e, "incident-ID e-mail not made"))
                .ok()?;
            Some(NewMail {
                message_id: smtp::new_message_id(&from),
                appeal_id: Some(appeal_id.to_owned()),
                kind: NoticeKind::IncidentId.code().to_owned(),
                lang: lang.code().to_owned(),
                to: vec![to],
                subject: notice.subject,
                body: notice.body,
                files: Vec::new(),
            })
        }))
    }

    /// The messages about one appeal, newest first: the appeal page shows a failed one
    /// with the server's answer (issue 18 item 2).
    pub(crate) fn appeal_mails(&self, appeal_id: &str) -> Result<Vec<OutboxEntry>, AppError> {
        let now = Utc::now();
        Ok(self
            .store
            .mails_of(appeal_id)?
            .iter()
            .map(|m| entry(m, now))
            .collect())
    }

    /// Every message, newest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, AppError> {
        let now = Utc::now();
        Ok(self.store.mails()?.iter().map(|m| entry(m, now)).collect())
    }

    /// The mail server as set, without its password.
    pub fn smtp_settings(&self) -> Result<SmtpForm, AppError> {
        let get = |k: &str| -> Result<String, AppError> {
            Ok(self.store.setting(k)?.unwrap_or_default())
        };
        Ok(SmtpForm {
            host: get(SMTP_HOST)?,
            port: get(SMTP_PORT)?,
            security: get(SMTP_SECURITY)?,
            user: get(SMTP_USER)?,
            from: get(SMTP_FROM)?,
            ca_file: get(SMTP_CA_FILE)?,
            password: String::new(),
        })
    }

    /// Sets the mail server (supervisors); each value is checked before any is written,
    /// the password goes to the OS keyring.
    pub fn set_smtp_settings(&mut self, form: &SmtpForm) -> Result<SmtpForm, AppError> {
        use desk_journal::{Field, FieldError, Problem};
        self.require(Action::ChangeSettings)?;
        let bad = |f: Field, p: Problem| AppError::from(FieldError::new(f, p));
        // Each refusal names its field, so the window shows it next to that field.
        if form.host.trim().is_empty() {
            return Err(bad(Field::SmtpHost, Problem::Required));
        }
        let security = if form.security.trim().is_empty() {
            smtp::Security::Starttls
        } else {
            smtp::Security::from_code(form.security.trim()).ok_or_else(|| {
                bad(
                    Field::SmtpSecurity,
                    Problem::UnknownValue(form.security.trim().to_owned()),
                )
            })?
        };
        let port: u16 = if form.port.trim().is_empty() {
            match security {
                smtp::Security::Tls => 465,
                smtp::Security::Starttls => 587,
                smtp::Security::None => 25,
            }
        } else {
            form.port.trim().parse().map_err(|_| {
                bad(
                    Field::SmtpPort,
                    Problem::UnknownValue(form.port.trim().to_owned()),
                )
            })?
        };
        if !smtp::valid_mailbox(&form.from) {
            return Err(bad(Field::SmtpFrom, Problem::EmailFormat));
        }
        let values = [
            (SMTP_HOST, form.host.trim().to_owned()),
            (SMTP_PORT, port.to_string()),
            (SMTP_SECURITY, security.code().to_owned()),
            (SMTP_USER, form.user.trim().to_owned()),
            (SMTP_FROM, form.from.trim().to_owned()),
            (SMTP_CA_FILE, form.ca_file.trim().to_owned()),
        ];
        for (k, v) in values {
            if self.store.setting(k)?.as_deref() != Some(v.as_str()) {
                self.store.set_setting(k, &v, &self.actor)?;
            }
        }
        if !form.password.is_empty() {
            crate::sync::credentials::save_secret(
                KEYRING_SERVICE,
                &keyring_user(form.user.trim(), form.host.trim()),
                &form.password,
            )
            .map_err(|e| NoticeError::Keyring(e.0))?;
        }
        self.smtp_settings()
    }

    fn smtp_server(&self) -> Result<(Server, Option<String>), AppError> {
        let s = self.smtp_settings()?;
        if s.host.is_empty() {
            return Err(NoticeError::NotConfigured.into());
        }
        let security = smtp::Security::from_code(&s.security).unwrap_or(smtp::Security::Starttls);
        let extra_root_pem = if s.ca_file.is_empty() {
            None
        } else {
            Some(std::fs::read(&s.ca_file).map_err(|e| NoticeError::Keyring(e.to_string()))?)
        };
        let password = if s.user.is_empty() {
            None
        } else {
            crate::sync::credentials::load_secret(KEYRING_SERVICE, &keyring_user(&s.user, &s.host))
                .map_err(|e| NoticeError::Keyring(e.0))?
        };
        Ok((
            Server {
                port: s.port.parse().unwrap_or(587),
                host: s.host,
                security,
                user: s.user,
                from: s.from,
                extra_root_pem,
            },
            password,
        ))
    }

    /// Works the queue once: every message queued, or due for a retry, is claimed
    /// (`sending`, committed before the server is asked), sent, and its outcome
    /// recorded; an accepted one that meets an obligation marks it met at that instant.
    /// An attempt interrupted before its outcome was recorded is reported, not resent.
    pub fn send_outbox(&mut self) -> Result<SendReport, AppError> {
        self.send_outbox_due_by(Utc::now())
    }

    /// [`Desk::send_outbox`] with retries due by `due_by` taken as due (a test need not
    /// wait out a backoff; everything else happens at the real instant).
    pub fn send_outbox_due_by(&mut self, due_by: DateTime<Utc>) -> Result<SendReport, AppError> {
        self.require(Action::RecordAction)?;
        let (server, password) = self.smtp_server()?;
        let mut report = SendReport::default();
        let mut mails = self.store.mails()?;
        mails.reverse();
        for m in mails {
            let now = Utc::now();
            let due = match m.state {
                // A notice recorded as posted has no recipient and is never mailed.
                MailState::Queued => !m.to.is_empty(),
                MailState::Retry => m.next_at.is_none_or(|t| t <= due_by.max(now)),
                MailState::Sending => {
                    if state_of(&m, now) == "uncertain" {
                        report.uncertain.push(m.id.clone());
                    }
                    false
                }
                MailState::Sent | MailState::Failed => false,
            };
            if !due {
                continue;
            }
            let Some(claimed) = self.store.record_attempt(
                &m.id,
                &[m.state],
                &Attempt::Sending,
                &self.actor,
                now,
            )?
            else {
                continue; // another sender took it
            };
            let files = self.store.mail_files(&claimed)?;
            let out = Outgoing {
                message_id: claimed.message_id.clone(),
                to: claimed.to.clone(),
                subject: claimed.subject.clone(),
                body: claimed.body.clone(),
                attachments: files
                    .into_iter()
                    .map(|f| smtp::Attachment {
                        name: f.name,
                        content_type: f.content_type,
                        data: f.data,
                    })
                    .collect(),
            };
            let outcome = match smtp::send(&server, password.as_deref(), &out) {
                Ok(()) => {
                    let meets = NoticeKind::from_code(&claimed.kind).and_then(meets);
                    tracing::info!(id = %claimed.id, message_id = %claimed.message_id, "mail sent");
                    report.sent.push(claimed.id.clone());
                    Attempt::Sent {
                        at: Utc::now(),
                        meets,
                    }
                }
                Err(SendError::Transient(detail)) => {
                    tracing::warn!(id = %claimed.id, %detail, "mail deferred");
                    report.retry.push(claimed.id.clone());
                    Attempt::Retry {
                        next_at: Utc::now() + backoff(claimed.attempts),
                        detail,
                    }
                }
                Err(SendError::Permanent(detail) | SendError::Invalid(detail)) => {
                    tracing::warn!(id = %claimed.id, %detail, "mail refused");
                    report.failed.push(claimed.id.clone());
                    Attempt::Failed { detail }
                }
            };
            self.store.record_attempt(
                &claimed.id,
                &[MailState::Sending],
                &outcome,
                &self.actor,
                Utc::now(),
            )?;
        }
        Ok(report)
    }

    /// The operator's word that an interrupted or failed message is to be sent again
    /// (with the same Message-ID, so a copy the server did accept shows as one message).
    pub fn retry_mail(&mut self, id: &str) -> Result<OutboxEntry, AppError> {
        self.require(Action::RecordAction)?;
        let now = Utc::now();
        let m = self
            .store
            .mail(id)?
            .ok_or_else(|| NoticeError::NoMessage(id.to_owned()))?;
        // An attempt still `sending` is the operator's to judge, lease or not: they have
        // looked (a process killed a minute ago is as interrupted as one an hour ago).
        let retryable = match m.state {
            MailState::Sending | MailState::Failed | MailState::Retry => vec![m.state],
            MailState::Queued | MailState::Sent => Vec::new(),
        };
        let attempt = Attempt::Retry {
            next_at: now,
            detail: tr(self.language(), "outbox-retry-asked", &[]),
        };
        let m = self
            .store
            .record_attempt(id, &retryable, &attempt, &self.actor, now)?
            .unwrap_or(m);
        Ok(entry(&m, now))
    }
}

fn keyring_user(user: &str, host: &str) -> String {
    format!("{user}@{host}")
}

/// The notices an event owes the user, queued in the event's own transaction (002 §32,
/// §35.1, §35.3), only with a mail server and never for a monitoring source (§27–30).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod event_notices {
    use chrono::{Duration, Utc};
    use desk_i18n::Lang;
    use desk_journal::time::to_astana_display;
    use desk_journal::{ActionForm, NewAppeal, TriageForm};
    use desk_store::MailRow;

    use super::SmtpForm;
    use crate::Desk;

    fn open(dir: &std::path::Path, smtp: bool) -> Desk {
        let mut desk = Desk::open(Some(dir)).unwrap().with_user("supervisor1");
        desk.set_workstation("AST1").unwrap();
        desk.set_language(Lang::Kk).unwrap();
        if smtp {
            desk.set_smtp_settings(&SmtpForm {
                host: "127.0.0.1".into(),
                port: "2525".into(),
                security: "none".into(),
                from: "Incident Desk <desk@example.kz>".into(),
                ..SmtpForm::default()
            })
            .unwrap();
        }
        desk
    }

    fn register(desk: &mut Desk, source: &str, rule_set: &str) -> String {
        let form = NewAppeal {
            rule_set: rule_set.into(),
            organisation: "ТОО «Астана Құрылыс»".into(),
            bin_iin: "971240001315".into(),
            received_at: to_astana_display(Utc::now() - Duration::hours(3)),
            channel: "email".into(),
            contact: "user@example.kz".into(),
            email: "user@example.kz".into(),
            source: source.into(),
            description: "Өтінімге қол қою мүмкін емес".into(),
            ..Default::default()
        };
        desk.register_appeal(&form).unwrap().id.to_string()
    }

    fn refute() -> TriageForm {
        TriageForm {
            analysis: "refuted".into(),
            at: to_astana_display(Utc::now() - Duration::hours(2)),
            decision: "Қол қою пайдаланушының браузерінде бұғатталған".into(),
            supporting_info: "Браузер журналының үзіндісі".into(),
            ..Default::default()
        }
    }

    fn confirm() -> TriageForm {
        TriageForm {
            analysis: "confirmed".into(),
            at: to_astana_display(Utc::now() - Duration::hours(2)),
            criticality: "high".into(),
            failure_type: "operator_physical_damage".into(),
            decision: "Серверлер қайта іске қосылды".into(),
            ..Default::default()
        }
    }

    fn mails(desk: &Desk, kind: &str) -> Vec<MailRow> {
        let mut all = desk.store.mails().unwrap();
        all.retain(|m| m.kind == kind);
        all
    }

    #[test]
    fn s002_32_a_refutation_queues_its_notice_with_the_refutation() {
        // 002 §32, 000 §21: the grounds and the supporting information to the user.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), true);
        let id = register(&mut desk, "", "");
        desk.triage(&id, &refute()).unwrap();
        let m = mails(&desk, "refutation");
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].lang.as_str(), m[0].to.as_slice()),
            ("kk", &["user@example.kz".to_owned()][..])
        );
        assert!(
            m[0].body.contains("Браузер журналының үзіндісі"),
            "{}",
            m[0].body
        );
        assert_eq!(m[0].appeal_id.as_deref(), Some(id.as_str()));
    }

    #[test]
    fn s002_35_1_a_confirmation_queues_the_level_and_the_planned_fix() {
        // 002 §35.1: the level and the planned fix (the fix's due of 002 §38, QUASI-1216).
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), true);
        let id = register(&mut desk, "", "QUASI-1216");
        let detail = desk.triage(&id, &confirm()).unwrap();
        let due = detail
            .obligations
            .iter()
            .find(|o| o.id == "fix")
            .and_then(|o| o.due_astana.clone())
            .unwrap();
        let m = mails(&desk, "criticality");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].lang, "kk");
        assert!(m[0].body.contains(&due), "{due} in {}", m[0].body);
    }

    #[test]
    fn s002_35_1_without_a_computed_fix_the_level_notice_is_the_operators() {
        // GZ-627 computes no fix due: the planned fix is not the journal's to invent, so
        // nothing is queued and the confirmation is recorded all the same.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), true);
        let id = register(&mut desk, "", "GZ-627");
        desk.triage(&id, &confirm()).unwrap();
        assert!(mails(&desk, "criticality").is_empty());
    }

    #[test]
    fn s002_35_3_the_fix_queues_fix_completed_with_its_actual_instant() {
        // 002 §35.3, §36.9: the fix completed, at the instant recorded, not the planned one.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), true);
        let id = register(&mut desk, "", "");
        desk.triage(&id, &confirm()).unwrap();
        let at = to_astana_display(Utc::now() - Duration::minutes(30));
        desk.record_action(
            &id,
            &ActionForm {
                kind: "fixed".into(),
                at: at.clone(),
                note: String::new(),
            },
        )
        .unwrap();
        let m = mails(&desk, "fixed");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].lang, "kk");
        assert!(m[0].body.contains(&at), "{at} in {}", m[0].body);
    }

    #[test]
    fn s002_27_30_nothing_is_queued_without_a_mail_server_or_for_a_monitoring_source() {
        // No mail server: the notices are the operator's (`desk notice`).
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), false);
        let id = register(&mut desk, "", "");
        desk.triage(&id, &refute()).unwrap();
        assert!(desk.store.mails().unwrap().is_empty());
        // 002 §27–30: a monitoring tool has no user — no incident ID, no later notice.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), true);
        let id = register(&mut desk, "monitoring_tool", "QUASI-1216");
        desk.triage(&id, &confirm()).unwrap();
        desk.record_action(
            &id,
            &ActionForm {
                kind: "fixed".into(),
                at: String::new(),
                note: String::new(),
            },
        )
        .unwrap();
        assert!(desk.store.mails().unwrap().is_empty());
    }

    #[test]
    fn s002_32_a_refused_event_queues_no_notice() {
        // A second refutation is refused inside the write: its notice goes with it.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), true);
        let id = register(&mut desk, "", "");
        desk.triage(&id, &refute()).unwrap();
        assert!(desk.triage(&id, &refute()).is_err());
        assert_eq!(mails(&desk, "refutation").len(), 1);
    }

    #[test]
    fn issue18_the_mail_server_form_names_the_field_it_refuses_in_each_language() {
        // The window shows each refusal next to its field (issue 18, SMTP settings form).
        use desk_journal::Field;
        let dir = tempfile::tempdir().unwrap();
        let mut desk = open(dir.path(), false);
        let good = SmtpForm {
            host: "smtp.example.kz".into(),
            security: "starttls".into(),
            from: "Incident Desk <desk@example.kz>".into(),
            ..SmtpForm::default()
        };
        let cases = [
            (
                SmtpForm {
                    host: " ".into(),
                    ..good.clone()
                },
                Field::SmtpHost,
            ),
            (
                SmtpForm {
                    port: "порт".into(),
                    ..good.clone()
                },
                Field::SmtpPort,
            ),
            (
                SmtpForm {
                    security: "ssl3".into(),
                    ..good.clone()
                },
                Field::SmtpSecurity,
            ),
            (
                SmtpForm {
                    from: "desk".into(),
                    ..good.clone()
                },
                Field::SmtpFrom,
            ),
        ];
        for (form, field) in cases {
            let e = desk.set_smtp_settings(&form).unwrap_err();
            for lang in [Lang::Kk, Lang::Ru, Lang::En] {
                let ui = e.to_ui(lang);
                assert_eq!(ui.fields.len(), 1, "{form:?}");
                assert_eq!(ui.fields[0].field, field);
                let label = desk_i18n::tr(lang, &format!("field-{}", field.code()), &[]);
                assert!(
                    ui.fields[0].message.contains(&label),
                    "{}",
                    ui.fields[0].message
                );
            }
        }
        // Nothing was written by a refused form; the good one is kept, port defaulted.
        assert_eq!(desk.smtp_settings().unwrap().host, "");
        let set = desk.set_smtp_settings(&good).unwrap();
        assert_eq!(
            (set.host.as_str(), set.port.as_str()),
            ("smtp.example.kz", "587")
        );
    }
}
