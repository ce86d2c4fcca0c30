//! A throwaway certification authority made with the `openssl` command line (a tool we
//! did not write) for every test run: NCA-style subjects (IIN in SERIALNUMBER, BIN in
//! OU), the signing usage or not, any validity period, revocation lists (with chosen
//! dates), intermediate authorities, and an RFC 3161 timestamp authority (`openssl ts
//! -reply` behind a loopback HTTP server).

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

/// A certificate validity date `seconds` from now (negative: ago).
pub fn seconds_from_now(seconds: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(seconds))
        .format("%Y%m%d%H%M%SZ")
        .to_string()
}

#[derive(Debug)]
pub struct Ca {
    pub dir: tempfile::TempDir,
    /// This CA's certificate and its issuers up to the root (PEM), as a key file holds
    /// them.
    pub chain: PathBuf,
    /// The root's certificate (PEM): what a trust store holds.
    pub root: PathBuf,
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
        let dir = Ca::prepare();
        ok(
            dir.path(),
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
        let chain = dir.path().join("ca.pem");
        Ca {
            root: chain.clone(),
            chain,
            dir,
        }
    }

    /// An intermediate authority issued by this one, valid from `start` to `end`
    /// (`YYYYMMDDHHMMSSZ`); its users' key files carry it and the root.
    pub fn intermediate(&self, name: &str, start: &str, end: &str) -> Ca {
        self.intermediate_with(name, "sub_ca", start, end)
    }

