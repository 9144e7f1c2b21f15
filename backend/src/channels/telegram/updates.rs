//! Reading Telegram updates, from a webhook body or a polled batch, with our own lenient model:
//! only the fields the engine needs, unknown fields and update kinds tolerated, and `is_bot`
//! optional (the Bot API page's own examples leave it out). teloxide's `Update` turns a message it
//! cannot read into an empty error value, losing it; here such a body is reported unreadable with
//! the reason, so it is kept, logged and counted instead of vanishing.
use serde::Deserialize;
use serde_json::Value;

use crate::channels::{Incoming, Read};
use crate::chats::domain::ChatType;

#[derive(Debug, Deserialize)]
struct RawUpdate {
    update_id: i64,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    edited_message: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct RawMessage {
    message_id: i64,
    chat: RawChat,
    #[serde(default)]
    from: Option<RawUser>,
    /// Set when a channel or an anonymous admin posts on behalf of a chat.
    #[serde(default)]
    sender_chat: Option<Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    message_thread_id: Option<i64>,
    #[serde(default)]
    is_topic_message: bool,
}

#[derive(Debug, Deserialize)]
struct RawChat {
    id: i64,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct RawUser {
    id: i64,
    #[serde(default)]
    is_bot: bool,
}

/// The update id of a body, when it has one (the webhook's dedupe key).
pub fn update_id(body: &[u8]) -> Option<i64> {
    serde_json::from_slice::<Value>(body).ok()?.get("update_id")?.as_i64()
}

/// What one stored update is for the engine: a customer's text (or caption), something we do
/// not act on (other update kinds, pictures without a caption, channel posts), or unreadable.
pub fn read(body: &str) -> Read {
    let update: RawUpdate = match serde_json::from_str(body) {
        Ok(u) => u,
        Err(e) => return Read::Unreadable(format!("not a Telegram update: {}", category(&e))),
    };
    let _ = update.update_id;
    let (value, edited) = match (update.message, update.edited_message) {
        (Some(m), _) => (m, false),
        (None, Some(m)) => (m, true),
        // callback queries, member changes, reactions, polls…: not ours to answer
        (None, None) => return Read::NotAMessage,
    };
    let m: RawMessage = match serde_json::from_value(value) {
        Ok(m) => m,
        Err(e) => return Read::Unreadable(format!("a message Telegram sent could not be read: {}", shape_error(&e))),
    };
    if m.chat.kind == "channel" {
        return Read::NotAMessage;
    }
    // A picture, video or document with a caption is read like text; the file itself is not.
    let Some(text) = m.text.or(m.caption).filter(|t| !t.trim().is_empty()) else { return Read::NotAMessage };
    let chat_type = if m.chat.kind == "private" || (m.chat.kind.is_empty() && m.chat.id > 0) {
        ChatType::Private
    } else {
        ChatType::Group
    };
    let (sender_id, from_bot) = match (&m.from, &m.sender_chat) {
        // Anonymous group admins and channels post as a chat: never a customer.
        (_, Some(_)) | (None, None) => (m.chat.id.to_string(), true),
        (Some(u), None) => (u.id.to_string(), u.is_bot),
    };
    Read::Message(Incoming {
        chat_id: m.chat.id.to_string(),
        chat_type,
        sender_id,
        from_bot,
        text,
        message_id: m.message_id.to_string(),
        thread_id: m.message_thread_id.filter(|_| m.is_topic_message),
        edited,
    })
}

/// The kind of a JSON error, never the body's content.
fn category(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof => "the body is not valid JSON".into(),
        Category::Data => shape_error(e),
        Category::Io => "the body could not be read".into(),
    }
}

/// What was wrong with the shape, without any of the values (which may be a customer's words).
pub fn shape_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line").next().unwrap_or_default();
    if text.starts_with("missing field") {
        text.to_string()
    } else if let Some(i) = text.find("expected") {
        format!("a field has the wrong type ({})", &text[i..])
    } else {
        "it has an unexpected shape".into()
    }
}

