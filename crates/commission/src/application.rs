//! A trading platform's application to the unified operator (003 ch. 5–8): form 1 for the
//! test services (003 §19, App. 1) and form 2 for the production environment (§21, App. 2),
//! what each must contain, and the clocks that run from it (§20–27). Pure: the dates
//! come in, the check and the dues go out; `as_of` says which day "overdue" is judged on.
//!
//! Readings (docs/rules.md, "Commission cases"): a day-count "within N days from day X"
//! ends when day X + N ends (Astana), as the protocol's 2 WD of §14 do; §21 does not say
//! from when its 90 CD run — they run from the day test access was granted; §24 sets the
//! test date and time "within 10 CD of the application" (met by the decision that sets
//! them) and the test day itself "no later than 5 WD after the decision"; because that
//! decision is the meeting's, §23's 7 WD for the meeting are bound by the 10 CD too, and
//! when the 7 WD reach past them (holidays) the answer says so.

use chrono::{Days, NaiveDate};
use desk_i18n::{Lang, tr};
use desk_rules::calendar::Calendar;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which form the application is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ApplicationFormKind")]
pub enum Form {
    /// Form 1: connection to the test services (003 §19, App. 1).
    Test,
    /// Form 2: connection to the production environment (003 §21, App. 2).
    Production,
}

/// A document the owner attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ApplicationDocument")]
pub enum Document {
    /// 003 §30.1: the technical specification of the platform's information system.
    TechnicalSpecification,
    /// 003 §30.2: the non-disclosure agreement signed with the unified operator.
    NonDisclosureAgreement,
    /// 003 §30.3: how the system meets the functional requirements.
    FunctionalCompliance,
    /// 003 App. 2 item 5, §22.2, App. 3: the compliance table with its evidence.
    ComplianceEvidence,
    /// 003 App. 2 item 6 (its annex 2): the positive protocol of the integration tests.
    IntegrationTestProtocol,
    /// 003 §28: the copyright or another document of the right to the platform.
    CopyrightDocument,
    /// 003 §28: the tariffs for suppliers (none may be charged to customers).
    Tariffs,
}

/// The information-security test protocol of 003 App. 3 (technical requirement 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfosecProtocol {
    pub date: NaiveDate,
    pub positive: bool,
}

/// The fields of the form (App. 1 items 1–8, App. 2 items 1–4 and 7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(rename = "ApplicationFields")]
pub struct Fields {
    pub owner: String,
    pub bin_iin: String,
    pub address: String,
    pub platform: String,
    pub licence: String,
    pub location: String,
    pub resource: String,
    pub declaration: bool,
}

/// What has happened to the application so far, each on its day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Steps {
    /// §20: the operator granted access to the test services.
    pub access_granted: Option<NaiveDate>,
    /// §21: form 2 was filed.
    pub production_filed: Option<NaiveDate>,
    /// §23: the Commission met on the application.
    pub meeting: Option<NaiveDate>,
    /// §24: the Commission decided to test.
    pub test_decision: Option<NaiveDate>,
    /// §24: the day set for the tests.
    pub test_day: Option<NaiveDate>,
    /// §25: the tests were held, successfully.
    pub tested: Option<NaiveDate>,
    /// §25: the test protocol was signed by the applicant and the members.
    pub test_protocol_signed: Option<NaiveDate>,
    /// §24: the protocol listing the deficiencies was signed.
    pub deficiencies_protocol_signed: Option<NaiveDate>,
    /// §24: the corrected form 2 was filed again.
    pub refiled: Option<NaiveDate>,
    /// §26–27: the Commission decided to connect the platform.
    pub connect_decision: Option<NaiveDate>,
    /// §27: the platform was connected and the agreement signed.
    pub connected: Option<NaiveDate>,
}

