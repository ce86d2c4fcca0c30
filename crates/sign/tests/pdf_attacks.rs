#![allow(clippy::unwrap_used)]
//! The published attacks on PDF signatures, each built byte by byte in the test from a
//! file the product signed: Incremental Saving Attacks, Signature Wrapping and Universal
//! Signature Forgery (Mladenov et al., "1 Trillion Dollar Refund", 2019) and the shadow
//! attacks hide, replace and hide-and-replace (Mainka et al., 2021). Every manipulated
//! file must be refused with the right reason, an honest co-signer must refuse to sign
//! it, and our verdict is compared with pdfsig's and pyHanko's; where they differ the
//! test says who is right and why.

use chrono::Utc;
use desk_docs::model::{Column, Document, Orientation, SignatureBlock, Table};
use desk_sign::cms::Status;
use desk_sign::pdf::{Change, Coverage, Defect, PdfSignature, Stamp, sign_pdf, verify_pdf};
use desk_sign::{P12Signer, SignError};
use desk_testkit::checkers::pyhanko_validate;
use desk_testkit::pki::{Ca, Key, PASSWORD};
use lopdf::{Object, ObjectId};

fn protocol() -> Vec<u8> {
    let doc = Document {
        lang: "ru".into(),
        orientation: Orientation::Portrait,
        title: vec!["Протокол заседания Комиссии".into()],
        subtitle: vec!["26.11.2026".into()],
        body: Vec::new(),
        table: Table {
            columns: vec![
                Column {
                    header: "Член".into(),
                    weight: 2.0,
                },
                Column {
                    header: "Голос".into(),
                    weight: 1.0,
                },
            ],
            rows: vec![vec!["Алиев Н.С.".into(), "За".into()]],
        },
        after_table: vec![],
        signatures: vec![SignatureBlock {
            role: "Председатель".into(),
            signature_label: "(подпись)".into(),
            name_label: "Ф.И.О.".into(),
            name: None,
        }],
        footnotes: vec![],
        page_footer: "Стр. {page} / {pages}".into(),
    };
    desk_docs::pdf::render(&doc).unwrap()
}

fn signer(ca: &Ca, name: &str, key: Key) -> P12Signer {
    let user = ca.signer(name, key);
    P12Signer::open(
        &std::fs::read(user.p12).unwrap(),
        PASSWORD,
        None,
        Utc::now(),
    )
    .unwrap()
}

fn stamp() -> Stamp {
    Stamp {
        pdf: desk_docs::pdf::render_stamp("ЭЦП", &["Алиев Н.С.".into()]).unwrap(),
    }
}

/// The protocol signed once by the product, with the test CA that issued the key.
fn signed() -> (Ca, Vec<u8>) {
    let ca = Ca::new();
    let chair = signer(&ca, "chair", Key::Rsa2048);
    let pdf = sign_pdf(&protocol(), &chair, Some(&stamp()), Utc::now()).unwrap();
    (ca, pdf)
}

// ---- reading the signed file, as an attacker with a hex editor would -------------------

struct Layout {
    root: ObjectId,
    page: ObjectId,
    content: ObjectId,
    signature: ObjectId,
    size: u32,
    prev: usize,
    doc: lopdf::Document,
}

fn layout(pdf: &[u8]) -> Layout {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = match doc.get_dictionary(page).unwrap().get(b"Contents").unwrap() {
        Object::Reference(r) => *r,
        Object::Array(a) => a[0].as_reference().unwrap(),
        other => panic!("{other:?}"),
    };
    let signature = doc
        .objects
        .iter()
        .rev()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Sig")))
        .map(|(id, _)| *id);
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap() as u32;
    let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).to_string();
    let prev = tail
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .next_back()
        .unwrap();
    Layout {
        root,
        page,
        content,
        signature: signature.unwrap_or((0, 0)),
        size: size.max(doc.max_id + 1),
        prev,
        doc,
    }
}

/// The object `id` as written in the file (its body between `obj` and `endobj`).
fn body(pdf: &[u8], id: ObjectId) -> String {
    let head = format!("\n{} {} obj", id.0, id.1);
    let text = String::from_utf8_lossy(pdf);
    let at = text.rfind(&head).unwrap() + head.len();
    let end = text[at..].find("endobj").unwrap() + at;
    text[at..end].trim().to_owned()
}

