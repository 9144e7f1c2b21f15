//! Fake Green API (`shared/contracts/green-api.md` §11): `/waInstance{id}/{method}/{token}`,
//! 401 for a wrong token and 403 for an unknown instance, sendMessage validation, a notification
//! queue per instance (receiveNotification / deleteNotification), settings that persist, a webhook
//! emitter with `Bearer`, bare or no Authorization and redelivery after a non-200, and switches for
//! 429, 466 quota, not authorised, 502 and slow answers.
//!
//! Control under `/_fake/greenapi/`: `POST instances {id, token}`,
//! `POST instances/{id}/inject {chat_id, sender?, sender_name?, text, extended?}`,
//! `GET instances/{id}/sent`, `POST instances/{id}/switches {...}`.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::recorder::Recorder;

pub const QUOTA_BODY: &str = r#"{"invokeStatus":{"method":"sendmessage","used":12,"total":0,"status":"QUOTE_ALLOWED"},"correspondentsStatus":{"method":"correspondents","used":3,"total":3,"status":"CORRESPONDENTS_QUOTE_EXCEEDED","description":"Monthly quota has been exceeded. You can only send or receive messages from these numbers: 15550001111, 15550003333, 15550004444"}}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthStyle {
    #[default]
    Bearer,
    Bare,
    None,
}

/// Fault switches, per instance; all off by default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Switches {
    pub rate_limit: bool,
    pub quota: bool,
    pub not_authorized: bool,
    pub bad_gateway: bool,
    pub slow_ms: u64,
    pub auth_style: AuthStyle,
    /// Redeliveries of a webhook after a non-200 answer (the real service retries for 24 h).
    pub max_attempts: Option<u32>,
    /// After each accepted sendMessage, a delivery report (`outgoingMessageStatus`) with this
    /// status (`sent`, `delivered`, `failed`, `noAccount`, `notInGroup`), as Green API sends one
    /// when the instance's `outgoingWebhook` setting is on.
    pub report: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    pub chat_id: String,
    pub message: String,
    pub id_message: String,
    /// When it was sent (µs since the Unix epoch).
    pub at_us: u64,
}

#[derive(Debug, Default)]
struct Instance {
    token: String,
    state: String,
    settings: serde_json::Map<String, Value>,
    queue: VecDeque<(i64, Value)>,
    next_receipt: i64,
    next_message: u64,
    sent: Vec<SentMessage>,
    switches: Switches,
}

/// The fake's state and behaviour, shared by the handlers and the test-facing handle.
pub struct Core {
    instances: Mutex<HashMap<i64, Instance>>,
    arrived: tokio::sync::Notify,
    http: reqwest::Client,
}

/// A running fake Green API (`api_url()` is the instance's apiUrl and mediaUrl).
pub type FakeGreenApi = crate::Running<Core>;