impl Steps {
    /// The steps in the order the procedure takes them, by the names the journal keeps.
    pub const CODES: [&'static str; 11] = [
        "access_granted",
        "production_filed",
        "meeting",
        "test_decision",
        "test_day",
        "tested",
        "test_protocol_signed",
        "deficiencies_protocol_signed",
        "refiled",
        "connect_decision",
        "connected",
    ];

    /// Records step `code` on `day`; `false` for a code that is no step.
    pub fn set(&mut self, code: &str, day: NaiveDate) -> bool {
        let slot = match code {
            "access_granted" => &mut self.access_granted,
            "production_filed" => &mut self.production_filed,
            "meeting" => &mut self.meeting,
            "test_decision" => &mut self.test_decision,
            "test_day" => &mut self.test_day,
            "tested" => &mut self.tested,
            "test_protocol_signed" => &mut self.test_protocol_signed,
            "deficiencies_protocol_signed" => &mut self.deficiencies_protocol_signed,
            "refiled" => &mut self.refiled,
            "connect_decision" => &mut self.connect_decision,
            "connected" => &mut self.connected,
            _ => return false,
        };
        *slot = Some(day);
        true
    }
}

/// Every document an application can carry, in the order the forms list them.
pub const DOCUMENTS: [Document; 7] = [
    Document::TechnicalSpecification,
    Document::NonDisclosureAgreement,
    Document::FunctionalCompliance,
    Document::ComplianceEvidence,
    Document::IntegrationTestProtocol,
    Document::CopyrightDocument,
    Document::Tariffs,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub form: Form,
    pub received: NaiveDate,
    #[serde(default)]
    pub fields: Fields,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub infosec_protocol: Option<InfosecProtocol>,
    #[serde(default)]
    pub steps: Steps,
}

/// One thing the application lacks, with the clause that asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub item: &'static str,
    pub clause: &'static str,
}

/// Days of the calendar, or working days of the Kazakh calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Clock {
    #[serde(rename = "CD")]
    Calendar,
    #[serde(rename = "WD")]
    Working,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Met,
    Late,
    Pending,
    Overdue,
    /// A right of the applicant's (§24: refile within 30 CD), not a duty.
    Open,
    /// The right's time has passed unused.
    Lapsed,
}

/// A clock of the case: the duty, its clause, from which day, for how long, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseClock {
    pub duty: &'static str,
    pub clause: &'static str,
    pub from: NaiveDate,
    pub days: u32,
    pub clock: Clock,
    /// The last day: the duty is met when it is done by the end of it.
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
    pub state: State,
}

/// Something the secretary must know that is not a missing document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub code: &'static str,
    pub clause: &'static str,
}

/// 003 App. 3, technical requirement 3: the infosec test results "no earlier than
/// 01.07.2024".
pub fn infosec_earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or_default()
}

const TEST_PACKAGE: [(Document, &str); 3] = [
    (Document::TechnicalSpecification, "003 §30.1"),
    (Document::NonDisclosureAgreement, "003 §30.2"),
    (Document::FunctionalCompliance, "003 §30.3"),
];

const PRODUCTION_PACKAGE: [(Document, &str); 4] = [
    (
        Document::ComplianceEvidence,
        "003 §22.2, App. 2 item 5, App. 3",
    ),
    (Document::IntegrationTestProtocol, "003 App. 2 item 6"),
    (Document::CopyrightDocument, "003 §28"),
    (Document::Tariffs, "003 §28"),
];

fn document_code(d: Document) -> &'static str {
    match d {
        Document::TechnicalSpecification => "technical_specification",
        Document::NonDisclosureAgreement => "non_disclosure_agreement",
        Document::FunctionalCompliance => "functional_compliance",
        Document::ComplianceEvidence => "compliance_evidence",
        Document::IntegrationTestProtocol => "integration_test_protocol",
        Document::CopyrightDocument => "copyright_document",
        Document::Tariffs => "tariffs",
    }
}

