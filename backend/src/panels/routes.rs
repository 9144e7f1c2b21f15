//! Panels: list, add, edit (keys never echoed), delete, test connection, sync services, look up orders.
use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use shared::ApiErrorBody;
use shared::panels::{ConnectionTest, CreatePanel, OrderLookup, Panel, SyncResult, UpdatePanel};

use super::domain::{
    app_error, clean_key, clean_order_id, clean_refresh_hours, clean_rps, clean_timeout, clean_url, clean_user_param,
    outcome_name, outcome_of,
};
use super::repo::{self, kind_from_dto, seal_key, to_dto};
use crate::auth::domain::clean_name;
use crate::auth::{TenantCaller, TenantMember, TenantOwner};
use crate::db::entities::panels;
use crate::error::{AppError, AppResult};
use crate::providers::service::alias_for_domain;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_panels)
        .service(create_panel)
        .service(update_panel)
        .service(delete_panel)
        .service(test_panel)
        .service(sync_services)
        .service(lookup_order);
}

fn bad(message: String) -> AppError {
    AppError::BadRequest(message)
}

/// The workspace's panels. Keys are never returned, only whether one is stored.
#[utoipa::path(tag = "panels", security(("bearer" = [])), responses((status = 200, body = Vec<Panel>)))]
#[get("/panels")]
async fn list_panels(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Panel>>> {
    Ok(web::Json(repo::list(&state.db, &member.tenant_id).await?.into_iter().map(to_dto).collect()))
}

/// A well-formed address the outbound policy lets us call (checked again at every call).
fn allowed_url(state: &AppState, input: &str, what: &str) -> Result<String, AppError> {
    let url = clean_url(input, what).map_err(bad)?;
    state.channels.outbound.check(&url).map_err(|e| bad(format!("the {what}: {e}")))?;
    Ok(url)
}

/// Connect a panel (owner only). The keys are sealed at rest. The connection is tested before
/// anything is saved: a failure answers 400 with the reason in plain words, unless `save_anyway`
/// is set (a panel that is down right now). Names are unique in a workspace (409).
#[utoipa::path(tag = "panels", security(("bearer" = [])), request_body = CreatePanel, responses(
    (status = 201, body = Panel), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/panels")]
async fn create_panel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CreatePanel>,
) -> AppResult<HttpResponse> {
    state
        .engine
        .billing
        .require(&state.db, &owner.tenant_id, crate::billing::Need::Room(crate::billing::Limit::Panels))
        .await?;
    let b = body.into_inner();
    let name = clean_name(&b.name, "panel name").map_err(bad)?;
    let url = allowed_url(&state, &b.admin_base_url, "Admin API base URL")?;
    if !b.save_anyway
        && let Some(suggestion) = crate::panels::domain::admin_api_suggestion(&url, b.kind)
    {
        return Err(bad(format!(
            "this is not an Admin API address: it ends with /adminapi/v2 on Perfect Panel or /adminapi/v1 on \
             Rental Panel panels. Did you mean {suggestion}?"
        )));
    }
    let key = clean_key(&b.admin_key, "admin key").map_err(bad)?;
    let user_api_url =
        b.user_api_url.filter(|u| !u.trim().is_empty()).map(|u| allowed_url(&state, &u, "API URL")).transpose()?;
    let user_api_key =
        b.user_api_key.filter(|k| !k.trim().is_empty()).map(|k| clean_key(&k, "API key")).transpose().map_err(bad)?;
    let rps = clean_rps(b.rps).map_err(bad)?;
    let timeout = clean_timeout(b.timeout_secs).map_err(bad)?;
    let user_param = clean_user_param(b.orders_user_param).map_err(bad)?;
    let id = crate::db::new_id();
    let tenant = owner.tenant_id.as_str();
    if repo::list(&state.db, tenant).await?.iter().any(|p| p.name.to_lowercase() == name.to_lowercase()) {
        return Err(AppError::Conflict(format!("a panel named “{name}” already exists here; choose another name")));
    }
    let mut candidate = panels::Model {
        id: id.clone(),
        tenant_id: tenant.to_string(),
        name: name.clone(),
        kind: kind_from_dto(b.kind).as_str().to_string(),
        admin_base_url: url.clone(),
        admin_key_sealed: seal_key(&state.vault.secrets, tenant, &id, "admin", &key)?,
        user_api_url,
        user_api_key_sealed: user_api_key
            .map(|k| seal_key(&state.vault.secrets, tenant, &id, "user_api", &k))
            .transpose()?,
        rps: i32::try_from(rps).unwrap_or(5),
        timeout_secs: i32::try_from(timeout).unwrap_or(15),
        orders_user_param: user_param,
        v2_bulk_ids: b.bulk_ids.unwrap_or(false),
        last_test_outcome: None,
        last_tested_at: None,
        created_at: crate::db::now(),
        services_refresh_hours: clean_refresh_hours(b.services_refresh_hours).map_err(bad)?,
    };
    // The same test as the Test button, before anything is stored.
    let result = state.engine.panels.client(&candidate)?.test_connection().await;
    let (outcome, message) = outcome_of(&result);
    if result.is_err() && !b.save_anyway {
        return Err(bad(format!(
            "{message} Nothing was saved: fix the address or key, or choose “Save anyway” if the panel is down right now."
        )));
    }
    candidate.last_test_outcome = Some(outcome_name(outcome).to_string());
    candidate.last_tested_at = Some(crate::db::now());
    let row = candidate.into_active_model().reset_all();
    let row = repo::insert(&state.db, row).await?;
    state.engine.config_cache.invalidate(tenant);
    crate::backups::record_panel(&state.db, &state.vault, tenant, &name, &url).await?;
    Ok(HttpResponse::Created().json(to_dto(row)))
}

