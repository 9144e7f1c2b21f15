//! Telegram through teloxide: one `Bot` per channel over one shared HTTP client, a configurable
//! API URL (real or fake), error classification (teloxide's variant first, then substrings of the
//! description, as the contract says), and the parser from a webhook body or a polled update to
//! what the command engine needs. Tokens never reach a log: teloxide's errors carry no URL.
use teloxide::payloads::{GetUpdatesSetters, SetWebhookSetters};
use teloxide::requests::Requester;
use teloxide::types::{AllowedUpdate, ChatId, Recipient, Update, UpdateKind};
use teloxide::{ApiError, Bot, RequestError};

use super::ChannelError;
use crate::chats::domain::ChatType;

pub const DEFAULT_API_URL: &str = "https://api.telegram.org";
/// Below 4096 with room to spare, as the contract advises.
pub const MAX_CHUNK: usize = 4000;

/// What getMe tells us about a bot.
#[derive(Debug, Clone)]
pub struct BotInfo {
    pub id: i64,
    pub username: String,
    /// `can_read_all_group_messages == false`
    pub privacy_on: bool,
}

/// A text message from an update, ready for the command engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub chat_id: String,
    pub chat_type: ChatType,
    pub sender_id: String,
    pub from_bot: bool,
    pub text: String,
}

/// teloxide's settings (5 s connect, 17 s overall) under the outbound policy.
pub fn http_client(policy: &std::sync::Arc<crate::outbound::OutboundPolicy>) -> reqwest::Client {
    policy.client(teloxide::net::default_reqwest_settings())
}

/// A bot over the shared client. The API address is checked against the outbound policy every
/// time a bot is made (the official address unless the operator allows others).
pub fn bot(
    http: &reqwest::Client,
    policy: &crate::outbound::OutboundPolicy,
    token: &str,
    api_url: &str,
) -> Result<Bot, ChannelError> {
    let url = policy
        .check_channel_api(crate::outbound::ChannelApi::Telegram, api_url.trim_end_matches('/'))
        .map_err(|e| ChannelError::Credentials(e.to_string()))?;
    Ok(Bot::with_client(token, http.clone()).set_api_url(url))
}

/// Maps teloxide's error to ours: the variant first, then substrings of the description.
pub fn classify(e: RequestError) -> ChannelError {
    match e {
        RequestError::RetryAfter(s) => ChannelError::RetryAfter(u64::from(s.seconds()).max(1)),
        RequestError::Network(e) => ChannelError::Temporary(
            if e.is_timeout() { "Telegram did not answer in time" } else { "cannot reach Telegram" }.into(),
        ),
        RequestError::InvalidJson { .. } => ChannelError::Temporary("Telegram answered something unreadable".into()),
        RequestError::Io(_) => ChannelError::Temporary("a local I/O error while talking to Telegram".into()),
        RequestError::MigrateToChatId(id) => ChannelError::Migrated(id.0),
        RequestError::Api(api) => classify_api(&api),
    }
}

fn classify_api(api: &ApiError) -> ChannelError {
    match api {
        ApiError::InvalidToken => ChannelError::Credentials(
            "Telegram refused the bot token (revoked or wrong). Paste the current token from BotFather.".into(),
        ),
        ApiError::TerminatedByOtherGetUpdates => ChannelError::Conflict(
            "another program is reading this bot's updates (Telegram: terminated by other getUpdates request). \
             Stop it, or use a separate bot for PanelRelay."
                .into(),
        ),
        ApiError::CantGetUpdates => webhook_active(),
        ApiError::BotBlocked => ChannelError::Unreachable("the customer blocked the bot".into()),
        ApiError::ChatNotFound => {
            ChannelError::Unreachable("chat not found: check the chat id, and that the bot is a member".into())
        }
        ApiError::BotKicked | ApiError::BotKickedFromSupergroup | ApiError::BotKickedFromChannel => {
            ChannelError::Unreachable("the bot was removed from this group; add it back".into())
        }
        other => {
            let text = match other {
                ApiError::Unknown(t) => t.clone(),
                o => o.to_string(),
            };
            let lower = text.to_lowercase();
            if lower.contains("webhook is active") {
                webhook_active()
            } else if lower.contains("kicked") {
                ChannelError::Unreachable("the bot was removed from this group; add it back".into())
            } else if lower.contains("blocked") {
                ChannelError::Unreachable("the customer blocked the bot".into())
            } else if lower.contains("initiate conversation") {
                ChannelError::Unreachable("the user has not started a chat with the bot yet".into())
            } else if lower.contains("internal server error") || lower.contains("bad gateway") {
                ChannelError::Temporary(format!("Telegram had a server error: {}", short(&text)))
            } else {
                ChannelError::Unreachable(format!("Telegram refused the message: {}", short(&text)))
            }
        }
    }
}