    /// [`Ca::intermediate`] with the extensions profile `profile` of `ca.cnf`
    /// (`sub_ca`, or `sub_ca_leaf_only`: pathLenConstraint 0).
    pub fn intermediate_with(&self, name: &str, profile: &str, start: &str, end: &str) -> Ca {
        let dir = Ca::prepare();
        let d = dir.path();
        ok(
            d,
            "openssl",
            &[
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-config",
                "ca.cnf",
                "-utf8",
                "-subj",
                &format!("/C=KZ/O=Test PKI/CN={name}"),
                "-out",
                "ca.csr",
            ],
        );
        let csr = d.join("ca.csr");
        let pem = d.join("ca.pem");
        ok(
            self.dir.path(),
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-in",
                csr.to_str().unwrap(),
                "-out",
                pem.to_str().unwrap(),
                "-startdate",
                start,
                "-enddate",
                end,
                "-extfile",
                "ca.cnf",
                "-extensions",
                profile,
                "-notext",
                "-utf8",
                "-preserveDN",
            ],
        );
        let mut chain = std::fs::read(&pem).unwrap();
        chain.extend(std::fs::read(&self.chain).unwrap());
        std::fs::write(d.join("chain.pem"), chain).unwrap();
        Ca {
            chain: d.join("chain.pem"),
            root: self.root.clone(),
            dir,
        }
    }

    fn prepare() -> tempfile::TempDir {
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
                 [auth]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth\n\
                 [sub_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n\
                 [sub_ca_leaf_only]\nbasicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\n\
                 [tsa_cert]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = critical,timeStamping\n",
                dir = d.display()
            ),
        )
        .unwrap();
        dir
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
                self.chain.to_str().unwrap(),
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

    /// A revocation list issued at `last` and due for renewal at `next`
    /// (`YYYYMMDDHHMMSSZ`), naming what was revoked so far (DER).
    pub fn crl_dated(&self, last: &str, next: &str) -> Vec<u8> {
        let d = self.dir.path();
        ok(
            d,
            "openssl",
            &[
                "ca",
                "-config",
                "ca.cnf",
                "-gencrl",
                "-crl_lastupdate",
                last,
                "-crl_nextupdate",
                next,
                "-out",
                "crl-dated.pem",
            ],
        );
        ok(
            d,
            "openssl",
            &[
                "crl",
                "-in",
                "crl-dated.pem",
                "-outform",
                "DER",
                "-out",
                "crl-dated.der",
            ],
        );
        std::fs::read(d.join("crl-dated.der")).unwrap()
    }

    /// A second certificate for `name`'s key (same subject and issuer, another serial).
    pub fn reissue(&self, name: &str) -> PathBuf {
        let d = self.dir.path();
        let out = format!("{name}-again.pem");
        ok(
            d,
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-in",
                &format!("{name}.csr"),
                "-out",
                &out,
                "-startdate",
                &days_from_now(-1),
                "-enddate",
                &days_from_now(365),
                "-extfile",
                "ca.cnf",
                "-extensions",
                "sign",
                "-notext",
                "-utf8",
                "-preserveDN",
            ],
        );
        d.join(out)
    }

    /// Marks `user` revoked in this CA's database without issuing a list.
    pub fn revoke_only(&self, user: &User) {
        ok(
            self.dir.path(),
            "openssl",
            &[
                "ca",
                "-config",
                "ca.cnf",
                "-revoke",
                user.cert.to_str().unwrap(),
            ],
        );
    }

    /// A directory holding only the root certificate and `crls`: the trust store a
    /// user imports.
    pub fn trust_store(&self, crls: &[&[u8]]) -> tempfile::TempDir {
        let store = tempfile::tempdir().unwrap();
        std::fs::copy(&self.root, store.path().join("root.pem")).unwrap();
        for (i, crl) in crls.iter().enumerate() {
            std::fs::write(store.path().join(format!("list{i}.crl")), crl).unwrap();
        }
        store
    }

    /// A timestamp authority certified by this CA, answering RFC 3161 requests over
    /// HTTP on a free loopback port until dropped.
    pub fn tsa(&self) -> Tsa {
        let d = self.dir.path();
        ok(
            d,
            "openssl",
            &[
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "tsa.key",
                "-config",
                "ca.cnf",
                "-utf8",
                "-subj",
                "/C=KZ/O=Test PKI/CN=Тестовая служба меток времени",
                "-out",
                "tsa.csr",
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
                "tsa.csr",
                "-out",
                "tsa.pem",
                "-startdate",
                &days_from_now(-1),
                "-enddate",
                &days_from_now(365),
                "-extfile",
                "ca.cnf",
                "-extensions",
                "tsa_cert",
                "-notext",
                "-utf8",
                "-preserveDN",
            ],
        );
        std::fs::write(
            d.join("ts.cnf"),
            format!(
                "[tsa]\ndefault_tsa = tsa_config\n[tsa_config]\ndir = {dir}\nserial = $dir/tsaserial\n\
                 crypto_device = builtin\nsigner_cert = $dir/tsa.pem\ncerts = {chain}\n\
                 signer_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.398.9999.1\n\
                 digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = yes\ntsa_name = no\n\
                 ess_cert_id_chain = no\ness_cert_id_alg = sha256\n",
                dir = d.display(),
                chain = self.chain.display()
            ),
        )
        .unwrap();
        std::fs::write(d.join("tsaserial"), "01\n").unwrap();
        std::fs::write(d.join("tsa_server.py"), TSA_SERVER).unwrap();
        let mut child = std::process::Command::new("python3")
            .current_dir(d)
            .arg("tsa_server.py")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("python3 runs the test TSA's HTTP server");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
        let port: u16 = line.trim().parse().unwrap();
        Tsa {
            child,
            url: format!("http://127.0.0.1:{port}/tsa"),
            cert: d.join("tsa.pem"),
        }
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

/// A running test TSA; the server stops when this is dropped.
#[derive(Debug)]
pub struct Tsa {
    child: std::process::Child,
    pub url: String,
    pub cert: PathBuf,
}

impl Drop for Tsa {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request at a time: each query goes to `openssl ts -reply`, its answer back.
const TSA_SERVER: &str = r#"
import http.server, subprocess, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers["Content-Length"]))
        with open("query.tsq", "wb") as f:
            f.write(query)
        done = subprocess.run(["openssl", "ts", "-reply", "-config", "ts.cnf",
                               "-queryfile", "query.tsq", "-out", "reply.tsr"])
        if done.returncode != 0:
            self.send_response(500)
            self.end_headers()
            return
        reply = open("reply.tsr", "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), H)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

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
