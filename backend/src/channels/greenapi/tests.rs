use super::*;
use crate::chats::domain::ChatType;

fn note(v: Value) -> Notification {
    serde_json::from_value(v).expect("parses")
}

fn message(n: &Notification) -> Option<crate::channels::Incoming> {
    match n.read() {
        crate::channels::Read::Message(m) => Some(m),
        _ => None,
    }
}

#[test]
fn text_extended_and_group_messages() {
    let private =
        note(json!({"typeWebhook": "incomingMessageReceived", "instanceData": {"idInstance": 3301448207_i64},
        "idMessage": "A1", "senderData": {"chatId": "15550001111@c.us", "sender": "15550001111@c.us"},
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "2274209 refill"}}}));
    let got = message(&private).expect("text");
    assert_eq!((got.chat_type, got.text.as_str()), (ChatType::Private, "2274209 refill"));
    let group = note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "A2",
        "senderData": {"chatId": "120363099887766554@g.us", "sender": "15550002222@c.us"},
        "messageData": {"typeMessage": "extendedTextMessage", "extendedTextMessageData": {"text": "refill https://x"}}}));
    let got = message(&group).expect("text");
    assert_eq!((got.chat_type, got.sender_id.as_str()), (ChatType::Group, "15550002222@c.us"));
    assert_eq!(group.instance_id(), None);
}

#[test]
fn echoes_statuses_images_and_markers_are_not_customer_messages() {
    for v in [
        json!({"typeWebhook": "outgoingAPIMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
            "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "596723 refill"}}}),
        json!({"typeWebhook": "outgoingMessageStatus", "chatId": "1@c.us", "status": "failed", "idMessage": "X"}),
        json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
            "messageData": {"typeMessage": "imageMessage"}}),
        json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
            "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "{{SWE001}}"}}}),
    ] {
        assert_eq!(message(&note(v)), None);
    }
    let image =
        note(json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
        "messageData": {"typeMessage": "imageMessage"}}));
    assert_eq!(image.unreadable_private_chat().as_deref(), Some("1@c.us"));
    let marker =
        note(json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1@c.us", "sender": "1@c.us"},
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "{{SWE001}}"}}}));
    assert_eq!(marker.unreadable_private_chat().as_deref(), Some("1@c.us"));
    let group = note(
        json!({"typeWebhook": "incomingMessageReceived", "senderData": {"chatId": "1-2@g.us", "sender": "1@c.us"},
        "messageData": {"typeMessage": "imageMessage"}}),
    );
    assert_eq!(group.unreadable_private_chat(), None, "groups stay silent");
}

#[test]
fn loose_instance_ids_and_dedupe_keys() {
    let n = note(
        json!({"typeWebhook": "stateInstanceChanged", "instanceData": {"idInstance": "3301448207"}, "timestamp": 5}),
    );
    assert_eq!(n.instance_id(), Some(3301448207));
    assert!(n.dedupe_key(b"{}").starts_with("n:stateInstanceChanged:5:"));
}

#[test]
fn authorization_header_forms() {
    assert_eq!(presented_token(Some("Bearer t0k")), "t0k");
    assert_eq!(presented_token(Some("bearer t0k")), "t0k");
    assert_eq!(presented_token(Some(" t0k ")), "t0k");
    assert_eq!(presented_token(None), "");
}

#[test]
fn delivery_reports_that_mean_not_delivered_are_recognised_and_each_status_is_its_own_notification() {
    let report = |status: &str| {
        note(json!({"typeWebhook": "outgoingMessageStatus", "chatId": "1@g.us", "status": status,
            "idMessage": "BAE5A", "sendByApi": true}))
    };
    for status in ["failed", "noAccount", "notInGroup"] {
        let (id, reason) = report(status).delivery_failure().expect(status);
        assert_eq!(id, "BAE5A");
        assert!(!reason.contains(status), "plain words, not the code: {reason}");
    }
    for status in ["sent", "delivered", "read", "yellowCard", ""] {
        assert_eq!(report(status).delivery_failure(), None, "{status}");
    }
    let incoming = note(json!({"typeWebhook": "incomingMessageReceived", "status": "failed", "idMessage": "X"}));
    assert_eq!(incoming.delivery_failure(), None);
    // "sent" then "failed" arrive for one message: both must be stored, not deduplicated as one.
    assert_ne!(report("sent").dedupe_key(b"{}"), report("failed").dedupe_key(b"{}"));
    assert_eq!(report("failed").dedupe_key(b"{}"), report("failed").dedupe_key(b"{}"));
}

