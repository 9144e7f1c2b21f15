//! The notifications the fake emits: `incomingMessageReceived` bodies (text, captioned files,
//! edits, reactions, deletions), and their delivery by webhook (with the chosen Authorization
//! style, redelivered after a non-200) or by the receiveNotification queue; edits only with
//! `editedMessageWebhook` on.
use std::time::Duration;

use serde_json::{Value, json};

use super::{AuthStyle, Core, now_unix};

/// The fake instance's own WhatsApp id (`instanceData.wid`, `getSettings.wid`).
const WID: &str = "15559990000@c.us";

impl Core {
    /// The next `idMessage` of an instance's incoming notifications (`3EB0…`, 20 characters).
    fn next_incoming_id(&self, id: i64) -> String {
        let n = {
            let mut map = self.lock();
            map.get_mut(&id).map(|i| {
                i.next_message += 1;
                i.next_message
            })
        }
        .unwrap_or(1);
        format!("3EB0{:016X}", n ^ 0x5A5A_0000 ^ (id as u64))
    }

    /// An `incomingMessageReceived` notification around `message_data`, with the next
    /// `idMessage`; `chat_id` ending in `@g.us` is a group (`chatName` is then the group's).
    fn incoming(&self, id: i64, chat_id: &str, sender: &str, sender_name: &str, message_data: Value) -> Value {
        let chat_name = if chat_id.ends_with("@g.us") { "Sandbox group" } else { sender_name };
        json!({"typeWebhook": "incomingMessageReceived",
            "instanceData": {"idInstance": id, "wid": WID, "typeInstance": "whatsapp"},
            "timestamp": now_unix(), "idMessage": self.next_incoming_id(id),
            "senderData": {"chatId": chat_id, "sender": sender, "chatName": chat_name,
                "senderName": sender_name, "senderContactName": ""},
            "messageData": message_data})
    }

    /// An `incomingMessageReceived` notification; `chat_id` ending in `@g.us` is a group.
    pub fn text_notification(
        &self,
        id: i64,
        chat_id: &str,
        sender: &str,
        sender_name: &str,
        text: &str,
        extended: bool,
    ) -> Value {
        let message_data = if extended {
            json!({"typeMessage": "extendedTextMessage", "extendedTextMessageData": {"text": text,
                "description": "", "title": "", "previewType": "None", "jpegThumbnail": "",
                "isForwarded": false, "forwardingScore": 0}})
        } else {
            json!({"typeMessage": "textMessage", "textMessageData": {"textMessage": text}})
        };
        self.incoming(id, chat_id, sender, sender_name, message_data)
    }

    /// A file with a caption: `kind` is `imageMessage`, `videoMessage` or `documentMessage`
    /// (anything else is sent as given, with a generic file). `fileMessageData` carries a
    /// `downloadUrl` that leads nowhere, the `caption`, a `fileName`, an empty `jpegThumbnail`
    /// and the `mimeType`.
    pub fn caption_notification(
        &self,
        id: i64,
        chat_id: &str,
        sender: &str,
        sender_name: &str,
        kind: &str,
        caption: &str,
    ) -> Value {
        let (ext, mime) = match kind {
            "imageMessage" => ("jpg", "image/jpeg"),
            "videoMessage" => ("mp4", "video/mp4"),
            "documentMessage" => ("pdf", "application/pdf"),
            _ => ("bin", "application/octet-stream"),
        };
        let mut note = self.incoming(id, chat_id, sender, sender_name, Value::Null);
        let file_name = format!("{}.{ext}", note["idMessage"].as_str().unwrap_or("file").to_ascii_lowercase());
        note["messageData"] = json!({"typeMessage": kind, "fileMessageData": {
            "downloadUrl": format!("https://media.fake-greenapi.invalid/{id}/{file_name}"),
            "caption": caption, "fileName": file_name, "jpegThumbnail": "", "mimeType": mime,
            "forwardingScore": 0, "isForwarded": false}});
        note
    }

