//! Logging in, workstations and the accounts the server holds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The role of an account; the same three as on a workstation (`desk-journal`'s `Role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Operator,
    Specialist,
    Supervisor,
}

/// A workstation as it introduces itself: the id it generated at its first start and the
/// code its incident numbers carry (`AST1-2026-000042`). The server keeps one workstation
/// per code, so incident numbers stay unique without asking it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkstationIdentity {
    pub id: Uuid,
    pub code: String,
}

/// `POST /api/v1/login`. A workstation unknown to the server is registered by the first
/// login from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
    pub workstation: WorkstationIdentity,
}

/// A bearer token bound to one user on one workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginReply {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserAccount,
}

/// An account as workstations cache it for offline work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserAccount {
    pub login: String,
    pub role: Role,
}

/// `PUT /api/v1/users/{login}` (supervisors): creates the account or changes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserUpdate {
    pub role: Role,
    /// A new password; `None` keeps the current one (required for a new account).
    #[serde(default)]
    pub password: Option<String>,
}