/// The raw updates of a getUpdates answer: each as Telegram sent it (stored as it came), with its id.
pub fn polled(result: Vec<Value>) -> Vec<(i64, String)> {
    result
        .into_iter()
        .filter_map(|u| {
            let id = u.get("update_id")?.as_i64()?;
            Some((id, u.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(v: Value) -> Incoming {
        match read(&v.to_string()) {
            Read::Message(m) => m,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    #[test]
    fn private_and_group_messages() {
        let got = message(json!({"update_id": 815000042, "message": {"message_id": 57, "date": 1764590400,
            "chat": {"id": 6600112233_i64, "first_name": "Lena", "username": "lena_k", "type": "private"},
            "from": {"id": 6600112233_i64, "is_bot": false, "first_name": "Lena", "username": "lena_k"},
            "text": "status 48213377"}}));
        assert_eq!((got.chat_type, got.sender_id.as_str(), got.from_bot), (ChatType::Private, "6600112233", false));
        assert_eq!((got.message_id.as_str(), got.thread_id, got.edited), ("57", None, false));
        let got = message(json!({"update_id": 815000043, "message": {"message_id": 12, "date": 1764590460,
            "chat": {"id": -1001987654321_i64, "title": "Resellers", "type": "supergroup"},
            "from": {"id": 6600445566_i64, "is_bot": false, "first_name": "Omar"},
            "text": "2274209 refill"}}));
        assert_eq!((got.chat_type, got.chat_id.as_str()), (ChatType::Group, "-1001987654321"));
    }

    #[test]
    fn captions_topics_and_edits() {
        let photo = message(json!({"update_id": 1, "message": {"message_id": 58, "date": 1,
            "chat": {"id": 66, "type": "private"}, "from": {"id": 66, "is_bot": false, "first_name": "L"},
            "photo": [{"file_id": "AgAC", "file_unique_id": "AQ", "width": 90, "height": 51}],
            "caption": "2274209 refill"}}));
        assert_eq!(photo.text, "2274209 refill");
        let bare = json!({"update_id": 2, "message": {"message_id": 59, "date": 1,
            "chat": {"id": 66, "type": "private"}, "from": {"id": 66, "is_bot": false, "first_name": "L"},
            "photo": [{"file_id": "AgAC", "file_unique_id": "AQ", "width": 90, "height": 51}]}});
        assert!(matches!(read(&bare.to_string()), Read::NotAMessage));
        let topic = message(json!({"update_id": 3, "message": {"message_id": 312, "date": 1,
            "message_thread_id": 45, "is_topic_message": true,
            "chat": {"id": -1001987654321_i64, "type": "supergroup", "is_forum": true, "title": "Shop"},
            "from": {"id": 66, "is_bot": false, "first_name": "L"}, "text": "2274209 refill"}}));
        assert_eq!((topic.thread_id, topic.message_id.as_str()), (Some(45), "312"));
        // A reply in a non-forum group also carries message_thread_id, but it is no topic.
        let reply = message(json!({"update_id": 4, "message": {"message_id": 313, "date": 1, "message_thread_id": 311,
            "chat": {"id": -1001987654321_i64, "type": "supergroup"},
            "from": {"id": 66, "is_bot": false, "first_name": "L"}, "text": "2274209 refill"}}));
        assert_eq!(reply.thread_id, None);
        let edit = message(json!({"update_id": 5, "edited_message": {"message_id": 57, "date": 1, "edit_date": 2,
            "chat": {"id": 66, "type": "private"}, "from": {"id": 66, "is_bot": false, "first_name": "L"},
            "text": "2274209 refill"}}));
        assert!(edit.edited);
        assert_eq!(edit.message_id, "57");
    }

    /// The Bot API page's examples have no `is_bot`; teloxide refuses them, we read them.
    #[test]
    fn a_sender_without_is_bot_is_a_person() {
        let m = message(json!({"update_id": 10000, "message": {"date": 1441645532,
            "chat": {"last_name": "Test Lastname", "id": 1111111, "first_name": "Test", "username": "Test"},
            "message_id": 1365, "from": {"last_name": "Test Lastname", "id": 1111111, "first_name": "Test", "username": "Test"},
            "text": "/start"}}));
        assert_eq!((m.from_bot, m.chat_type), (false, ChatType::Private));
    }

    #[test]
    fn other_kinds_are_not_messages_and_broken_ones_are_unreadable() {
        for v in [
            json!({"update_id": 1, "my_chat_member": {"chat": {"id": -5, "type": "group"}}}),
            json!({"update_id": 2, "some_future_kind": {"x": 1}}),
            json!({"update_id": 3, "channel_post": {"message_id": 1, "chat": {"id": -100, "type": "channel"}, "text": "1 refill"}}),
            json!({"update_id": 4, "message": {"message_id": 1, "chat": {"id": -100, "type": "supergroup"},
                "sender_chat": {"id": -100, "type": "supergroup"}, "text": "1 refill"}}),
        ] {
            let r = read(&v.to_string());
            assert!(matches!(r, Read::NotAMessage) || matches!(&r, Read::Message(m) if m.from_bot), "{v}: {r:?}");
        }
        assert!(matches!(read("{not json"), Read::Unreadable(e) if e.contains("not valid JSON")));
        let no_chat = json!({"update_id": 5, "message": {"text": "2274209 refill", "date": 1}});
        assert!(matches!(read(&no_chat.to_string()), Read::Unreadable(e) if e.contains("could not be read")));
        assert!(matches!(read(r#"{"message": {}}"#), Read::Unreadable(_)));
    }
}
