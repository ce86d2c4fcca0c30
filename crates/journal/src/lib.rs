//! The journal domain: what an appeal is, how it is checked and numbered. Pure: no I/O.

pub mod bin_iin;
pub mod time;

use chrono::{DateTime, Datelike, Utc};
use desk_i18n::{Lang, tr};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use bin_iin::{BinIin, BinIinError};

/// How the appeal reached the contact centre (002 §20, §28) or who raised it (002 §27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Letter,
    Forum,
    Monitoring,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Email,
        Channel::Letter,
        Channel::Forum,
        Channel::Monitoring,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Forum => "forum",
            Channel::Monitoring => "monitoring",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("channel-{}", self.code()), &[])
    }
}

/// A field of the new-appeal form, named in every error about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Organisation,
    BinIin,
    ReceivedAt,
    Channel,
    Contact,
    Description,
    Workstation,
}

impl Field {
    fn message_id(self) -> &'static str {
        match self {
            Field::Organisation => "field-organisation",
            Field::BinIin => "field-bin-iin",
            Field::ReceivedAt => "field-received-at",
            Field::Channel => "field-channel",
            Field::Contact => "field-contact",
            Field::Description => "field-description",
            Field::Workstation => "field-workstation",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        tr(lang, self.message_id(), &[])
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong { max: usize },
    BinIin(BinIinError),
    DateTimeFormat,
    InFuture,
    UnknownChannel(String),
    WorkstationFormat,
}

/// One invalid field; the message names the field in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem:?}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn message(&self, lang: Lang) -> String {
        let field = self.field.label(lang);
        let f = ("field", field.as_str());
        match &self.problem {
            Problem::Required | Problem::BinIin(BinIinError::Empty) => {
                tr(lang, "err-required", &[f])
            }
            Problem::TooLong { max } => tr(lang, "err-too-long", &[f, ("max", &max.to_string())]),
            Problem::BinIin(BinIinError::NotDigits) => tr(lang, "err-bin-digits", &[f]),
            Problem::BinIin(BinIinError::WrongLength(n)) => {
                tr(lang, "err-bin-length", &[f, ("len", &n.to_string())])
            }
            Problem::BinIin(BinIinError::BadChecksum) => tr(lang, "err-bin-checksum", &[f]),
            Problem::DateTimeFormat => tr(lang, "err-datetime-format", &[f]),
            Problem::InFuture => tr(lang, "err-datetime-future", &[f]),
            Problem::UnknownChannel(v) => tr(lang, "err-channel-unknown", &[f, ("value", v)]),
            Problem::WorkstationFormat => tr(lang, "err-workstation-format", &[f]),
        }
    }
}

/// The code of a workstation, set at first start; it makes incident numbers unique
/// across workstations without asking a server.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkstationCode(String);

impl WorkstationCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        let ok = (2..=8).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric());
        if ok {
            Ok(WorkstationCode(code))
        } else {
            Err(FieldError {
                field: Field::Workstation,
                problem: Problem::WorkstationFormat,
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `<workstation>-<year>-<sequence>`, e.g. `AST1-2026-000042`. The year is the Astana
/// year of registration; the sequence restarts every year on every workstation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentNumber {
    pub workstation: WorkstationCode,
    pub year: i32,
    pub sequence: u32,
}

impl IncidentNumber {
    pub fn new(workstation: WorkstationCode, registered_at: DateTime<Utc>, sequence: u32) -> Self {
        let year = registered_at.with_timezone(&time::ASTANA).year();
        IncidentNumber {
            workstation,
            year,
            sequence,
        }
    }
}

impl std::fmt::Display for IncidentNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}-{:06}",
            self.workstation.as_str(),
            self.year,
            self.sequence
        )
    }
}

/// The new-appeal form as typed: every field a string, checked by [`NewAppeal::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewAppeal {
    pub organisation: String,
    pub bin_iin: String,
    /// Astana wall-clock time, `DD.MM.YYYY HH:MM`.
    pub received_at: String,
    pub channel: String,
    pub contact: String,
    pub description: String,
}

/// A checked appeal, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAppeal {
    pub organisation: String,
    pub bin_iin: BinIin,
    pub received_at: DateTime<Utc>,
    pub channel: Channel,
    pub contact: String,
    pub description: String,
}

const MAX_SHORT: usize = 500;
const MAX_LONG: usize = 10_000;

/// Clock skew between workstations is real; a receipt a few minutes "ahead" is not an error.
const FUTURE_TOLERANCE_MINUTES: i64 = 5;

