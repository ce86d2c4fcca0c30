//! Procurement deadline extensions after a confirmed failure, and the moves of planned
//! maintenance (deadlines.md §4; 002 §35–37, §41, §48–49, §51; 000 §24–26, §28, §31;
//! 004 §29.3).
//!
//! The rules are data: `assets/rules/extensions/<rule set>.toml` lists, per clause, which
//! procedures it matches and how their deadline moves. This module interprets them,
//! explains each result in the user's language and lists the duties that follow from the
//! same failure (supplier notices, home-page notices, reports to the authority).
//!
//! Input (deadlines.md §4, plus optional fields the spec leaves open):
//! - `rules`, `failure` and `procedures` as in the spec; `procedures` may be absent or
//!   empty (then only the duties are listed), as `events` may in `desk deadlines`.
//! - per procedure, optionally `protocol_formed` (002 §49), `announcement` and `lots`
//!   (the numbers the home-page notices must carry, 002 §36.1, §37.12, 000 §26.12);
//! - `calendar` and `round_the_clock` as in deadlines.md §1, §3;
//! - instead of `failure`, planned maintenance (002 §41, 000 §31):
//!   `"maintenance": {"starts_at", "ends_at", "announced_at"}` (`announced_at` optional).
//!   Both at once is an error naming `maintenance`.
//!
//! Output: deadlines.md §4 fixes only the per-procedure object, so the answer wraps those
//! objects, in input order, the way `desk deadlines` wraps its obligations:
//! `{"rules", "maintenance"?, "procedures": [...], "duties"?: [...]}` — `duties` for a
//! failure, `maintenance` (announcement check) for planned works.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use desk_i18n::{Lang, tr, tr_args};
use fluent_bundle::FluentArgs;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calendar::Calendar;
use crate::clock::{Hours, WorkClock, from_local, next_working_day_at, to_local};
use crate::deadlines::{calendar_override, parse_instant, show};
use crate::{InputError, Problem, ruleset};

const FILES: &[&str] = &[
    include_str!("../../../assets/rules/extensions/QUASI-1216.toml"),
    include_str!("../../../assets/rules/extensions/GZ-627.toml"),
    include_str!("../../../assets/rules/extensions/ENERGY-366.toml"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    AcceptanceEnd,
    AcceptanceStart,
    AuctionTrading,
    ContractSigning,
    Complaint,
    Discussion,
    TariffEnd,
}

impl Kind {
    const ALL: [(&'static str, Kind); 7] = [
        ("acceptance_end", Kind::AcceptanceEnd),
        ("acceptance_start", Kind::AcceptanceStart),
        ("auction_trading", Kind::AuctionTrading),
        ("contract_signing", Kind::ContractSigning),
        ("complaint", Kind::Complaint),
        ("discussion", Kind::Discussion),
        ("tariff_end", Kind::TariffEnd),
    ];

    fn code(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(c, _)| c)
    }

    fn needs_method(self) -> bool {
        matches!(self, Kind::AcceptanceEnd | Kind::AcceptanceStart)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Tender,
    Auction,
    PriceRequest,
    Housing,
    OneSource,
}

const METHODS: [(&str, Method); 5] = [
    ("tender", Method::Tender),
    ("auction", Method::Auction),
    ("price_request", Method::PriceRequest),
    ("housing", Method::Housing),
    ("one_source", Method::OneSource),
];

/// Which deadlines a rule reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Scope {
    /// `started_at ≤ deadline ≤ fixed_at` (deadlines.md §4).
    Window,
    /// The deadline's date is one of the failure's dates (004 §29.3, 002 §48).
    Date,
    /// Still running when the failure started (002 §37.9, 000 §26.9).
    Open,
    /// Already over when the failure started (002 §37.10, 000 §26.10).
    Closed,
}

/// How a deadline moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Shift {
    /// `deadline + (fixed_at − started_at)`.
    Outage,
    /// `deadline + max(1, ceil(outage / 24 h))` calendar days.
    Days,
    OneDay,
    /// The first working day after `fixed_at`'s date, at the deadline's time of day.
    NextWorkingDay,
    /// The n-th working day after `fixed_at`'s date, at `fixed_at`'s time of day.
    WorkingDaysAfterFix,
    /// The rule says why the deadline stays.
    None,
}

