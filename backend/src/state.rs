//! What every handler can reach: the database, the secret box, token keys and throttles.
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::throttle::LoginThrottle;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::secrets::{LookupKey, MasterKey, SecretBox};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub secrets: SecretBox,
    /// The master admin's backups have their own key scope.
    pub backup_secrets: SecretBox,
    /// Keyed hashes of provider domains, for lookup without the clear domain.
    pub domain_lookup: LookupKey,
    /// Shared HTTP client for outside systems (panels, ...).
    pub http: reqwest::Client,
    /// Wakes the outbox worker when a command queued messages.
    pub outbox_wakeup: Arc<tokio::sync::Notify>,
    pub tokens: TokenKeys,
    pub throttle: Arc<LoginThrottle>,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, master: &MasterKey, config: Config) -> Self {
        Self {
            db,
            secrets: SecretBox::new(master),
            backup_secrets: SecretBox::with_label(master, b"panelrelay/backups/v1"),
            domain_lookup: LookupKey::new(master, b"panelrelay/provider-domain/v1"),
            http: reqwest::Client::builder()
                .user_agent(concat!("PanelRelay/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            outbox_wakeup: Arc::new(tokio::sync::Notify::new()),
            tokens: TokenKeys::new(master),
            throttle: Arc::new(LoginThrottle::new(config.login_attempts_per_minute)),
            config: Arc::new(config),
        }
    }
}
