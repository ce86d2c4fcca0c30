//! Judging one incremental update on its own: it is acceptable after a signature only
//! when it has the shape adding a signature gives it — one signature dictionary, its
//! field-and-widget, the widget's appearance, the page's `/Annots` with that one widget
//! appended, the form's `/Fields` with that one field appended (and `/SigFlags`) — and
//! the signature it adds covers it to its end (checked by the caller). The rules follow
//! pyHanko's difference analysis (`pyhanko.sign.diff_analysis`, the "form filling"
//! level), made stricter: nothing else may be added or rewritten, so Incremental Saving
//! Attacks (Mladenov et al. 2019) and the shadow attacks of Mainka et al. (2021), which
//! all need a revision that adds or redefines something else, are named here.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object, ObjectId};

use super::findings::Change;
use super::reader::{Entry, Revision, RevisionDefect, check_entries};
use super::serialized;

/// The signature a revision adds, as the form names it.
#[derive(Debug, Clone, Copy)]
pub struct Added {
    pub widget: ObjectId,
    pub signature: ObjectId,
}

fn same(a: Option<&Object>, b: Option<&Object>) -> bool {
    a.map(serialized) == b.map(serialized)
}

/// The array `obj` stands for (itself or what it refers to) in `rev`; none is empty.
fn list<'a>(rev: &'a Revision, obj: Option<&'a Object>) -> Option<Vec<Object>> {
    match obj {
        None => Some(Vec::new()),
        Some(o) => rev.resolve(o)?.as_array().ok().cloned(),
    }
}

/// `new` is `old` with exactly `widget` appended.
fn appends_one(old: &[Object], new: &[Object], widget: Option<ObjectId>) -> bool {
    let Some(widget) = widget else {
        return false;
    };
    new.len() == old.len() + 1
        && new[..old.len()]
            .iter()
            .map(serialized)
            .eq(old.iter().map(serialized))
        && new[old.len()] == Object::Reference(widget)
}

/// Every key of `old` and `new` other than `except` has the same value.
fn same_except(old: &Dictionary, new: &Dictionary, except: &[&[u8]]) -> bool {
    old.iter()
        .map(|(k, _)| k)
        .chain(new.iter().map(|(k, _)| k))
        .filter(|k| !except.contains(&k.as_slice()))
        .all(|k| same(old.get(k).ok(), new.get(k).ok()))
}

fn is_type(dict: &Dictionary, name: &[u8]) -> bool {
    dict.get(b"Type").and_then(Object::as_name).ok() == Some(name)
}

/// The form dictionary after the update is the one before with one field appended (and
/// the signature flags set).
fn form_appends_one(
    prev: &Revision,
    rev: &Revision,
    old: Option<&Dictionary>,
    new: &Dictionary,
    widget: Option<ObjectId>,
) -> bool {
    let empty = Dictionary::new();
    let old = old.unwrap_or(&empty);
    if !same_except(old, new, &[b"Fields", b"SigFlags"]) {
        return false;
    }
    if !matches!(new.get(b"SigFlags"), Ok(Object::Integer(1 | 3)) | Err(_)) {
        return false;
    }
    let (of, nf) = (old.get(b"Fields").ok(), new.get(b"Fields").ok());
    match (of, nf) {
        // The same array object: it is judged as an object of its own.
        (Some(Object::Reference(a)), Some(Object::Reference(b))) if a == b => true,
        _ => match (list(prev, of), list(rev, nf)) {
            (Some(o), Some(n)) => appends_one(&o, &n, widget),
            _ => false,
        },
    }
}

fn acroform<'a>(rev: &'a Revision, catalog: &'a Dictionary) -> Option<&'a Dictionary> {
    rev.resolve(catalog.get(b"AcroForm").ok()?)?.as_dict().ok()
}

/// What the old document used object `id` for, to name a change to it.
enum Role {
    Catalog,
    Info,
    Form,
    FormFields,
    Page,
    PageAnnots(u32),
    PageTree,
    PageContent,
    Other,
}