#[derive(Debug, Clone, Deserialize)]
struct Rule {
    clause: String,
    criticality: Vec<Criticality>,
    kinds: Vec<Kind>,
    methods: Option<Vec<Method>>,
    decryption_impossible: Option<bool>,
    protocol_formed: Option<bool>,
    scope: Scope,
    shift: Shift,
    #[serde(default)]
    n: u32,
    #[serde(default)]
    annul_protocol: bool,
    #[serde(default)]
    resubmit: bool,
    /// A lower bound applied on top of the deciding rule (002 §49).
    #[serde(default)]
    floor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum DutyDue {
    /// Working minutes after the confirmation.
    WtAfterConfirmation,
    Immediately,
    /// The closing hour of the n-th working day after the fix.
    WdAfterFix,
    None,
}

#[derive(Debug, Clone, Deserialize)]
struct Duty {
    id: String,
    clause: String,
    criticality: Vec<Criticality>,
    due: DutyDue,
    #[serde(default)]
    minutes: i64,
    #[serde(default)]
    n: u32,
    #[serde(default)]
    only_if_resubmit: bool,
    #[serde(default)]
    only_if_extended: bool,
    #[serde(default)]
    with_numbers: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct MaintenanceRule {
    clause: String,
    notice_days: i64,
    kinds: Vec<Kind>,
}

/// One rule set's extension rules.
#[derive(Debug, Clone, Deserialize)]
pub struct ExtensionRules {
    id: String,
    low_clause: String,
    #[serde(default)]
    rule: Vec<Rule>,
    #[serde(default)]
    duty: Vec<Duty>,
    maintenance: Option<MaintenanceRule>,
}

fn all() -> &'static [ExtensionRules] {
    static SETS: OnceLock<Vec<ExtensionRules>> = OnceLock::new();
    SETS.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|f| toml::from_str(f).ok())
            .collect()
    })
}

fn find(id: &str) -> Option<&'static ExtensionRules> {
    all().iter().find(|r| r.id == id)
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub criticality: Criticality,
    pub started_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub fixed_at: DateTime<Utc>,
    pub decryption_impossible: bool,
}

impl Failure {
    fn outage(&self) -> Duration {
        self.fixed_at - self.started_at
    }

    /// deadlines.md §4: `max(1, ceil(outage / 24 h))` calendar days.
    fn days(&self) -> i64 {
        let secs = self.outage().num_seconds();
        ((secs + 86_399) / 86_400).max(1)
    }
}

#[derive(Debug, Clone)]
pub struct Maintenance {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub announced_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub enum Cause {
    Failure(Failure),
    Maintenance(Maintenance),
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: String,
    pub kind: Kind,
    pub method: Option<Method>,
    pub deadline: DateTime<Utc>,
    /// An opening/results protocol was already formed during the failure (002 §49).
    pub protocol_formed: bool,
    pub announcement: Option<String>,
    pub lots: Vec<String>,
}

/// A checked `desk extensions` input.
#[derive(Debug, Clone)]
pub struct Input {
    rules: &'static ExtensionRules,
    hours: Hours,
    round_the_clock: bool,
    calendar: Option<Calendar>,
    pub cause: Cause,
    pub procedures: Vec<Procedure>,
}

/// Why a procedure's deadline moved or stayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Moved(Option<ShiftHow>),
    LowCriticality,
    NotAffected,
    AuctionExcepted,
    NoRule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftHow {
    Outage,
    Days(i64),
    OneDay,
    NextWorkingDay,
    WorkingDaysAfterFix(u32),
    Maintenance,
}

/// The answer for one procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub extended: bool,
    pub new_deadline: DateTime<Utc>,
    pub clause: Option<String>,
    pub annul_protocol: bool,
    pub resubmit: bool,
    pub reason: Reason,
    /// 002 §49 when a formed protocol is cancelled on top of the deciding rule.
    pub protocol_clause: Option<String>,
}

fn get_str<'a>(
    o: &'a serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<&'a str>, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(InputError::new(field, Problem::WrongType("string"))),
    }
}

fn get_bool(
    o: &serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<bool, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(InputError::new(field, Problem::WrongType("true or false"))),
    }
}

fn required_instant(
    o: &serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<DateTime<Utc>, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Err(InputError::new(field, Problem::Missing)),
        Some(v) => parse_instant(v, field),
    }
}

