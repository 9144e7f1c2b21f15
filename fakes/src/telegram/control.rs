//! The fake's control endpoints under `/_fake/telegram/`: add a bot, inject a customer message,
//! list what a bot sent, script failures, revoke a token. For the browser tests and the sandbox.
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Core, Failure, error, ok};

#[derive(Deserialize)]
struct NewBot {
    token: String,
    #[serde(default = "default_username")]
    username: String,
    #[serde(default = "default_first_name")]
    first_name: String,
}

fn default_username() -> String {
    "sandbox_support_bot".into()
}
fn default_first_name() -> String {
    "Sandbox Support".into()
}

#[derive(Deserialize)]
struct Inject {
    chat_id: i64,
    #[serde(default)]
    user_id: Option<i64>,
    #[serde(default = "default_customer")]
    username: String,
    text: String,
}

fn default_customer() -> String {
    "customer".into()
}

pub(super) async fn control(fake: &Core, req: &HttpRequest, rest: &str, body: &[u8]) -> HttpResponse {
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let bad = |e: serde_json::Error| error(400, &format!("Bad Request: {e}"), None);
    match (req.method().as_str(), parts.as_slice()) {
        ("POST", ["bots"]) => match serde_json::from_slice::<NewBot>(body) {
            Ok(b) => {
                fake.add_bot(&b.token, &b.username, &b.first_name);
                ok(json!(true))
            }
            Err(e) => bad(e),
        },
        ("POST", ["bots", token, "inject"]) => match serde_json::from_slice::<Inject>(body) {
            Ok(i) => {
                let user = i.user_id.unwrap_or(if i.chat_id > 0 { i.chat_id } else { 6_600_112_233 });
                ok(fake.inject(token, i.chat_id, user, &i.username, &i.text).await)
            }
            Err(e) => bad(e),
        },
        ("GET", ["bots", token, "sent"]) => ok(serde_json::to_value(fake.sent(token)).unwrap_or(Value::Null)),
        ("POST", ["bots", token, "fail"]) => match serde_json::from_slice::<Failure>(body) {
            Ok(f) => {
                fake.fail_next(token, f);
                ok(json!(true))
            }
            Err(e) => bad(e),
        },
        ("POST", ["bots", token, "revoke"]) => {
            fake.revoke(token);
            ok(json!(true))
        }
        _ => error(404, "Not Found", None),
    }
}
