//! Reading a stored update: a WhatsApp delivery report, a customer message for the engine, a
//! notice ignored on purpose, or a body that cannot be read.
use super::{Incoming, Read, greenapi, telegram};
use crate::chats::inbound::ChannelMessage;
use crate::db::entities::channels::Kind;
use crate::db::entities::{channel_inbox, channels};

/// A WhatsApp delivery report for one of our messages that will not arrive.
pub(super) fn delivery_failure(c: &channels::Model, item: &channel_inbox::Model) -> Option<(String, &'static str)> {
    if c.kind != Kind::Whatsapp {
        return None;
    }
    let n: greenapi::Notification = serde_json::from_str(&item.body).ok()?;
    if n.instance_id().is_some_and(|id| id.to_string() != c.account_id) {
        return None;
    }
    n.delivery_failure()
}

/// A stored body as the command engine's input, something ignored on purpose, or unreadable.
pub(super) fn read_item(c: &channels::Model, item: &channel_inbox::Model) -> Read {
    match c.kind {
        Kind::Telegram => telegram::updates::read(&item.body),
        Kind::Whatsapp => match serde_json::from_str::<greenapi::Notification>(&item.body) {
            Ok(n) if n.instance_id().is_some_and(|id| id.to_string() != c.account_id) => Read::NotAMessage,
            Ok(n) => n.read(),
            Err(e) => Read::Unreadable(format!(
                "not a Green API notification: {}",
                telegram::updates::shape_error(&e).replace("it has", "the body has")
            )),
        },
    }
}

pub(super) fn channel_message(c: &channels::Model, item: &channel_inbox::Model, m: Incoming) -> ChannelMessage {
    ChannelMessage {
        tenant_id: c.tenant_id.clone(),
        panel_id: c.panel_id.clone(),
        channel: c.kind.as_str().to_string(),
        source: c.id.clone(),
        message_key: item.message_key.clone(),
        chat_id: m.chat_id,
        chat_type: m.chat_type,
        sender_id: m.sender_id,
        from_bot: m.from_bot,
        text: m.text,
        message_id: m.message_id,
        thread_id: m.thread_id,
        edited: m.edited,
    }
}

/// What became of one stored update.
pub(super) enum Handled {
    Done,
    Ignored,
    Unreadable(String),
}
