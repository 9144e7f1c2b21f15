use sea_orm::entity::prelude::*;

/// A scheduled job: when it runs next, who runs it now (a lease), and how its last run ended.
/// Platform jobs have no tenant; a panel's service-list refresh names its workspace and panel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheduled_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub kind: String,
    pub tenant_id: Option<String>,
    pub subject_id: Option<String>,
    pub interval_ms: i64,
    pub next_run_at: DateTimeUtc,
    pub holder: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub last_started_at: Option<DateTimeUtc>,
    pub last_finished_at: Option<DateTimeUtc>,
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub last_duration_ms: Option<i64>,
    pub runs: i64,
    pub failures: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