impl FakeGreenApi {
    /// Starts on 127.0.0.1:0 inside the current tokio runtime.
    pub fn start() -> std::io::Result<Self> {
        crate::Running::serve(
            Core {
                instances: Mutex::default(),
                arrived: tokio::sync::Notify::new(),
                http: reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default(),
            },
            handle,
        )
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl Core {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Instance>> {
        self.instances.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn add_instance(&self, id: i64, token: &str) {
        self.lock().insert(
            id,
            Instance { token: token.to_string(), state: "authorized".into(), next_receipt: 1, ..Default::default() },
        );
    }

    pub fn set_switches(&self, id: i64, change: impl FnOnce(&mut Switches)) {
        if let Some(i) = self.lock().get_mut(&id) {
            change(&mut i.switches);
        }
    }

    pub fn set_state(&self, id: i64, state: &str) {
        if let Some(i) = self.lock().get_mut(&id) {
            i.state = state.to_string();
        }
    }

    pub fn sent(&self, id: i64) -> Vec<SentMessage> {
        self.lock().get(&id).map(|i| i.sent.clone()).unwrap_or_default()
    }

    pub fn sent_to(&self, id: i64, chat_id: &str) -> Vec<String> {
        self.sent(id).into_iter().filter(|m| m.chat_id == chat_id).map(|m| m.message).collect()
    }

    pub fn settings(&self, id: i64) -> serde_json::Map<String, Value> {
        self.lock().get(&id).map(|i| i.settings.clone()).unwrap_or_default()
    }

    pub fn queued(&self, id: i64) -> usize {
        self.lock().get(&id).map(|i| i.queue.len()).unwrap_or(0)
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

fn reply(status: u16, body: Value) -> HttpResponse {
    crate::json_response(status, body.to_string())
}

fn text_reply(status: u16, body: &str) -> HttpResponse {
    crate::json_response(status, body.to_string())
}

async fn handle(
    req: HttpRequest,
    body: web::Bytes,
    core: web::Data<Arc<Core>>,
    recorder: web::Data<Recorder>,
) -> HttpResponse {
    recorder.record(&req, &body);
    let path = req.path().to_string();
    if let Some(rest) = path.strip_prefix("/_fake/greenapi/") {
        return control(&core, &req, rest, &body).await;
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (Some(first), Some(method), Some(token)) = (parts.first(), parts.get(1), parts.get(2)) else {
        return text_reply(404, r#"{"message":"Not Found"}"#);
    };
    let Some(id) = first.strip_prefix("waInstance").and_then(|n| n.parse::<i64>().ok()) else {
        return text_reply(404, r#"{"message":"Not Found"}"#);
    };
    let switches = {
        let map = core.lock();
        let Some(i) = map.get(&id) else { return text_reply(403, r#"{"message":"Forbidden"}"#) };
        if i.token != *token {
            return text_reply(401, r#"{"message":"Unauthorized"}"#);
        }
        i.switches.clone()
    };
    if switches.slow_ms > 0 {
        tokio::time::sleep(Duration::from_millis(switches.slow_ms)).await;
    }
    if switches.bad_gateway {
        return HttpResponse::BadGateway().content_type("text/html").body("<html><body>502 Bad Gateway</body></html>");
    }
    if switches.rate_limit {
        return text_reply(429, r#"{"message":"Too Many Requests"}"#);
    }
    match (req.method().as_str(), *method) {
        ("POST", "sendMessage") => {
            if switches.quota {
                return text_reply(466, QUOTA_BODY);
            }
            if switches.not_authorized {
                return reply(400, json!({"message": "instance account not authorized"}));
            }
            let Ok(Value::Object(p)) = serde_json::from_slice::<Value>(&body) else {
                return reply(400, json!({"message": "bad request data"}));
            };
            let chat_id = p.get("chatId").and_then(Value::as_str).unwrap_or("").to_string();
            let message = p.get("message").and_then(Value::as_str).unwrap_or("").to_string();
            if !(chat_id.ends_with("@c.us") || chat_id.ends_with("@g.us") || chat_id.ends_with("@lid")) {
                return reply(400, json!({"message": "Validation failed. Details: 'chatId' is invalid"}));
            }
            if message.is_empty() {
                return reply(
                    400,
                    json!({"message": "Validation failed. Details: 'message' is not allowed to be empty"}),
                );
            }
            if message.chars().count() > 20_000 {
                return reply(
                    400,
                    json!({"message": "Validation failed. Details: 'message' length must be less than or equal to 20000 characters long"}),
                );
            }
            let report = {
                let mut map = core.lock();
                let Some(i) = map.get_mut(&id) else { return text_reply(403, r#"{"message":"Forbidden"}"#) };
                i.next_message += 1;
                let id_message = format!("BAE5{:012X}", i.next_message);
                i.sent.push(SentMessage {
                    chat_id: chat_id.clone(),
                    message,
                    id_message: id_message.clone(),
                    at_us: crate::now_us(),
                });
                let reports = i.settings.get("outgoingWebhook").and_then(Value::as_str) == Some("yes");
                (id_message, switches.report.clone().filter(|_| reports))
            };
            if let (id_message, Some(status)) = &report {
                let body = json!({"typeWebhook": "outgoingMessageStatus",
                    "instanceData": {"idInstance": id, "wid": "15559990000@c.us", "typeInstance": "whatsapp"},
                    "timestamp": now_unix(), "idMessage": id_message, "status": status, "chatId": chat_id,
                    "sendByApi": true});
                let core = core.get_ref().clone();
                tokio::spawn(async move {
                    // The report follows the answer, as on the real service.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    core.deliver(id, body).await;
                });
            }
            reply(200, json!({"idMessage": report.0}))
        }
        ("GET", "getStateInstance") => {
            let map = core.lock();
            let state = map.get(&id).map(|i| i.state.clone()).unwrap_or_default();
            let state = if switches.not_authorized { "notAuthorized".to_string() } else { state };
            reply(200, json!({"stateInstance": state}))
        }
        ("GET", "getSettings") => {
            let map = core.lock();
            let mut s = map.get(&id).map(|i| i.settings.clone()).unwrap_or_default();
            s.insert("wid".into(), json!("15559990000@c.us"));
            s.entry("webhookUrl").or_insert(json!(""));
            s.entry("webhookUrlToken").or_insert(json!(""));
            s.entry("incomingWebhook").or_insert(json!("no"));
            s.entry("outgoingWebhook").or_insert(json!("no"));
            reply(200, Value::Object(s))
        }
        ("POST", "setSettings") => {
            let Ok(Value::Object(p)) = serde_json::from_slice::<Value>(&body) else {
                return reply(400, json!({"message": "bad request data"}));
            };
            if let Some(i) = core.lock().get_mut(&id) {
                i.settings.extend(p);
            }
            reply(200, json!({"saveSettings": true}))
        }
        ("GET", "receiveNotification") => {
            let timeout = web::Query::<HashMap<String, String>>::from_query(req.query_string())
                .ok()
                .and_then(|q| q.get("receiveTimeout").and_then(|t| t.parse::<u64>().ok()))
                .unwrap_or(5)
                .min(60);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
            loop {
                let notified = core.arrived.notified();
                if let Some((receipt, body)) = core.lock().get(&id).and_then(|i| i.queue.front().cloned()) {
                    return reply(200, json!({"receiptId": receipt, "body": body}));
                }
                if tokio::time::Instant::now() >= deadline {
                    return reply(200, Value::Null);
                }
                let _ = tokio::time::timeout_at(deadline, notified).await;
            }
        }
        ("DELETE", "deleteNotification") => {
            let receipt = parts.get(3).and_then(|r| r.parse::<i64>().ok());
            let mut map = core.lock();
            let removed = match (map.get_mut(&id), receipt) {
                (Some(i), Some(r)) => {
                    let before = i.queue.len();
                    i.queue.retain(|(id, _)| *id != r);
                    i.queue.len() < before
                }
                _ => false,
            };
            reply(200, json!({"result": removed, "reason": if removed { "" } else { "Notification not found" }}))
        }
        _ => text_reply(404, r#"{"message":"Not Found"}"#),
    }
}

#[derive(Deserialize)]
struct NewInstance {
    id: i64,
    token: String,
}

#[derive(Deserialize)]
struct Inject {
    chat_id: String,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    sender_name: Option<String>,
    text: String,
    #[serde(default)]
    extended: bool,
}

async fn control(core: &Core, req: &HttpRequest, rest: &str, body: &[u8]) -> HttpResponse {
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let bad = |e: serde_json::Error| reply(400, json!({"message": e.to_string()}));
    let id = |s: &str| s.parse::<i64>().unwrap_or(0);
    match (req.method().as_str(), parts.as_slice()) {
        ("POST", ["instances"]) => match serde_json::from_slice::<NewInstance>(body) {
            Ok(n) => {
                core.add_instance(n.id, &n.token);
                reply(200, json!(true))
            }
            Err(e) => bad(e),
        },
        ("POST", ["instances", n, "inject"]) => match serde_json::from_slice::<Inject>(body) {
            Ok(i) => {
                let sender = i.sender.clone().unwrap_or_else(|| i.chat_id.clone());
                let name = i.sender_name.clone().unwrap_or_else(|| "Customer".into());
                let note = core.text_notification(id(n), &i.chat_id, &sender, &name, &i.text, i.extended);
                core.deliver(id(n), note.clone()).await;
                reply(200, note)
            }
            Err(e) => bad(e),
        },
        ("GET", ["instances", n, "sent"]) => reply(200, serde_json::to_value(core.sent(id(n))).unwrap_or(Value::Null)),
        ("POST", ["instances", n, "switches"]) => match serde_json::from_slice::<Switches>(body) {
            Ok(s) => {
                core.set_switches(id(n), |w| *w = s);
                reply(200, json!(true))
            }
            Err(e) => bad(e),
        },
        _ => text_reply(404, r#"{"message":"Not Found"}"#),
    }
}
