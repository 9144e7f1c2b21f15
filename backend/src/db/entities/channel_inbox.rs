use sea_orm::entity::prelude::*;

/// One received update or notification, stored before it is acknowledged; unique per
/// (channel, message key), which is what makes a redelivery count once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_inbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub channel_id: String,
    pub message_key: String,
    pub body: String,
    /// `new`, `done` or `failed`
    pub status: String,
    pub attempts: i32,
    pub error: Option<String>,
    pub received_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
