//! PAdES long-term validation data (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3): a
//! Document Security Store (`/DSS` in the catalog) holding the certificates of every
//! signer's path and the revocation lists that cleared them, added as an incremental
//! update of its own after the signatures. With it, and a timestamp proving when each
//! signature was made, a protocol signed today verifies offline after its signer's
//! certificate has expired.
//!
//! The update has one shape, which [`super::revisions::judge_validation_data`] accepts
//! and nothing else passes for: a new DSS dictionary, its streams, and the catalog with
//! only its `/DSS` entry changed.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use lopdf::{Dictionary, Object, Stream};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::reader::{PdfFile, Revision};
use super::verify::verify_pdf_in;
use super::{finish_update, last_startxref, pdf_err, reference, write_object};
use crate::SignError;
use crate::chain::{crl_signed_by, next_update};
use crate::cms::Context;
use crate::trust::TrustStore;

/// What a document's DSS holds.
#[derive(Debug, Clone, Default)]
pub struct ValidationData {
    pub certificates: Vec<Certificate>,
    pub crls: Vec<CertificateList>,
}

fn streams<'a>(rev: &'a Revision, dss: &'a Dictionary, key: &[u8]) -> Vec<Vec<u8>> {
    let Some(items) = dss
        .get(key)
        .ok()
        .and_then(|a| rev.resolve(a))
        .and_then(|a| a.as_array().ok())
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| rev.resolve(i))
        .filter_map(|o| o.as_stream().ok())
        .filter_map(|s| {
            if s.dict.get(b"Filter").is_ok() {
                // Inflation is bounded by the reader's limit (MAX_DECOMPRESSED).
                s.decompressed_content().ok()
            } else {
                Some(s.content.clone())
            }
        })
        .collect()
}

/// The DSS of revision `rev` (empty when it has none); unreadable entries are skipped:
/// they can only make validation data incomplete, never make anything valid.
pub(crate) fn read(rev: &Revision) -> ValidationData {
    let Some(dss) = rev
        .root()
        .and_then(|r| rev.dict(r))
        .and_then(|c| c.get(b"DSS").ok())
        .and_then(|d| rev.resolve(d))
        .and_then(|d| d.as_dict().ok())
    else {
        return ValidationData::default();
    };
    ValidationData {
        certificates: streams(rev, dss, b"Certs")
            .iter()
            .filter_map(|b| Certificate::from_der(b).ok())
            .collect(),
        crls: streams(rev, dss, b"CRLs")
            .iter()
            .filter_map(|b| CertificateList::from_der(b).ok())
            .collect(),
    }
}

/// The certificates and revocation lists that long-term validation of `pdf`'s
/// signatures needs, from the signatures themselves and the trust store: every
/// certificate of every path (the TSA's too) up to and including the anchor, and for each
/// certificate below an anchor a current list signed by its issuer.
fn gather(
    pdf: &[u8],
    store: &TrustStore,
    now: DateTime<Utc>,
) -> Result<(Vec<Certificate>, Vec<CertificateList>), SignError> {
    let ctx = Context::at(Some(store), now);
    let signatures = verify_pdf_in(pdf, &ctx)?;
    let good: Vec<_> = signatures.iter().filter(|s| s.intact()).collect();
    if good.is_empty() || good.len() != signatures.iter().filter(|s| !s.cms.is_empty()).count() {
        return Err(SignError::LtvUnsigned);
    }
    let mut carried: Vec<Certificate> = Vec::new();
    for s in &good {
        carried.extend(crate::cms::all_certificates(&s.cms));
    }
    let mut certs: Vec<Certificate> = Vec::new();
    for c in &carried {
        for p in store.path(c, &carried) {
            if !certs.contains(&p) {
                certs.push(p);
            }
        }
    }
    let mut crls: Vec<CertificateList> = Vec::new();
    for c in &certs {
        if store.anchors.contains(c) {
            continue;
        }
        let Some(issuer) = certs
            .iter()
            .find(|i| i.tbs_certificate().subject() == c.tbs_certificate().issuer() && *i != c)
        else {
            continue;
        };
        let list = store
            .crls
            .iter()
            .filter(|l| crl_signed_by(l, issuer) && next_update(l).is_some_and(|n| n >= now))
            .max_by_key(|l| crate::chain::this_update(l))
            .ok_or_else(|| SignError::LtvNoCrl {
                issuer: crate::Identity::from_certificate(issuer).name,
            })?;
        if !crls.contains(list) {
            crls.push(list.clone());
        }
    }
    Ok((certs, crls))
}

