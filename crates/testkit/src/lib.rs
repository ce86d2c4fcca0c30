//! The test kit of Incident Desk (dev-only, never shipped): what the tests of the CLI,
//! the signatures and the documents share instead of each keeping a copy.
//!
//! - [`desk`]: the `desk` runner and the reading of its output;
//! - [`rows`]: sample appeals, as a `journal add` form and as journal rows;
//! - [`postgres`]: a throwaway PostgreSQL cluster for the server's tests;
//! - [`server`]: the real `desk-server` binary over one of its databases;
//! - [`replica`]: a replica's rows as the sync's proofs compare them;
//! - [`pki`]: a throwaway certification authority issuing PKCS#12 keys (`openssl`);
//! - [`checkers`]: pdfsig, pyHanko, `openssl cms`, pdftotext and pdfinfo;
//! - [`tools`]: running a tool that must be installed;
//! - [`snapshot`]: committed expected texts;
//! - [`benchmarks`]: the benchmarks' marked sections of BENCHMARKS.md.
// A test helper that cannot do its job fails the test; that is what unwrap is for here.
#![allow(clippy::unwrap_used)]

pub mod benchmarks;
pub mod checkers;
pub mod desk;
pub mod pki;
pub mod postgres;
pub mod replica;
pub mod rows;
pub mod server;
pub mod smtp;
pub mod snapshot;
pub mod tools;

pub use desk::DeskCli;
pub use postgres::PgCluster;
pub use server::DeskServer;