fn optional_instant(
    o: &serde_json::Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<DateTime<Utc>>, InputError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => parse_instant(v, field).map(Some),
    }
}

fn object<'a>(v: &'a Value, field: &str) -> Result<&'a serde_json::Map<String, Value>, InputError> {
    v.as_object()
        .ok_or_else(|| InputError::new(field, Problem::WrongType("object")))
}

fn parse_failure(o: &serde_json::Map<String, Value>) -> Result<Failure, InputError> {
    let level = get_str(o, "criticality", "failure.criticality")?
        .ok_or_else(|| InputError::new("failure.criticality", Problem::Missing))?;
    let criticality = match level {
        "low" => Criticality::Low,
        "medium" => Criticality::Medium,
        "high" => Criticality::High,
        other => {
            return Err(InputError::new(
                "failure.criticality",
                Problem::UnknownValue(other.to_owned()),
            ));
        }
    };
    let started_at = required_instant(o, "started_at", "failure.started_at")?;
    let confirmed_at = optional_instant(o, "confirmed_at", "failure.confirmed_at")?;
    let fixed_at = required_instant(o, "fixed_at", "failure.fixed_at")?;
    if fixed_at < started_at {
        return Err(InputError::new(
            "failure.fixed_at",
            Problem::FixedBeforeStart,
        ));
    }
    if confirmed_at.is_some_and(|c| c < started_at) {
        return Err(InputError::new(
            "failure.confirmed_at",
            Problem::ConfirmedBeforeStart,
        ));
    }
    get_bool(o, "operator_fault", "failure.operator_fault")?;
    Ok(Failure {
        criticality,
        started_at,
        confirmed_at,
        fixed_at,
        decryption_impossible: get_bool(
            o,
            "decryption_impossible",
            "failure.decryption_impossible",
        )?,
    })
}

fn parse_maintenance(o: &serde_json::Map<String, Value>) -> Result<Maintenance, InputError> {
    let starts_at = required_instant(o, "starts_at", "maintenance.starts_at")?;
    let ends_at = required_instant(o, "ends_at", "maintenance.ends_at")?;
    if ends_at < starts_at {
        return Err(InputError::new(
            "maintenance.ends_at",
            Problem::EndsBeforeStart,
        ));
    }
    Ok(Maintenance {
        starts_at,
        ends_at,
        announced_at: optional_instant(o, "announced_at", "maintenance.announced_at")?,
    })
}

