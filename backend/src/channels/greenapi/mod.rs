//! WhatsApp through Green API (`shared/contracts/green-api.md`): sendMessage, getStateInstance,
//! settings for webhook mode, receiveNotification / deleteNotification for polling. The token
//! travels in the URL path, so no URL ever reaches an error message or a log line.
//! `notifications` holds the lenient model of what Green API delivers (webhook and
//! receiveNotification bodies).
use std::time::Duration;

use serde_json::{Value, json};

use super::ChannelError;
use crate::secrets::Secret;

mod notifications;
#[cfg(test)]
mod tests;

pub use notifications::{
    EditedData, ExtendedData, InstanceData, MessageData, Notification, SenderData, TextData, presented_token,
};

pub const DEFAULT_API_URL: &str = "https://api.green-api.com";
pub const MAX_CHUNK: usize = 4000;
/// Green API's answers are small JSON objects; a notification with a long text is a few KiB.
const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct Instance {
    pub api_url: String,
    pub id_instance: i64,
    pub token: Secret<String>,
}

impl Instance {
    /// An instance whose API address passed the outbound policy (Green API's own domains unless
    /// the operator allows others; never an inside address). Checked every time one is made.
    pub fn checked(
        policy: &crate::outbound::OutboundPolicy,
        api_url: &str,
        id_instance: i64,
        token: Secret<String>,
    ) -> Result<Self, ChannelError> {
        policy
            .check_channel_api(crate::outbound::ChannelApi::GreenApi, api_url)
            .map_err(|e| ChannelError::Credentials(e.to_string()))?;
        Ok(Self { api_url: api_url.to_string(), id_instance, token })
    }

    fn url(&self, method: &str) -> String {
        format!(
            "{}/waInstance{}/{method}/{}",
            self.api_url.trim_end_matches('/'),
            self.id_instance,
            self.token.expose()
        )
    }
}

/// Maps a Green API answer status to our error (the body is read for the words).
fn classify(status: u16, body: &str) -> ChannelError {
    let lower = body.to_lowercase();
    match status {
        401 | 403 => ChannelError::Credentials(
            "Green API refused the instance id or token; copy them again from the Green API console".into(),
        ),
        429 => ChannelError::RetryAfter(1),
        466 => ChannelError::Unreachable(
            "the Green API plan's monthly quota is used up; upgrade the plan in the Green API console".into(),
        ),
        400 if lower.contains("not authorized") => ChannelError::NotReady(
            "the WhatsApp number is not linked: scan the QR code in the Green API console".into(),
        ),
        400 if lower.contains("starting process") => {
            ChannelError::NotReady("the instance is starting; it will be retried".into())
        }
        400 => ChannelError::Unreachable(match short(body) {
            Some(reason) => format!("Green API refused the message: {reason}"),
            None => "Green API refused the message".into(),
        }),
        499 | 500.. => ChannelError::Temporary(format!("Green API answered {status}")),
        _ => ChannelError::Temporary(format!("Green API answered {status}")),
    }
}

/// Green API's own reason, from its known `message` field only, in one short line; never the raw
/// body (whatever answered could be anything).
fn short(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let text = v.get("message").and_then(Value::as_str)?;
    let clean: String = text.chars().filter(|c| !c.is_control()).take(80).collect();
    Some(clean).filter(|s| !s.trim().is_empty())
}

fn network(e: reqwest::Error) -> ChannelError {
    ChannelError::Temporary(format!("cannot reach Green API: {}", e.without_url()))
}

async fn call(req: reqwest::RequestBuilder) -> Result<Value, ChannelError> {
    let resp = req.send().await.map_err(network)?;
    let status = resp.status().as_u16();
    let mut resp = resp;
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(network)? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(ChannelError::Temporary("Green API answered more than we read".into()));
        }
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8_lossy(&body);
    if status != 200 {
        return Err(classify(status, &text));
    }
    serde_json::from_str(&text).map_err(|_| ChannelError::Temporary("Green API answered something unreadable".into()))
}

pub async fn state(http: &reqwest::Client, i: &Instance) -> Result<String, ChannelError> {
    let v = call(http.get(i.url("getStateInstance")).timeout(Duration::from_secs(15))).await?;
    Ok(v.get("stateInstance").and_then(Value::as_str).unwrap_or("starting").to_string())
}

