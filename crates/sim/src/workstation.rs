//! One simulated workstation: a real journal (`desk-store`) in its own directory, its
//! clock skewed by up to ±24 h, the edits a person makes offline, and what it wrote
//! (every op and every version) so the checks can prove none was lost.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use desk_journal::time::to_astana_display;
use desk_journal::{Field, NewAppeal, ValidCorrection, ValidTriage, WorkstationCode};
use desk_store::{Actor, Store};
use desk_vocab::{Criticality, EventKind, FailureType};

use crate::rng::Rng;
use crate::server::USER;

/// A version this workstation wrote: its appeal and parent, for the expected conflicts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Written {
    pub appeal_id: String,
    pub version_id: String,
    pub parent: Option<String>,
}

#[derive(Debug)]
pub struct Workstation {
    pub code: String,
    pub dir: PathBuf,
    pub store: Option<Store>,
    /// Seconds added to the scheduler's clock: this workstation's clock is wrong by it.
    pub skew: i64,
    pub token: Option<String>,
    /// The op of every edit that succeeded, in order.
    pub ops: Vec<String>,
    pub versions: Vec<Written>,
    pub edits: u32,
    /// Edits the journal refused (a link that would close a cycle, a second triage):
    /// they write nothing, and are not counted as made.
    pub refused: u32,
}

/// The kinds of edit, in the order of `Workstation::edit`'s draw.
const EVENT_KINDS: [EventKind; 5] = [
    EventKind::IdSent,
    EventKind::InfoRequested,
    EventKind::HomepagePosted,
    EventKind::ParticipantsNotified,
    EventKind::Fixed,
];

fn actor() -> Actor {
    Actor { user: USER.into() }
}

impl Workstation {
    pub fn open(code: &str, dir: PathBuf, skew: i64) -> anyhow::Result<Workstation> {
        let mut store = Store::open_in_dir(&dir)?;
        store.set_workstation(&WorkstationCode::parse(code)?, &actor())?;
        Ok(Workstation {
            code: code.to_owned(),
            dir,
            store: Some(store),
            skew,
            token: None,
            ops: Vec::new(),
            versions: Vec::new(),
            edits: 0,
            refused: 0,
        })
    }

