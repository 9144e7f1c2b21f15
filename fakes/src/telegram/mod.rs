//! Fake Telegram Bot API (`shared/contracts/telegram-bot-api.md` §10): `/bot{token}/{method}` with
//! case-insensitive method names, JSON / form / query parameters, Telegram's exact error texts,
//! getUpdates with real offset semantics and long-poll waiting, webhook push with the secret
//! header, scripted failures per method, and a record of every sent message (with its forum
//! topic and reply target). `allowed_updates` (from getUpdates or setWebhook) is remembered and
//! applied to both modes; `updates` builds the update kinds tests deliver.
//!
//! Control (for tests, the sandbox and the browser tests), under `/_fake/telegram/`:
//! `POST bots {token, username, first_name}`, `POST bots/{token}/inject {chat, from, text}`,
//! `GET bots/{token}/sent`, `POST bots/{token}/fail {method, status, description, retry_after, count}`,
//! `POST bots/{token}/revoke`.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::recorder::Recorder;

mod control;
mod methods;
mod params;
mod updates;

use params::{params, text};

pub const CONFLICT_POLLER: &str =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
pub const CONFLICT_WEBHOOK: &str =
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

/// One message the bot sent, as the fake recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    pub chat_id: String,
    pub text: String,
    pub message_id: i64,
    pub parse_mode: Option<String>,
    /// When it was sent (µs since the Unix epoch).
    pub at_us: u64,
    /// The `message_thread_id` parameter (a forum topic), if sent.
    #[serde(default)]
    pub message_thread_id: Option<i64>,
    /// The message this one replies to: `reply_parameters.message_id` (a JSON object, or its
    /// JSON text as form requests send it), else the legacy `reply_to_message_id`.
    #[serde(default)]
    pub reply_to_message_id: Option<i64>,
}

/// A scripted failure of the next call(s) to one method.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// Method name, any case; `*` for every method.
    pub method: String,
    pub status: u16,
    pub description: String,
    #[serde(default)]
    pub retry_after: Option<u32>,
    #[serde(default)]
    pub migrate_to_chat_id: Option<i64>,
    #[serde(default = "one")]
    pub count: u32,
    /// Only calls for this chat (`chat_id` parameter) fail; `None` for any.
    #[serde(default)]
    pub chat_id: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Default)]
struct Bot {
    id: i64,
    username: String,
    first_name: String,
    can_read_all_group_messages: bool,
    revoked: bool,
    webhook_url: String,
    webhook_secret: Option<String>,
    queue: VecDeque<Value>,
    next_update_id: i64,
    poll_generation: u64,
    /// getUpdates calls ended with "terminated by other getUpdates request" (two pollers).
    poll_conflicts: u64,
    sent: Vec<SentMessage>,
    next_message_id: HashMap<String, i64>,
    failures: Vec<Failure>,
    /// Chats the bot was removed from: sendMessage answers 403.
    kicked: Vec<String>,
    delay_ms: u64,
    /// The update kinds last asked for (getUpdates or setWebhook `allowed_updates`); `None` is
    /// Telegram's default.
    allowed_updates: Option<Vec<String>>,
}