/// An incremental update: the objects (number, generation, body), the freed objects,
/// the trailer's `/Root` (the old one when `None`), written by hand.
fn append(
    pdf: &[u8],
    objects: &[(u32, u16, String)],
    freed: &[u32],
    root: Option<ObjectId>,
) -> Vec<u8> {
    let l = layout(pdf);
    let mut out = pdf.to_vec();
    let mut entries = Vec::new();
    for (id, g, b) in objects {
        entries.push((*id, format!("{:010} {g:05} n ", out.len())));
        out.extend_from_slice(format!("{id} {g} obj\n{b}\nendobj\n").as_bytes());
    }
    for id in freed {
        entries.push((*id, "0000000000 00001 f ".to_owned()));
    }
    entries.sort();
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    for (id, e) in &entries {
        out.extend_from_slice(format!("{id} 1\n{e}\n").as_bytes());
    }
    let size = entries
        .iter()
        .map(|(i, _)| i + 1)
        .max()
        .unwrap_or(0)
        .max(l.size);
    let root = root.unwrap_or(l.root);
    // The attacker keeps the document information, as any editor does.
    let info = match l.doc.trailer.get(b"Info") {
        Ok(Object::Reference((n, g))) => format!("/Info {n} {g} R"),
        _ => String::new(),
    };
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {size}/Root {} {} R{info}/Prev {}>>\nstartxref\n{xref}\n%%EOF\n",
            root.0, root.1, l.prev
        )
        .as_bytes(),
    );
    out
}

fn page_dict_with(pdf: &[u8], l: &Layout, key: &str, value: &str) -> String {
    let page = l.doc.get_dictionary(l.page).unwrap();
    let mut text = body(pdf, l.page);
    // Rewriting one entry of the page dictionary the way an editor would.
    if page.has(key.as_bytes()) {
        let at = text.find(&format!("/{key}")).unwrap();
        let rest = &text[at + key.len() + 1..];
        let end = rest
            .find(['/', '>'])
            .map(|p| {
                // An array value runs to its closing bracket.
                if rest.trim_start().starts_with('[') {
                    rest.find(']').unwrap() + 1
                } else {
                    p
                }
            })
            .unwrap();
        text.replace_range(at..at + key.len() + 1 + end, &format!("/{key} {value}"));
    } else {
        let close = text.rfind(">>").unwrap();
        text.insert_str(close, &format!("/{key} {value}"));
    }
    text
}

// ---- the verdicts ---------------------------------------------------------------------

/// What pdfsig and pyHanko say about the file at `path`.
struct Others {
    pdfsig: String,
    pyhanko_ok: bool,
    pyhanko: String,
}

fn others(ca: &Ca, name: &str, pdf: &[u8]) -> Others {
    let path = ca.path(name);
    std::fs::write(&path, pdf).unwrap();
    let dir = path.parent().unwrap();
    let pdfsig = desk_testkit::checkers::pdfsig(dir, &path);
    let out = pyhanko_validate(dir, &ca.path("ca.pem"), &path);
    Others {
        pdfsig,
        pyhanko_ok: out.status.success(),
        pyhanko: desk_testkit::desk::text(&out),
    }
}

fn first(pdf: &[u8]) -> PdfSignature {
    let checks = verify_pdf(pdf, None).unwrap();
    checks.into_iter().next().unwrap()
}

/// An honest co-signer refuses to sign the manipulated file.
fn co_signing_refused(ca: &Ca, pdf: &[u8]) {
    let member = signer(ca, "member", Key::P256);
    let r = sign_pdf(pdf, &member, None, Utc::now());
    assert!(
        matches!(
            r,
            Err(SignError::PdfChangedAfterSignature | SignError::Pdf(_))
        ),
        "co-signed a manipulated file: {:?}",
        r.map(|_| ())
    );
}

/// pdfsig checks only the CMS over the ByteRange and says whether the range reaches the
/// end of the file; it never judges what a later revision did. On every attack that keeps
/// the signed bytes it says "valid, not total document signed", which a reader takes for
/// valid: there we disagree with it, and we are right — the document shown is not the
/// one signed (Mladenov et al. 2019 found the same of most viewers).
fn pdfsig_valid_but_partial(o: &Others) {
    assert!(
        o.pdfsig.contains("Signature is Valid") && o.pdfsig.contains("Not total document signed"),
        "{}",
        o.pdfsig
    );
}

