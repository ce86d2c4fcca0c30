//! What the server's tests share: one PostgreSQL cluster per test binary, a database and
//! a real server on a loopback port per test, a client speaking the protocol, and ops
//! with bodies in desk-wire's canonical layout.
#![allow(clippy::unwrap_used, dead_code)]

use std::net::SocketAddr;
use std::sync::OnceLock;

use chrono::Utc;
use desk_server::{AppState, Config};
use desk_testkit::PgCluster;
use desk_wire::body::{APPEALS, ATTACHMENTS, EVENTS, TableSpec, VERSIONS};
use desk_wire::{
    API_VERSION_HEADER, ErrorBody, ErrorCode, LoginReply, LoginRequest, Op, WorkstationIdentity,
    body_sha256,
};
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse";

pub fn cluster() -> &'static PgCluster {
    static CLUSTER: OnceLock<PgCluster> = OnceLock::new();
    CLUSTER.get_or_init(PgCluster::start)
}

/// A configuration for `database_url`: cheap password hashes (tests log in often) and a
/// login limit small enough to reach.
pub fn config_text(database_url: &str) -> String {
    format!(
        "database_url = \"{database_url}\"\nlisten = \"127.0.0.1:0\"\n\
         [login_limit]\nper_login = 3\nper_address = 10\nwindow_minutes = 15\n\
         [password_hash]\nmemory_kib = 256\niterations = 1\n"
    )
}

pub fn config(database_url: &str) -> Config {
    Config::from_toml(&config_text(database_url), |_| None).unwrap()
}

/// A server on its own fresh database.
pub struct Server {
    pub base: String,
    pub state: AppState,
    pub database_url: String,
    pub http: reqwest::Client,
}

impl Server {
    pub async fn start() -> Server {
        let url = cluster().database();
        Server::on(&url).await
    }

    /// Another instance on the same database.
    pub async fn on(database_url: &str) -> Server {
        let state = desk_server::prepare(&config(database_url)).await.unwrap();
        let app =
            desk_server::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            base: format!("http://{addr}"),
            state,
            database_url: database_url.to_owned(),
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.base)
    }

    /// A request with the protocol's version header.
    pub fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header(API_VERSION_HEADER, "1")
    }

    pub fn get(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.req(reqwest::Method::GET, path).bearer_auth(token)
    }

    pub fn post(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.req(reqwest::Method::POST, path).bearer_auth(token)
    }

    pub fn put(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.req(reqwest::Method::PUT, path).bearer_auth(token)
    }

    /// Creates an account directly, as the admin command does.
    pub async fn user(&self, login: &str, role: desk_wire::Role) {
        let client = self.state.pool.get().await.unwrap();
        let update = desk_wire::UserUpdate {
            role,
            password: Some(PASSWORD.to_owned()),
        };
        desk_server::accounts::set_user(
            &**client,
            None,
            &self.state.auth.password_cost,
            login,
            &update,
        )
        .await
        .unwrap();
    }

    pub async fn login_as(&self, login: &str, ws: &Workstation) -> reqwest::Response {
        let req = LoginRequest {
            login: login.to_owned(),
            password: PASSWORD.to_owned(),
            workstation: ws.identity(),
        };
        self.req(reqwest::Method::POST, "login")
            .json(&req)
            .send()
            .await
            .unwrap()
    }

    /// Logs in and returns the token.
    pub async fn token(&self, login: &str, ws: &Workstation) -> String {
        let res = self.login_as(login, ws).await;
        assert_eq!(res.status(), 200, "login of {login}");
        res.json::<LoginReply>().await.unwrap().token
    }

    /// Runs one SQL query returning a single bigint.
    pub async fn count(&self, sql: &str) -> i64 {
        let client = self.state.pool.get().await.unwrap();
        client.query_one(sql, &[]).await.unwrap().get(0)
    }

    pub async fn execute(&self, sql: &str) {
        let client = self.state.pool.get().await.unwrap();
        client.batch_execute(sql).await.unwrap();
    }
}

/// The error body of a refusal, checking its status.
pub async fn refusal(res: reqwest::Response, status: u16) -> ErrorBody {
    assert_eq!(res.status().as_u16(), status, "status");
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not an ErrorBody ({e}): {text}"))
}

