//! The notifications the fake emits: `incomingMessageReceived` bodies, and their delivery by
//! webhook (with the chosen Authorization style, redelivered after a non-200) or by the
//! receiveNotification queue.
use std::time::Duration;

use serde_json::{Value, json};

use super::{AuthStyle, Core, now_unix};

impl Core {
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
        let n = {
            let mut map = self.lock();
            map.get_mut(&id).map(|i| {
                i.next_message += 1;
                i.next_message
            })
        }
        .unwrap_or(1);
        let message_data = if extended {
            json!({"typeMessage": "extendedTextMessage", "extendedTextMessageData": {"text": text,
                "description": "", "title": "", "previewType": "None", "jpegThumbnail": "",
                "isForwarded": false, "forwardingScore": 0}})
        } else {
            json!({"typeMessage": "textMessage", "textMessageData": {"textMessage": text}})
        };
        let chat_name = if chat_id.ends_with("@g.us") { "Sandbox group" } else { sender_name };
        json!({"typeWebhook": "incomingMessageReceived",
            "instanceData": {"idInstance": id, "wid": "15559990000@c.us", "typeInstance": "whatsapp"},
            "timestamp": now_unix(), "idMessage": format!("3EB0{:016X}", n ^ 0x5A5A_0000 ^ (id as u64)),
            "senderData": {"chatId": chat_id, "sender": sender, "chatName": chat_name,
                "senderName": sender_name, "senderContactName": ""},
            "messageData": message_data})
    }

    /// Delivers a notification the way Green API does: POSTed to `webhookUrl` with the
    /// `webhookUrlToken` (redelivered after a non-200), or queued for receiveNotification.
    /// Returns the last webhook status, or 0 when queued.
    pub async fn deliver(&self, id: i64, body: Value) -> u16 {
        let target = {
            let map = self.lock();
            let Some(i) = map.get(&id) else { return 0 };
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
