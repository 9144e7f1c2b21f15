use sea_orm::entity::prelude::*;

/// An invoice: numbered gap-free per year (`PR-2026-000123`), with copies of what it was made
/// from (plan, method, workspace name), so it reads the same after they change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub number: String,
    pub year: i32,
    pub seq: i32,
    pub tenant_id: Option<String>,
    pub tenant_name: String,
    pub plan_id: String,
    pub plan_name: String,
    pub months: i32,
    pub amount: i64,
    pub currency: String,
    pub method_id: String,
    pub method_name: String,
    pub instructions: String,
    /// `open`, `submitted`, `paid`, `rejected`, `cancelled`, `expired`.
    pub status: String,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub reject_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
