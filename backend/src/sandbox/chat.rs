//! What a visitor does in their sandbox workspace: type as the customer, start over, and read
//! the transcript (the customer's chat, the bot's replies and what each provider group got).
use fakes::panel::sample_data;
use shared::channels::{ChannelKind, SandboxLine, SandboxShape, SandboxTranscript};

use super::*;

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
        let (telegram, green, token, instance) =
            (&self.fakes.telegram, &self.fakes.green, self.bot_token.as_str(), self.instance_id);
        match (channel, shape) {
            (ChannelKind::Telegram, SandboxShape::Text) => {
                telegram.inject(token, CUSTOMER_TG, CUSTOMER_TG, "Mira", &text).await;
            }
            (ChannelKind::Telegram, SandboxShape::PictureWithCaption) => {
                let update = telegram.caption_update(token, CUSTOMER_TG, CUSTOMER_TG, "Mira", &text);
                telegram.deliver(token, update).await;
            }
            (ChannelKind::Telegram, SandboxShape::ForumTopic) => {
                let update = telegram.topic_update(token, FORUM_GROUP, FORUM_THREAD, CUSTOMER_TG, "Mira", &text);
                telegram.deliver(token, update).await;
            }
            (ChannelKind::Whatsapp, SandboxShape::PictureWithCaption) => {
                let note =
                    green.caption_notification(instance, CUSTOMER_WA, CUSTOMER_WA, "Mira", "imageMessage", &text);
                green.deliver(instance, note).await;
            }
            (ChannelKind::Whatsapp, _) => {
                green.inject(instance, CUSTOMER_WA, None, "Mira", &text).await;
            }
        }
        Ok(())
    }

    /// Starts the sandbox chat over: the transcripts, the workspace's cooldowns, logs and provider
    /// messages and the ticket activity are cleared, so `2274209 refill` works again and the sample
    /// tickets are handled again.
    pub async fn reset(&self, db: &crate::db::Db) -> Result<(), AppError> {
        use crate::db::entities::{command_log, cooldowns, dispatches, inbound_keys, ticket_activity, ticket_seen};
        let tenant = self.tenant_id.clone();
        db.transaction(async |tx| {
            dispatches::Entity::delete_many().filter(dispatches::Column::TenantId.eq(&tenant)).exec(tx).await?;
            cooldowns::Entity::delete_many().filter(cooldowns::Column::TenantId.eq(&tenant)).exec(tx).await?;
            command_log::Entity::delete_many().filter(command_log::Column::TenantId.eq(&tenant)).exec(tx).await?;
            inbound_keys::Entity::delete_many().filter(inbound_keys::Column::TenantId.eq(&tenant)).exec(tx).await?;
            // The sample tickets are handled again, as on the first visit.
            let activity = ticket_activity::Column::TenantId.eq(&tenant);
            ticket_activity::Entity::delete_many().filter(activity).exec(tx).await?;
            ticket_seen::Entity::delete_many().filter(ticket_seen::Column::TenantId.eq(&tenant)).exec(tx).await?;
            Ok(())
        })
        .await?;
        self.typed.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.fakes.telegram.clear_sent(&self.bot_token);
        self.fakes.green.clear_sent(self.instance_id);
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
        for m in self.fakes.telegram.sent(&self.bot_token) {
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
        for m in self.fakes.green.sent(self.instance_id) {
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
