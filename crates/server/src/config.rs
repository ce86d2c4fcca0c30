//! The server's configuration: a TOML file, then the environment over it (so a container
//! or a systemd unit sets the database URL and the secrets' paths without a file).
//!
//! | key | environment | default |
//! |---|---|---|
//! | `database_url` | `DESK_SERVER_DATABASE_URL` | — (required) |
//! | `listen` | `DESK_SERVER_LISTEN` | `127.0.0.1:8470` |
//! | `tls_cert`, `tls_key` (PEM files) | `DESK_SERVER_TLS_CERT`, `DESK_SERVER_TLS_KEY` | none: plain HTTP |
//! | `token_lifetime_minutes` | `DESK_SERVER_TOKEN_LIFETIME_MINUTES` | 720 |
//! | `pool_size` | `DESK_SERVER_POOL_SIZE` | 16 |
//! | `log_format` (`text`, `json`) | `DESK_SERVER_LOG_FORMAT` | `text` |
//! | `[login_limit] per_login, per_address, window_minutes` | — | 5, 50, 15 |
//! | `[password_hash] memory_kib, iterations` (argon2id) | — | 19456, 2 |

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Why a configuration cannot be used; `key` is the file key or variable at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {why}")]
    File { path: PathBuf, why: String },
    #[error("{key}: {why}")]
    Key { key: &'static str, why: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginLimit {
    /// Failed logins of one login within the window before it is refused.
    pub per_login: i32,
    /// Failed logins from one client address within the window.
    pub per_address: i32,
    pub window_minutes: u32,
}

impl Default for LoginLimit {
    fn default() -> Self {
        LoginLimit {
            per_login: 5,
            per_address: 50,
            window_minutes: 15,
        }
    }
}

