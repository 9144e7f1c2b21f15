use sea_orm::entity::prelude::*;

/// The ticket medium of one panel: the owner's settings and its runner's lease and health.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_intake")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub panel_id: String,
    pub tenant_id: String,
    pub enabled: bool,
    pub interval_secs: i32,
    pub since: Option<DateTimeUtc>,
    pub reply_enabled: bool,
    pub get_path: String,
    pub reply_path: String,
    pub reply_field: String,
    pub detail_missing: bool,
    pub lease_holder: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub next_run_at: Option<DateTimeUtc>,
    pub last_run_at: Option<DateTimeUtc>,
    pub last_ok_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub failures: i32,
    pub tickets_seen: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
