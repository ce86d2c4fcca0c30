//! Starting: the pool, the migrations, then listening (with TLS through rustls when a
//! certificate is configured) until SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;

use crate::auth::AuthSettings;
use crate::config::Config;
use crate::http::{AppState, router};

/// Connects, migrates and builds the shared state.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    let pool = crate::db::pool(&config.database, config.pool_size)?;
    let mut client = pool.get().await.context("cannot connect to the database")?;
    crate::db::migrate(&mut client)
        .await
        .context("cannot migrate the database")?;
    crate::db::warn_if_not_durable(&client).await;
    drop(client);
    if let Some(pause) = crate::http::fault_pause_after_commit() {
        tracing::warn!(
            pause_ms = pause.as_millis() as u64,
            "{} is set: every push that stores ops pauses after its commit (a test-only fault hook)",
            crate::http::FAULT_PAUSE_ENV
        );
    }
    let auth = AuthSettings::new(
        config.token_lifetime,
        config.login_limit.clone(),
        config.password_cost.clone(),
    )?;
    Ok(AppState {
        pool,
        auth: Arc::new(auth),
    })
}

/// Serves until a shutdown signal; `on_listening` is told the bound address.
pub async fn serve(
    config: &Config,
    on_listening: impl FnOnce(SocketAddr) + Send + 'static,
) -> anyhow::Result<()> {
    let state = prepare(config).await?;
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let handle = Handle::new();
    let watcher = handle.clone();
    tokio::spawn(async move {
        if let Some(addr) = watcher.listening().await {
            on_listening(addr);
        }
    });
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        stopper.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    match &config.tls {
        Some(tls) => {
            // ring: rustls's own pure-Rust-and-asm provider; aws-lc-rs needs cmake to build.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let rustls = RustlsConfig::from_pem_file(&tls.cert, &tls.key)
                .await
                .with_context(|| {
                    format!(
                        "cannot read the TLS certificate {} or key {}",
                        tls.cert.display(),
                        tls.key.display()
                    )
                })?;
            axum_server::bind_rustls(config.listen, rustls)
                .handle(handle)
                .serve(app)
                .await
        }
        None => {
            axum_server::bind(config.listen)
                .handle(handle)
                .serve(app)
                .await
        }
    }
    .with_context(|| format!("cannot listen on {}", config.listen))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