fn role(prev: &Revision, id: ObjectId) -> Role {
    let catalog = prev.root().and_then(|r| prev.dict(r));
    if prev.root() == Some(id) {
        return Role::Catalog;
    }
    if prev.doc.trailer.get(b"Info").ok() == Some(&Object::Reference(id)) {
        return Role::Info;
    }
    if let Some(catalog) = catalog
        && let Ok(Object::Reference(form)) = catalog.get(b"AcroForm")
    {
        if *form == id {
            return Role::Form;
        }
        if prev
            .dict(*form)
            .and_then(|f| f.get(b"Fields").ok())
            .is_some_and(|f| *f == Object::Reference(id))
        {
            return Role::FormFields;
        }
    }
    if let Some(dict) = prev.object(id).and_then(|o| o.as_dict().ok()) {
        if is_type(dict, b"Page") {
            return Role::Page;
        }
        if is_type(dict, b"Pages") {
            return Role::PageTree;
        }
    }
    for (page_id, obj) in &prev.doc.objects {
        let Ok(page) = obj.as_dict() else { continue };
        if !is_type(page, b"Page") {
            continue;
        }
        if page.get(b"Annots").ok() == Some(&Object::Reference(id)) {
            return Role::PageAnnots(page_id.0);
        }
        let contents = match page.get(b"Contents") {
            Ok(Object::Array(items)) => items.clone(),
            Ok(Object::Reference(r)) => match prev.object(*r) {
                Some(Object::Array(items)) => {
                    let mut v = items.clone();
                    v.push(Object::Reference(*r));
                    v
                }
                _ => vec![Object::Reference(*r)],
            },
            _ => Vec::new(),
        };
        if contents.contains(&Object::Reference(id)) {
            return Role::PageContent;
        }
    }
    Role::Other
}

/// Judges a redefined object `id` (same number and generation as before).
fn judge_redefined(
    prev: &Revision,
    rev: &Revision,
    id: ObjectId,
    widget: Option<ObjectId>,
) -> Result<(), Change> {
    let (Some(old), Some(new)) = (prev.object(id), rev.object(id)) else {
        return Err(Change::Unreadable { object: id.0 });
    };
    if serialized(old) == serialized(new) {
        return Ok(());
    }
    let (od, nd) = (old.as_dict().ok(), new.as_dict().ok());
    match role(prev, id) {
        Role::Catalog => {
            let (Some(od), Some(nd)) = (od, nd) else {
                return Err(Change::CatalogChanged);
            };
            if !same(od.get(b"Pages").ok(), nd.get(b"Pages").ok()) {
                let object = nd
                    .get(b"Pages")
                    .and_then(Object::as_reference)
                    .map_or(id.0, |r| r.0);
                return Err(Change::PageTreeChanged { object });
            }
            // A signer may raise the PDF version it wrote (pyHanko writes /Version /1.7).
            let may_change: &[&[u8]] = if widget.is_some() {
                &[b"AcroForm", b"Version"]
            } else {
                &[b"AcroForm"]
            };
            if !same_except(od, nd, may_change) {
                return Err(Change::CatalogChanged);
            }
            match (od.get(b"AcroForm").ok(), nd.get(b"AcroForm").ok()) {
                (Some(Object::Reference(a)), Some(Object::Reference(b))) if a == b => Ok(()),
                (old_form, Some(_)) => {
                    let old_form = old_form.and_then(|_| acroform(prev, od));
                    let new_form = acroform(rev, nd).ok_or(Change::FormChanged)?;
                    // A form created by this update must be new, not an old object reused.
                    if old_form.is_none()
                        && let Ok(Object::Reference(r)) = nd.get(b"AcroForm")
                        && prev.object(*r).is_some()
                    {
                        return Err(Change::FormChanged);
                    }
                    if form_appends_one(prev, rev, old_form, new_form, widget) {
                        Ok(())
                    } else {
                        Err(Change::FormChanged)
                    }
                }
                (_, None) => Err(Change::FormChanged),
            }
        }
        // A signer may record when and with what it wrote (pyHanko updates both); the
        // title, author and subject shown to a reader stay as signed. pyHanko's metadata
        // rule allows any change here; this is stricter.
        Role::Info => match (od, nd) {
            (Some(od), Some(nd))
                if widget.is_some() && same_except(od, nd, &[b"ModDate", b"Producer"]) =>
            {
                Ok(())
            }
            _ => Err(Change::ObjectChanged { object: id.0 }),
        },
        Role::Form => match (od, nd) {
            (Some(od), Some(nd)) if form_appends_one(prev, rev, Some(od), nd, widget) => Ok(()),
            _ => Err(Change::FormChanged),
        },
        Role::FormFields => match (old.as_array(), new.as_array()) {
            (Ok(o), Ok(n)) if appends_one(o, n, widget) => Ok(()),
            _ => Err(Change::FormChanged),
        },
        Role::Page => {
            let (Some(od), Some(nd)) = (od, nd) else {
                return Err(Change::PageChanged { object: id.0 });
            };
            if !same(od.get(b"Contents").ok(), nd.get(b"Contents").ok()) {
                return Err(Change::PageContentChanged { object: id.0 });
            }
            if !same_except(od, nd, &[b"Annots"]) {
                return Err(Change::PageChanged { object: id.0 });
            }
            let (oa, na) = (od.get(b"Annots").ok(), nd.get(b"Annots").ok());
            if let (Some(Object::Reference(a)), Some(Object::Reference(b))) = (oa, na)
                && a == b
            {
                return Ok(());
            }
            match (list(prev, oa), list(rev, na)) {
                (Some(o), Some(n)) if appends_one(&o, &n, widget) => Ok(()),
                _ => Err(Change::AnnotationsChanged { object: id.0 }),
            }
        }
        Role::PageAnnots(page) => match (old.as_array(), new.as_array()) {
            (Ok(o), Ok(n)) if appends_one(o, n, widget) => Ok(()),
            _ => Err(Change::AnnotationsChanged { object: page }),
        },
        Role::PageTree => Err(Change::PageTreeChanged { object: id.0 }),
        Role::PageContent => Err(Change::PageContentChanged { object: id.0 }),
        Role::Other => Err(Change::ObjectChanged { object: id.0 }),
    }
}

