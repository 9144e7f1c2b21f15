//! Where the channels hand over a message: dedupe before anything else, then who is asking,
//! then the command pipeline. Returns the reply to send back, if any.
use super::domain::{ChatType, Decision, ReplyKind, decide};
use super::repo;
use crate::commands::engine::Engine;
use crate::commands::pipeline::{DeliveryKey, Inbound, handle_parsed};
use crate::db::entities::chat_links::LinkStatus;
use crate::dispatch::sender::ReplyTo;
use crate::error::AppError;
use shared::templates::render;

/// Longest text we read; longer messages are cut (never refused: nothing accepted is lost).
pub const MAX_TEXT_CHARS: usize = 5_000;

#[derive(Debug, Clone)]
pub struct ChannelMessage {
    pub tenant_id: String,
    /// The panel the bot or number is bound to.
    pub panel_id: String,
    /// `telegram` or `whatsapp`
    pub channel: String,
    /// The bot or instance the message came through.
    pub source: String,
    /// Update id / message id: unique per source.
    pub message_key: String,
    pub chat_id: String,
    pub chat_type: ChatType,
    /// The customer (Telegram user id, WhatsApp `…@c.us`).
    pub sender_id: String,
    pub from_bot: bool,
    pub text: String,
    /// The customer's message id in the chat; for an edit, the id of the message edited.
    pub message_id: String,
    /// The Telegram forum topic it was written in.
    pub thread_id: Option<i64>,
    /// An edit of an earlier message: read only by the edit rule.
    pub edited: bool,
}

impl ChannelMessage {
    /// One request per customer message, whatever edits follow: recorded with the command, so
    /// the original and its edits can never become two requests.
    fn request_key(&self) -> String {
        format!("r:{}:{}", self.chat_id, self.message_id).chars().take(128).collect()
    }

    /// Where answers go: the topic it was asked in, quoting the message in a group.
    fn reply_to(&self) -> ReplyTo {
        ReplyTo {
            thread: self.thread_id,
            message: (self.chat_type == ChatType::Group && !self.message_id.is_empty())
                .then(|| self.message_id.clone()),
        }
    }
}

/// The answer to a customer message, and where in the chat it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub to: ReplyTo,
}

/// A message is handled once: its delivery key is written in the same transaction as what it
/// became (the command, the link request, or the record that it needed only a reply), so a
/// process killed half way handles it again after the restart, and a second copy finds the key.
///
/// The edit rule (both channels): an edit is read again only while the message has not become a
/// request. If the edit makes it one, it is handled like a new message; an edit of a message
/// that already became a request (or of one an earlier edit turned into a request) is ignored,
/// and edits never get the template replies (link required, pending…) a second time.
pub async fn receive(engine: &Engine, msg: ChannelMessage) -> Result<Option<Reply>, AppError> {
    let at = crate::db::now();
    let skipped = if msg.from_bot {
        Some("a bot's message (our own echo)")
    } else if repo::delivered_before(&engine.db, &msg.tenant_id, &msg.channel, &msg.source, &msg.message_key).await? {
        Some("duplicate: this delivery was handled before")
    } else if msg.edited
        && repo::delivered_before(&engine.db, &msg.tenant_id, &msg.channel, &msg.source, &msg.request_key()).await?
    {
        Some("an edit of a message that already became a request")
    } else {
        None
    };
    if let Some(why) = skipped {
        // Our own echo, a redelivery, or an edit of a request: acknowledged, ignored, logged.
        let outcome = if why.starts_with("duplicate") { "duplicate" } else { "ignored" };
        log_in(engine, &msg, Note::new(outcome, why), at).await;
        return Ok(None);
    }
    let to = msg.reply_to();
    let logged = msg.clone();
    let (reply, note) = decide_and_act(engine, msg).await?;
    log_in(engine, &logged, note, at).await;
    Ok(reply.filter(|r| !r.is_empty()).map(|text| Reply { text, to }))
}

/// What became of a message, for the message log.
struct Note {
    outcome: &'static str,
    reason: String,
    command_id: Option<String>,
}

impl Note {
    fn new(outcome: &'static str, reason: impl Into<String>) -> Self {
        Self { outcome, reason: reason.into(), command_id: None }
    }
}

async fn log_in(engine: &Engine, msg: &ChannelMessage, note: Note, at: chrono::DateTime<chrono::Utc>) {
    let entry = crate::logs::messages::Entry {
        tenant_id: msg.tenant_id.clone(),
        channel: msg.channel.clone(),
        direction: "in",
        chat: msg.chat_id.clone(),
        sender: msg.sender_id.clone(),
        text: msg.text.clone(),
        outcome: note.outcome,
        reason: if msg.edited { format!("edited · {}", note.reason) } else { note.reason },
        command_id: note.command_id,
    };
    crate::logs::messages::record(&engine.db, entry, at).await;
}