#[test]
fn statuses_become_plain_words() {
    assert!(matches!(classify(401, ""), ChannelError::Credentials(_)));
    assert!(matches!(classify(466, fakes::greenapi::QUOTA_BODY), ChannelError::Unreachable(_)));
    assert!(matches!(classify(502, ""), ChannelError::Temporary(_)));
    assert!(matches!(classify(400, r#"{"message":"instance account not authorized"}"#), ChannelError::NotReady(_)));
}

/// Shapes from Green API's "Incoming image, video, audio, document message" and "Incoming
/// reaction / deleted / poll update / edited message" pages (fields as published).
#[test]
fn captions_are_read_like_text_and_reactions_deletions_polls_stay_silent() {
    let sender = json!({"chatId": "15550001111@c.us", "sender": "15550001111@c.us", "senderName": "Mira"});
    for kind in ["imageMessage", "videoMessage", "documentMessage"] {
        let with_caption =
            note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "C1", "senderData": sender,
            "messageData": {"typeMessage": kind, "fileMessageData": {"downloadUrl": "https://do-media.example/x.jpg",
                "caption": "2274209 refill", "fileName": "x.jpg", "jpegThumbnail": "", "mimeType": "image/jpeg"}}}));
        assert_eq!(message(&with_caption).map(|m| m.text).as_deref(), Some("2274209 refill"), "{kind}");
        assert_eq!(with_caption.unreadable_private_chat(), None, "{kind} with a caption is readable");
        let bare = note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "C2", "senderData": sender,
            "messageData": {"typeMessage": kind, "fileMessageData": {"caption": "", "downloadUrl": "https://x/y"}}}));
        assert_eq!(message(&bare), None, "{kind} without a caption");
    }
    for notice in [
        json!({"typeMessage": "reactionMessage", "extendedTextMessageData": {"text": "👍"},
            "quotedMessage": {"stanzaId": "BAE5F4886F6F2D05", "participant": "15550009999@c.us"}}),
        json!({"typeMessage": "deletedMessage", "deletedMessageData": {"stanzaId": "BAE5F4886F6F2D05"}}),
        json!({"typeMessage": "pollUpdateMessage", "pollMessageData": {"stanzaId": "X", "name": "?", "votes": []}}),
    ] {
        let n = note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "N1", "senderData": sender,
            "messageData": notice.clone()}));
        assert_eq!(message(&n), None, "{notice}");
        assert_eq!(n.unreadable_private_chat(), None, "never asked to send text: {notice}");
    }
}

/// Green API's "Incoming edited message": `idMessage` is the edit event, `stanzaId` the message edited.
#[test]
fn an_edit_names_the_message_it_edits_and_keys_hold_the_chat() {
    let sender = json!({"chatId": "15550001111@c.us", "sender": "15550001111@c.us"});
    let edit =
        note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "BAE597DC5CB134F7", "senderData": sender,
        "messageData": {"typeMessage": "editedMessage",
            "editedMessageData": {"textMessage": "2274209 refill", "stanzaId": "BAE5AFC355030F7A"}}}));
    let m = message(&edit).expect("an edit with text is read");
    assert_eq!((m.edited, m.message_id.as_str(), m.text.as_str()), (true, "BAE5AFC355030F7A", "2274209 refill"));
    assert_eq!(edit.unreadable_private_chat(), None);
    assert_eq!(edit.dedupe_key(b"{}"), "m:15550001111@c.us:BAE597DC5CB134F7");
    let other_chat = note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "BAE597DC5CB134F7",
        "senderData": {"chatId": "15550002222@c.us", "sender": "15550002222@c.us"},
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "2274210 refill"}}}));
    assert_ne!(edit.dedupe_key(b"{}"), other_chat.dedupe_key(b"{}"), "ids are unique per chat only");
    let broken = note(json!({"typeWebhook": "incomingMessageReceived", "idMessage": "X1",
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": "2274210 refill"}}}));
    assert!(matches!(broken.read(), crate::channels::Read::Unreadable(_)));
}
