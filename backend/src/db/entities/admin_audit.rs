use sea_orm::entity::prelude::*;

/// One master admin action (append-only: nothing updates or deletes these rows).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "admin_audit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub at: DateTimeUtc,
    pub admin_id: String,
    pub admin_email: String,
    pub action: String,
    pub tenant_id: Option<String>,
    pub tenant_name: Option<String>,
    pub subject: String,
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
