//! Telegram through teloxide: one `Bot` per channel over one shared HTTP client, a configurable
//! API URL (real or fake), error classification (teloxide's variant first, then substrings of the
//! description, as the contract says), sends that reply in the customer's topic and quote them,
//! and getUpdates as raw JSON (`updates` reads the bodies). Tokens never reach a log: teloxide's
//! errors carry no URL, and ours are stripped of it.
use teloxide::payloads::{SendMessageSetters, SetWebhookSetters};
use teloxide::requests::Requester;
use teloxide::types::{AllowedUpdate, ChatId, MessageId, Recipient, ReplyParameters, ThreadId};
use teloxide::{ApiError, Bot, RequestError};

use super::ChannelError;
use crate::dispatch::sender::ReplyTo;

pub mod updates;

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
/// In a group the reply quotes the customer's message (sent even when that message is gone);
/// in a forum topic it goes to that topic.
pub async fn send(bot: &Bot, address: &str, text: &str, reply: &ReplyTo) -> Result<i32, ChannelError> {
    let to = recipient(address)?;
    let mut request = bot.send_message(to, text);
    if let Some(thread) = reply.thread.and_then(|t| i32::try_from(t).ok()) {
        request = request.message_thread_id(ThreadId(MessageId(thread)));
    }
    if let Some(id) = reply.message.as_deref().and_then(|m| m.parse::<i32>().ok()) {
        request = request.reply_parameters(ReplyParameters {
            allow_sending_without_reply: Some(true),
            ..ReplyParameters::new(MessageId(id))
        });
    }
    let sent = request.await.map_err(classify)?;
    Ok(sent.id.0)
}

pub async fn set_webhook(bot: &Bot, url: &str, secret: &str) -> Result<(), ChannelError> {
    let url = reqwest::Url::parse(url)
        .map_err(|_| ChannelError::Credentials("the public URL (PANELRELAY_PUBLIC_URL) is not a valid URL".into()))?;
    bot.set_webhook(url).secret_token(secret).allowed_updates(ALLOWED.to_vec()).await.map_err(classify)?;
    Ok(())
}

pub async fn delete_webhook(bot: &Bot) -> Result<(), ChannelError> {
    bot.delete_webhook().await.map_err(classify)?;
    Ok(())
}

/// The update kinds we read: messages, and edits (handled by the edit rule, see README).
const ALLOWED: [AllowedUpdate; 2] = [AllowedUpdate::Message, AllowedUpdate::EditedMessage];
const ALLOWED_NAMES: [&str; 2] = ["message", "edited_message"];

/// One long poll, answered as raw JSON: each update is stored exactly as Telegram sent it, so an
/// update no library can read is still kept (and reported), never turned into an empty value.
pub async fn get_updates(bot: &Bot, offset: i64, timeout_secs: u32) -> Result<Vec<(i64, String)>, ChannelError> {
    let mut url = bot.api_url();
    url.set_path(&format!("{}/bot{}/getUpdates", url.path().trim_end_matches('/'), bot.token()));
    let sent = bot
        .client()
        .post(url)
        .timeout(std::time::Duration::from_secs(u64::from(timeout_secs) + 7))
        .json(&serde_json::json!({"offset": offset, "timeout": timeout_secs, "limit": 100, "allowed_updates": ALLOWED_NAMES}))
        .send()
        .await
        // Never the URL: it holds the token.
        .map_err(|e| classify(RequestError::Network(std::sync::Arc::new(e.without_url()))))?;
    let body: serde_json::Value =
        sent.json().await.map_err(|_| ChannelError::Temporary("Telegram answered something unreadable".into()))?;
    if body.get("ok").and_then(serde_json::Value::as_bool) == Some(true) {
        let result = body.get("result").and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
        return Ok(updates::polled(result));
    }
    Err(api_failure(&body))
}

/// A `{"ok": false, …}` answer in our terms: 429's `retry_after` and a migration first, then the
/// description as teloxide reads it.
fn api_failure(body: &serde_json::Value) -> ChannelError {
    let params = body.get("parameters");
    if let Some(s) = params.and_then(|p| p.get("retry_after")).and_then(serde_json::Value::as_u64) {
        return ChannelError::RetryAfter(s.max(1));
    }
    if let Some(id) = params.and_then(|p| p.get("migrate_to_chat_id")).and_then(serde_json::Value::as_i64) {
        return ChannelError::Migrated(id);
    }
    let code = body.get("error_code").and_then(serde_json::Value::as_i64).unwrap_or(0);
    let description = body.get("description").and_then(serde_json::Value::as_str).unwrap_or("").to_string();
    if code >= 500 {
        return ChannelError::Temporary(format!("Telegram had a server error: {}", short(&description)));
    }
    let api: ApiError = serde_json::from_value(serde_json::Value::String(description.clone()))
        .unwrap_or(ApiError::Unknown(description));
    classify_api(&api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_answer_is_classified() {
        let retry = serde_json::json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7}});
        assert_eq!(api_failure(&retry), ChannelError::RetryAfter(7));
        let conflict =
            serde_json::json!({"ok": false, "error_code": 409, "description": fakes::telegram::CONFLICT_POLLER});
        assert!(matches!(api_failure(&conflict), ChannelError::Conflict(_)));
        let token = serde_json::json!({"ok": false, "error_code": 401, "description": "Unauthorized"});
        assert!(matches!(api_failure(&token), ChannelError::Credentials(_)));
        let down = serde_json::json!({"ok": false, "error_code": 502, "description": "Bad Gateway"});
        assert!(matches!(api_failure(&down), ChannelError::Temporary(_)));
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
