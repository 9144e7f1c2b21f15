use sea_orm::entity::prelude::*;

/// A service id of one panel routed to a destination, overriding the provider's route.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_routes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    /// Always set (older rows were copied to each panel by migration m0008).
    pub panel_id: Option<String>,
    pub service_id: String,
    pub destination_id: String,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
