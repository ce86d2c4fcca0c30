//! `desk-server [--config FILE] [--check-config]` and `desk-server user set LOGIN --role ROLE`.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use desk_i18n::{Lang, tr};
use desk_server::config::{Config, LogFormat};

#[derive(Debug, Parser)]
#[command(
    name = "desk-server",
    version,
    about = "Incident Desk sync server: the journal's ledger on PostgreSQL, shared by workstations",
    after_help = "Configuration: a TOML file (--config), then the environment over it: \
DESK_SERVER_DATABASE_URL, DESK_SERVER_LISTEN (default 127.0.0.1:8470), DESK_SERVER_TLS_CERT and \
DESK_SERVER_TLS_KEY (PEM; TLS when both are set), DESK_SERVER_TOKEN_LIFETIME_MINUTES (720), \
DESK_SERVER_POOL_SIZE (16), DESK_SERVER_LOG_FORMAT (text or json). Logs: RUST_LOG (default info). \
See docs/server.md."
)]
struct Cli {
    /// The configuration file (TOML).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Check the configuration and exit (0: usable; 2: the key at fault is named).
    #[arg(long)]
    check_config: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Accounts on the server.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account or change its role and password — how the first supervisor is
    /// made. The password is read from DESK_SERVER_PASSWORD, else asked on the terminal
    /// without echo, else read as the first line of standard input.
    Set {
        login: String,
        /// operator, specialist or supervisor.
        #[arg(long)]
        role: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::from_locale(std::env::var("LANG").ok().as_deref());
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "{}",
                tr(
                    lang,
                    "server-cli-config-error",
                    &[("error", &e.to_string())]
                )
            );
            return ExitCode::from(2);
        }
    };
    if cli.check_config {
        if let Some(tls) = &config.tls
            && let Err(e) = std::fs::read(&tls.cert).and_then(|_| std::fs::read(&tls.key))
        {
            let error = format!("tls_cert/tls_key: {e}");
            eprintln!(
                "{}",
                tr(lang, "server-cli-config-error", &[("error", &error)])
            );
            return ExitCode::from(2);
        }
        println!("{}", tr(lang, "server-cli-config-ok", &[]));
        return ExitCode::SUCCESS;
    }
    init_logs(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "{}",
                tr(lang, "server-cli-failed", &[("error", &e.to_string())])
            );
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            None => {
                desk_server::serve(&config, |addr| {
                    tracing::info!(%addr, "listening");
                })
                .await
            }
            Some(Command::User {
                command: UserCommand::Set { login, role },
            }) => set_user(&config, lang, &login, &role).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}",
                tr(lang, "server-cli-failed", &[("error", &format!("{e:#}"))])
            );
            ExitCode::FAILURE
        }
    }
}

async fn set_user(config: &Config, lang: Lang, login: &str, role: &str) -> anyhow::Result<()> {
    let role = desk_journal::Role::from_code(role).ok_or_else(|| {
        anyhow::anyhow!("{}", tr(lang, "server-cli-role-unknown", &[("role", role)]))
    })?;
    let password = password(lang)?;
    let state = desk_server::prepare(config).await?;
    let client = state.pool.get().await?;
    let update = desk_wire::UserUpdate {
        role: desk_server::accounts::wire_role(role),
        password: Some(password),
    };
    desk_server::accounts::set_user(&**client, None, &config.password_cost, login, &update)
        .await
        .map_err(|e| {
            let field = e.field.clone().unwrap_or_default();
            let message = tr(lang, e.code.message_id(), &[]);
            anyhow::anyhow!("{message} ({field})")
        })?;
    println!(
        "{}",
        tr(
            lang,
            "server-cli-user-set",
            &[("login", login), ("role", &role.label(lang))]
        )
    );
    Ok(())
}

fn password(lang: Lang) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("DESK_SERVER_PASSWORD") {
        return Ok(p);
    }
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(tr(lang, "server-cli-password-prompt", &[]))?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.is_empty() {
        anyhow::bail!("{}", tr(lang, "server-cli-password-missing", &[]));
    }
    Ok(password)
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
