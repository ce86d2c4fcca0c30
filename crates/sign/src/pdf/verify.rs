//! Verifying the signatures of a PDF, read once ([`super::reader`]): the signatures are
//! the values of the form's signature fields (never a search of the bytes for
//! `/ByteRange`); each must cover exactly the revision that adds it, with exactly its own
//! `/Contents` left out, and every revision after it is judged on its own
//! ([`super::revisions`]). Signature Wrapping and Universal Signature Forgery (Mladenov
//! et al. 2019) end in a [`Defect`]; incremental saving and shadow attacks in a [`Change`].

use std::collections::BTreeSet;

use desk_i18n::{Lang, tr};
use lopdf::{Dictionary, Object, ObjectId};
use serde::Serialize;

use super::findings::{Change, Defect};
use super::reader::{PdfFile, Revision, check_entries};
use super::revisions::{Added, judge, judge_validation_data};
use crate::SignError;
use crate::chain::{Extra, Revocation};
use crate::cms::{Context, Level, SignatureCheck, Status, verify_detached_in};
use crate::trust::TrustStore;

/// What happened to the document after a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Coverage {
    /// The signature covers the whole file.
    WholeDocument,
    /// Every later revision only adds a signature, covered by that signature.
    LaterSignaturesOnly,
    /// Later revisions add signatures or long-term validation data (a DSS) only.
    LaterSignaturesAndValidationData,
    /// Revision `revision` (counted from 1, the original document) changed the document.
    ModifiedAfter { revision: usize, change: Change },
    /// The signature is not sound in itself: whatever its CMS says, it proves nothing.
    Broken(Defect),
    /// A signature field nobody signed.
    Unsigned,
}

impl Coverage {
    /// Nothing but signatures followed it (or nothing at all).
    pub fn clean(&self) -> bool {
        matches!(
            self,
            Coverage::WholeDocument
                | Coverage::LaterSignaturesOnly
                | Coverage::LaterSignaturesAndValidationData
        )
    }

