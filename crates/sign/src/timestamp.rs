//! RFC 3161 signature timestamps (issue 14 item 4): a TSA's signed statement that the
//! signature value existed at `genTime`, kept in the SignerInfo as the unsigned attribute
//! id-aa-signatureTimeStampToken (RFC 3161 Appendix A, CAdES-T). Verified, it is the
//! proven signing time the certificates are judged at; the signer's own signing-time is
//! only a claim.
//!
//! Asking a TSA is the one thing in this crate that goes to the network, and only when
//! the user names a TSA (`desk sign --tsa URL` or the deployment's `DESK_TSA_URL`).

use chrono::{DateTime, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::ObjectIdentifier;
use der::asn1::{GeneralizedTime, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Tagged};
use desk_i18n::{Lang, tr};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

use crate::SignError;
use crate::chain::Purpose;
use crate::cms::{Context, Status};
use crate::trust::Trust;

pub const ATTR_TIMESTAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// A TSA's reply larger than this is not a timestamp.
const MAX_REPLY: u64 = 256 * 1024;

#[derive(der::Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

#[derive(der::Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    nonce: der::asn1::Int,
    cert_req: bool,
}

#[derive(der::Sequence)]
struct PkiStatusInfo {
    status: u8,
    #[asn1(optional = "true")]
    status_string: Option<Any>,
    #[asn1(optional = "true")]
    fail_info: Option<der::asn1::BitString>,
}

#[derive(der::Sequence)]
struct TimeStampResp {
    status: PkiStatusInfo,
    #[asn1(optional = "true")]
    token: Option<Any>,
}

/// The TSTInfo fields this verifier reads; the rest (accuracy, ordering, nonce, tsa
/// name, extensions) follow and are left unread.
struct TstInfo {
    imprint: MessageImprint,
    gen_time: DateTime<Utc>,
    nonce: Option<Vec<u8>>,
}

fn parse_tst_info(der_bytes: &[u8]) -> Result<TstInfo, String> {
    let fields: Vec<Any> = Vec::<Any>::from_der(der_bytes).map_err(|e| e.to_string())?;
    let [_version, _policy, imprint, _serial, gen_time, rest @ ..] = fields.as_slice() else {
        return Err("TSTInfo too short".into());
    };
    // After genTime: accuracy (SEQUENCE), ordering (BOOLEAN), then the nonce (INTEGER).
    let nonce = rest
        .iter()
        .find(|a| a.tag() == der::Tag::Integer)
        .map(|a| a.value().to_vec());
    let imprint: MessageImprint = imprint.decode_as().map_err(|e: der::Error| e.to_string())?;
    let gen_time: GeneralizedTime = gen_time
        .decode_as()
        .map_err(|e: der::Error| e.to_string())?;
    Ok(TstInfo {
        imprint,
        gen_time: DateTime::<Utc>::from(gen_time.to_system_time()),
        nonce,
    })
}

fn hash_with(oid: &ObjectIdentifier, data: &[u8]) -> Option<Vec<u8>> {
    Some(match *oid {
        SHA256 => Sha256::digest(data).to_vec(),
        SHA384 => sha2::Sha384::digest(data).to_vec(),
        SHA512 => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

/// A timestamp request over `signature` (the SignerInfo's signature value), asking for
/// the TSA's certificate in the token so the token can be checked on its own.
pub fn request(signature: &[u8]) -> Result<(Vec<u8>, Vec<u8>), SignError> {
    let err = |e: der::Error| SignError::Tsa(e.to_string());
    let digest = Sha256::digest(signature);
    // The nonce ties the reply to this request; it need not be secret.
    let nonce_src = Sha256::digest(
        [
            &digest[..],
            &Utc::now().timestamp_nanos_opt().unwrap_or(0).to_be_bytes(),
        ]
        .concat(),
    );
    // Positive and minimally encoded: top bit clear, first byte never zero.
    let mut nonce = nonce_src[..8].to_vec();
    nonce[0] = (nonce[0] & 0x7f) | 0x01;
    let req = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: SHA256,
                parameters: None,
            },
            hashed_message: OctetString::new(digest.to_vec()).map_err(err)?,
        },
        nonce: der::asn1::Int::new(&nonce).map_err(err)?,
        cert_req: true,
    }
    .to_der()
    .map_err(err)?;
    Ok((req, nonce))
}

