//! The network between one workstation and the server, as the scheduler wants it: each
//! request may be lost before the server sees it, or its reply lost after the server
//! committed (the server restarting between commit and reply), sent twice, preceded by
//! a replay of an earlier request, or cut by the workstation crashing mid-upload; a
//! partitioned workstation reaches nothing.

use std::cell::RefCell;

use desk_app::sync::{PartUpload, Transport, TransportError};
use desk_server::ApiError;
use desk_wire::{
    BlobStatus, ErrorCode, LoginReply, LoginRequest, PullReply, PushReply, PushRequest, UserAccount,
};

use crate::rng::Rng;
use crate::server::{SimServer, refusal};

/// What happened on the links, for the run's report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    pub requests_lost: u64,
    pub replies_lost: u64,
    pub server_restarts: u64,
    pub duplicated: u64,
    pub replayed: u64,
    pub crashes: u64,
    pub partitions: u64,
    pub pushes: u64,
}

/// The scheduler's side of every link: its randomness, who is cut off, what each
/// workstation sent, and what went wrong.
#[derive(Debug)]
pub struct Net {
    pub rng: Rng,
    /// Per workstation: steps left offline (0: online).
    pub offline: Vec<u32>,
    /// Per workstation: the push requests it sent, for replays.
    pub sent: Vec<Vec<PushRequest>>,
    /// Per workstation: it crashed during its last request (the scheduler reopens it).
    pub crashed: Vec<bool>,
    /// No faults at all (quiescence).
    pub healed: bool,
    pub faults: Faults,
    /// Answers the server must never give (an internal error to a replay, say).
    pub violations: Vec<String>,
}

impl Net {
    pub fn new(seed: u64, workstations: usize) -> Net {
        Net {
            rng: Rng::new(seed.wrapping_mul(31).wrapping_add(17)),
            offline: vec![0; workstations],
            sent: vec![Vec::new(); workstations],
            crashed: vec![false; workstations],
            healed: false,
            faults: Faults::default(),
            violations: Vec::new(),
        }
    }
}

/// One workstation's link to the server.
pub struct Link<'a> {
    pub server: &'a SimServer,
    pub net: &'a RefCell<Net>,
    pub ws: usize,
    pub token: String,
}

impl std::fmt::Debug for Link<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link").field("ws", &self.ws).finish()
    }
}

fn refused(e: &ApiError) -> TransportError {
    let (status, body) = refusal(e);
    TransportError::Refused { status, body }
}

fn lost(what: &str) -> TransportError {
    TransportError::Unreachable(what.to_owned())
}

/// What the scheduler does to one push.
enum PushFate {
    Deliver,
    LoseRequest,
    LoseReply { restart: bool },
    Duplicate,
    Replay(usize),
    CrashBefore,
    CrashAfter,
}

impl Link<'_> {
    fn reachable(&self) -> Result<(), TransportError> {
        let net = self.net.borrow();
        if !net.healed && net.offline[self.ws] > 0 {
            return Err(lost("network unreachable (partition)"));
        }
        Ok(())
    }

    /// A read that may be lost either way (nothing on the server changes).
    fn read_fate(&self, percent: u32) -> Result<(), TransportError> {
        self.reachable()?;
        let mut net = self.net.borrow_mut();
        if !net.healed && net.rng.chance(percent) {
            net.faults.requests_lost += 1;
            return Err(lost("connection reset"));
        }
        Ok(())
    }

    fn push_fate(&self) -> PushFate {
        let mut net = self.net.borrow_mut();
        net.faults.pushes += 1;
        if net.healed {
            return PushFate::Deliver;
        }
        let sent = net.sent[self.ws].len();
        match net.rng.below(100) {
            0..8 => PushFate::LoseRequest,
            8..16 => {
                let restart = net.rng.chance(50);
                PushFate::LoseReply { restart }
            }
            16..21 => PushFate::Duplicate,
            21..27 if sent > 0 => {
                let i = net.rng.below(sent);
                PushFate::Replay(i)
            }
            27..30 => PushFate::CrashBefore,
            30..34 => PushFate::CrashAfter,
            _ => PushFate::Deliver,
        }
    }

    fn deliver(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.server
            .push(&self.token, &request.ops)
            .map_err(|e| refused(&e))
    }
}

