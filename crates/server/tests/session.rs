//! Logging in, tokens, accounts, workstations and the refusals every endpoint gives a
//! request it must not serve (issue 15 §5: every denied case tested).
#![allow(clippy::unwrap_used)]

mod common;

use common::{PASSWORD, Server, Workstation, refusal, refused};
use desk_wire::{
    API_VERSION_HEADER, ErrorCode, LoginReply, LoginRequest, Role, UserAccount, UserUpdate,
};
use reqwest::Method;

#[tokio::test]
async fn a_user_logs_in_gets_a_token_and_the_accounts_for_offline_work() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    s.user("boss", Role::Supervisor).await;
    let ws = Workstation::new("AST1");
    let res = s.login_as("aigul", &ws).await;
    assert_eq!(res.status(), 200);
    let reply: LoginReply = res.json().await.unwrap();
    assert_eq!(reply.user.role, Role::Operator);
    assert!(reply.expires_at > chrono::Utc::now() + chrono::Duration::hours(11));
    // 32 random bytes in base64url without padding; only their SHA-256 is stored.
    assert_eq!(reply.token.len(), 43);
    let stored = format!(
        "SELECT count(*) FROM tokens WHERE token_sha256 = sha256(convert_to('{}', 'UTF8'))",
        reply.token
    );
    assert_eq!(s.count(&stored).await, 1);
    let users: Vec<UserAccount> = s
        .get("users", &reply.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        users,
        vec![
            UserAccount {
                login: "aigul".into(),
                role: Role::Operator
            },
            UserAccount {
                login: "boss".into(),
                role: Role::Supervisor
            },
        ]
    );
    assert_eq!(
        s.count("SELECT count(*) FROM workstations WHERE code = 'AST1'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_wrong_password_or_login_is_refused_alike_and_guessing_is_rate_limited() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    let ws = Workstation::new("AST1");
    let attempt = |login: &str, password: &str| LoginRequest {
        login: login.into(),
        password: password.into(),
        workstation: ws.identity(),
    };
    let send = |req: LoginRequest| s.req(Method::POST, "login").json(&req).send();
    let unknown = refused(
        send(attempt("nobody", PASSWORD)).await.unwrap(),
        401,
        ErrorCode::BadCredentials,
    )
    .await;
    let wrong = refused(
        send(attempt("aigul", "guess-1")).await.unwrap(),
        401,
        ErrorCode::BadCredentials,
    )
    .await;
    // The same answer: a guesser does not learn which logins exist.
    assert_eq!(unknown.error.message, wrong.error.message);
    send(attempt("aigul", "guess-2")).await.unwrap();
    send(attempt("aigul", "guess-3")).await.unwrap();
    // Three failures of one login within the window (the test's limit): even the right
    // password is refused until the window has passed.
    let res = send(attempt("aigul", PASSWORD)).await.unwrap();
    assert!(res.headers().contains_key("retry-after"));
    refused(res, 429, ErrorCode::RateLimited).await;
    // The limit lives in PostgreSQL: another instance on the database refuses too.
    let other = Server::on(&s.database_url).await;
    let res = other
        .req(Method::POST, "login")
        .json(&attempt("aigul", PASSWORD))
        .send()
        .await
        .unwrap();
    refused(res, 429, ErrorCode::RateLimited).await;
    // Once the window is over, the right password works again.
    s.execute("UPDATE login_failures SET window_start = now() - interval '1 hour'")
        .await;
    assert_eq!(s.login_as("aigul", &ws).await.status(), 200);
}

#[tokio::test]
async fn an_expired_a_logged_out_and_an_unknown_token_are_refused() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    let ws = Workstation::new("AST1");
    let token = s.token("aigul", &ws).await;
    assert_eq!(s.get("users", &token).send().await.unwrap().status(), 200);

    let res = s.get("users", "not-a-token").send().await.unwrap();
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    refused(res, 401, ErrorCode::Unauthenticated).await;
    let res = s.req(Method::GET, "users").send().await.unwrap();
    refused(res, 401, ErrorCode::Unauthenticated).await;

    s.execute("UPDATE tokens SET expires_at = now() - interval '1 second'")
        .await;
    refused(
        s.get("users", &token).send().await.unwrap(),
        401,
        ErrorCode::Unauthenticated,
    )
    .await;

    let token = s.token("aigul", &ws).await;
    let res = s.post("logout", &token).send().await.unwrap();
    assert_eq!(res.status(), 204);
    refused(
        s.get("users", &token).send().await.unwrap(),
        401,
        ErrorCode::Unauthenticated,
    )
    .await;
}