async fn decide_and_act(engine: &Engine, msg: ChannelMessage) -> Result<(Option<String>, Note), AppError> {
    let text: String = msg.text.chars().take(MAX_TEXT_CHARS).collect();
    let is_admin = repo::is_admin_chat(&engine.db, &msg.tenant_id, &msg.channel, &msg.chat_id).await?;
    let link = repo::link_of(&engine.db, &msg.tenant_id, &msg.panel_id, &msg.channel, &msg.sender_id).await?;
    let config = engine.config(&msg.tenant_id).await?;
    let parsed = shared::grammar::parse_command(&text, &crate::settings::domain::grammar(&config.settings));
    let is_command = parsed.command != shared::grammar::Command::Silent;
    let t = &config.templates;
    let decision = match decide(msg.chat_type, is_admin, &repo::state_of(link.as_ref()), &text, is_command) {
        Decision::Reply(_) if msg.edited => Decision::Ignore,
        d => d,
    };
    if matches!(decision, Decision::Ignore | Decision::Reply(_)) && !first_delivery(engine, &msg).await? {
        return Ok((None, Note::new("duplicate", "duplicate: this delivery was handled before")));
    }
    match decision {
        Decision::Ignore => {
            let why = match (is_command, msg.chat_type) {
                (_, ChatType::Group) if link.is_none() => "an unlinked user in a group",
                (false, _) => "not a command",
                _ => "ignored (a link request in a group, or an edit)",
            };
            Ok((None, Note::new("ignored", why)))
        }
        Decision::Reply(kind) => {
            let (text, why) = match kind {
                ReplyKind::LinkRequired => (t.link_required.clone(), "a command from an unlinked chat: link required"),
                ReplyKind::LinkPending => (t.link_pending.clone(), "the chat's link is waiting for approval"),
                ReplyKind::LinkConflict => (t.link_conflict.clone(), "the chat is linked to another username"),
                ReplyKind::LinkReceived => (
                    render(&t.link_received, &[("username", link.map(|l| l.username).unwrap_or_default())]),
                    "a link request that was received before",
                ),
            };
            Ok((Some(text), Note::new("reply", why)))
        }
        Decision::RequestLink(username) => {
            let (tenant, panel, sender) = (&msg.tenant_id, &msg.panel_id, &msg.sender_id);
            let first = engine
                .db
                .transaction(async |txn| {
                    if !repo::first_delivery(txn, tenant, &msg.channel, &msg.source, &msg.message_key).await? {
                        return Ok(false);
                    }
                    repo::request_link(txn, tenant, panel, &msg.channel, sender, &username, LinkStatus::Pending)
                        .await?;
                    Ok(true)
                })
                .await?;
            let note = match first {
                true => Note::new("link", format!("link request for {username}")),
                false => Note::new("duplicate", "duplicate: this delivery was handled before"),
            };
            Ok((first.then(|| render(&t.link_received, &[("username", username)])), note))
        }
        Decision::Handle { username } => {
            let channel_kind = msg.channel.clone();
            let (request_key, reply) = (msg.request_key(), msg.reply_to());
            let inbound = Inbound {
                tenant_id: msg.tenant_id,
                panel_id: msg.panel_id,
                channel: msg.channel,
                chat: msg.chat_id,
                text,
                username,
                dry_run: false,
                delivery: Some(DeliveryKey {
                    channel: channel_kind,
                    source: msg.source,
                    message_key: msg.message_key,
                    request_key: Some(request_key),
                }),
                reply,
            };
            let asked = parsed.command;
            let result = handle_parsed(engine, &config, inbound, parsed).await?;
            let note = if asked == shared::grammar::Command::Silent {
                Note::new("ignored", "not a command")
            } else if result.command_id.is_none() {
                Note::new("duplicate", "duplicate: this message became a request before")
            } else if asked.takes_ids() && result.verdicts.is_empty() {
                Note { outcome: "paused", reason: "paused: nothing was sent".into(), command_id: result.command_id }
            } else {
                Note { outcome: "command", reason: result.command.as_str().to_string(), command_id: result.command_id }
            };
            Ok((Some(result.reply), note))
        }
    }
}

/// Records a message that needs no command (ignored, or answered with a template).
async fn first_delivery(engine: &Engine, msg: &ChannelMessage) -> Result<bool, AppError> {
    let (tenant, channel, source, key) = (&msg.tenant_id, &msg.channel, &msg.source, &msg.message_key);
    engine.db.write(async |db| repo::first_delivery(db, tenant, channel, source, key).await).await
}
