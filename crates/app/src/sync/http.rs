//! The real [`Transport`]: HTTPS (or plain HTTP on loopback and in tests) with `ureq`,
//! blocking, as every service of the application is (the shell already runs them on a
//! pool of worker threads). Certificates are checked against the OS trust store
//! (`rustls-platform-verifier`), so a server with the organisation's own or the national
//! CA's certificate installed there is trusted as the browser trusts it.

use std::time::Duration;

use desk_i18n::Lang;
use desk_wire::{
    API_PREFIX, API_VERSION, API_VERSION_HEADER, AlarmsReply, BlobStatus, ErrorBody, LoginReply,
    LoginRequest, MAX_BODY, MAX_PART, PullReply, PushReply, PushRequest, ServerAlarm, UserAccount,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::Response;
use ureq::tls::{RootCerts, TlsConfig};
use ureq::{Agent, Body};

use super::transport::{PartUpload, Transport, TransportError};

/// How long to wait for a connection: a server that is not there must not hold the
/// operator's window for long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take in all: a push or a pull of [`desk_wire::MAX_BATCH`]
/// ops, or an attachment part of 20 MB on a slow line.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);

/// The largest JSON reply read: a pull page of [`desk_wire::MAX_BATCH`] ops is not bound
/// by the server's request limit ([`MAX_BODY`]), so it gets room beyond it.
const MAX_REPLY: usize = 4 * MAX_BODY;

/// A server at `base` (`https://desk.example.kz`), with the token once logged in.
pub struct HttpTransport {
    agent: Agent,
    base: String,
    lang: Lang,
    token: Option<String>,
}

/// The token never reaches a log through `{:?}`.
impl std::fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpTransport")
            .field("base", &self.base)
            .field("lang", &self.lang)
            .field("logged_in", &self.token.is_some())
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    pub fn new(base: &str, lang: Lang, token: Option<String>) -> HttpTransport {
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            .user_agent(concat!("incident-desk/", env!("CARGO_PKG_VERSION")))
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::PlatformVerifier)
                    .build(),
            )
            .build()
            .new_agent();
        HttpTransport {
            agent,
            base: base.trim_end_matches('/').to_owned(),
            lang,
            token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}/{path}", self.base)
    }

    /// The headers every request carries: the protocol version, the language the
    /// server's messages are to be in, and the token.
    fn prepare<B>(&self, mut req: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        req = req
            .header(API_VERSION_HEADER, API_VERSION.to_string())
            .header("accept-language", self.lang.code());
        if let Some(token) = &self.token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        req
    }

    fn get(&self, path: &str) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
        self.prepare(self.agent.get(self.url(path)))
    }

    fn post_json<T: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &T,
    ) -> Result<R, TransportError> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| TransportError::Protocol(e.to_string()))?;
        let reply = self
            .prepare(self.agent.post(self.url(path)))
            .header("content-type", "application/json")
            .send(&bytes[..])
            .map_err(unreachable)?;
        json(reply)
    }
}

/// A request that got no HTTP answer.
fn unreachable(e: ureq::Error) -> TransportError {
    TransportError::Unreachable(e.to_string())
}

/// The body of a 2xx reply, at most `limit` bytes; any other status becomes the
/// server's [`ErrorBody`].
fn bytes(mut reply: Response<Body>, limit: usize) -> Result<Vec<u8>, TransportError> {
    let status = reply.status().as_u16();
    let body = reply
        .body_mut()
        .with_config()
        .limit(limit as u64)
        .read_to_vec();
    if (200..300).contains(&status) {
        return body.map_err(|e| match e {
            ureq::Error::Io(_) | ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed => {
                unreachable(e)
            }
            other => TransportError::Protocol(other.to_string()),
        });
    }
    let parsed = body
        .ok()
        .and_then(|b| serde_json::from_slice::<ErrorBody>(&b).ok());
    match parsed {
        Some(body) => Err(TransportError::Refused { status, body }),
        // A proxy in front of a server that is down answers for it.
        None if matches!(status, 502..=504) => {
            Err(TransportError::Unreachable(format!("HTTP {status}")))
        }
        None => Err(TransportError::Protocol(format!("HTTP {status}"))),
    }
}

fn json<R: DeserializeOwned>(reply: Response<Body>) -> Result<R, TransportError> {
    let body = bytes(reply, MAX_REPLY)?;
    serde_json::from_slice(&body).map_err(|e| TransportError::Protocol(e.to_string()))
}

impl HttpTransport {
    /// `GET alarms?since=N` (supervisors): not part of [`Transport`], which is what a
    /// sync needs.
    pub fn alarms(&self, since: i64) -> Result<Vec<ServerAlarm>, TransportError> {
        let reply = self
            .get("alarms")
            .query("since", since.to_string())
            .call()
            .map_err(unreachable)?;
        json::<AlarmsReply>(reply).map(|r| r.alarms)
    }
}

impl Transport for HttpTransport {
    fn login(&self, request: &LoginRequest) -> Result<LoginReply, TransportError> {
        self.post_json("login", request)
    }

    fn logout(&self) -> Result<(), TransportError> {
        let reply = self
            .prepare(self.agent.post(self.url("logout")))
            .send_empty()
            .map_err(unreachable)?;
        bytes(reply, MAX_BODY).map(drop)
    }

    fn users(&self) -> Result<Vec<UserAccount>, TransportError> {
        json(self.get("users").call().map_err(unreachable)?)
    }

    fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.post_json("push", request)
    }

    fn pull(&self, since: i64, limit: usize) -> Result<PullReply, TransportError> {
        let reply = self
            .get("pull")
            .query("since", since.to_string())
            .query("limit", limit.to_string())
            .call()
            .map_err(unreachable)?;
        json(reply)
    }

    fn blob_status(&self, sha256: &str) -> Result<BlobStatus, TransportError> {
        json(
            self.get(&format!("blobs/{sha256}"))
                .call()
                .map_err(unreachable)?,
        )
    }

    fn put_blob_part(&self, part: &PartUpload<'_>) -> Result<(), TransportError> {
        let path = format!("blobs/{}/parts/{}", part.sha256, part.index);
        let reply = self
            .prepare(self.agent.put(self.url(&path)))
            .query("parts", part.parts.to_string())
            .query("size", part.size.to_string())
            .header("content-type", "application/octet-stream")
            .send(part.bytes)
            .map_err(unreachable)?;
        bytes(reply, MAX_BODY).map(drop)
    }

    fn get_blob_part(&self, sha256: &str, index: u32) -> Result<Vec<u8>, TransportError> {
        let reply = self
            .get(&format!("blobs/{sha256}/parts/{index}"))
            .call()
            .map_err(unreachable)?;
        bytes(reply, MAX_PART)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_not_in_the_debug_output_and_the_base_loses_its_trailing_slash() {
        let t = HttpTransport::new("https://desk.example.kz/", Lang::Kk, Some("s3cr3t".into()));
        let shown = format!("{t:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(t.url("push"), "https://desk.example.kz/api/v1/push");
    }

    #[test]
    fn a_port_nobody_listens_on_is_unreachable_not_a_panic() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(9);
        let t = HttpTransport::new(&format!("http://127.0.0.1:{port}"), Lang::Ru, None);
        assert!(matches!(t.users(), Err(TransportError::Unreachable(_))));
    }
}
