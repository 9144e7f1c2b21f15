use sea_orm::entity::prelude::*;

/// What became of one customer message on a panel ticket; unique per (panel, ticket, message).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_activity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub panel_id: String,
    pub ticket_id: String,
    pub message_key: String,
    pub at: DateTimeUtc,
    pub subject: String,
    pub username: Option<String>,
    pub outcome: String,
    pub rule: Option<i32>,
    pub command: String,
    /// JSON array of order ids.
    pub order_ids: String,
    pub detail: String,
    pub command_id: Option<String>,
    pub reply: String,
    pub reply_state: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
