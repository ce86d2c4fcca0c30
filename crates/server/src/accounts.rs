//! The accounts and workstations the server holds: once a workstation is registered, the
//! server's accounts and roles are authoritative, cached by workstations for offline work.

use desk_journal::{Action, Role};
use desk_wire::{ErrorCode, UserAccount, UserUpdate};
use tokio_postgres::GenericClient;

use crate::auth::{Session, hash_password};
use crate::config::PasswordCost;
use crate::error::{ApiError, ApiResult};

/// The shortest password an account may be given.
pub const MIN_PASSWORD: usize = 8;

pub fn wire_role(role: Role) -> desk_wire::Role {
    match role {
        Role::Operator => desk_wire::Role::Operator,
        Role::Specialist => desk_wire::Role::Specialist,
        Role::Supervisor => desk_wire::Role::Supervisor,
    }
}

pub fn journal_role(role: desk_wire::Role) -> Role {
    match role {
        desk_wire::Role::Operator => Role::Operator,
        desk_wire::Role::Specialist => Role::Specialist,
        desk_wire::Role::Supervisor => Role::Supervisor,
    }
}

/// Every account with its role (no password hashes), by login.
pub async fn users(c: &impl GenericClient) -> ApiResult<Vec<UserAccount>> {
    let rows = c
        .query("SELECT login, role FROM users ORDER BY login", &[])
        .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.get(1);
            let role = Role::from_code(&role)
                .ok_or_else(|| ApiError::internal(format!("stored role `{role}`")))?;
            Ok(UserAccount {
                login: r.get(0),
                role: wire_role(role),
            })
        })
        .collect()
}

/// A login as accounts are named: 1–64 characters, no spaces or control characters.
pub fn check_login(login: &str) -> ApiResult<()> {
    let ok = !login.is_empty()
        && login.chars().count() <= 64
        && !login
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/');
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::BadRequest)
            .field("login")
            .detail(format!("`{login}` is not a login")))
    }
}

/// Creates or changes an account (a supervisor's; the admin command passes `None`).
pub async fn set_user(
    c: &impl GenericClient,
    by: Option<&Session>,
    cost: &PasswordCost,
    login: &str,
    update: &UserUpdate,
) -> ApiResult<UserAccount> {
    if let Some(session) = by {
        session.require(Action::ManageUsers)?;
    }
    check_login(login)?;
    let hash = match &update.password {
        Some(p) if p.chars().count() < MIN_PASSWORD => {
            return Err(ApiError::new(ErrorCode::BadRequest)
                .field("password")
                .detail("password too short"));
        }
        Some(p) => {
            let (cost, p) = (cost.clone(), p.clone());
            let hash = tokio::task::spawn_blocking(move || hash_password(&cost, &p))
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?;
            Some(hash)
        }
        None => None,
    };
    let role = journal_role(update.role).code();
    let changed = match &hash {
        Some(hash) => {
            c.execute(
                "INSERT INTO users(login, role, password_hash) VALUES ($1, $2, $3)
                 ON CONFLICT (login) DO UPDATE SET role = excluded.role,
                   password_hash = excluded.password_hash, updated_at = now()",
                &[&login, &role, hash],
            )
            .await?
        }
        None => {
            c.execute(
                "UPDATE users SET role = $2, updated_at = now() WHERE login = $1",
                &[&login, &role],
            )
            .await?
        }
    };
    if changed == 0 {
        return Err(ApiError::new(ErrorCode::BadRequest)
            .field("password")
            .detail("a new account needs a password"));
    }
    tracing::info!(
        login,
        role,
        by = by.map(|s| s.login.as_str()),
        "account set"
    );
    Ok(UserAccount {
        login: login.to_owned(),
        role: update.role,
    })
}

/// Revokes a workstation and every token issued on it (a supervisor's).
pub async fn revoke_workstation(
    c: &mut tokio_postgres::Client,
    by: &Session,
    code: &str,
) -> ApiResult<()> {
    by.require(Action::ManageUsers)?;
    let tx = c.transaction().await?;
    let id = tx
        .query_opt(
            "UPDATE workstations SET revoked_at = coalesce(revoked_at, now()) WHERE code = $1 RETURNING id",
            &[&code],
        )
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound).field("code"))?;
    let id: uuid::Uuid = id.get(0);
    tx.execute(
        "UPDATE tokens SET revoked_at = now() WHERE workstation_id = $1 AND revoked_at IS NULL",
        &[&id],
    )
    .await?;
    tx.commit().await?;
    tracing::warn!(workstation = code, by = %by.login, "workstation revoked");
    Ok(())
}