/// pyHanko's difference analysis refuses the file, as we do.
fn pyhanko_refuses(o: &Others) {
    assert!(
        !o.pyhanko_ok,
        "pyHanko accepted a manipulated file:\n{}",
        o.pyhanko
    );
}

fn pdfsig_valid(o: &Others) -> usize {
    o.pdfsig.matches("Signature is Valid").count()
}

fn report(name: &str, ours: &PdfSignature, o: &Others) {
    eprintln!(
        "== {name}\nours: {:?} / {:?}\npdfsig:\n{}\npyhanko ok={}:\n{}",
        ours.check.status, ours.coverage, o.pdfsig, o.pyhanko_ok, o.pyhanko
    );
}

// ---- Incremental Saving Attacks (Mladenov et al. 2019, §4) -----------------------------

#[test]
fn isa_a_revision_replacing_the_page_content_is_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let forged = "BT /F1 14 Tf 72 700 Td (Extension: 30 working days) Tj ET";
    let content = format!("<</Length {}>>\nstream\n{forged}\nendstream", forged.len());
    let attacked = append(&pdf, &[(l.content.0, l.content.1, content)], &[], None);
    let ours = first(&attacked);
    let o = others(&ca, "isa-content.pdf", &attacked);
    report("isa content", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(
        ours.check.status,
        Status::Valid,
        "the signed bytes are untouched"
    );
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::PageContentChanged {
                object: l.content.0
            }
        }
    );
    co_signing_refused(&ca, &attacked);
}

#[test]
fn isa_a_revision_adding_a_page_tree_is_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let (pages, page, content) = (l.size, l.size + 1, l.size + 2);
    let forged = "BT /F1 14 Tf 72 700 Td (Forged protocol) Tj ET";
    let catalog = body(&pdf, l.root).replacen(
        &format!("/Pages {} {} R", pages_of(&l).0, pages_of(&l).1),
        &format!("/Pages {pages} 0 R"),
        1,
    );
    assert!(
        catalog.contains(&format!("/Pages {pages} 0 R")),
        "{catalog}"
    );
    let attacked = append(
        &pdf,
        &[
            (l.root.0, l.root.1, catalog),
            (
                pages,
                0,
                format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>"),
            ),
            (
                page,
                0,
                format!(
                    "<</Type/Page/Parent {pages} 0 R/MediaBox[0 0 595 842]/Contents {content} 0 R>>"
                ),
            ),
            (
                content,
                0,
                format!("<</Length {}>>\nstream\n{forged}\nendstream", forged.len()),
            ),
        ],
        &[],
        None,
    );
    let ours = first(&attacked);
    let o = others(&ca, "isa-pages.pdf", &attacked);
    report("isa page tree", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::PageTreeChanged { object: pages }
        }
    );
    co_signing_refused(&ca, &attacked);
}

fn pages_of(l: &Layout) -> ObjectId {
    l.doc
        .get_dictionary(l.root)
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap()
}

#[test]
fn isa_a_revision_with_a_new_root_is_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let (root, pages, page) = (l.size, l.size + 1, l.size + 2);
    let attacked = append(
        &pdf,
        &[
            (root, 0, format!("<</Type/Catalog/Pages {pages} 0 R>>")),
            (
                pages,
                0,
                format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>"),
            ),
            (
                page,
                0,
                format!(
                    "<</Type/Page/Parent {pages} 0 R/MediaBox[0 0 595 842]/Contents {} {} R>>",
                    l.content.0, l.content.1
                ),
            ),
        ],
        &[],
        Some((root, 0)),
    );
    // The new catalog has no form, yet the signature is found through the form of the
    // revision it signed, and the revision that replaced the catalog is named.
    let ours = first(&attacked);
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::RootChanged
        }
    );
    // pdfsig and pyHanko read only the last revision's form, find no signature and say so
    // (pyHanko exits 0: nothing to refuse). An honest co-signer using either would sign
    // the forgery; we are right to name the replaced catalog instead.
    let o = others(&ca, "isa-root.pdf", &attacked);
    assert!(
        o.pdfsig.contains("does not contain any signatures"),
        "{}",
        o.pdfsig
    );
    assert!(
        o.pyhanko_ok && !o.pyhanko.contains("Signer info"),
        "{}",
        o.pyhanko
    );
    co_signing_refused(&ca, &attacked);
}

