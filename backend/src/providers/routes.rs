//! Providers by alias: list, add by domain (write-only), rename, toggle, delete.
use actix_web::{HttpResponse, delete, get, patch, post, web};
use shared::ApiErrorBody;
use shared::panels::{AddProvider, Provider, UpdateProvider};

use super::domain::{canonical_domain, clean_alias};
use super::repo::{self, to_dto};
use super::service::{self, Source};
use crate::auth::{TenantMember, TenantOwner};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_providers).service(add_provider).service(update_provider).service(delete_provider);
}

/// The workspace's providers, by alias. Domains are never returned.
#[utoipa::path(tag = "providers", security(("bearer" = [])), responses((status = 200, body = Vec<Provider>)))]
#[get("/providers")]
async fn list_providers(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Provider>>> {
    Ok(web::Json(repo::list(&state.db, &member.tenant_id).await?.into_iter().map(to_dto).collect()))
}

/// Add a provider by its domain (owner only). The domain is sealed and never shown again.
#[utoipa::path(tag = "providers", security(("bearer" = [])), request_body = AddProvider, responses(
    (status = 201, body = Provider), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/providers")]
async fn add_provider(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<AddProvider>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let domain = canonical_domain(&body.domain).map_err(AppError::BadRequest)?;
    let alias = body
        .alias
        .filter(|a| !a.trim().is_empty())
        .map(|a| clean_alias(&a))
        .transpose()
        .map_err(AppError::BadRequest)?;
    let (row, created) =
        service::upsert(&state.db, &state.vault, &owner.tenant_id, &domain, Source::Manual, alias, None).await?;
    if !created {
        return Err(AppError::Conflict(format!("this provider is already listed as {}", row.alias)));
    }
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::Created().json(to_dto(row)))
}

/// Rename a provider's alias or switch it on or off (owner only).
#[utoipa::path(tag = "providers", security(("bearer" = [])), params(("provider_id" = String, Path)), request_body = UpdateProvider,
    responses((status = 200, body = Provider), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[patch("/providers/{provider_id}")]
async fn update_provider(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<UpdateProvider>,
) -> AppResult<web::Json<Provider>> {
    let body = body.into_inner();
    let alias = body.alias.map(|a| clean_alias(&a)).transpose().map_err(AppError::BadRequest)?;
    let row =
        service::rename(&state.db, &state.vault, &owner.tenant_id, &path.into_inner(), alias, body.enabled).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(to_dto(row)))
}

/// Remove a provider from the list (owner only). It is rediscovered if an order names it again.
#[utoipa::path(tag = "providers", security(("bearer" = [])), params(("provider_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/providers/{provider_id}")]
async fn delete_provider(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    repo::delete(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}
