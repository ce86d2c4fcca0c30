//! Placeholder created by the CLI author so the workspace builds; the rules engine replaces it.
use desk_i18n::Lang;

#[derive(Debug)]
pub struct InputError(String);

impl InputError {
    pub fn message(&self, _lang: Lang) -> String {
        self.0.clone()
    }
}

pub fn deadlines_command(_input_json: &str) -> Result<String, InputError> {
    Err(InputError("deadlines: not implemented yet".into()))
}

pub fn extensions_command(_input_json: &str, _lang: Lang) -> Result<String, InputError> {
    Err(InputError("extensions: not implemented yet".into()))
}
