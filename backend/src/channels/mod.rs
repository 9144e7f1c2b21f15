//! The tenant's channels: Telegram bots (teloxide) and Green API WhatsApp instances, each bound to
//! one panel. `telegram` and `greenapi` are the clients and the parsers of what they deliver;
//! `repo` stores channels (tokens sealed) and the durable inbox; `routes` holds the owner's REST
//! API and `webhook_routes` the two webhook receivers; `pollers` long-polls; `runtime` processes the inbox and is the
//! production `Sender` (rate limits, 429 handling, splitting).
mod activation;
pub mod claims;
pub mod greenapi;
mod handle;
pub mod inbox;
mod limits;
pub mod pollers;
mod reading;
pub mod repo;
pub mod routes;
pub mod runtime;
pub mod telegram;
pub mod webhook_cache;
pub mod webhook_routes;

pub use handle::Channels;

/// A customer's message as the engine reads it, from either channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub chat_id: String,
    pub chat_type: crate::chats::domain::ChatType,
    /// The customer (Telegram user id, WhatsApp `…@c.us`).
    pub sender_id: String,
    pub from_bot: bool,
    /// The text, or the caption of a picture, video or document.
    pub text: String,
    /// The customer's message id in the chat; for an edit, the id of the message edited.
    pub message_id: String,
    /// The Telegram forum topic it was written in.
    pub thread_id: Option<i64>,
    /// An edit of an earlier message (handled by the edit rule).
    pub edited: bool,
}

/// What a stored update is for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A customer's text (or caption).
    Message(Incoming),
    /// Something we do not act on, on purpose: other update kinds, statuses, reactions,
    /// deletions, poll votes, pictures without a caption.
    NotAMessage,
    /// A body we could not read, with the reason (never its content).
    Unreadable(String),
}

/// What a failed call to a channel means for us, in words an owner understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    /// The token or instance credentials are wrong or revoked: the channel stops until fixed.
    #[error("{0}")]
    Credentials(String),
    /// Another program polls this bot, or a webhook is set where we poll.
    #[error("{0}")]
    Conflict(String),
    /// Wait this many seconds, then the same request may be sent again.
    #[error("rate limited: retry after {0} s")]
    RetryAfter(u64),
    /// The chat cannot be reached (bot removed, blocked, chat not found, quota): retrying will not help.
    #[error("{0}")]
    Unreachable(String),
    /// Network trouble, timeouts, 5xx: worth retrying.
    #[error("{0}")]
    Temporary(String),
    /// Telegram: the group became a supergroup with this new chat id; resend there.
    #[error("the group became a supergroup (new chat id {0})")]
    Migrated(i64),
    /// The instance is not linked or is (re)starting.
    #[error("{0}")]
    NotReady(String),
}

impl ChannelError {
    /// A short name of the kind of failure (a metrics label; never the message).
    pub fn kind(&self) -> &'static str {
        match self {
            ChannelError::Credentials(_) => "credentials",
            ChannelError::Conflict(_) => "conflict",
            ChannelError::RetryAfter(_) => "rate_limited",
            ChannelError::Unreachable(_) => "unreachable",
            ChannelError::Temporary(_) => "temporary",
            ChannelError::Migrated(_) => "migrated",
            ChannelError::NotReady(_) => "not_ready",
        }
    }
}

/// Splits `text` into chunks of at most `limit` UTF-16 units (what Telegram counts): at a blank
/// line, else a newline, else a space, else anywhere (never inside a character).
pub fn split_message(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(16);
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if rest.encode_utf16().count() <= limit {
            out.push(rest.to_string());
            break;
        }
        // The longest prefix within the limit, on a char boundary.
        let mut units = 0;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > limit {
                break;
            }
            end = i + c.len_utf8();
        }
        let window = &rest[..end];
        let cut = [window.rfind("\n\n"), window.rfind('\n'), window.rfind(' ')]
            .into_iter()
            .flatten()
            .find(|&i| i > 0)
            .unwrap_or(end);
        let (head, tail) = rest.split_at(cut);
        if !head.trim().is_empty() {
            out.push(head.trim_end().to_string());
        }
        rest = tail.trim_start();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_message;

    #[test]
    fn short_text_is_one_chunk() {
        assert_eq!(split_message("596723 refill", 4000), vec!["596723 refill"]);
    }

    #[test]
    fn long_text_splits_at_lines_within_the_limit() {
        let text: String = (0..900).map(|i| format!("{:06}\n", 500_000 + i)).collect();
        let parts = split_message(&text, 4000);
        assert!(parts.len() >= 2);
        assert!(parts.iter().all(|p| p.encode_utf16().count() <= 4000));
        assert_eq!(parts.join("\n").lines().count(), 900, "nothing lost");
    }

    #[test]
    fn counts_utf16_and_never_splits_a_character() {
        let text = "😀".repeat(3000); // 6000 UTF-16 units, no spaces
        let parts = split_message(&text, 4000);
        assert!(parts.iter().all(|p| p.encode_utf16().count() <= 4000));
        assert_eq!(parts.concat(), text);
    }
}
