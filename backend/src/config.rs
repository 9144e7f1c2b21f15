//! Configuration: environment variables prefixed `PANELRELAY_`, an optional TOML file
//! (`PANELRELAY_CONFIG`), and a `*_FILE` variant for every secret. Validated at start.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The master admin's sign-in when `PANELRELAY_ADMIN_EMAIL` is not set.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@panelrelay.local";

use crate::secrets::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; default: `panelrelay.db` in the data folder.
    pub database_url: Secret<String>,
    pub master_key: Option<Secret<String>>,
    pub admin_email: Option<String>,
    pub admin_password: Option<Secret<String>>,
    pub log_format: LogFormat,
    pub body_limit_bytes: usize,
    /// Folder with the built SPA (trunk's output).
    pub dist_dir: PathBuf,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// Failed logins allowed per account and per client address in one minute.
    pub login_attempts_per_minute: u32,
    /// Run the background workers (outbox, ...). Tests turn them off and step them by hand.
    pub workers: bool,
    /// Our address as Telegram and Green API reach it (`https://relay.example.com`), for webhooks.
    pub public_url: Option<String>,
    /// Long-poll length for Telegram getUpdates and Green API receiveNotification (seconds).
    pub poll_timeout_secs: u32,
    /// Sign-ups allowed per client address in one hour.
    pub signups_per_hour: u32,
    /// Invite acceptances (right or wrong) allowed per client address in one hour.
    pub invite_attempts_per_hour: u32,
    /// Outbound calls may reach loopback and private addresses (self-hosters, local testing).
    pub allow_private_urls: bool,
    /// Channels may use a Telegram Bot API or Green API address other than the official ones.
    pub allow_custom_channel_apis: bool,
    /// The client address is the last hop of `X-Forwarded-For` (only behind a reverse proxy you run).
    pub trust_proxy_headers: bool,
    /// `/metrics` answers only to `Authorization: Bearer <this>`; unset, it is a 404.
    pub metrics_token: Option<Secret<String>>,
    /// How often the ticket runners look for panels whose tickets are due (milliseconds).
    pub ticket_tick_ms: u64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

/// Names of the settings (without prefix); secrets also accept `<NAME>_FILE`.
const SETTINGS: &[&str] = &[
    "PUBLIC_URL",
    "POLL_TIMEOUT_SECS",
    "LISTEN",
    "DATA_DIR",
    "DATABASE_URL",
    "MASTER_KEY",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "LOG_FORMAT",
    "BODY_LIMIT_BYTES",
    "DIST_DIR",
    "ACCESS_TOKEN_TTL_SECS",
    "REFRESH_TOKEN_TTL_DAYS",
    "LOGIN_ATTEMPTS_PER_MINUTE",
    "WORKERS",
    "SIGNUPS_PER_HOUR",
    "INVITE_ATTEMPTS_PER_HOUR",
    "ALLOW_PRIVATE_URLS",
    "ALLOW_CUSTOM_CHANNEL_APIS",
    "TRUST_PROXY_HEADERS",
    "TICKET_TICK_MS",
    "METRICS_TOKEN",
];
const SECRETS: &[&str] = &["DATABASE_URL", "MASTER_KEY", "ADMIN_PASSWORD", "METRICS_TOKEN"];

