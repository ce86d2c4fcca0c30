//! `desk-server`, the central sync server of Incident Desk (issue 15): accounts with
//! roles, workstation registration, bearer tokens, and the ledger every workstation
//! pushes its ops to and pulls the others' from, with a hash chain over it and the
//! attachments' files in verified parts. It keeps no state outside PostgreSQL, so any
//! number of instances serve one database.
//!
//! The logic is in plain async functions over a PostgreSQL client or transaction
//! ([`push::push`], [`pull::pull`], [`auth::login`], [`blobs::put_part`], …), callable
//! without HTTP; [`http`] is only the face the workstations talk to. The protocol's
//! types are `desk-wire`'s.

pub mod accounts;
pub mod alarms;
pub mod auth;
pub mod blobs;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod limiter;
pub mod pull;
pub mod push;
mod serve;

pub use config::Config;
pub use error::{ApiError, ApiResult};
pub use http::{AppState, router};
pub use serve::{prepare, serve};
