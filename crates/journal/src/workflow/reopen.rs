//! Taking a closed appeal up again (issue 11): allowed only with a reason, which the
//! event and the audit trail keep.

use crate::{Checker, Field};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReopenForm {
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReopen {
    pub reason: String,
}

impl ReopenForm {
    pub fn validate(&self) -> Result<ValidReopen, Vec<crate::FieldError>> {
        let mut c = Checker::default();
        let reason = c.required(Field::ReopenReason, &self.reason, 2_000);
        c.finish(|| Some(ValidReopen { reason }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Problem;

    #[test]
    fn a_reopening_needs_a_reason() {
        let blank = ReopenForm {
            reason: "  ".into(),
        };
        let errors = blank.validate().expect_err("no reason");
        assert_eq!(
            (errors[0].field, &errors[0].problem),
            (Field::ReopenReason, &Problem::Required)
        );
        let given = ReopenForm {
            reason: " Пользователь сообщил о повторном сбое ".into(),
        };
        assert_eq!(
            given.validate().map(|v| v.reason).ok().as_deref(),
            Some("Пользователь сообщил о повторном сбое")
        );
    }
}
