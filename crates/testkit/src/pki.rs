//! A throwaway certification authority made with the `openssl` command line (a tool we
//! did not write) for every test run: NCA-style subjects (IIN in SERIALNUMBER, BIN in
//! OU), the signing usage or not, any validity period, revocation lists.

use std::path::PathBuf;

use crate::tools::ok;

pub const PASSWORD: &str = "Qwerty123";
pub const IIN: &str = "880101300123";
pub const BIN: &str = "971240001315";

/// A certificate validity date (`YYYYMMDDHHMMSSZ`) `days` from now (negative: ago).
pub fn days_from_now(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y%m%d%H%M%SZ")
        .to_string()
}

#[derive(Debug)]
pub struct Ca {
    pub dir: tempfile::TempDir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Rsa2048,
    P256,
    Rsa1024,
}

#[derive(Debug)]
pub struct User {
    pub p12: PathBuf,
    pub cert: PathBuf,
}

impl Default for Ca {
    fn default() -> Ca {
        Ca::new()
    }
}

impl Ca {
    pub fn new() -> Ca {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("newcerts")).unwrap();
        std::fs::write(d.join("index.txt"), "").unwrap();
        std::fs::write(d.join("serial"), "1000\n").unwrap();
        std::fs::write(d.join("crlnumber"), "01\n").unwrap();
        std::fs::write(
            d.join("ca.cnf"),
            format!(
                "[ca]\ndefault_ca = CA_default\n[CA_default]\ndir = {dir}\ndatabase = $dir/index.txt\n\
                 new_certs_dir = $dir/newcerts\nserial = $dir/serial\ncrlnumber = $dir/crlnumber\n\
                 certificate = $dir/ca.pem\nprivate_key = $dir/ca.key\ndefault_md = sha256\n\
                 policy = policy_any\nunique_subject = no\ndefault_crl_days = 30\nemail_in_dn = no\n\
                 [policy_any]\ncountryName = optional\norganizationName = optional\n\
                 organizationalUnitName = optional\ncommonName = supplied\nsurname = optional\n\
                 givenName = optional\nserialNumber = optional\n\
                 [req]\nstring_mask = utf8only\ndistinguished_name = dn\n[dn]\n\
                 [sign]\nkeyUsage = critical,digitalSignature,nonRepudiation\nextendedKeyUsage = emailProtection\n\
                 [auth]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth\n",
                dir = d.display()
            ),
        )
        .unwrap();
        ok(
            d,
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "3650",
                "-config",
                "ca.cnf",
                "-utf8",
                "-subj",
                "/C=KZ/O=Test PKI/CN=Тестовый УЦ (не НУЦ РК)",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        Ca { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Issues a certificate to `name` and packs it with its key and the CA into a
    /// PKCS#12 file protected by [`PASSWORD`]. `usage` is `sign` or `auth`; dates are
    /// `YYYYMMDDHHMMSSZ`.
    pub fn user(&self, name: &str, key: Key, usage: &str, start: &str, end: &str) -> User {
        let d = self.dir.path();
        let (k, csr, pem, p12) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.pem"),
            format!("{name}.p12"),
        );
        match key {
            Key::Rsa2048 => ok(
                d,
                "openssl",
                &[
                    "genpkey",
                    "-algorithm",
                    "RSA",
                    "-pkeyopt",
                    "rsa_keygen_bits:2048",
                    "-out",
                    &k,
                ],
            ),
            Key::Rsa1024 => ok(
                d,
                "openssl",
                &[
                    "genpkey",
                    "-algorithm",
                    "RSA",
                    "-pkeyopt",
                    "rsa_keygen_bits:1024",
                    "-out",
                    &k,
                ],
            ),
            Key::P256 => ok(
                d,
                "openssl",
                &[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    &k,
                ],
            ),
        };
        let subj = format!(
            "/C=KZ/CN=ӘЛИЕВ НҰРЛАН/SN=ӘЛИЕВ/GN=СЕРІКҰЛЫ/serialNumber=IIN{IIN}/O=ТОО «Сапа»/OU=BIN{BIN}"
        );
        ok(
            d,
            "openssl",
            &[
                "req", "-new", "-key", &k, "-config", "ca.cnf", "-utf8", "-subj", &subj, "-out",
                &csr,
            ],
        );
        ok(
            d,
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-in",
                &csr,
                "-out",
                &pem,
                "-startdate",
                start,
                "-enddate",
                end,
                "-extfile",
                "ca.cnf",
                "-extensions",
                usage,
                "-notext",
                "-utf8",
                "-preserveDN",
            ],
        );
        ok(
            d,
            "openssl",
            &[
                "pkcs12",
                "-export",
                "-inkey",
                &k,
                "-in",
                &pem,
                "-certfile",
                "ca.pem",
                "-out",
                &p12,
                "-passout",
                &format!("pass:{PASSWORD}"),
            ],
        );
        User {
            p12: d.join(p12),
            cert: d.join(pem),
        }
    }