fn parse_procedure(v: &Value, i: usize) -> Result<Procedure, InputError> {
    let f = |name: &str| format!("procedures[{i}].{name}");
    let o = object(v, &format!("procedures[{i}]"))?;
    let id = match o.get("id") {
        None | Some(Value::Null) => return Err(InputError::new(f("id"), Problem::Missing)),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(InputError::new(f("id"), Problem::WrongType("string"))),
    };
    let kind_s = get_str(o, "kind", &f("kind"))?
        .ok_or_else(|| InputError::new(f("kind"), Problem::Missing))?;
    let kind = Kind::ALL
        .iter()
        .find(|(c, _)| *c == kind_s)
        .map(|(_, k)| *k)
        .ok_or_else(|| InputError::new(f("kind"), Problem::UnknownValue(kind_s.to_owned())))?;
    let method = match get_str(o, "method", &f("method"))? {
        None => None,
        Some(m) => Some(
            METHODS
                .iter()
                .find(|(c, _)| *c == m)
                .map(|(_, x)| *x)
                .ok_or_else(|| InputError::new(f("method"), Problem::UnknownValue(m.to_owned())))?,
        ),
    };
    if kind.needs_method() && method.is_none() {
        return Err(InputError::new(f("method"), Problem::Missing));
    }
    let deadline = required_instant(o, "deadline", &f("deadline"))?;
    let announcement = match o.get("announcement") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            return Err(InputError::new(
                f("announcement"),
                Problem::WrongType("string"),
            ));
        }
    };
    let lots = match o.get("lots") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(j, l)| match l {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(InputError::new(
                    format!("procedures[{i}].lots[{j}]"),
                    Problem::WrongType("string"),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(InputError::new(f("lots"), Problem::WrongType("array"))),
    };
    Ok(Procedure {
        id,
        kind,
        method,
        deadline,
        protocol_formed: get_bool(o, "protocol_formed", &f("protocol_formed"))?,
        announcement,
        lots,
    })
}

impl Input {
    pub fn from_json(v: &Value) -> Result<Input, InputError> {
        let root = object(v, "input")?;
        let rules_id = get_str(root, "rules", "rules")?
            .ok_or_else(|| InputError::new("rules", Problem::Missing))?;
        let base = ruleset::find(rules_id).ok_or_else(|| {
            InputError::new("rules", Problem::UnknownRuleSet(rules_id.to_owned()))
        })?;
        let rules = find(rules_id).ok_or_else(|| {
            InputError::new("rules", Problem::NoExtensionRules(rules_id.to_owned()))
        })?;
        let round_the_clock = get_bool(root, "round_the_clock", "round_the_clock")?;
        let calendar = calendar_override(root.get("calendar"))?;
        let cause = match (root.get("failure"), root.get("maintenance")) {
            (Some(f), None | Some(Value::Null)) if !f.is_null() => {
                Cause::Failure(parse_failure(object(f, "failure")?)?)
            }
            (None | Some(Value::Null), Some(m)) if !m.is_null() => {
                Cause::Maintenance(parse_maintenance(object(m, "maintenance")?)?)
            }
            (None | Some(Value::Null), None | Some(Value::Null)) => {
                return Err(InputError::new("failure", Problem::Missing));
            }
            _ => {
                return Err(InputError::new(
                    "maintenance",
                    Problem::FailureAndMaintenance,
                ));
            }
        };
        let procedures = match root.get("procedures") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, p)| parse_procedure(p, i))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(InputError::new("procedures", Problem::WrongType("array"))),
        };
        Ok(Input {
            rules,
            hours: base.hours,
            round_the_clock,
            calendar,
            cause,
            procedures,
        })
    }

    fn calendar(&self) -> &Calendar {
        self.calendar
            .as_ref()
            .unwrap_or_else(|| Calendar::builtin())
    }

    fn clock(&self) -> WorkClock<'_> {
        WorkClock {
            calendar: self.calendar(),
            hours: self.hours,
            round_the_clock: self.round_the_clock,
        }
    }
}

/// Adds whole calendar days on Astana's wall clock, so the time of day survives the 2024
/// change of offset.
fn add_days(t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    from_local(to_local(t) + Duration::days(days))
}

impl Rule {
    fn matches(&self, f: &Failure, p: &Procedure) -> bool {
        self.criticality.contains(&f.criticality)
            && self.kinds.contains(&p.kind)
            && self
                .methods
                .as_ref()
                .is_none_or(|ms| p.method.is_some_and(|m| ms.contains(&m)))
            && self
                .decryption_impossible
                .is_none_or(|d| d == f.decryption_impossible)
            && self.protocol_formed.is_none_or(|x| x == p.protocol_formed)
    }

    fn reaches(&self, f: &Failure, p: &Procedure) -> bool {
        match self.scope {
            Scope::Window => f.started_at <= p.deadline && p.deadline <= f.fixed_at,
            Scope::Date => {
                let d = to_local(p.deadline).date();
                to_local(f.started_at).date() <= d && d <= to_local(f.fixed_at).date()
            }
            Scope::Open => p.deadline > f.started_at,
            Scope::Closed => p.deadline <= f.started_at,
        }
    }

    fn apply(
        &self,
        f: &Failure,
        p: &Procedure,
        cal: &Calendar,
    ) -> (DateTime<Utc>, Option<ShiftHow>) {
        let moved = match self.shift {
            Shift::Outage => (p.deadline + f.outage(), Some(ShiftHow::Outage)),
            Shift::Days => (
                add_days(p.deadline, f.days()),
                Some(ShiftHow::Days(f.days())),
            ),
            Shift::OneDay => (add_days(p.deadline, 1), Some(ShiftHow::OneDay)),
            Shift::NextWorkingDay => (
                next_working_day_at(cal, f.fixed_at, p.deadline),
                Some(ShiftHow::NextWorkingDay),
            ),
            Shift::WorkingDaysAfterFix => {
                let fixed = to_local(f.fixed_at);
                let day = cal.nth_working_day_after(fixed.date(), self.n);
                (
                    from_local(day.and_time(fixed.time())),
                    Some(ShiftHow::WorkingDaysAfterFix(self.n)),
                )
            }
            Shift::None => (p.deadline, None),
        };
        // A move never brings a deadline forward, whatever a data file says.
        (moved.0.max(p.deadline), moved.1)
    }
}