impl Config {
    /// Reads the process environment (and the TOML file it names).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Self::from_sources(&env)
    }

    /// Builds the configuration from a map of environment variables; the TOML file is named by
    /// `PANELRELAY_CONFIG`. Environment variables win over the file.
    pub fn from_sources(env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut values: HashMap<String, String> = HashMap::new();
        if let Some(path) = env.get("PANELRELAY_CONFIG") {
            values.extend(read_toml(path)?);
        }
        for name in SETTINGS {
            if let Some(v) = env.get(&format!("PANELRELAY_{name}")) {
                values.insert((*name).to_string(), v.clone());
            }
        }
        for name in SECRETS {
            let file_var = format!("PANELRELAY_{name}_FILE");
            let file = env.get(&file_var).cloned().or_else(|| values.get(&format!("{name}_FILE")).cloned());
            if let Some(file) = file {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| ConfigError(format!("{file_var}: cannot read {file}: {e}")))?;
                values.insert((*name).to_string(), text.trim_end_matches(['\n', '\r']).to_string());
            }
        }
        Self::validate(values)
    }

    fn validate(mut v: HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut take = |name: &str| v.remove(name).filter(|s| !s.trim().is_empty());
        let listen_text = take("LISTEN").unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen = listen_text.parse().map_err(|_| {
            ConfigError(format!("PANELRELAY_LISTEN must be an address like 127.0.0.1:8080, got {listen_text:?}"))
        })?;
        let data_dir = PathBuf::from(take("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match take("DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://") =>
            {
                url
            }
            Some(_) => {
                return Err(ConfigError(
                    "PANELRELAY_DATABASE_URL must start with sqlite: or postgres:// (leave it unset for the built-in SQLite file)".into(),
                ));
            }
            None => format!("sqlite://{}?mode=rwc", data_dir.join("panelrelay.db").display()),
        };
        let master_key = take("MASTER_KEY").map(Secret::new);
        if let Some(key) = &master_key {
            crate::secrets::MasterKey::from_hex(key.expose())
                .map_err(|e| ConfigError(format!("PANELRELAY_MASTER_KEY: {e}")))?;
        }
        let admin_email = take("ADMIN_EMAIL");
        if let Some(email) = admin_email.as_ref().filter(|e| !crate::auth::domain::looks_like_email(e)) {
            return Err(ConfigError(format!("PANELRELAY_ADMIN_EMAIL is not an email address: {email:?}")));
        }
        let admin_password = take("ADMIN_PASSWORD").map(Secret::new);
        if let Some(pw) = &admin_password {
            let email = admin_email.as_deref().unwrap_or(DEFAULT_ADMIN_EMAIL);
            crate::auth::domain::check_password_strength(pw.expose(), &[email])
                .map_err(|e| ConfigError(format!("PANELRELAY_ADMIN_PASSWORD: {e}")))?;
        }
        let log_format = match take("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError(format!("PANELRELAY_LOG_FORMAT must be text or json, got {other:?}")));
            }
        };
        let body_limit_bytes = number(take("BODY_LIMIT_BYTES"), "BODY_LIMIT_BYTES", 1024 * 1024, 1024)?;
        let dist_dir = PathBuf::from(take("DIST_DIR").unwrap_or_else(|| "dist".into()));
        let access_token_ttl_secs = number(take("ACCESS_TOKEN_TTL_SECS"), "ACCESS_TOKEN_TTL_SECS", 900, 1)?;
        let refresh_token_ttl_days = number(take("REFRESH_TOKEN_TTL_DAYS"), "REFRESH_TOKEN_TTL_DAYS", 30, 1)?;
        let login_attempts_per_minute = number(take("LOGIN_ATTEMPTS_PER_MINUTE"), "LOGIN_ATTEMPTS_PER_MINUTE", 5, 1)?;
        let workers = switch(take("WORKERS"), "WORKERS", true)?;
        let signups_per_hour = number(take("SIGNUPS_PER_HOUR"), "SIGNUPS_PER_HOUR", 5, 1)?;
        let invite_attempts_per_hour = number(take("INVITE_ATTEMPTS_PER_HOUR"), "INVITE_ATTEMPTS_PER_HOUR", 20, 1)?;
        let allow_private_urls = switch(take("ALLOW_PRIVATE_URLS"), "ALLOW_PRIVATE_URLS", false)?;
        let allow_custom_channel_apis = switch(take("ALLOW_CUSTOM_CHANNEL_APIS"), "ALLOW_CUSTOM_CHANNEL_APIS", false)?;
        let trust_proxy_headers = switch(take("TRUST_PROXY_HEADERS"), "TRUST_PROXY_HEADERS", false)?;
        let public_url = take("PUBLIC_URL").map(|u| u.trim_end_matches('/').to_string());
        if let Some(u) = public_url.as_ref().filter(|u| !(u.starts_with("https://") || u.starts_with("http://"))) {
            return Err(ConfigError(format!("PANELRELAY_PUBLIC_URL must start with https://, got {u:?}")));
        }
        let poll_timeout_secs = number(take("POLL_TIMEOUT_SECS"), "POLL_TIMEOUT_SECS", 10, 0)?;
        let metrics_token = take("METRICS_TOKEN").filter(|t| !t.trim().is_empty()).map(Secret::new);
        if metrics_token.as_ref().is_some_and(|t| t.expose().len() < 16) {
            return Err(ConfigError("PANELRELAY_METRICS_TOKEN must have at least 16 characters".into()));
        }
        let ticket_tick_ms = number(take("TICKET_TICK_MS"), "TICKET_TICK_MS", 5_000, 100)?;
        if poll_timeout_secs > 15 {
            return Err(ConfigError(
                "PANELRELAY_POLL_TIMEOUT_SECS must be at most 15 (it must stay below the HTTP client's 17 s)".into(),
            ));
        }
        Ok(Self {
            public_url,
            poll_timeout_secs,
            listen,
            data_dir,
            database_url: Secret::new(database_url),
            master_key,
            admin_email,
            admin_password,
            log_format,
            body_limit_bytes,
            dist_dir,
            access_token_ttl_secs,
            refresh_token_ttl_days,
            login_attempts_per_minute,
            workers,
            signups_per_hour,
            invite_attempts_per_hour,
            allow_private_urls,
            allow_custom_channel_apis,
            trust_proxy_headers,
            ticket_tick_ms,
            metrics_token,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose().starts_with("sqlite:")
    }
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    value: Option<String>,
    name: &str,
    default: T,
    min: T,
) -> Result<T, ConfigError> {
    let Some(text) = value else { return Ok(default) };
    match text.trim().parse::<T>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(ConfigError(format!("PANELRELAY_{name} must be a whole number of at least {min}, got {text:?}"))),
    }
}

