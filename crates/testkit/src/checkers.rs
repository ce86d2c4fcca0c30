//! The tools we did not write, as the document tests call them: each signed file is
//! judged by pdfsig, pyHanko and openssl as well as by our own verification, and each PDF
//! is read back with poppler's pdftotext.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::tools::{have, run};

/// The words of `pdf` in reading order (`pdftotext`).
pub fn pdftotext(pdf: &Path) -> String {
    pdftotext_with(pdf, &[])
}

/// The words of `pdf` laid out as on the page (`pdftotext -layout`): table rows stay on
/// one line.
pub fn pdftotext_layout(pdf: &Path) -> String {
    pdftotext_with(pdf, &["-layout"])
}

fn pdftotext_with(pdf: &Path, flags: &[&str]) -> String {
    let dir = pdf.parent().unwrap_or(Path::new("."));
    let mut args = flags.to_vec();
    args.extend([pdf.to_str().unwrap(), "-"]);
    let out = run(dir, "pdftotext", &args);
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The number of pages of `pdf` (`pdfinfo`).
pub fn pdf_pages(pdf: &Path) -> usize {
    let dir = pdf.parent().unwrap_or(Path::new("."));
    let out = run(dir, "pdfinfo", &[pdf.to_str().unwrap()]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// pdfsig's report, standard output then error (it exits 0 even on a bad signature, so
/// the text is what counts).
pub fn pdfsig(dir: &Path, pdf: &Path) -> String {
    crate::desk::text(&run(dir, "pdfsig", &[pdf.to_str().unwrap()]))
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

/// Writes a copy of the signed `pdf` with one changed byte and asserts that pdfsig,
/// pyHanko (trusting `ca_pem`) and `openssl cms` (with the detached `cms` made of the
/// original) all refuse it; returns the copy for the test's own verifier.
pub fn assert_tools_refuse_a_changed_byte(
    dir: &Path,
    pdf: &Path,
    cms: &Path,
    ca_pem: &Path,
) -> PathBuf {
    let changed = write_one_byte_changed(dir, pdf);
    let sig = pdfsig(dir, &changed);
    assert!(!sig.contains("Signature is Valid"), "{sig}");
    assert!(!pyhanko_validate(dir, ca_pem, &changed).status.success());
    assert!(
        !openssl_cms_verify(dir, cms, &changed, ca_pem)
            .status
            .success()
    );
    changed
}
