use sea_orm::entity::prelude::*;

/// One chat message in or out (also the ignored ones, with why); kept for the retention setting.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub at: DateTimeUtc,
    pub channel: String,
    pub direction: String,
    pub chat: String,
    pub sender: String,
    pub body: String,
    pub outcome: String,
    pub reason: String,
    pub command_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
