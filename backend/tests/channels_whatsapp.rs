//! WhatsApp end to end against the fake Green API: webhook and polling, both token forms,
//! delivery reports, redeliveries and what is not text.
mod common;

use std::time::Duration;

use common::channels::*;
use fakes::greenapi::{AuthStyle, FakeGreenApi};
use serde_json::json;

#[tokio::test]
async fn whatsapp_webhook_accepts_both_token_forms_and_handles_a_redelivery_once() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    let channel = add_instance(&s, &wa, "webhook").await;
    let id = channel["id"].as_str().expect("id");
    let settings = wa.settings(INSTANCE);
    let hook = format!("{}/wa/{id}", s.app.base);
    assert_eq!(settings["webhookUrl"], hook.as_str());
    assert_eq!(settings["incomingWebhook"], "yes");
    let token = settings["webhookUrlToken"].as_str().expect("token").to_string();
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;

    let note = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "2274209 refill", false);
    for (style, tok, expect) in [
        (AuthStyle::Bearer, "wrong-token", 401),
        (AuthStyle::None, token.as_str(), 401),
        (AuthStyle::Bare, "", 401),
        (AuthStyle::Bearer, token.as_str(), 200),
        (AuthStyle::Bare, token.as_str(), 200),
    ] {
        assert_eq!(wa.post_webhook(&hook, tok, style, &note).await, expect, "{style:?} {tok:?}");
    }
    let sent = wait_for("the provider message", || {
        let got = wa.sent_to(INSTANCE, "120363099887766554@g.us");
        (!got.is_empty()).then_some(got)
    })
    .await;
    assert_eq!(sent, vec!["596723 refill"]);
    wait_for("the reply", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(wa.sent_to(INSTANCE, "120363099887766554@g.us").len(), 1, "the redelivery counted once");

    // Our own echo and a status notification never start a conversation.
    let replies_before = wa.sent_to(INSTANCE, WA_CUSTOMER).len();
    let mut echo = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "2274210 refill", false);
    echo["typeWebhook"] = json!("outgoingAPIMessageReceived");
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &echo).await, 200);
    let status = json!({"typeWebhook": "outgoingMessageStatus", "chatId": WA_CUSTOMER, "status": "failed",
        "idMessage": "BAE5X", "instanceData": {"idInstance": INSTANCE}, "timestamp": 1});
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &status).await, 200);
    assert_eq!(
        s.app
            .client
            .post(&hook)
            .header("Authorization", format!("Bearer {token}"))
            .body("{oops")
            .send()
            .await
            .expect("sent")
            .status()
            .as_u16(),
        200,
        "malformed JSON is stored and acknowledged"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(wa.sent_to(INSTANCE, WA_CUSTOMER).len(), replies_before);
}