#[test]
fn isa_freed_objects_and_new_generations_are_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let freed = append(&pdf, &[], &[l.content.0], None);
    assert_eq!(
        first(&freed).coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::ObjectFreed {
                object: l.content.0
            }
        }
    );
    let text = body(&pdf, l.content);
    let regenerated = append(&pdf, &[(l.content.0, l.content.1 + 1, text)], &[], None);
    assert_eq!(
        first(&regenerated).coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::NewGeneration {
                object: l.content.0
            }
        }
    );
    for (name, file) in [
        ("isa-freed.pdf", &freed),
        ("isa-generation.pdf", &regenerated),
    ] {
        let o = others(&ca, name, file);
        pdfsig_valid_but_partial(&o);
        pyhanko_refuses(&o);
    }
    co_signing_refused(&ca, &freed);
    co_signing_refused(&ca, &regenerated);
}

#[test]
fn a_revision_changing_only_the_document_title_is_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let info = l.doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let title = "<FEFF0054>"; // "T": the title the window shows is not the one signed
    let mut text = body(&pdf, info);
    let at = text.find("/Title").unwrap() + "/Title".len();
    let end = at + text[at..].find('/').unwrap();
    text.replace_range(at..end, title);
    let attacked = append(&pdf, &[(info.0, info.1, text)], &[], None);
    let ours = first(&attacked);
    let o = others(&ca, "isa-title.pdf", &attacked);
    report("isa title", &ours, &o);
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::ObjectChanged { object: info.0 }
        }
    );
    pdfsig_valid_but_partial(&o);
    // pyHanko's metadata rule accepts any change to the document information
    // dictionary. We disagree and are stricter on purpose: the title is what a viewer's
    // window and a file list show, and a signed protocol's title is part of what was
    // signed; only a signer's own ModDate/Producer may change, and only in a revision
    // that adds a signature.
    assert!(
        o.pyhanko_ok,
        "pyHanko refused a metadata change:\n{}",
        o.pyhanko
    );
    co_signing_refused(&ca, &attacked);
}

#[test]
fn objects_appended_without_a_cross_reference_section_are_refused() {
    // Lenient viewers rebuild a broken file by scanning for objects and show the last
    // definition; a reader that stops at the last %%EOF shows the signed one. Bytes
    // after the last %%EOF are refused, so no two readings of one file exist.
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let forged = "BT /F1 14 Tf 72 700 Td (Forged) Tj ET";
    let mut attacked = pdf.clone();
    attacked.extend_from_slice(
        format!(
            "{} {} obj\n<</Length {}>>\nstream\n{forged}\nendstream\nendobj\n",
            l.content.0,
            l.content.1,
            forged.len()
        )
        .as_bytes(),
    );
    assert!(matches!(
        verify_pdf(&attacked, None),
        Err(SignError::Pdf(_))
    ));
    let o = others(&ca, "appended.pdf", &attacked);
    // pdfsig and pyHanko read the last startxref, ignore the tail and call the signature
    // valid (pyHanko: "does not cover the entire file", VALID); poppler shows the signed
    // page. They are right about their own reading, but Mladenov et al. (2019) found
    // viewers that take objects appended without a cross-reference section: a file with
    // two readings is refused here (issue 14: the last startxref and the end of the file
    // agree or the file is refused). We are the stricter, not the only right, verdict.
    let shown = desk_testkit::checkers::pdftotext(&ca.path("appended.pdf"));
    assert!(!shown.contains("Forged"), "{shown}");
    pdfsig_valid_but_partial(&o);
    assert!(o.pyhanko_ok, "{}", o.pyhanko);
    co_signing_refused(&ca, &attacked);
}

// ---- Signature Wrapping (Mladenov et al. 2019, §5) --------------------------------------

/// Where the hole of the (only) signature is, and the CMS in it without its padding.
fn hole(pdf: &[u8]) -> (usize, usize, Vec<u8>) {
    let l = layout(pdf);
    let sig = l.doc.get_dictionary(l.signature).unwrap();
    let range: Vec<usize> = sig
        .get(b"ByteRange")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_i64().unwrap() as usize)
        .collect();
    let contents = sig.get(b"Contents").unwrap().as_str().unwrap();
    // A DER SEQUENCE with a two-byte length: what our CMS always is.
    assert_eq!(&contents[..2], &[0x30, 0x82]);
    let len = 4 + ((contents[2] as usize) << 8 | contents[3] as usize);
    (range[1], range[2], contents[..len].to_vec())
}

