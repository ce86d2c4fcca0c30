//! Contact-centre obligations of one appeal (deadlines.md §3): what is due, when, and by
//! which clause.
//!
//! The journal builds a typed [`Scenario`] with [`Scenario::new`]; `desk deadlines` reads
//! the same scenario from JSON ([`json`], the CLI's edge) and goes through the same
//! checks, so any history one accepts the other computes identically.

mod compute;
pub mod json;
mod scenario;

pub use compute::{Obligation, State, obligations};
pub use scenario::{Event, Scenario};
