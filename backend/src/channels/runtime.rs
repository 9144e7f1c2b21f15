//! The channels at run time: the inbox worker (stored update → command engine → reply), one
//! long-poll loop per channel in polling mode, and the production `Sender` that carries provider
//! messages and replies out through the right bot or number, within the channels' rate limits.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::commands::DestinationKind;

pub use super::limits::Limits;
use super::reading::{Handled, channel_message, delivery_failure, read_item};
use super::{ChannelError, Read, greenapi, repo, split_message, telegram};
use crate::cache::TtlCache;
use crate::chats::inbound::receive;
use crate::db::entities::channel_inbox::InboxStatus;
use crate::db::entities::channels::Kind;
use crate::db::entities::{channel_inbox, channels};
use crate::dispatch::sender::{Address, ReplyTo, Route, SendError, Sender};
use crate::error::AppError;

/// How many stored updates are handled at the same time.
const INBOX_CONCURRENCY: usize = 16;
/// A 429 asking for at most this long is waited out in place; longer ones go back to the outbox.
const MAX_INLINE_WAIT: u64 = 10;

pub struct ChannelRuntime {
    pub(super) ch: super::Channels,
    limits: Arc<Limits>,
    pub(super) pollers: Mutex<HashMap<String, (String, tokio::task::AbortHandle)>>,
    /// When this instance last renewed its poll leases.
    pub(super) renewed_at: Mutex<std::time::Instant>,
    pub(super) wa_http: reqwest::Client,
    /// WhatsApp chats asked to send text within the hour (at most once an hour each).
    asked_for_text: TtlCache<String, ()>,
}

impl ChannelRuntime {
    pub fn new(ch: super::Channels) -> Arc<Self> {
        Arc::new(Self {
            wa_http: ch.http.clone(),
            limits: ch.limits.clone(),
            ch,
            pollers: Mutex::default(),
            renewed_at: Mutex::new(std::time::Instant::now()),
            asked_for_text: TtlCache::new(Duration::from_secs(3600), 50_000),
        })
    }

    /// Starts the inbox worker and the pollers' supervisor.
    pub fn spawn(self: &Arc<Self>) {
        let rt = self.clone();
        tokio::spawn(async move {
            rt.release_after_restart().await;
            // Continuous: a new item starts as soon as a slot is free, never behind a whole batch.
            let slots = Arc::new(tokio::sync::Semaphore::new(INBOX_CONCURRENCY));
            loop {
                let wakeup = rt.ch.inbox_wakeup.notified();
                let free = slots.available_permits();
                if free == 0 {
                    drop(slots.acquire().await);
                    continue;
                }
                let holder = rt.ch.engine.instance_id.clone();
                let claimed = rt.ch.db.write(async |c| repo::claim_new(c, &holder, free as u64).await).await;
                match claimed {
                    Ok(items) if !items.is_empty() => {
                        for item in items {
                            let Ok(permit) = slots.clone().acquire_owned().await else { break };
                            let rt = rt.clone();
                            tokio::spawn(async move {
                                rt.handle_item(item).await;
                                drop(permit);
                            });
                        }
                        continue;
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "inbox step failed"),
                }
                let _ = tokio::time::timeout(Duration::from_secs(1), wakeup).await;
            }
        });
        let rt = self.clone();
        tokio::spawn(async move {
            let mut passes = 0u32;
            loop {
                let changed = rt.ch.changed.notified();
                if let Err(e) = rt.reconcile().await {
                    tracing::error!(error = %e, "cannot start the channel pollers");
                }
                // Often enough to take a dead instance's channels over within 12 s.
                let _ = tokio::time::timeout(Duration::from_secs(2), changed).await;
                passes = passes.wrapping_add(1);
                if passes.is_multiple_of(15) {
                    rt.limits.per_chat.retain_recent();
                    rt.limits.per_group.retain_recent();
                }
            }
        });
    }

