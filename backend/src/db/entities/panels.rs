use sea_orm::entity::prelude::*;

/// A tenant's panel connection. Keys are sealed (see `crate::secrets`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub kind: String,
    pub admin_base_url: String,
    pub admin_key_sealed: String,
    pub user_api_url: Option<String>,
    pub user_api_key_sealed: Option<String>,
    pub rps: i32,
    pub timeout_secs: i32,
    pub orders_user_param: String,
    pub v2_bulk_ids: bool,
    pub last_test_outcome: Option<String>,
    pub last_tested_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// How often the scheduler re-reads the service list (advanced rules), in hours; 0 = never.
    pub services_refresh_hours: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
