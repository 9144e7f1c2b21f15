use sea_orm::entity::prelude::*;

/// What a workspace may use and what it costs (see `shared::billing`). Mediums and modules are
/// comma-separated keys.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub description: String,
    pub currency: String,
    pub price_month: i64,
    pub price3_months: Option<i64>,
    pub price12_months: Option<i64>,
    pub mediums: String,
    pub modules: String,
    pub limit_panels: Option<i32>,
    pub limit_channels: Option<i32>,
    pub limit_linked_chats: Option<i32>,
    pub limit_commands: Option<i32>,
    pub trial_days: i32,
    pub signup: bool,
    pub archived: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
