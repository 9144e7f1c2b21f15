//! Channels: the tenant's Telegram bots and WhatsApp (Green API) instances, their health, and the
//! sandbox chat.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Telegram,
    Whatsapp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelMode {
    /// Telegram / Green API call our server (needs a public HTTPS address).
    Webhook,
    /// We ask for new messages in a loop (works behind NAT, no public address needed).
    Polling,
}

/// Runtime health: what the owner checks when customers say the bot is silent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelHealth {
    /// `ok`, `unhealthy` or `off`
    pub status: String,
    /// The last problem, in plain words.
    pub last_error: Option<String>,
    pub last_update_at: Option<DateTime<Utc>>,
    pub last_send_at: Option<DateTime<Utc>>,
    /// Received messages not yet handled plus provider messages waiting to go out.
    pub queue_length: u64,
    /// Received updates we could not read in the last 24 hours (kept, never dropped silently).
    #[serde(default)]
    pub unreadable_24h: u64,
    /// Why the latest of them could not be read, in plain words (never its content).
    #[serde(default)]
    pub last_unreadable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Channel {
    pub id: String,
    pub kind: ChannelKind,
    pub name: String,
    pub panel_id: String,
    pub mode: ChannelMode,
    pub enabled: bool,
    /// Switched off because the workspace's plan does not allow it (its medium, or over the
    /// channel limit); it comes back when the plan allows it.
    #[serde(default)]
    pub plan_blocked: bool,
    /// Telegram bot id, or the Green API instance id.
    pub account_id: String,
    /// `@bot_username`, or the instance's WhatsApp number.
    pub account_name: Option<String>,
    pub api_url: String,
    pub media_url: Option<String>,
    /// Telegram only: `true` while group privacy mode is on (the bot sees only commands,
    /// mentions and replies in groups).
    pub privacy_on: Option<bool>,
    /// The path Telegram / Green API call in webhook mode.
    pub webhook_path: String,
    pub health: ChannelHealth,
    pub created_at: DateTime<Utc>,
}

/// Add a Telegram bot: the token from BotFather is checked with getMe, then sealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTelegramChannel {
    pub name: String,
    pub panel_id: String,
    pub token: String,
    pub mode: ChannelMode,
    /// Leave empty for Telegram itself (`https://api.telegram.org`).
    #[serde(default)]
    pub api_url: Option<String>,
}

/// Add a WhatsApp number through Green API: checked with getStateInstance, token sealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWhatsappChannel {
    pub name: String,
    pub panel_id: String,
    pub id_instance: String,
    /// The instance's apiUrl from the Green API console, e.g. `https://7103.api.greenapi.com`.
    pub api_url: String,
    #[serde(default)]
    pub media_url: Option<String>,
    pub token: String,
    pub mode: ChannelMode,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateChannel {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub mode: Option<ChannelMode>,
}

/// The outcome of a check or a test message, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckResult {
    pub ok: bool,
    pub message: String,
}

/// Sandbox: one line of a chat, as the customer or a provider group saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxLine {
    /// `customer` (typed by you), `bot` (our reply), or `provider` (what a provider group got).
    pub from: String,
    /// `telegram` or `whatsapp`
    pub channel: String,
    /// The chat it appeared in (the customer's chat, or the provider group's name).
    pub chat: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxMessage {
    pub channel: ChannelKind,
    pub text: String,
    /// How the customer sends it: plain text, a picture with the text as its caption, or (on
    /// Telegram) a message in a forum group's topic.
    #[serde(default)]
    pub shape: SandboxShape,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SandboxShape {
    #[default]
    Text,
    PictureWithCaption,
    ForumTopic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxTranscript {
    /// The panel username the sandbox customer is linked to.
    pub customer: String,
    /// Order ids to try, with their status on the fake panel.
    pub sample_orders: Vec<String>,
    pub lines: Vec<SandboxLine>,
}
