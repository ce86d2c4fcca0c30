//! What the verifier can find wrong with a signed PDF, each with its translated sentence:
//! a change made after a signature (`Change`) or a signature that is not sound in itself
//! (`Defect`). The attack classes of Mladenov et al. (2019) and Mainka et al. (2021) end
//! in one of these.

use desk_i18n::{Lang, tr};
use serde::Serialize;

/// What a later revision changed that adding a signature does not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The trailer names another document catalog (or none).
    RootChanged,
    /// The catalog was rewritten beyond its form entry.
    CatalogChanged,
    /// A page tree node was rewritten or a new one added (pages added, removed, moved).
    PageTreeChanged { object: u32 },
    /// A page was rewritten beyond its annotation list.
    PageChanged { object: u32 },
    /// A page's content stream was replaced.
    PageContentChanged { object: u32 },
    /// A page's annotation list changed other than by one appended signature widget.
    AnnotationsChanged { object: u32 },
    /// The form was replaced or changed beyond one appended signature field.
    FormChanged,
    /// An existing object was redefined.
    ObjectChanged { object: u32 },
    /// A new object that belongs to no signature.
    ObjectAdded { object: u32 },
    /// An object was deleted.
    ObjectFreed { object: u32 },
    /// An object got a new generation number.
    NewGeneration { object: u32 },
    /// An object of the revision cannot be read.
    Unreadable { object: u32 },
    /// The revision's cross-reference points at bytes outside the revision.
    OutsideRevision { object: u32 },
    /// The revision has a signature's shape but no valid signature covers it to its end.
    NotCoveredBySignature,
    /// The signature the revision adds is not valid.
    InvalidSignature { signature: usize },
    /// The trailer was changed beyond its size and identifiers.
    TrailerChanged,
}

/// Why a signature is not sound in itself, whatever its CMS says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Defect {
    /// No `/ByteRange`, or not four non-negative integers starting at 0.
    ByteRange,
    /// The ByteRange covers nothing, or does not end where the signature's revision ends.
    NotItsRevision,
    /// The gap in the ByteRange is not exactly this signature's `/Contents`.
    HoleNotContents,
    /// The `/Contents` holds more than one CMS and zero padding.
    NotPadding,
    /// `/Contents` missing, empty or not a string.
    NoContents,
    /// The signature dictionary is not an indirect object of the file.
    NotIndirect,
    /// Two fields name the same signature dictionary.
    SharedSignature,
    /// The signature dictionary cannot be read.
    Unreadable,
}

impl Change {
    pub fn message(&self, lang: Lang) -> String {
        let obj = |id: &u32, key: &str| tr(lang, key, &[("object", &id.to_string())]);
        match self {
            Change::RootChanged => tr(lang, "sign-change-root", &[]),
            Change::CatalogChanged => tr(lang, "sign-change-catalog", &[]),
            Change::PageTreeChanged { object } => obj(object, "sign-change-page-tree"),
            Change::PageChanged { object } => obj(object, "sign-change-page"),
            Change::PageContentChanged { object } => obj(object, "sign-change-content"),
            Change::AnnotationsChanged { object } => obj(object, "sign-change-annotations"),
            Change::FormChanged => tr(lang, "sign-change-form", &[]),
            Change::ObjectChanged { object } => obj(object, "sign-change-object"),
            Change::ObjectAdded { object } => obj(object, "sign-change-added"),
            Change::ObjectFreed { object } => obj(object, "sign-change-freed"),
            Change::NewGeneration { object } => obj(object, "sign-change-generation"),
            Change::Unreadable { object } => obj(object, "sign-change-unreadable"),
            Change::OutsideRevision { object } => obj(object, "sign-change-outside"),
            Change::NotCoveredBySignature => tr(lang, "sign-change-not-covered", &[]),
            Change::InvalidSignature { signature } => tr(
                lang,
                "sign-change-invalid-signature",
                &[("n", &signature.to_string())],
            ),
            Change::TrailerChanged => tr(lang, "sign-change-trailer", &[]),
        }
    }
}

impl Defect {
    pub fn message(&self, lang: Lang) -> String {
        let key = match self {
            Defect::ByteRange => "sign-defect-byte-range",
            Defect::NotItsRevision => "sign-defect-not-its-revision",
            Defect::HoleNotContents => "sign-defect-hole",
            Defect::NotPadding => "sign-defect-padding",
            Defect::NoContents => "sign-defect-no-contents",
            Defect::NotIndirect => "sign-defect-not-indirect",
            Defect::SharedSignature => "sign-defect-shared",
            Defect::Unreadable => "sign-defect-unreadable",
        };
        tr(lang, key, &[])
    }
}