    pub fn message(&self, lang: Lang, field: &str) -> String {
        match self {
            Coverage::WholeDocument => tr(lang, "sign-cover-whole", &[]),
            Coverage::LaterSignaturesOnly => tr(lang, "sign-cover-signatures", &[]),
            Coverage::LaterSignaturesAndValidationData => {
                tr(lang, "sign-cover-validation-data", &[])
            }
            Coverage::ModifiedAfter { revision, change } => tr(
                lang,
                "sign-cover-modified-at",
                &[
                    ("revision", &revision.to_string()),
                    ("detail", &change.message(lang)),
                ],
            ),
            Coverage::Broken(d) => tr(lang, "sign-cover-broken", &[("detail", &d.message(lang))]),
            Coverage::Unsigned => tr(lang, "sign-cover-unsigned", &[("field", field)]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PdfSignature {
    /// The signature field's full name.
    pub field: String,
    pub check: SignatureCheck,
    pub coverage: Coverage,
    /// Byte offset where the signed revision ends (0 for an unsigned field).
    pub signed_bytes: usize,
    /// The baseline level reached (none when the signature is not good).
    pub level: Option<Level>,
    /// The CMS as it stands in `/Contents`, without its padding (empty when unsigned).
    #[serde(skip)]
    pub cms: Vec<u8>,
}

impl PdfSignature {
    /// The signature is mathematically valid and nothing but signatures followed it.
    pub fn intact(&self) -> bool {
        matches!(self.check.status, Status::Valid | Status::NotVerifiable(_))
            && self.coverage.clean()
    }
}

fn unchecked(detail: &str) -> SignatureCheck {
    SignatureCheck::unchecked(detail)
}

/// A terminal signature field: its name and its value (`None` when unsigned).
struct Field {
    name: String,
    value: Option<Object>,
    widget: ObjectId,
    /// Another field of the same revision names the same signature dictionary.
    shared: bool,
}

const MAX_FIELD_DEPTH: usize = 32;

fn text(obj: Option<&Object>) -> String {
    obj.and_then(|o| lopdf::decode_text_string(o).ok())
        .unwrap_or_default()
}

fn collect_fields(
    rev: &Revision,
    items: &[Object],
    parent: &str,
    inherited_ft: Option<&[u8]>,
    depth: usize,
    seen: &mut BTreeSet<ObjectId>,
    out: &mut Vec<Field>,
) -> Result<(), SignError> {
    if depth > MAX_FIELD_DEPTH {
        return Err(SignError::Pdf("form fields nested too deep".into()));
    }
    for item in items {
        let Object::Reference(id) = item else {
            return Err(SignError::Pdf("a form field that is not an object".into()));
        };
        if !seen.insert(*id) {
            return Err(SignError::Pdf("a form field listed twice".into()));
        }
        let dict: &Dictionary = rev
            .dict(*id)
            .ok_or_else(|| SignError::Pdf(format!("form field {} unreadable", id.0)))?;
        let own = text(dict.get(b"T").ok());
        let name = match (parent.is_empty(), own.is_empty()) {
            (true, _) => own,
            (false, true) => parent.to_owned(),
            (false, false) => format!("{parent}.{own}"),
        };
        let ft = dict
            .get(b"FT")
            .and_then(Object::as_name)
            .ok()
            .or(inherited_ft);
        let kids: Vec<Object> = match dict.get(b"Kids") {
            Ok(k) => rev
                .resolve(k)
                .and_then(|k| k.as_array().ok())
                .cloned()
                .ok_or_else(|| SignError::Pdf("bad /Kids".into()))?,
            Err(_) => Vec::new(),
        };
        // Kids with a name are fields; kids without are the field's widgets.
        let field_kids: Vec<Object> = kids
            .iter()
            .filter(|k| {
                k.as_reference()
                    .ok()
                    .and_then(|r| rev.dict(r))
                    .is_some_and(|d| d.get(b"T").is_ok())
            })
            .cloned()
            .collect();
        if !field_kids.is_empty() {
            collect_fields(rev, &field_kids, &name, ft, depth + 1, seen, out)?;
            continue;
        }
        if ft != Some(b"Sig".as_slice()) {
            continue;
        }
        let widget = match kids.as_slice() {
            [Object::Reference(w)] => *w,
            _ => *id,
        };
        let value = match dict.get(b"V") {
            Ok(Object::Null) | Err(_) => None,
            Ok(v) => Some(v.clone()),
        };
        out.push(Field {
            name,
            value,
            widget,
            shared: false,
        });
    }
    Ok(())
}

fn signature_fields(rev: &Revision) -> Result<Vec<Field>, SignError> {
    let Some(catalog) = rev.root().and_then(|r| rev.dict(r)) else {
        return Err(SignError::Pdf("no document catalog".into()));
    };
    let Some(form) = catalog.get(b"AcroForm").ok() else {
        return Ok(Vec::new());
    };
    let form = rev
        .resolve(form)
        .and_then(|f| f.as_dict().ok())
        .ok_or_else(|| SignError::Pdf("bad /AcroForm".into()))?;
    let fields = match form.get(b"Fields") {
        Ok(f) => rev
            .resolve(f)
            .and_then(|f| f.as_array().ok())
            .cloned()
            .ok_or_else(|| SignError::Pdf("bad /Fields".into()))?,
        Err(_) => Vec::new(),
    };
    let mut out = Vec::new();
    collect_fields(rev, &fields, "", None, 0, &mut BTreeSet::new(), &mut out)?;
    Ok(out)
}

/// The signature fields of every revision: a signature whose field a later revision
/// dropped (a new catalog, a replaced form) is still examined, so the revision that
/// dropped it is reported instead of the file reading as never signed. Empty fields are
/// those of the last revision.
fn every_signature_field(file: &PdfFile<'_>) -> Result<Vec<Field>, SignError> {
    let mut fields = Vec::new();
    let mut known = BTreeSet::new();
    let count = file.revisions.len();
    for (i, rev) in file.revisions.iter().enumerate() {
        let last = i + 1 == count;
        let mut in_revision = BTreeSet::new();
        for mut field in signature_fields(rev)? {
            match &field.value {
                Some(Object::Reference(id)) => {
                    let id = *id;
                    if !in_revision.insert(id) {
                        field.shared = true;
                        fields.push(field);
                    } else if known.insert(id) {
                        fields.push(field);
                    }
                }
                _ if last => fields.push(field),
                _ => {}
            }
        }
    }
    Ok(fields)
}

fn byte_range(sig: &Dictionary, len: usize) -> Result<[usize; 4], Defect> {
    let items = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| Defect::ByteRange)?;
    let nums: Vec<usize> = items
        .iter()
        .map(|i| match i {
            Object::Integer(n) => usize::try_from(*n).ok(),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or(Defect::ByteRange)?;
    let [a, b, c, d]: [usize; 4] = nums.try_into().map_err(|_| Defect::ByteRange)?;
    let end = c.checked_add(d).ok_or(Defect::ByteRange)?;
    if a != 0 || b == 0 || b >= c || end > len {
        return Err(Defect::ByteRange);
    }
    Ok([a, b, c, d])
}

/// The DER length of the CMS at the start of `contents` (a SEQUENCE).
fn der_length(contents: &[u8]) -> Option<usize> {
    if contents.first() != Some(&0x30) {
        return None;
    }
    let first = *contents.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let len = contents
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    2usize.checked_add(n)?.checked_add(len)
}

/// Checks that the hole `b..c` is exactly the hex string of `/Contents` of the signature
/// dictionary written at `offset`, and returns the CMS without its zero padding.
fn hole_contents(
    bytes: &[u8],
    offset: usize,
    sig: &Dictionary,
    b: usize,
    c: usize,
) -> Result<Vec<u8>, Defect> {
    let contents = match sig.get(b"Contents") {
        Ok(Object::String(s, _)) if !s.is_empty() => s,
        _ => return Err(Defect::NoContents),
    };
    let end = bytes[offset..]
        .windows(6)
        .position(|w| w == b"endobj")
        .map(|p| offset + p)
        .ok_or(Defect::HoleNotContents)?;
    // The hole starts right after the key `/Contents` of this object and ends at the
    // string's closing bracket.
    let key = b"/Contents";
    let before = bytes[offset..b]
        .iter()
        .rposition(|x| !x.is_ascii_whitespace())
        .map(|p| offset + p + 1);
    let keyed = before.is_some_and(|p| p >= offset + key.len() && &bytes[p - key.len()..p] == key);
    if !keyed || c > end || bytes[b] != b'<' || bytes[c - 1] != b'>' {
        return Err(Defect::HoleNotContents);
    }
    let hex_text: Vec<u8> = bytes[b + 1..c - 1]
        .iter()
        .copied()
        .filter(|x| !x.is_ascii_whitespace())
        .collect();
    let decoded = hex::decode(&hex_text).map_err(|_| Defect::HoleNotContents)?;
    if &decoded != contents {
        return Err(Defect::HoleNotContents);
    }
    let len = der_length(&decoded).ok_or(Defect::NoContents)?;
    if len > decoded.len() || decoded[len..].iter().any(|x| *x != 0) {
        return Err(Defect::NotPadding);
    }
    Ok(decoded[..len].to_vec())
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Covers {
    /// The revision (index) it covers to its end.
    Revision(usize),
    Defect(Defect),
    Unsigned,
}

/// One signature as found through its field, before the revisions after it are judged.
struct Found {
    field: String,
    widget: ObjectId,
    signature: Option<ObjectId>,
    check: SignatureCheck,
    covers: Covers,
    signed_bytes: usize,
    cms: Vec<u8>,
}

fn examine(file: &PdfFile<'_>, field: Field, ctx: &Context<'_>) -> Found {
    let broken = |field: Field, signature, d: Defect| Found {
        field: field.name,
        widget: field.widget,
        signature,
        check: unchecked("structure"),
        covers: Covers::Defect(d),
        signed_bytes: 0,
        cms: Vec::new(),
    };
    let id = match &field.value {
        None => {
            return Found {
                field: field.name,
                widget: field.widget,
                signature: None,
                check: unchecked("unsigned"),
                covers: Covers::Unsigned,
                signed_bytes: 0,
                cms: Vec::new(),
            };
        }
        Some(Object::Reference(id)) => *id,
        Some(_) => return broken(field, None, Defect::NotIndirect),
    };
    if field.shared {
        return broken(field, Some(id), Defect::SharedSignature);
    }
    let Some((defined, offset)) = file.defined_in(id) else {
        return broken(field, Some(id), Defect::NotIndirect);
    };
    let Some(sig) = file.revisions[defined].dict(id) else {
        return broken(field, Some(id), Defect::Unreadable);
    };
    let [_, b, c, d] = match byte_range(sig, file.bytes.len()) {
        Ok(r) => r,
        Err(e) => return broken(field, Some(id), e),
    };
    let end = c + d;
    let rev = &file.revisions[defined];
    // Signed to the end of the revision that adds it: neither less (an unsigned tail
    // inside it) nor more (wrapping).
    if !(end == rev.eof || end == rev.end) || offset < rev.start || offset >= b {
        return broken(field, Some(id), Defect::NotItsRevision);
    }
    let cms = match hole_contents(file.bytes, offset, sig, b, c) {
        Ok(cms) => cms,
        Err(e) => return broken(field, Some(id), e),
    };
    let mut content = Vec::with_capacity(b + d);
    content.extend_from_slice(&file.bytes[..b]);
    content.extend_from_slice(&file.bytes[c..end]);
    let check = verify_detached_in(&cms, &content, ctx)
        .into_iter()
        .next()
        .unwrap_or_else(|| unchecked("no SignerInfo"));
    Found {
        field: field.name,
        widget: field.widget,
        signature: Some(id),
        check,
        covers: Covers::Revision(defined),
        signed_bytes: end,
        cms,
    }
}

/// Every signature field of the file, signed ones in the order they were added and
/// unsigned ones after them; an `Err` when the file cannot be read as one PDF.
pub fn verify_pdf(
    bytes: &[u8],
    trust: Option<&TrustStore>,
) -> Result<Vec<PdfSignature>, SignError> {
    verify_pdf_in(bytes, &Context::new(trust))
}

/// [`verify_pdf`] in `ctx` (its `now` and trust store).
pub fn verify_pdf_in(bytes: &[u8], ctx: &Context<'_>) -> Result<Vec<PdfSignature>, SignError> {
    let file = PdfFile::read(bytes)?;
    // Long-term validation data the document carries (its last revision's DSS) joins
    // what each signature carries; the trust anchors stay the store's alone.
    let dss = file
        .revisions
        .last()
        .map(super::dss::read)
        .unwrap_or_default();
    let has_dss = !dss.certificates.is_empty() || !dss.crls.is_empty();
    let ctx = &Context {
        extra: Extra {
            certificates: &dss.certificates,
            crls: &dss.crls,
        },
        ..*ctx
    };
    let mut found: Vec<Found> = every_signature_field(&file)?
        .into_iter()
        .map(|f| examine(&file, f, ctx))
        .collect();
    found.sort_by_key(|f| (f.signature.is_none(), f.signed_bytes));

    // The revisions up to the first signature's are what was signed: an object there that
    // does not read as its cross-reference says is a parser error, not a change.
    let first_signed = found
        .iter()
        .filter_map(|f| f.signature.and_then(|id| file.defined_in(id)))
        .map(|(r, _)| r)
        .min()
        .unwrap_or(file.revisions.len() - 1);
    for (i, rev) in file.revisions.iter().enumerate().take(first_signed + 1) {
        if let Some(defect) = check_entries(bytes, rev) {
            return Err(SignError::Pdf(format!("revision {}: {defect}", i + 1)));
        }
    }

    // Each revision after the first is judged once, with the signature it adds; one that
    // adds no signature may only be validation data. `Ok(true)`: a DSS revision.
    let verdicts: Vec<Result<bool, Change>> = (1..file.revisions.len())
        .map(|j| {
            let adds: Vec<(usize, &Found)> = found
                .iter()
                .enumerate()
                .filter(|(_, f)| f.covers == Covers::Revision(j))
                .collect();
            if adds.is_empty()
                && judge_validation_data(&file.revisions[j - 1], &file.revisions[j], bytes).is_ok()
            {
                return Ok(true);
            }
            let added = match adds.as_slice() {
                [(_, f)] => f.signature.map(|signature| Added {
                    widget: f.widget,
                    signature,
                }),
                _ => None,
            };
            judge(&file.revisions[j - 1], &file.revisions[j], bytes, added)?;
            match adds.as_slice() {
                // A GOST co-signature (NCALayer) cannot be checked here; the shape check
                // above already proved its revision adds nothing but a signature.
                [(_, f)] if matches!(f.check.status, Status::Valid | Status::NotVerifiable(_)) => {
                    Ok(false)
                }
                [(i, _)] => Err(Change::InvalidSignature { signature: i + 1 }),
                _ => Err(Change::NotCoveredBySignature),
            }
        })
        .collect();

    Ok(found
        .into_iter()
        .map(|f| {
            let coverage = match &f.covers {
                Covers::Unsigned => Coverage::Unsigned,
                Covers::Defect(d) => Coverage::Broken(d.clone()),
                Covers::Revision(r) => verdicts
                    .iter()
                    .enumerate()
                    .skip(*r)
                    .find_map(|(j, v)| {
                        v.clone().err().map(|change| Coverage::ModifiedAfter {
                            revision: j + 2,
                            change,
                        })
                    })
                    .unwrap_or(if *r + 1 == file.revisions.len() {
                        Coverage::WholeDocument
                    } else if verdicts.iter().skip(*r).any(|v| v == &Ok(true)) {
                        Coverage::LaterSignaturesAndValidationData
                    } else {
                        Coverage::LaterSignaturesOnly
                    }),
            };
            // B-LT: every list that cleared the path came with the document, and the
            // document holds the signer's certificate.
            let validation_data = has_dss
                && f.check.revocation == (Revocation::Checked { in_document: true })
                && crate::cms::signer_certificate(&f.cms)
                    .is_some_and(|c| dss.certificates.contains(&c));
            let level = if coverage.clean() {
                Level::reached(&f.check, validation_data)
            } else {
                None
            };
            PdfSignature {
                field: f.field,
                check: f.check,
                coverage,
                signed_bytes: f.signed_bytes,
                level,
                cms: f.cms,
            }
        })
        .collect())
}
