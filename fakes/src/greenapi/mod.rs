//! Fake Green API (`shared/contracts/green-api.md` §11): `/waInstance{id}/{method}/{token}`,
//! 401 for a wrong token and 403 for an unknown instance, sendMessage validation, a notification
//! queue per instance (receiveNotification / deleteNotification), settings that persist, a webhook
//! emitter with `Bearer`, bare or no Authorization and redelivery after a non-200, and switches for
//! 429, 466 quota, not authorised, 502 and slow answers.
//!
//! Control under `/_fake/greenapi/`: `POST instances {id, token}`,
//! `POST instances/{id}/inject {chat_id, sender?, sender_name?, text, extended?}`,
//! `GET instances/{id}/sent`, `POST instances/{id}/switches {...}`.
//!
//! Here the test-facing handle and the state; `notifications` builds and delivers what the
//! fake sends to the backend, `handlers` answers the Green API methods and the control API.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

mod handlers;
mod notifications;

use handlers::handle;

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
    /// The `quotedMessageId` the message quotes, if sent.
    #[serde(default)]
    pub quoted_message_id: Option<String>,
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

    /// Forgets what the instance sent (the sandbox's Reset).
    pub fn clear_sent(&self, id: i64) {
        if let Some(i) = self.lock().get_mut(&id) {
            i.sent.clear();
        }
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
}