    /// Handles every waiting inbox item once (a few at a time). Returns how many were handled.
    /// (The worker started by `spawn` does this continuously.)
    pub async fn process_inbox(self: &Arc<Self>) -> Result<usize, AppError> {
        let holder = &self.ch.engine.instance_id;
        let items = self.ch.db.write(async |c| repo::claim_new(c, holder, 64).await).await?;
        let n = items.len();
        let mut tasks = tokio::task::JoinSet::new();
        for item in items {
            let rt = self.clone();
            tasks.spawn(async move { rt.handle_item(item).await });
        }
        while tasks.join_next().await.is_some() {}
        Ok(n)
    }

    async fn handle_item(&self, item: channel_inbox::Model) {
        let (id, channel) = (item.id.clone(), item.channel_id.clone());
        let (status, error) = match self.process_one(item).await {
            Ok(Handled::Done) => (InboxStatus::Done, None),
            Ok(Handled::Ignored) => (InboxStatus::Ignored, None),
            Ok(Handled::Unreadable(why)) => {
                // Never the body: it may hold a customer's words. The owner sees the count on
                // the channel's health; the row keeps the body and the reason.
                tracing::warn!(channel = %channel, inbox = %id, reason = %why, "a received update could not be read");
                (InboxStatus::Unreadable, Some(why))
            }
            Err(e) => (InboxStatus::Failed, Some(e.to_string())),
        };
        if let Err(e) = self.ch.db.write(async |c| repo::finish(c, &id, status, error).await).await {
            tracing::error!(error = %e, "cannot record an inbox item's outcome");
        }
    }

    /// One stored update: read it, hand it to the engine, send the reply.
    async fn process_one(&self, item: channel_inbox::Model) -> Result<Handled, AppError> {
        let Some(c) = channels::Entity::find_by_id(item.channel_id.clone())
            .filter(channels::Column::TenantId.eq(item.tenant_id.clone()))
            .one(&self.ch.db)
            .await?
        else {
            return Ok(Handled::Ignored);
        };
        if let Some((message_id, reason)) = delivery_failure(&c, &item) {
            crate::dispatch::outbox::delivery_failed(&self.ch.db, self, &c.tenant_id, &message_id, reason).await?;
            return Ok(Handled::Done);
        }
        let msg = match read_item(&c, &item) {
            Read::Message(m) => channel_message(&c, &item, m),
            Read::NotAMessage => {
                self.ask_for_text(&c, &item).await;
                return Ok(Handled::Ignored);
            }
            Read::Unreadable(why) => return Ok(Handled::Unreadable(why)),
        };
        let chat = msg.chat_id.clone();
        if let Some(reply) = receive(&self.ch.engine, msg).await? {
            let sent = self.send_text(&c, &chat, &reply.to, &reply.text).await;
            let (outcome, reason) = match &sent {
                Ok(_) => ("sent", "the answer to the customer".to_string()),
                Err(e) => ("failed", format!("not delivered: {e}")),
            };
            let entry = crate::logs::messages::Entry {
                tenant_id: c.tenant_id.clone(),
                channel: c.kind.as_str().to_string(),
                direction: "out",
                chat: chat.clone(),
                sender: c.name.clone(),
                text: reply.text.clone(),
                outcome,
                reason,
                command_id: None,
            };
            crate::logs::messages::record(&self.ch.db, entry, crate::db::now()).await;
            if let Err(e) = sent {
                tracing::warn!(channel = %c.id, error = %e, "reply to the customer failed");
                return Err(AppError::Internal(format!("the reply could not be sent: {e}")));
            }
        }
        Ok(Handled::Done)
    }

    /// A WhatsApp customer sent something we cannot read: ask for text, at most once an hour per chat.
    async fn ask_for_text(&self, c: &channels::Model, item: &channel_inbox::Model) {
        if c.kind != Kind::Whatsapp {
            return;
        }
        let Some(chat) = serde_json::from_str::<greenapi::Notification>(&item.body)
            .ok()
            .filter(|n| n.instance_id().is_none_or(|id| id.to_string() == c.account_id))
            .and_then(|n| n.unreadable_private_chat())
        else {
            return;
        };
        // Strict silence unless the owner asked for the reply; an empty template says nothing.
        let text = match self.ch.engine.config(&c.tenant_id).await {
            Ok(config) if config.settings.ask_for_text => config.templates.text_only.clone(),
            _ => return,
        };
        if text.trim().is_empty() {
            return;
        }
        if !self.asked_for_text.put_if_absent(format!("{}:{chat}", c.id), ()) {
            return;
        }
        if let Err(e) = self.send_text(c, &chat, &ReplyTo::default(), &text).await {
            tracing::warn!(channel = %c.id, error = %e, "could not ask a customer for text");
        }
    }

