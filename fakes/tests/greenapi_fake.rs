//! The fake Green API records quoted sends, keeps `editedMessageWebhook`, builds the
//! notification kinds the channel fixtures use, and sends edits only when asked to.
use fakes::greenapi::FakeGreenApi;
use serde_json::{Value, json};

const INSTANCE: i64 = 3_301_448_207;
const TOKEN: &str = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
const CUSTOMER: &str = "15550001111@c.us";

fn start() -> FakeGreenApi {
    let wa = FakeGreenApi::start().expect("fake green api");
    wa.add_instance(INSTANCE, TOKEN);
    wa
}

async fn call(wa: &FakeGreenApi, http: &str, method: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}/waInstance{INSTANCE}/{method}/{TOKEN}", wa.api_url());
    let client = reqwest::Client::new();
    let req = match http {
        "GET" => client.get(url),
        _ => client.post(url).json(&body.unwrap_or(Value::Null)),
    };
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn send_message_records_the_quoted_message() {
    let wa = start();
    let (status, body) = call(
        &wa,
        "POST",
        "sendMessage",
        Some(json!({"chatId": CUSTOMER, "message": "Refill requested.", "quotedMessageId": "3EB0A1B2C3D4E5F60001"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = call(&wa, "POST", "sendMessage", Some(json!({"chatId": CUSTOMER, "message": "plain"}))).await;
    assert_eq!(status, 200);
    let sent = wa.sent(INSTANCE);
    assert_eq!(sent[0].quoted_message_id.as_deref(), Some("3EB0A1B2C3D4E5F60001"));
    assert_eq!(sent[0].id_message, body["idMessage"].as_str().expect("idMessage"));
    assert_eq!(sent[1].quoted_message_id, None);
}

#[tokio::test]
async fn set_settings_keeps_edited_message_webhook() {
    let wa = start();
    let (_, before) = call(&wa, "GET", "getSettings", None).await;
    assert_eq!(before["editedMessageWebhook"], "no");
    let (status, body) =
        call(&wa, "POST", "setSettings", Some(json!({"incomingWebhook": "yes", "editedMessageWebhook": "yes"}))).await;
    assert_eq!((status, body), (200, json!({"saveSettings": true})));
    assert_eq!(wa.settings(INSTANCE)["editedMessageWebhook"], "yes");
    let (_, after) = call(&wa, "GET", "getSettings", None).await;
    assert_eq!(after["editedMessageWebhook"], "yes");
}

#[tokio::test]
async fn builders_make_the_published_shapes() {
    let wa = start();
    let picture = wa.caption_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "imageMessage", "2274209 refill");
    assert_eq!(picture["typeWebhook"], "incomingMessageReceived");
    assert_eq!(picture["instanceData"]["idInstance"], INSTANCE);
    assert_eq!(picture["senderData"]["chatId"], CUSTOMER);
    let file = &picture["messageData"]["fileMessageData"];
    assert_eq!(picture["messageData"]["typeMessage"], "imageMessage");
    assert_eq!(file["caption"], "2274209 refill");
    assert_eq!(file["mimeType"], "image/jpeg");
    assert_eq!(file["jpegThumbnail"], "");
    assert!(file["downloadUrl"].as_str().expect("downloadUrl").starts_with("https://"));
    assert!(file["fileName"].as_str().expect("fileName").ends_with(".jpg"));
    let video = wa.caption_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "videoMessage", "2274210 speed");
    assert_eq!(video["messageData"]["fileMessageData"]["mimeType"], "video/mp4");
    let doc = wa.caption_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "documentMessage", "2274211 status");
    assert_eq!(doc["messageData"]["fileMessageData"]["mimeType"], "application/pdf");

    let original = wa.text_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "hello, my order dropped", false);
    let stanza = original["idMessage"].as_str().expect("idMessage");
    let edit = wa.edited_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", stanza, "2274209 refill");
    assert_eq!(
        edit["messageData"],
        json!({"typeMessage": "editedMessage", "editedMessageData": {"textMessage": "2274209 refill", "stanzaId": stanza}})
    );
    assert_ne!(edit["idMessage"], original["idMessage"], "the edit has its own id");

    let reaction = wa.reaction_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "BAE5F0E1D2C3B4A5", "👍");
    assert_eq!(reaction["messageData"]["typeMessage"], "reactionMessage");
    assert_eq!(reaction["messageData"]["extendedTextMessageData"]["text"], "👍");
    assert_eq!(reaction["messageData"]["quotedMessage"]["stanzaId"], "BAE5F0E1D2C3B4A5");

    let deleted = wa.deleted_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", stanza);
    assert_eq!(
        deleted["messageData"],
        json!({"typeMessage": "deletedMessage", "deletedMessageData": {"stanzaId": stanza}})
    );

    let ids: std::collections::HashSet<String> = [&picture, &video, &doc, &original, &edit, &reaction, &deleted]
        .iter()
        .map(|n| n["idMessage"].as_str().expect("idMessage").to_string())
        .collect();
    assert_eq!(ids.len(), 7, "every notification has its own idMessage");
}

#[tokio::test]
async fn edits_are_sent_only_with_edited_message_webhook_on() {
    let wa = start();
    let edit = wa.edited_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "3EB0EDIT00000000ORIG", "2274209 refill");
    assert_eq!(wa.deliver(INSTANCE, edit.clone()).await, 0);
    assert_eq!(wa.queued(INSTANCE), 0, "dropped with the setting off");
    let text = wa.text_notification(INSTANCE, CUSTOMER, CUSTOMER, "Mira", "2274209 refill", false);
    wa.deliver(INSTANCE, text).await;
    assert_eq!(wa.queued(INSTANCE), 1, "other kinds are not affected");

    let (status, _) = call(&wa, "POST", "setSettings", Some(json!({"editedMessageWebhook": "yes"}))).await;
    assert_eq!(status, 200);
    wa.deliver(INSTANCE, edit).await;
    assert_eq!(wa.queued(INSTANCE), 2);
    let (_, head) = call(&wa, "GET", "receiveNotification", None).await;
    assert_eq!(head["body"]["messageData"]["typeMessage"], "textMessage", "FIFO");
}
