//! Extractors that refuse with an [`ErrorBody`](desk_wire::ErrorBody) — axum's own answer
//! with plain text, which no client can read as a refusal.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use desk_wire::ErrorCode;
use serde::de::DeserializeOwned;

use super::AppState;
use crate::auth::{self, Session};
use crate::error::ApiError;

/// A JSON body of `T`; a malformed one is refused naming the field serde stopped at.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = RawBody::from_request(req, state).await?.0;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let err = ApiError::new(ErrorCode::BadRequest).detail(e.inner().to_string());
            if path == "." { err } else { err.field(path) }
        })?;
        de.end()
            .map_err(|e| ApiError::new(ErrorCode::BadRequest).detail(e.to_string()))?;
        Ok(JsonBody(value))
    }
}

/// The body's bytes within the route's limit; past it, 413 with an error body.
#[derive(Debug)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|e| {
                let err = ApiError::new(ErrorCode::BadRequest)
                    .field("body")
                    .detail(e.body_text());
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    err.with_status(413)
                } else {
                    err
                }
            })
    }
}

/// Path parameters; an undecodable one is a bad request.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Params(p.0))
            .map_err(|e| {
                ApiError::new(ErrorCode::BadRequest)
                    .field("path")
                    .detail(e.body_text())
            })
    }
}

/// The query string's parameters by name.
#[derive(Debug)]
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .map(|q| QueryMap(q.0))
            .map_err(|e| {
                ApiError::new(ErrorCode::BadRequest)
                    .field("query")
                    .detail(e.body_text())
            })
    }
}

impl QueryMap {
    /// A number parameter; `default` when absent.
    pub fn number<N: std::str::FromStr>(
        &self,
        name: &str,
        default: Option<N>,
    ) -> Result<N, ApiError> {
        match self.0.get(name) {
            Some(v) => v.trim().parse().map_err(|_| {
                ApiError::new(ErrorCode::BadRequest)
                    .field(name)
                    .detail(format!("`{v}` is not a number"))
            }),
            None => default.ok_or_else(|| {
                ApiError::new(ErrorCode::BadRequest)
                    .field(name)
                    .detail("required")
            }),
        }
    }
}

/// The client's address as the connection shows it, for the login rate limit. Behind a
/// proxy every client has the proxy's address: the limit then holds for all together.
#[derive(Debug)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(ClientAddr(addr))
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated).detail("no bearer token"))?;
        let client = state.pool.get().await?;
        auth::session(&**client, token).await
    }
}
