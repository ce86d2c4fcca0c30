//! `desk commission tally` (shared/specs/commission.md): the Commission's one count, the
//! same the protocol prints. It needs no journal, so nothing here opens one.

use desk_docs::DocError;
use desk_i18n::Lang;

use crate::{AppError, DocumentError};

/// The longest input read; a longer one is refused with a translated message.
pub use desk_commission::MAX_INPUT_BYTES;

/// The tally of the JSON meeting item in `input`, as the contract's JSON object with the
/// explanation in `lang`. A refusal names the field and is the user's to fix (exit 2).
pub fn tally_json(input: &str, lang: Lang) -> Result<String, AppError> {
    desk_commission::tally_command(input, lang)
        .map_err(|e| AppError::Document(DocumentError::Doc(DocError::Commission(e))))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_refused_item_is_the_users_input_to_fix_and_names_the_field() {
        let e = tally_json(r#"{"members": [], "present": []}"#, Lang::En).unwrap_err();
        assert_eq!((e.code(), e.exit_code()), (ErrorCode::Refused, 2));
        assert!(e.message(Lang::En).starts_with("members:"), "{e}");
    }
}
