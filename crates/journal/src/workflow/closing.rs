//! Closing an appeal (issue 19 item 2): the last decision about it, so one that leaves
//! duties not done needs the reason, stated by the person who closes it and kept in the
//! history. The window asks "3 duties are not done — close anyway?"; the CLI and any
//! other caller meet the same rule here.

use crate::{Field, FieldError, Problem};

/// Whether an appeal with `not_done` duties (pending or paused: not met, not late, not
/// superseded) may be closed with `reason`.
pub fn closing_allowed(not_done: usize, reason: &str) -> Result<(), FieldError> {
    if not_done > 0 && reason.trim().is_empty() {
        return Err(FieldError::new(
            Field::CloseReason,
            Problem::DutiesNotDone { count: not_done },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_i18n::Lang;

    #[test]
    fn issue19_2_closing_with_duties_not_done_needs_a_reason() {
        assert!(closing_allowed(0, "").is_ok());
        let e = closing_allowed(3, "  ").expect_err("no reason");
        assert_eq!(e.field, Field::CloseReason);
        assert!(
            e.message(Lang::En).contains("3 duties are not done"),
            "{}",
            e.message(Lang::En)
        );
        assert!(
            e.message(Lang::Ru).contains("3 обязанности не выполнены"),
            "{}",
            e.message(Lang::Ru)
        );
        assert!(
            e.message(Lang::Ru).contains("закрыть"),
            "{}",
            e.message(Lang::Ru)
        );
        assert!(
            e.message(Lang::Kk).contains("3 міндет"),
            "{}",
            e.message(Lang::Kk)
        );
        assert!(closing_allowed(3, "Пользователь отозвал обращение").is_ok());
    }
}
