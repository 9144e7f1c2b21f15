//! What every handler can reach: the database, the secret box, token keys and throttles.
use std::sync::Arc;

use crate::auth::guards::AuthGuards;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::secrets::{LookupKey, MasterKey, SecretBox};

#[derive(Clone)]
pub struct AppState {
    pub db: crate::db::Db,
    pub secrets: SecretBox,
    /// The master admin's backups have their own key scope.
    pub backup_secrets: SecretBox,
    /// Keyed hashes of provider domains, for lookup without the clear domain.
    pub domain_lookup: LookupKey,
    /// Shared HTTP client for outside systems (panels, Green API): the outbound policy's resolver, no redirects.
    pub http: reqwest::Client,
    /// Which addresses tenant-given URLs may reach (`outbound`).
    pub outbound: Arc<crate::outbound::OutboundPolicy>,
    /// Wakes the outbox worker when a command queued messages.
    pub outbox_wakeup: Arc<tokio::sync::Notify>,
    /// Orders seen per (tenant, provider) since the last flush (see `providers::service::spawn_seen_flusher`).
    pub seen_counts: Arc<std::sync::Mutex<std::collections::HashMap<(String, String), i64>>>,
    /// When the outbox last looked for interrupted sends (unix seconds).
    pub outbox_swept_at: Arc<std::sync::atomic::AtomicI64>,
    /// Telegram's client (teloxide's settings: 5 s connect, 17 s overall), shared by every bot.
    pub telegram_http: reqwest::Client,
    /// Wakes the inbox worker when a webhook or poller stored an update.
    pub inbox_wakeup: Arc<tokio::sync::Notify>,
    /// Stores received updates in batches (group commit).
    pub inbox: crate::channels::inbox::InboxWriter,
    /// Webhook receivers' view of channels (id → row and secret digest), refreshed every few seconds.
    pub webhook_channels: crate::channels::webhooks::WebhookCache,
    /// Per-chat, per-group and per-bot send limits, shared by every sender.
    pub channel_limits: Arc<crate::channels::runtime::Limits>,
    /// The sandbox, when this server runs one (`serve --sandbox`).
    pub sandbox: Arc<std::sync::OnceLock<Arc<crate::sandbox::Sandbox>>>,
    /// Tells the channel runtime that channels were added, changed or removed.
    pub channels_changed: Arc<tokio::sync::Notify>,
    /// One client (and so one token bucket) per panel, rebuilt when its settings change.
    panel_clients: Arc<std::sync::Mutex<PanelClients>>,
    /// Per-tenant snapshot of the command engine's configuration.
    pub config_cache: crate::commands::cache::ConfigCache,
    pub tokens: TokenKeys,
    /// Rate limits for sign-in, sign-up and invites, and the bounded password-hashing queue.
    pub guards: Arc<AuthGuards>,
    /// Which sign-in sessions are live (checked on every request, cached briefly).
    pub live_sessions: Arc<crate::auth::sessions::LiveSessions>,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(db: crate::db::Db, master: &MasterKey, config: Config) -> Self {
        let inbox_wakeup = Arc::new(tokio::sync::Notify::new());
        let inbox = crate::channels::inbox::InboxWriter::start(db.clone(), inbox_wakeup.clone());
        let outbound =
            crate::outbound::OutboundPolicy::new(config.allow_private_urls, config.allow_custom_channel_apis);
        Self {
            inbox,
            webhook_channels: Default::default(),
            db,
            secrets: SecretBox::new(master),
            backup_secrets: SecretBox::with_label(master, b"panelrelay/backups/v1"),
            domain_lookup: LookupKey::new(master, b"panelrelay/provider-domain/v1"),
            http: outbound.default_client(),
            outbox_wakeup: Arc::new(tokio::sync::Notify::new()),
            outbox_swept_at: Arc::default(),
            seen_counts: Arc::default(),
            telegram_http: crate::channels::telegram::http_client(&outbound),
            outbound,
            inbox_wakeup,
            channels_changed: Arc::new(tokio::sync::Notify::new()),
            channel_limits: Arc::default(),
            sandbox: Arc::default(),
            panel_clients: Arc::default(),
            config_cache: Default::default(),
            tokens: TokenKeys::new(master).with_max_ttl(config.access_token_ttl_secs),
            guards: Arc::new(AuthGuards::new(&config)),
            live_sessions: Arc::default(),
            config: Arc::new(config),
        }
    }
}

type PanelClients = std::collections::HashMap<String, (String, Arc<dyn crate::panels::client::PanelAdminClient>)>;

impl AppState {
    /// The shared client of a panel: every request to one panel goes through one token bucket.
    pub fn panel_client(
        &self,
        panel: &crate::db::entities::panels::Model,
    ) -> Result<Arc<dyn crate::panels::client::PanelAdminClient>, crate::error::AppError> {
        let fingerprint = format!(
            "{}|{}|{}|{}|{}|{}|{}|{:?}|{:?}",
            panel.kind,
            panel.admin_base_url,
            panel.admin_key_sealed,
            panel.rps,
            panel.timeout_secs,
            panel.orders_user_param,
            panel.v2_bulk_ids,
            panel.user_api_url,
            panel.user_api_key_sealed
        );
        let mut cache = self.panel_clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, client)) = cache.get(&panel.id).filter(|(known, _)| *known == fingerprint) {
            return Ok(client.clone());
        }
        let config = crate::panels::repo::client_config(&self.secrets, panel)?;
        let client: Arc<dyn crate::panels::client::PanelAdminClient> =
            Arc::from(crate::panels::client::build_client(config, self.http.clone(), self.outbound.clone()));
        cache.insert(panel.id.clone(), (fingerprint, client.clone()));
        Ok(client)
    }
}
