//! Update builders: what a customer's action looks like when Telegram reports it (a text, a
//! captioned photo, a message in a forum topic, an edit, a reaction). Each takes the bot's next
//! `update_id`; none delivers (see `deliver` / `inject`).
use serde_json::{Value, json};

use super::{Core, now_unix};

/// The `chat` of a message: `chat_id` > 0 is a private chat with that user, `-100…` a
/// supergroup, any other negative id a basic group.
fn chat(chat_id: i64, username: &str) -> Value {
    if chat_id > 0 {
        json!({"id": chat_id, "first_name": username, "username": username, "type": "private"})
    } else if chat_id <= -1_000_000_000_000 {
        json!({"id": chat_id, "title": "Sandbox supergroup", "type": "supergroup"})
    } else {
        json!({"id": chat_id, "title": "Sandbox group", "type": "group"})
    }
}

fn text_update(update_id: i64, message_id: i64, chat_id: i64, user_id: i64, username: &str, text: &str) -> Value {
    json!({"update_id": update_id, "message": {
        "message_id": message_id, "date": now_unix(), "chat": chat(chat_id, username),
        "from": user(user_id, username), "text": text}})
}

fn user(user_id: i64, username: &str) -> Value {
    json!({"id": user_id, "is_bot": false, "first_name": username, "username": username})
}

impl Core {
    /// The bot's next `update_id` (1 for an unknown token).
    fn next_update_id(&self, token: &str) -> i64 {
        self.with_bot(token, |b| {
            let id = b.next_update_id;
            b.next_update_id += 1;
            id
        })
        .unwrap_or(1)
    }

    /// Builds an update for a text message; `chat_id` > 0 is a private chat with that user.
    /// Its `message_id` is taken from the `update_id` (see [`Core::message_update_with_id`]).
    pub fn message_update(&self, token: &str, chat_id: i64, user_id: i64, username: &str, text: &str) -> Value {
        let update_id = self.next_update_id(token);
        text_update(update_id, update_id % 1_000_000, chat_id, user_id, username, text)
    }

    /// [`Core::message_update`] with a chosen `message_id`, for a message that is edited,
    /// reacted to or replied to later.
    pub fn message_update_with_id(
        &self,
        token: &str,
        chat_id: i64,
        user_id: i64,
        username: &str,
        message_id: i64,
        text: &str,
    ) -> Value {
        let update_id = self.next_update_id(token);
        text_update(update_id, message_id, chat_id, user_id, username, text)
    }

    /// A photo (three sizes) with `caption` and no `text`.
    pub fn caption_update(&self, token: &str, chat_id: i64, user_id: i64, username: &str, caption: &str) -> Value {
        let update_id = self.next_update_id(token);
        let photo: Vec<Value> = [(90, 67, 1_342), (320, 240, 18_310), (800, 600, 71_244)]
            .iter()
            .map(|(w, h, size)| {
                json!({"file_id": format!("AgACAgIAAxkBAAI{update_id}x{w}"),
                    "file_unique_id": format!("AQAD{update_id}x{w}"), "file_size": size, "width": w, "height": h})
            })
            .collect();
        json!({"update_id": update_id, "message": {
            "message_id": update_id % 1_000_000, "date": now_unix(), "chat": chat(chat_id, username),
            "from": user(user_id, username), "photo": photo, "caption": caption}})
    }

    /// A text in topic `thread_id` of the forum supergroup `chat_id` (`chat.is_forum`,
    /// `message_thread_id`, `is_topic_message`). As Telegram does, the message also carries a
    /// `reply_to_message`: the topic's `forum_topic_created` service message, whose id is the
    /// thread id. (Messages in the General topic carry none of this; build those with
    /// [`Core::message_update`].)
    pub fn topic_update(
        &self,
        token: &str,
        chat_id: i64,
        thread_id: i64,
        user_id: i64,
        username: &str,
        text: &str,
    ) -> Value {
        let update_id = self.next_update_id(token);
        let forum = json!({"id": chat_id, "title": "Sandbox forum", "type": "supergroup", "is_forum": true});
        let now = now_unix();
        json!({"update_id": update_id, "message": {
            "message_id": update_id % 1_000_000, "date": now, "chat": forum.clone(),
            "from": user(user_id, username), "message_thread_id": thread_id, "is_topic_message": true,
            "reply_to_message": {"message_id": thread_id, "date": now - 86_400, "chat": forum,
                "from": user(user_id, username), "message_thread_id": thread_id,
                "forum_topic_created": {"name": "Orders", "icon_color": 7_322_096}},
            "text": text}})
    }

    /// The customer edits message `message_id` to read `text` (`edited_message`, the original
    /// `date` a minute back and an `edit_date` of now).
    pub fn edited_update(
        &self,
        token: &str,
        chat_id: i64,
        user_id: i64,
        username: &str,
        message_id: i64,
        text: &str,
    ) -> Value {
        let update_id = self.next_update_id(token);
        let now = now_unix();
        json!({"update_id": update_id, "edited_message": {
            "message_id": message_id, "date": now - 60, "edit_date": now, "chat": chat(chat_id, username),
            "from": user(user_id, username), "text": text}})
    }

    /// The user sets the reaction `emoji` on message `message_id` (`message_reaction`, which
    /// Telegram sends only to bots that name it in `allowed_updates`).
    pub fn reaction_update(&self, token: &str, chat_id: i64, user_id: i64, message_id: i64, emoji: &str) -> Value {
        let update_id = self.next_update_id(token);
        json!({"update_id": update_id, "message_reaction": {
            "chat": chat(chat_id, "customer"), "message_id": message_id, "user": user(user_id, "customer"),
            "date": now_unix(), "old_reaction": [], "new_reaction": [{"type": "emoji", "emoji": emoji}]}})
    }
}
