//! Logging in and who a token speaks for.
//!
//! A token is 32 random bytes (base64url); the server keeps only its SHA-256, with an
//! expiry, and a revocation when the user logs out or a supervisor revokes the
//! workstation. The role is read from the account on every request, so a changed role
//! counts from the next request on.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use desk_journal::{Action, Role};
use desk_wire::{ErrorCode, LoginReply, LoginRequest, UserAccount, WorkstationIdentity};
use sha2::{Digest, Sha256};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::config::{LoginLimit, PasswordCost};
use crate::error::{ApiError, ApiResult};
use crate::limiter;

/// What logging in needs besides the database.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub token_lifetime: chrono::Duration,
    pub login_limit: LoginLimit,
    pub password_cost: PasswordCost,
    /// Verified against when the login is unknown, so a wrong login costs the same time
    /// as a wrong password and does not tell which accounts exist.
    dummy_hash: String,
}

impl AuthSettings {
    pub fn new(
        token_lifetime: chrono::Duration,
        login_limit: LoginLimit,
        password_cost: PasswordCost,
    ) -> anyhow::Result<AuthSettings> {
        let dummy_hash = hash_password(&password_cost, "not a password of anyone")?;
        Ok(AuthSettings {
            token_lifetime,
            login_limit,
            password_cost,
            dummy_hash,
        })
    }
}

/// The user and workstation a valid token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub login: String,
    pub role: Role,
    pub workstation_id: Uuid,
    /// The workstation's code: the `workstation` every op it pushes must name.
    pub workstation: String,
    pub token_sha256: Vec<u8>,
}

impl Session {
    /// Refuses with `Forbidden` unless the user's role allows `action`.
    pub fn require(&self, action: Action) -> ApiResult<()> {
        if self.role.may(action) {
            Ok(())
        } else {
            Err(ApiError::new(ErrorCode::Forbidden).detail(format!(
                "{} ({}) may not {}",
                self.login,
                self.role.code(),
                action.code()
            )))
        }
    }
}

/// An argon2id hash in the PHC string format.
pub fn hash_password(cost: &PasswordCost, password: &str) -> anyhow::Result<String> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("random salt: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = argon
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches `hash` (its parameters are read from the hash itself).
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A new token and the SHA-256 the server keeps of it.
pub fn new_token() -> ApiResult<(String, Vec<u8>)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("random token: {e}")))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_sha256(&token);
    Ok((token, hash))
}