#[test]
fn swa_objects_hidden_in_the_hole_after_contents_break_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let (b, c, cms) = hole(&pdf);
    // The padding after the CMS becomes a string holding a forged content stream; an
    // appended revision points the page's content at it. The signed bytes are the same.
    let forged = "BT /F1 14 Tf 72 700 Td (Forged) Tj ET";
    let object = format!(
        "{} {} obj <</Length {}>> stream\n{forged}\nendstream endobj",
        l.content.0,
        l.content.1,
        forged.len()
    );
    let head = format!("<{}>/Junk(", hex::encode_upper(&cms));
    let tail = ")/J<>";
    let mut filling = head.clone() + &object;
    let pad = (c - b) - filling.len() - tail.len();
    filling.push_str(&" ".repeat(pad));
    filling.push_str(tail);
    let mut wrapped = pdf.clone();
    wrapped[b..c].copy_from_slice(filling.as_bytes());
    let object_at = b + head.len();
    // The revision's xref entry for the content points into the hole.
    let mut attacked = wrapped.clone();
    let xref = attacked.len();
    let size = l.size;
    attacked.extend_from_slice(
        format!(
            "xref\n{} 1\n{object_at:010} {:05} n \ntrailer\n<</Size {size}/Root {} {} R/Prev {}>>\nstartxref\n{xref}\n%%EOF\n",
            l.content.0, l.content.1, l.root.0, l.root.1, l.prev
        )
        .as_bytes(),
    );
    let ours = first(&attacked);
    let o = others(&ca, "swa-hole.pdf", &attacked);
    report("swa hole", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(ours.coverage, Coverage::Broken(Defect::HoleNotContents));
    co_signing_refused(&ca, &attacked);
    // The hole alone, without the revision, is already refused.
    assert_eq!(
        first(&wrapped).coverage,
        Coverage::Broken(Defect::HoleNotContents)
    );
}

#[test]
fn swa_a_signature_dictionary_copied_into_a_later_revision_does_not_cover_it() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    // The signature dictionary, byte for byte, rewritten in a new revision with a
    // forged page: its ByteRange points back at the bytes of the first revision.
    let sig = body(&pdf, l.signature);
    let forged = "BT /F1 14 Tf 72 700 Td (Forged) Tj ET";
    let attacked = append(
        &pdf,
        &[
            (
                l.content.0,
                l.content.1,
                format!("<</Length {}>>\nstream\n{forged}\nendstream", forged.len()),
            ),
            (l.signature.0, l.signature.1, sig),
        ],
        &[],
        None,
    );
    let ours = first(&attacked);
    let o = others(&ca, "swa-moved.pdf", &attacked);
    report("swa moved", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(ours.coverage, Coverage::Broken(Defect::NotItsRevision));
    co_signing_refused(&ca, &attacked);
}

// ---- Universal Signature Forgery (Mladenov et al. 2019, §6) ----------------------------