/// Edit a panel (owner only). An absent or empty key keeps the stored one; keys are never echoed.
#[utoipa::path(tag = "panels", security(("bearer" = [])), params(("panel_id" = String, Path)), request_body = UpdatePanel,
    responses((status = 200, body = Panel), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/panels/{panel_id}")]
async fn update_panel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<UpdatePanel>,
) -> AppResult<web::Json<Panel>> {
    let b = body.into_inner();
    let tenant = owner.tenant_id.as_str();
    let row = repo::get(&state.db, tenant, &path.into_inner()).await?;
    let id = row.id.clone();
    let url_changed = b.admin_base_url.as_ref().is_some_and(|u| u.trim().trim_end_matches('/') != row.admin_base_url);
    let mut active: panels::ActiveModel = row.into();
    if let Some(name) = b.name {
        active.name = Set(clean_name(&name, "panel name").map_err(bad)?);
    }
    if let Some(kind) = b.kind {
        active.kind = Set(kind_from_dto(kind).as_str().to_string());
    }
    if let Some(url) = b.admin_base_url {
        active.admin_base_url = Set(allowed_url(&state, &url, "Admin API base URL")?);
    }
    if let Some(key) = b.admin_key.filter(|k| !k.trim().is_empty()) {
        let key = clean_key(&key, "admin key").map_err(bad)?;
        active.admin_key_sealed = Set(seal_key(&state.vault.secrets, tenant, &id, "admin", &key)?);
    }
    if let Some(url) = b.user_api_url {
        active.user_api_url =
            Set(if url.trim().is_empty() { None } else { Some(allowed_url(&state, &url, "API URL")?) });
    }
    if let Some(key) = b.user_api_key.filter(|k| !k.trim().is_empty()) {
        let key = clean_key(&key, "API key").map_err(bad)?;
        active.user_api_key_sealed = Set(Some(seal_key(&state.vault.secrets, tenant, &id, "user_api", &key)?));
    }
    if let Some(rps) = b.rps {
        active.rps = Set(i32::try_from(clean_rps(Some(rps)).map_err(bad)?).unwrap_or(5));
    }
    if b.orders_user_param.is_some() {
        active.orders_user_param = Set(clean_user_param(b.orders_user_param).map_err(bad)?);
    }
    if let Some(bulk) = b.bulk_ids {
        active.v2_bulk_ids = Set(bulk);
    }
    if b.services_refresh_hours.is_some() {
        active.services_refresh_hours = Set(clean_refresh_hours(b.services_refresh_hours).map_err(bad)?);
    }
    if let Some(t) = b.timeout_secs {
        active.timeout_secs = Set(i32::try_from(clean_timeout(Some(t)).map_err(bad)?).unwrap_or(15));
    }
    let saved = repo::save(&state.db, active).await?;
    state.engine.config_cache.invalidate(tenant);
    if url_changed {
        crate::backups::record_panel(&state.db, &state.vault, tenant, &saved.name, &saved.admin_base_url).await?;
    }
    Ok(web::Json(to_dto(saved)))
}

