//! Where the channels hand over a message: dedupe before anything else, then who is asking,
//! then the command pipeline. Returns the reply to send back, if any.
use super::domain::{ChatType, Decision, ReplyKind, decide};
use super::repo;
use crate::commands::pipeline::{Inbound, handle_inbound};
use crate::commands::routing::render;
use crate::error::AppError;
use crate::state::AppState;

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
}

pub async fn receive(state: &AppState, msg: ChannelMessage) -> Result<Option<String>, AppError> {
    let first = {
        let _writer = state.write_gate().await;
        repo::first_delivery(&state.db, &msg.tenant_id, &msg.channel, &msg.source, &msg.message_key).await?
    };
    if !first {
        return Ok(None); // a redelivery: acknowledged, ignored
    }
    if msg.from_bot {
        return Ok(None);
    }
    let text: String = msg.text.chars().take(MAX_TEXT_CHARS).collect();
    let is_admin = repo::is_admin_chat(&state.db, &msg.tenant_id, &msg.channel, &msg.chat_id).await?;
    let link = repo::link_of(&state.db, &msg.tenant_id, &msg.panel_id, &msg.channel, &msg.sender_id).await?;
    let config = crate::commands::cache::tenant_config(state, &msg.tenant_id).await?;
    let grammar = shared::grammar::GrammarSettings {
        extra_words: config.settings.extra_words.iter().map(|w| (w.command, w.word.clone())).collect(),
        max_ids: config.settings.max_ids.clamp(1, 500),
    };
    let is_command = shared::grammar::parse_command(&text, &grammar).command != shared::grammar::Command::Silent;
    let t = &config.templates;
    match decide(msg.chat_type, is_admin, &repo::state_of(link.as_ref()), &text, is_command) {
        Decision::Ignore => Ok(None),
        Decision::Reply(kind) => Ok(Some(match kind {
            ReplyKind::LinkRequired => t.link_required.clone(),
            ReplyKind::LinkPending => t.link_pending.clone(),
            ReplyKind::LinkConflict => t.link_conflict.clone(),
            ReplyKind::LinkReceived => {
                render(&t.link_received, &[("username", link.map(|l| l.username).unwrap_or_default())])
            }
        })),
        Decision::RequestLink(username) => {
            let _writer = state.write_gate().await;
            repo::request_link(
                &state.db,
                &msg.tenant_id,
                &msg.panel_id,
                &msg.channel,
                &msg.sender_id,
                &username,
                "pending",
            )
            .await?;
            Ok(Some(render(&t.link_received, &[("username", username)])))
        }
        Decision::Handle { username } => {
            let inbound = Inbound {
                tenant_id: msg.tenant_id,
                panel_id: msg.panel_id,
                channel: msg.channel,
                chat: msg.chat_id,
                text,
                username,
                dry_run: false,
            };
            let result = handle_inbound(state, inbound).await?;
            Ok(Some(result.reply).filter(|r| !r.is_empty()))
        }
    }
}
