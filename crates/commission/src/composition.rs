//! The Commission's composition as approved by an order of the first head (003 §5, §8).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CommissionError;
use crate::tally::{Role, Seat, check_seats};

/// A member's standing role in the composition; the acting chair is named per meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Chair,
    Member,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub role: Standing,
    /// e.g. the "Atameken" National Chamber of Entrepreneurs (003 §5).
    pub organisation: String,
    pub position: String,
}

/// The order that approved the composition (003 §5: approved by the first head).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalOrder {
    pub number: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composition {
    pub order: ApprovalOrder,
    pub members: Vec<Member>,
}

/// What is allowed but worth telling the secretary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "CommissionWarning")]
pub enum Warning {
    /// 003 §5 names a representative of the "Atameken" chamber, "by agreement": the
    /// chamber may not have agreed, so its absence is no refusal.
    NoChamberRepresentative,
}

fn is_chamber(organisation: &str) -> bool {
    let o = organisation.to_lowercase();
    ["atameken", "атамекен"].iter().any(|n| o.contains(n))
}

impl Composition {
    pub fn seats(&self) -> Vec<Seat<'_>> {
        self.members
            .iter()
            .map(|m| Seat {
                id: &m.id,
                role: match m.role {
                    Standing::Chair => Role::Chair,
                    Standing::Member => Role::Member,
                },
            })
            .collect()
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn chair(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.role == Standing::Chair)
    }

    /// 003 §5: an odd number, at least five, one chair (§8), each named; the approving
    /// order given. The warnings are for the secretary, not refusals.
    pub fn validate(&self) -> Result<Vec<Warning>, CommissionError> {
        if self.order.number.trim().is_empty() {
            return Err(CommissionError::Order { field: "number" });
        }
        check_seats(&self.seats())?;
        if let Some(index) = self.members.iter().position(|m| m.name.trim().is_empty()) {
            return Err(CommissionError::EmptyName { index });
        }
        let mut warnings = Vec::new();
        if !self.members.iter().any(|m| is_chamber(&m.organisation)) {
            warnings.push(Warning::NoChamberRepresentative);
        }
        Ok(warnings)
    }
}

/// The composition in force on `date`: of the versions approved on or before it, the
/// latest order, and of two on the same day the one recorded later. Versions are only
/// appended, so a protocol shows the composition of its meeting's date (issue 17 §1).
pub fn in_force(versions: &[Composition], date: NaiveDate) -> Option<&Composition> {
    versions
        .iter()
        .enumerate()
        .filter(|(_, c)| c.order.date <= date)
        .max_by_key(|(i, c)| (c.order.date, *i))
        .map(|(_, c)| c)
}
