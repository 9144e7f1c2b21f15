use sea_orm::entity::prelude::*;

/// A provider the tenant resells from. The domain is sealed and looked up by a keyed hash;
/// tenants only ever see the alias.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "providers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub domain_sealed: String,
    pub domain_hash: String,
    pub alias: String,
    pub enabled: bool,
    pub orders_seen: i64,
    pub last_seen_at: Option<DateTimeUtc>,
    /// `manual`, `order` or `services`: how it was first found.
    pub source: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
