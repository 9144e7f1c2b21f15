//! The message log: every chat message in (commands, ignored ones with why, duplicates) and every
//! answer out, newest first, scoped to the workspace, and cut by the retention setting.
mod common;

use common::channels::*;
use fakes::telegram::FakeTelegram;
use serde_json::{Value, json};

async fn messages(s: &common::engine::Setup, query: &str) -> Vec<Value> {
    let r = s.app.get(&format!("/api/logs/messages?{query}"), Some(&s.owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn every_chat_message_in_and_out_is_logged_with_what_became_of_it() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    let channel = add_bot(&s, &tg, "webhook").await;
    let id = channel["id"].as_str().expect("id");
    let (_, secret) = tg.webhook(TOKEN).expect("webhook");
    let secret = secret.expect("secret");
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;

    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "hello there").await;
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill").await;
    wait_for("the reply", || tg.sent_to(TOKEN, CUSTOMER).into_iter().find(|t| t.contains("Refill requested"))).await;
    let update = tg.message_update(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274211 status");
    let hook = format!("{}/tg/{id}", s.app.base);
    assert_eq!(tg.post_webhook(&hook, Some(&secret), &update).await, 200);
    wait_for("the status reply", || tg.sent_to(TOKEN, CUSTOMER).into_iter().find(|t| t.contains("2274211"))).await;
    assert_eq!(tg.post_webhook(&hook, Some(&secret), &update).await, 200);

    let mut all = Vec::new();
    for _ in 0..100 {
        all = messages(&s, "per_page=100").await;
        if all.iter().any(|m| m["outcome"] == "duplicate")
            && all.iter().filter(|m| m["direction"] == "out").count() >= 2
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let inbound = |text: &str| all.iter().find(|m| m["direction"] == "in" && m["text"] == text).cloned();
    let hello = inbound("hello there").expect("the greeting is logged");
    assert_eq!((hello["outcome"].as_str(), hello["reason"].as_str()), (Some("ignored"), Some("not a command")));
    let refill = inbound("2274209 refill").expect("the command is logged");
    assert_eq!(refill["outcome"], "command");
    assert!(refill["command_id"].is_string(), "{refill}");
    let status: Vec<&Value> = all.iter().filter(|m| m["direction"] == "in" && m["text"] == "2274211 status").collect();
    // The second delivery of the same update is dropped at the door (the inbox keeps each update
    // once); a redelivery that reaches the engine is logged as `duplicate`.
    assert_eq!(status.len(), 1, "one delivery is handled: {status:?}");
    let out: Vec<&Value> = all.iter().filter(|m| m["direction"] == "out").collect();
    assert!(
        out.iter()
            .any(|m| m["outcome"] == "sent" && m["text"].as_str().is_some_and(|t| t.contains("Refill requested"))),
        "{out:?}"
    );
    assert_eq!(messages(&s, "outcome=command").await.len(), 2);

    // Another workspace sees none of it.
    let other = s.app.signup("msglog-other@b.co", "Other").await;
    let r = s.app.get("/api/logs/messages", Some(&other.access)).await;
    assert_eq!(r.body["total"], 0, "{}", r.text);

    // Retention: rows older than the setting go.
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["message_log_days"] = json!(0);
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings.clone())).await;
    assert_eq!(r.status, 400, "{}", r.text);
    settings["message_log_days"] = json!(1);
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let later = chrono::Utc::now() + chrono::Duration::days(2);
    let gone = panelrelay::logs::messages::clean_all(&s.app.state.db, later).await.expect("clean");
    assert!(gone >= all.len() as u64, "{gone}");
    assert!(messages(&s, "").await.is_empty());
}
