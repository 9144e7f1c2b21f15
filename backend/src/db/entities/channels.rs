use sea_orm::entity::prelude::*;

/// A tenant's Telegram bot or Green API WhatsApp instance, bound to one panel. The token and the
/// webhook secret are sealed (see `crate::secrets`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub panel_id: String,
    pub kind: Kind,
    pub name: String,
    pub mode: Mode,
    pub enabled: bool,
    pub api_url: String,
    pub media_url: Option<String>,
    /// Telegram bot id, or Green API `idInstance`.
    pub account_id: String,
    /// Bot username, or the instance's WhatsApp number.
    pub account_name: Option<String>,
    pub token_sealed: String,
    pub hook_secret_sealed: Option<String>,
    /// Telegram: the next getUpdates offset, persisted after each batch is stored.
    pub poll_offset: i64,
    pub privacy_on: Option<bool>,
    /// `ok`, `unhealthy` or `off`
    pub status: String,
    pub status_reason: Option<String>,
    pub last_update_at: Option<DateTimeUtc>,
    pub last_send_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Switched off because the workspace's plan does not allow it (its medium, or over the
    /// channel limit); switched on again when the plan allows it. Never deleted by a plan.
    pub plan_blocked: bool,
}

/// Which messenger a channel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Kind {
    #[sea_orm(string_value = "telegram")]
    Telegram,
    #[sea_orm(string_value = "whatsapp")]
    Whatsapp,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Whatsapp => "whatsapp",
        }
    }
}

/// How updates arrive: pushed to our webhook, or fetched by long polling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Mode {
    #[sea_orm(string_value = "webhook")]
    Webhook,
    #[sea_orm(string_value = "polling")]
    Polling,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Polling => "polling",
        }
    }
}

impl From<Kind> for shared::channels::ChannelKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Telegram => Self::Telegram,
            Kind::Whatsapp => Self::Whatsapp,
        }
    }
}

impl From<Mode> for shared::channels::ChannelMode {
    fn from(m: Mode) -> Self {
        match m {
            Mode::Webhook => Self::Webhook,
            Mode::Polling => Self::Polling,
        }
    }
}

impl From<shared::channels::ChannelMode> for Mode {
    fn from(m: shared::channels::ChannelMode) -> Self {
        match m {
            shared::channels::ChannelMode::Webhook => Self::Webhook,
            shared::channels::ChannelMode::Polling => Self::Polling,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
