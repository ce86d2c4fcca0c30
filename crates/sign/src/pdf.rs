//! Signatures inside PDF files: the detached CMS of [`crate::cms`] in a signature
//! dictionary (`/SubFilter /ETSI.CAdES.detached`, `/ByteRange` around `/Contents`), added
//! as an incremental update so every earlier byte, and every earlier signature, stays as
//! it was. A visible stamp is the first page of a small PDF (made by `desk-docs`) imported
//! as the widget's appearance.
//!
//! `lopdf` reads the existing file; the update itself is written here, because its byte
//! offsets must be known to fill in `/ByteRange`.
//!
//! Verification (issue 14) is in the files beside this one: `reader` reads the file
//! once, revision by revision; `verify` finds the signatures through the form's fields
//! and checks each one's ByteRange and `/Contents`; `revisions` judges every revision
//! after a signature on its own; `findings` names what it found, translated; `dss`
//! reads and appends long-term validation data (a revision that adds only a DSS is
//! accepted, see `revisions::judge_validation_data`). Signing refuses a file whose
//! existing signatures do not verify that way.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::{SignError, Signer};

mod dss;
mod findings;
mod reader;
mod revisions;
mod verify;

pub use dss::{AddedData, ValidationData, add_validation_data};
pub use findings::{Change, Defect};
pub use reader::MAX_DECOMPRESSED;
pub use verify::{Coverage, PdfSignature, verify_pdf, verify_pdf_in};

pub use crate::cms::Level;

/// Room for the CMS: an RSA-4096 signature with a three-certificate chain fits.
const CONTENTS_BYTES: usize = 12 * 1024;
/// With a timestamp token: the TSA's certificates come too.
const CONTENTS_BYTES_TIMESTAMPED: usize = 24 * 1024;
const BYTE_RANGE_PLACEHOLDER: &str = "[0 0000000000 0000000000 0000000000]";

/// What a visible stamp looks like and where it goes.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// A one-page PDF whose page is the stamp (its MediaBox is the stamp's size).
    pub pdf: Vec<u8>,
}

fn pdf_err(e: impl std::fmt::Display) -> SignError {
    SignError::Pdf(e.to_string())
}

// ---- writing PDF objects -------------------------------------------------------------

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (0x21..=0x7e).contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

pub(crate) fn write_object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            // Shortest text that reads back as the same number: a rewritten page must
            // keep its MediaBox exactly, or validators see the page changed.
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => write_name(out, n),
        Object::String(s, _) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode(s).as_bytes());
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            write_dict(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

fn write_dict(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// A PDF text string: UTF-16BE with a byte-order mark, so Kazakh names survive.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

fn reference(id: u32) -> Object {
    Object::Reference((id, 0))
}

// ---- reading the existing file -------------------------------------------------------

pub(crate) fn last_startxref(bytes: &[u8]) -> Result<usize, SignError> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let at = tail
        .windows(9)
        .rposition(|w| w == b"startxref")
        .ok_or_else(|| pdf_err("no startxref"))?;
    let rest = String::from_utf8_lossy(&tail[at + 9..]);
    rest.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| pdf_err("bad startxref"))
}

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

/// Copies `obj` from `src` with every reference renumbered into `out` (new ids from
/// `next`), following references; `/Parent` links are not followed.
fn import(
    src: &Document,
    obj: &Object,
    map: &mut HashMap<ObjectId, u32>,
    next: &mut u32,
    out: &mut BTreeMap<u32, Object>,
) -> Object {
    match obj {
        Object::Reference(id) => {
            if let Some(new) = map.get(id) {
                return reference(*new);
            }
            let new = *next;
            *next += 1;
            map.insert(*id, new);
            let target = src.get_object(*id).cloned().unwrap_or(Object::Null);
            let copied = import(src, &target, map, next, out);
            out.insert(new, copied);
            reference(new)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|i| import(src, i, map, next, out))
                .collect(),
        ),
        Object::Dictionary(d) => Object::Dictionary(import_dict(src, d, map, next, out)),
        Object::Stream(s) => {
            let mut s = s.clone();
            s.dict = import_dict(src, &s.dict, map, next, out);
            Object::Stream(s)
        }
        other => other.clone(),
    }
}

