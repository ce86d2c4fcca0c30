//! One message to one SMTP server, through `lettre` (issue 18 item 2). The outbox decides
//! what to send and when; here only how, and whether a refusal is worth retrying.
//!
//! The Message-ID is the caller's: it is chosen and stored before the first attempt, so
//! a message sent again after a crash carries the same id and the recipient's mail
//! client shows one message, not two (`docs/outbox.md`).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which the server must offer (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No TLS at all: only for a relay on the loopback interface.
    None,
}

impl Security {
    pub fn code(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    pub fn from_code(s: &str) -> Option<Security> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Some(Security::Starttls),
            "tls" | "ssl" | "implicit" => Some(Security::Tls),
            "none" | "plain" => Some(Security::None),
            _ => None,
        }
    }
}

/// A deployment's mail server. The password is not here: it lives in the OS keyring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Empty: the server takes mail without authentication.
    pub user: String,
    /// The sender, `Name <address>` or a bare address.
    pub from: String,
    /// A PEM root to trust besides the OS store (an organisation's own CA, a test CA).
    pub extra_root_pem: Option<Vec<u8>>,
}

/// A file sent with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A message as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// `<…@…>`, kept from before the first attempt.
    pub message_id: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
}

/// Why a message did not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the server is unreachable, timed out, or answered 4xx.
    #[error("temporary: {0}")]
    Transient(String),
    /// Trying again will not help: 5xx (a bad mailbox, refused relay, failed login).
    #[error("permanent: {0}")]
    Permanent(String),
    /// The message itself cannot be built: an address or the sender is malformed.
    #[error("invalid message: {0}")]
    Invalid(String),
}

/// A new Message-ID in the sender's domain.
pub fn new_message_id(from: &str) -> String {
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("incident-desk.local");
    format!("<{}@{domain}>", uuid::Uuid::now_v7())
}

/// Whether `address` is one mailbox a message can be sent to (the registration form's
/// check, issue 18 item 6).
pub fn valid_address(address: &str) -> bool {
    address.trim().parse::<lettre::Address>().is_ok()
}

/// Whether `s` is a sender: `Name <address>` or a bare address.
pub fn valid_mailbox(s: &str) -> bool {
    s.trim().parse::<Mailbox>().is_ok()
}

/// The message as it goes on the wire: UTF-8 throughout, headers in RFC 2047 encoded
/// words where they are not ASCII, the body in quoted-printable or base64 as lettre
/// chooses, one part per attachment.
pub fn build(server: &Server, m: &Outgoing) -> Result<Message, SendError> {
    let from: Mailbox = server
        .from
        .parse()
        .map_err(|e| SendError::Invalid(format!("from {:?}: {e}", server.from)))?;
    let mut builder = Message::builder()
        .from(from)
        .subject(m.subject.clone())
        .message_id(Some(m.message_id.clone()));
    for to in &m.to {
        let mailbox: Mailbox = to
            .parse()
            .map_err(|e| SendError::Invalid(format!("to {to:?}: {e}")))?;
        builder = builder.to(mailbox);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone());
    let message = if m.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for a in &m.attachments {
            let kind = ContentType::parse(&a.content_type)
                .map_err(|e| SendError::Invalid(format!("{}: {e}", a.name)))?;
            parts =
                parts.singlepart(MimeAttachment::new(a.name.clone()).body(a.data.clone(), kind));
        }
        builder.multipart(parts)
    };
    message.map_err(|e| SendError::Invalid(e.to_string()))
}

/// Sends `m` through `server`; `Ok` once the server accepted it (250 after DATA).
pub fn send(server: &Server, password: Option<&str>, m: &Outgoing) -> Result<(), SendError> {
    let message = build(server, m)?;
    let tls = match server.security {
        Security::None => Tls::None,
        Security::Starttls => Tls::Required(tls_parameters(server)?),
        Security::Tls => Tls::Wrapper(tls_parameters(server)?),
    };
    let mut transport = SmtpTransport::builder_dangerous(&server.host)
        .port(server.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(30)));
    if !server.user.is_empty() {
        transport = transport.credentials(Credentials::new(
            server.user.clone(),
            password.unwrap_or_default().to_owned(),
        ));
    }
    transport
        .build()
        .send(&message)
        .map(|_| ())
        .map_err(classify)
}

fn tls_parameters(server: &Server) -> Result<TlsParameters, SendError> {
    let mut b = TlsParameters::builder(server.host.clone());
    if let Some(pem) = &server.extra_root_pem {
        let cert =
            Certificate::from_pem(pem).map_err(|e| SendError::Invalid(format!("root: {e}")))?;
        b = b.add_root_certificate(cert);
    }
    b.build_rustls()
        .map_err(|e| SendError::Invalid(format!("tls: {e}")))
}

/// A 5xx is the server's final word; anything else (no connection, a timeout, 4xx, a
/// dropped line, a TLS handshake the network broke) may pass on a later attempt.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}