/// Telegram's `description`, in one short line (with a custom API address it could be anything).
fn short(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(120).collect()
}

fn webhook_active() -> ChannelError {
    ChannelError::Conflict(
        "a webhook is set for this bot, so it cannot be polled; switch the channel to webhook mode, \
         or save it in polling mode again to remove the webhook"
            .into(),
    )
}

pub async fn get_me(bot: &Bot) -> Result<BotInfo, ChannelError> {
    let me = bot.get_me().await.map_err(classify)?;
    Ok(BotInfo {
        id: i64::try_from(me.user.id.0).unwrap_or(i64::MAX),
        username: me.username.clone().unwrap_or_default(),
        privacy_on: !me.can_read_all_group_messages,
    })
}

fn recipient(address: &str) -> Result<Recipient, ChannelError> {
    let a = address.trim();
    if let Ok(id) = a.parse::<i64>() {
        return Ok(Recipient::Id(ChatId(id)));
    }
    if a.starts_with('@') && a.len() > 1 {
        return Ok(Recipient::ChannelUsername(a.to_string()));
    }
    Err(ChannelError::Unreachable(format!(
        "{a:?} is not a Telegram chat id (a number such as -1001987654321) or @channel"
    )))
}

/// Sends one chunk (at most `MAX_CHUNK`); returns the message id.
pub async fn send(bot: &Bot, address: &str, text: &str) -> Result<i32, ChannelError> {
    let to = recipient(address)?;
    let sent = bot.send_message(to, text).await.map_err(classify)?;
    Ok(sent.id.0)
}

pub async fn set_webhook(bot: &Bot, url: &str, secret: &str) -> Result<(), ChannelError> {
    let url = reqwest::Url::parse(url)
        .map_err(|_| ChannelError::Credentials("the public URL (PANELRELAY_PUBLIC_URL) is not a valid URL".into()))?;
    bot.set_webhook(url).secret_token(secret).allowed_updates(vec![AllowedUpdate::Message]).await.map_err(classify)?;
    Ok(())
}

pub async fn delete_webhook(bot: &Bot) -> Result<(), ChannelError> {
    bot.delete_webhook().await.map_err(classify)?;
    Ok(())
}

/// One long poll. Returns the raw updates (stored as they came) and their ids.
pub async fn get_updates(bot: &Bot, offset: i64, timeout_secs: u32) -> Result<Vec<Update>, ChannelError> {
    bot.get_updates()
        .offset(i32::try_from(offset).unwrap_or(0))
        .timeout(timeout_secs)
        .limit(100)
        .allowed_updates(vec![AllowedUpdate::Message])
        .await
        .map_err(classify)
}

/// The text message in an update, if it is one we handle (`message` with text).
pub fn incoming(update: &Update) -> Option<Incoming> {
    let UpdateKind::Message(m) = &update.kind else { return None };
    // A picture, video or document with a caption is read like text; the file itself is not.
    let text = m.text().or_else(|| m.caption())?.to_string();
    let chat_type = if m.chat.is_private() { ChatType::Private } else { ChatType::Group };
    if m.chat.is_channel() {
        return None;
    }
    let (sender_id, from_bot) = match &m.from {
        Some(u) => (u.id.0.to_string(), u.is_bot),
        // Anonymous group admins post as the chat: never a customer.
        None => (m.chat.id.0.to_string(), true),
    };
    Some(Incoming { chat_id: m.chat.id.0.to_string(), chat_type, sender_id, from_bot, text })
}

