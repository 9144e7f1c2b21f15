//! Destinations, provider routes and service-ID rules: the REST API (thin: checks, repo, cache).
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use sea_orm::Set;
use shared::ApiErrorBody;
use shared::commands::*;

use super::domain::{check_template, clean_destination, clean_service_id};
use super::repo::{self, NewDestination, destination_dto, service_route_dto};
use crate::auth::{TenantMember, TenantOwner};
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
        .service(put_service_route)
        .service(patch_service_route)
        .service(delete_service_route);
}

fn new_destination(b: &SaveDestination) -> Result<NewDestination, AppError> {
    let (name, address) = clean_destination(b).map_err(AppError::BadRequest)?;
    Ok(NewDestination { name, kind: b.kind, address, enabled: b.enabled })
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
    let row = repo::insert_destination(&state.db, &owner.tenant_id, new_destination(&body)?).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
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
    let id = path.into_inner();
    repo::destination(&state.db, &owner.tenant_id, &id).await?;
    let row = repo::update_destination(&state.db, &owner.tenant_id, &id, new_destination(&body)?).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(destination_dto(row)))
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
    repo::delete_destination(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}

/// Every provider alias with its route (destination, toggle, message templates).
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<ProviderRoute>)))]
#[get("/routes/providers")]
async fn list_provider_routes(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<Vec<ProviderRoute>>> {
    let routes = repo::provider_routes(&state.db, &member.tenant_id).await?;
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
    let tenant = owner.tenant_id.as_str();
    let provider = crate::providers::repo::get(&state.db, tenant, &path.into_inner()).await?;
    repo::destination(&state.db, tenant, &b.destination_id).await?;
    check_template(&b.templates).map_err(AppError::BadRequest)?;
    repo::save_provider_route(&state.db, tenant, &provider.id, &b.destination_id, b.enabled, &b.templates).await?;
    state.engine.config_cache.invalidate(tenant);
    Ok(web::Json(ProviderRoute {
        provider_id: provider.id,
        provider_alias: provider.alias,
        destination_id: Some(b.destination_id),
        enabled: b.enabled,
        templates: b.templates,
    }))
}

/// Service-ID rules: a service id of one panel that always goes to one destination.
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<ServiceRoute>)))]
#[get("/routes/services")]
async fn list_service_routes(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<Vec<ServiceRoute>>> {
    Ok(web::Json(
        repo::service_routes(&state.db, &member.tenant_id).await?.into_iter().map(service_route_dto).collect(),
    ))
}

/// The panel, service id and destination of a rule, each checked against the tenant.
async fn checked(state: &AppState, tenant_id: &str, b: &SaveServiceRoute) -> Result<(String, String), AppError> {
    let panel = crate::panels::repo::get(&state.db, tenant_id, &b.panel_id).await?;
    let service_id = clean_service_id(&b.service_id).map_err(AppError::BadRequest)?;
    repo::destination(&state.db, tenant_id, &b.destination_id).await?;
    Ok((panel.id, service_id))
}

/// Add a service-ID rule to a panel (owner only). A second rule for the same service id of the
/// same panel is refused (409): edit that rule instead.
#[utoipa::path(tag = "routing", security(("bearer" = [])), request_body = SaveServiceRoute, responses(
    (status = 201, body = ServiceRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)))]
#[post("/routes/services")]
async fn create_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveServiceRoute>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let tenant = owner.tenant_id.as_str();
    let (panel_id, service_id) = checked(&state, tenant, &b).await?;
    let row =
        repo::insert_service_route(&state.db, tenant, &panel_id, &service_id, &b.destination_id, b.enabled).await?;
    state.engine.config_cache.invalidate(tenant);
    Ok(HttpResponse::Created().json(service_route_dto(row)))
}

/// Replace a service-ID rule (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("route_id" = String, Path)), request_body = SaveServiceRoute,
    responses((status = 200, body = ServiceRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)))]
#[put("/routes/services/{route_id}")]
async fn put_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<SaveServiceRoute>,
) -> AppResult<web::Json<ServiceRoute>> {
    let b = body.into_inner();
    let tenant = owner.tenant_id.as_str();
    let row = repo::service_route(&state.db, tenant, &path.into_inner()).await?;
    let (panel_id, service_id) = checked(&state, tenant, &b).await?;
    let saved = repo::update_service_route(&state.db, row, |r| {
        r.panel_id = Set(Some(panel_id));
        r.service_id = Set(service_id);
        r.destination_id = Set(b.destination_id);
        r.enabled = Set(b.enabled);
    })
    .await?;
    state.engine.config_cache.invalidate(tenant);
    Ok(web::Json(service_route_dto(saved)))
}

/// Switch a service-ID rule on or off, or point it at another destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("route_id" = String, Path)), request_body = PatchServiceRoute,
    responses((status = 200, body = ServiceRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[patch("/routes/services/{route_id}")]
async fn patch_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<PatchServiceRoute>,
) -> AppResult<web::Json<ServiceRoute>> {
    let b = body.into_inner();
    let tenant = owner.tenant_id.as_str();
    let row = repo::service_route(&state.db, tenant, &path.into_inner()).await?;
    if let Some(d) = &b.destination_id {
        repo::destination(&state.db, tenant, d).await?;
    }
    let saved = repo::update_service_route(&state.db, row, |r| {
        if let Some(d) = b.destination_id {
            r.destination_id = Set(d);
        }
        if let Some(e) = b.enabled {
            r.enabled = Set(e);
        }
    })
    .await?;
    state.engine.config_cache.invalidate(tenant);
    Ok(web::Json(service_route_dto(saved)))
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
    repo::delete_service_route(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}