#[tokio::test]
async fn a_second_workstation_with_a_taken_code_and_a_revoked_one_are_refused() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    s.user("boss", Role::Supervisor).await;
    let first = Workstation::new("AST1");
    let token = s.token("aigul", &first).await;
    // Incident numbers carry the code: a second workstation must not take it.
    let impostor = Workstation::new("AST1");
    let body = refused(
        s.login_as("aigul", &impostor).await,
        409,
        ErrorCode::WorkstationCodeTaken,
    )
    .await;
    assert_eq!(body.error.field.as_deref(), Some("workstation.code"));

    // An operator cannot revoke; a supervisor can, and every token of it stops working.
    let res = s
        .post("workstations/AST1/revoke", &token)
        .send()
        .await
        .unwrap();
    refused(res, 403, ErrorCode::Forbidden).await;
    let boss = s.token("boss", &Workstation::new("HQ1")).await;
    let res = s
        .post("workstations/AST1/revoke", &boss)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = s.get("users", &token).send().await.unwrap();
    refused(res, 403, ErrorCode::WorkstationRevoked).await;
    refused(
        s.login_as("aigul", &first).await,
        403,
        ErrorCode::WorkstationRevoked,
    )
    .await;
    let res = s
        .post("workstations/NOPE/revoke", &boss)
        .send()
        .await
        .unwrap();
    refused(res, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn only_a_supervisor_changes_accounts_and_the_new_role_counts_at_once() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    s.user("boss", Role::Supervisor).await;
    let ws = Workstation::new("AST1");
    let operator = s.token("aigul", &ws).await;
    let boss = s.token("boss", &ws).await;
    let update = UserUpdate {
        role: Role::Specialist,
        password: Some("a new password".into()),
    };
    let res = s
        .put("users/marat", &operator)
        .json(&update)
        .send()
        .await
        .unwrap();
    refused(res, 403, ErrorCode::Forbidden).await;
    assert_eq!(s.count("SELECT count(*) FROM users").await, 2);

    let res = s
        .put("users/marat", &boss)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let account: UserAccount = res.json().await.unwrap();
    assert_eq!(account.role, Role::Specialist);
    // A new account needs a password; a short one is refused naming the field.
    let no_password = UserUpdate {
        role: Role::Operator,
        password: None,
    };
    let res = s
        .put("users/dana", &boss)
        .json(&no_password)
        .send()
        .await
        .unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("password"));
    let short = UserUpdate {
        role: Role::Operator,
        password: Some("short".into()),
    };
    let res = s
        .put("users/dana", &boss)
        .json(&short)
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused(res, 400, ErrorCode::BadRequest)
            .await
            .error
            .field
            .as_deref(),
        Some("password")
    );

    // Promoting the operator takes effect from the next request on.
    let promote = UserUpdate {
        role: Role::Supervisor,
        password: None,
    };
    let res = s
        .put("users/aigul", &boss)
        .json(&promote)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = s
        .put("users/dana", &operator)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn another_api_version_is_refused_with_a_translated_message() {
    let s = Server::start().await;
    let ws = Workstation::new("AST1");
    let req = LoginRequest {
        login: "aigul".into(),
        password: PASSWORD.into(),
        workstation: ws.identity(),
    };
    let send = |version: Option<&str>, lang: &str| {
        let mut r = s
            .http
            .post(s.url("login"))
            .header("accept-language", lang)
            .json(&req);
        if let Some(v) = version {
            r = r.header(API_VERSION_HEADER, v);
        }
        r.send()
    };
    let kk = refused(
        send(Some("2"), "kk").await.unwrap(),
        400,
        ErrorCode::ApiVersion,
    )
    .await;
    let ru = refused(
        send(Some("2"), "ru-RU").await.unwrap(),
        400,
        ErrorCode::ApiVersion,
    )
    .await;
    let missing = refused(send(None, "en").await.unwrap(), 400, ErrorCode::ApiVersion).await;
    assert_eq!(
        kk.error.message,
        desk_i18n::tr(desk_i18n::Lang::Kk, "server-error-api-version", &[])
    );
    assert!(kk.error.message.contains("нұсқа"), "{}", kk.error.message);
    assert!(
        ru.error.message.contains("Обновите программу"),
        "{}",
        ru.error.message
    );
    assert!(missing.error.message.contains("Update the program"));
    assert_eq!(kk.error.field.as_deref(), Some(API_VERSION_HEADER));
    // Without Accept-Language: Russian.
    let res = s.http.get(s.url("users")).send().await.unwrap();
    assert_eq!(refusal(res, 400).await.error.message, ru.error.message);
}