/// Health in words for a `stateInstance` value; `None` when it is fine.
pub fn state_problem(state: &str) -> Option<String> {
    match state {
        "authorized" => None,
        "notAuthorized" => Some("the WhatsApp number is not linked: scan the QR code in the Green API console".into()),
        "blocked" => Some("WhatsApp banned this number".into()),
        "yellowCard" => Some("WhatsApp suspended sending for spam; messages wait up to 24 h".into()),
        "starting" => Some("the instance is starting (up to 5 minutes)".into()),
        other => Some(format!("the instance reports {other:?}")),
    }
}

/// `quoted`: the customer's message this answers (quoted in groups; must belong to the chat).
pub async fn send(
    http: &reqwest::Client,
    i: &Instance,
    chat_id: &str,
    text: &str,
    quoted: Option<&str>,
) -> Result<String, ChannelError> {
    let chat = chat_id.trim();
    if !(chat.ends_with("@c.us") || chat.ends_with("@g.us") || chat.ends_with("@lid")) {
        return Err(ChannelError::Unreachable(format!(
            "{chat:?} is not a WhatsApp chat id (such as 15550001111@c.us or 120363099887766554@g.us)"
        )));
    }
    let mut body = json!({"chatId": chat, "message": text, "linkPreview": false});
    if let Some(id) = quoted.filter(|id| !id.is_empty()) {
        body["quotedMessageId"] = json!(id);
    }
    let v = call(http.post(i.url("sendMessage")).timeout(Duration::from_secs(20)).json(&body)).await?;
    Ok(v.get("idMessage").and_then(Value::as_str).unwrap_or("").to_string())
}

/// Webhook mode: points the instance's webhook at us (called when the owner saves, never per request).
pub async fn set_webhook(http: &reqwest::Client, i: &Instance, url: &str, token: &str) -> Result<(), ChannelError> {
    call(http.post(i.url("setSettings")).timeout(Duration::from_secs(20)).json(&json!({
        "webhookUrl": url, "webhookUrlToken": token, "incomingWebhook": "yes", "outgoingWebhook": "yes",
        "editedMessageWebhook": "yes",
        "outgoingMessageWebhook": "no", "outgoingAPIMessageWebhook": "no"})))
    .await
    .map(|_| ())
}

pub async fn webhook_url(http: &reqwest::Client, i: &Instance) -> Result<String, ChannelError> {
    let v = call(http.get(i.url("getSettings")).timeout(Duration::from_secs(15))).await?;
    Ok(v.get("webhookUrl").and_then(Value::as_str).unwrap_or("").to_string())
}

pub async fn clear_webhook(http: &reqwest::Client, i: &Instance) -> Result<(), ChannelError> {
    call(http.post(i.url("setSettings")).timeout(Duration::from_secs(20)).json(&json!({"webhookUrl": "",
        // The queue carries the same notifications as the webhook would.
        "incomingWebhook": "yes", "outgoingWebhook": "yes", "editedMessageWebhook": "yes"})))
    .await
    .map(|_| ())
}

/// One long poll: `(receiptId, raw body)`, or `None` when nothing arrived.
pub async fn receive(
    http: &reqwest::Client,
    i: &Instance,
    timeout_secs: u64,
) -> Result<Option<(i64, Value)>, ChannelError> {
    let v = call(
        http.get(format!("{}?receiveTimeout={timeout_secs}", i.url("receiveNotification")))
            .timeout(Duration::from_secs(timeout_secs + 10)),
    )
    .await?;
    if v.is_null() {
        return Ok(None);
    }
    let receipt = v.get("receiptId").and_then(Value::as_i64);
    match (receipt, v.get("body")) {
        (Some(r), Some(body)) => Ok(Some((r, body.clone()))),
        _ => Err(ChannelError::Temporary("Green API sent a notification without a receipt".into())),
    }
}

pub async fn delete(http: &reqwest::Client, i: &Instance, receipt: i64) -> Result<bool, ChannelError> {
    let v = call(http.delete(format!("{}/{receipt}", i.url("deleteNotification"))).timeout(Duration::from_secs(15)))
        .await?;
    Ok(v.get("result").and_then(Value::as_bool).unwrap_or(false))
}