fn unmoved(p: &Procedure, clause: Option<String>, reason: Reason) -> Outcome {
    Outcome {
        extended: false,
        new_deadline: p.deadline,
        clause,
        annul_protocol: false,
        resubmit: false,
        reason,
        protocol_clause: None,
    }
}

/// The answer for one procedure under a confirmed failure.
pub fn extend(rules: &ExtensionRules, f: &Failure, p: &Procedure, cal: &Calendar) -> Outcome {
    // 002 §35 / 000 §24: a low failure moves no procurement deadline.
    if f.criticality == Criticality::Low {
        return unmoved(p, Some(rules.low_clause.clone()), Reason::LowCriticality);
    }
    let candidates: Vec<&Rule> = rules.rule.iter().filter(|r| r.matches(f, p)).collect();
    let deciding = candidates.iter().find(|r| !r.floor && r.reaches(f, p));
    let mut out = match deciding {
        Some(r) => {
            let (new, how) = r.apply(f, p, cal);
            let reason = match (r.shift, how) {
                (Shift::None, _) => Reason::AuctionExcepted,
                (_, how) => Reason::Moved(how),
            };
            Outcome {
                extended: new > p.deadline,
                new_deadline: new,
                clause: Some(r.clause.clone()),
                annul_protocol: r.annul_protocol,
                resubmit: r.resubmit,
                reason,
                protocol_clause: None,
            }
        }
        None => match candidates.iter().find(|r| !r.floor) {
            Some(r) => unmoved(p, Some(r.clause.clone()), Reason::NotAffected),
            None => unmoved(p, None, Reason::NoRule),
        },
    };
    // 002 §49 is a lower bound: the later deadline decides and names its clause; the
    // other clause still appears in the explanation of the cancelled protocol.
    for r in candidates.iter().filter(|r| r.floor && r.reaches(f, p)) {
        let (new, how) = r.apply(f, p, cal);
        if new > out.new_deadline {
            out.protocol_clause = out.clause.take();
            out.new_deadline = new;
            out.extended = true;
            out.clause = Some(r.clause.clone());
            out.reason = Reason::Moved(how);
        }
        if r.annul_protocol {
            out.annul_protocol = true;
            if out.clause.as_deref() != Some(r.clause.as_str()) {
                out.protocol_clause = Some(r.clause.clone());
            }
        }
        out.resubmit |= r.resubmit;
    }
    if out.clause.as_deref() == out.protocol_clause.as_deref() {
        out.protocol_clause = None;
    }
    out
}

/// The answer for one procedure under planned maintenance (002 §41, 000 §31): a deadline
/// of a listed kind inside the works moves by their duration.
pub fn shift_for_maintenance(
    rule: &MaintenanceRuleView<'_>,
    m: &Maintenance,
    p: &Procedure,
) -> Outcome {
    let inside = m.starts_at <= p.deadline && p.deadline <= m.ends_at;
    if !rule.kinds.contains(&p.kind) {
        return unmoved(p, None, Reason::NoRule);
    }
    if !inside {
        return unmoved(p, Some(rule.clause.to_owned()), Reason::NotAffected);
    }
    let new = p.deadline + (m.ends_at - m.starts_at);
    Outcome {
        extended: new > p.deadline,
        new_deadline: new,
        clause: Some(rule.clause.to_owned()),
        annul_protocol: false,
        resubmit: false,
        reason: Reason::Moved(Some(ShiftHow::Maintenance)),
        protocol_clause: None,
    }
}

/// A rule set's maintenance rule, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct MaintenanceRuleView<'a> {
    clause: &'a str,
    notice_days: i64,
    kinds: &'a [Kind],
}

impl ExtensionRules {
    fn maintenance(&self) -> Option<MaintenanceRuleView<'_>> {
        self.maintenance.as_ref().map(|m| MaintenanceRuleView {
            clause: &m.clause,
            notice_days: m.notice_days,
            kinds: &m.kinds,
        })
    }
}

// ---- explanations ---------------------------------------------------------------------

/// Astana wall-clock time for a sentence, e.g. `10.03.2026 15:00`.
fn human(t: DateTime<Utc>) -> String {
    to_local(t).format("%d.%m.%Y %H:%M").to_string()
}