/// What the application lacks (003 §22: form 2 is rejected before it reaches the
/// Commission when the §30 package or the App. 3 evidence is missing).
pub fn missing(app: &Application) -> Vec<Missing> {
    let f = &app.fields;
    let (form_clause, fields): (&'static str, Vec<(&'static str, bool)>) = match app.form {
        Form::Test => (
            "003 App. 1",
            vec![
                ("owner", !f.owner.trim().is_empty()),
                ("bin_iin", is_bin_iin(&f.bin_iin)),
                ("address", !f.address.trim().is_empty()),
                ("platform", !f.platform.trim().is_empty()),
                ("licence", !f.licence.trim().is_empty()),
                ("location", !f.location.trim().is_empty()),
                ("resource", !f.resource.trim().is_empty()),
                ("declaration", f.declaration),
            ],
        ),
        Form::Production => (
            "003 App. 2",
            vec![
                ("owner", !f.owner.trim().is_empty()),
                ("bin_iin", is_bin_iin(&f.bin_iin)),
                ("platform", !f.platform.trim().is_empty()),
                ("licence", !f.licence.trim().is_empty()),
                ("declaration", f.declaration),
            ],
        ),
    };
    let mut out: Vec<Missing> = fields
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(item, _)| Missing {
            item,
            clause: form_clause,
        })
        .collect();
    let mut package: Vec<(Document, &'static str)> = TEST_PACKAGE.to_vec();
    if app.form == Form::Production {
        // §22.1 names the §30 package for form 2 as well.
        for p in &mut package {
            p.1 = match p.0 {
                Document::TechnicalSpecification => "003 §22.1, §30.1",
                Document::NonDisclosureAgreement => "003 §22.1, §30.2",
                _ => "003 §22.1, §30.3",
            };
        }
        package.extend(PRODUCTION_PACKAGE);
    }
    for (d, clause) in package {
        if !app.documents.contains(&d) {
            out.push(Missing {
                item: document_code(d),
                clause,
            });
        }
    }
    if app.form == Form::Production {
        const CLAUSE: &str = "003 §22.2, App. 3 tech. 3";
        match &app.infosec_protocol {
            None => out.push(Missing {
                item: "infosec_protocol",
                clause: CLAUSE,
            }),
            Some(p) if !p.positive => out.push(Missing {
                item: "infosec_protocol_negative",
                clause: CLAUSE,
            }),
            Some(p) if p.date < infosec_earliest() => out.push(Missing {
                item: "infosec_protocol_too_old",
                clause: CLAUSE,
            }),
            Some(_) => {}
        }
    }
    out
}

