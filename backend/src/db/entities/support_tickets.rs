use sea_orm::entity::prelude::*;

/// A SaaS support ticket between a workspace and the platform (`open`, `answered`, `closed`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_tickets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub subject: String,
    pub status: String,
    pub opened_by: String,
    /// Platform replies the workspace has not opened yet.
    pub unread_owner: i32,
    /// Workspace messages the platform has not opened yet.
    pub unread_admin: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
