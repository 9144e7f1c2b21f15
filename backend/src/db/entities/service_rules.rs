use sea_orm::entity::prelude::*;

/// A service synced from the panel's list, with the owner's overrides.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "service_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub panel_id: String,
    pub service_id: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub refill_override: Option<String>,
    pub start_override_hours: Option<f64>,
    pub refill_on_partial: Option<bool>,
    pub cancel_allowed: Option<bool>,
    pub synced_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
