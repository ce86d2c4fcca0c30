//! The tools we did not write, as the document tests call them: each signed file is
//! judged by pdfsig, pyHanko and openssl as well as by `desk verify`.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{have, run};

/// pdfsig's report (it exits 0 even on a bad signature, so the text is what counts).
pub fn pdfsig(dir: &Path, pdf: &Path) -> String {
    String::from_utf8_lossy(&run(dir, "pdfsig", &[pdf.to_str().unwrap()]).stdout).into_owned()
}

/// `pyhanko sign validate` against the test CA, without revocation checks.
pub fn pyhanko_validate(dir: &Path, ca_pem: &Path, pdf: &Path) -> Output {
    assert!(
        have("pyhanko"),
        "pyhanko is not installed (pip install pyhanko pyhanko-cli)"
    );
    run(
        dir,
        "pyhanko",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            ca_pem.to_str().unwrap(),
            "--no-revocation-check",
            pdf.to_str().unwrap(),
        ],
    )
}

/// `openssl cms -verify` of a detached CMS over `content`, chained to the test CA.
pub fn openssl_cms_verify(dir: &Path, cms: &Path, content: &Path, ca_pem: &Path) -> Output {
    run(
        dir,
        "openssl",
        &[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            cms.to_str().unwrap(),
            "-content",
            content.to_str().unwrap(),
            "-CAfile",
            ca_pem.to_str().unwrap(),
            "-out",
            "/dev/null",
        ],
    )
}

/// The bytes of `pdf` with one bit flipped inside its first stream (signed content).
pub fn one_byte_changed(pdf: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(pdf).unwrap();
    let at = bytes.windows(6).position(|w| w == b"stream").unwrap() + 30;
    bytes[at] ^= 1;
    bytes
}

/// Writes a copy of `pdf` with one changed byte next to it and returns its path.
pub fn write_one_byte_changed(dir: &Path, pdf: &Path) -> PathBuf {
    let changed = dir.join("changed.pdf");
    std::fs::write(&changed, one_byte_changed(pdf)).unwrap();
    changed
}