    /// The customer edits message `stanza_id` to read `text` (`editedMessage`; the notification's
    /// own `idMessage` is the edit's, not the message's). Green API sends these only when the
    /// instance's `editedMessageWebhook` is `yes`, and [`Core::deliver`] does the same.
    pub fn edited_notification(
        &self,
        id: i64,
        chat_id: &str,
        sender: &str,
        sender_name: &str,
        stanza_id: &str,
        text: &str,
    ) -> Value {
        self.incoming(
            id,
            chat_id,
            sender,
            sender_name,
            json!({"typeMessage": "editedMessage",
            "editedMessageData": {"textMessage": text, "stanzaId": stanza_id}}),
        )
    }

    /// The customer reacts with `emoji` to message `stanza_id` (`reactionMessage`; the quoted
    /// message's `participant` is this instance, as for a reaction to one of our replies).
    pub fn reaction_notification(
        &self,
        id: i64,
        chat_id: &str,
        sender: &str,
        sender_name: &str,
        stanza_id: &str,
        emoji: &str,
    ) -> Value {
        self.incoming(
            id,
            chat_id,
            sender,
            sender_name,
            json!({"typeMessage": "reactionMessage",
            "extendedTextMessageData": {"text": emoji},
            "quotedMessage": {"stanzaId": stanza_id, "participant": WID}}),
        )
    }

    /// The customer deletes message `stanza_id` for everyone (`deletedMessage`).
    pub fn deleted_notification(
        &self,
        id: i64,
        chat_id: &str,
        sender: &str,
        sender_name: &str,
        stanza_id: &str,
    ) -> Value {
        self.incoming(
            id,
            chat_id,
            sender,
            sender_name,
            json!({"typeMessage": "deletedMessage",
            "deletedMessageData": {"stanzaId": stanza_id}}),
        )
    }

    /// Delivers a notification the way Green API does: POSTed to `webhookUrl` with the
    /// `webhookUrlToken` (redelivered after a non-200), or queued for receiveNotification.
    /// Returns the last webhook status, or 0 when queued. An `editedMessage` is dropped (0, neither
    /// POSTed nor queued) unless the instance's `editedMessageWebhook` setting is `yes`, as on the
    /// real service.
    pub async fn deliver(&self, id: i64, body: Value) -> u16 {
        let target = {
            let map = self.lock();
            let Some(i) = map.get(&id) else { return 0 };
            let edit = body["messageData"]["typeMessage"].as_str() == Some("editedMessage");
            if edit && i.settings.get("editedMessageWebhook").and_then(Value::as_str) != Some("yes") {
                return 0;
            }
            let url = i.settings.get("webhookUrl").and_then(Value::as_str).unwrap_or("").to_string();
            let token = i.settings.get("webhookUrlToken").and_then(Value::as_str).unwrap_or("").to_string();
            (!url.is_empty()).then_some((url, token, i.switches.auth_style, i.switches.max_attempts.unwrap_or(3)))
        };
        match target {
            Some((url, token, style, attempts)) => {
                let mut status = 0;
                for _ in 0..attempts.max(1) {
                    status = self.post_webhook(&url, &token, style, &body).await;
                    if status == 200 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                status
            }
            None => {
                if let Some(i) = self.lock().get_mut(&id) {
                    let receipt = i.next_receipt;
                    i.next_receipt += 1;
                    i.queue.push_back((receipt, body));
                }
                self.arrived.notify_waiters();
                0
            }
        }
    }

    /// One webhook POST with the chosen Authorization style.
    pub async fn post_webhook(&self, url: &str, token: &str, style: AuthStyle, body: &Value) -> u16 {
        let mut req = self.http.post(url).json(body);
        match style {
            AuthStyle::Bearer => req = req.header("Authorization", format!("Bearer {token}")),
            AuthStyle::Bare => req = req.header("Authorization", token),
            AuthStyle::None => {}
        }
        req.send().await.map(|r| r.status().as_u16()).unwrap_or(0)
    }

    /// A customer writes `text` in `chat_id` (a private chat when `sender` is `None`).
    pub async fn inject(&self, id: i64, chat_id: &str, sender: Option<&str>, name: &str, text: &str) -> Value {
        let body = self.text_notification(id, chat_id, sender.unwrap_or(chat_id), name, text, false);
        self.deliver(id, body.clone()).await;
        body
    }
}