    pub(super) async fn unhealthy(&self, c: &channels::Model, e: &ChannelError) {
        let status = match e {
            ChannelError::Credentials(_) | ChannelError::Conflict(_) => "unhealthy",
            _ => c.status.as_str(),
        };
        let reason = e.to_string();
        let _ = self.ch.db.write(async |db| repo::set_status(db, &c.id, status, Some(&reason)).await).await;
    }

    pub(super) fn instance(&self, c: &channels::Model) -> Result<greenapi::Instance, ChannelError> {
        let token = repo::token(&self.ch.vault.secrets, c)
            .map_err(|_| ChannelError::Credentials("the stored token cannot be opened".into()))?;
        let id_instance = c.account_id.parse().map_err(|_| ChannelError::Credentials("bad instance id".into()))?;
        greenapi::Instance::checked(&self.ch.outbound, &c.api_url, id_instance, token)
    }

    async fn wait_turn(&self, c: &channels::Model, address: &str) {
        let account = c.id.clone();
        let _ = self.limits.per_account.until_key_ready(&account).await;
        let chat = format!("{}:{address}", c.id);
        let _ = self.limits.per_chat.until_key_ready(&chat).await;
        if c.kind == Kind::Telegram && address.starts_with('-') {
            let _ = self.limits.per_group.until_key_ready(&chat).await;
        }
        if c.kind == Kind::Whatsapp && address.ends_with("@g.us") {
            // A little jitter between group messages, as Green API advises.
            let mut b = [0u8; 1];
            crate::secrets::fill_random(&mut b);
            tokio::time::sleep(Duration::from_millis(20 + u64::from(b[0]) / 2)).await;
        }
    }

    /// Sends `text` (split when too long) to a chat through a channel, honouring the rate limits
    /// and 429s, and records the outcome on the channel's health.
    /// Returns Green API's `idMessage` of the last part (Telegram: `None`).
    pub async fn send_text(
        &self,
        c: &channels::Model,
        address: &str,
        reply: &ReplyTo,
        text: &str,
    ) -> Result<Option<String>, ChannelError> {
        let result = self.send_inner(c, address, reply, text).await;
        match &result {
            Ok(_) => {
                let _ = self.ch.db.write(async |db| repo::touch_send(db, &c.id).await).await;
            }
            Err(e) => {
                crate::metrics::count_send_error(c.kind.as_str(), e.kind());
                self.unhealthy(c, e).await
            }
        }
        result
    }