/// Asks the TSA at `url` (HTTP or HTTPS, RFC 3161 §3.4) to timestamp `signature`;
/// returns the token (a CMS ContentInfo, DER).
pub fn fetch(url: &str, signature: &[u8]) -> Result<Vec<u8>, SignError> {
    let (body, nonce) = request(signature)?;
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .new_agent();
    let fail = |detail: String| SignError::TsaUnreachable {
        url: url.to_owned(),
        detail,
    };
    let mut reply = agent
        .post(url)
        .header("content-type", "application/timestamp-query")
        .send(&body[..])
        .map_err(|e| fail(e.to_string()))?;
    if !reply.status().is_success() {
        return Err(fail(format!("HTTP {}", reply.status().as_u16())));
    }
    let bytes = reply
        .body_mut()
        .with_config()
        .limit(MAX_REPLY)
        .read_to_vec()
        .map_err(|e| fail(e.to_string()))?;
    token_from_reply(&bytes, signature, Some(&nonce))
}

/// The token of a TimeStampResp, after checking it was granted, is over `signature` and
/// answers the request with `nonce` (a replayed old reply does not).
pub fn token_from_reply(
    reply: &[u8],
    signature: &[u8],
    nonce: Option<&[u8]>,
) -> Result<Vec<u8>, SignError> {
    let bad = |d: String| SignError::Tsa(d);
    let resp = TimeStampResp::from_der(reply).map_err(|e| bad(e.to_string()))?;
    if resp.status.status > 1 {
        return Err(bad(format!("status {}", resp.status.status)));
    }
    let token = resp
        .token
        .ok_or_else(|| bad("no token".into()))?
        .to_der()
        .map_err(|e| bad(e.to_string()))?;
    let (_, info) = token_parts(&token).map_err(|p| bad(format!("{p:?}")))?;
    if hash_with(&info.imprint.hash_algorithm.oid, signature).as_deref()
        != Some(info.imprint.hashed_message.as_bytes())
    {
        return Err(bad("the timestamp is over other data".into()));
    }
    if nonce.is_some() && info.nonce.as_deref() != nonce {
        return Err(bad("the reply answers another request (nonce)".into()));
    }
    Ok(token)
}

/// `cms` with `token` added to its (only) SignerInfo as id-aa-signatureTimeStampToken.
pub fn attach(cms: &[u8], token: &[u8]) -> Result<Vec<u8>, SignError> {
    let err = |e: der::Error| SignError::Cms(e.to_string());
    let ci = ContentInfo::from_der(cms).map_err(err)?;
    let mut sd: SignedData = ci.content.decode_as().map_err(err)?;
    let mut infos: Vec<_> = sd.signer_infos.0.iter().cloned().collect();
    let [si] = infos.as_mut_slice() else {
        return Err(SignError::Cms("not one SignerInfo".into()));
    };
    let attr = Attribute {
        oid: ATTR_TIMESTAMP_TOKEN,
        values: SetOfVec::try_from(vec![Any::from_der(token).map_err(err)?]).map_err(err)?,
    };
    let mut attrs: Vec<Attribute> = si
        .unsigned_attrs
        .as_ref()
        .map(|a| {
            a.iter()
                .filter(|a| a.oid != ATTR_TIMESTAMP_TOKEN)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    attrs.push(attr);
    si.unsigned_attrs = Some(SetOfVec::try_from(attrs).map_err(err)?);
    sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(infos).map_err(err)?);
    ContentInfo {
        content_type: ci.content_type,
        content: Any::encode_from(&sd).map_err(err)?,
    }
    .to_der()
    .map_err(err)
}

/// Why a timestamp proves nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum TimestampProblem {
    Malformed(String),
    /// Its message imprint is not that of this signature's value.
    NotOverThisSignature,
    /// The TSA's signature over the token does not verify.
    BadSignature,
    /// The TSA's certificate does not chain to the trust store, or may not timestamp.
    Untrusted(crate::chain::ChainProblem),
    Revoked(String),
    NoTrustStore,
}

impl TimestampProblem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TimestampProblem::Malformed(d) => tr(lang, "sign-ts-malformed", &[("detail", d)]),
            TimestampProblem::NotOverThisSignature => tr(lang, "sign-ts-imprint", &[]),
            TimestampProblem::BadSignature => tr(lang, "sign-ts-signature", &[]),
            TimestampProblem::Untrusted(p) => {
                tr(lang, "sign-ts-untrusted", &[("detail", &p.message(lang))])
            }
            TimestampProblem::Revoked(at) => tr(lang, "sign-ts-untrusted", &[("detail", at)]),
            TimestampProblem::NoTrustStore => tr(lang, "sign-ts-no-store", &[]),
        }
    }
}