/// The new objects a signature may bring: the widget's appearance and what it uses.
fn appearance_objects(
    rev: &Revision,
    widget: ObjectId,
    new: &BTreeSet<ObjectId>,
) -> BTreeSet<ObjectId> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<Object> = rev
        .dict(widget)
        .and_then(|w| w.get(b"AP").ok())
        .cloned()
        .into_iter()
        .collect();
    while let Some(obj) = todo.pop() {
        match obj {
            Object::Reference(id) if new.contains(&id) && found.insert(id) => {
                todo.extend(rev.object(id).cloned());
            }
            Object::Array(items) => todo.extend(items),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
    }
    found
}

fn is_signature_widget(rev: &Revision, added: Added) -> bool {
    rev.dict(added.widget).is_some_and(|w| {
        w.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Widget".as_slice())
            && w.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
            && w.get(b"V").ok() == Some(&Object::Reference(added.signature))
            && w.get(b"Kids").is_err()
            && w.get(b"Parent").is_err()
    })
}

/// The signature field-and-widget `id` was empty before and this revision only gives it
/// its value and appearance: signing a field prepared in advance (pyHanko's and Adobe's
/// way; pyHanko's rules allow it as "form filling" of a signature field).
fn fills_empty_field(prev: &Revision, rev: &Revision, id: ObjectId) -> bool {
    let (Some(old), Some(new)) = (prev.dict(id), rev.dict(id)) else {
        return false;
    };
    let empty = matches!(old.get(b"V"), Err(_) | Ok(Object::Null));
    empty
        && old.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
        && same_except(old, new, &[b"V", b"AP"])
}