/// Parses a webhook body; `None` when it is not JSON Telegram would send.
pub fn parse_update(body: &[u8]) -> Option<Update> {
    serde_json::from_slice::<Update>(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: serde_json::Value) -> Option<Incoming> {
        incoming(&parse_update(v.to_string().as_bytes()).expect("an update"))
    }

    #[test]
    fn private_and_group_messages() {
        let private = serde_json::json!({"update_id": 815000042, "message": {"message_id": 57, "date": 1764590400,
            "chat": {"id": 6600112233_i64, "first_name": "Lena", "username": "lena_k", "type": "private"},
            "from": {"id": 6600112233_i64, "is_bot": false, "first_name": "Lena", "username": "lena_k"},
            "text": "status 48213377"}});
        let got = parse(private).expect("a message");
        assert_eq!((got.chat_type, got.sender_id.as_str(), got.from_bot), (ChatType::Private, "6600112233", false));
        let group = serde_json::json!({"update_id": 815000043, "message": {"message_id": 12, "date": 1764590460,
            "chat": {"id": -1001987654321_i64, "title": "Resellers", "type": "supergroup"},
            "from": {"id": 6600445566_i64, "is_bot": false, "first_name": "Omar"},
            "text": "2274209 refill"}});
        let got = parse(group).expect("a message");
        assert_eq!((got.chat_type, got.chat_id.as_str()), (ChatType::Group, "-1001987654321"));
    }

    /// The Bot API's `photo` message with a `caption` (as on the Bot API page).
    #[test]
    fn a_caption_is_read_like_text() {
        let photo = serde_json::json!({"update_id": 815000044, "message": {"message_id": 58, "date": 1764590500,
            "chat": {"id": 6600112233_i64, "first_name": "Lena", "type": "private"},
            "from": {"id": 6600112233_i64, "is_bot": false, "first_name": "Lena"},
            "photo": [{"file_id": "AgACAgIAAxkBAAIB", "file_unique_id": "AQADq", "file_size": 1093, "width": 90, "height": 51}],
            "caption": "2274209 refill"}});
        assert_eq!(parse(photo).map(|m| m.text).as_deref(), Some("2274209 refill"));
        let bare = serde_json::json!({"update_id": 815000045, "message": {"message_id": 59, "date": 1764590501,
            "chat": {"id": 6600112233_i64, "first_name": "Lena", "type": "private"},
            "from": {"id": 6600112233_i64, "is_bot": false, "first_name": "Lena"},
            "photo": [{"file_id": "AgACAgIAAxkBAAIC", "file_unique_id": "AQADr", "file_size": 1093, "width": 90, "height": 51}]}});
        assert_eq!(parse(bare), None);
    }

    #[test]
    fn other_update_kinds_and_bad_json_are_not_messages() {
        let member = serde_json::json!({"update_id": 1, "my_chat_member": {"chat": {"id": -5, "type": "group", "title": "x"},
            "from": {"id": 1, "is_bot": false, "first_name": "a"}, "date": 1, "old_chat_member": {"user": {"id": 2, "is_bot": true, "first_name": "b"}, "status": "member"},
            "new_chat_member": {"user": {"id": 2, "is_bot": true, "first_name": "b"}, "status": "left"}}});
        assert_eq!(parse_update(member.to_string().as_bytes()).and_then(|u| incoming(&u)), None);
        assert!(parse_update(b"{not json").is_none());
        let unknown = serde_json::json!({"update_id": 2, "some_future_kind": {"x": 1}});
        let parsed = parse_update(unknown.to_string().as_bytes());
        assert!(parsed.is_none() || parsed.and_then(|u| incoming(&u)).is_none());
    }

    #[test]
    fn errors_are_classified_by_variant_then_text() {
        assert!(matches!(classify_api(&ApiError::InvalidToken), ChannelError::Credentials(_)));
        assert!(matches!(classify_api(&ApiError::TerminatedByOtherGetUpdates), ChannelError::Conflict(_)));
        let webhook = ApiError::Unknown(fakes::telegram::CONFLICT_WEBHOOK.into());
        assert!(matches!(classify_api(&webhook), ChannelError::Conflict(_)));
        let cant = ApiError::Unknown("Forbidden: bot can't initiate conversation with a user".into());
        assert!(matches!(classify_api(&cant), ChannelError::Unreachable(_)));
    }
}