pub fn token_sha256(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The session of a bearer token, or why there is none.
pub async fn session(c: &impl GenericClient, token: &str) -> ApiResult<Session> {
    let hash = token_sha256(token);
    let row = c
        .query_opt(
            "SELECT t.login, u.role, w.id, w.code, w.revoked_at IS NOT NULL,
                    t.revoked_at IS NOT NULL, t.expires_at <= now()
             FROM tokens t
             JOIN users u ON u.login = t.login
             JOIN workstations w ON w.id = t.workstation_id
             WHERE t.token_sha256 = $1",
            &[&hash],
        )
        .await?;
    let Some(row) = row else {
        return Err(ApiError::new(ErrorCode::Unauthenticated).detail("unknown token"));
    };
    if row.get::<_, bool>(4) {
        return Err(
            ApiError::new(ErrorCode::WorkstationRevoked).detail("token of a revoked workstation")
        );
    }
    if row.get::<_, bool>(5) {
        return Err(ApiError::new(ErrorCode::Unauthenticated).detail("revoked token"));
    }
    if row.get::<_, bool>(6) {
        return Err(ApiError::new(ErrorCode::Unauthenticated).detail("expired token"));
    }
    let role: String = row.get(1);
    Ok(Session {
        login: row.get(0),
        role: Role::from_code(&role)
            .ok_or_else(|| ApiError::internal(format!("stored role `{role}`")))?,
        workstation_id: row.get(2),
        workstation: row.get(3),
        token_sha256: hash,
    })
}

/// Logs a user in on a workstation, registering the workstation at its first login.
/// `address` is the client's address, for the rate limit.
pub async fn login(
    c: &mut tokio_postgres::Client,
    settings: &AuthSettings,
    req: &LoginRequest,
    address: &str,
) -> ApiResult<LoginReply> {
    let limit = &settings.login_limit;
    if limiter::limited(c, limit, &req.login, address).await? {
        tracing::warn!(login = %req.login, address, "login rate-limited");
        return Err(ApiError::new(ErrorCode::RateLimited).detail("too many failed logins"));
    }
    let account = c
        .query_opt(
            "SELECT role, password_hash FROM users WHERE login = $1",
            &[&req.login],
        )
        .await?;
    let (role, hash) = match &account {
        Some(row) => (Some(row.get::<_, String>(0)), row.get::<_, String>(1)),
        None => (None, settings.dummy_hash.clone()),
    };
    let password = req.password.clone();
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(ApiError::internal)?;
    let role = match (role, matches) {
        (Some(role), true) => role,
        _ => {
            limiter::record_failure(c, limit, &req.login, address).await?;
            tracing::warn!(login = %req.login, address, "failed login");
            return Err(ApiError::new(ErrorCode::BadCredentials));
        }
    };
    let role = Role::from_code(&role)
        .ok_or_else(|| ApiError::internal(format!("stored role `{role}`")))?;
    let tx = c.transaction().await?;
    register_workstation(&tx, &req.workstation).await?;
    let (token, token_hash) = new_token()?;
    let expires_at: DateTime<Utc> = Utc::now() + settings.token_lifetime;
    tx.execute(
        "INSERT INTO tokens(token_sha256, login, workstation_id, expires_at) VALUES ($1, $2, $3, $4)",
        &[&token_hash, &req.login, &req.workstation.id, &expires_at],
    )
    .await?;
    limiter::clear_login(&tx, &req.login).await?;
    // Tokens a day past their expiry answer nothing but "unknown" from now on.
    tx.execute(
        "DELETE FROM tokens WHERE expires_at < now() - interval '1 day'",
        &[],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(login = %req.login, workstation = %req.workstation.code, "login");
    Ok(LoginReply {
        token,
        expires_at,
        user: UserAccount {
            login: req.login.clone(),
            role: crate::accounts::wire_role(role),
        },
    })
}

/// Registers a workstation unknown to the server; refuses a second one with a code
/// already taken (incident numbers carry the code) and a revoked one.
async fn register_workstation(
    tx: &tokio_postgres::Transaction<'_>,
    ws: &WorkstationIdentity,
) -> ApiResult<()> {
    let code = desk_journal::WorkstationCode::parse(&ws.code)
        .map_err(|_| {
            ApiError::new(ErrorCode::BadRequest)
                .field("workstation.code")
                .detail(format!("`{}` is not a workstation code", ws.code))
        })?
        .as_str()
        .to_owned();
    if code != ws.code {
        return Err(ApiError::new(ErrorCode::BadRequest)
            .field("workstation.code")
            .detail("a workstation code is upper-case letters and digits"));
    }
    // Two first logins of one new code at once: the unique code decides, not a race.
    tx.execute(
        "INSERT INTO workstations(id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&ws.id, &code],
    )
    .await?;
    let by_id = tx
        .query_opt(
            "SELECT code, revoked_at IS NOT NULL FROM workstations WHERE id = $1",
            &[&ws.id],
        )
        .await?;
    match by_id {
        Some(row) if row.get::<_, bool>(1) => {
            Err(ApiError::new(ErrorCode::WorkstationRevoked).field("workstation.id"))
        }
        Some(row) if row.get::<_, String>(0) == code => Ok(()),
        Some(row) => Err(ApiError::new(ErrorCode::BadRequest)
            .field("workstation.code")
            .detail(format!(
                "workstation {} is registered as {}",
                ws.id,
                row.get::<_, String>(0)
            ))),
        None => Err(ApiError::new(ErrorCode::WorkstationCodeTaken)
            .field("workstation.code")
            .detail(format!("{code} belongs to another workstation"))),
    }
}

/// Revokes the session's token.
pub async fn logout(c: &impl GenericClient, session: &Session) -> ApiResult<()> {
    c.execute(
        "UPDATE tokens SET revoked_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL",
        &[&session.token_sha256],
    )
    .await?;
    Ok(())
}
