//! Procurement deadline extensions after a confirmed failure (deadlines.md §4).
//! Not implemented yet: the input is checked and every procedure is reported unextended,
//! never silently wrong. See the issue note.

use desk_i18n::Lang;

use crate::{InputError, Problem};

#[derive(Debug)]
pub struct Input;

impl Input {
    pub fn from_json(_v: &serde_json::Value) -> Result<Input, InputError> {
        Err(InputError::new(
            "rules",
            Problem::UnknownValue("extensions are not implemented yet".into()),
        ))
    }
}

pub fn answer_json(_input: &Input, _lang: Lang) -> serde_json::Value {
    serde_json::Value::Null
}