#[tokio::test]
async fn a_whatsapp_delivery_report_of_not_in_group_dead_letters_the_message_and_tells_the_customer_once() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "webhook").await;
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;
    // Accepted by sendMessage, then reported: our number is not in the provider's group. Every
    // message gets the report, the customer's replies too (those match no dispatch).
    wa.set_switches(INSTANCE, |w| w.report = Some("notInGroup".into()));
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274209 refill").await;
    let problem = wait_for("the undelivered follow-up", || {
        wa.sent_to(INSTANCE, WA_CUSTOMER).into_iter().find(|t| t.contains("did not reach our team"))
    })
    .await;
    assert!(problem.contains("refill request for order 2274209"), "{problem}");
    assert!(!problem.contains("notInGroup") && !problem.contains("member"), "{problem}");
    assert_eq!(wa.sent_to(INSTANCE, "120363099887766554@g.us"), vec!["596723 refill"], "sent once, not resent");
    let logs = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    assert_eq!(logs.body["items"][0]["status"], "dead", "{}", logs.text);
    assert!(logs.body["items"][0]["last_error"].as_str().is_some_and(|e| e.contains("not a member")), "{}", logs.text);

    // A second report for the same message (or a redelivery) changes nothing more.
    let to_group = wa.sent(INSTANCE).into_iter().find(|m| m.chat_id == "120363099887766554@g.us").expect("sent");
    let report = json!({"typeWebhook": "outgoingMessageStatus", "chatId": "120363099887766554@g.us",
        "status": "failed", "idMessage": to_group.id_message, "instanceData": {"idInstance": INSTANCE}, "timestamp": 2});
    let token = wa.settings(INSTANCE)["webhookUrlToken"].as_str().expect("token").to_string();
    let channels = s.app.get("/api/channels", Some(&s.owner.access)).await;
    let hook = format!("{}/wa/{}", s.app.base, channels.body[0]["id"].as_str().expect("id"));
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &report).await, 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let follow_ups =
        wa.sent_to(INSTANCE, WA_CUSTOMER).into_iter().filter(|t| t.contains("did not reach our team")).count();
    assert_eq!(follow_ups, 1);

    // Delivered reports leave a sent message sent.
    wa.set_switches(INSTANCE, |w| w.report = Some("delivered".into()));
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274210 refill").await;
    wait_for("the second provider message", || {
        let sent = wa.sent_to(INSTANCE, "120363099887766554@g.us");
        (sent.len() == 2).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let logs = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    let statuses: Vec<&str> =
        logs.body["items"].as_array().expect("items").iter().filter_map(|d| d["status"].as_str()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "sent").count(), 1, "{}", logs.text);
    assert_eq!(statuses.iter().filter(|s| **s == "dead").count(), 1, "{}", logs.text);
}

#[tokio::test]
async fn whatsapp_polling_deletes_only_after_storing_and_466_shows_in_health() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "polling").await;
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274209 refill").await;
    wait_for("the provider message", || wa.sent_to(INSTANCE, "120363099887766554@g.us").first().cloned()).await;
    wait_for("the reply", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    wait_for("the notification to be deleted", || (wa.queued(INSTANCE) == 0).then_some(())).await;

    wa.set_switches(INSTANCE, |w| w.quota = true);
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274210 refill").await;
    for _ in 0..100 {
        let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
        if list.body[0]["health"]["last_error"].as_str().is_some_and(|e| e.contains("quota")) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the quota problem never showed on the channel");
}

/// Strict silence by default: a picture gets no answer. With "ask for text" on, one answer per
/// chat per hour; groups never; an empty template means "say nothing" even when it is on.
#[tokio::test]
async fn a_whatsapp_picture_is_answered_only_when_the_owner_asks_for_it() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "polling").await;
    let mut picture = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "x", false);
    picture["messageData"] = json!({"typeMessage": "imageMessage", "fileMessageData": {"caption": ""}});
    let send_pictures = |tag: &'static str, n: usize| {
        let (wa, picture) = (&wa, picture.clone());
        async move {
            for i in 0..n {
                let mut again = picture.clone();
                again["idMessage"] = json!(format!("IMG-{tag}-{i}"));
                wa.deliver(INSTANCE, again).await;
            }
            wait_for("the queue to drain", || (wa.queued(INSTANCE) == 0).then_some(())).await;
            tokio::time::sleep(Duration::from_millis(600)).await;
        }
    };
    send_pictures("default", 1).await;
    assert!(wa.sent_to(INSTANCE, WA_CUSTOMER).is_empty(), "strict silence by default");

    let owner = Some(s.owner.access.as_str());
    let mut templates = s.app.get("/api/templates", owner).await.body;
    templates["text_only"] = json!("");
    assert_eq!(s.app.call("PUT", "/api/templates", owner, Some(templates.clone())).await.status, 200);
    let mut settings = s.app.get("/api/settings", owner).await.body;
    assert_eq!(settings["ask_for_text"], false);
    settings["ask_for_text"] = json!(true);
    assert_eq!(s.app.call("PUT", "/api/settings", owner, Some(settings)).await.status, 200);
    send_pictures("empty", 1).await;
    assert!(wa.sent_to(INSTANCE, WA_CUSTOMER).is_empty(), "an empty template says nothing");

    templates["text_only"] = json!("Please send your request as a text message.");
    assert_eq!(s.app.call("PUT", "/api/templates", owner, Some(templates)).await.status, 200);
    send_pictures("on", 2).await;
    let mut in_group = picture.clone();
    in_group["idMessage"] = json!("IMG-group");
    in_group["senderData"]["chatId"] = json!("120363099887766554@g.us");
    wa.deliver(INSTANCE, in_group).await;
    wait_for("the ask for text", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let asked = wa.sent_to(INSTANCE, WA_CUSTOMER);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].contains("text message"));
    assert!(wa.sent_to(INSTANCE, "120363099887766554@g.us").is_empty());
}