fn import_dict(
    src: &Document,
    d: &Dictionary,
    map: &mut HashMap<ObjectId, u32>,
    next: &mut u32,
    out: &mut BTreeMap<u32, Object>,
) -> Dictionary {
    let mut copy = Dictionary::new();
    for (k, v) in d.iter() {
        if k.as_slice() != b"Parent" {
            copy.set(k.clone(), import(src, v, map, next, out));
        }
    }
    copy
}

/// The stamp's page as a form XObject in `out`; returns its id and size.
fn import_stamp(
    stamp: &[u8],
    next: &mut u32,
    out: &mut BTreeMap<u32, Object>,
) -> Result<(u32, f32, f32), SignError> {
    let src = Document::load_mem(stamp).map_err(pdf_err)?;
    let page_id = *src
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| pdf_err("empty stamp"))?;
    let page = src
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(pdf_err)?;
    let media = page
        .get(b"MediaBox")
        .ok()
        .map(|m| resolve(&src, m))
        .and_then(|m| m.as_array().ok())
        .map(|a| {
            a.iter()
                .map(|v| v.as_float().unwrap_or(0.0))
                .collect::<Vec<f32>>()
        })
        .unwrap_or_default();
    let (w, h) = match media.as_slice() {
        [x0, y0, x1, y1] => (x1 - x0, y1 - y0),
        _ => return Err(pdf_err("stamp without MediaBox")),
    };
    let content = src.get_page_content(page_id);
    let mut map = HashMap::new();
    let resources = page
        .get(b"Resources")
        .map(|r| import(&src, r, &mut map, next, out))
        .unwrap_or(Object::Dictionary(Dictionary::new()));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)]),
    );
    dict.set("Resources", resources);
    let id = *next;
    *next += 1;
    out.insert(id, Object::Stream(lopdf::Stream::new(dict, content)));
    Ok((id, w, h))
}

fn page_width(doc: &Document, page: &Dictionary) -> Option<f32> {
    let media = resolve(doc, page.get(b"MediaBox").ok()?).as_array().ok()?;
    match media.as_slice() {
        [x0, _, x1, _] => Some(x1.as_float().ok()? - x0.as_float().ok()?),
        _ => None,
    }
}

// ---- signing -------------------------------------------------------------------------

/// Adds a signature (and a visible stamp, if given) to `input` as an incremental update.
/// Refuses a file that was changed after one of its signatures.
pub fn sign_pdf(
    input: &[u8],
    signer: &dyn Signer,
    stamp: Option<&Stamp>,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    sign_pdf_timestamped(input, signer, stamp, at, None)
}