/// Remove a panel (owner only).
#[utoipa::path(tag = "panels", security(("bearer" = [])), params(("panel_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/panels/{panel_id}")]
async fn delete_panel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    repo::delete(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}

/// Test the connection: connected, key rejected, not an Admin API, Cloudflare, unreachable, timed out.
#[utoipa::path(tag = "panels", security(("bearer" = [])), params(("panel_id" = String, Path)), responses(
    (status = 200, body = ConnectionTest), (status = 404, body = ApiErrorBody)))]
#[post("/panels/{panel_id}/test")]
async fn test_panel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<ConnectionTest>> {
    let row = repo::get(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let client = state.engine.panels.client(&row)?;
    let result = client.test_connection().await;
    let (outcome, message) = outcome_of(&result);
    repo::record_test(&state.db, &owner.tenant_id, &row.id, outcome_name(outcome)).await?;
    Ok(web::Json(ConnectionTest { outcome, message }))
}

/// Read the panel's service list and discover the providers it names, where the panel exposes them.
#[utoipa::path(tag = "panels", security(("bearer" = [])), params(("panel_id" = String, Path)), responses(
    (status = 200, body = SyncResult), (status = 404, body = ApiErrorBody), (status = 502, body = ApiErrorBody)))]
#[post("/panels/{panel_id}/sync-services")]
async fn sync_services(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<SyncResult>> {
    let row = repo::get(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let result = super::sync::refresh_services(&state.engine, &row).await?.map_err(|e| app_error(e, None))?;
    Ok(web::Json(result))
}

/// Look an order up on the panel: its status, service, owner, external id and the provider's alias.
#[utoipa::path(tag = "panels", security(("bearer" = [])), params(("panel_id" = String, Path), ("order_id" = String, Path)), responses(
    (status = 200, body = OrderLookup), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 429, body = ApiErrorBody), (status = 502, body = ApiErrorBody)))]
#[get("/panels/{panel_id}/orders/{order_id}")]
async fn lookup_order(
    state: web::Data<AppState>,
    member: TenantCaller,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<OrderLookup>> {
    let (panel_id, order_id) = path.into_inner();
    let row = repo::get(&state.db, &member.tenant_id, &panel_id).await?;
    let order_id = clean_order_id(&order_id).map_err(bad)?;
    let client = state.engine.panels.client(&row)?;
    let order = client.order(&order_id).await.map_err(|e| match e {
        super::client::PanelError::NotFound => AppError::NotFound("order (it is not on this panel)"),
        other => app_error(other, Some(&order_id)),
    })?;
    let provider_alias = match order.provider_domain.as_deref() {
        Some(domain) => alias_for_domain(&state.db, &state.vault, &member.tenant_id, domain, &row.name).await?,
        None => None,
    };
    Ok(web::Json(OrderLookup {
        panel_id: row.id,
        order_id: order.panel_order_id,
        status: order.status.label().to_string(),
        service_id: order.service_id,
        service_name: order.service_name,
        owner_username: order.owner_username,
        link: order.link,
        quantity: order.quantity,
        start_count: order.start_count,
        remains: order.remains,
        external_id: order.external_id,
        manual_service: provider_alias.is_none(),
        provider_alias,
        created_at: order.created_at,
    }))
}
