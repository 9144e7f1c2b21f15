//! The fake Bot API records forum topics and replies on sendMessage, builds the update kinds the
//! channel fixtures use, and applies `allowed_updates` as Telegram does.
use fakes::telegram::FakeTelegram;
use serde_json::{Value, json};

const TOKEN: &str = "7012345678:AAF-test-bot-token_0123456789abc";
const CUSTOMER: i64 = 6_600_112_233;
const SUPERGROUP: i64 = -1_001_987_654_321;

fn start() -> FakeTelegram {
    let tg = FakeTelegram::start().expect("fake telegram");
    tg.add_bot(TOKEN, "panel_support_bot", "Panel Support");
    tg
}

async fn call(tg: &FakeTelegram, method: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/{method}", tg.api_url()))
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

async fn form(tg: &FakeTelegram, method: &str, query: &str, body: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/{method}?{query}", tg.api_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

#[tokio::test]
async fn send_message_records_the_topic_and_the_reply_target() {
    let tg = start();
    let (status, body) = call(
        &tg,
        "SendMessage",
        json!({"chat_id": SUPERGROUP, "text": "596723 refill", "message_thread_id": 45,
            "reply_parameters": {"message_id": 312}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"]["message_thread_id"], 45);
    assert_eq!(body["result"]["is_topic_message"], true);

    // Form requests send reply_parameters as JSON text; the legacy parameter still works.
    let (status, _) =
        form(&tg, "sendMessage", "", "chat_id=-1001987654321&text=ok&reply_parameters=%7B%22message_id%22%3A%20313%7D")
            .await;
    assert_eq!(status, 200);
    let (status, _) = form(&tg, "sendMessage", "reply_to_message_id=57", &format!("chat_id={CUSTOMER}&text=hi")).await;
    assert_eq!(status, 200);
    // A plain send records neither; an unknown reply target still succeeds.
    let (status, _) = call(&tg, "sendMessage", json!({"chat_id": CUSTOMER, "text": "plain"})).await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &tg,
        "sendMessage",
        json!({"chat_id": CUSTOMER, "text": "x", "reply_parameters": {"message_id": 999_999}}),
    )
    .await;
    assert_eq!(status, 200);

    let sent = tg.sent(TOKEN);
    let got: Vec<(Option<i64>, Option<i64>)> =
        sent.iter().map(|m| (m.message_thread_id, m.reply_to_message_id)).collect();
    assert_eq!(
        got,
        vec![(Some(45), Some(312)), (None, Some(313)), (None, Some(57)), (None, None), (None, Some(999_999))]
    );
    assert_eq!(sent[0].chat_id, SUPERGROUP.to_string());
    assert_eq!(sent[0].text, "596723 refill");
}

#[tokio::test]
async fn a_thread_in_a_private_chat_is_not_found() {
    let tg = start();
    let (status, body) =
        call(&tg, "sendMessage", json!({"chat_id": CUSTOMER, "text": "hi", "message_thread_id": 45})).await;
    assert_eq!(status, 400);
    assert_eq!(body["description"], "Bad Request: message thread not found");
    assert!(tg.sent(TOKEN).is_empty());
    // Thread 0 means none.
    let (status, _) =
        call(&tg, "sendMessage", json!({"chat_id": CUSTOMER, "text": "hi", "message_thread_id": 0})).await;
    assert_eq!(status, 200);
    assert_eq!(tg.sent(TOKEN)[0].message_thread_id, None);
}

#[tokio::test]
async fn builders_make_the_published_shapes() {
    let tg = start();
    let plain = tg.message_update(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill");
    let first = plain["update_id"].as_i64().expect("update_id");
    assert_eq!(plain["message"]["message_id"], first % 1_000_000, "message_update keeps its message ids");
    assert_eq!(plain["message"]["chat"]["type"], "private");

    let with_id = tg.message_update_with_id(TOKEN, CUSTOMER, CUSTOMER, "mira", 57, "2274209 refill");
    assert_eq!(with_id["update_id"], first + 1);
    assert_eq!(with_id["message"]["message_id"], 57);

    let photo = tg.caption_update(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill");
    assert_eq!(photo["update_id"], first + 2);
    assert_eq!(photo["message"]["caption"], "2274209 refill");
    assert!(photo["message"].get("text").is_none());
    let sizes = photo["message"]["photo"].as_array().expect("photo array");
    assert_eq!(sizes.len(), 3);
    assert!(sizes.iter().all(|s| s["file_id"].is_string() && s["file_unique_id"].is_string() && s["width"].is_i64()));

    let topic = tg.topic_update(TOKEN, SUPERGROUP, 45, CUSTOMER, "mira", "2274209 refill");
    let m = &topic["message"];
    assert_eq!(m["chat"]["is_forum"], true);
    assert_eq!(m["chat"]["type"], "supergroup");
    assert_eq!(m["message_thread_id"], 45);
    assert_eq!(m["is_topic_message"], true);
    assert_eq!(m["reply_to_message"]["message_id"], 45);
    assert!(m["reply_to_message"]["forum_topic_created"].is_object());
    assert_eq!(m["text"], "2274209 refill");

    let edit = tg.edited_update(TOKEN, CUSTOMER, CUSTOMER, "mira", 57, "2274209 refill please");
    assert!(edit.get("message").is_none());
    let e = &edit["edited_message"];
    assert_eq!(e["message_id"], 57);
    assert!(e["edit_date"].as_i64().expect("edit_date") > e["date"].as_i64().expect("date"));
    assert_eq!(e["text"], "2274209 refill please");

    let reaction = tg.reaction_update(TOKEN, CUSTOMER, CUSTOMER, 57, "👍");
    let r = &reaction["message_reaction"];
    assert_eq!(r["message_id"], 57);
    assert_eq!(r["user"]["id"], CUSTOMER);
    assert_eq!(r["old_reaction"], json!([]));
    assert_eq!(r["new_reaction"], json!([{"type": "emoji", "emoji": "👍"}]));
    assert_eq!(reaction["update_id"], first + 5);
}

fn kinds(body: &Value) -> Vec<String> {
    body["result"]
        .as_array()
        .expect("updates")
        .iter()
        .flat_map(|u| u.as_object().expect("update").keys().filter(|k| *k != "update_id").cloned().collect::<Vec<_>>())
        .collect()
}

#[tokio::test]
async fn get_updates_applies_allowed_updates_and_remembers_them() {
    let tg = start();
    for u in [
        tg.message_update(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill"),
        tg.edited_update(TOKEN, CUSTOMER, CUSTOMER, "mira", 57, "2274209 refill please"),
        tg.reaction_update(TOKEN, CUSTOMER, CUSTOMER, 57, "👍"),
    ] {
        tg.deliver(TOKEN, u).await;
    }
    // The default leaves message_reaction out.
    let (_, body) = call(&tg, "getUpdates", json!({})).await;
    assert_eq!(kinds(&body), vec!["message", "edited_message"]);
    let (_, body) = call(&tg, "getUpdates", json!({"allowed_updates": ["edited_message"]})).await;
    assert_eq!(kinds(&body), vec!["edited_message"]);
    // Left out next time: the previous setting holds.
    let (_, body) = call(&tg, "getUpdates", json!({})).await;
    assert_eq!(kinds(&body), vec!["edited_message"]);
    assert_eq!(tg.allowed_updates(TOKEN), Some(vec!["edited_message".to_string()]));
    // As JSON text in a form; then an empty list is the default again.
    let (_, body) = form(&tg, "getUpdates", "", "allowed_updates=%5B%22message_reaction%22%2C%22message%22%5D").await;
    assert_eq!(kinds(&body), vec!["message", "message_reaction"]);
    let (_, body) = call(&tg, "getUpdates", json!({"allowed_updates": []})).await;
    assert_eq!(kinds(&body), vec!["message", "edited_message"]);
    assert_eq!(tg.allowed_updates(TOKEN), None);
}

#[tokio::test]
async fn a_webhook_gets_only_the_kinds_it_asked_for() {
    let tg = start();
    let hook = format!("{}/hook", tg.api_url()); // the fake itself answers 404 there
    let (status, _) =
        call(&tg, "setWebhook", json!({"url": hook, "secret_token": "s3cret", "allowed_updates": ["message"]})).await;
    assert_eq!(status, 200);
    let posts = || tg.requests().iter().filter(|r| r.path == "/hook").count();

    let edit = tg.edited_update(TOKEN, CUSTOMER, CUSTOMER, "mira", 57, "2274209 refill");
    assert_eq!(tg.deliver(TOKEN, edit.clone()).await, 0, "not asked for: dropped");
    assert_eq!(posts(), 0);
    assert_eq!(tg.deliver(TOKEN, tg.message_update(TOKEN, CUSTOMER, CUSTOMER, "mira", "hi")).await, 404);
    assert!(posts() >= 1);

    let (status, _) = call(
        &tg,
        "setWebhook",
        json!({"url": hook, "secret_token": "s3cret", "allowed_updates": ["message", "edited_message"]}),
    )
    .await;
    assert_eq!(status, 200);
    let before = posts();
    assert_eq!(tg.deliver(TOKEN, edit).await, 404);
    assert!(posts() > before, "asked for now: POSTed");
    let seen = tg.requests().into_iter().rev().find(|r| r.path == "/hook").expect("a post");
    assert_eq!(seen.header("X-Telegram-Bot-Api-Secret-Token"), Some("s3cret"));
    assert!(seen.body.contains("edited_message"));
}
