use sea_orm::entity::prelude::*;

/// The last fingerprint of a panel ticket: an unchanged ticket is not read again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_seen")]
pub struct Model {
    /// `{panel_id}:{ticket_id}`
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub panel_id: String,
    pub ticket_id: String,
    pub fingerprint: String,
    pub seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