/// Judges revision `rev`, written after `prev`: `Ok` when it has the shape adding
/// `added` gives it (the caller checks that `added` is valid and covers it).
pub fn judge(
    prev: &Revision,
    rev: &Revision,
    bytes: &[u8],
    added: Option<Added>,
) -> Result<(), Change> {
    match check_entries(bytes, rev) {
        Some(RevisionDefect::OutsideRevision(object)) => {
            return Err(Change::OutsideRevision { object });
        }
        Some(RevisionDefect::Unreadable(object)) => return Err(Change::Unreadable { object }),
        None => {}
    }
    if prev.root().is_none() || prev.root() != rev.root() {
        return Err(Change::RootChanged);
    }
    if !same(
        prev.doc.trailer.get(b"Info").ok(),
        rev.doc.trailer.get(b"Info").ok(),
    ) || rev.doc.trailer.get(b"Encrypt").is_ok()
    {
        return Err(Change::TrailerChanged);
    }
    let widget = added.map(|a| a.widget);
    let mut new = BTreeSet::new();
    let mut filled = false;
    for (&number, entry) in &rev.entries {
        let before = prev
            .doc
            .objects
            .range((number, 0)..=(number, u16::MAX))
            .next()
            .map(|(id, _)| *id);
        match (*entry, before) {
            (Entry::Free { .. }, _) if number == 0 => {}
            (Entry::Free { .. }, Some(_)) => return Err(Change::ObjectFreed { object: number }),
            (Entry::Free { .. }, None) => {}
            (Entry::InUse { generation, .. }, Some((_, g))) if g != generation => {
                return Err(Change::NewGeneration { object: number });
            }
            (Entry::InUse { generation, .. }, Some(_))
                if added.is_some_and(|a| a.widget == (number, generation)) =>
            {
                if !fills_empty_field(prev, rev, (number, generation)) {
                    return Err(Change::FormChanged);
                }
                filled = true;
            }
            (Entry::InUse { generation, .. }, Some(_)) => {
                judge_redefined(prev, rev, (number, generation), widget)?;
            }
            (Entry::InUse { generation, .. }, None) => {
                new.insert((number, generation));
            }
        }
    }
    let Some(added) = added else {
        return match new.first() {
            Some(id) => Err(Change::ObjectAdded { object: id.0 }),
            None => Err(Change::NotCoveredBySignature),
        };
    };
    if !(filled || new.contains(&added.widget))
        || !new.contains(&added.signature)
        || !is_signature_widget(rev, added)
    {
        return Err(Change::NotCoveredBySignature);
    }
    let mut allowed = appearance_objects(rev, added.widget, &new);
    allowed.insert(added.widget);
    allowed.insert(added.signature);
    // A form the update created.
    if let Some(Object::Reference(form)) = rev
        .root()
        .and_then(|r| rev.dict(r))
        .and_then(|c| c.get(b"AcroForm").ok())
    {
        allowed.insert(*form);
    }
    match new.iter().find(|id| !allowed.contains(id)) {
        Some(id) => Err(Change::ObjectAdded { object: id.0 }),
        None => Ok(()),
    }
}

