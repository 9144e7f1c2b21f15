//! WhatsApp through Green API (`shared/contracts/green-api.md`): sendMessage, getStateInstance,
//! settings for webhook mode, receiveNotification / deleteNotification for polling, and the
//! lenient notification model. The token travels in the URL path, so no URL ever reaches an
//! error message or a log line.
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use super::ChannelError;
use crate::chats::domain::ChatType;
use crate::secrets::Secret;

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

/// One notification; unknown fields are kept in the stored raw body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    #[serde(default)]
    pub type_webhook: String,
    #[serde(default)]
    pub instance_data: Option<InstanceData>,
    #[serde(default)]
    pub timestamp: Option<i64>,
    #[serde(default)]
    pub id_message: Option<String>,
    #[serde(default)]
    pub sender_data: Option<SenderData>,
    #[serde(default)]
    pub message_data: Option<MessageData>,
    /// `outgoingMessageStatus` only: sent, delivered, read, failed, noAccount, notInGroup.
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceData {
    #[serde(default, deserialize_with = "loose_i64")]
    pub id_instance: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenderData {
    #[serde(default)]
    pub chat_id: String,
    #[serde(default)]
    pub sender: String,
    #[serde(default)]
    pub sender_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageData {
    #[serde(default)]
    pub type_message: String,
    #[serde(default)]
    pub text_message_data: Option<TextData>,
    #[serde(default)]
    pub extended_text_message_data: Option<ExtendedData>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextData {
    #[serde(default)]
    pub text_message: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExtendedData {
    #[serde(default)]
    pub text: String,
}

fn loose_i64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// What the engine needs from a customer's text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub chat_id: String,
    pub chat_type: ChatType,
    pub sender_id: String,
    pub text: String,
}

impl Notification {
    /// Only `incomingMessageReceived` with text is a customer message; our own echoes, statuses
    /// and everything else never are (acting on them would loop).
    pub fn incoming(&self) -> Option<Incoming> {
        if self.type_webhook != "incomingMessageReceived" {
            return None;
        }
        let sender = self.sender_data.as_ref()?;
        let data = self.message_data.as_ref()?;
        let text = match data.type_message.as_str() {
            "textMessage" => data.text_message_data.as_ref()?.text_message.clone(),
            "extendedTextMessage" | "quotedMessage" => data.extended_text_message_data.as_ref()?.text.clone(),
            _ => return None,
        };
        if text.trim().is_empty() || text.trim().starts_with("{{SWE") {
            return None;
        }
        let chat_type = if sender.chat_id.ends_with("@g.us") { ChatType::Group } else { ChatType::Private };
        let sender_id = if sender.sender.is_empty() { sender.chat_id.clone() } else { sender.sender.clone() };
        Some(Incoming { chat_id: sender.chat_id.clone(), chat_type, sender_id, text })
    }

    /// A customer's private message we cannot read (a picture, a voice note, or WhatsApp's
    /// `{{SWE001}}` marker for content it did not pass on): the chat to ask for text, if any.
    pub fn unreadable_private_chat(&self) -> Option<String> {
        if self.type_webhook != "incomingMessageReceived" {
            return None;
        }
        let sender = self.sender_data.as_ref()?;
        if !sender.chat_id.ends_with("@c.us") {
            return None;
        }
        let data = self.message_data.as_ref()?;
        let text = match data.type_message.as_str() {
            "textMessage" => data.text_message_data.as_ref().map(|t| t.text_message.clone()),
            "extendedTextMessage" | "quotedMessage" => data.extended_text_message_data.as_ref().map(|t| t.text.clone()),
            _ => None,
        };
        match text {
            Some(t) if !t.trim().starts_with("{{SWE") => None,
            _ => Some(sender.chat_id.clone()),
        }
    }

    /// A delivery report saying one of our messages will not arrive: its `idMessage` and the
    /// reason in plain words.
    pub fn delivery_failure(&self) -> Option<(String, &'static str)> {
        if self.type_webhook != "outgoingMessageStatus" {
            return None;
        }
        let reason = match self.status.as_deref()? {
            "failed" => "WhatsApp could not deliver the message",
            "noAccount" => "this number has no WhatsApp account",
            "notInGroup" => "our WhatsApp number is not a member of this group",
            _ => return None,
        };
        Some((self.id_message.clone().filter(|id| !id.is_empty())?, reason))
    }

    /// The dedupe key: `idMessage` (with the status for delivery reports, several of which
    /// arrive for one message), else the type, time and a digest of the body.
    pub fn dedupe_key(&self, raw: &[u8]) -> String {
        match &self.id_message {
            Some(id) if !id.is_empty() && self.type_webhook == "outgoingMessageStatus" => {
                format!("s:{id}:{}", self.status.as_deref().unwrap_or(""))
            }
            Some(id) if !id.is_empty() => format!("m:{id}"),
            _ => format!(
                "n:{}:{}:{}",
                self.type_webhook,
                self.timestamp.unwrap_or(0),
                crate::secrets::token_hash(&String::from_utf8_lossy(raw))
            ),
        }
    }

    pub fn instance_id(&self) -> Option<i64> {
        self.instance_data.as_ref().and_then(|d| d.id_instance)
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

pub async fn send(http: &reqwest::Client, i: &Instance, chat_id: &str, text: &str) -> Result<String, ChannelError> {
    let chat = chat_id.trim();
    if !(chat.ends_with("@c.us") || chat.ends_with("@g.us") || chat.ends_with("@lid")) {
        return Err(ChannelError::Unreachable(format!(
            "{chat:?} is not a WhatsApp chat id (such as 15550001111@c.us or 120363099887766554@g.us)"
        )));
    }
    let v = call(
        http.post(i.url("sendMessage"))
            .timeout(Duration::from_secs(20))
            .json(&json!({"chatId": chat, "message": text, "linkPreview": false})),
    )
    .await?;
    Ok(v.get("idMessage").and_then(Value::as_str).unwrap_or("").to_string())
}

/// Webhook mode: points the instance's webhook at us (called when the owner saves, never per request).
pub async fn set_webhook(http: &reqwest::Client, i: &Instance, url: &str, token: &str) -> Result<(), ChannelError> {
    call(http.post(i.url("setSettings")).timeout(Duration::from_secs(20)).json(&json!({
        "webhookUrl": url, "webhookUrlToken": token, "incomingWebhook": "yes", "outgoingWebhook": "yes",
        "outgoingMessageWebhook": "no", "outgoingAPIMessageWebhook": "no"})))
    .await
    .map(|_| ())
}

pub async fn webhook_url(http: &reqwest::Client, i: &Instance) -> Result<String, ChannelError> {
    let v = call(http.get(i.url("getSettings")).timeout(Duration::from_secs(15))).await?;
    Ok(v.get("webhookUrl").and_then(Value::as_str).unwrap_or("").to_string())
}

pub async fn clear_webhook(http: &reqwest::Client, i: &Instance) -> Result<(), ChannelError> {
    call(http.post(i.url("setSettings")).timeout(Duration::from_secs(20)).json(&json!({"webhookUrl": ""})))
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

/// The webhook's Authorization header: `Bearer <token>` (any case) or the bare token.
pub fn presented_token(header: Option<&str>) -> &str {
    let h = header.unwrap_or("").trim();
    match h.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => h[7..].trim(),
        _ => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(v: Value) -> Notification {
        serde_json::from_value(v).expect("parses")
    }

    #[test]
    fn text_extended_and_group_messages() {
        let private =
            note(json!({"typeWebhook": "incomingMessageReceived", "instanceData": {"idInstance": 3301448207_i64},
            "idMessage": "A1", "senderData": {"chatId": "15550001111@c.us", "sender": "15550001111@c.us"},
            "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "2274209 refill"}}}));
        let got = private.incoming().expect("text");
        assert_eq!((got.chat_type, got.text.as_str()), (ChatType::Private, "2274209 refill"));
        let group = note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "A2",
            "senderData": {"chatId": "120363099887766554@g.us", "sender": "15550002222@c.us"},
            "messageData": {"typeMessage": "extendedTextMessage", "extendedTextMessageData": {"text": "refill https://x"}}}));
        let got = group.incoming().expect("text");
        assert_eq!((got.chat_type, got.sender_id.as_str()), (ChatType::Group, "15550002222@c.us"));
        assert_eq!(group.instance_id(), None);
    }

    #[test]
    fn echoes_statuses_images_and_markers_are_not_customer_messages() {
        for v in [
            json!({"typeWebhook": "outgoingAPIMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
                "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "596723 refill"}}}),
            json!({"typeWebhook": "outgoingMessageStatus", "chatId": "1@c.us", "status": "failed", "idMessage": "X"}),
            json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
                "messageData": {"typeMessage": "imageMessage"}}),
            json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
                "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "{{SWE001}}"}}}),
        ] {
            assert_eq!(note(v).incoming(), None);
        }
        let image = note(
            json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
            "messageData": {"typeMessage": "imageMessage"}}),
        );
        assert_eq!(image.unreadable_private_chat().as_deref(), Some("1@c.us"));
        let marker = note(
            json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
            "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "{{SWE001}}"}}}),
        );
        assert_eq!(marker.unreadable_private_chat().as_deref(), Some("1@c.us"));
        let group = note(
            json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1-2@g.us", "sender": "1@c.us"},
            "messageData": {"typeMessage": "imageMessage"}}),
        );
        assert_eq!(group.unreadable_private_chat(), None, "groups stay silent");
    }

    #[test]
    fn loose_instance_ids_and_dedupe_keys() {
        let n = note(
            json!({"typeWebhook": "stateInstanceChanged", "instanceData": {"idInstance": "3301448207"}, "timestamp": 5}),
        );
        assert_eq!(n.instance_id(), Some(3301448207));
        assert!(n.dedupe_key(b"{}").starts_with("n:stateInstanceChanged:5:"));
    }

    #[test]
    fn authorization_header_forms() {
        assert_eq!(presented_token(Some("Bearer t0k")), "t0k");
        assert_eq!(presented_token(Some("bearer t0k")), "t0k");
        assert_eq!(presented_token(Some(" t0k ")), "t0k");
        assert_eq!(presented_token(None), "");
    }

    #[test]
    fn delivery_reports_that_mean_not_delivered_are_recognised_and_each_status_is_its_own_notification() {
        let report = |status: &str| {
            note(json!({"typeWebhook": "outgoingMessageStatus", "chatId": "1@g.us", "status": status,
                "idMessage": "BAE5A", "sendByApi": true}))
        };
        for status in ["failed", "noAccount", "notInGroup"] {
            let (id, reason) = report(status).delivery_failure().expect(status);
            assert_eq!(id, "BAE5A");
            assert!(!reason.contains(status), "plain words, not the code: {reason}");
        }
        for status in ["sent", "delivered", "read", "yellowCard", ""] {
            assert_eq!(report(status).delivery_failure(), None, "{status}");
        }
        let incoming = note(json!({"typeWebhook": "incomingMessageReceived", "status": "failed", "idMessage": "X"}));
        assert_eq!(incoming.delivery_failure(), None);
        // "sent" then "failed" arrive for one message: both must be stored, not deduplicated as one.
        assert_ne!(report("sent").dedupe_key(b"{}"), report("failed").dedupe_key(b"{}"));
        assert_eq!(report("failed").dedupe_key(b"{}"), report("failed").dedupe_key(b"{}"));
    }

    #[test]
    fn statuses_become_plain_words() {
        assert!(matches!(classify(401, ""), ChannelError::Credentials(_)));
        assert!(matches!(classify(466, fakes::greenapi::QUOTA_BODY), ChannelError::Unreachable(_)));
        assert!(matches!(classify(502, ""), ChannelError::Temporary(_)));
        assert!(matches!(classify(400, r#"{"message":"instance account not authorized"}"#), ChannelError::NotReady(_)));
    }
}