fn what(lang: Lang, p: &Procedure) -> String {
    tr(
        lang,
        &format!("ext-kind-{}", p.kind.code().replace('_', "-")),
        &[("id", &p.id)],
    )
}

fn duration_text(lang: Lang, d: Duration) -> String {
    let mut args = FluentArgs::new();
    args.set("days", d.num_days());
    args.set("hours", d.num_hours() % 24);
    args.set("minutes", d.num_minutes() % 60);
    let id = if d.num_days() > 0 {
        "ext-duration-days"
    } else {
        "ext-duration"
    };
    tr_args(lang, id, &args)
}

fn how_text(lang: Lang, how: ShiftHow, cause: &Cause) -> String {
    match (how, cause) {
        (ShiftHow::Outage, Cause::Failure(f)) => tr(
            lang,
            "ext-how-outage",
            &[("duration", &duration_text(lang, f.outage()))],
        ),
        (ShiftHow::Days(n), _) => {
            let mut args = FluentArgs::new();
            args.set("days", n);
            tr_args(lang, "ext-how-days", &args)
        }
        (ShiftHow::OneDay, _) => tr(lang, "ext-how-one-day", &[]),
        (ShiftHow::NextWorkingDay, _) => tr(lang, "ext-how-next-working-day", &[]),
        (ShiftHow::WorkingDaysAfterFix(n), _) => {
            let mut args = FluentArgs::new();
            args.set("days", n);
            tr_args(lang, "ext-how-working-days", &args)
        }
        (ShiftHow::Maintenance, Cause::Maintenance(m)) => tr(
            lang,
            "ext-how-maintenance",
            &[("duration", &duration_text(lang, m.ends_at - m.starts_at))],
        ),
        _ => String::new(),
    }
}

/// One paragraph a supplier can read: the clause, what moved, from when to when, and
/// whether the protocol is annulled or bids must be submitted again.
pub fn explain(lang: Lang, rules_id: &str, cause: &Cause, p: &Procedure, o: &Outcome) -> String {
    let what = what(lang, p);
    let clause = o.clause.clone().unwrap_or_default();
    let from = human(p.deadline);
    let (start, end) = match cause {
        Cause::Failure(f) => (human(f.started_at), human(f.fixed_at)),
        Cause::Maintenance(m) => (human(m.starts_at), human(m.ends_at)),
    };
    let mut parts = vec![match o.reason {
        Reason::Moved(how) if o.extended => {
            let how = how.map(|h| how_text(lang, h, cause)).unwrap_or_default();
            tr(
                lang,
                "ext-moved",
                &[
                    ("clause", &clause),
                    ("what", &what),
                    ("from", &from),
                    ("to", &human(o.new_deadline)),
                    ("how", &how),
                ],
            )
        }
        Reason::Moved(_) | Reason::NotAffected => tr(
            lang,
            match cause {
                Cause::Failure(_) => "ext-not-affected",
                Cause::Maintenance(_) => "ext-maintenance-not-affected",
            },
            &[
                ("clause", &clause),
                ("what", &what),
                ("deadline", &from),
                ("start", &start),
                ("end", &end),
            ],
        ),
        Reason::LowCriticality => tr(
            lang,
            "ext-low",
            &[("clause", &clause), ("what", &what), ("deadline", &from)],
        ),
        Reason::AuctionExcepted => tr(
            lang,
            "ext-auction-excepted",
            &[("clause", &clause), ("what", &what), ("deadline", &from)],
        ),
        Reason::NoRule => tr(
            lang,
            "ext-no-rule",
            &[("rules", rules_id), ("what", &what), ("deadline", &from)],
        ),
    }];
    if o.annul_protocol {
        let c = o.protocol_clause.clone().unwrap_or_else(|| clause.clone());
        parts.push(match p.kind {
            Kind::AuctionTrading => tr(lang, "ext-annul-auction", &[("clause", &c)]),
            _ => tr(lang, "ext-annul-protocol", &[("clause", &c)]),
        });
    }
    if o.resubmit {
        parts.push(tr(lang, "ext-resubmit", &[("clause", &clause)]));
    }
    parts.join(" ")
}

// ---- duties ---------------------------------------------------------------------------

/// A duty that follows from the same failure, for the journal to turn into a task.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyItem {
    pub id: String,
    pub clause: String,
    pub due: Option<DateTime<Utc>>,
    /// The procedures it concerns (the extended ones).
    pub procedures: Vec<String>,
    /// The notice must carry announcement and lot numbers (002 §36.1, §37.12, 000 §26.12).
    pub with_numbers: bool,
}

