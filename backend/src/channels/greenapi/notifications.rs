//! What Green API delivers, by webhook or receiveNotification: the lenient notification model
//! (unknown fields are kept in the stored raw body), what the engine reads from it, and the
//! webhook's Authorization header.
use serde::Deserialize;
use serde_json::Value;

use crate::channels::{Incoming, Read};
use crate::chats::domain::ChatType;

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
    /// Pictures, videos and documents: the caption is read like text.
    #[serde(default)]
    pub file_message_data: Option<FileData>,
    /// `editedMessage`: the new text and the id of the message edited (`stanzaId`).
    #[serde(default)]
    pub edited_message_data: Option<EditedData>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditedData {
    #[serde(default)]
    pub text_message: String,
    #[serde(default)]
    pub stanza_id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FileData {
    #[serde(default)]
    pub caption: String,
}

/// Notices that are not a message to answer: a reaction, a deletion, a poll vote, an edit (read
/// by the edit rule, never asked about). Ignored silently, whatever the "ask for text" setting.
const NOT_A_MESSAGE: [&str; 4] = ["reactionMessage", "deletedMessage", "pollUpdateMessage", "editedMessage"];

impl MessageData {
    /// The text a customer wrote: the message's text, or the caption of a picture, video or document.
    fn text(&self) -> Option<String> {
        match self.type_message.as_str() {
            "textMessage" => self.text_message_data.as_ref().map(|t| t.text_message.clone()),
            "extendedTextMessage" | "quotedMessage" => self.extended_text_message_data.as_ref().map(|t| t.text.clone()),
            "imageMessage" | "videoMessage" | "documentMessage" => {
                self.file_message_data.as_ref().map(|f| f.caption.clone()).filter(|c| !c.trim().is_empty())
            }
            "editedMessage" => self.edited_message_data.as_ref().map(|e| e.text_message.clone()),
            _ => None,
        }
    }
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

impl Notification {
    /// Only `incomingMessageReceived` with text (or a caption, or an edit's new text) is a
    /// customer message; our own echoes, statuses and everything else never are (acting on them
    /// would loop). A message without its chat or id is unreadable.
    pub fn read(&self) -> Read {
        if self.type_webhook != "incomingMessageReceived" {
            return Read::NotAMessage;
        }
        let (Some(sender), Some(data)) = (self.sender_data.as_ref(), self.message_data.as_ref()) else {
            return Read::Unreadable("an incoming message without its senderData or messageData".into());
        };
        if sender.chat_id.trim().is_empty() {
            return Read::Unreadable("an incoming message without its chat id".into());
        }
        let Some(text) = data.text().filter(|t| !t.trim().is_empty() && !t.trim().starts_with("{{SWE")) else {
            return Read::NotAMessage;
        };
        let edited = data.type_message == "editedMessage";
        let message_id = match (edited, &data.edited_message_data, &self.id_message) {
            (true, Some(e), _) if !e.stanza_id.is_empty() => e.stanza_id.clone(),
            (false, _, Some(id)) if !id.is_empty() => id.clone(),
            _ => return Read::Unreadable("an incoming message without its message id".into()),
        };
        let chat_type = if sender.chat_id.ends_with("@g.us") { ChatType::Group } else { ChatType::Private };
        let sender_id = if sender.sender.is_empty() { sender.chat_id.clone() } else { sender.sender.clone() };
        Read::Message(Incoming {
            chat_id: sender.chat_id.clone(),
            chat_type,
            sender_id,
            from_bot: false,
            text,
            message_id,
            thread_id: None,
            edited,
        })
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
        if NOT_A_MESSAGE.contains(&data.type_message.as_str()) {
            return None;
        }
        match data.text() {
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

    /// The dedupe key: the chat and `idMessage` (ids are unique within a chat only; with the
    /// status for delivery reports, several of which arrive for one message), else the type,
    /// time and a digest of the body.
    pub fn dedupe_key(&self, raw: &[u8]) -> String {
        let chat = self.sender_data.as_ref().map(|s| s.chat_id.as_str()).filter(|c| !c.is_empty());
        match (&self.id_message, chat) {
            (Some(id), _) if !id.is_empty() && self.type_webhook == "outgoingMessageStatus" => {
                format!("s:{id}:{}", self.status.as_deref().unwrap_or(""))
            }
            (Some(id), Some(chat)) if !id.is_empty() => format!("m:{chat}:{id}"),
            (Some(id), None) if !id.is_empty() => format!("m:{id}"),
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

/// The webhook's Authorization header: `Bearer <token>` (any case) or the bare token.
pub fn presented_token(header: Option<&str>) -> &str {
    let h = header.unwrap_or("").trim();
    match h.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => h[7..].trim(),
        _ => h,
    }
}
