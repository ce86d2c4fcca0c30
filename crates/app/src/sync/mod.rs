//! The workstation's side of sync with the central server (issue 15): the window's and
//! the CLI's services ([`service`]), one sync as a function over the journal and a
//! transport ([`engine`]), the transport trait ([`transport`]) with its HTTP
//! implementation ([`http`]), the token in the OS keyring ([`credentials`]), the
//! conflicts screen's view ([`conflicts`]) and the errors in the user's language
//! ([`error`]).
//!
//! With no server configured nothing here runs: the journal stays the offline SQLite it
//! always was.

mod alarms;
mod conflicts;
pub mod credentials;
pub mod engine;
mod error;
pub mod http;
mod service;
pub mod transport;

pub use alarms::AlarmView;
pub use conflicts::{
    ConflictField, ConflictResolved, ConflictVersion, ConflictView, RecordSyncState,
};
pub use engine::{SyncReport, sync_once, sync_once_in_batches};
pub use error::SyncError;
pub(crate) use error::{store_code, store_message};
pub use service::{PENDING_WARNING_MINUTES, SyncSettings, SyncStatus, server_url};
pub use transport::{PartUpload, Transport, TransportError};

/// The local settings (never pushed: the store keeps every `sync.` key local).
pub(crate) const SERVER_URL_KEY: &str = "sync.server_url";
pub(crate) const ENABLED_KEY: &str = "sync.enabled";