#[tokio::test]
async fn every_endpoint_refuses_no_token_a_forged_an_expired_and_a_revoked_workstations() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    s.user("boss", Role::Supervisor).await;
    let expired = s.token("aigul", &Workstation::new("AST1")).await;
    s.execute("UPDATE tokens SET expires_at = now() - interval '1 second'")
        .await;
    let revoked = s.token("aigul", &Workstation::new("KRG2")).await;
    let boss = s.token("boss", &Workstation::new("HQ1")).await;
    let res = s
        .post("workstations/KRG2/revoke", &boss)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let sha = "0".repeat(64);
    let endpoints: Vec<(Method, String)> = vec![
        (Method::POST, "logout".into()),
        (Method::GET, "users".into()),
        (Method::PUT, "users/x".into()),
        (Method::POST, "workstations/AST1/revoke".into()),
        (Method::POST, "push".into()),
        (Method::GET, "pull".into()),
        (Method::GET, format!("blobs/{sha}")),
        (Method::PUT, format!("blobs/{sha}/parts/0?parts=1&size=1")),
        (Method::GET, format!("blobs/{sha}/parts/0")),
    ];
    let cases = [
        (None, 401, ErrorCode::Unauthenticated),
        (Some("forged"), 401, ErrorCode::Unauthenticated),
        (Some(expired.as_str()), 401, ErrorCode::Unauthenticated),
        (Some(revoked.as_str()), 403, ErrorCode::WorkstationRevoked),
    ];
    for (method, path) in &endpoints {
        for (token, status, code) in &cases {
            let mut r = s.req(method.clone(), path).body("{}");
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            let body = refusal(r.send().await.unwrap(), *status).await;
            assert_eq!(body.error.code, *code, "{method} {path} with {token:?}");
        }
    }
    // Nothing was done on the refused requests.
    assert_eq!(s.count("SELECT count(*) FROM users").await, 2);
    assert_eq!(
        s.count("SELECT count(*) FROM workstations WHERE revoked_at IS NOT NULL")
            .await,
        1
    );
    // Health needs neither token nor version header.
    let res = s
        .http
        .get(format!("{}/health", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn one_address_guessing_many_logins_is_rate_limited_too() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    let ws = Workstation::new("AST1");
    // The test's limit: 10 failures per address, each login tried only twice.
    for n in 0..10 {
        let req = LoginRequest {
            login: format!("guess{}", n / 2),
            password: "wrong".into(),
            workstation: ws.identity(),
        };
        let res = s
            .req(Method::POST, "login")
            .json(&req)
            .send()
            .await
            .unwrap();
        refused(res, 401, ErrorCode::BadCredentials).await;
    }
    refused(s.login_as("aigul", &ws).await, 429, ErrorCode::RateLimited).await;
}

#[tokio::test]
async fn malformed_json_an_oversized_body_and_an_unknown_route_get_an_error_body() {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    let token = s.token("aigul", &Workstation::new("AST1")).await;
    let res = s
        .req(Method::POST, "login")
        .header("content-type", "application/json")
        .body("{\"login\": ")
        .send()
        .await
        .unwrap();
    refused(res, 400, ErrorCode::BadRequest).await;
    // A wrong type is named by its path.
    let res = s
        .req(Method::POST, "login")
        .body(r#"{"login": "a", "password": "b", "workstation": {"id": 5, "code": "X1"}}"#)
        .send()
        .await
        .unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("workstation.id"));
    let big = vec![b' '; desk_wire::MAX_BODY + 1];
    let res = s.post("push", &token).body(big).send().await.unwrap();
    refused(res, 413, ErrorCode::BadRequest).await;
    let res = s.get("nowhere", &token).send().await.unwrap();
    refused(res, 404, ErrorCode::NotFound).await;
    let res = s.req(Method::DELETE, "users").send().await.unwrap();
    refusal(res, 405).await;
    // A value PostgreSQL cannot hold (a NUL character) is the client's error, not a 500.
    let res = s
        .req(Method::POST, "login")
        .body(r#"{"login": "a\u0000b", "password": "x", "workstation": {"id": "0190a0b0-0000-7000-8000-000000000001", "code": "X1"}}"#)
        .send()
        .await
        .unwrap();
    refused(res, 400, ErrorCode::BadRequest).await;
    let res = s
        .post("workstations/A%00B/revoke", &token)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    let res = s.get("pull?since=abc", &token).send().await.unwrap();
    assert_eq!(
        refused(res, 400, ErrorCode::BadRequest)
            .await
            .error
            .field
            .as_deref(),
        Some("since")
    );
}
