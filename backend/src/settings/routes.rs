//! Settings and customer reply templates.
use actix_web::{get, put, web};
use shared::ApiErrorBody;
use shared::commands::*;

use super::domain::{normalize_templates, validate_settings};
use super::repo;
use crate::auth::{TenantMember, TenantOwner};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_settings).service(put_settings).service(get_templates).service(put_templates);
}

/// The command engine's settings.
#[utoipa::path(tag = "settings", security(("bearer" = [])), responses((status = 200, body = CommandSettings)))]
#[get("/settings")]
async fn get_settings(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<CommandSettings>> {
    Ok(web::Json(repo::settings(&state.db, &member.tenant_id).await?.0))
}

/// Save the command engine's settings (owner only).
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = CommandSettings, responses(
    (status = 200, body = CommandSettings), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/settings")]
async fn put_settings(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CommandSettings>,
) -> AppResult<web::Json<CommandSettings>> {
    let settings = body.into_inner();
    validate_settings(&settings).map_err(AppError::BadRequest)?;
    for id in [&settings.manual_destination_id, &settings.fallback_destination_id].into_iter().flatten() {
        crate::routing::repo::destination(&state.db, &owner.tenant_id, id).await?;
    }
    let (current, templates) = repo::settings(&state.db, &owner.tenant_id).await?;
    if settings.service_rules_mode == "advanced" && current.service_rules_mode != "advanced" {
        let module = crate::billing::Need::Module(shared::billing::Module::AdvancedRules);
        state.engine.billing.require(&state.db, &owner.tenant_id, module).await?;
    }
    repo::save_settings(&state.db, &owner.tenant_id, &settings, &templates).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(settings))
}

/// The customer reply templates.
#[utoipa::path(tag = "settings", security(("bearer" = [])), responses((status = 200, body = Templates)))]
#[get("/templates")]
async fn get_templates(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Templates>> {
    Ok(web::Json(repo::settings(&state.db, &member.tenant_id).await?.1))
}

/// Save the customer reply templates (owner only). An empty template goes back to the default.
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = Templates, responses(
    (status = 200, body = Templates), (status = 400, body = ApiErrorBody)))]
#[put("/templates")]
async fn put_templates(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<Templates>,
) -> AppResult<web::Json<Templates>> {
    let t = normalize_templates(body.into_inner()).map_err(AppError::BadRequest)?;
    let (settings, _) = repo::settings(&state.db, &owner.tenant_id).await?;
    repo::save_settings(&state.db, &owner.tenant_id, &settings, &t).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(t))
}
