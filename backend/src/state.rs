//! What every HTTP handler can reach: a leaf of plain handles. Below the HTTP layer nothing takes
//! `AppState`; each part takes the handle it needs (`Db`, `Vault`, `Engine`, `Channels`, ...).
use std::sync::Arc;

use crate::auth::guards::AuthGuards;
use crate::auth::tokens::TokenKeys;
use crate::channels::Channels;
use crate::commands::engine::Engine;
use crate::config::Config;
use crate::db::Db;
use crate::dispatch::outbox::Outbox;
use crate::panels::clients::PanelClients;
use crate::secrets::{MasterKey, Vault};

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub vault: Vault,
    pub tokens: TokenKeys,
    /// Rate limits for sign-in, sign-up and invites, and the bounded password-hashing queue.
    pub guards: Arc<AuthGuards>,
    /// Which sign-in sessions are live (checked on every request, cached briefly).
    pub live_sessions: Arc<crate::auth::sessions::LiveSessions>,
    /// The command engine: panels' clients, providers, the configuration snapshots, the outbox.
    pub engine: Engine,
    /// The channels: inbox, webhook receivers' cache, send limits, HTTP clients.
    pub channels: Channels,
    /// The sandbox (its fakes and the visitors' workspaces), when this server runs one (`serve --sandbox`).
    pub sandbox: Arc<std::sync::OnceLock<Arc<crate::sandbox::Sandboxes>>>,
}

impl AppState {
    pub fn new(db: Db, master: &MasterKey, config: Config) -> Self {
        let config = Arc::new(config);
        let vault = Vault::new(master);
        let outbound =
            crate::outbound::OutboundPolicy::new(config.allow_private_urls, config.allow_custom_channel_apis);
        let http = outbound.default_client();
        let changes = crate::cluster::changes::ChangeFeed::default();
        let engine = Engine {
            db: db.clone(),
            vault: vault.clone(),
            panels: PanelClients::new(http.clone(), outbound.clone(), vault.secrets.clone()),
            config_cache: crate::commands::cache::ConfigCache::with_feed(changes.clone()),
            seen: Default::default(),
            outbox: Outbox::new(db.clone()),
            billing: crate::billing::Billing::with_feed(changes.clone()),
            instance_id: crate::commands::engine::new_instance_id(),
            changes: changes.clone(),
        };
        let inbox_wakeup = Arc::new(tokio::sync::Notify::new());
        let channels = Channels {
            db: db.clone(),
            vault: vault.clone(),
            config: config.clone(),
            engine: engine.clone(),
            http,
            telegram_http: crate::channels::telegram::http_client(&outbound),
            outbound,
            inbox: crate::channels::inbox::InboxWriter::start(db.clone(), inbox_wakeup.clone()),
            inbox_wakeup,
            webhooks: crate::channels::webhook_cache::WebhookCache::with_feed(changes),
            limits: Arc::default(),
            changed: Arc::new(tokio::sync::Notify::new()),
        };
        Self {
            tokens: TokenKeys::new(master).with_max_ttl(config.access_token_ttl_secs),
            guards: Arc::new(AuthGuards::new(&config)),
            live_sessions: Arc::default(),
            sandbox: Arc::default(),
            db,
            vault,
            engine,
            channels,
            config,
        }
    }
}
