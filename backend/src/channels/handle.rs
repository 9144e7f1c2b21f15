//! The channels' handle: what receivers, pollers, activation and the runtime share. Built once by
//! `AppState`; cheap to clone.
use std::sync::Arc;

use tokio::sync::Notify;

use super::inbox::InboxWriter;
use super::runtime::Limits;
use super::webhook_cache::WebhookCache;
use crate::commands::engine::Engine;
use crate::config::Config;
use crate::db::Db;
use crate::outbound::OutboundPolicy;
use crate::secrets::Vault;

#[derive(Clone)]
pub struct Channels {
    pub db: Db,
    pub vault: Vault,
    pub config: Arc<Config>,
    /// What stored messages are handed to.
    pub engine: Engine,
    /// Shared client for Green API (and panels): the outbound policy's resolver, no redirects.
    pub http: reqwest::Client,
    /// Telegram's client (teloxide's settings: 5 s connect, 17 s overall), shared by every bot.
    pub telegram_http: reqwest::Client,
    /// Which addresses tenant-given URLs may reach.
    pub outbound: Arc<OutboundPolicy>,
    /// Stores received updates in batches (group commit).
    pub inbox: InboxWriter,
    /// Wakes the inbox worker when a webhook or poller stored an update.
    pub inbox_wakeup: Arc<Notify>,
    /// Webhook receivers' view of channels (id → row and secret digest), refreshed every few seconds.
    pub webhooks: WebhookCache,
    /// Per-chat, per-group and per-bot send limits, shared by every sender.
    pub limits: Arc<Limits>,
    /// Tells the runtime that channels were added, changed or removed.
    pub changed: Arc<Notify>,
}
