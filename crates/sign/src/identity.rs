//! Who signed: read from the certificate the way NCA RK fills it in. NCA puts the surname
//! and first name in CN and the patronymic in GIVENNAME, the IIN in SERIALNUMBER as
//! `IIN` + 12 digits, and a legal entity's BIN in OU as `BIN` + 12 digits.

use chrono::{DateTime, Utc};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519;
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::DirectoryString;

/// The signer as printed on a stamp and in `desk verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// CN followed by GIVENNAME (the patronymic in NCA certificates).
    pub name: String,
    pub iin: Option<String>,
    pub bin: Option<String>,
    pub organisation: Option<String>,
    /// The certificate's serial number in hex, as NCA's lookup service shows it.
    pub serial: String,
    pub issuer: String,
}

const GIVEN_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.42");
const SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");

fn values(name: &x509_cert::name::Name, oid: ObjectIdentifier) -> Vec<String> {
    name.iter()
        .filter(|atv| atv.oid == oid)
        .filter_map(|atv| {
            atv.value
                .decode_as::<DirectoryString>()
                .ok()
                .map(String::from)
                // SERIALNUMBER is a PrintableString, which DirectoryString covers; IA5 is
                // seen in the wild too.
                .or_else(|| {
                    atv.value
                        .decode_as::<der::asn1::Ia5String>()
                        .ok()
                        .map(|s| s.to_string())
                })
        })
        .collect()
}

/// `prefix` + exactly 12 digits, anywhere among `candidates`.
fn tagged_number(candidates: &[String], prefix: &str) -> Option<String> {
    candidates.iter().find_map(|v| {
        let digits = v.trim().strip_prefix(prefix)?;
        (digits.len() == 12 && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.to_owned())
    })
}

impl Identity {
    pub fn from_certificate(cert: &Certificate) -> Identity {
        let tbs = cert.tbs_certificate();
        let subject = tbs.subject();
        let cn = values(subject, rfc4519::CN).join(" ");
        let given = values(subject, GIVEN_NAME).join(" ");
        let name = [cn, given]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Identity {
            name,
            iin: tagged_number(&values(subject, SERIAL_NUMBER), "IIN"),
            bin: tagged_number(&values(subject, rfc4519::OU), "BIN"),
            organisation: values(subject, rfc4519::O).into_iter().next(),
            serial: hex::encode(tbs.serial_number().as_bytes()),
            issuer: values(tbs.issuer(), rfc4519::CN).join(" "),
        }
    }
}

/// The certificate's validity period in UTC.
pub fn validity(cert: &Certificate) -> (DateTime<Utc>, DateTime<Utc>) {
    let v = cert.tbs_certificate().validity();
    (
        DateTime::<Utc>::from(v.not_before.to_system_time()),
        DateTime::<Utc>::from(v.not_after.to_system_time()),
    )
}