fn replaced(pdf: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = pdf.windows(from.len()).rposition(|w| w == from).unwrap();
    let mut out = pdf.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn usf_empty_null_or_missing_values_never_verify() {
    let (ca, pdf) = signed();
    let (b, c, _) = hole(&pdf);
    let mut zeros = pdf.clone();
    zeros[b + 1..c - 1].fill(b'0');
    let mut null = pdf.clone();
    null[b..c].fill(b' ');
    null[b..b + 5].copy_from_slice(b" null");
    let text = String::from_utf8_lossy(&pdf).to_string();
    let at = text.rfind("/ByteRange[").unwrap();
    let range = &text[at..at + text[at..].find(']').unwrap() + 1];
    let no_range = replaced(
        &pdf,
        range.as_bytes(),
        format!("/ByteRangX{}", &range[10..]).as_bytes(),
    );
    let nothing = replaced(
        &pdf,
        range.as_bytes(),
        format!("/ByteRange[0 {:0w$} {:0w$} {:0w$}]", 0, 0, 0, w = 10).as_bytes(),
    );
    for (name, file, defect) in [
        ("usf-zeros.pdf", &zeros, Defect::NoContents),
        ("usf-null.pdf", &null, Defect::NoContents),
        ("usf-no-range.pdf", &no_range, Defect::ByteRange),
        ("usf-range-nothing.pdf", &nothing, Defect::ByteRange),
    ] {
        let ours = first(file);
        let o = others(&ca, name, file);
        report(name, &ours, &o);
        assert_eq!(ours.coverage, Coverage::Broken(defect), "{name}");
        assert!(!ours.intact());
        // Neither tool calls these valid: pdfsig fails to parse the CMS or finds the
        // digest changed, pyHanko refuses the file; we agree.
        assert!(
            !o.pdfsig.contains("Signature is Valid"),
            "{name}: {}",
            o.pdfsig
        );
        pyhanko_refuses(&o);
        co_signing_refused(&ca, file);
    }
}

// ---- Shadow attacks (Mainka et al. 2021) -----------------------------------------------

fn page_annots(l: &Layout) -> Vec<String> {
    l.doc
        .get_dictionary(l.page)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (n, g) = r.as_reference().unwrap();
            format!("{n} {g} R")
        })
        .collect()
}

#[test]
fn shadow_hide_an_overlay_annotation_appended_is_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let overlay = l.size;
    let mut annots = page_annots(&l);
    annots.push(format!("{overlay} 0 R"));
    let page = page_dict_with(&pdf, &l, "Annots", &format!("[{}]", annots.join(" ")));
    let attacked = append(
        &pdf,
        &[
            (l.page.0, l.page.1, page),
            (
                overlay,
                0,
                "<</Type/Annot/Subtype/Square/Rect[40 500 560 800]/IC[1 1 1]/C[1 1 1]/F 4>>".into(),
            ),
        ],
        &[],
        None,
    );
    let ours = first(&attacked);
    let o = others(&ca, "shadow-hide.pdf", &attacked);
    report("shadow hide", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::AnnotationsChanged { object: l.page.0 }
        }
    );
    co_signing_refused(&ca, &attacked);
}

#[test]
fn shadow_replace_an_object_redefined_later_is_modified_after_signature_1() {
    let (ca, pdf) = signed();
    let l = layout(&pdf);
    let page = l.doc.get_dictionary(l.page).unwrap();
    let resources = match page.get(b"Resources").unwrap() {
        Object::Reference(r) => l.doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("{other:?}"),
    };
    let fonts = match resources.get(b"Font").unwrap() {
        Object::Reference(r) => l.doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("{other:?}"),
    };
    let font = fonts.iter().next().unwrap().1.as_reference().unwrap();
    // The font is swapped for one whose glyphs draw other words (Mainka's "replace").
    let text = body(&pdf, font).replacen("/BaseFont/", "/BaseFont/Forged", 1);
    let text = if text.contains("/BaseFont/Forged") {
        text
    } else {
        body(&pdf, font).replacen("/BaseFont /", "/BaseFont /Forged", 1)
    };
    let attacked = append(&pdf, &[(font.0, font.1, text)], &[], None);
    let ours = first(&attacked);
    let o = others(&ca, "shadow-replace.pdf", &attacked);
    report("shadow replace", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 3,
            change: Change::ObjectChanged { object: font.0 }
        }
    );
    co_signing_refused(&ca, &attacked);
}

#[test]
fn shadow_hide_and_replace_hidden_content_shown_later_is_modified_after_signature_1() {
    let ca = Ca::new();
    let original = protocol();
    let l = layout(&original);
    // The attacker prepares the document before it is signed: an unused content stream.
    let hidden = l.size;
    let forged = "BT /F1 14 Tf 72 700 Td (Forged) Tj ET";
    let prepared = append(
        &original,
        &[(
            hidden,
            0,
            format!("<</Length {}>>\nstream\n{forged}\nendstream", forged.len()),
        )],
        &[],
        None,
    );
    let chair = signer(&ca, "chair", Key::Rsa2048);
    let pdf = sign_pdf(&prepared, &chair, None, Utc::now()).unwrap();
    assert_eq!(first(&pdf).coverage, Coverage::WholeDocument);
    // After signing, the page is pointed at the hidden stream.
    let l = layout(&pdf);
    let page = page_dict_with(&pdf, &l, "Contents", &format!("{hidden} 0 R"));
    let attacked = append(&pdf, &[(l.page.0, l.page.1, page)], &[], None);
    let ours = first(&attacked);
    let o = others(&ca, "shadow-hide-replace.pdf", &attacked);
    report("shadow hide-and-replace", &ours, &o);
    pdfsig_valid_but_partial(&o);
    pyhanko_refuses(&o);
    assert_eq!(
        ours.coverage,
        Coverage::ModifiedAfter {
            revision: 4,
            change: Change::PageContentChanged { object: l.page.0 }
        }
    );
    co_signing_refused(&ca, &attacked);
}

