//! One reading of a PDF file: its revisions, each with its own cross-reference section,
//! trailer and the objects as they stand at its end.
//!
//! The revisions are found by following `startxref` and `/Prev` from the end of the file;
//! the last `startxref` must be the last thing in the file (only `%%EOF` and line ends
//! after it), or an appended revision could hide behind a stale one. Object syntax is
//! read by `lopdf`; the cross-reference tables, which must be read per revision (lopdf
//! merges them), are read here. Classic tables only: cross-reference and object streams
//! are refused rather than half-read.

use std::collections::BTreeMap;

use lopdf::{Document, LoadOptions, Object, ObjectId};

use crate::SignError;

/// A stream may not inflate beyond this while the file is read (decompression bombs).
pub const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;
/// A stream longer than this is kept, once read, as the SHA-256 of its bytes: revisions
/// compare objects for equality only, which the digest answers as the bytes would, and
/// every revision would otherwise hold its own copy of the file's large streams (issue 14
/// item 6: a 100 MB PDF took four times its size). The long-term validation data read
/// from streams (certificates, CRLs, OCSP replies) is far below it.
const DIGESTED_STREAM: usize = 16 << 20;
/// More revisions than this is not a document people signed one after another.
const MAX_REVISIONS: usize = 200;
/// Revisions × file size: each revision is read as a prefix of the file.
const MAX_READ_BYTES: usize = 4 << 30;

/// One cross-reference entry of one revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    InUse { offset: usize, generation: u16 },
    Free { generation: u16 },
}

/// One revision: the bytes `start..end` of the file (the first starts at 0; each ends
/// after its `%%EOF`), its own cross-reference entries, and the document as it stands
/// at its end.
#[derive(Debug)]
pub struct Revision {
    pub start: usize,
    /// Just after `%%EOF`.
    pub eof: usize,
    /// After `%%EOF` and its line end: where the next revision starts.
    pub end: usize,
    pub entries: BTreeMap<u32, Entry>,
    pub doc: Document,
}

impl Revision {
    pub fn root(&self) -> Option<ObjectId> {
        self.doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .ok()
    }

    pub fn object(&self, id: ObjectId) -> Option<&Object> {
        self.doc.objects.get(&id)
    }

    /// `obj`, or what it refers to.
    pub fn resolve<'a>(&'a self, obj: &'a Object) -> Option<&'a Object> {
        match obj {
            Object::Reference(id) => self.object(*id),
            other => Some(other),
        }
    }

    pub fn dict(&self, id: ObjectId) -> Option<&lopdf::Dictionary> {
        self.object(id).and_then(|o| o.as_dict().ok())
    }
}

/// The file read once: its revisions in the order they were written.
#[derive(Debug)]
pub struct PdfFile<'a> {
    pub bytes: &'a [u8],
    pub revisions: Vec<Revision>,
}

fn err(e: impl std::fmt::Display) -> SignError {
    SignError::Pdf(e.to_string())
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && is_ws(bytes[at]) {
        at += 1;
    }
    at
}

/// The unsigned integer at `at` (after white space) and where it ends.
fn number(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = skip_ws(bytes, at);
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() && end - start < 20 {
        end += 1;
    }
    let n = std::str::from_utf8(bytes.get(start..end)?)
        .ok()?
        .parse()
        .ok()?;
    Some((n, end))
}

fn keyword(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let at = skip_ws(bytes, at);
    bytes.get(at..at + word.len()).filter(|w| *w == word)?;
    Some(at + word.len())
}

/// After `%%EOF` at `at`: its line end, if any.
fn after_eol(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(b"\r\n") => at + 2,
        _ if matches!(bytes.get(at), Some(b'\n' | b'\r')) => at + 1,
        _ => at,
    }
}

/// The offset the last `startxref` gives; refuses a file where anything but `%%EOF` and
/// white space follows it.
fn last_startxref(bytes: &[u8]) -> Result<usize, SignError> {
    let tail_start = bytes.len().saturating_sub(1024);
    let at = bytes[tail_start..]
        .windows(9)
        .rposition(|w| w == b"startxref")
        .map(|p| tail_start + p)
        .ok_or_else(|| err("no startxref at the end of the file"))?;
    let (offset, end) = number(bytes, at + 9).ok_or_else(|| err("bad startxref"))?;
    let end = keyword(bytes, end, b"%%EOF").ok_or_else(|| err("no %%EOF after startxref"))?;
    if skip_ws(bytes, end) != bytes.len() {
        return Err(err("bytes after the last %%EOF"));
    }
    Ok(offset)
}

