//! The HTTP side of the fake: `/waInstance{id}/{method}/{token}` (auth, fault switches, the
//! Green API methods) and the control API under `/_fake/greenapi/`.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Core, QUOTA_BODY, SentMessage, Switches, now_unix};
use crate::recorder::Recorder;

fn reply(status: u16, body: Value) -> HttpResponse {
    crate::json_response(status, body.to_string())
}

fn text_reply(status: u16, body: &str) -> HttpResponse {
    crate::json_response(status, body.to_string())
}

pub(super) async fn handle(
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
                    quoted_message_id: p.get("quotedMessageId").and_then(Value::as_str).map(str::to_string),
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
            s.entry("editedMessageWebhook").or_insert(json!("no"));
            s.entry("deletedMessageWebhook").or_insert(json!("no"));
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