/// A BIN or IIN: 12 digits.
fn is_bin_iin(s: &str) -> bool {
    let s = s.trim();
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// One clock of the procedure: its duty, clause and length.
struct Rule {
    duty: &'static str,
    clause: &'static str,
    days: u32,
    clock: Clock,
}

const TEST_ACCESS: Rule = Rule {
    duty: "test_access",
    clause: "003 §20",
    days: 10,
    clock: Clock::Calendar,
};
const PRODUCTION_APPLICATION: Rule = Rule {
    duty: "production_application",
    clause: "003 §21",
    days: 90,
    clock: Clock::Calendar,
};
const MEETING: Rule = Rule {
    duty: "meeting",
    clause: "003 §23",
    days: 7,
    clock: Clock::Working,
};
const TEST_DATE_SET: Rule = Rule {
    duty: "test_date_set",
    clause: "003 §24",
    days: 10,
    clock: Clock::Calendar,
};
const TEST_DAY: Rule = Rule {
    duty: "test_day",
    clause: "003 §24",
    days: 5,
    clock: Clock::Working,
};
const TEST_PROTOCOL: Rule = Rule {
    duty: "test_protocol",
    clause: "003 §25",
    days: 3,
    clock: Clock::Working,
};
const REFILING: Rule = Rule {
    duty: "refiling",
    clause: "003 §24",
    days: 30,
    clock: Clock::Calendar,
};
const CONNECTION: Rule = Rule {
    duty: "connection",
    clause: "003 §27",
    days: 10,
    clock: Clock::Calendar,
};

impl Rule {
    /// The clock started on `from`, done on `done`, judged on `as_of`.
    fn run(&self, from: NaiveDate, done: Option<NaiveDate>, as_of: NaiveDate) -> CaseClock {
        let due = match self.clock {
            Clock::Calendar => from + Days::new(u64::from(self.days)),
            Clock::Working => Calendar::builtin().nth_working_day_after(from, self.days),
        };
        let state = match done {
            Some(d) if d <= due => State::Met,
            Some(_) => State::Late,
            None if as_of > due => State::Overdue,
            None => State::Pending,
        };
        CaseClock {
            duty: self.duty,
            clause: self.clause,
            from,
            days: self.days,
            clock: self.clock,
            due,
            done,
            state,
        }
    }
}

/// The clocks that run on the application as far as its steps have come (§20–27), and
/// what the secretary must be told.
pub fn clocks(app: &Application, as_of: NaiveDate) -> (Vec<CaseClock>, Vec<Note>) {
    let s = &app.steps;
    let mut out = Vec::new();
    let mut notes = Vec::new();
    if app.form == Form::Test {
        out.push(TEST_ACCESS.run(app.received, s.access_granted, as_of));
        if let Some(a) = s.access_granted {
            out.push(PRODUCTION_APPLICATION.run(a, s.production_filed, as_of));
        }
        return (out, notes);
    }
    if !missing(app).is_empty() {
        // §22: rejected before the Commission; no meeting is owed on it.
        notes.push(Note {
            code: "rejected",
            clause: "003 §22",
        });
        return (out, notes);
    }
    let meeting = MEETING.run(app.received, s.meeting, as_of);
    // §24 (1): if testing is decided, the test date and time are set within 10 CD of the
    // application — by the meeting's decision, so §23's 7 WD are bound by them too.
    let date_set = TEST_DATE_SET.run(app.received, s.test_decision, as_of);
    if meeting.due > date_set.due {
        notes.push(Note {
            code: "meeting_after_test_limit",
            clause: "003 §23, §24",
        });
    }
    out.push(meeting);
    out.push(date_set);
    if let Some(d) = s.test_decision {
        // §24 (2): the test day itself, no later than 5 WD after the decision.
        out.push(TEST_DAY.run(d, s.test_day, as_of));
        if s.test_day
            .is_some_and(|t| !Calendar::builtin().is_working_day(t))
        {
            notes.push(Note {
                code: "test_day_not_working",
                clause: "003 §24",
            });
        }
    }
    if let Some(t) = s.tested {
        out.push(TEST_PROTOCOL.run(t, s.test_protocol_signed, as_of));
    }
    if let Some(p) = s.deficiencies_protocol_signed {
        // A right of the applicant's, not a duty: open until it lapses.
        let mut right = REFILING.run(p, s.refiled, as_of);
        right.state = match (right.done, right.state) {
            (Some(_), st) => st,
            (None, State::Overdue) => State::Lapsed,
            (None, _) => State::Open,
        };
        out.push(right);
    }
    if let Some(c) = s.connect_decision {
        out.push(CONNECTION.run(c, s.connected, as_of));
    }
    (out, notes)
}

/// The line a person reads for one missing item.
pub fn missing_label(m: &Missing, lang: Lang) -> String {
    tr(
        lang,
        &format!("application-missing-{}", m.item.replace('_', "-")),
        &[("clause", m.clause)],
    )
}

pub fn duty_label(c: &CaseClock, lang: Lang) -> String {
    tr(
        lang,
        &format!("application-duty-{}", c.duty.replace('_', "-")),
        &[("clause", c.clause)],
    )
}

pub fn note_label(n: &Note, lang: Lang) -> String {
    tr(
        lang,
        &format!("application-note-{}", n.code.replace('_', "-")),
        &[("clause", n.clause)],
    )
}