fn duties(input: &Input, f: &Failure, outcomes: &[Outcome]) -> Vec<DutyItem> {
    let clock = input.clock();
    let any_resubmit = outcomes.iter().any(|o| o.resubmit);
    let any_extended = outcomes.iter().any(|o| o.extended);
    let extended: Vec<String> = input
        .procedures
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.extended)
        .map(|(p, _)| p.id.clone())
        .collect();
    input
        .rules
        .duty
        .iter()
        .filter(|d| d.criticality.contains(&f.criticality))
        .filter(|d| !d.only_if_resubmit || any_resubmit)
        .filter(|d| !d.only_if_extended || any_extended)
        .map(|d| DutyItem {
            id: d.id.clone(),
            clause: d.clause.clone(),
            due: match d.due {
                DutyDue::WtAfterConfirmation => {
                    f.confirmed_at.map(|c| clock.add_working(c, d.minutes))
                }
                DutyDue::Immediately => f.confirmed_at,
                DutyDue::WdAfterFix => Some(clock.working_days_after(f.fixed_at, d.n.max(1))),
                DutyDue::None => None,
            },
            procedures: extended.clone(),
            with_numbers: d.with_numbers,
        })
        .collect()
}

fn notices<'a>(input: &'a Input, d: &DutyItem) -> Vec<NoticeOut<'a>> {
    input
        .procedures
        .iter()
        .filter(|p| d.procedures.contains(&p.id))
        .map(|p| NoticeOut {
            id: &p.id,
            announcement: p.announcement.as_deref(),
            lots: &p.lots,
        })
        .collect()
}

fn duty_text(lang: Lang, input: &Input, d: &DutyItem) -> String {
    let numbers: Vec<String> = input
        .procedures
        .iter()
        .filter(|p| d.procedures.contains(&p.id))
        .map(|p| {
            let ann = p.announcement.clone().unwrap_or_else(|| p.id.clone());
            if p.lots.is_empty() {
                ann
            } else {
                tr(
                    lang,
                    "ext-lots",
                    &[("announcement", &ann), ("lots", &p.lots.join(", "))],
                )
            }
        })
        .collect();
    let due = d.due.map(human).unwrap_or_default();
    let id = format!("ext-duty-{}", d.id.replace('_', "-"));
    let mut text = tr(lang, &id, &[("clause", &d.clause)]);
    if !due.is_empty() {
        text.push(' ');
        text.push_str(&tr(lang, "ext-duty-due", &[("due", &due)]));
    }
    if !numbers.is_empty() && d.with_numbers {
        text.push(' ');
        text.push_str(&tr(
            lang,
            "ext-duty-procedures",
            &[("list", &numbers.join("; "))],
        ));
    }
    text
}

// ---- the answer -----------------------------------------------------------------------

/// The outcome for every procedure, in input order.
pub fn outcomes(input: &Input) -> Vec<Outcome> {
    let cal = input.calendar();
    input
        .procedures
        .iter()
        .map(|p| match &input.cause {
            Cause::Failure(f) => extend(input.rules, f, p, cal),
            Cause::Maintenance(m) => match input.rules.maintenance() {
                Some(rule) => shift_for_maintenance(&rule, m, p),
                None => unmoved(p, None, Reason::NoRule),
            },
        })
        .collect()
}

#[derive(Serialize)]
struct ProcedureOut<'a> {
    id: &'a str,
    extended: bool,
    new_deadline: String,
    clause: Option<&'a str>,
    annul_protocol: bool,
    resubmit: bool,
    explanation: String,
}

#[derive(Serialize)]
struct NoticeOut<'a> {
    id: &'a str,
    announcement: Option<&'a str>,
    lots: &'a [String],
}

#[derive(Serialize)]
struct DutyOut<'a> {
    id: &'a str,
    clause: &'a str,
    due: Option<String>,
    procedures: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    notices: Option<Vec<NoticeOut<'a>>>,
    explanation: String,
}

#[derive(Serialize)]
struct MaintenanceOut<'a> {
    clause: Option<&'a str>,
    starts_at: String,
    ends_at: String,
    announced_at: Option<String>,
    announce_by: Option<String>,
    announced_in_time: Option<bool>,
    explanation: String,
}

