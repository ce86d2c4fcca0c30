//! `desk deadlines` and `desk extensions`: the rules engine's JSON contract
//! (deadlines.md §3, §4) for scripts. They need no journal, so nothing here opens one or
//! creates a data directory.

use desk_i18n::Lang;

use crate::AppError;

/// The longest input the calculators read; a longer one is refused with a translated
/// message.
pub use desk_rules::MAX_INPUT_BYTES;

/// Every contact-centre obligation of the scenario in `input` with its due instant, as
/// JSON (deadlines.md §3).
pub fn deadlines_json(input: &str) -> Result<String, AppError> {
    desk_rules::deadlines_command(input).map_err(AppError::Scenario)
}

/// How procurement deadlines move after the failure in `input`, as JSON with the
/// explanations in `lang` (deadlines.md §4).
pub fn extensions_json(input: &str, lang: Lang) -> Result<String, AppError> {
    desk_rules::extensions_command(input, lang).map_err(AppError::Scenario)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_refused_scenario_is_the_users_input_to_fix_and_names_the_field() {
        let e = deadlines_json(r#"{"rules": "QUASI-1216", "appeal": {"channel": "email"}}"#)
            .unwrap_err();
        assert_eq!((e.code(), e.exit_code()), (ErrorCode::Invalid, 2));
        assert!(e.message(Lang::En).contains("received_at"), "{e}");
        let e = extensions_json("not json", Lang::Ru).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
