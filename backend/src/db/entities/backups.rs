use sea_orm::entity::prelude::*;

/// The master admin's append-only backup record. No foreign keys: it outlives what it describes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "backups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub tenant_name: String,
    /// `panel`, `provider` or `provider_renamed`.
    pub kind: String,
    pub panel_name: Option<String>,
    pub alias: Option<String>,
    /// A rename: the alias it replaced.
    pub previous_alias: Option<String>,
    /// JSON `{admin_base_url?, domain?}` sealed with the backup key scope.
    pub sealed: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