/// The top-level answer. deadlines.md §4 defines only the per-procedure object; the
/// wrapper follows `desk deadlines` (`{"rules", "obligations"}`): the rule set, then the
/// procedures in input order, then the duties of the same failure (issue 5 item 4) for the
/// journal to make tasks of. Planned maintenance replaces `duties` with `maintenance`.
#[derive(Serialize)]
struct Answer<'a> {
    rules: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    maintenance: Option<MaintenanceOut<'a>>,
    procedures: Vec<ProcedureOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duties: Option<Vec<DutyOut<'a>>>,
}

fn maintenance_out<'a>(input: &'a Input, m: &Maintenance, lang: Lang) -> MaintenanceOut<'a> {
    let rule = input.rules.maintenance();
    let clause = rule.map(|r| r.clause);
    // 002 §41, 000 §31: "не позднее 2 (двух) календарных дней до проведения" — read as
    // at least two calendar days (on Astana's clock) before the works start.
    let announce_by = rule.map(|r| add_days(m.starts_at, -r.notice_days));
    let in_time = m.announced_at.zip(announce_by).map(|(a, by)| a <= by);
    let c = clause.unwrap_or_default();
    let explanation = match (in_time, announce_by) {
        (Some(true), Some(by)) => tr(
            lang,
            "ext-maintenance-announced-in-time",
            &[("clause", c), ("by", &human(by))],
        ),
        (Some(false), Some(by)) => tr(
            lang,
            "ext-maintenance-announced-late",
            &[
                ("clause", c),
                ("by", &human(by)),
                ("at", &m.announced_at.map(human).unwrap_or_default()),
            ],
        ),
        (_, Some(by)) => tr(
            lang,
            "ext-maintenance-announce-by",
            &[("clause", c), ("by", &human(by))],
        ),
        _ => String::new(),
    };
    MaintenanceOut {
        clause,
        starts_at: show(m.starts_at),
        ends_at: show(m.ends_at),
        announced_at: m.announced_at.map(show),
        announce_by: announce_by.map(show),
        announced_in_time: in_time,
        explanation,
    }
}

/// The `desk extensions` answer as JSON text, fields in the order of deadlines.md §4
/// (serialised from structs: a `serde_json::Value` would sort the keys).
pub fn answer_json(input: &Input, lang: Lang) -> String {
    let outs = outcomes(input);
    let procedures = input
        .procedures
        .iter()
        .zip(&outs)
        .map(|(p, o)| ProcedureOut {
            id: &p.id,
            extended: o.extended,
            new_deadline: show(o.new_deadline),
            clause: o.clause.as_deref(),
            annul_protocol: o.annul_protocol,
            resubmit: o.resubmit,
            explanation: explain(lang, &input.rules.id, &input.cause, p, o),
        })
        .collect();
    let duty_items = match &input.cause {
        Cause::Failure(f) => duties(input, f, &outs),
        Cause::Maintenance(_) => Vec::new(),
    };
    let duties_out = match &input.cause {
        Cause::Failure(_) => Some(
            duty_items
                .iter()
                .map(|d| DutyOut {
                    id: &d.id,
                    clause: &d.clause,
                    due: d.due.map(show),
                    procedures: &d.procedures,
                    notices: d.with_numbers.then(|| notices(input, d)),
                    explanation: duty_text(lang, input, d),
                })
                .collect(),
        ),
        Cause::Maintenance(_) => None,
    };
    let answer = Answer {
        rules: &input.rules.id,
        maintenance: match &input.cause {
            Cause::Maintenance(m) => Some(maintenance_out(input, m, lang)),
            Cause::Failure(_) => None,
        },
        procedures,
        duties: duties_out,
    };
    // Plain structs of strings and booleans always serialise.
    serde_json::to_string(&answer).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_extension_file_parses_and_cites_its_clauses() {
        for f in FILES {
            let r: ExtensionRules = toml::from_str(f).unwrap();
            assert!(ruleset::find(&r.id).is_some(), "{} is not a rule set", r.id);
            for rule in &r.rule {
                assert!(rule.clause.contains('§'), "{}: {:?}", r.id, rule.clause);
            }
            for d in &r.duty {
                assert!(d.clause.contains('§'), "{}: {:?}", r.id, d.clause);
            }
        }
        assert_eq!(all().len(), FILES.len());
    }
}
