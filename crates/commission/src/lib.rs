//! The permanent Commission for trading platforms (003 ch. 3–4, DIGEST §4): its
//! composition, meetings, quorum, votes, the decision rule of
//! shared/specs/commission.md, dissenting opinions, who signs the protocol by when, and
//! the platforms' applications with their checklists and clocks.
//! Pure: no I/O, no clock; the store, the documents and the CLI build on it.

pub mod application;
mod command;
mod composition;
pub mod disconnection;
mod error;
mod meeting;
mod tally;

pub use command::{MAX_INPUT_BYTES, application_command, explanation, tally_command};
pub use composition::{ApprovalOrder, Composition, Member, Standing, Warning, in_force};
pub use error::CommissionError;
pub use meeting::{Ballot, Dissent, Item, Meeting, Proposal, is_late, protocol_due};
pub use tally::{Outcome, Role, Seat, Side, Tally, Vote, check_seats, needed, quorum, tally};
