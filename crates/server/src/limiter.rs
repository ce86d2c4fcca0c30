//! The login rate limit, kept in PostgreSQL: failed logins are counted per login and per
//! client address in a fixed window, so every instance serving the database refuses the
//! same guesser (an in-memory limiter such as tower-governor would let each instance
//! grant its own quota).

use tokio_postgres::GenericClient;

use crate::config::LoginLimit;
use crate::error::ApiResult;

fn window_seconds(limit: &LoginLimit) -> f64 {
    f64::from(limit.window_minutes) * 60.0
}

/// Whether the login or the address has used up its failed attempts in this window.
pub async fn limited(
    c: &impl GenericClient,
    limit: &LoginLimit,
    login: &str,
    address: &str,
) -> ApiResult<bool> {
    let rows = c
        .query(
            "SELECT scope, failures FROM login_failures
             WHERE ((scope = 'login' AND key = $1) OR (scope = 'address' AND key = $2))
               AND window_start > now() - make_interval(secs => $3)",
            &[&login, &address, &window_seconds(limit)],
        )
        .await?;
    Ok(rows.iter().any(|r| {
        let failures: i32 = r.get(1);
        match r.get::<_, &str>(0) {
            "login" => failures >= limit.per_login,
            _ => failures >= limit.per_address,
        }
    }))
}

/// Counts a failed login against both the login and the address.
pub async fn record_failure(
    c: &impl GenericClient,
    limit: &LoginLimit,
    login: &str,
    address: &str,
) -> ApiResult<()> {
    // Windows long over count nothing: dropping them keeps a guesser from growing the
    // table without bound.
    c.execute(
        "DELETE FROM login_failures WHERE window_start < now() - make_interval(secs => $1)",
        &[&window_seconds(limit)],
    )
    .await?;
    for (scope, key) in [("login", login), ("address", address)] {
        c.execute(
            "INSERT INTO login_failures(scope, key, window_start, failures)
             VALUES ($1, $2, now(), 1)
             ON CONFLICT (scope, key) DO UPDATE SET
               failures = CASE WHEN login_failures.window_start > now() - make_interval(secs => $3)
                               THEN login_failures.failures + 1 ELSE 1 END,
               window_start = CASE WHEN login_failures.window_start > now() - make_interval(secs => $3)
                               THEN login_failures.window_start ELSE now() END",
            &[&scope, &key, &window_seconds(limit)],
        )
        .await?;
    }
    Ok(())
}

/// A successful login starts the login's count afresh (the address's stays: one
/// account of a guesser's must not reset the count of the others it tries).
pub async fn clear_login(c: &impl GenericClient, login: &str) -> ApiResult<()> {
    c.execute(
        "DELETE FROM login_failures WHERE scope = 'login' AND key = $1",
        &[&login],
    )
    .await?;
    Ok(())
}
