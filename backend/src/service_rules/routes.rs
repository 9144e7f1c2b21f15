//! Service rules, advanced mode: the synced service list with what each name says and the
//! owner's overrides; and the "test a service name" box.
use actix_web::{get, post, put, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::ApiErrorBody;
use shared::commands::{ServiceOverride, ServiceRuleRow, ServiceTextCheck, ServiceTextResult};

use super::{ServiceText, parse_service};
use crate::auth::{TenantMember, TenantOwner};
use crate::db::entities::service_rules;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_services).service(override_service).service(check_text);
}

fn read(name: &str, description: &str, category: &str) -> ServiceTextResult {
    let r = parse_service(ServiceText { name, description, category });
    ServiceTextResult {
        refill: r.refill.label(),
        start_max_hours: r.start_max_hours,
        refill_matched: r.refill_matched.map(|m| m.text),
        start_matched: r.start_matched.map(|m| m.text),
    }
}

fn row_dto(r: service_rules::Model) -> ServiceRuleRow {
    let parsed = read(&r.name, &r.description, &r.category);
    ServiceRuleRow {
        service_id: r.service_id,
        name: r.name,
        category: r.category,
        parsed_refill: parsed.refill,
        parsed_start_max_hours: parsed.start_max_hours,
        refill_matched: parsed.refill_matched,
        start_matched: parsed.start_matched,
        refill_override: r.refill_override,
        start_override_hours: r.start_override_hours,
        refill_on_partial: r.refill_on_partial,
        cancel_allowed: r.cancel_allowed,
        synced_at: r.synced_at,
    }
}

/// The panel's services as last synced, with the refill and start time read from each.
#[utoipa::path(tag = "service-rules", security(("bearer" = [])), params(("panel_id" = String, Path)), responses(
    (status = 200, body = Vec<ServiceRuleRow>), (status = 404, body = ApiErrorBody)))]
#[get("/panels/{panel_id}/services")]
async fn list_services(
    state: web::Data<AppState>,
    member: TenantMember,
    path: web::Path<String>,
) -> AppResult<web::Json<Vec<ServiceRuleRow>>> {
    let panel = crate::panels::repo::get(&state.db, &member.tenant_id, &path.into_inner()).await?;
    let rows = service_rules::Entity::find()
        .filter(service_rules::Column::TenantId.eq(member.tenant_id))
        .filter(service_rules::Column::PanelId.eq(panel.id))
        .order_by_asc(service_rules::Column::ServiceId)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(row_dto).collect()))
}

fn clean_override(o: &ServiceOverride) -> Result<(), AppError> {
    if let Some(r) = o.refill_override.as_deref() {
        let ok =
            matches!(r, "none" | "lifetime" | "unknown") || r.parse::<u32>().is_ok_and(|d| (1..=3650).contains(&d));
        if !ok {
            return Err(AppError::BadRequest("refill is none, lifetime, unknown or a number of days (1–3650)".into()));
        }
    }
    if o.start_override_hours.is_some_and(|h| !(0.0..=720.0).contains(&h) || h.is_nan()) {
        return Err(AppError::BadRequest("the start time must be between 0 and 720 hours".into()));
    }
    Ok(())
}

/// Override what a service's text says (owner only). Null fields go back to the text.
#[utoipa::path(tag = "service-rules", security(("bearer" = [])), params(("panel_id" = String, Path), ("service_id" = String, Path)),
    request_body = ServiceOverride, responses((status = 200, body = ServiceRuleRow), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/panels/{panel_id}/services/{service_id}")]
async fn override_service(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<(String, String)>,
    body: web::Json<ServiceOverride>,
) -> AppResult<web::Json<ServiceRuleRow>> {
    let (panel_id, service_id) = path.into_inner();
    let o = body.into_inner();
    // The panel is looked up first: another tenant's id answers 404 whatever the body says.
    let panel = crate::panels::repo::get(&state.db, &owner.tenant_id, &panel_id).await?;
    clean_override(&o)?;
    let mut row = service_rules::Entity::find()
        .filter(service_rules::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_rules::Column::PanelId.eq(panel.id))
        .filter(service_rules::Column::ServiceId.eq(service_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound("service (sync the panel's services first)"))?;
    row.refill_override = o.refill_override;
    row.start_override_hours = o.start_override_hours;
    row.refill_on_partial = o.refill_on_partial;
    row.cancel_allowed = o.cancel_allowed;
    let saved = super::repo::save_service_override(&state.db, row).await?;
    state.engine.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(row_dto(saved)))
}

/// Read refill and start time from a service name (the "test a service name" box).
#[utoipa::path(tag = "service-rules", security(("bearer" = [])), request_body = ServiceTextCheck, responses(
    (status = 200, body = ServiceTextResult), (status = 400, body = ApiErrorBody)))]
#[post("/service-rules/check")]
async fn check_text(
    _member: TenantMember,
    body: web::Json<ServiceTextCheck>,
) -> AppResult<web::Json<ServiceTextResult>> {
    let b = body.into_inner();
    if b.name.len() + b.description.len() + b.category.len() > 20_000 {
        return Err(AppError::BadRequest("the text is too long (20,000 characters at most)".into()));
    }
    Ok(web::Json(read(&b.name, &b.description, &b.category)))
}
