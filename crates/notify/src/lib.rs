//! Notices of Incident Desk (issue 18): the templates of every notice the regulations
//! name, rendered from the shared translations (`templates.rs`), and the SMTP sender the
//! e-mail outbox uses (`smtp.rs`). No journal here: what is queued, sent and recorded is
//! the store's and the application's.

pub mod smtp;
pub mod templates;

pub use templates::{MissingValue, Notice, NoticeField, NoticeKind, Values, render};
