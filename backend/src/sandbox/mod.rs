//! The sandbox: a workspace wired to the built-in fake panel, a fake Telegram bot and a fake
//! WhatsApp number, with routes to two provider groups, so a new user can try the whole flow in
//! the browser without any account. It is recreated at every sandbox start, flagged in the
//! database, and reachable only through its own session (no password exists for it). `start`
//! sets it up through the server's own REST API, as an owner would (it is part of the
//! application's start-up, beside `lib.rs`); `routes` are the visitor's endpoints.
use std::sync::Mutex;

use fakes::greenapi::FakeGreenApi;
use fakes::panel::{FakePanel, sample_data};
use fakes::telegram::FakeTelegram;
use shared::channels::{ChannelKind, SandboxLine, SandboxShape, SandboxTranscript};

pub mod routes;
mod start;

pub use start::start;

pub const BOT_TOKEN: &str = "7012345678:AAF-sandbox-fake-token_0123456789";
pub const INSTANCE_ID: i64 = 3_301_448_207;
pub const INSTANCE_TOKEN: &str = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
pub(crate) const CUSTOMER_TG: i64 = 6_600_112_233;
pub(crate) const CUSTOMER_WA: &str = "15550001111@c.us";
pub(crate) const CUSTOMER: &str = "mira_boost";
pub(crate) const OWNER_EMAIL: &str = "sandbox@panelrelay.local";
pub(crate) const VISITOR_EMAIL: &str = "visitor@sandbox.panelrelay.local";
pub(crate) const CUSTOMER_CHAT: &str = "Mira (customer)";
/// A forum supergroup where Mira asks in the "Orders" topic (the bot answers in that topic).
pub(crate) const FORUM_GROUP: i64 = -1_001_555_000_045;
pub(crate) const FORUM_THREAD: i64 = 45;
pub(crate) const FORUM_TOPIC: &str = "Mira's shop forum › Orders topic";
pub(crate) const GROUPS: [(&str, &str, &str); 3] = [
    ("Provider 1 group (Telegram)", "telegram_group", "-1001000000001"),
    ("Provider 2 group (WhatsApp)", "whatsapp_group", "120363000000000002@g.us"),
    ("Manual services (Telegram)", "telegram_group", "-1001000000003"),
];

pub struct Sandbox {
    pub tenant_id: String,
    /// The account every sandbox session signs in as: role `sandbox_visitor`, no password.
    pub(crate) visitor_id: String,
    pub(crate) _panel: FakePanel,
    pub(crate) telegram: FakeTelegram,
    pub(crate) green: FakeGreenApi,
    /// What the visitor typed: (time in µs, channel, chat, text).
    pub(crate) typed: Mutex<Vec<(u64, &'static str, &'static str, String)>>,
}

impl Sandbox {
    pub async fn say(&self, channel: ChannelKind, shape: SandboxShape, text: &str) -> Result<(), String> {
        let text: String = text.chars().take(4000).collect();
        let name = match channel {
            ChannelKind::Telegram => "telegram",
            ChannelKind::Whatsapp => "whatsapp",
        };
        let (typed, chat) = match shape {
            SandboxShape::Text => (text.clone(), CUSTOMER_CHAT),
            SandboxShape::PictureWithCaption => (format!("📷 picture, caption: {text}"), CUSTOMER_CHAT),
            SandboxShape::ForumTopic if channel == ChannelKind::Telegram => (text.clone(), FORUM_TOPIC),
            SandboxShape::ForumTopic => return Err("forum topics exist on Telegram only".into()),
        };
        self.typed.lock().unwrap_or_else(|p| p.into_inner()).push((fakes::now_us(), name, chat, typed));
        match (channel, shape) {
            (ChannelKind::Telegram, SandboxShape::Text) => {
                self.telegram.inject(BOT_TOKEN, CUSTOMER_TG, CUSTOMER_TG, "Mira", &text).await;
            }
            (ChannelKind::Telegram, SandboxShape::PictureWithCaption) => {
                let update = self.telegram.caption_update(BOT_TOKEN, CUSTOMER_TG, CUSTOMER_TG, "Mira", &text);
                self.telegram.deliver(BOT_TOKEN, update).await;
            }
            (ChannelKind::Telegram, SandboxShape::ForumTopic) => {
                let update =
                    self.telegram.topic_update(BOT_TOKEN, FORUM_GROUP, FORUM_THREAD, CUSTOMER_TG, "Mira", &text);
                self.telegram.deliver(BOT_TOKEN, update).await;
            }
            (ChannelKind::Whatsapp, SandboxShape::PictureWithCaption) => {
                let note = self.green.caption_notification(
                    INSTANCE_ID,
                    CUSTOMER_WA,
                    CUSTOMER_WA,
                    "Mira",
                    "imageMessage",
                    &text,
                );
                self.green.deliver(INSTANCE_ID, note).await;
            }
            (ChannelKind::Whatsapp, _) => {
                self.green.inject(INSTANCE_ID, CUSTOMER_WA, None, "Mira", &text).await;
            }
        }
        Ok(())
    }