    async fn send_inner(
        &self,
        c: &channels::Model,
        address: &str,
        reply: &ReplyTo,
        text: &str,
    ) -> Result<Option<String>, ChannelError> {
        let token = repo::token(&self.ch.vault.secrets, c)
            .map_err(|_| ChannelError::Credentials("the stored token cannot be opened".into()))?;
        let bot = (c.kind == Kind::Telegram)
            .then(|| telegram::bot(&self.ch.telegram_http, &self.ch.outbound, token.expose(), &c.api_url))
            .transpose()?;
        let instance = (c.kind == Kind::Whatsapp).then(|| self.instance(c)).transpose()?;
        let limit = if bot.is_some() { telegram::MAX_CHUNK } else { greenapi::MAX_CHUNK };
        let mut address = address.to_string();
        let mut last_id = None;
        for (part, chunk) in split_message(text, limit).into_iter().enumerate() {
            // The first part quotes the customer; every part stays in their topic.
            let reply = ReplyTo { thread: reply.thread, message: reply.message.clone().filter(|_| part == 0) };
            self.wait_turn(c, &address).await;
            let mut tries = 0;
            loop {
                let sent = match (&bot, &instance) {
                    (Some(bot), _) => telegram::send(bot, &address, &chunk, &reply).await.map(|_| None),
                    (_, Some(i)) => greenapi::send(&self.wa_http, i, &address, &chunk, reply.message.as_deref())
                        .await
                        .map(|id| Some(id).filter(|id| !id.is_empty())),
                    _ => Err(ChannelError::Unreachable("unknown channel kind".into())),
                };
                match sent {
                    Ok(id) => {
                        last_id = id;
                        break;
                    }
                    Err(ChannelError::RetryAfter(s)) if tries < 3 && s <= MAX_INLINE_WAIT => {
                        tries += 1;
                        tokio::time::sleep(Duration::from_secs(s)).await;
                    }
                    Err(ChannelError::Migrated(new)) if tries < 3 && address.starts_with('-') => {
                        // Replace the stored chat id, then resend to the supergroup.
                        tries += 1;
                        self.chat_migrated(c, &address, new).await;
                        address = new.to_string();
                    }
                    Err(ChannelError::Temporary(_) | ChannelError::NotReady(_)) if tries < 2 => {
                        tries += 1;
                        tokio::time::sleep(Duration::from_millis(500 * tries)).await;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(last_id)
    }

    async fn chat_migrated(&self, c: &channels::Model, old: &str, new: i64) {
        let updated = self
            .ch
            .db
            .write(async |db| crate::routing::repo::readdress_telegram_group(db, &c.tenant_id, old, new).await)
            .await;
        match updated {
            Ok(rows) => {
                tracing::info!(channel = %c.id, rows, "a Telegram group became a supergroup; its id was updated")
            }
            Err(e) => tracing::error!(channel = %c.id, error = %e, "cannot update a migrated group id"),
        }
        self.ch.engine.config_cache.invalidate(&c.tenant_id);
    }

    fn kind_of(to: DestinationKind) -> &'static str {
        match to {
            DestinationKind::TelegramGroup | DestinationKind::TelegramUser => "telegram",
            DestinationKind::WhatsappGroup | DestinationKind::WhatsappNumber => "whatsapp",
        }
    }

    async fn channel_for(&self, route: Route<'_>, kind: &str) -> Result<channels::Model, SendError> {
        repo::for_sending(&self.ch.db, route.tenant_id, route.panel_id, kind)
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?
            .ok_or_else(|| {
                SendError::Permanent(format!(
                    "no {} channel is connected and enabled",
                    if kind == "telegram" { "Telegram" } else { "WhatsApp" }
                ))
            })
    }
}

fn to_send_error(e: ChannelError) -> SendError {
    match e {
        ChannelError::Temporary(m) | ChannelError::NotReady(m) => SendError::Temporary(m),
        ChannelError::RetryAfter(s) => SendError::Temporary(format!("rate limited: retry after {s} s")),
        ChannelError::Credentials(m) | ChannelError::Conflict(m) | ChannelError::Unreachable(m) => {
            SendError::Permanent(m)
        }
        e @ ChannelError::Migrated(_) => SendError::Permanent(e.to_string()),
    }
}

/// The production sender: provider messages and customer follow-ups go out through the
/// tenant's channel of the destination's kind (the panel's own first).
#[async_trait::async_trait]
impl Sender for ChannelRuntime {
    async fn send(&self, route: Route<'_>, to: &Address, text: &str) -> Result<Option<String>, SendError> {
        let c = self.channel_for(route, Self::kind_of(to.kind)).await?;
        self.send_text(&c, &to.address, &ReplyTo::default(), text).await.map_err(to_send_error)
    }

    async fn notify_customer(
        &self,
        route: Route<'_>,
        channel: &str,
        chat: &str,
        reply: &ReplyTo,
        text: &str,
    ) -> Result<(), SendError> {
        let c = self.channel_for(route, channel).await?;
        self.send_text(&c, chat, reply, text).await.map(|_| ()).map_err(to_send_error)
    }
}