pub async fn refused(res: reqwest::Response, status: u16, code: ErrorCode) -> ErrorBody {
    let body = refusal(res, status).await;
    assert_eq!(body.error.code, code, "{body:?}");
    assert!(!body.error.message.is_empty());
    body
}

/// A workstation: its identity and the ops it writes, numbered.
pub struct Workstation {
    pub id: Uuid,
    pub code: String,
    pub next_seq: i64,
}

impl Workstation {
    pub fn new(code: &str) -> Workstation {
        Workstation {
            id: Uuid::now_v7(),
            code: code.to_owned(),
            next_seq: 1,
        }
    }

    pub fn identity(&self) -> WorkstationIdentity {
        WorkstationIdentity {
            id: self.id,
            code: self.code.clone(),
        }
    }

    /// The next op with `rows` as its body.
    pub fn op(&mut self, author: &str, action: &str, appeal: &str, rows: Vec<Value>) -> Op {
        let mut items = vec![json!("desk-body-1")];
        items.extend(rows);
        let body = Value::Array(items).to_string();
        let op = Op {
            op_id: Uuid::now_v7(),
            local_seq: self.next_seq,
            workstation: self.code.clone(),
            author: author.to_owned(),
            client_time: Utc::now(),
            entity: "appeal".into(),
            entity_id: appeal.to_owned(),
            action: action.to_owned(),
            changes: json!({}),
            sha256: body_sha256(&body),
            body,
        };
        self.next_seq += 1;
        op
    }

    /// Registering an appeal: its row, its first version and the `registered` event.
    pub fn register(&mut self, author: &str, appeal: &str, version: &str) -> Op {
        let code = self.code.clone();
        let rows = vec![
            row(
                &APPEALS,
                &[("id", json!(appeal)), ("workstation", json!(code))],
            ),
            row(
                &VERSIONS,
                &[
                    ("version_id", json!(version)),
                    ("appeal_id", json!(appeal)),
                    ("author", json!(author)),
                    ("description", json!("портал недоступен")),
                ],
            ),
            event_row(appeal, "registered", author),
        ];
        self.op(author, "register", appeal, rows)
    }

    /// A triage: a new version after `parent` and the decision's event.
    pub fn triage(&mut self, author: &str, appeal: &str, parent: &str, version: &str) -> Op {
        let rows = vec![
            row(
                &VERSIONS,
                &[
                    ("version_id", json!(version)),
                    ("appeal_id", json!(appeal)),
                    ("parent_version_id", json!(parent)),
                    ("author", json!(author)),
                    ("criticality", json!("high")),
                ],
            ),
            event_row(appeal, "confirmed", author),
        ];
        self.op(author, "triage", appeal, rows)
    }

    /// A recorded action (an event of `kind`).
    pub fn event(&mut self, author: &str, appeal: &str, kind: &str) -> Op {
        let rows = vec![event_row(appeal, kind, author)];
        self.op(author, "event", appeal, rows)
    }

    pub fn attach(&mut self, author: &str, appeal: &str, sha256: &str, size: i64) -> Op {
        let rows = vec![row(
            &ATTACHMENTS,
            &[
                ("id", json!(Uuid::now_v7().to_string())),
                ("appeal_id", json!(appeal)),
                ("sha256", json!(sha256)),
                ("name", json!("скриншот.png")),
                ("size", json!(size)),
                ("parts", json!(1)),
                ("author", json!(author)),
            ],
        )];
        self.op(author, "attach", appeal, rows)
    }
}

pub fn event_row(appeal: &str, kind: &str, author: &str) -> Value {
    row(
        &EVENTS,
        &[
            ("id", json!(Uuid::now_v7().to_string())),
            ("appeal_id", json!(appeal)),
            ("kind", json!(kind)),
            ("author", json!(author)),
            ("details", json!("{}")),
        ],
    )
}

/// A body row of `table`: the given columns, NULL for the others.
pub fn row(table: &TableSpec, values: &[(&str, Value)]) -> Value {
    let mut items = vec![json!(table.name)];
    for column in table.columns {
        let v = values
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        items.push(v);
    }
    Value::Array(items)
}

pub fn id() -> String {
    Uuid::now_v7().to_string()
}
