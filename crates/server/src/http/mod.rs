//! The HTTP face: routes under [`desk_wire::API_PREFIX`], the API version check, bearer
//! sessions, and every refusal as an [`ErrorBody`] in the client's language. The logic
//! itself lives in the modules beside this one, callable without HTTP.

mod extract;
mod handlers;
pub mod openapi;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use deadpool_postgres::Pool;
use desk_i18n::Lang;
use desk_wire::{API_PREFIX, API_VERSION, API_VERSION_HEADER, ErrorBody, ErrorCode, ErrorDetail};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use crate::auth::AuthSettings;
use crate::error::ApiError;

pub use extract::{JsonBody, RawBody};

/// The test-only fault hook `DESK_SERVER_FAULT_PAUSE_AFTER_COMMIT_MS` (docs/server.md):
/// when set, every push that stored ops waits that many milliseconds after its
/// transaction committed and before it replies, so that a test can kill the server
/// between the two (a push of ops all stored before replies at once). Unset (the default
/// path), nothing waits. Read once.
pub fn fault_pause_after_commit() -> Option<Duration> {
    static PAUSE: OnceLock<Option<Duration>> = OnceLock::new();
    *PAUSE.get_or_init(|| {
        std::env::var(FAULT_PAUSE_ENV)
            .ok()?
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
    })
}

/// The variable of [`fault_pause_after_commit`].
pub const FAULT_PAUSE_ENV: &str = "DESK_SERVER_FAULT_PAUSE_AFTER_COMMIT_MS";

/// What every request handler shares: the pool and the login settings. Nothing else:
/// every fact lives in PostgreSQL, so any number of instances serve one database.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    pub auth: Arc<AuthSettings>,
}

/// The server's routes with their middleware.
pub fn router(state: AppState) -> Router {
    let versioned = Router::new()
        .route("/login", post(handlers::login))
        .route("/logout", post(handlers::logout))
        .route("/users", get(handlers::users))
        .route("/users/{login}", put(handlers::put_user))
        .route(
            "/workstations/{code}/revoke",
            post(handlers::revoke_workstation),
        )
        .route("/push", post(handlers::push))
        .route("/pull", get(handlers::pull))
        .route("/alarms", get(handlers::alarms))
        .route("/blobs/{sha256}", get(handlers::blob_status))
        .route(
            "/blobs/{sha256}/parts/{index}",
            put(handlers::put_part)
                .get(handlers::get_part)
                .layer(DefaultBodyLimit::max(desk_wire::MAX_PART)),
        )
        .route_layer(middleware::from_fn(require_api_version));
    // The document describes the version; fetching it needs none.
    let api = versioned.route("/openapi.json", get(handlers::openapi_json));
    Router::new()
        .route("/health", get(handlers::health))
        .nest(API_PREFIX, api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(desk_wire::MAX_BODY))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(localise))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A refusal awaiting its translation, carried on the response to [`localise`].
#[derive(Debug, Clone)]
struct Untranslated {
    code: ErrorCode,
    field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(code = ?self.code, detail = %self.detail, "refused");
        } else {
            tracing::info!(code = ?self.code, field = ?self.field, detail = %self.detail, "refused");
        }
        let mark = Untranslated {
            code: self.code,
            field: self.field,
        };
        let mut response = error_response(status, &mark, Lang::Ru);
        response.extensions_mut().insert(mark);
        response
    }
}

fn error_response(status: StatusCode, mark: &Untranslated, lang: Lang) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: mark.code,
            message: desk_i18n::tr(lang, mark.code.message_id(), &[]),
            field: mark.field.clone(),
        },
    };
    let mut response = (status, axum::Json(body)).into_response();
    match mark.code {
        ErrorCode::Unauthenticated => {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        ErrorCode::RateLimited => {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        _ => {}
    }
    response
}

/// The language a client asked for (`Accept-Language`, by its q weights); Russian, the
/// working language of most staff, when none of ours is among them.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Lang::Ru;
    };
    let mut best: Option<(f32, Lang)> = None;
    for item in value.split(',') {
        let mut pieces = item.split(';');
        let tag = pieces.next().unwrap_or_default().trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if let Some(lang) = Lang::from_code(primary)
            && q > 0.0
            && best.is_none_or(|(b, _)| q > b)
        {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Ru, |(_, l)| l)
}

/// Translates a refusal into the request's language, and says which API version this
/// server speaks on every reply.
async fn localise(req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    let mut response = next.run(req).await;
    if let Some(mark) = response.extensions_mut().remove::<Untranslated>() {
        response = error_response(response.status(), &mark, lang);
    }
    response.headers_mut().insert(
        API_VERSION_HEADER,
        HeaderValue::from_str(&API_VERSION.to_string()).unwrap_or(HeaderValue::from_static("1")),
    );
    response
}

async fn require_api_version(req: Request, next: Next) -> Response {
    let sent = req
        .headers()
        .get(API_VERSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned());
    if sent.as_deref() == Some(API_VERSION.to_string().as_str()) {
        return next.run(req).await;
    }
    ApiError::new(ErrorCode::ApiVersion)
        .field(API_VERSION_HEADER)
        .detail(format!(
            "the client speaks {sent:?}, this server {API_VERSION}"
        ))
        .into_response()
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(ErrorCode::BadRequest)
        .with_status(405)
        .detail("method not allowed")
}

/// A panic answers like any other internal error; its message goes to the log only.
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    ApiError::internal(format!("panic: {what}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_reaches_the_client_as_a_translated_internal_error_only() {
        use tower::ServiceExt as _;
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    if true {
                        panic!("the database password is hunter2");
                    }
                    "unreachable"
                }),
            )
            .layer(CatchPanicLayer::custom(panicked))
            .layer(middleware::from_fn(localise));
        let req = Request::builder()
            .uri("/boom")
            .header(header::ACCEPT_LANGUAGE, "kk")
            .body(axum::body::Body::empty())
            .expect("request");
        let res = app.oneshot(req).await.expect("response");
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .expect("body");
        let body: ErrorBody = serde_json::from_slice(&bytes).expect("an error body");
        assert_eq!(body.error.code, ErrorCode::Internal);
        assert_eq!(
            body.error.message,
            desk_i18n::tr(Lang::Kk, "server-error-internal", &[])
        );
        assert!(!String::from_utf8_lossy(&bytes).contains("hunter2"));
    }

    #[test]
    fn the_language_is_the_best_weighted_of_ours_and_russian_otherwise() {
        let lang = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_LANGUAGE,
                HeaderValue::from_str(v).expect("header"),
            );
            lang_of(&h)
        };
        assert_eq!(lang("kk"), Lang::Kk);
        assert_eq!(lang("kk-KZ,ru;q=0.8"), Lang::Kk);
        assert_eq!(lang("de, ru;q=0.5, en;q=0.9"), Lang::En);
        assert_eq!(lang("de"), Lang::Ru);
        assert_eq!(lang_of(&HeaderMap::new()), Lang::Ru);
    }
}
