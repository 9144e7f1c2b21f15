//! Destinations, provider routes and service-ID rules: storage only, the tenant id first.
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::commands::{CommandSettings, Destination, DestinationKind, RouteTemplates, ServiceRoute};

use super::domain::{DestinationInfo, RoutingTable};
use crate::db::entities::{destinations, provider_routes, service_routes};
use crate::db::{new_id, now};
use crate::error::AppError;

pub fn kind_to_db(k: DestinationKind) -> &'static str {
    match k {
        DestinationKind::WhatsappGroup => "whatsapp_group",
        DestinationKind::WhatsappNumber => "whatsapp_number",
        DestinationKind::TelegramGroup => "telegram_group",
        DestinationKind::TelegramUser => "telegram_user",
    }
}

pub fn kind_from_db(s: &str) -> DestinationKind {
    match s {
        "whatsapp_group" => DestinationKind::WhatsappGroup,
        "whatsapp_number" => DestinationKind::WhatsappNumber,
        "telegram_user" => DestinationKind::TelegramUser,
        _ => DestinationKind::TelegramGroup,
    }
}

pub fn destination_dto(d: destinations::Model) -> Destination {
    Destination {
        kind: kind_from_db(&d.kind),
        id: d.id,
        name: d.name,
        address: d.address,
        enabled: d.enabled,
        created_at: d.created_at,
    }
}

pub fn service_route_dto(r: service_routes::Model) -> ServiceRoute {
    ServiceRoute {
        id: r.id,
        panel_id: r.panel_id.unwrap_or_default(),
        service_id: r.service_id,
        destination_id: r.destination_id,
        enabled: r.enabled,
    }
}