/// A screenshot with the caption `2274209 refill` is a command (dispatched once, even when
/// Green API delivers it twice); a reaction to our reply is never answered, even with "ask for
/// text" on.
#[tokio::test]
async fn a_caption_is_a_command_and_a_reaction_is_silent() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    let channel = add_instance(&s, &wa, "webhook").await;
    let hook = format!("{}/wa/{}", s.app.base, channel["id"].as_str().expect("id"));
    let token = wa.settings(INSTANCE)["webhookUrlToken"].as_str().expect("token").to_string();
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;
    let owner = Some(s.owner.access.as_str());
    let mut settings = s.app.get("/api/settings", owner).await.body;
    settings["ask_for_text"] = json!(true);
    assert_eq!(s.app.call("PUT", "/api/settings", owner, Some(settings)).await.status, 200);

    let mut picture = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "x", false);
    picture["messageData"] = json!({"typeMessage": "imageMessage", "fileMessageData": {
        "downloadUrl": "https://do-media.example/screenshot.jpg", "caption": "2274209 refill",
        "fileName": "screenshot.jpg", "jpegThumbnail": "", "mimeType": "image/jpeg"}});
    for _ in 0..2 {
        assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &picture).await, 200);
    }
    let sent = wait_for("the provider message", || {
        let got = wa.sent_to(INSTANCE, "120363099887766554@g.us");
        (!got.is_empty()).then_some(got)
    })
    .await;
    assert_eq!(sent, vec!["596723 refill"]);
    let reply = wait_for("the reply", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    assert!(!reply.contains("text message"), "the caption was read: {reply}");

    let replies_before = wa.sent_to(INSTANCE, WA_CUSTOMER).len();
    let mut reaction = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "x", false);
    reaction["messageData"] = json!({"typeMessage": "reactionMessage", "extendedTextMessageData": {"text": "👍"},
        "quotedMessage": {"stanzaId": "BAE5F4886F6F2D05", "participant": "15559990000@c.us"}});
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &reaction).await, 200);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(wa.sent_to(INSTANCE, WA_CUSTOMER).len(), replies_before, "a reaction is not answered");
    assert_eq!(wa.sent_to(INSTANCE, "120363099887766554@g.us").len(), 1, "the caption was dispatched once");
}

/// A cancel that was accepted, then reported undelivered, is followed up in cancel words (the
/// order is not cancelled yet), never as a failed check.
#[tokio::test]
async fn an_undelivered_cancel_is_followed_up_as_a_cancel() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "webhook").await;
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;
    wa.set_switches(INSTANCE, |w| w.report = Some("notInGroup".into()));
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274212 cancel").await;
    let follow_up = wait_for("the undelivered follow-up", || {
        wa.sent_to(INSTANCE, WA_CUSTOMER).into_iter().find(|t| t.contains("did not reach our team"))
    })
    .await;
    assert!(
        follow_up.contains("cancel request for order 2274212") && follow_up.contains("not cancelled yet"),
        "{follow_up}"
    );
    assert!(!follow_up.contains("couldn't check"), "{follow_up}");
}
