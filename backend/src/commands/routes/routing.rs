//! Destinations, provider routes and service-ID rules.
use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::ApiErrorBody;
use shared::commands::*;

use super::super::repo::{self, destination_dto, kind_to_db};
use crate::auth::domain::clean_name;
use crate::auth::{TenantMember, TenantOwner};
use crate::db::entities::{destinations, provider_routes, service_routes};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_destinations)
        .service(create_destination)
        .service(update_destination)
        .service(delete_destination)
        .service(list_provider_routes)
        .service(put_provider_route)
        .service(list_service_routes)
        .service(create_service_route)
        .service(delete_service_route);
}

fn clean_destination(b: &SaveDestination) -> Result<(String, String), AppError> {
    let name = clean_name(&b.name, "destination name").map_err(AppError::BadRequest)?;
    let address = b.address.trim().to_string();
    let ok = match b.kind {
        DestinationKind::TelegramGroup | DestinationKind::TelegramUser => {
            address.strip_prefix('-').unwrap_or(&address).chars().all(|c| c.is_ascii_digit())
                && !address.trim_start_matches('-').is_empty()
                && address.len() <= 20
        }
        DestinationKind::WhatsappGroup => address.ends_with("@g.us") && address.len() <= 60,
        DestinationKind::WhatsappNumber => {
            let digits = address.trim_end_matches("@c.us").trim_start_matches('+');
            (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        }
    };
    if !ok {
        return Err(AppError::BadRequest(
            "the address must be a Telegram chat id (e.g. -1001234567890), a WhatsApp group id ending in @g.us, or a phone number with country code".into(),
        ));
    }
    Ok((name, address))
}

/// Provider destinations: WhatsApp groups and numbers, Telegram groups and users.
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<Destination>)))]
#[get("/destinations")]
async fn list_destinations(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Destination>>> {
    Ok(web::Json(repo::destinations(&state.db, &member.tenant_id).await?.into_iter().map(destination_dto).collect()))
}

/// Add a destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), request_body = SaveDestination, responses(
    (status = 201, body = Destination), (status = 400, body = ApiErrorBody)))]
#[post("/destinations")]
async fn create_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveDestination>,
) -> AppResult<HttpResponse> {
    let (name, address) = clean_destination(&body)?;
    let row = destinations::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(owner.tenant_id.clone()),
        name: Set(name),
        kind: Set(kind_to_db(body.kind).to_string()),
        address: Set(address),
        enabled: Set(body.enabled),
        created_at: Set(now()),
    }
    .insert(&state.db)
    .await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::Created().json(destination_dto(row)))
}

/// Edit a destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("destination_id" = String, Path)), request_body = SaveDestination,
    responses((status = 200, body = Destination), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/destinations/{destination_id}")]
async fn update_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<SaveDestination>,
) -> AppResult<web::Json<Destination>> {
    let row = repo::destination(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let (name, address) = clean_destination(&body)?;
    let mut active: destinations::ActiveModel = row.into();
    active.name = Set(name);
    active.kind = Set(kind_to_db(body.kind).to_string());
    active.address = Set(address);
    active.enabled = Set(body.enabled);
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(destination_dto(active.update(&state.db).await?)))
}

/// Delete a destination and the routes that use it (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("destination_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/destinations/{destination_id}")]
async fn delete_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = repo::destination(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    provider_routes::Entity::delete_many()
        .filter(provider_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(provider_routes::Column::DestinationId.eq(row.id.clone()))
        .exec(&state.db)
        .await?;
    service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_routes::Column::DestinationId.eq(row.id.clone()))
        .exec(&state.db)
        .await?;
    destinations::Entity::delete_by_id(row.id).exec(&state.db).await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}

