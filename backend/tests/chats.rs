//! Customer chats as the channels deliver them: dedupe first, linking, admin chats, then commands.
mod common;

use common::assert_error_shape;
use common::engine::{Setup, setup};
use panelrelay::chats::domain::ChatType;
use panelrelay::chats::inbound::{ChannelMessage, receive};
use serde_json::json;

fn message(s: &Setup, key: &str, chat_type: ChatType, sender: &str, text: &str) -> ChannelMessage {
    ChannelMessage {
        tenant_id: s.owner.workspace_id.clone().expect("ws"),
        panel_id: s.panel_id.clone(),
        channel: "telegram".into(),
        source: "bot-1".into(),
        message_key: key.into(),
        chat_id: if chat_type == ChatType::Group { "-100999".into() } else { sender.into() },
        chat_type,
        sender_id: sender.into(),
        from_bot: false,
        text: text.into(),
        // The message id follows the key, so two keys are two messages.
        message_id: key.into(),
        thread_id: None,
        edited: false,
    }
}

async fn say(s: &Setup, key: &str, chat_type: ChatType, sender: &str, text: &str) -> Option<String> {
    receive(&s.app.state.engine, message(s, key, chat_type, sender, text)).await.expect("receive").map(|r| r.text)
}

#[tokio::test]
async fn a_customer_links_their_chat_and_after_approval_commands_work() {
    let s = setup().await;
    let reply = say(&s, "1", ChatType::Private, "5001", "2274209 refill").await;
    assert!(reply.is_some_and(|r| r.contains("link your account")));
    assert_eq!(
        say(&s, "2", ChatType::Group, "5001", "2274209 refill").await,
        None,
        "groups never answer unlinked users"
    );
    assert_eq!(say(&s, "3", ChatType::Private, "5001", "hello").await, None);
    let reply = say(&s, "4", ChatType::Private, "5001", "link mira_boost").await;
    assert!(reply.is_some_and(|r| r.contains("mira_boost")));
    let reply = say(&s, "5", ChatType::Private, "5001", "2274209 refill").await;
    assert!(reply.is_some_and(|r| r.contains("waiting for confirmation")));
    let links = s.app.get("/api/links", Some(&s.owner.access)).await;
    assert_eq!(
        (links.body[0]["status"].as_str(), links.body[0]["username"].as_str()),
        (Some("pending"), Some("mira_boost"))
    );
    let id = links.body[0]["id"].as_str().expect("id").to_string();
    let r = s
        .app
        .call("PUT", &format!("/api/links/{id}"), Some(&s.owner.access), Some(json!({"status": "approved"})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let reply = say(&s, "6", ChatType::Group, "5001", "2274209, 2274210 refill").await.expect("reply");
    assert!(reply.contains("Refill requested for order 2274209"), "{reply}");
    assert_eq!(s.app.deliver().await, 1);
    assert_eq!(s.app.sender.sent()[0].1, "596723, 596724 refill");
    let reply = say(&s, "7", ChatType::Private, "5001", "link karan_smm").await;
    assert!(reply.is_some_and(|r| r.contains("already linked to another account")), "one chat, one username per panel");
    let reply = say(&s, "8", ChatType::Private, "5001", "2274218 refill").await.expect("reply");
    assert!(reply.contains("not linked to your account"), "{reply}");
}

#[tokio::test]
async fn every_message_delivered_twice_concurrently_is_dispatched_once() {
    let s = setup().await;
    let r = s
        .app
        .post(
            "/api/links",
            Some(&s.owner.access),
            json!({"panel_id": s.panel_id, "channel": "telegram", "sender_id": "6001", "username": "mira_boost"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let texts = ["2274209 refill", "2274211 speed", "2274216 cancel", "2274210 refill"];
    let mut calls = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        for _ in 0..2 {
            calls.push(receive(&s.app.state.engine, message(&s, &format!("u{i}"), ChatType::Private, "6001", text)));
        }
    }
    let results = futures_util::future::join_all(calls).await;
    let replies = results.into_iter().map(|r| r.expect("receive")).filter(Option::is_some).count();
    assert_eq!(replies, texts.len(), "each message answered once");
    s.app.deliver().await;
    let sent = s.app.sender.sent();
    assert_eq!(sent.len(), 4, "one provider message per distinct customer message: {sent:?}");
}

#[tokio::test]
async fn admin_chats_may_act_on_any_order_and_bot_messages_are_ignored() {
    let s = setup().await;
    let r = s
        .app
        .post(
            "/api/admin-chats",
            Some(&s.owner.access),
            json!({"channel": "telegram", "chat_id": "-100999", "label": "Support team"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let reply = say(&s, "a1", ChatType::Group, "7001", "2274218 status").await.expect("reply");
    assert!(
        reply.contains("Order 2274218") && reply.contains("provider Provider 1"),
        "fuller status for admins: {reply}"
    );
    assert!(!reply.contains("alpha-prov"), "{reply}");
    let mut from_bot = message(&s, "a2", ChatType::Group, "7001", "2274218 refill");
    from_bot.from_bot = true;
    assert_eq!(receive(&s.app.state.engine, from_bot).await.expect("receive"), None);
    let long = say(&s, "a3", ChatType::Group, "7001", &format!("{} 2274218 status", "x".repeat(6000))).await;
    assert!(long.is_none() || long.is_some_and(|r| !r.is_empty()), "a very long message is read, never a crash");
}

#[tokio::test]
async fn links_and_admin_chats_validate_their_input() {
    let s = setup().await;
    for body in [
        json!({"panel_id": s.panel_id, "channel": "sms", "sender_id": "1", "username": "a"}),
        json!({"panel_id": s.panel_id, "channel": "telegram", "sender_id": "1 2", "username": "a"}),
        json!({"panel_id": s.panel_id, "channel": "telegram", "sender_id": "1", "username": "a b"}),
    ] {
        assert_eq!(
            assert_error_shape(&s.app.post("/api/links", Some(&s.owner.access), body).await, 400),
            "bad_request"
        );
    }
    let r = s
        .app
        .post(
            "/api/links",
            Some(&s.owner.access),
            json!({"panel_id": "other", "channel": "telegram", "sender_id": "1", "username": "a"}),
        )
        .await;
    assert_eq!(assert_error_shape(&r, 404), "not_found");
    let ok = json!({"panel_id": s.panel_id, "channel": "whatsapp", "sender_id": "79001234567@c.us", "username": "mira_boost"});
    assert_eq!(s.app.post("/api/links", Some(&s.owner.access), ok.clone()).await.status, 201);
    assert_eq!(assert_error_shape(&s.app.post("/api/links", Some(&s.owner.access), ok).await, 409), "conflict");
}