/// [`sign_pdf`], with a signature timestamp from the TSA at `tsa` (RFC 3161) when given:
/// PAdES B-T.
pub fn sign_pdf_timestamped(
    input: &[u8],
    signer: &dyn Signer,
    stamp: Option<&Stamp>,
    at: DateTime<Utc>,
    tsa: Option<&str>,
) -> Result<Vec<u8>, SignError> {
    let contents_bytes = if tsa.is_some() {
        CONTENTS_BYTES_TIMESTAMPED
    } else {
        CONTENTS_BYTES
    };
    // An honest co-signer must not vouch for a forgery: every existing signature must
    // verify and every revision after it must be a signature's (an empty field is only
    // reported; this update adds a field of its own).
    let existing = verify_pdf(input, None)?;
    if existing
        .iter()
        .any(|s| s.coverage != Coverage::Unsigned && !s.intact())
    {
        return Err(SignError::PdfChangedAfterSignature);
    }
    let doc = Document::load_mem(input).map_err(pdf_err)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(pdf_err("encrypted PDF"));
    }
    let prev = last_startxref(input)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let mut catalog = doc
        .get_object(root_id)
        .and_then(Object::as_dict)
        .map_err(pdf_err)?
        .clone();
    let page_id = *doc
        .get_pages()
        .values()
        .last()
        .ok_or_else(|| pdf_err("no pages"))?;
    let mut page = doc
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(pdf_err)?
        .clone();
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(i64::from(doc.max_id) + 1);
    let mut next = u32::try_from(size).map_err(pdf_err)?;
    let mut objects: BTreeMap<u32, Object> = BTreeMap::new();

    let index = existing
        .iter()
        .filter(|s| s.coverage != Coverage::Unsigned)
        .count();
    // A field name of its own: two fields of one name would be one field to a reader.
    let field_name = (index + 1..)
        .map(|n| format!("Signature{n}"))
        .find(|name| existing.iter().all(|s| &s.field != name))
        .unwrap_or_default();
    let sig_id = next;
    next += 1;
    let widget_id = next;
    next += 1;

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", text_string(&field_name));
    widget.set("V", reference(sig_id));
    // Print, locked.
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page_id));
    match stamp {
        Some(stamp) => {
            let (ap, w, h) = import_stamp(&stamp.pdf, &mut next, &mut objects)?;
            // Stamps of later signatures go to the right of earlier ones, then a row
            // up, at the bottom of the last page above its footer.
            let page_w = page_width(&doc, &page).unwrap_or(595.0);
            let per_row = (((page_w - 68.0 + 8.0) / (w + 8.0)).floor() as usize).max(1);
            let x = 34.0 + (index % per_row) as f32 * (w + 8.0);
            let y = 32.0 + (index / per_row) as f32 * (h + 6.0);
            widget.set(
                "Rect",
                Object::Array(vec![
                    Object::Real(x),
                    Object::Real(y),
                    Object::Real(x + w),
                    Object::Real(y + h),
                ]),
            );
            let mut ap_dict = Dictionary::new();
            ap_dict.set("N", reference(ap));
            widget.set("AP", Object::Dictionary(ap_dict));
        }
        None => {
            widget.set(
                "Rect",
                Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
            );
        }
    }
    objects.insert(widget_id, Object::Dictionary(widget));

    // The page lists the widget among its annotations.
    match page.get(b"Annots").ok().cloned() {
        Some(Object::Reference(arr_id)) => {
            let mut arr = doc
                .get_object(arr_id)
                .and_then(Object::as_array)
                .map_err(pdf_err)?
                .clone();
            arr.push(reference(widget_id));
            objects.insert(arr_id.0, Object::Array(arr));
        }
        Some(Object::Array(mut arr)) => {
            arr.push(reference(widget_id));
            page.set("Annots", Object::Array(arr));
            objects.insert(page_id.0, Object::Dictionary(page));
        }
        _ => {
            page.set("Annots", Object::Array(vec![reference(widget_id)]));
            objects.insert(page_id.0, Object::Dictionary(page));
        }
    }

    // The form lists the field; SigFlags 3: has signatures, append only.
    let add_field = |acro: &mut Dictionary, objects: &mut BTreeMap<u32, Object>| {
        match acro.get(b"Fields").ok().cloned() {
            Some(Object::Reference(fid)) => {
                let mut arr = doc
                    .get_object(fid)
                    .and_then(Object::as_array)
                    .cloned()
                    .unwrap_or_default();
                arr.push(reference(widget_id));
                objects.insert(fid.0, Object::Array(arr));
            }
            Some(Object::Array(mut arr)) => {
                arr.push(reference(widget_id));
                acro.set("Fields", Object::Array(arr));
            }
            _ => acro.set("Fields", Object::Array(vec![reference(widget_id)])),
        }
        acro.set("SigFlags", Object::Integer(3));
    };
    match catalog.get(b"AcroForm").ok().cloned() {
        Some(Object::Reference(acro_id)) => {
            let mut acro = doc
                .get_object(acro_id)
                .and_then(Object::as_dict)
                .map_err(pdf_err)?
                .clone();
            add_field(&mut acro, &mut objects);
            objects.insert(acro_id.0, Object::Dictionary(acro));
        }
        Some(Object::Dictionary(mut acro)) => {
            add_field(&mut acro, &mut objects);
            catalog.set("AcroForm", Object::Dictionary(acro));
            objects.insert(root_id.0, Object::Dictionary(catalog));
        }
        _ => {
            let mut acro = Dictionary::new();
            add_field(&mut acro, &mut objects);
            let acro_id = next;
            next += 1;
            objects.insert(acro_id, Object::Dictionary(acro));
            catalog.set("AcroForm", reference(acro_id));
            objects.insert(root_id.0, Object::Dictionary(catalog));
        }
    }

    // ---- the update, with the signature dictionary written by hand --------------------
    let mut out = input.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: BTreeMap<u32, usize> = BTreeMap::new();
    let name = signer.identity().map(|i| i.name);
    offsets.insert(sig_id, out.len());
    let _ = write!(
        out,
        "{sig_id} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange"
    );
    let byte_range_at = out.len();
    out.extend_from_slice(BYTE_RANGE_PLACEHOLDER.as_bytes());
    out.extend_from_slice(b"/Contents");
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', contents_bytes * 2));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b"/M");
    write_object(
        &mut out,
        &Object::String(
            at.format("D:%Y%m%d%H%M%S+00'00'").to_string().into_bytes(),
            lopdf::StringFormat::Literal,
        ),
    );
    if let Some(name) = &name {
        out.extend_from_slice(b"/Name");
        write_object(&mut out, &text_string(name));
    }
    out.extend_from_slice(b">>\nendobj\n");
    for (id, obj) in &objects {
        offsets.insert(*id, out.len());
        let _ = writeln!(out, "{id} 0 obj");
        write_object(&mut out, obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    finish_update(&mut out, &offsets, next, root_id, prev, &doc);

    // ---- byte range, digest, CMS --------------------------------------------------------
    let total = out.len();
    let range = format!(
        "[0 {:010} {:010} {:010}]",
        contents_start,
        contents_end,
        total - contents_end
    );
    if range.len() != BYTE_RANGE_PLACEHOLDER.len() {
        return Err(pdf_err("file too large"));
    }
    out[byte_range_at..byte_range_at + range.len()].copy_from_slice(range.as_bytes());
    let mut signed = Vec::with_capacity(total);
    signed.extend_from_slice(&out[..contents_start]);
    signed.extend_from_slice(&out[contents_end..]);
    let mut cms = signer.sign_detached(&signed, at)?;
    if let Some(url) = tsa {
        cms = crate::timestamp::timestamp_cms(&cms, url)?;
    }
    if cms.len() > contents_bytes {
        return Err(pdf_err(format!(
            "signature of {} bytes does not fit",
            cms.len()
        )));
    }
    let hex = hex::encode_upper(&cms);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// Ends an incremental update whose objects start at `offsets`: its cross-reference
/// section and a trailer that keeps the catalog, `/Info` and `/ID` of `doc`.
pub(crate) fn finish_update(
    out: &mut Vec<u8>,
    offsets: &BTreeMap<u32, usize>,
    next: u32,
    root_id: ObjectId,
    prev: usize,
    doc: &Document,
) {
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    let ids: Vec<u32> = offsets.keys().copied().collect();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        let _ = writeln!(out, "{} {}", ids[i], j - i + 1);
        for id in &ids[i..=j] {
            let _ = writeln!(out, "{:010} 00000 n ", offsets[id]);
        }
        i = j + 1;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(next)));
    trailer.set("Root", Object::Reference(root_id));
    trailer.set("Prev", Object::Integer(prev as i64));
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    out.extend_from_slice(b"trailer\n");
    write_dict(out, &trailer);
    let _ = write!(out, "\nstartxref\n{xref_at}\n%%EOF\n");
}

/// An object as this module writes it: two objects are the same when these are.
pub(crate) fn serialized(obj: &Object) -> Vec<u8> {
    let mut v = Vec::new();
    write_object(&mut v, obj);
    v
}
