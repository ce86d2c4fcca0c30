//! The real server core in-process: `desk-server`'s own functions (login, session,
//! push, pull, accounts, blobs) over one PostgreSQL connection, each request looking
//! its token up as the HTTP layer does. No HTTP: the simulation decides what reaches
//! the server and what comes back.

use std::cell::RefCell;
use std::future::Future;

use anyhow::Context;
use desk_server::ApiError;
use desk_server::auth::{self, AuthSettings};
use desk_server::config::{LoginLimit, PasswordCost};
use desk_wire::{
    BlobStatus, ErrorBody, ErrorDetail, LoginReply, LoginRequest, Op, PullReply, PushReply, Role,
    UserAccount, UserUpdate, WorkstationIdentity,
};
use tokio::runtime::Runtime;
use tokio_postgres::{Client, NoTls};

pub const USER: &str = "boss";
pub const PASSWORD: &str = "correct horse battery";

/// The tables a seed starts without (the accounts stay: every seed has the same one).
const RESET: &str = "TRUNCATE ops, versions, alarms, blob_parts, blobs, tokens, workstations, login_failures CASCADE;
     UPDATE chain_head SET server_seq = 0, hash = '';";

pub struct SimServer {
    rt: Runtime,
    url: String,
    client: RefCell<Client>,
    auth: AuthSettings,
}

impl std::fmt::Debug for SimServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimServer").field("url", &self.url).finish()
    }
}

fn cheap_cost() -> PasswordCost {
    // The simulation logs in thousands of times; the hash's strength is not under test.
    PasswordCost {
        memory_kib: 256,
        iterations: 1,
    }
}

async fn connect(url: &str) -> anyhow::Result<Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

impl SimServer {
    /// Connects to an empty database, applies the server's migrations and creates the
    /// supervisor account every workstation's edits are made by.
    pub fn start(url: &str) -> anyhow::Result<SimServer> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut client = rt.block_on(connect(url))?;
        rt.block_on(desk_server::db::migrate(&mut client))?;
        let limit = LoginLimit {
            per_login: 1000,
            per_address: 1000,
            window_minutes: 1,
        };
        let auth = AuthSettings::new(chrono::Duration::days(30), limit, cheap_cost())?;
        let update = UserUpdate {
            role: Role::Supervisor,
            password: Some(PASSWORD.into()),
        };
        rt.block_on(desk_server::accounts::set_user(
            &client,
            None,
            &cheap_cost(),
            USER,
            &update,
        ))
        .map_err(|e| anyhow::anyhow!("creating the account: {e}"))?;
        Ok(SimServer {
            rt,
            url: url.to_owned(),
            client: RefCell::new(client),
            auth,
        })
    }

    pub fn block<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// The ledger emptied for the next seed.
    pub fn reset(&self) -> anyhow::Result<()> {
        let c = self.client.borrow();
        self.block(c.batch_execute(RESET))?;
        Ok(())
    }

    /// A server restart: the connection is dropped and a new one opened. The server holds
    /// nothing outside PostgreSQL, so this is all a restart is to its state.
    pub fn restart(&self) -> anyhow::Result<()> {
        let fresh = self.block(connect(&self.url))?;
        *self.client.borrow_mut() = fresh;
        Ok(())
    }

    pub fn login(&self, workstation: WorkstationIdentity) -> Result<LoginReply, ApiError> {
        let req = LoginRequest {
            login: USER.into(),
            password: PASSWORD.into(),
            workstation,
        };
        let mut c = self.client.borrow_mut();
        self.block(auth::login(&mut c, &self.auth, &req, "127.0.0.1"))
    }

    fn session(&self, token: &str) -> Result<auth::Session, ApiError> {
        let c = self.client.borrow();
        self.block(auth::session(&*c, token))
    }

    pub fn push(&self, token: &str, ops: &[Op]) -> Result<PushReply, ApiError> {
        let session = self.session(token)?;
        let mut c = self.client.borrow_mut();
        self.block(desk_server::push::push_batch(&mut c, &session, ops))
    }

    pub fn pull(&self, token: &str, since: i64, limit: usize) -> Result<PullReply, ApiError> {
        self.session(token)?;
        let mut c = self.client.borrow_mut();
        self.block(desk_server::pull::pull(&mut c, since, limit))
    }

    pub fn users(&self, token: &str) -> Result<Vec<UserAccount>, ApiError> {
        self.session(token)?;
        let c = self.client.borrow();
        self.block(desk_server::accounts::users(&*c))
    }

    pub fn logout(&self, token: &str) -> Result<(), ApiError> {
        let session = self.session(token)?;
        let c = self.client.borrow();
        self.block(auth::logout(&*c, &session))
    }

    pub fn blob_status(&self, token: &str, sha256: &str) -> Result<BlobStatus, ApiError> {
        self.session(token)?;
        let c = self.client.borrow();
        self.block(desk_server::blobs::status(&*c, sha256))
    }

    pub fn put_part(
        &self,
        token: &str,
        sha256: &str,
        index: u32,
        shape: desk_server::blobs::Shape,
        bytes: &[u8],
    ) -> Result<BlobStatus, ApiError> {
        self.session(token)?;
        let mut c = self.client.borrow_mut();
        self.block(desk_server::blobs::put_part(
            &mut c, sha256, index, shape, bytes,
        ))
    }

    pub fn get_part(&self, token: &str, sha256: &str, index: u32) -> Result<Vec<u8>, ApiError> {
        self.session(token)?;
        let c = self.client.borrow();
        self.block(desk_server::blobs::part(&*c, sha256, index))
    }

    /// Runs statements on the server's database (what the admin command would do).
    pub fn execute(&self, sql: &str) -> Result<(), tokio_postgres::Error> {
        let c = self.client.borrow();
        self.block(c.batch_execute(sql))
    }

    /// The rows of a `COPY … TO STDOUT`.
    pub fn copy_out(&self, sql: &str) -> anyhow::Result<Vec<u8>> {
        use futures_util::StreamExt;
        let c = self.client.borrow();
        self.block(async {
            let stream = c.copy_out(sql).await?;
            futures_util::pin_mut!(stream);
            let mut out = Vec::new();
            while let Some(chunk) = stream.next().await {
                out.extend_from_slice(&chunk?);
            }
            Ok(out)
        })
    }

    /// A `COPY … FROM STDIN` of `data`; the rows written.
    pub fn copy_in(&self, sql: &str, data: &[u8]) -> anyhow::Result<u64> {
        use futures_util::SinkExt;
        let c = self.client.borrow();
        self.block(async {
            let sink = c.copy_in(sql).await?;
            futures_util::pin_mut!(sink);
            for chunk in data.chunks(1 << 20) {
                sink.send(bytes::Bytes::copy_from_slice(chunk)).await?;
            }
            Ok(sink.finish().await?)
        })
    }

    /// Runs a read on the server's database (the checks of the invariants).
    pub fn query(&self, sql: &str) -> Result<Vec<tokio_postgres::Row>, tokio_postgres::Error> {
        let c = self.client.borrow();
        self.block(c.query(sql, &[]))
    }
}

/// A refusal as the HTTP layer would send it (the message untranslated: the engine only
/// reads the code).
pub fn refusal(e: &ApiError) -> (u16, ErrorBody) {
    (
        e.status(),
        ErrorBody {
            error: ErrorDetail {
                code: e.code,
                message: format!("{:?}: {}", e.code, e.detail),
                field: e.field.clone(),
            },
        },
    )
}