impl NewAppeal {
    /// Checks every field and reports all problems at once, so the form can mark each one.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidAppeal, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field, value: &str, max| -> String {
            let v = value.trim();
            if v.is_empty() {
                errors.push(FieldError {
                    field,
                    problem: Problem::Required,
                });
            } else if v.chars().count() > max {
                errors.push(FieldError {
                    field,
                    problem: Problem::TooLong { max },
                });
            }
            v.to_owned()
        };
        let organisation = text(Field::Organisation, &self.organisation, MAX_SHORT);
        let contact = text(Field::Contact, &self.contact, MAX_SHORT);
        let description = text(Field::Description, &self.description, MAX_LONG);

        let bin_iin = BinIin::parse(&self.bin_iin)
            .map_err(|e| {
                errors.push(FieldError {
                    field: Field::BinIin,
                    problem: Problem::BinIin(e),
                })
            })
            .ok();
        let received_at = match time::parse_astana(&self.received_at) {
            _ if self.received_at.trim().is_empty() => {
                errors.push(FieldError {
                    field: Field::ReceivedAt,
                    problem: Problem::Required,
                });
                None
            }
            None => {
                errors.push(FieldError {
                    field: Field::ReceivedAt,
                    problem: Problem::DateTimeFormat,
                });
                None
            }
            Some(t) if t > now + chrono::Duration::minutes(FUTURE_TOLERANCE_MINUTES) => {
                errors.push(FieldError {
                    field: Field::ReceivedAt,
                    problem: Problem::InFuture,
                });
                None
            }
            Some(t) => Some(t),
        };
        let channel = match Channel::from_code(&self.channel) {
            Some(c) => Some(c),
            None if self.channel.trim().is_empty() => {
                errors.push(FieldError {
                    field: Field::Channel,
                    problem: Problem::Required,
                });
                None
            }
            None => {
                errors.push(FieldError {
                    field: Field::Channel,
                    problem: Problem::UnknownChannel(self.channel.trim().to_owned()),
                });
                None
            }
        };
        match (bin_iin, received_at, channel) {
            (Some(bin_iin), Some(received_at), Some(channel)) if errors.is_empty() => {
                Ok(ValidAppeal {
                    organisation,
                    bin_iin,
                    received_at,
                    channel,
                    contact,
                    description,
                })
            }
            _ => Err(errors),
        }
    }
}

/// One row of the Journal as the screen and the CLI show it, in the official column order
/// (002 Appendix) followed by what the software adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppealRow {
    pub id: Uuid,
    pub number: String,
    pub organisation: String,
    pub bin_iin: String,
    /// UTC, RFC 3339.
    pub received_at: DateTime<Utc>,
    /// The same instant in Astana time, `DD.MM.YYYY HH:MM`.
    pub received_at_astana: String,
    pub contact: String,
    pub decision: Option<String>,
    pub failure_type: Option<String>,
    pub recommendations: Option<String>,
    pub channel: Channel,
    pub description: String,
    pub version_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        time::parse_astana("26.11.2026 15:00").unwrap_or_default()
    }

    fn form() -> NewAppeal {
        NewAppeal {
            organisation: "ТОО «Астана Құрылыс»".into(),
            bin_iin: "971240001315".into(),
            received_at: "26.11.2026 14:05".into(),
            channel: "phone".into(),
            contact: "+7 701 000 00 00".into(),
            description: "Порталға кіру мүмкін емес".into(),
        }
    }

    #[test]
    fn a_complete_form_is_accepted_in_astana_time() {
        let v = form().validate(now()).expect("valid");
        assert_eq!(v.received_at.to_rfc3339(), "2026-11-26T09:05:00+00:00");
        assert_eq!(v.channel, Channel::Phone);
    }

    #[test]
    fn every_bad_field_is_reported_at_once_and_named() {
        let bad = NewAppeal {
            organisation: " ".into(),
            bin_iin: "971240001316".into(),
            received_at: "31.02.2026 10:00".into(),
            channel: "fax".into(),
            ..form()
        };
        let errors = bad.validate(now()).expect_err("invalid");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Organisation,
                Field::BinIin,
                Field::ReceivedAt,
                Field::Channel
            ]
        );
        let kk: Vec<String> = errors.iter().map(|e| e.message(Lang::Kk)).collect();
        assert_eq!(
            kk[1],
            "БСН / ЖСН: бақылау цифры сәйкес келмейді — нөмірді тексеріңіз"
        );
        assert!(kk[3].contains("«fax»"));
        assert_eq!(
            errors[1].message(Lang::Ru),
            "БИН / ИИН: контрольная цифра не совпадает — проверьте номер"
        );
    }

    #[test]
    fn a_receipt_in_the_future_is_refused() {
        let bad = NewAppeal {
            received_at: "27.11.2026 09:00".into(),
            ..form()
        };
        let errors = bad.validate(now()).expect_err("future");
        assert_eq!(errors[0].problem, Problem::InFuture);
    }

    #[test]
    fn incident_numbers_carry_workstation_astana_year_and_six_digit_sequence() {
        let ws = WorkstationCode::parse("ast1").expect("code");
        // 31.12.2025 20:00 UTC is already 01.01.2026 in Astana.
        let t = DateTime::parse_from_rfc3339("2025-12-31T20:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(
            IncidentNumber::new(ws, t, 42).to_string(),
            "AST1-2026-000042"
        );
    }

    #[test]
    fn workstation_codes_are_short_latin_codes() {
        assert!(WorkstationCode::parse("AST1").is_ok());
        for bad in ["", "A", "ASTANA-1", "АСТ1", "TOOLONGCODE"] {
            assert!(WorkstationCode::parse(bad).is_err(), "{bad}");
        }
    }
}