// ---- honest cases ----------------------------------------------------------------------

#[test]
fn an_empty_signature_field_is_reported_and_the_signature_beside_it_verifies() {
    let ca = Ca::new();
    let original = protocol();
    let l = layout(&original);
    let (field, form) = (l.size, l.size + 1);
    let catalog = {
        let text = body(&original, l.root);
        let close = text.rfind(">>").unwrap();
        let mut t = text.clone();
        t.insert_str(close, &format!("/AcroForm {form} 0 R"));
        t
    };
    let page = page_dict_with(&original, &l, "Annots", &format!("[{field} 0 R]"));
    let prepared = append(
        &original,
        &[
            (l.root.0, l.root.1, catalog),
            (l.page.0, l.page.1, page),
            (
                field,
                0,
                format!(
                    "<</Type/Annot/Subtype/Widget/FT/Sig/T(Member)/Rect[0 0 0 0]/F 132/P {} {} R>>",
                    l.page.0, l.page.1
                ),
            ),
            (form, 0, format!("<</Fields[{field} 0 R]>>")),
        ],
        &[],
        None,
    );
    let chair = signer(&ca, "chair", Key::Rsa2048);
    let pdf = sign_pdf(&prepared, &chair, Some(&stamp()), Utc::now()).unwrap();
    let checks = verify_pdf(&pdf, None).unwrap();
    assert_eq!(checks.len(), 2, "{checks:?}");
    assert_eq!(checks[0].check.status, Status::Valid);
    assert_eq!(checks[0].coverage, Coverage::WholeDocument);
    assert_eq!(checks[1].field, "Member");
    assert_eq!(checks[1].coverage, Coverage::Unsigned);
    let lines = checks[1]
        .coverage
        .message(desk_i18n::Lang::Ru, &checks[1].field);
    assert!(
        lines.contains("«Member»") && lines.contains("пустое"),
        "{lines}"
    );
    // pdfsig reports the empty field too; pyHanko validates the signature and ignores
    // the empty field (it only lists it with `--list`): no disagreement on the verdict.
    let o = others(&ca, "unsigned-field.pdf", &pdf);
    assert!(
        o.pdfsig.contains("The signature form field is not signed"),
        "{}",
        o.pdfsig
    );
    assert_eq!(pdfsig_valid(&o), 1, "{}", o.pdfsig);
    assert!(o.pyhanko_ok, "{}", o.pyhanko);
    // Another tool signs the prepared field itself (it gives the field its value): a
    // later signature only, for us and for pyHanko.
    std::fs::write(ca.path("pass.txt"), PASSWORD).unwrap();
    let member = ca.signer("pyhanko-member", Key::Rsa2048);
    let out = desk_testkit::tools::run(
        ca.dir.path(),
        "pyhanko",
        &[
            "sign",
            "addsig",
            "--field",
            "Member",
            "pkcs12",
            "--passfile",
            "pass.txt",
            "unsigned-field.pdf",
            "filled.pdf",
            member.p12.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", desk_testkit::desk::text(&out));
    let filled = std::fs::read(ca.path("filled.pdf")).unwrap();
    let checks = verify_pdf(&filled, None).unwrap();
    let coverage: Vec<&Coverage> = checks.iter().map(|c| &c.coverage).collect();
    assert_eq!(
        coverage,
        [&Coverage::LaterSignaturesOnly, &Coverage::WholeDocument],
        "{checks:?}"
    );
    assert!(checks.iter().all(|c| c.check.status == Status::Valid));
    let o = others(&ca, "filled-check.pdf", &filled);
    assert!(o.pyhanko_ok, "{}", o.pyhanko);
    // Filling the field with anything else than a signature is a change.
    let l = layout(&pdf);
    let field_id = l
        .doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"T").ok() == Some(&Object::string_literal("Member")))
        })
        .map(|(id, _)| *id)
        .unwrap();
    let renamed = body(&pdf, field_id).replacen("(Member)", "(Chair!)", 1);
    let attacked = append(&pdf, &[(field_id.0, field_id.1, renamed)], &[], None);
    assert!(matches!(
        first(&attacked).coverage,
        Coverage::ModifiedAfter {
            revision: 4,
            change: Change::ObjectChanged { .. }
        }
    ));

    // The empty field does not stop the next member from signing.
    let member = signer(&ca, "member", Key::P256);
    let both = sign_pdf(&pdf, &member, None, Utc::now()).unwrap();
    let checks = verify_pdf(&both, None).unwrap();
    assert_eq!(checks.len(), 3);
    assert!(checks[..2].iter().all(|c| c.intact()), "{checks:?}");
}

