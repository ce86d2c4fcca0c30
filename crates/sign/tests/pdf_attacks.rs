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
    let o = others(&ca, "isa-root.pdf", &attacked);
    eprintln!(
        "== isa root\npdfsig:\n{}\npyhanko ok={}:\n{}",
        o.pdfsig, o.pyhanko_ok, o.pyhanko
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
    co_signing_refused(&ca, &freed);
    co_signing_refused(&ca, &regenerated);
}