/// One classic cross-reference section at `at`: its entries, where its trailer
/// dictionary starts, and the trailer's `/Prev`.
struct Section {
    entries: BTreeMap<u32, Entry>,
    prev: Option<usize>,
    /// Just after `%%EOF`.
    eof: usize,
}

fn read_section(bytes: &[u8], at: usize) -> Result<Section, SignError> {
    let bad = |what: &str| err(format!("cross-reference section at {at}: {what}"));
    let mut pos = match keyword(bytes, at, b"xref") {
        Some(p) if skip_ws(bytes, at) == at => p,
        _ if bytes
            .get(at..)
            .is_some_and(|b| b.first().is_some_and(u8::is_ascii_digit)) =>
        {
            return Err(bad("cross-reference streams are not supported"));
        }
        _ => return Err(bad("no xref keyword")),
    };
    let mut entries = BTreeMap::new();
    loop {
        if let Some(p) = keyword(bytes, pos, b"trailer") {
            pos = p;
            break;
        }
        let (first, p) = number(bytes, pos).ok_or_else(|| bad("subsection header"))?;
        let (count, p) = number(bytes, p).ok_or_else(|| bad("subsection header"))?;
        pos = p;
        if count > bytes.len() / 18 {
            return Err(bad("more entries than the file holds"));
        }
        for i in 0..count {
            let (offset, p) = number(bytes, pos).ok_or_else(|| bad("entry"))?;
            let (generation, p) = number(bytes, p).ok_or_else(|| bad("entry"))?;
            let p = skip_ws(bytes, p);
            let kind = *bytes.get(p).ok_or_else(|| bad("entry"))?;
            pos = p + 1;
            let generation = u16::try_from(generation).map_err(|_| bad("generation"))?;
            let id = u32::try_from(first + i).map_err(|_| bad("object number"))?;
            let entry = match kind {
                b'n' => Entry::InUse { offset, generation },
                b'f' => Entry::Free { generation },
                _ => return Err(bad("entry type")),
            };
            if entries.insert(id, entry).is_some() {
                return Err(bad("an object listed twice"));
            }
        }
    }
    let dict_at = skip_ws(bytes, pos);
    if bytes.get(dict_at..dict_at + 2) != Some(b"<<") {
        return Err(bad("trailer is not a dictionary"));
    }
    let (close, prev_at, others) = scan_trailer(bytes, dict_at).ok_or_else(|| bad("trailer"))?;
    if others {
        return Err(bad("hybrid or encrypted file"));
    }
    let prev = match prev_at.as_slice() {
        [] => None,
        [i] => Some(number(bytes, *i).ok_or_else(|| bad("/Prev"))?.0),
        _ => return Err(bad("/Prev twice")),
    };
    let p = keyword(bytes, close + 2, b"startxref").ok_or_else(|| bad("no startxref"))?;
    let (pointed, p) = number(bytes, p).ok_or_else(|| bad("startxref"))?;
    if pointed != at {
        return Err(bad("startxref points elsewhere"));
    }
    let eof = keyword(bytes, p, b"%%EOF").ok_or_else(|| bad("no %%EOF"))?;
    Ok(Section { entries, prev, eof })
}

/// Walks the trailer dictionary starting at `at` (`<<`) token by token, so that a
/// `/Prev` inside a string or a nested dictionary is not taken for the trailer's own:
/// returns where the dictionary closes (the first `>` of `>>`), where the values of its
/// top-level `/Prev` keys start, and whether it names `/XRefStm` or `/Encrypt`.
fn scan_trailer(bytes: &[u8], at: usize) -> Option<(usize, Vec<usize>, bool)> {
    let mut depth = 0usize;
    let mut i = at;
    let mut prev = Vec::new();
    let mut others = false;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((i, prev, others));
                }
                i += 2;
            }
            b'<' => i += bytes[i..].iter().position(|b| *b == b'>')? + 1,
            b'(' => {
                let mut nest = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'%' => i += bytes[i..].iter().position(|b| matches!(b, b'\r' | b'\n'))?,
            b'/' => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|b| is_ws(*b) || b"/<>[]()%".contains(b))
                    .map_or(bytes.len(), |p| i + 1 + p);
                let name = &bytes[i + 1..end];
                if depth == 1 && name == b"Prev" {
                    prev.push(end);
                }
                if depth == 1 && (name == b"XRefStm" || name == b"Encrypt") {
                    others = true;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    None
}

