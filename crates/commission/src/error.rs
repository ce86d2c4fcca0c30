//! Every refusal of the Commission domain, typed, naming the field of the input it is
//! about (a JSON path such as `members`, `members[2].role`, `votes.m7`), and worded in
//! the user's language from `commission-err-*` in assets/i18n.

use desk_i18n::{Lang, tr};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommissionError {
    /// 003 §5: an odd number of members, at least five.
    #[error("{count} members: an odd number, at least 5, is needed")]
    Size { count: usize },
    #[error("members[{index}].id is empty")]
    EmptyId { index: usize },
    #[error("members[{index}].id {id} repeated")]
    DuplicateMember { index: usize, id: String },
    /// 003 §5, §8: the Commission is headed by one chair.
    #[error("no chair")]
    NoChair,
    #[error("members[{index}].role: a second chair")]
    SecondChair { index: usize },
    #[error("members[{index}].role: a second acting chair")]
    SecondActingChair { index: usize },
    #[error("present[{index}] {id} is not a member")]
    UnknownPresent { index: usize, id: String },
    #[error("present[{index}] {id} repeated")]
    DuplicatePresent { index: usize, id: String },
    #[error("votes.{id}: not a member")]
    NotMember { id: String },
    #[error("votes.{id}: not present")]
    Absent { id: String },
    #[error("votes.{id}: a second vote")]
    DuplicateVote { id: String },
    /// 003 §17: every present member votes.
    #[error("votes: {id} is present and has not voted")]
    MissingVote { id: String },
    /// 003 §10: no vote is taken without a quorum.
    #[error("no quorum: {present} present, {quorum} needed")]
    NoQuorum { present: usize, quorum: usize },
    /// A recusal is recorded with the conflict of interest declared.
    #[error("votes.{id}.conflict is empty")]
    ConflictUndeclared { id: String },
    /// 003 §7.3: a refusal carries a reasoned answer.
    #[error("a refusal without reasons")]
    RefusalWithoutReasons,
    /// 003 §8: an acting chair only when the chair is absent, from those present.
    #[error("acting_chair {id}: not a present member standing in for an absent chair")]
    ActingChair { id: String },
    /// 003 §16: a dissenting opinion is a present member's, with its text.
    #[error("dissents.{id}: by an absent member or a non-member")]
    DissentByAbsent { id: String },
    #[error("dissents.{id}.text is empty")]
    EmptyDissent { id: String },
    /// 003 §14: the chair and the members who voted sign; nobody else.
    #[error("signers.{id}: did not vote")]
    NotASigner { id: String },
    #[error("approval order: {field} is empty")]
    Order { field: &'static str },
    #[error("members[{index}].name is empty")]
    EmptyName { index: usize },
    /// A value required to record the Commission's work is empty (`number`, `place`,
    /// `text`, `members[i].position`…).
    #[error("{field} is empty")]
    Required { field: String },
    #[error("{field}: {value} is not a date (YYYY-MM-DD or DD.MM.YYYY)")]
    BadDate { field: String, value: String },
    #[error("time: {value} is not HH:MM")]
    BadTime { value: String },
    /// 003 §5: a protocol shows the composition in force on the meeting date; there must
    /// be one.
    #[error("date {date}: no composition of the Commission is in force")]
    NoComposition { date: String },
    #[error("meeting {number} not found")]
    MeetingNotFound { number: String },
    #[error("meeting number {number} is already taken")]
    MeetingExists { number: String },
    #[error("agenda is empty")]
    EmptyAgenda,
    #[error("agenda[{index}].title is empty")]
    EmptyTitle { index: usize },
    /// 003 §7.3, for one agenda item.
    #[error("agenda[{index}]: a refusal without reasons")]
    RefusalReasons { index: usize },
    #[error("item {item}: the agenda has {count} items")]
    NoItem { item: usize, count: usize },
    /// 003 §10: the quorum is known from the roll call, taken before any vote.
    #[error("present: the roll call is not recorded yet")]
    NotAttended,
    #[error("present: the roll call is already recorded")]
    AttendanceRecorded,
    /// 003 §14: the protocol is drawn up before it is signed.
    #[error("protocol: not drawn up yet")]
    NoProtocol,
    /// Issue 17 §6: a signed protocol is immutable; a correction is a new protocol.
    #[error("protocol: already signed, it cannot be redrafted")]
    ProtocolSigned,
    #[error("signers.{id}: already signed")]
    AlreadySigned { id: String },
    /// A composition or agenda file is not the JSON it should be.
    #[error("{field}: {detail}")]
    File { field: String, detail: String },
    /// The `desk commission tally` input is not the contract's JSON.
    #[error("{path}: {detail}")]
    Json { path: String, detail: String },
    #[error("input longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("number: application {number} is already recorded")]
    ApplicationExists { number: String },
    #[error("number: application {number} not found")]
    ApplicationNotFound { number: String },
    #[error("step: {step} is no step of the procedure")]
    UnknownStep { step: String },
    #[error("date: before the application was received")]
    StepBeforeReceipt { value: String },
    /// 003 §14–15: a protocol is published once every signer has signed it.
    #[error("signers: not signed by {names}")]
    NotFullySigned { names: String },
}

impl CommissionError {
    /// The field of the input the refusal is about.
    pub fn field(&self) -> String {
        use CommissionError as E;
        match self {
            E::Size { .. } => "members".to_owned(),
            E::EmptyId { index } | E::DuplicateMember { index, .. } => {
                format!("members[{index}].id")
            }
            E::EmptyName { index } => format!("members[{index}].name"),
            E::NoChair => "members[].role".to_owned(),
            E::SecondChair { index } | E::SecondActingChair { index } => {
                format!("members[{index}].role")
            }
            E::UnknownPresent { index, .. } | E::DuplicatePresent { index, .. } => {
                format!("present[{index}]")
            }
            E::NotMember { id } | E::Absent { id } | E::DuplicateVote { id } => {
                format!("votes.{id}")
            }
            E::MissingVote { .. } => "votes".to_owned(),
            E::NoQuorum { .. } => "present".to_owned(),
            E::ConflictUndeclared { id } => format!("votes.{id}.conflict"),
            E::RefusalWithoutReasons => "reasons".to_owned(),
            E::ActingChair { .. } => "acting_chair".to_owned(),
            E::DissentByAbsent { id } => format!("dissents.{id}"),
            E::EmptyDissent { id } => format!("dissents.{id}.text"),
            E::NotASigner { id } => format!("signers.{id}"),
            E::Order { field } => format!("order.{field}"),
            E::Json { path, .. } => path.clone(),
            E::TooLong { .. } => "input".to_owned(),
            E::Required { field } | E::BadDate { field, .. } => field.clone(),
            E::BadTime { .. } => "time".to_owned(),
            E::NoComposition { .. } => "date".to_owned(),
            E::MeetingNotFound { .. } => "meeting".to_owned(),
            E::MeetingExists { .. } => "number".to_owned(),
            E::EmptyAgenda => "agenda".to_owned(),
            E::EmptyTitle { index } => format!("agenda[{index}].title"),
            E::RefusalReasons { index } => format!("agenda[{index}].proposal.reasons"),
            E::NoItem { .. } => "item".to_owned(),
            E::NotAttended | E::AttendanceRecorded => "present".to_owned(),
            E::NoProtocol | E::ProtocolSigned => "protocol".to_owned(),
            E::NotFullySigned { .. } => "signers".to_owned(),
            E::ApplicationExists { .. } | E::ApplicationNotFound { .. } => "number".to_owned(),
            E::UnknownStep { .. } => "step".to_owned(),
            E::StepBeforeReceipt { .. } => "date".to_owned(),
            E::AlreadySigned { id } => format!("signers.{id}"),
            E::File { field, .. } => field.clone(),
        }
    }

    fn key(&self) -> &'static str {
        use CommissionError as E;
        match self {
            E::Size { .. } => "size",
            E::EmptyId { .. } => "empty-id",
            E::DuplicateMember { .. } => "duplicate-member",
            E::EmptyName { .. } => "empty-name",
            E::NoChair => "no-chair",
            E::SecondChair { .. } => "second-chair",
            E::SecondActingChair { .. } => "second-acting-chair",
            E::UnknownPresent { .. } => "unknown-present",
            E::DuplicatePresent { .. } => "duplicate-present",
            E::NotMember { .. } => "not-member",
            E::Absent { .. } => "absent",
            E::DuplicateVote { .. } => "duplicate-vote",
            E::MissingVote { .. } => "missing-vote",
            E::NoQuorum { .. } => "no-quorum",
            E::ConflictUndeclared { .. } => "conflict",
            E::RefusalWithoutReasons => "refusal-reasons",
            E::ActingChair { .. } => "acting-chair",
            E::DissentByAbsent { .. } => "dissent-absent",
            E::EmptyDissent { .. } => "dissent-empty",
            E::NotASigner { .. } => "not-signer",
            E::Order { .. } => "order",
            E::Json { .. } => "json",
            E::TooLong { .. } => "too-long",
            E::Required { .. } => "required",
            E::BadDate { .. } => "date",
            E::BadTime { .. } => "time",
            E::NoComposition { .. } => "no-composition",
            E::MeetingNotFound { .. } => "meeting-not-found",
            E::MeetingExists { .. } => "meeting-exists",
            E::EmptyAgenda => "agenda",
            E::EmptyTitle { .. } => "title",
            E::RefusalReasons { .. } => "refusal-reasons",
            E::NoItem { .. } => "no-item",
            E::NotAttended => "not-attended",
            E::AttendanceRecorded => "attendance-recorded",
            E::NoProtocol => "no-protocol",
            E::NotFullySigned { .. } => "not-fully-signed",
            E::ApplicationExists { .. } => "application-exists",
            E::ApplicationNotFound { .. } => "application-not-found",
            E::UnknownStep { .. } => "unknown-step",
            E::StepBeforeReceipt { .. } => "step-before-receipt",
            E::ProtocolSigned => "protocol-signed",
            E::AlreadySigned { .. } => "already-signed",
            E::File { .. } => "file",
        }
    }

    /// One line in `lang` naming the field.
    pub fn message(&self, lang: Lang) -> String {
        use CommissionError as E;
        let field = self.field();
        let (id, count, present, quorum, detail) = match self {
            E::Size { count } => (String::new(), *count, 0, 0, String::new()),
            E::DuplicateMember { id, .. }
            | E::UnknownPresent { id, .. }
            | E::DuplicatePresent { id, .. }
            | E::NotMember { id }
            | E::Absent { id }
            | E::DuplicateVote { id }
            | E::MissingVote { id }
            | E::ConflictUndeclared { id }
            | E::ActingChair { id }
            | E::DissentByAbsent { id }
            | E::EmptyDissent { id }
            | E::NotASigner { id }
            | E::AlreadySigned { id }
            | E::MeetingNotFound { number: id }
            | E::MeetingExists { number: id }
            | E::ApplicationExists { number: id }
            | E::ApplicationNotFound { number: id }
            | E::UnknownStep { step: id } => (id.clone(), 0, 0, 0, String::new()),
            E::StepBeforeReceipt { value } => (String::new(), 0, 0, 0, value.clone()),
            E::NoItem { item, count } => (item.to_string(), *count, 0, 0, String::new()),
            E::BadDate { value, .. } | E::BadTime { value } | E::NoComposition { date: value } => {
                (String::new(), 0, 0, 0, value.clone())
            }
            E::NoQuorum { present, quorum } => (String::new(), 0, *present, *quorum, String::new()),
            E::Json { detail, .. }
            | E::File { detail, .. }
            | E::NotFullySigned { names: detail } => (String::new(), 0, 0, 0, detail.clone()),
            E::TooLong { limit } => (String::new(), *limit, 0, 0, String::new()),
            _ => (String::new(), 0, 0, 0, String::new()),
        };
        let (count, present, quorum) = (count.to_string(), present.to_string(), quorum.to_string());
        tr(
            lang,
            &format!("commission-err-{}", self.key()),
            &[
                ("field", &field),
                ("id", &id),
                ("count", &count),
                ("present", &present),
                ("quorum", &quorum),
                ("detail", &detail),
            ],
        )
    }
}
