//! getUpdates (offset confirmation, limit, allowed_updates, long-poll waiting, the two 409s) and
//! sendMessage (Telegram's length rules and error texts, a record of every message).
use std::time::Duration;

use actix_web::HttpResponse;
use serde_json::{Value, json};

use super::params::{int, text};
use super::{CONFLICT_POLLER, CONFLICT_WEBHOOK, SentMessage, Shared, error, now_unix, ok};

pub(super) async fn get_updates(shared: &Shared, token: &str, p: &serde_json::Map<String, Value>) -> HttpResponse {
    let offset = int(p, "offset").unwrap_or(0);
    let limit = int(p, "limit").unwrap_or(100).clamp(1, 100) as usize;
    let timeout = int(p, "timeout").unwrap_or(0).clamp(0, 50) as u64;
    let asked = allowed_param(p);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    let (generation, allowed) = {
        let mut bots = shared.lock();
        let Some(b) = bots.get_mut(token) else { return error(401, "Unauthorized", None) };
        if !b.webhook_url.is_empty() {
            return error(409, CONFLICT_WEBHOOK, None);
        }
        if let Some(kinds) = asked {
            // An empty list asks for the default again; a missing one keeps the previous setting.
            b.allowed_updates = (!kinds.is_empty()).then_some(kinds);
        }
        b.poll_generation += 1;
        (b.poll_generation, b.allowed_updates.clone())
    };
    shared.arrived.notify_waiters(); // an older poller on this token ends with a conflict
    loop {
        let notified = shared.arrived.notified();
        {
            let mut bots = shared.lock();
            let Some(b) = bots.get_mut(token) else { return error(401, "Unauthorized", None) };
            if !b.webhook_url.is_empty() {
                return error(409, CONFLICT_WEBHOOK, None);
            }
            if b.poll_generation != generation {
                b.poll_conflicts += 1;
                return error(409, CONFLICT_POLLER, None);
            }
            if offset > 0 {
                while b.queue.front().and_then(|u| u["update_id"].as_i64()).is_some_and(|id| id < offset) {
                    b.queue.pop_front();
                }
            } else if offset < 0 {
                let keep = offset.unsigned_abs() as usize;
                while b.queue.len() > keep {
                    b.queue.pop_front();
                }
            }
            let updates: Vec<Value> =
                b.queue.iter().filter(|u| wanted(allowed.as_deref(), u)).take(limit).cloned().collect();
            if !updates.is_empty() || tokio::time::Instant::now() >= deadline {
                return ok(Value::Array(updates));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

/// Update kinds Telegram leaves out unless `allowed_updates` names them.
const NOT_BY_DEFAULT: [&str; 3] = ["chat_member", "message_reaction", "message_reaction_count"];

/// The `allowed_updates` parameter: a JSON array, or its JSON text (form and query requests).
/// `None` when absent or unreadable; `Some(vec![])` asks for the default.
pub(super) fn allowed_param(p: &serde_json::Map<String, Value>) -> Option<Vec<String>> {
    match p.get("allowed_updates")? {
        Value::Array(a) => Some(a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()),
        Value::String(s) if s.trim().is_empty() => Some(Vec::new()),
        Value::String(s) => serde_json::from_str(s).ok(),
        _ => None,
    }
}

/// Whether an update's kind (its one key besides `update_id`) passes the bot's
/// `allowed_updates` (`None`: Telegram's default, everything but [`NOT_BY_DEFAULT`]).
pub(super) fn wanted(allowed: Option<&[String]>, update: &Value) -> bool {
    let Some(o) = update.as_object() else { return true };
    let mut kinds = o.keys().filter(|k| *k != "update_id").peekable();
    if kinds.peek().is_none() {
        return true;
    }
    match allowed {
        Some(a) => kinds.any(|k| a.contains(k)),
        None => kinds.any(|k| !NOT_BY_DEFAULT.contains(&k.as_str())),
    }
}

/// The message a sendMessage replies to: `reply_parameters.message_id` (an object, or its JSON
/// text as form requests send it), else the legacy `reply_to_message_id`.
fn reply_target(p: &serde_json::Map<String, Value>) -> Option<i64> {
    let from_parameters = match p.get("reply_parameters") {
        Some(Value::Object(o)) => int(o, "message_id"),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Object(o)) => int(&o, "message_id"),
            _ => None,
        },
        _ => None,
    };
    from_parameters.or_else(|| int(p, "reply_to_message_id"))
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

pub(super) fn send_message(shared: &Shared, token: &str, p: &serde_json::Map<String, Value>) -> HttpResponse {
    let Some(chat_id) = text(p, "chat_id") else {
        return error(400, "Bad Request: chat_id is empty", None);
    };
    let body = text(p, "text").unwrap_or_default();
    if body.trim().is_empty() {
        return error(400, "Bad Request: message text is empty", None);
    }
    if utf16_len(&body) > 4096 {
        return error(400, "Bad Request: message is too long", None);
    }
    let mut bots = shared.lock();
    let Some(b) = bots.get_mut(token) else { return error(401, "Unauthorized", None) };
    if b.kicked.contains(&chat_id) {
        return error(403, "Forbidden: bot was kicked from the supergroup chat", None);
    }
    let id: i64 = chat_id.parse().unwrap_or(0);
    let thread = int(p, "message_thread_id").filter(|t| *t != 0);
    if thread.is_some() && id > 0 {
        // The fake's bots have no topics in private chats (BotFather's threaded mode is off).
        return error(400, "Bad Request: message thread not found", None);
    }
    let next = b.next_message_id.entry(chat_id.clone()).or_insert(300);
    *next += 1;
    let message_id = *next;
    b.sent.push(SentMessage {
        chat_id: chat_id.clone(),
        text: body.clone(),
        message_id,
        parse_mode: text(p, "parse_mode"),
        at_us: crate::now_us(),
        message_thread_id: thread,
        reply_to_message_id: reply_target(p),
    });
    let chat = if id > 0 {
        json!({"id": id, "first_name": "Customer", "type": "private"})
    } else if id <= -1_000_000_000_000 {
        json!({"id": id, "title": "Group", "type": "supergroup"})
    } else {
        json!({"id": id, "title": "Group", "type": "group"})
    };
    let mut message = json!({"message_id": message_id, "date": now_unix(), "chat": chat,
        "from": {"id": b.id, "is_bot": true, "first_name": b.first_name, "username": b.username},
        "text": body});
    if let Some(t) = thread {
        message["message_thread_id"] = json!(t);
        message["is_topic_message"] = json!(true);
    }
    ok(message)
}