/// `N G obj` at `offset`.
fn object_header_at(bytes: &[u8], offset: usize, id: u32, generation: u16) -> bool {
    let Some((n, p)) = number(bytes, offset) else {
        return false;
    };
    let Some((g, p)) = number(bytes, p) else {
        return false;
    };
    skip_ws(bytes, offset) == offset
        && n == id as usize
        && g == usize::from(generation)
        && keyword(bytes, p, b"obj").is_some()
}

/// What went wrong reading one revision, for the report of the signature before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionDefect {
    /// An entry points at bytes written before this revision began (or after it ended).
    OutsideRevision(u32),
    /// No `N G obj` at the entry's offset, or lopdf could not read it.
    Unreadable(u32),
}

impl std::fmt::Display for RevisionDefect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RevisionDefect::OutsideRevision(id) => {
                write!(f, "object {id} lies outside its revision")
            }
            RevisionDefect::Unreadable(id) => write!(f, "object {id} cannot be read"),
        }
    }
}

/// Checks that every in-use entry of `rev` points inside it at its own object and that
/// lopdf read that object.
pub fn check_entries(bytes: &[u8], rev: &Revision) -> Option<RevisionDefect> {
    for (&id, entry) in &rev.entries {
        let Entry::InUse { offset, generation } = *entry else {
            continue;
        };
        if offset < rev.start || offset >= rev.eof {
            return Some(RevisionDefect::OutsideRevision(id));
        }
        if !object_header_at(bytes, offset, id, generation)
            || !rev.doc.objects.contains_key(&(id, generation))
        {
            return Some(RevisionDefect::Unreadable(id));
        }
    }
    None
}

/// lopdf's load filter: a stream longer than [`DIGESTED_STREAM`] keeps its dictionary and,
/// instead of its bytes, a marker with their SHA-256.
fn digest_large_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
        && stream.content.len() > DIGESTED_STREAM
    {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(&stream.content);
        stream.content = format!("desk-sha256:{}", hex::encode(digest)).into_bytes();
    }
    // lopdf keeps the object changed in place for objects read from the file, and the
    // returned one for those of object streams (refused here); a large stream is small now.
    Some((id, object.clone()))
}

impl<'a> PdfFile<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<PdfFile<'a>, SignError> {
        if !bytes.starts_with(b"%PDF-") {
            return Err(err("not a PDF"));
        }
        let mut at = last_startxref(bytes)?;
        let mut sections = Vec::new();
        loop {
            if at >= bytes.len() {
                return Err(err("startxref beyond the end of the file"));
            }
            let section = read_section(bytes, at)?;
            let prev = section.prev;
            sections.push((at, section));
            // Each revision is read whole by lopdf: bound the work a small file can ask for.
            if sections.len() > MAX_REVISIONS
                || sections.len().saturating_mul(bytes.len()) > MAX_READ_BYTES
            {
                return Err(err("too many revisions"));
            }
            match prev {
                // Each earlier section lies before the later one, so the chain ends.
                Some(p) if p < at => at = p,
                Some(_) => return Err(err("/Prev does not point backwards")),
                None => break,
            }
        }
        sections.reverse();
        let mut revisions = Vec::with_capacity(sections.len());
        let mut start = 0;
        for (xref_at, section) in sections {
            if xref_at < start {
                return Err(err("revisions overlap"));
            }
            let end = after_eol(bytes, section.eof);
            let options = LoadOptions {
                strict: true,
                max_decompressed_size: Some(MAX_DECOMPRESSED),
                filter: Some(digest_large_stream),
                ..Default::default()
            };
            let doc = Document::load_mem_with_options(&bytes[..end], options).map_err(|e| {
                err(format!(
                    "revision {} cannot be read: {e}",
                    revisions.len() + 1
                ))
            })?;
            if doc.objects.values().any(|o| {
                o.as_stream()
                    .is_ok_and(|s| s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"))
            }) {
                return Err(err("object streams are not supported"));
            }
            revisions.push(Revision {
                start,
                eof: section.eof,
                end,
                entries: section.entries,
                doc,
            });
            start = end;
        }
        if revisions
            .last()
            .is_some_and(|r| skip_ws(bytes, r.end) != bytes.len())
        {
            return Err(err("bytes after the last revision"));
        }
        Ok(PdfFile { bytes, revisions })
    }