/// How much [`add_validation_data`] added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddedData {
    pub certificates: usize,
    pub crls: usize,
}

/// Appends a DSS update to `pdf` with what its signatures need for long-term
/// validation (already present entries are kept and not repeated). Refuses a file
/// whose signatures are not all valid and intact, or when a current revocation list is
/// missing from the trust store.
pub fn add_validation_data(
    pdf: &[u8],
    store: &TrustStore,
    now: DateTime<Utc>,
) -> Result<(Vec<u8>, AddedData), SignError> {
    let (certs, crls) = gather(pdf, store, now)?;
    let file = PdfFile::read(pdf)?;
    let last = file
        .revisions
        .last()
        .ok_or_else(|| pdf_err("no revision"))?;
    let have = read(last);
    let root_id = last.root().ok_or_else(|| pdf_err("no catalog"))?;
    let mut catalog = last
        .dict(root_id)
        .ok_or_else(|| pdf_err("no catalog"))?
        .clone();
    let old = catalog
        .get(b"DSS")
        .ok()
        .and_then(|d| last.resolve(d))
        .and_then(|d| d.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    let old_list = |key: &[u8]| -> Vec<Object> {
        old.get(key)
            .ok()
            .and_then(|a| last.resolve(a))
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default()
    };
    let size = last
        .doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(i64::from(last.doc.max_id) + 1);
    let mut next = u32::try_from(size).map_err(pdf_err)?;
    let mut objects: BTreeMap<u32, Object> = BTreeMap::new();
    let mut add = |der: Vec<u8>, objects: &mut BTreeMap<u32, Object>| {
        let id = next;
        next += 1;
        objects.insert(id, Object::Stream(Stream::new(Dictionary::new(), der)));
        reference(id)
    };
    let mut cert_refs = old_list(b"Certs");
    let mut added = AddedData {
        certificates: 0,
        crls: 0,
    };
    for c in certs.iter().filter(|c| !have.certificates.contains(c)) {
        cert_refs.push(add(c.to_der().map_err(pdf_err)?, &mut objects));
        added.certificates += 1;
    }
    let mut crl_refs = old_list(b"CRLs");
    for l in crls.iter().filter(|l| !have.crls.contains(l)) {
        crl_refs.push(add(l.to_der().map_err(pdf_err)?, &mut objects));
        added.crls += 1;
    }
    let mut dss = Dictionary::new();
    dss.set("Type", Object::Name(b"DSS".to_vec()));
    dss.set("Certs", Object::Array(cert_refs));
    dss.set("CRLs", Object::Array(crl_refs));
    let dss_id = next;
    next += 1;
    objects.insert(dss_id, Object::Dictionary(dss));
    catalog.set("DSS", reference(dss_id));
    objects.insert(root_id.0, Object::Dictionary(catalog));

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = BTreeMap::new();
    for (id, obj) in &objects {
        offsets.insert(*id, out.len());
        let generation = if *id == root_id.0 { root_id.1 } else { 0 };
        let _ = writeln!(out, "{id} {generation} obj");
        write_object(&mut out, obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    let prev = last_startxref(pdf)?;
    finish_update(&mut out, &offsets, next, root_id, prev, &last.doc);
    Ok((out, added))
}