/// Every provider alias with its route (destination, toggle, message templates).
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<ProviderRoute>)))]
#[get("/routes/providers")]
async fn list_provider_routes(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<Vec<ProviderRoute>>> {
    let routes = provider_routes::Entity::find()
        .filter(provider_routes::Column::TenantId.eq(member.tenant_id.clone()))
        .all(&state.db)
        .await?;
    let providers = crate::providers::repo::list(&state.db, &member.tenant_id).await?;
    Ok(web::Json(
        providers
            .into_iter()
            .map(|p| {
                let route = routes.iter().find(|r| r.provider_id == p.id);
                ProviderRoute {
                    provider_id: p.id,
                    provider_alias: p.alias,
                    destination_id: route.map(|r| r.destination_id.clone()),
                    enabled: route.is_some_and(|r| r.enabled),
                    templates: route.and_then(|r| serde_json::from_str(&r.templates).ok()).unwrap_or_default(),
                }
            })
            .collect(),
    ))
}

fn check_template(t: &RouteTemplates) -> Result<(), AppError> {
    for text in [&t.refill, &t.speed, &t.cancel] {
        if text.chars().count() > 500 {
            return Err(AppError::BadRequest("a message template must have at most 500 characters".into()));
        }
        if !text.trim().is_empty() && !text.contains("{external_id") && !text.contains("{order_id") {
            return Err(AppError::BadRequest("a message template must contain {external_ids} (or {order_ids})".into()));
        }
    }
    Ok(())
}

/// Route a provider alias to a destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("provider_id" = String, Path)), request_body = SaveProviderRoute,
    responses((status = 200, body = ProviderRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/routes/providers/{provider_id}")]
async fn put_provider_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<SaveProviderRoute>,
) -> AppResult<web::Json<ProviderRoute>> {
    let b = body.into_inner();
    let provider = crate::providers::repo::get(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    repo::destination(&state.db, &owner.tenant_id, &b.destination_id).await?;
    check_template(&b.templates)?;
    let existing = provider_routes::Entity::find()
        .filter(provider_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(provider_routes::Column::ProviderId.eq(provider.id.clone()))
        .one(&state.db)
        .await?;
    let templates = serde_json::to_string(&b.templates).unwrap_or_default();
    match existing {
        Some(row) => {
            let mut active: provider_routes::ActiveModel = row.into();
            active.destination_id = Set(b.destination_id.clone());
            active.enabled = Set(b.enabled);
            active.templates = Set(templates);
            active.update(&state.db).await?;
        }
        None => {
            provider_routes::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(owner.tenant_id.clone()),
                provider_id: Set(provider.id.clone()),
                destination_id: Set(b.destination_id.clone()),
                enabled: Set(b.enabled),
                templates: Set(templates),
                created_at: Set(now()),
            }
            .insert(&state.db)
            .await?;
        }
    }
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(ProviderRoute {
        provider_id: provider.id,
        provider_alias: provider.alias,
        destination_id: Some(b.destination_id),
        enabled: b.enabled,
        templates: b.templates,
    }))
}

fn service_route_dto(r: service_routes::Model) -> ServiceRoute {
    ServiceRoute { id: r.id, service_id: r.service_id, destination_id: r.destination_id, enabled: r.enabled }
}

/// Service-ID rules: a service id that always goes to one destination.
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<ServiceRoute>)))]
#[get("/routes/services")]
async fn list_service_routes(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<Vec<ServiceRoute>>> {
    let rows = service_routes::Entity::find()
        .filter(service_routes::Column::TenantId.eq(member.tenant_id))
        .order_by_asc(service_routes::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(service_route_dto).collect()))
}

/// Add or replace a service-ID rule (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), request_body = SaveServiceRoute, responses(
    (status = 201, body = ServiceRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/routes/services")]
async fn create_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveServiceRoute>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let service_id = b.service_id.trim().to_string();
    if service_id.is_empty() || service_id.len() > 20 || !service_id.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::BadRequest("the service id is the number from your panel's Services page".into()));
    }
    repo::destination(&state.db, &owner.tenant_id, &b.destination_id).await?;
    service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_routes::Column::ServiceId.eq(service_id.clone()))
        .exec(&state.db)
        .await?;
    let row = service_routes::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(owner.tenant_id.clone()),
        service_id: Set(service_id),
        destination_id: Set(b.destination_id),
        enabled: Set(b.enabled),
        created_at: Set(now()),
    }
    .insert(&state.db)
    .await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::Created().json(service_route_dto(row)))
}

/// Remove a service-ID rule (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("route_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/routes/services/{route_id}")]
async fn delete_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let result = service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_routes::Column::Id.eq(path.into_inner()))
        .exec(&state.db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound("service rule"));
    }
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}