pub async fn destinations(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<destinations::Model>, AppError> {
    Ok(destinations::Entity::find()
        .filter(destinations::Column::TenantId.eq(tenant_id))
        .order_by_asc(destinations::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn destination(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    id: &str,
) -> Result<destinations::Model, AppError> {
    destinations::Entity::find_by_id(id.to_string())
        .filter(destinations::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("destination"))
}

/// What a destination is, as the owner saved it (validated by `domain::clean_destination`).
pub struct NewDestination {
    pub name: String,
    pub kind: DestinationKind,
    pub address: String,
    pub enabled: bool,
}

pub async fn insert_destination(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    d: NewDestination,
) -> Result<destinations::Model, AppError> {
    Ok(destinations::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        name: Set(d.name),
        kind: Set(kind_to_db(d.kind).to_string()),
        address: Set(d.address),
        enabled: Set(d.enabled),
        created_at: Set(now()),
    }
    .insert(db)
    .await?)
}

pub async fn update_destination(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    id: &str,
    d: NewDestination,
) -> Result<destinations::Model, AppError> {
    let mut active: destinations::ActiveModel = destination(db, tenant_id, id).await?.into();
    active.name = Set(d.name);
    active.kind = Set(kind_to_db(d.kind).to_string());
    active.address = Set(d.address);
    active.enabled = Set(d.enabled);
    Ok(active.update(db).await?)
}

/// The destination and every route to it, in one transaction.
pub async fn delete_destination(db: &crate::db::Db, tenant_id: &str, id: &str) -> Result<(), AppError> {
    db.transaction(async |txn| {
        let row = destination(txn, tenant_id, id).await?;
        provider_routes::Entity::delete_many()
            .filter(provider_routes::Column::TenantId.eq(tenant_id))
            .filter(provider_routes::Column::DestinationId.eq(row.id.clone()))
            .exec(txn)
            .await?;
        service_routes::Entity::delete_many()
            .filter(service_routes::Column::TenantId.eq(tenant_id))
            .filter(service_routes::Column::DestinationId.eq(row.id.clone()))
            .exec(txn)
            .await?;
        destinations::Entity::delete_by_id(row.id).exec(txn).await?;
        Ok(())
    })
    .await
}

pub async fn provider_routes(
    db: &impl ConnectionTrait,
    tenant_id: &str,
) -> Result<Vec<provider_routes::Model>, AppError> {
    Ok(provider_routes::Entity::find().filter(provider_routes::Column::TenantId.eq(tenant_id)).all(db).await?)
}

/// Creates or replaces the route of one provider.
pub async fn save_provider_route(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    provider_id: &str,
    destination_id: &str,
    enabled: bool,
    templates: &RouteTemplates,
) -> Result<(), AppError> {
    let existing = provider_routes::Entity::find()
        .filter(provider_routes::Column::TenantId.eq(tenant_id))
        .filter(provider_routes::Column::ProviderId.eq(provider_id))
        .one(db)
        .await?;
    let templates = serde_json::to_string(templates).unwrap_or_default();
    match existing {
        Some(row) => {
            let mut active: provider_routes::ActiveModel = row.into();
            active.destination_id = Set(destination_id.to_string());
            active.enabled = Set(enabled);
            active.templates = Set(templates);
            active.update(db).await?;
        }
        None => {
            provider_routes::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(tenant_id.to_string()),
                provider_id: Set(provider_id.to_string()),
                destination_id: Set(destination_id.to_string()),
                enabled: Set(enabled),
                templates: Set(templates),
                created_at: Set(now()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

pub async fn service_routes(
    db: &impl ConnectionTrait,
    tenant_id: &str,
) -> Result<Vec<service_routes::Model>, AppError> {
    Ok(service_routes::Entity::find()
        .filter(service_routes::Column::TenantId.eq(tenant_id))
        .order_by_asc(service_routes::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn service_route(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    id: &str,
) -> Result<service_routes::Model, AppError> {
    service_routes::Entity::find_by_id(id.to_string())
        .filter(service_routes::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("service rule"))
}

fn taken(e: sea_orm::DbErr) -> AppError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict("this panel already has a rule for that service id; edit that rule instead".into())
        }
        _ => e.into(),
    }
}

/// A new service-ID rule; a second rule for the same (panel, service id) is refused.
pub async fn insert_service_route(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    service_id: &str,
    destination_id: &str,
    enabled: bool,
) -> Result<service_routes::Model, AppError> {
    service_routes::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        panel_id: Set(Some(panel_id.to_string())),
        service_id: Set(service_id.to_string()),
        destination_id: Set(destination_id.to_string()),
        enabled: Set(enabled),
        created_at: Set(now()),
    }
    .insert(db)
    .await
    .map_err(taken)
}

pub async fn update_service_route(
    db: &impl ConnectionTrait,
    row: service_routes::Model,
    change: impl FnOnce(&mut service_routes::ActiveModel),
) -> Result<service_routes::Model, AppError> {
    let mut active: service_routes::ActiveModel = row.into();
    change(&mut active);
    active.update(db).await.map_err(taken)
}

pub async fn delete_service_route(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<(), AppError> {
    let result = service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(tenant_id))
        .filter(service_routes::Column::Id.eq(id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 { Err(AppError::NotFound("service rule")) } else { Ok(()) }
}

/// A Telegram group upgraded to a supergroup: its destinations get the new chat id.
pub async fn readdress_telegram_group(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    old: &str,
    new: i64,
) -> Result<u64, AppError> {
    use sea_orm::sea_query::Expr;
    Ok(destinations::Entity::update_many()
        .col_expr(destinations::Column::Address, Expr::value(new.to_string()))
        .filter(destinations::Column::TenantId.eq(tenant_id))
        .filter(destinations::Column::Address.eq(old))
        .filter(destinations::Column::Kind.eq(kind_to_db(DestinationKind::TelegramGroup)))
        .exec(db)
        .await?
        .rows_affected)
}

/// Everything routing needs, in one read.
pub async fn routing_table(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    settings: &CommandSettings,
) -> Result<RoutingTable, AppError> {
    let mut table = RoutingTable {
        manual_destination: settings.manual_destination_id.clone(),
        fallback_destination: settings.fallback_destination_id.clone(),
        ..Default::default()
    };
    for d in destinations(db, tenant_id).await? {
        let info = DestinationInfo {
            kind: kind_from_db(&d.kind),
            id: d.id.clone(),
            name: d.name,
            address: d.address,
            enabled: d.enabled,
        };
        table.destinations.insert(d.id, info);
    }
    for r in service_routes(db, tenant_id).await? {
        if let Some(panel_id) = r.panel_id {
            table.service_routes.insert((panel_id, r.service_id), (r.destination_id, r.enabled));
        }
    }
    for r in provider_routes(db, tenant_id).await? {
        let templates: RouteTemplates = serde_json::from_str(&r.templates).unwrap_or_default();
        table.provider_routes.insert(r.provider_id, (r.destination_id, r.enabled, templates));
    }
    Ok(table)
}
