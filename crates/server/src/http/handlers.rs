//! One handler per endpoint: extract, call the logic, answer. The `utoipa::path`
//! attributes are the OpenAPI document's source.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use desk_wire::{
    AlarmsReply, BlobStatus, LoginReply, LoginRequest, MAX_BATCH, PullReply, PushReply,
    PushRequest, UserAccount, UserUpdate,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::extract::{ClientAddr, JsonBody, Params, QueryMap, RawBody};
use crate::auth::{self, Session};
use crate::blobs::{self, Shape};
use crate::error::{ApiError, ApiResult};
use crate::{accounts, alarms, pull as pulling, push as pushing};

/// Raw bytes, as the document describes a part's body.
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "never built: only its schema is used")]
pub struct Binary(Vec<u8>);

/// `GET /health`: the server runs and reaches its database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub api_version: u32,
}

#[utoipa::path(get, path = "/health", tag = "server",
    responses((status = 200, description = "The server and its database answer", body = Health)))]
pub async fn health(State(s): State<AppState>) -> ApiResult<Json<Health>> {
    let client = s
        .pool
        .get()
        .await
        .map_err(|e| ApiError::internal(e).with_status(503))?;
    client
        .execute("SELECT 1", &[])
        .await
        .map_err(|e| ApiError::internal(e).with_status(503))?;
    Ok(Json(Health {
        status: "ok".into(),
        api_version: desk_wire::API_VERSION,
    }))
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "server",
    responses((status = 200, description = "This document", content_type = "application/json")))]
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        super::openapi::json(),
    )
        .into_response()
}

/// Logs in; the first login from a workstation registers it.
#[utoipa::path(post, path = "/api/v1/login", tag = "session", request_body = LoginRequest,
    responses((status = 200, description = "A bearer token", body = LoginReply)))]
pub async fn login(
    State(s): State<AppState>,
    ClientAddr(address): ClientAddr,
    JsonBody(req): JsonBody<LoginRequest>,
) -> ApiResult<Json<LoginReply>> {
    let mut client = s.pool.get().await?;
    auth::login(&mut client, &s.auth, &req, &address)
        .await
        .map(Json)
}

/// Revokes the token it is called with.
#[utoipa::path(post, path = "/api/v1/logout", tag = "session",
    responses((status = 204, description = "The token no longer works")))]
pub async fn logout(State(s): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    let client = s.pool.get().await?;
    auth::logout(&**client, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The accounts and roles, for a workstation's offline cache.
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    responses((status = 200, description = "Every account", body = Vec<UserAccount>)))]
pub async fn users(State(s): State<AppState>, _: Session) -> ApiResult<Json<Vec<UserAccount>>> {
    let client = s.pool.get().await?;
    accounts::users(&**client).await.map(Json)
}

/// Creates or changes an account (supervisors).
#[utoipa::path(put, path = "/api/v1/users/{login}", tag = "accounts", request_body = UserUpdate,
    params(("login" = String, Path, description = "The account's login")),
    responses((status = 200, description = "The account as stored", body = UserAccount)))]
pub async fn put_user(
    State(s): State<AppState>,
    session: Session,
    Params(login): Params<String>,
    JsonBody(update): JsonBody<UserUpdate>,
) -> ApiResult<Json<UserAccount>> {
    let client = s.pool.get().await?;
    accounts::set_user(
        &**client,
        Some(&session),
        &s.auth.password_cost,
        &login,
        &update,
    )
    .await
    .map(Json)
}

/// Revokes a workstation and every token issued on it (supervisors).
#[utoipa::path(post, path = "/api/v1/workstations/{code}/revoke", tag = "accounts",
    params(("code" = String, Path, description = "The workstation's code")),
    responses((status = 204, description = "Revoked")))]
pub async fn revoke_workstation(
    State(s): State<AppState>,
    session: Session,
    Params(code): Params<String>,
) -> ApiResult<StatusCode> {
    let mut client = s.pool.get().await?;
    accounts::revoke_workstation(&mut client, &session, &code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stores a batch of the workstation's ops, all or none.
#[utoipa::path(post, path = "/api/v1/push", tag = "sync", request_body = PushRequest,
    responses((status = 200, description = "One acknowledgement per op, in order", body = PushReply)))]
pub async fn push(
    State(s): State<AppState>,
    session: Session,
    JsonBody(req): JsonBody<PushRequest>,
) -> ApiResult<Json<PushReply>> {
    let mut client = s.pool.get().await?;
    let (reply, stored) = pushing::push_batch_counted(&mut client, &session, &req.ops).await?;
    if let Some(pause) = super::fault_pause_after_commit().filter(|_| stored > 0) {
        // The test-only window between the commit and the reply (docs/server.md): a
        // kill test waits for this line, then kills the server inside the pause.
        tracing::warn!(
            stored,
            acks = reply.acks.len(),
            head = reply.head.server_seq,
            pause_ms = pause.as_millis() as u64,
            "fault hook: push committed, pausing before the reply"
        );
        drop(client);
        tokio::time::sleep(pause).await;
    }
    Ok(Json(reply))
}

