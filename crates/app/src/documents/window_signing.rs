//! The window's signing form (issue 14 item 8): the choices `desk sign` offers — a
//! PKCS#12 file with its revocation list, or NCALayer; embedded or a detached `FILE.cms`;
//! an RFC 3161 timestamp (B-T); long-term validation data from the data directory's trust
//! store (B-LT) — as one form, signed by the same [`super::sign_file`].

use std::path::PathBuf;

use desk_journal::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::DocumentFile;
use super::signatures::{NCALAYER_URL, SignOptions, SigningKey, VerifyReport, verify_file};
use crate::{AppError, Desk};

/// Where the key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    P12,
    NcaLayer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignForm {
    pub path: String,
    pub key: KeySource,
    /// The PKCS#12 file (with `p12`).
    pub p12: String,
    /// A revocation list the key is checked against first; empty: none.
    pub crl: String,
    /// Used once, not kept; unused for NCALayer.
    pub password: String,
    /// A detached `FILE.cms` even for a PDF.
    pub detached: bool,
    /// The timestamp authority's URL; empty: no timestamp.
    pub tsa: String,
    /// Append long-term validation data from the trust store (PDF only).
    pub ltv: bool,
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl Desk {
    /// Signs `form.path` as the form says. A missing key file is refused naming it; a TSA
    /// that is not an HTTP(S) URL is refused naming it; nothing is written then.
    pub fn sign_with_form(&self, form: &SignForm) -> Result<DocumentFile, AppError> {
        let key = match form.key {
            KeySource::P12 => SigningKey::P12 {
                file: PathBuf::from(optional(&form.p12).ok_or_else(|| {
                    AppError::from(FieldError::new(Field::KeyFile, Problem::Required))
                })?),
                crl: optional(&form.crl).map(PathBuf::from),
            },
            KeySource::NcaLayer => SigningKey::NcaLayer {
                url: NCALAYER_URL.to_owned(),
            },
        };
        let tsa = optional(&form.tsa);
        if tsa
            .as_deref()
            .is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")))
        {
            return Err(FieldError::new(Field::TsaUrl, Problem::UrlFormat).into());
        }
        let opts = SignOptions {
            key,
            detached: form.detached,
            stamp: true,
            tsa,
            ltv: form.ltv.then(|| self.trust_dir()),
        };
        self.sign_document(&form.path, &opts, Some(form.password.clone()))
    }

    /// The window's "Verify": the file's signatures (a PDF's own, or those of its
    /// detached `cms`), against the trusted certificates in `trust` — a folder the user
    /// chose, which must exist, or the data directory's when empty.
    pub fn verify_in_window(
        &self,
        path: &str,
        cms: &str,
        trust: &str,
    ) -> Result<VerifyReport, AppError> {
        let trust = match optional(trust) {
            Some(dir) if !std::path::Path::new(&dir).is_dir() => {
                return Err(FieldError::new(Field::TrustDir, Problem::NoSuchFolder(dir)).into());
            }
            Some(dir) => PathBuf::from(dir),
            None => self.trust_dir(),
        };
        let cms = optional(cms).map(PathBuf::from);
        let v = verify_file(
            std::path::Path::new(path),
            cms.as_deref(),
            &trust,
            self.language(),
        )?;
        Ok(v.report)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use desk_i18n::Lang;
    use desk_testkit::pki::{Ca, Key, PASSWORD, days_from_now};

    use super::*;

    fn form(path: &std::path::Path, p12: &std::path::Path) -> SignForm {
        SignForm {
            path: path.display().to_string(),
            key: KeySource::P12,
            p12: p12.display().to_string(),
            crl: String::new(),
            password: PASSWORD.into(),
            detached: false,
            tsa: String::new(),
            ltv: false,
        }
    }

    #[test]
    fn the_windows_form_signs_with_long_term_data_or_detached_as_desk_sign_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
        desk.set_language(Lang::En).unwrap();
        let ca = Ca::new();
        let key = ca.signer("chair", Key::P256);
        let crl = ca.crl_dated(&days_from_now(0), &days_from_now(7));
        let store = ca.trust_store(&[&crl]);
        std::fs::create_dir_all(desk.trust_dir()).unwrap();
        for f in std::fs::read_dir(store.path()).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, desk.trust_dir().join(f.file_name().unwrap())).unwrap();
        }
        let pdf = desk_docs::pdf::render_stamp("Letter", &["No. 1".into()]).unwrap();
        let (embedded, detached) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        std::fs::write(&embedded, &pdf).unwrap();
        std::fs::write(&detached, &pdf).unwrap();

        // Long-term data: the chain and the list in the document's DSS (B-LT once a
        // timestamp proves the time; without a TSA the level stays B-B).
        let ltv = SignForm {
            ltv: true,
            ..form(&embedded, &key.p12)
        };
        desk.sign_with_form(&ltv).unwrap();
        let report = desk.verify_pdf_file(&ltv.path).unwrap();
        assert!(report.all_good, "{report:?}");
        let signed = std::fs::read(&embedded).unwrap();
        assert!(signed.windows(4).any(|w| w == b"/DSS"), "no DSS written");

        // Detached: FILE.cms beside the PDF, which stays as it was.
        let cms = SignForm {
            detached: true,
            ..form(&detached, &key.p12)
        };
        desk.sign_with_form(&cms).unwrap();
        assert_eq!(std::fs::read(&detached).unwrap(), pdf);
        let sig = dir.path().join("b.pdf.cms");
        let check = desk
            .verify_document(&cms.path, Some(sig.to_str().unwrap()))
            .unwrap();
        assert!(check.all_good, "{check:?}");

        // Bad input names its field, and nothing is written.
        let no_key = desk
            .sign_with_form(&SignForm {
                p12: " ".into(),
                ..form(&detached, &key.p12)
            })
            .unwrap_err();
        assert_eq!(no_key.to_ui(Lang::En).fields[0].field, Field::KeyFile);
        let bad_tsa = desk
            .sign_with_form(&SignForm {
                tsa: "ftp://tsa.example".into(),
                ..form(&detached, &key.p12)
            })
            .unwrap_err();
        assert_eq!(bad_tsa.to_ui(Lang::En).fields[0].field, Field::TsaUrl);
        assert_eq!(std::fs::read(&detached).unwrap(), pdf);

        // Verifying against a trust store the user picks: the CA's own folder trusts the
        // signature, an empty one leaves it untrusted, a folder that is not there is named.
        let picked = desk
            .verify_in_window(&ltv.path, "", store.path().to_str().unwrap())
            .unwrap();
        assert!(picked.all_good, "{picked:?}");
        let empty = tempfile::tempdir().unwrap();
        let untrusted = desk
            .verify_in_window(&ltv.path, "", empty.path().to_str().unwrap())
            .unwrap();
        assert!(!untrusted.all_good);
        let missing = desk
            .verify_in_window(&ltv.path, "", "/no/such/folder")
            .unwrap_err();
        assert_eq!(missing.to_ui(Lang::En).fields[0].field, Field::TrustDir);
    }
}
