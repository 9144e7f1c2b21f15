use sea_orm::entity::prelude::*;

/// Who revealed which backup, and when.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "backup_reveals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub backup_id: String,
    pub admin_user_id: String,
    pub admin_email: String,
    pub revealed_at: DateTimeUtc,
    /// Why the master admin opened it (asked on every reveal).
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
