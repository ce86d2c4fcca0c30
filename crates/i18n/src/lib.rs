//! Translations shared by every face of Incident Desk.
//!
//! The Fluent files in `assets/i18n/` are the only copy of any user-facing string: the UI
//! imports the same files, so a label and the error that names it can never drift apart.
//! Fluent was chosen over a home-made key/value format because Kazakh and Russian need
//! CLDR plural rules ("1 минута / 2 минуты / 5 минут"), which it brings.

use std::sync::OnceLock;

/// Typed arguments for [`tr_args`], so callers need not depend on fluent-bundle.
pub use fluent_bundle::FluentArgs as Args;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A language of the interface and of documents. Kazakh and Russian first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "kk" | "kz" | "kaz" => Some(Lang::Kk),
            "ru" | "rus" => Some(Lang::Ru),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a new installation starts in: the OS locale if it is one of ours,
    /// otherwise Russian, the working language of most contact-centre staff.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        locale
            .and_then(|l| l.get(..2))
            .and_then(Lang::from_code)
            .unwrap_or(Lang::Ru)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Kk => include_str!("../../../assets/i18n/kk.ftl"),
            Lang::Ru => include_str!("../../../assets/i18n/ru.ftl"),
            Lang::En => include_str!("../../../assets/i18n/en.ftl"),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_code(s).ok_or_else(|| format!("unknown language `{s}` (kk, ru, en)"))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 3]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| Lang::ALL.map(build_bundle));
    &all[lang as usize]
}

fn build_bundle(lang: Lang) -> Bundle {
    let langid = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::langid!("ru"));
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Isolation marks (U+2068/U+2069) would end up in CLI output, PDFs and e-mails.
    bundle.set_use_isolating(false);
    // A syntax error in one message must not take the whole language down: Fluent
    // returns the resource with the broken entries skipped, and a test catches them.
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(?errors, lang = lang.code(), "translation file has errors");
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, lang = lang.code(), "duplicate translation ids");
    }
    bundle
}

/// Whether `lang` defines the message `id` (for labels looked up by a stored key).
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// Translates `id` with string arguments.
pub fn tr(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, FluentValue::from(*v));
    }
    tr_args(lang, id, &fargs)
}

/// Translates `id` with typed arguments (numbers select plural forms).
pub fn tr_args(lang: Lang, id: &str, args: &FluentArgs) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        // A missing message is a bug, but the user still gets something readable.
        tracing::warn!(id, lang = lang.code(), "missing translation");
        return id.to_owned();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "translation formatting errors");
    }
    text.into_owned()
}

/// Message ids defined in one language's file, for consistency checks.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) | Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_language_defines_the_same_messages() {
        let ru: BTreeSet<_> = message_ids(Lang::Ru).into_iter().collect();
        assert!(!ru.is_empty());
        for lang in [Lang::Kk, Lang::En] {
            let other: BTreeSet<_> = message_ids(lang).into_iter().collect();
            let missing: Vec<_> = ru.difference(&other).collect();
            let extra: Vec<_> = other.difference(&ru).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn translation_files_parse_without_errors() {
        for lang in Lang::ALL {
            if let Err((_, errors)) = FluentResource::try_new(lang.source().to_owned()) {
                panic!("{lang}.ftl: {errors:?}");
            }
        }
    }

    #[test]
    fn no_message_is_defined_twice() {
        // Fluent keeps the first of two definitions and only logs the second: two blocks
        // appended by separate changes must not both define one id.
        for lang in Lang::ALL {
            let mut seen = BTreeSet::new();
            let twice: Vec<String> = message_ids(lang)
                .into_iter()
                .filter(|id| !seen.insert(id.clone()))
                .collect();
            assert!(twice.is_empty(), "{lang}.ftl defines twice: {twice:?}");
        }
    }

    #[test]
    fn window_title_is_translated() {
        assert_eq!(
            tr(Lang::Kk, "app-title", &[]),
            "Incident Desk — техникалық іркілістер журналы"
        );
        assert!(tr(Lang::Ru, "app-title", &[]).contains("журнал"));
    }

    #[test]
    fn missing_message_falls_back_to_its_id() {
        assert_eq!(tr(Lang::En, "no-such-message", &[]), "no-such-message");
    }

    #[test]
    fn os_locale_picks_the_start_language() {
        assert_eq!(Lang::from_locale(Some("kk_KZ.UTF-8")), Lang::Kk);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C.UTF-8")), Lang::Ru);
        assert_eq!(Lang::from_locale(None), Lang::Ru);
    }
}
