//! The published payload shapes (`tests/fixtures/channels`, sources in its SOURCES.md) posted
//! through the real webhook routes, each twice (a redelivery), on SQLite and PostgreSQL alike:
//! captions become commands once; reactions, deletions, polls and other update kinds stay silent;
//! edits follow the edit rule; forum-topic replies carry the topic; WhatsApp message ids count
//! per chat; an unreadable body is kept and counted on the channel's health.
mod common;

use std::time::Duration;

use common::channels::*;
use common::engine::Setup;
use fakes::greenapi::{AuthStyle, FakeGreenApi};
use fakes::telegram::FakeTelegram;
use serde_json::Value;

const TG_GROUP: i64 = -1_001_987_654_321;
const WA_GROUP: &str = "120363099887766554@g.us";
const WA_OTHER: &str = "15550002222@c.us";

fn fixture(channel: &str, name: &str) -> Value {
    let path = format!("{}/tests/fixtures/channels/{channel}/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn commands_logged(s: &Setup) -> u64 {
    let r = s.app.get("/api/logs/commands?per_page=1", Some(&s.owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["total"].as_u64().expect("total")
}

async fn health(s: &Setup) -> Value {
    s.app.get("/api/channels", Some(&s.owner.access)).await.body[0]["health"].clone()
}

/// Waits until the channel has nothing received left to handle and nothing queued to send.
async fn settled(s: &Setup) {
    for _ in 0..200 {
        if health(s).await["queue_length"] == 0 {
            // The reply goes out after the inbox item is claimed; give it a moment to land.
            tokio::time::sleep(Duration::from_millis(60)).await;
            if health(s).await["queue_length"] == 0 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the channel never settled");
}

#[tokio::test]
async fn telegram_payloads_from_the_published_shapes() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    let (url, secret) = tg.webhook(TOKEN).expect("the webhook is set");
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;

    // (fixture, commands it makes: 1 = one request, 0 = silent or ignored)
    let cases = [
        ("private_text", 1),
        ("photo_caption", 1),
        ("video_caption", 1),
        ("document_caption", 1),
        ("photo_no_caption", 0),
        ("bot_api_page_example_no_is_bot", 1),
        ("edited_original_plain", 0),
        ("edited_to_command", 1),
        ("edited_after_command", 0),
        ("forum_topic_message", 1),
        ("group_reply_to_bot", 1),
        ("message_reaction", 0),
        ("my_chat_member", 0),
        ("callback_query", 0),
        ("unreadable_no_chat", 0),
    ];
    for (name, made) in cases {
        let before = commands_logged(&s).await;
        let update = fixture("telegram", name);
        for _ in 0..2 {
            assert_eq!(tg.post_webhook(&url, secret.as_deref(), &update).await, 200, "{name}");
        }
        settled(&s).await;
        assert_eq!(commands_logged(&s).await - before, made, "{name}: requests made (posted twice)");
    }

    // The topic's answer stays in topic 45 and quotes the customer; a plain group reply has no topic.
    let in_group: Vec<_> = tg.sent(TOKEN).into_iter().filter(|m| m.chat_id == TG_GROUP.to_string()).collect();
    assert_eq!(in_group.len(), 2, "{in_group:?}");
    assert_eq!((in_group[0].message_thread_id, in_group[0].reply_to_message_id), (Some(45), Some(312)));
    assert_eq!((in_group[1].message_thread_id, in_group[1].reply_to_message_id), (None, Some(313)));
    // Private replies quote nothing.
    let private = tg.sent(TOKEN).into_iter().filter(|m| m.chat_id == CUSTOMER.to_string()).collect::<Vec<_>>();
    assert!(
        !private.is_empty() && private.iter().all(|m| m.reply_to_message_id.is_none() && m.message_thread_id.is_none())
    );
    // The edit that became a request was answered; the one of a handled message was not.
    let log = s.app.get("/api/logs/commands?per_page=50", Some(&s.owner.access)).await.body;
    assert!(!log.to_string().contains("refill please"), "the edit of a request is not a second request");

    let h = health(&s).await;
    assert_eq!(h["unreadable_24h"], 1, "{h}");
    let why = h["last_unreadable"].as_str().expect("a reason");
    assert!(why.contains("could not be read") && !why.contains("2274209"), "plain words, no content: {why}");
    // Subscribed to what the edit rule needs.
    let allowed = tg.allowed_updates(TOKEN).expect("allowed_updates set");
    assert!(allowed.iter().any(|k| k == "edited_message") && allowed.iter().any(|k| k == "message"), "{allowed:?}");
}

#[tokio::test]
async fn whatsapp_payloads_from_the_published_shapes() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    let channel = add_instance(&s, &wa, "webhook").await;
    let hook = format!("{}/wa/{}", s.app.base, channel["id"].as_str().expect("id"));
    let settings = wa.settings(INSTANCE);
    assert_eq!(settings["editedMessageWebhook"], "yes", "edits are subscribed");
    let token = settings["webhookUrlToken"].as_str().expect("token").to_string();
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;

    let cases = [
        ("text_private", 1),
        ("extended_text", 1),
        ("quoted_reply", 1),
        ("image_caption", 1),
        ("video_caption", 1),
        ("document_caption", 1),
        ("image_no_caption", 0),
        ("voice", 0),
        ("swe001", 0),
        ("reaction", 0),
        ("deleted_message", 0),
        ("poll_update", 0),
        ("edited_original_plain", 0),
        ("edited_to_command", 1),
        ("edited_after_command", 0),
        ("same_id_other_chat", 0),
        ("group_text", 1),
        ("outgoing_status_not_in_group", 0),
        ("unreadable_type_number", 0),
    ];
    for (name, made) in cases {
        let before = commands_logged(&s).await;
        let replies_before = wa.sent_to(INSTANCE, WA_CUSTOMER).len();
        let note = fixture("whatsapp", name);
        for _ in 0..2 {
            assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &note).await, 200, "{name}");
        }
        settled(&s).await;
        assert_eq!(commands_logged(&s).await - before, made, "{name}: requests made (posted twice)");
        if made == 0 {
            assert_eq!(wa.sent_to(INSTANCE, WA_CUSTOMER).len(), replies_before, "{name}: no reply");
        }
    }

    // The same idMessage in another chat is its own message: that (unlinked) customer is answered.
    let other = wa.sent_to(INSTANCE, WA_OTHER);
    assert_eq!(other.len(), 1, "handled, not dropped as a redelivery: {other:?}");
    // In the group the answer quotes the customer's message.
    let group_id = fixture("whatsapp", "group_text")["idMessage"].as_str().expect("id").to_string();
    let quoted: Vec<_> = wa.sent(INSTANCE).into_iter().filter(|m| m.quoted_message_id.is_some()).collect();
    assert_eq!(quoted.len(), 1, "{quoted:?}");
    assert_eq!(
        (quoted[0].chat_id.as_str(), quoted[0].quoted_message_id.as_deref()),
        (WA_GROUP, Some(group_id.as_str()))
    );

    let h = health(&s).await;
    assert_eq!(h["unreadable_24h"], 1, "{h}");
    assert!(h["last_unreadable"].as_str().is_some_and(|w| w.contains("Green API")), "{h}");
}