/// The cost of new password hashes (argon2id); a stored hash keeps its own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for PasswordCost {
    /// OWASP's argon2id recommendation (19 MiB, 2 passes), the `argon2` crate's default.
    fn default() -> Self {
        PasswordCost {
            memory_kib: 19456,
            iterations: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The configuration as the file states it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    listen: Option<String>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    token_lifetime_minutes: Option<u32>,
    pool_size: Option<usize>,
    log_format: Option<LogFormat>,
    #[serde(default)]
    login_limit: LoginLimit,
    #[serde(default)]
    password_hash: PasswordCost,
}

/// A checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: tokio_postgres::Config,
    pub listen: SocketAddr,
    pub tls: Option<Tls>,
    pub token_lifetime: chrono::Duration,
    pub pool_size: usize,
    pub log_format: LogFormat,
    pub login_limit: LoginLimit,
    pub password_cost: PasswordCost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8470";

impl Config {
    /// Reads `file` (when given), then the environment over it.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let parsed = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
                    path: path.to_owned(),
                    why: e.to_string(),
                })?;
                toml::from_str(&text).map_err(|e| ConfigError::File {
                    path: path.to_owned(),
                    why: e.to_string(),
                })?
            }
            None => FileConfig::default(),
        };
        Config::from_parts(parsed, |k| std::env::var(k).ok())
    }

    /// Parses a TOML text with the environment `env` over it (tests pass their own).
    pub fn from_toml(
        text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let parsed: FileConfig = toml::from_str(text).map_err(|e| ConfigError::File {
            path: PathBuf::from("<config>"),
            why: e.to_string(),
        })?;
        Config::from_parts(parsed, env)
    }

    fn from_parts(
        f: FileConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        // A bad value is blamed on where it came from: the variable of the environment
        // (a systemd unit's environment file) when it was set, else the file's key.
        let (database_url, url_key) = match env("DESK_SERVER_DATABASE_URL") {
            Some(v) => (v, "DESK_SERVER_DATABASE_URL"),
            None => (
                f.database_url.ok_or(ConfigError::Key {
                    key: "database_url",
                    why: "required (or DESK_SERVER_DATABASE_URL)".into(),
                })?,
                "database_url",
            ),
        };
        let database = database_url
            .parse::<tokio_postgres::Config>()
            .map_err(|e| ConfigError::Key {
                key: url_key,
                why: e.to_string(),
            })?;
        let (listen, listen_key) = match env("DESK_SERVER_LISTEN") {
            Some(v) => (v, "DESK_SERVER_LISTEN"),
            None => (
                f.listen.unwrap_or_else(|| DEFAULT_LISTEN.to_owned()),
                "listen",
            ),
        };
        let listen = listen.parse().map_err(|e| ConfigError::Key {
            key: listen_key,
            why: format!("`{listen}`: {e}"),
        })?;
        let cert = env("DESK_SERVER_TLS_CERT")
            .map(PathBuf::from)
            .or(f.tls_cert);
        let key = env("DESK_SERVER_TLS_KEY").map(PathBuf::from).or(f.tls_key);
        let tls = match (cert, key) {
            (Some(cert), Some(key)) => Some(Tls { cert, key }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::Key {
                    key: "tls_key",
                    why: "tls_cert is set without tls_key".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError::Key {
                    key: "tls_cert",
                    why: "tls_key is set without tls_cert".into(),
                });
            }
        };
        let (minutes, minutes_key) = match env("DESK_SERVER_TOKEN_LIFETIME_MINUTES") {
            Some(v) => (
                v.parse().map_err(|e| ConfigError::Key {
                    key: "DESK_SERVER_TOKEN_LIFETIME_MINUTES",
                    why: format!("`{v}`: {e}"),
                })?,
                "DESK_SERVER_TOKEN_LIFETIME_MINUTES",
            ),
            None => (
                f.token_lifetime_minutes.unwrap_or(720),
                "token_lifetime_minutes",
            ),
        };
        if minutes == 0 {
            return Err(ConfigError::Key {
                key: minutes_key,
                why: "must be at least 1".into(),
            });
        }
        let (pool_size, pool_key) = match env("DESK_SERVER_POOL_SIZE") {
            Some(v) => (
                v.parse().map_err(|e| ConfigError::Key {
                    key: "DESK_SERVER_POOL_SIZE",
                    why: format!("`{v}`: {e}"),
                })?,
                "DESK_SERVER_POOL_SIZE",
            ),
            None => (f.pool_size.unwrap_or(16), "pool_size"),
        };
        if pool_size == 0 {
            return Err(ConfigError::Key {
                key: pool_key,
                why: "must be at least 1".into(),
            });
        }
        let log_format = match env("DESK_SERVER_LOG_FORMAT").as_deref() {
            Some("json") => LogFormat::Json,
            Some("text") => LogFormat::Text,
            Some(other) => {
                return Err(ConfigError::Key {
                    key: "DESK_SERVER_LOG_FORMAT",
                    why: format!("`{other}`: text or json"),
                });
            }
            None => f.log_format.unwrap_or(LogFormat::Text),
        };
        if f.login_limit.per_login < 1 || f.login_limit.per_address < 1 {
            return Err(ConfigError::Key {
                key: "login_limit",
                why: "per_login and per_address must be at least 1".into(),
            });
        }
        Ok(Config {
            database,
            listen,
            tls,
            token_lifetime: chrono::Duration::minutes(i64::from(minutes)),
            pool_size,
            log_format,
            login_limit: f.login_limit,
            password_cost: f.password_hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_file_and_a_bad_key_is_named() {
        let text = "database_url = \"postgres://a@127.0.0.1/x\"\nlisten = \"127.0.0.1:1\"\n";
        let env = |k: &str| (k == "DESK_SERVER_LISTEN").then(|| "127.0.0.1:2".to_owned());
        let c = Config::from_toml(text, env).expect("config");
        assert_eq!(c.listen.port(), 2);
        assert_eq!(c.token_lifetime, chrono::Duration::hours(12));
        assert!(c.tls.is_none());
        let err = Config::from_toml("listen = \"x\"", |_| None).expect_err("no url");
        assert!(err.to_string().starts_with("database_url"));
        let err = Config::from_toml(
            "database_url = \"postgres://a@h/x\"\ntls_cert = \"c.pem\"",
            |_| None,
        )
        .expect_err("cert without key");
        assert!(err.to_string().starts_with("tls_key"));
        assert!(Config::from_toml("nonsense = 1", |_| None).is_err());
    }
}
