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
    /// `telegram` or `whatsapp`
    pub kind: String,
    pub name: String,
    /// `webhook` or `polling`
    pub mode: String,
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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