/// A signature's timestamp as the verifier judged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timestamp {
    /// Proves the signature existed at `at`; `tsa` names the authority.
    Proven {
        at: DateTime<Utc>,
        tsa: String,
    },
    Invalid {
        problem: TimestampProblem,
    },
}

fn token_parts(token: &[u8]) -> Result<(SignedData, TstInfo), TimestampProblem> {
    let malformed = |e: &dyn std::fmt::Display| TimestampProblem::Malformed(e.to_string());
    let (der_token, _) = crate::ber::to_der_prefix(token).map_err(|e| malformed(&e))?;
    let ci = ContentInfo::from_der(&der_token).map_err(|e| malformed(&e))?;
    let sd: SignedData = ci.content.decode_as().map_err(|e| malformed(&e))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(TimestampProblem::Malformed("not a TSTInfo".into()));
    }
    let content = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| TimestampProblem::Malformed("no TSTInfo".into()))?
        .decode_as::<OctetString>()
        .map_err(|e| malformed(&e))?;
    let info = parse_tst_info(content.as_bytes()).map_err(|e| malformed(&e))?;
    Ok((sd, info))
}

/// Checks `token` (the attribute's value, DER) as a timestamp over `signature`: its
/// imprint, the TSA's signature, and the TSA's certificate against the trust store at
/// `ctx.now` (a TSA's key is judged now: nothing proves an earlier time for it).
pub fn check(token: &[u8], signature: &[u8], ctx: &Context<'_>) -> Timestamp {
    let invalid = |problem| Timestamp::Invalid { problem };
    let (sd, info) = match token_parts(token) {
        Ok(p) => p,
        Err(p) => return invalid(p),
    };
    if hash_with(&info.imprint.hash_algorithm.oid, signature).as_deref()
        != Some(info.imprint.hashed_message.as_bytes())
    {
        return invalid(TimestampProblem::NotOverThisSignature);
    }
    let Some(tst_info) = sd
        .encap_content_info
        .econtent
        .as_ref()
        .and_then(|e| e.decode_as::<OctetString>().ok())
    else {
        return invalid(TimestampProblem::Malformed("no TSTInfo".into()));
    };
    let certs = crate::cms::certificates(&sd);
    let Some(si) = sd.signer_infos.0.iter().next() else {
        return invalid(TimestampProblem::Malformed("no SignerInfo".into()));
    };
    // The TSA's key is judged now (nothing proves an earlier time for it), but a
    // revocation list issued after genTime still shows it was not revoked when it
    // stamped: what a DSS keeps for years.
    let tsa_ctx = Context {
        lists_since: Some(info.gen_time),
        ..*ctx
    };
    let checked = crate::cms::check_signer_info(
        si,
        &certs,
        tst_info.as_bytes(),
        &tsa_ctx,
        Purpose::TimeStamping,
    );
    if checked.status != Status::Valid {
        return invalid(TimestampProblem::BadSignature);
    }
    if info.gen_time > ctx.now {
        return invalid(TimestampProblem::Malformed("genTime in the future".into()));
    }
    match checked.trust {
        Trust::Trusted(_) => Timestamp::Proven {
            at: info.gen_time,
            tsa: checked.signer.map(|s| s.name).unwrap_or_default(),
        },
        Trust::Untrusted(p) => invalid(TimestampProblem::Untrusted(p)),
        Trust::Revoked(at) => invalid(TimestampProblem::Revoked(at)),
        Trust::NoTrustStore | Trust::NotChecked => invalid(TimestampProblem::NoTrustStore),
    }
}

/// The signature value of the (only) SignerInfo of `cms`: what a timestamp is over.
pub fn signature_value(cms: &[u8]) -> Result<Vec<u8>, SignError> {
    let err = |e: der::Error| SignError::Cms(e.to_string());
    let ci = ContentInfo::from_der(cms).map_err(err)?;
    let sd: SignedData = ci.content.decode_as().map_err(err)?;
    let si = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| SignError::Cms("no SignerInfo".into()))?;
    Ok(si.signature.as_bytes().to_vec())
}

/// `cms` timestamped by the TSA at `url`.
pub fn timestamp_cms(cms: &[u8], url: &str) -> Result<Vec<u8>, SignError> {
    let token = fetch(url, &signature_value(cms)?)?;
    attach(cms, &token)
}