    /// Starts the sandbox chat over: the transcripts, the sandbox workspace's cooldowns, logs
    /// and provider messages are cleared, so `2274209 refill` works again for the next visitor.
    pub async fn reset(&self, db: &crate::db::Db) -> Result<(), crate::error::AppError> {
        use crate::db::entities::{command_log, cooldowns, dispatches, inbound_keys};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let tenant = self.tenant_id.clone();
        db.transaction(async |tx| {
            dispatches::Entity::delete_many().filter(dispatches::Column::TenantId.eq(&tenant)).exec(tx).await?;
            cooldowns::Entity::delete_many().filter(cooldowns::Column::TenantId.eq(&tenant)).exec(tx).await?;
            command_log::Entity::delete_many().filter(command_log::Column::TenantId.eq(&tenant)).exec(tx).await?;
            inbound_keys::Entity::delete_many().filter(inbound_keys::Column::TenantId.eq(&tenant)).exec(tx).await?;
            Ok(())
        })
        .await?;
        self.typed.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.telegram.clear_sent(BOT_TOKEN);
        self.green.clear_sent(INSTANCE_ID);
        Ok(())
    }

    pub fn transcript(&self) -> SandboxTranscript {
        let mut lines: Vec<(u64, SandboxLine)> = Vec::new();
        let line = |from: &str, channel: &str, chat: &str, text: &str| SandboxLine {
            from: from.into(),
            channel: channel.into(),
            chat: chat.into(),
            text: text.into(),
        };
        for (at, channel, chat, text) in self.typed.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            lines.push((*at, line("customer", channel, chat, text)));
        }
        let group_name = |address: &str| GROUPS.iter().find(|g| g.2 == address).map(|g| g.0);
        for m in self.telegram.sent(BOT_TOKEN) {
            let (from, chat) = match group_name(&m.chat_id) {
                Some(g) => ("provider", g),
                None if m.chat_id == FORUM_GROUP.to_string() && m.message_thread_id == Some(FORUM_THREAD) => {
                    ("bot", FORUM_TOPIC)
                }
                None if m.chat_id == FORUM_GROUP.to_string() => ("bot", "Mira's shop forum › General (wrong topic!)"),
                None => ("bot", CUSTOMER_CHAT),
            };
            lines.push((m.at_us, line(from, "telegram", chat, &m.text)));
        }
        for m in self.green.sent(INSTANCE_ID) {
            let (from, chat) = match group_name(&m.chat_id) {
                Some(g) => ("provider", g),
                None => ("bot", CUSTOMER_CHAT),
            };
            lines.push((m.at_us, line(from, "whatsapp", chat, &m.message)));
        }
        lines.sort_by_key(|(at, _)| *at);
        let sample_orders = sample_data("a", "b")
            .orders
            .into_iter()
            .map(|o| {
                let whose =
                    if o.user == CUSTOMER { String::new() } else { format!(", another customer's ({})", o.user) };
                format!("{} — {} — {}{whose}", o.id, o.status, o.service_name)
            })
            .collect();
        SandboxTranscript {
            customer: CUSTOMER.into(),
            sample_orders,
            lines: lines.into_iter().map(|(_, l)| l).collect(),
        }
    }
}