    /// The revision whose object `id` was last written, and its offset.
    pub fn defined_in(&self, id: ObjectId) -> Option<(usize, usize)> {
        let (i, entry) = self
            .revisions
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, r)| r.entries.get(&id.0).map(|e| (i, *e)))?;
        match entry {
            Entry::InUse { offset, generation } if generation == id.1 => Some((i, offset)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_large_stream_is_kept_as_its_digest_so_a_change_of_one_byte_still_shows() {
        let stream = |last: u8| {
            let mut bytes = vec![7u8; DIGESTED_STREAM + 1];
            bytes[DIGESTED_STREAM] = last;
            Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), bytes))
        };
        let digested = |mut o: Object| {
            digest_large_stream((5, 0), &mut o).unwrap();
            o
        };
        let (a, same, other) = (
            digested(stream(1)),
            digested(stream(1)),
            digested(stream(2)),
        );
        assert_eq!(a, same);
        assert_ne!(a, other, "a revision changing one byte of it must differ");
        assert!(a.as_stream().unwrap().content.len() < 100);
        // A small stream (a CRL, a page's content) is left as it is.
        let small = Object::Stream(lopdf::Stream::new(
            lopdf::Dictionary::new(),
            b"BT ET".to_vec(),
        ));
        assert_eq!(digested(small.clone()), small);
    }

    #[test]
    fn a_prev_inside_a_string_or_a_nested_dictionary_is_not_the_trailers() {
        let t = b"<</Size 9/ID[(/Prev 5)<ab>]/X<</Prev 7>>/Prev 3>>";
        let (close, prev, others) = scan_trailer(t, 0).unwrap();
        assert_eq!(&t[close..close + 2], b">>");
        assert_eq!(close + 2, t.len());
        assert_eq!(prev.len(), 1);
        assert_eq!(number(t, prev[0]).unwrap().0, 3);
        assert!(!others);
        let (_, _, others) = scan_trailer(b"<</Size 9/XRefStm 100>>", 0).unwrap();
        assert!(others);
        assert!(scan_trailer(b"<</Size 9", 0).is_none());
    }

    #[test]
    fn anything_but_white_space_after_the_last_eof_is_refused() {
        assert_eq!(
            last_startxref(b"%PDF-1.7\nstartxref\n42\n%%EOF\n").unwrap(),
            42
        );
        assert!(last_startxref(b"%PDF-1.7\nstartxref\n42\n%%EOF\n1 0 obj").is_err());
        assert!(last_startxref(b"%PDF-1.7\nstartxref\n42\n").is_err());
        assert!(last_startxref(b"%PDF-1.7\nstartxref\n%%EOF").is_err());
    }

    #[test]
    fn a_section_listing_an_object_twice_or_pointing_elsewhere_is_refused() {
        let twice = b"xref\n1 1\n0000000010 00000 n \n1 1\n0000000020 00000 n \ntrailer\n<</Size 2>>\nstartxref\n0\n%%EOF\n";
        assert!(read_section(twice, 0).is_err());
        let elsewhere =
            b"xref\n1 1\n0000000010 00000 n \ntrailer\n<</Size 2>>\nstartxref\n7\n%%EOF\n";
        assert!(read_section(elsewhere, 0).is_err());
        let good = b"xref\n0 2\n0000000000 65535 f \n0000000010 00000 n \ntrailer\n<</Size 2/Prev 5>>\nstartxref\n0\n%%EOF\n";
        let s = read_section(good, 0).unwrap();
        assert_eq!(s.prev, Some(5));
        assert_eq!(
            s.entries.get(&1),
            Some(&Entry::InUse {
                offset: 10,
                generation: 0
            })
        );
        assert_eq!(s.eof, good.len() - 1);
    }
}
