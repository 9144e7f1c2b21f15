use sea_orm::entity::prelude::*;

/// Every customer request and what was decided.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "command_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub panel_id: Option<String>,
    pub channel: String,
    pub chat: String,
    pub text: String,
    pub command: String,
    pub order_ids: String,
    pub outcome: String,
    pub verdicts: String,
    pub reply: String,
    pub dry_run: bool,
    pub created_at: DateTimeUtc,
    /// Plain words about a panel error met while checking (never an address).
    pub problem: Option<String>,
    /// Telegram forum topic the request was asked in (replies and notices go there).
    pub reply_thread: Option<i64>,
    /// The customer's message id in the chat (replies and notices quote it in groups).
    pub reply_message: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