/// An on/off setting: `on`/`true`/`1` or `off`/`false`/`0`.
fn switch(value: Option<String>, name: &str, default: bool) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::trim) {
        None => Ok(default),
        Some("on") | Some("true") | Some("1") => Ok(true),
        Some("off") | Some("false") | Some("0") => Ok(false),
        Some(other) => Err(ConfigError(format!("PANELRELAY_{name} must be true or false, got {other:?}"))),
    }
}

fn read_toml(path: &str) -> Result<HashMap<String, String>, ConfigError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| ConfigError(format!("cannot read config file {path}: {e}")))?;
    let table: toml::Table =
        text.parse().map_err(|e| ConfigError(format!("config file {path} is not valid TOML: {e}")))?;
    let mut out = HashMap::new();
    for (key, value) in table {
        let name = key.to_ascii_uppercase();
        let known =
            SETTINGS.contains(&name.as_str()) || name.strip_suffix("_FILE").is_some_and(|s| SECRETS.contains(&s));
        if !known {
            return Err(ConfigError(format!("config file {path}: unknown setting {key:?}")));
        }
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            other => {
                return Err(ConfigError(format!("config file {path}: {key} must be a string or number, got {other}")));
            }
        };
        out.insert(name, text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
    }

    #[test]
    fn defaults_need_no_settings() {
        let c = Config::from_sources(&HashMap::new()).expect("defaults");
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url.expose(), "sqlite://data/panelrelay.db?mode=rwc");
        assert_eq!(c.body_limit_bytes, 1024 * 1024);
        assert!(c.is_sqlite());
    }

    #[test]
    fn bad_values_get_messages_naming_the_variable() {
        for (var, value) in [
            ("PANELRELAY_LISTEN", "nowhere"),
            ("PANELRELAY_DATABASE_URL", "mysql://x"),
            ("PANELRELAY_MASTER_KEY", "short"),
            ("PANELRELAY_LOG_FORMAT", "xml"),
            ("PANELRELAY_BODY_LIMIT_BYTES", "-3"),
            ("PANELRELAY_ADMIN_EMAIL", "not-an-email"),
        ] {
            let err = Config::from_sources(&env(&[(var, value)])).expect_err(var);
            assert!(err.0.contains(var.trim_start_matches("PANELRELAY_")) || err.0.contains(var), "{err}");
        }
    }

    #[test]
    fn secrets_can_come_from_files_and_toml_and_env_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pw = dir.path().join("pw");
        std::fs::write(&pw, "file-password-123\n").expect("write");
        let toml_path = dir.path().join("c.toml");
        std::fs::write(&toml_path, "listen = \"127.0.0.1:9000\"\nlog_format = \"json\"\n").expect("write");
        let c = Config::from_sources(&env(&[
            ("PANELRELAY_CONFIG", toml_path.to_str().expect("utf8")),
            ("PANELRELAY_ADMIN_PASSWORD_FILE", pw.to_str().expect("utf8")),
            ("PANELRELAY_LOG_FORMAT", "text"),
        ]))
        .expect("config");
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(c.admin_password.as_ref().map(|s| s.expose().as_str()), Some("file-password-123"));
        assert!(!format!("{c:?}").contains("file-password-123"));
    }

    #[test]
    fn unknown_toml_keys_are_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "lisen = \"x\"\n").expect("write");
        let err = Config::from_sources(&env(&[("PANELRELAY_CONFIG", p.to_str().expect("utf8"))])).expect_err("typo");
        assert!(err.0.contains("lisen"));
    }
}
