//! The NCALayer signer: the way real users sign, since NCA RK issues GOST keys (files and
//! tokens) that only NCALayer can use. NCALayer listens on `wss://127.0.0.1:13579`; the
//! `kz.gov.pki.knca.basics` module's `sign` method with `format: "cms"` and
//! `encapsulate: false` returns a detached CMS.
//!
//! Tested against a stand-in WebSocket server that answers with the message shapes of
//! NCALayer's documentation; it has not been tried against a live NCALayer here.

use std::net::TcpStream;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};
use x509_cert::Certificate;

use crate::cms::{Status, verify_detached};
use crate::{SignError, Signer};

/// Where NCALayer listens.
pub const NCALAYER_URL: &str = "wss://127.0.0.1:13579";

/// The key storages offered to the user: a PKCS#12 file and the hardware tokens NCA RK
/// supports (Kaztoken, ID card, eToken, JaCarta).
pub const STORAGES: [&str; 5] = [
    "PKCS12",
    "AKKaztokenStore",
    "AKKZIDCardStore",
    "AKEToken72KStore",
    "AKJaCartaStore",
];

#[derive(Debug, Clone)]
pub struct NcaLayerSigner {
    url: String,
    /// NCALayer's dialogs: `kk`, `ru` or `en`.
    locale: String,
}

impl NcaLayerSigner {
    pub fn new(url: &str, locale: &str) -> NcaLayerSigner {
        NcaLayerSigner {
            url: url.to_owned(),
            locale: locale.to_owned(),
        }
    }

    fn connect(&self) -> Result<WebSocket<MaybeTlsStream<TcpStream>>, SignError> {
        tungstenite::connect(self.url.as_str())
            .map(|(ws, _)| ws)
            .map_err(|e| SignError::NcaLayerNotRunning(e.to_string()))
    }

    /// The request for a detached CMS over `content`, restricted to signing keys.
    pub fn request(&self, content: &[u8]) -> Value {
        json!({
            "module": "kz.gov.pki.knca.basics",
            "method": "sign",
            "args": {
                "allowedStorages": STORAGES,
                "format": "cms",
                "data": B64.encode(content),
                "signingParams": { "decode": true, "encapsulate": false, "digested": false },
                "signerParams": { "extKeyUsageOids": [crate::checks::EKU_EMAIL_PROTECTION.to_string()], "chain": [] },
                "locale": self.locale,
            }
        })
    }
}

/// Reads NCALayer's answer: the CMS, or why there is none.
pub fn parse_response(message: &Value) -> Result<Option<Vec<u8>>, SignError> {
    let Some(status) = message.get("status").and_then(Value::as_bool) else {
        // NCALayer greets a new connection with its version; that is not the answer.
        return Ok(None);
    };
    if !status {
        let code = message.get("code").and_then(Value::as_str).unwrap_or("");
        let detail = ["details", "message"]
            .iter()
            .find_map(|k| message.get(*k).and_then(Value::as_str))
            .unwrap_or("")
            .to_owned();
        let lower = detail.to_lowercase();
        if lower.contains("storage") || lower.contains("token") || lower.contains("хранилищ")
        {
            return Err(SignError::NcaLayerStorage(detail));
        }
        return Err(SignError::NcaLayer(
            format!("{code} {detail}").trim().to_owned(),
        ));
    }
    // A successful exchange without a result is the user pressing "Cancel".
    let result = message
        .get("body")
        .and_then(|b| b.get("result"))
        .and_then(|r| match r {
            Value::Array(items) => items.first().and_then(Value::as_str).map(str::to_owned),
            Value::String(s) => Some(s.clone()),
            _ => None,
        });
    match result {
        None => Err(SignError::NcaLayerCancelled),
        Some(b64) => {
            let cleaned: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
            B64.decode(cleaned)
                .map(Some)
                .map_err(|e| SignError::NcaLayer(format!("base64: {e}")))
        }
    }
}

impl Signer for NcaLayerSigner {
    fn certificate(&self) -> Option<&Certificate> {
        None
    }

    fn sign_detached(&self, content: &[u8], _at: DateTime<Utc>) -> Result<Vec<u8>, SignError> {
        let mut ws = self.connect()?;
        let request = self.request(content).to_string();
        ws.send(Message::text(request))
            .map_err(|e| SignError::NcaLayerNotRunning(e.to_string()))?;
        loop {
            let msg = ws.read().map_err(|e| SignError::NcaLayer(e.to_string()))?;
            let text = match msg {
                Message::Text(t) => t.to_string(),
                Message::Close(_) => return Err(SignError::NcaLayer("connection closed".into())),
                _ => continue,
            };
            let value: Value =
                serde_json::from_str(&text).map_err(|e| SignError::NcaLayer(e.to_string()))?;
            if let Some(cms) = parse_response(&value)? {
                let _ = ws.close(None);
                check_returned(&cms, content)?;
                return Ok(cms);
            }
        }
    }
}

/// NCALayer's CMS must be a detached signature over exactly `content`. A GOST signature
/// cannot be checked here; anything else must verify.
fn check_returned(cms: &[u8], content: &[u8]) -> Result<(), SignError> {
    let checks = verify_detached(cms, content, None);
    match checks.first().map(|c| &c.status) {
        Some(Status::Valid | Status::NotVerifiable(_)) if checks.len() == 1 => Ok(()),
        Some(other) => Err(SignError::NcaLayer(format!("{other:?}"))),
        None => Err(SignError::NcaLayer("no signature".into())),
    }
}