#[test]
fn the_commissions_three_signatures_verify_one_after_another() {
    let ca = Ca::new();
    let mut pdf = protocol();
    for (name, key) in [
        ("chair", Key::Rsa2048),
        ("member", Key::P256),
        ("secretary", Key::Rsa2048),
    ] {
        let s = signer(&ca, name, key);
        pdf = sign_pdf(&pdf, &s, Some(&stamp()), Utc::now()).unwrap();
    }
    let checks = verify_pdf(&pdf, None).unwrap();
    let coverage: Vec<&Coverage> = checks.iter().map(|c| &c.coverage).collect();
    assert_eq!(
        coverage,
        [
            &Coverage::LaterSignaturesOnly,
            &Coverage::LaterSignaturesOnly,
            &Coverage::WholeDocument
        ]
    );
    assert!(checks.iter().all(|c| c.check.status == Status::Valid));
    let o = others(&ca, "three.pdf", &pdf);
    assert_eq!(pdfsig_valid(&o), 3, "{}", o.pdfsig);
    assert!(o.pyhanko_ok, "{}", o.pyhanko);
    // A forged revision after the second signature is named for signatures 1 and 2, and
    // the third, which covers it, still only sees itself.
    let l = layout(&pdf);
    let text = body(&pdf, l.content);
    let regenerated = append(&pdf, &[(l.content.0, l.content.1 + 1, text)], &[], None);
    let checks = verify_pdf(&regenerated, None).unwrap();
    assert!(checks.iter().all(|c| matches!(
        c.coverage,
        Coverage::ModifiedAfter {
            revision: 5,
            change: Change::NewGeneration { .. }
        }
    )));
}

// ---- hostile input (item 6, in part) ---------------------------------------------------

#[test]
fn cut_or_damaged_files_are_refused_or_reported_never_a_panic_or_valid_and_whole() {
    let (_ca, pdf) = signed();
    let step = (pdf.len() / 200).max(1);
    for cut in (0..pdf.len()).step_by(step) {
        // A file cut short has no %%EOF at its end: refused as a whole.
        assert!(verify_pdf(&pdf[..cut], None).is_err(), "cut at {cut}");
    }
    for (i, at) in (0..pdf.len()).step_by(step).enumerate() {
        let mut damaged = pdf.clone();
        damaged[at] ^= [0x01, 0x20, 0x80, 0xff][i % 4];
        if let Ok(checks) = verify_pdf(&damaged, None) {
            // A byte changed inside the hole changes nothing signed; anywhere else the
            // signature must not stay valid.
            let (b, c, _) = hole(&pdf);
            if !(b..c).contains(&at) {
                assert!(
                    checks
                        .iter()
                        .all(|s| !s.intact() || s.coverage == Coverage::Unsigned),
                    "byte {at}: {checks:?}"
                );
            }
        }
    }
}

#[test]
fn deeply_nested_objects_do_not_overflow_the_stack() {
    let (_ca, pdf) = signed();
    let l = layout(&pdf);
    for depth in [1_000usize, 100_000] {
        let nested = "[".repeat(depth) + &"]".repeat(depth);
        let attacked = append(&pdf, &[(l.size, 0, nested)], &[], None);
        // Refused or reported: never a crash.
        if let Ok(checks) = verify_pdf(&attacked, None) {
            assert!(checks.iter().all(|c| !c.intact()), "{checks:?}");
        }
    }
}
