//! The platforms' applications kept in the journal (003 ch. 5–8): recorded as received —
//! an incomplete form 2 too, so that its rejection (003 §22) and what it lacked are on
//! file —, the steps taken on each, and the check and clocks of `desk-commission`
//! computed from them on every read, in the user's language.

use chrono::{NaiveDate, Utc};
use desk_commission::CommissionError;
use desk_commission::application::{
    Application, Document, Fields, Form, InfosecProtocol, Steps, clocks, duty_label, missing,
    missing_label, note_label,
};
use desk_i18n::Lang;
use desk_journal::Action;
use desk_journal::time::{ASTANA, to_astana_display};
use desk_store::{ApplicationRecord, ApplicationWrite, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{d, parse_date, required};
use crate::{AppError, Desk};

/// An application as the secretary enters it from the paper or e-mail received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ApplicationForm {
    pub number: String,
    pub form: Form,
    /// `DD.MM.YYYY` or `YYYY-MM-DD`.
    pub received: String,
    pub fields: Fields,
    pub documents: Vec<Document>,
    /// The infosec test protocol's date (empty: none attached) and whether positive.
    pub infosec_date: String,
    pub infosec_positive: bool,
}

/// One line of the check: its code, clause and words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckLine {
    pub code: String,
    pub clause: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseClockView {
    pub duty: String,
    pub text: String,
    pub from: String,
    /// The last day, `DD.MM.YYYY`.
    pub due: String,
    pub done: Option<String>,
    /// `met`, `late`, `pending`, `overdue`, `open` or `lapsed`.
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StepView {
    pub step: String,
    pub date: String,
    pub note: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApplicationView {
    pub number: String,
    pub form: Form,
    pub received: String,
    pub fields: Fields,
    pub documents: Vec<Document>,
    pub complete: bool,
    pub missing: Vec<CheckLine>,
    pub notes: Vec<CheckLine>,
    pub clocks: Vec<CaseClockView>,
    pub steps: Vec<StepView>,
}

/// The body kept with the application.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Body {
    fields: Fields,
    documents: Vec<Document>,
    infosec_protocol: Option<InfosecProtocol>,
}

fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn corrupt(e: impl std::fmt::Display) -> AppError {
    AppError::Store(StoreError::Corrupt(format!("commission application: {e}")))
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&ASTANA).date_naive()
}

fn view(r: &ApplicationRecord, as_of: NaiveDate, lang: Lang) -> Result<ApplicationView, AppError> {
    let a = &r.application;
    let body: Body = serde_json::from_str(&a.body).map_err(corrupt)?;
    let form: Form = serde_json::from_value(a.form.clone().into()).map_err(corrupt)?;
    let mut steps = Steps::default();
    for s in &r.steps {
        steps.set(&s.step, s.date);
    }
    let app = Application {
        form,
        received: a.received,
        fields: body.fields.clone(),
        documents: body.documents.clone(),
        infosec_protocol: body.infosec_protocol,
        steps,
    };
    let lacking = missing(&app);
    let (clocks, notes) = clocks(&app, as_of);
    Ok(ApplicationView {
        number: a.number.clone(),
        form,
        received: d(a.received),
        fields: body.fields,
        documents: body.documents,
        complete: lacking.is_empty(),
        missing: lacking
            .iter()
            .map(|m| CheckLine {
                code: m.item.to_owned(),
                clause: m.clause.to_owned(),
                text: missing_label(m, lang),
            })
            .collect(),
        notes: notes
            .iter()
            .map(|n| CheckLine {
                code: n.code.to_owned(),
                clause: n.clause.to_owned(),
                text: note_label(n, lang),
            })
            .collect(),
        clocks: clocks
            .iter()
            .map(|c| CaseClockView {
                duty: c.duty.to_owned(),
                text: duty_label(c, lang),
                from: d(c.from),
                due: d(c.due),
                done: c.done.map(d),
                state: code(&c.state),
            })
            .collect(),
        steps: r
            .steps
            .iter()
            .map(|s| StepView {
                step: s.step.clone(),
                date: d(s.date),
                note: s.note.clone(),
                recorded_at: to_astana_display(s.recorded_at),
            })
            .collect(),
    })
}

impl Desk {
    /// Every application, the latest received first.
    pub fn commission_applications(&self, lang: Lang) -> Result<Vec<ApplicationView>, AppError> {
        let as_of = today();
        let mut out: Vec<ApplicationView> = self
            .store
            .applications()?
            .iter()
            .map(|r| view(r, as_of, lang))
            .collect::<Result<_, _>>()?;
        out.reverse();
        Ok(out)
    }

    pub fn commission_application(
        &self,
        number: &str,
        lang: Lang,
    ) -> Result<ApplicationView, AppError> {
        let r = self.store.application(number.trim())?.ok_or_else(|| {
            CommissionError::ApplicationNotFound {
                number: number.trim().to_owned(),
            }
        })?;
        view(&r, today(), lang)
    }

    /// Records an application as received. An incomplete form 2 is recorded as well: the
    /// answer lists what it lacks and notes its rejection (003 §22).
    pub fn commission_add_application(
        &mut self,
        form: &ApplicationForm,
        lang: Lang,
    ) -> Result<ApplicationView, AppError> {
        self.require(Action::Commission)?;
        let number = required("number", &form.number)?;
        let received = parse_date("received", &form.received)?;
        let infosec_protocol = if form.infosec_date.trim().is_empty() {
            None
        } else {
            Some(InfosecProtocol {
                date: parse_date("infosec_date", &form.infosec_date)?,
                positive: form.infosec_positive,
            })
        };
        let body = serde_json::to_string(&Body {
            fields: form.fields.clone(),
            documents: form.documents.clone(),
            infosec_protocol,
        })
        .map_err(corrupt)?;
        let write = ApplicationWrite::Application {
            number: number.clone(),
            form: code(&form.form),
            received,
            body,
        };
        self.store
            .application_write::<AppError>(&number, &self.actor, Utc::now(), |existing| {
                if existing.is_some() {
                    return Err(CommissionError::ApplicationExists {
                        number: number.clone(),
                    }
                    .into());
                }
                Ok(vec![write])
            })?;
        self.commission_application(&number, lang)
    }

    /// Records a step of the procedure on its day (a later record of the same step
    /// stands over an earlier one).
    pub fn commission_application_step(
        &mut self,
        number: &str,
        step: &str,
        date: &str,
        note: &str,
        lang: Lang,
    ) -> Result<ApplicationView, AppError> {
        self.require(Action::Commission)?;
        let number = number.trim();
        let step = step.trim();
        if !Steps::CODES.contains(&step) {
            return Err(CommissionError::UnknownStep {
                step: step.to_owned(),
            }
            .into());
        }
        let day = parse_date("date", date)?;
        self.store
            .application_write::<AppError>(number, &self.actor, Utc::now(), |existing| {
                let Some(r) = existing else {
                    return Err(CommissionError::ApplicationNotFound {
                        number: number.to_owned(),
                    }
                    .into());
                };
                if day < r.application.received {
                    return Err(CommissionError::StepBeforeReceipt { value: d(day) }.into());
                }
                Ok(vec![ApplicationWrite::Step {
                    step: step.to_owned(),
                    date: day,
                    note: note.trim().to_owned(),
                }])
            })?;
        self.commission_application(number, lang)
    }
}