impl Transport for Link<'_> {
    fn login(&self, request: &LoginRequest) -> Result<LoginReply, TransportError> {
        self.reachable()?;
        self.server
            .login(request.workstation.clone())
            .map_err(|e| refused(&e))
    }

    fn logout(&self) -> Result<(), TransportError> {
        self.reachable()?;
        self.server.logout(&self.token).map_err(|e| refused(&e))
    }

    fn users(&self) -> Result<Vec<UserAccount>, TransportError> {
        self.read_fate(3)?;
        self.server.users(&self.token).map_err(|e| refused(&e))
    }

    fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.reachable()?;
        let fate = self.push_fate();
        let record = |net: &RefCell<Net>| net.borrow_mut().sent[self.ws].push(request.clone());
        match fate {
            PushFate::Deliver => {
                record(self.net);
                self.deliver(request)
            }
            PushFate::LoseRequest => {
                self.net.borrow_mut().faults.requests_lost += 1;
                Err(lost("connection reset before the request was sent"))
            }
            PushFate::LoseReply { restart } => {
                record(self.net);
                let reply = self.deliver(request);
                let mut net = self.net.borrow_mut();
                net.faults.replies_lost += 1;
                if restart {
                    net.faults.server_restarts += 1;
                    drop(net);
                    if let Err(e) = self.server.restart() {
                        self.net
                            .borrow_mut()
                            .violations
                            .push(format!("server restart: {e}"));
                    }
                }
                drop(reply);
                Err(lost("connection reset after the request was sent"))
            }
            PushFate::Duplicate => {
                record(self.net);
                let first = self.deliver(request);
                self.net.borrow_mut().faults.duplicated += 1;
                let second = self.deliver(request);
                if let (Ok(a), Ok(b)) = (&first, &second)
                    && a.acks != b.acks
                {
                    self.net.borrow_mut().violations.push(format!(
                        "a duplicated push was acknowledged differently: {:?} then {:?}",
                        a.acks, b.acks
                    ));
                }
                second
            }
            PushFate::Replay(i) => {
                let old = self.net.borrow().sent[self.ws][i].clone();
                self.net.borrow_mut().faults.replayed += 1;
                // An old request arriving late: acknowledged as stored, or refused as a
                // gap; never an internal error, never a second copy.
                if let Err(e @ TransportError::Refused { .. }) = self.deliver(&old)
                    && let TransportError::Refused { body, .. } = &e
                    && body.error.code == ErrorCode::Internal
                {
                    self.net
                        .borrow_mut()
                        .violations
                        .push(format!("a replayed push got an internal error: {e}"));
                }
                record(self.net);
                self.deliver(request)
            }
            PushFate::CrashBefore => {
                let mut net = self.net.borrow_mut();
                net.faults.crashes += 1;
                net.crashed[self.ws] = true;
                Err(lost("the workstation crashed before sending"))
            }
            PushFate::CrashAfter => {
                record(self.net);
                let reply = self.deliver(request);
                drop(reply);
                let mut net = self.net.borrow_mut();
                net.faults.crashes += 1;
                net.crashed[self.ws] = true;
                Err(lost("the workstation crashed before reading the reply"))
            }
        }
    }

    fn pull(&self, since: i64, limit: usize) -> Result<PullReply, TransportError> {
        self.read_fate(5)?;
        self.server
            .pull(&self.token, since, limit)
            .map_err(|e| refused(&e))
    }

    fn blob_status(&self, sha256: &str) -> Result<BlobStatus, TransportError> {
        self.read_fate(3)?;
        self.server
            .blob_status(&self.token, sha256)
            .map_err(|e| refused(&e))
    }

    fn put_blob_part(&self, part: &PartUpload<'_>) -> Result<(), TransportError> {
        self.read_fate(3)?;
        let shape = desk_server::blobs::Shape {
            parts: part.parts,
            size: part.size,
        };
        self.server
            .put_part(&self.token, part.sha256, part.index, shape, part.bytes)
            .map(|_| ())
            .map_err(|e| refused(&e))
    }

    fn get_blob_part(&self, sha256: &str, index: u32) -> Result<Vec<u8>, TransportError> {
        self.read_fate(3)?;
        self.server
            .get_part(&self.token, sha256, index)
            .map_err(|e| refused(&e))
    }
}