    /// A user valid from yesterday for a year, allowed to sign.
    pub fn signer(&self, name: &str, key: Key) -> User {
        self.user(name, key, "sign", &days_from_now(-1), &days_from_now(365))
    }

    /// Revokes `user` and returns the CA's new revocation list (PEM).
    pub fn revoke(&self, user: &User) -> Vec<u8> {
        let d = self.dir.path();
        ok(
            d,
            "openssl",
            &[
                "ca",
                "-config",
                "ca.cnf",
                "-revoke",
                user.cert.to_str().unwrap(),
            ],
        );
        ok(
            d,
            "openssl",
            &["ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem"],
        );
        std::fs::read(d.join("crl.pem")).unwrap()
    }

    pub fn empty_crl(&self) -> Vec<u8> {
        let d = self.dir.path();
        ok(
            d,
            "openssl",
            &["ca", "-config", "ca.cnf", "-gencrl", "-out", "crl0.pem"],
        );
        std::fs::read(d.join("crl0.pem")).unwrap()
    }
}

/// Re-encodes DER the way BER-writing issuers do (NCA RK's PKCS#12 files): every
/// constructed element with an indefinite length, long OCTET STRINGs in chunks. With
/// `deep` > 0, OCTET STRINGs that hold a DER SEQUENCE are re-encoded inside as well, to
/// that many levels of nesting (2: the authenticated safe and its safe contents, not the
/// certificates inside those).
pub fn berify(der: &[u8], deep: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < der.len() {
        let (tag, len, hl) = tlv(&der[i..]);
        let body = &der[i + hl..i + hl + len];
        if tag & 0x20 != 0 {
            out.push(tag);
            out.push(0x80);
            out.extend(berify(body, deep));
            out.extend([0, 0]);
        } else if tag == 0x04 && len > 64 {
            let inner = if deep > 0 && body[0] == 0x30 && {
                let (_, l, h) = tlv(body);
                l + h == body.len()
            } {
                berify(body, deep - 1)
            } else {
                body.to_vec()
            };
            out.extend([0x24, 0x80]);
            for chunk in inner.chunks(1000) {
                out.push(0x04);
                push_len(&mut out, chunk.len());
                out.extend(chunk);
            }
            out.extend([0, 0]);
        } else {
            out.extend(&der[i..i + hl + len]);
        }
        i += hl + len;
    }
    out
}

fn tlv(b: &[u8]) -> (u8, usize, usize) {
    let tag = b[0];
    let l = b[1] as usize;
    if l < 0x80 {
        (tag, l, 2)
    } else {
        let n = l & 0x7f;
        let len = b[2..2 + n]
            .iter()
            .fold(0usize, |a, x| (a << 8) | *x as usize);
        (tag, len, 2 + n)
    }
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        out.extend([0x82, (len >> 8) as u8, len as u8]);
    }
}
