//! What every handler can reach: the database, the secret box, token keys and throttles.
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::throttle::LoginThrottle;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::secrets::{MasterKey, SecretBox};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub secrets: SecretBox,
    pub tokens: TokenKeys,
    pub throttle: Arc<LoginThrottle>,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, master: &MasterKey, config: Config) -> Self {
        Self {
            db,
            secrets: SecretBox::new(master),
            tokens: TokenKeys::new(master),
            throttle: Arc::new(LoginThrottle::new(config.login_attempts_per_minute)),
            config: Arc::new(config),
        }
    }
}
