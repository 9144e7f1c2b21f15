use sea_orm::entity::prelude::*;

/// A workspace's plan and until when it is paid (or on trial). The status is computed from these
/// dates at every read (`shared::billing::status_at`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: String,
    pub plan_id: String,
    pub trial: bool,
    pub period_end: DateTimeUtc,
    pub suspended: bool,
    pub suspended_reason: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