#[derive(Default)]
struct Shared {
    bots: Mutex<HashMap<String, Bot>>,
    arrived: tokio::sync::Notify,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Bot>> {
        self.bots.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The fake's state and behaviour, shared by the server's handlers and the test-facing handle.
pub struct Core {
    shared: Shared,
    http: reqwest::Client,
}

/// A running fake Telegram server (`api_url()` is what `Bot::set_api_url` takes).
pub type FakeTelegram = crate::Running<Core>;

impl FakeTelegram {
    /// Starts on 127.0.0.1:0 inside the current tokio runtime.
    pub fn start() -> std::io::Result<Self> {
        crate::Running::serve(
            Core {
                shared: Shared::default(),
                http: reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default(),
            },
            handle,
        )
    }
}

impl Core {
    /// Adds a bot; its id is the number before the token's `:`.
    pub fn add_bot(&self, token: &str, username: &str, first_name: &str) {
        let id = token.split(':').next().and_then(|n| n.parse().ok()).unwrap_or(7_000_000_001);
        self.shared.lock().insert(
            token.to_string(),
            Bot {
                id,
                username: username.to_string(),
                first_name: first_name.to_string(),
                next_update_id: 815_000_001,
                ..Default::default()
            },
        );
    }

    fn with_bot<T>(&self, token: &str, f: impl FnOnce(&mut Bot) -> T) -> Option<T> {
        self.shared.lock().get_mut(token).map(f)
    }

    /// Every message the bot sent, in order.
    pub fn sent(&self, token: &str) -> Vec<SentMessage> {
        self.with_bot(token, |b| b.sent.clone()).unwrap_or_default()
    }

    /// Forgets what the bot sent (the sandbox's Reset).
    pub fn clear_sent(&self, token: &str) {
        self.with_bot(token, |b| b.sent.clear());
    }

    /// Messages sent to one chat.
    pub fn sent_to(&self, token: &str, chat_id: i64) -> Vec<String> {
        self.sent(token).into_iter().filter(|m| m.chat_id == chat_id.to_string()).map(|m| m.text).collect()
    }

    pub fn fail_next(&self, token: &str, failure: Failure) {
        self.with_bot(token, |b| b.failures.push(failure));
    }

    /// The token stops working (401 Unauthorized), as when the owner revokes it in BotFather.
    pub fn revoke(&self, token: &str) {
        self.with_bot(token, |b| b.revoked = true);
    }

    /// The bot was removed from this chat: sends there answer 403.
    pub fn kick_from(&self, token: &str, chat_id: i64) {
        self.with_bot(token, |b| b.kicked.push(chat_id.to_string()));
    }

    pub fn set_delay_ms(&self, token: &str, ms: u64) {
        self.with_bot(token, |b| b.delay_ms = ms);
    }

    pub fn webhook(&self, token: &str) -> Option<(String, Option<String>)> {
        self.with_bot(token, |b| (b.webhook_url.clone(), b.webhook_secret.clone())).filter(|(u, _)| !u.is_empty())
    }

    /// How many getUpdates calls on this bot ended with a conflict: a second poller started
    /// while one was waiting (each takeover or overlap counts one).
    pub fn poll_conflicts(&self, token: &str) -> u64 {
        self.with_bot(token, |b| b.poll_conflicts).unwrap_or(0)
    }

    pub fn pending_updates(&self, token: &str) -> usize {
        self.with_bot(token, |b| b.queue.len()).unwrap_or(0)
    }

    /// The update kinds the bot last asked for (getUpdates or setWebhook `allowed_updates`);
    /// `None` when it never named any (Telegram's default).
    pub fn allowed_updates(&self, token: &str) -> Option<Vec<String>> {
        self.with_bot(token, |b| b.allowed_updates.clone()).flatten()
    }

    /// Delivers an update the way Telegram would: POSTed to the webhook (with the secret header,
    /// redelivered up to 3 times after a non-200), or queued for getUpdates. Returns the webhook's
    /// last HTTP status, or 0 when the update was queued. A webhook bot whose `allowed_updates`
    /// (from setWebhook; by default all but `chat_member`, `message_reaction` and
    /// `message_reaction_count`) leaves this kind out never gets it: nothing is POSTed, and 0.
    pub async fn deliver(&self, token: &str, update: Value) -> u16 {
        let wanted = self.with_bot(token, |b| methods::wanted(b.allowed_updates.as_deref(), &update)).unwrap_or(true);
        match self.webhook(token) {
            Some(_) if !wanted => 0,
            Some((url, secret)) => {
                let mut status = 0;
                for _ in 0..3 {
                    status = self.post_webhook(&url, secret.as_deref(), &update).await;
                    if status == 200 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                status
            }
            None => {
                self.with_bot(token, |b| b.queue.push_back(update));
                self.shared.arrived.notify_waiters();
                0
            }
        }
    }

    /// One webhook POST with the given secret header (or none), for negative tests too.
    pub async fn post_webhook(&self, url: &str, secret: Option<&str>, update: &Value) -> u16 {
        let mut req = self.http.post(url).json(update);
        if let Some(s) = secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        req.send().await.map(|r| r.status().as_u16()).unwrap_or(0)
    }

    /// A customer writes `text`: builds the update and delivers it.
    pub async fn inject(&self, token: &str, chat_id: i64, user_id: i64, username: &str, text: &str) -> Value {
        let update = self.message_update(token, chat_id, user_id, username, text);
        self.deliver(token, update.clone()).await;
        update
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

pub(crate) fn ok(result: Value) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(json!({"ok": true, "result": result}).to_string())
}

pub(crate) fn error(status: u16, description: &str, parameters: Option<Value>) -> HttpResponse {
    let mut body = json!({"ok": false, "error_code": status, "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
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
    if let Some(rest) = path.strip_prefix("/_fake/telegram/") {
        return control::control(&core, &req, rest, &body).await;
    }
    let Some(rest) = path.strip_prefix("/bot") else {
        return error(404, "Not Found", None);
    };
    let Some((token, method)) = rest.rsplit_once('/') else {
        return error(404, "Not Found", None);
    };
    let p = params(&req, &body);
    let method = method.to_ascii_lowercase();
    let shared = &core.shared;
    // Faults first.
    let delay = {
        let mut bots = shared.lock();
        let Some(bot) = bots.get_mut(token) else {
            return error(401, "Unauthorized", None);
        };
        if bot.revoked {
            return error(401, "Unauthorized", None);
        }
        let chat = text(&p, "chat_id");
        if let Some(i) = bot.failures.iter().position(|f| {
            (f.method == "*" || f.method.eq_ignore_ascii_case(&method))
                && f.chat_id.as_ref().is_none_or(|c| Some(c) == chat.as_ref())
        }) {
            let f = bot.failures[i].clone();
            if f.count <= 1 {
                bot.failures.remove(i);
            } else {
                bot.failures[i].count -= 1;
            }
            let parameters = f
                .retry_after
                .map(|r| json!({"retry_after": r}))
                .or(f.migrate_to_chat_id.map(|c| json!({"migrate_to_chat_id": c})));
            return error(f.status, &f.description, parameters);
        }
        bot.delay_ms
    };
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match method.as_str() {
        "getme" => {
            let bots = shared.lock();
            let Some(b) = bots.get(token) else { return error(401, "Unauthorized", None) };
            ok(json!({"id": b.id, "is_bot": true, "first_name": b.first_name, "username": b.username,
                "can_join_groups": true, "can_read_all_group_messages": b.can_read_all_group_messages,
                "supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false}))
        }
        "getupdates" => methods::get_updates(shared, token, &p).await,
        "setwebhook" => {
            let url = text(&p, "url").unwrap_or_default();
            let secret = text(&p, "secret_token");
            if let Some(s) = &secret
                && (s.is_empty()
                    || s.len() > 256
                    || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            {
                return error(400, "Bad Request: secret token contains unallowed characters", None);
            }
            let mut bots = shared.lock();
            let Some(b) = bots.get_mut(token) else { return error(401, "Unauthorized", None) };
            if p.get("drop_pending_updates").and_then(Value::as_bool) == Some(true) {
                b.queue.clear();
            }
            if let Some(kinds) = methods::allowed_param(&p) {
                b.allowed_updates = (!kinds.is_empty()).then_some(kinds);
            }
            b.webhook_url = url;
            b.webhook_secret = secret;
            b.poll_generation += 1;
            drop(bots);
            shared.arrived.notify_waiters();
            ok(json!(true))
        }
        "deletewebhook" => {
            let mut bots = shared.lock();
            let Some(b) = bots.get_mut(token) else { return error(401, "Unauthorized", None) };
            if p.get("drop_pending_updates").and_then(Value::as_bool) == Some(true) {
                b.queue.clear();
            }
            b.webhook_url.clear();
            b.webhook_secret = None;
            ok(json!(true))
        }
        "getwebhookinfo" => {
            let bots = shared.lock();
            let Some(b) = bots.get(token) else { return error(401, "Unauthorized", None) };
            ok(json!({"url": b.webhook_url, "has_custom_certificate": false, "pending_update_count": b.queue.len()}))
        }
        "sendmessage" => methods::send_message(shared, token, &p),
        _ => error(404, "Not Found", None),
    }
}