    pub fn store(&mut self) -> anyhow::Result<&mut Store> {
        self.store
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("{} is not open", self.code))
    }

    /// This workstation's idea of now.
    pub fn now(&self, clock: DateTime<Utc>) -> DateTime<Utc> {
        clock + Duration::seconds(self.skew)
    }

    /// A crash: the journal is dropped mid-whatever and opened again from its file.
    pub fn crash_and_reopen(&mut self) -> anyhow::Result<()> {
        self.store = None;
        self.store = Some(Store::open_in_dir(&self.dir)?);
        Ok(())
    }

    /// The appeals this journal holds, in incident-number order (deterministic).
    fn appeal_ids(&mut self) -> anyhow::Result<Vec<String>> {
        let store = self.store()?;
        let mut q = store
            .connection()
            .prepare("SELECT id FROM appeals ORDER BY number")?;
        let ids = q
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    fn last_op(&mut self) -> anyhow::Result<String> {
        let store = self.store()?;
        Ok(store.connection().query_row(
            "SELECT op_id FROM outbox ORDER BY local_seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )?)
    }

    fn wrote_version(&mut self, appeal_id: &str, version_id: &str) -> anyhow::Result<()> {
        let store = self.store()?;
        let parent: Option<String> = store.connection().query_row(
            "SELECT parent_version_id FROM appeal_versions WHERE version_id = ?1",
            [version_id],
            |r| r.get(0),
        )?;
        self.versions.push(Written {
            appeal_id: appeal_id.to_owned(),
            version_id: version_id.to_owned(),
            parent,
        });
        Ok(())
    }

    /// Registers an appeal received an hour before this workstation's now.
    pub fn register(&mut self, rng: &mut Rng, clock: DateTime<Utc>) -> anyhow::Result<()> {
        let now = self.now(clock);
        let form = NewAppeal {
            organisation: format!("ТОО «{}-{}»", self.code, rng.below(1000)),
            bin_iin: "971240001315".into(),
            received_at: to_astana_display(now - Duration::hours(1)),
            channel: "email".into(),
            contact: "user@example.kz".into(),
            description: "Баға ұсынысы жүктелмейді".into(),
            ..Default::default()
        };
        let valid = form
            .validate(now)
            .map_err(|e| anyhow::anyhow!("registration form refused: {e:?}"))?;
        let row = self.store()?.register_appeal(&valid, &actor(), now)?;
        self.wrote_version(&row.id.to_string(), &row.version_id.to_string())?;
        self.made()
    }

    fn made(&mut self) -> anyhow::Result<()> {
        let op = self.last_op()?;
        self.ops.push(op);
        self.edits += 1;
        Ok(())
    }

    /// One edit a person makes: mostly on the first appeals, which every workstation
    /// holds, so that edits of the same appeal meet on the server.
    pub fn edit(&mut self, rng: &mut Rng, clock: DateTime<Utc>) -> anyhow::Result<()> {
        let ids = self.appeal_ids()?;
        let kind = rng.below(100);
        if ids.is_empty() || kind < 15 {
            return self.register(rng, clock);
        }
        let shared = ids.len().min(8);
        let target = if rng.chance(70) {
            ids[rng.below(shared)].clone()
        } else {
            ids[rng.below(ids.len())].clone()
        };
        let now = self.now(clock);
        let result = match kind {
            15..50 => {
                let field = [Field::Organisation, Field::Description, Field::Contact][rng.below(3)];
                let value = match field {
                    Field::Contact => format!(
                        "{}-{}@example.kz",
                        self.code.to_lowercase(),
                        rng.below(10_000)
                    ),
                    _ => format!("{} {} {}", self.code, field.code(), rng.below(10_000)),
                };
                let c = ValidCorrection {
                    field,
                    value: Some(value),
                    reason: "уточнение".into(),
                };
                self.store()?
                    .correct(&target, &c, &actor(), now)
                    .map(|row| Some(row.version_id.to_string()))
            }
            50..70 => {
                let kind = EVENT_KINDS[rng.below(EVENT_KINDS.len())];
                self.store()?
                    .record_event(&target, kind, now, &actor(), now)
                    .map(|()| None)
            }
            70..85 => {
                // 002 §26, §38: the fault follows the type.
                let failure_type = FailureType::ALL[rng.below(FailureType::ALL.len())];
                let t = ValidTriage {
                    analysis: EventKind::Confirmed,
                    at: now,
                    criticality: Some(
                        [Criticality::Low, Criticality::Medium, Criticality::High][rng.below(3)],
                    ),
                    operator_fault: failure_type.operator_dependent(),
                    failure_type: Some(failure_type),
                    decision: format!("{}: сбой подтверждён", self.code),
                    recommendations: String::new(),
                    supporting_info: String::new(),
                    reason: String::new(),
                };
                self.store()?
                    .triage(&target, &t, &actor(), now)
                    .map(|row| Some(row.version_id.to_string()))
            }
            _ => {
                let other = ids[rng.below(ids.len())].clone();
                let number: String = self.store()?.connection().query_row(
                    "SELECT number FROM appeals WHERE id = ?1",
                    [&other],
                    |r| r.get(0),
                )?;
                self.store()?
                    .link(&target, &number, &actor(), now)
                    .map(|row| Some(row.version_id.to_string()))
            }
        };
        match result {
            Ok(version) => {
                if let Some(v) = version {
                    self.wrote_version(&target, &v)?;
                }
                self.made()
            }
            Err(e) if refused_by_rules(&e) => {
                self.refused += 1;
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A refusal a person meets at the desk (the edit is not made), not a failure.
fn refused_by_rules(e: &desk_store::StoreError) -> bool {
    use desk_store::StoreError as E;
    matches!(e, E::Refused(_) | E::AlreadyTriaged(_) | E::LinkSelf)
}
