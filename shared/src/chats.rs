//! Customer chats linked to panel usernames, and admin chats.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A customer's chat linked to a panel username.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatLink {
    pub id: String,
    pub panel_id: String,
    /// `telegram` or `whatsapp`
    pub channel: String,
    /// The customer's Telegram user id or WhatsApp id (`79001234567@c.us`).
    pub sender_id: String,
    pub username: String,
    /// `pending`, `approved` or `rejected`
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveChatLink {
    pub panel_id: String,
    pub channel: String,
    pub sender_id: String,
    pub username: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateChatLink {
    #[serde(default)]
    pub username: Option<String>,
    /// `approved` or `rejected`
    #[serde(default)]
    pub status: Option<String>,
}

/// A chat whose members may act on any order (support staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminChat {
    pub id: String,
    pub channel: String,
    pub chat_id: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveAdminChat {
    pub channel: String,
    pub chat_id: String,
    pub label: String,
}