/// The ops after `since`, oldest first.
#[utoipa::path(get, path = "/api/v1/pull", tag = "sync",
    params(
        ("since" = Option<i64>, Query, description = "The last server_seq the client holds (0: none)"),
        ("limit" = Option<u32>, Query, description = "At most this many ops (1 to 1000, the default)"),
    ),
    responses((status = 200, description = "A page of the ledger", body = PullReply)))]
pub async fn pull(
    State(s): State<AppState>,
    _: Session,
    query: QueryMap,
) -> ApiResult<Json<PullReply>> {
    let since: i64 = query.number("since", Some(0))?;
    let limit: usize = query.number("limit", Some(MAX_BATCH))?;
    let mut client = s.pool.get().await?;
    pulling::pull(&mut client, since, limit).await.map(Json)
}

/// The alarms recorded after `since`, oldest first (supervisors).
#[utoipa::path(get, path = "/api/v1/alarms", tag = "accounts",
    params(
        ("since" = Option<i64>, Query, description = "The last alarm id the caller has seen (0: none)"),
    ),
    responses((status = 200, description = "At most 1000 alarms", body = AlarmsReply)))]
pub async fn alarms(
    State(s): State<AppState>,
    session: Session,
    query: QueryMap,
) -> ApiResult<Json<AlarmsReply>> {
    let since: i64 = query.number("since", Some(0))?;
    let client = s.pool.get().await?;
    let alarms = alarms::list(&client, &session, since).await?;
    Ok(Json(AlarmsReply { alarms }))
}

/// Which parts of a blob the server holds.
#[utoipa::path(get, path = "/api/v1/blobs/{sha256}", tag = "blobs",
    params(("sha256" = String, Path, description = "The blob's SHA-256")),
    responses((status = 200, description = "The parts held (none for an unknown blob)", body = BlobStatus)))]
pub async fn blob_status(
    State(s): State<AppState>,
    _: Session,
    Params(sha256): Params<String>,
) -> ApiResult<Json<BlobStatus>> {
    let client = s.pool.get().await?;
    blobs::status(&**client, &sha256).await.map(Json)
}

/// Uploads one part of a blob.
#[utoipa::path(put, path = "/api/v1/blobs/{sha256}/parts/{index}", tag = "blobs",
    params(
        ("sha256" = String, Path, description = "The whole blob's SHA-256"),
        ("index" = u32, Path, description = "The part's place, from 0"),
        ("parts" = u32, Query, description = "How many parts the blob has"),
        ("size" = u64, Query, description = "The whole blob's size in bytes"),
    ),
    request_body(content = Binary, content_type = "application/octet-stream", description = "The part's bytes, at most 20 MiB"),
    responses((status = 200, description = "The parts now held", body = BlobStatus)))]
pub async fn put_part(
    State(s): State<AppState>,
    _: Session,
    Params((sha256, index)): Params<(String, String)>,
    query: QueryMap,
    RawBody(bytes): RawBody,
) -> ApiResult<Json<BlobStatus>> {
    let index = part_index(&index)?;
    let shape = Shape {
        parts: query.number("parts", None)?,
        size: query.number("size", None)?,
    };
    let mut client = s.pool.get().await?;
    blobs::put_part(&mut client, &sha256, index, shape, &bytes)
        .await
        .map(Json)
}

/// Downloads one part of a blob.
#[utoipa::path(get, path = "/api/v1/blobs/{sha256}/parts/{index}", tag = "blobs",
    params(
        ("sha256" = String, Path, description = "The whole blob's SHA-256"),
        ("index" = u32, Path, description = "The part's place, from 0"),
    ),
    responses((status = 200, description = "The part's bytes", content_type = "application/octet-stream", body = Binary)))]
pub async fn get_part(
    State(s): State<AppState>,
    _: Session,
    Params((sha256, index)): Params<(String, String)>,
) -> ApiResult<Response> {
    let index = part_index(&index)?;
    let client = s.pool.get().await?;
    let bytes = blobs::part(&**client, &sha256, index).await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

fn part_index(text: &str) -> ApiResult<u32> {
    text.parse().map_err(|_| {
        ApiError::new(desk_wire::ErrorCode::BadRequest)
            .field("index")
            .detail(format!("`{text}` is not a part index"))
    })
}