/// The objects reachable from `start` in `rev` among `candidates` (a DSS and what it
/// holds: its arrays, streams, VRI dictionaries).
fn reachable(
    rev: &Revision,
    start: &Object,
    candidates: &BTreeSet<ObjectId>,
) -> BTreeSet<ObjectId> {
    let mut found = BTreeSet::new();
    let mut todo = vec![start.clone()];
    while let Some(obj) = todo.pop() {
        match obj {
            Object::Reference(id) if candidates.contains(&id) && found.insert(id) => {
                todo.extend(rev.object(id).cloned());
            }
            Object::Array(items) => todo.extend(items),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
    }
    found
}

/// Judges revision `rev` as long-term validation data (PAdES DSS, ISO 32000-2
/// §12.8.4.3): `Ok` when it only gives the catalog a new `/DSS` (and the developer
/// `/Extensions` entry and `/Version` pyHanko records with it), changes `/Info` only in
/// its ModDate and Producer, and adds or rewrites nothing but the DSS's own objects. It adds no content anyone sees: certificates and revocation lists
/// are never drawn, and every other object must stay as signed.
pub fn judge_validation_data(prev: &Revision, rev: &Revision, bytes: &[u8]) -> Result<(), Change> {
    match check_entries(bytes, rev) {
        Some(RevisionDefect::OutsideRevision(object)) => {
            return Err(Change::OutsideRevision { object });
        }
        Some(RevisionDefect::Unreadable(object)) => return Err(Change::Unreadable { object }),
        None => {}
    }
    let root = match (prev.root(), rev.root()) {
        (Some(a), Some(b)) if a == b => a,
        _ => return Err(Change::RootChanged),
    };
    if !same(
        prev.doc.trailer.get(b"Info").ok(),
        rev.doc.trailer.get(b"Info").ok(),
    ) || rev.doc.trailer.get(b"Encrypt").is_ok()
    {
        return Err(Change::TrailerChanged);
    }
    let (Some(old_catalog), Some(new_catalog)) = (prev.dict(root), rev.dict(root)) else {
        return Err(Change::CatalogChanged);
    };
    // pyHanko also raises the version it wrote (`/Version /1.7`), as when it signs.
    if !same_except(
        old_catalog,
        new_catalog,
        &[b"DSS", b"Extensions", b"Version"],
    ) {
        return Err(Change::CatalogChanged);
    }
    let Ok(dss) = new_catalog.get(b"DSS") else {
        return Err(Change::CatalogChanged);
    };
    if !rev
        .resolve(dss)
        .and_then(|d| d.as_dict().ok())
        .is_some_and(|d| is_type(d, b"DSS") || d.get(b"Type").is_err())
    {
        return Err(Change::CatalogChanged);
    }
    // The old DSS dictionary and its arrays may be rewritten (a DSS grows); nothing
    // else, however the signed DSS was linked (a link from it to a page must not let the
    // page be rewritten).
    let mut old_dss: BTreeSet<ObjectId> = BTreeSet::new();
    if let Ok(d) = old_catalog.get(b"DSS") {
        if let Object::Reference(id) = d {
            old_dss.insert(*id);
        }
        if let Some(dict) = prev.resolve(d).and_then(|d| d.as_dict().ok()) {
            for (_, v) in dict.iter() {
                if let Object::Reference(id) = v
                    && prev.object(*id).is_some_and(|o| {
                        matches!(o, Object::Array(_))
                            || o.as_dict().is_ok_and(|d| d.get(b"Type").is_err())
                    })
                {
                    old_dss.insert(*id);
                }
            }
        }
    }
    let mut touched = BTreeSet::new();
    for (&number, entry) in &rev.entries {
        let before = prev
            .doc
            .objects
            .range((number, 0)..=(number, u16::MAX))
            .next()
            .map(|(id, _)| *id);
        match (*entry, before) {
            (Entry::Free { .. }, _) if number == 0 => {}
            (Entry::Free { .. }, Some(_)) => return Err(Change::ObjectFreed { object: number }),
            (Entry::Free { .. }, None) => {}
            (Entry::InUse { generation, .. }, Some((_, g))) if g != generation => {
                return Err(Change::NewGeneration { object: number });
            }
            (Entry::InUse { generation, .. }, Some(_)) => {
                let id = (number, generation);
                let info = prev.doc.trailer.get(b"Info").ok() == Some(&Object::Reference(id));
                if id == root || old_dss.contains(&id) {
                    touched.insert(id);
                } else if info {
                    // When and with what it was written, as a signer may record it too.
                    match (prev.dict(id), rev.dict(id)) {
                        (Some(od), Some(nd)) if same_except(od, nd, &[b"ModDate", b"Producer"]) => {
                        }
                        _ => return Err(Change::ObjectChanged { object: number }),
                    }
                } else if !same(prev.object(id), rev.object(id)) {
                    return Err(Change::ObjectChanged { object: number });
                }
            }
            (Entry::InUse { generation, .. }, None) => {
                touched.insert((number, generation));
            }
        }
    }
    let mut candidates = touched.clone();
    candidates.remove(&root);
    let in_dss = reachable(rev, dss, &candidates);
    match candidates.iter().find(|id| !in_dss.contains(id)) {
        Some(id) if old_dss.contains(id) => Err(Change::ObjectChanged { object: id.0 }),
        Some(id) => Err(Change::ObjectAdded { object: id.0 }),
        None => Ok(()),
    }
}
