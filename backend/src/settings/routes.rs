//! Settings and customer reply templates.
use actix_web::{get, put, web};
use shared::ApiErrorBody;
use shared::commands::*;

use super::super::repo::{self};
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

/// Enough for every language a panel's customers write in; each word is matched on every message.
const MAX_EXTRA_WORDS: usize = 200;

fn validate_settings(s: &CommandSettings) -> Result<(), AppError> {
    let bad = |m: &str| Err(AppError::BadRequest(m.to_string()));
    for h in [s.cooldown_hours_refill, s.cooldown_hours_speed, s.cooldown_hours_cancel] {
        if !(0.0..=720.0).contains(&h) {
            return bad("cooldowns must be between 0 and 720 hours");
        }
    }
    if !(1..=500).contains(&s.max_ids) {
        return bad("the bulk cap must be between 1 and 500 ids");
    }
    let known = ["pending", "in_progress", "processing"];
    let mut seen = std::collections::HashSet::new();
    if s.cancel_statuses.iter().any(|c| !known.contains(&c.as_str()) || !seen.insert(c.as_str())) {
        return bad("cancel statuses are pending, in_progress and processing, each at most once");
    }
    if !["easy", "advanced"].contains(&s.service_rules_mode.as_str()) {
        return bad("service rules mode is easy or advanced");
    }
    if s.extra_words.len() > MAX_EXTRA_WORDS {
        return bad("at most 200 extra command words");
    }
    if s.extra_words
        .iter()
        .any(|w| w.word.trim().is_empty() || w.word.chars().count() > 40 || w.word.chars().any(|c| c.is_control()))
    {
        return bad("extra words must have 1 to 40 characters and no control characters");
    }
    Ok(())
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
    validate_settings(&settings)?;
    for id in [&settings.manual_destination_id, &settings.fallback_destination_id].into_iter().flatten() {
        crate::routing::repo::destination(&state.db, &owner.tenant_id, id).await?;
    }
    let (_, templates) = repo::settings(&state.db, &owner.tenant_id).await?;
    repo::save_settings(&state.db, &owner.tenant_id, &settings, &templates).await?;
    state.config_cache.invalidate(&owner.tenant_id);
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
    let mut t = body.into_inner();
    let d = Templates::default();
    let fields: [(&mut String, &String); 19] = [
        (&mut t.refill_ok, &d.refill_ok),
        (&mut t.speed_ok, &d.speed_ok),
        (&mut t.cancel_ok, &d.cancel_ok),
        (&mut t.status, &d.status),
        (&mut t.refused, &d.refused),
        (&mut t.not_your_order, &d.not_your_order),
        (&mut t.not_found, &d.not_found),
        (&mut t.provider_missing, &d.provider_missing),
        (&mut t.route_missing, &d.route_missing),
        (&mut t.api_problem, &d.api_problem),
        (&mut t.cooldown, &d.cooldown),
        (&mut t.bulk_summary, &d.bulk_summary),
        (&mut t.help, &d.help),
        (&mut t.balance, &d.balance),
        (&mut t.balance_unavailable, &d.balance_unavailable),
        (&mut t.link_required, &d.link_required),
        (&mut t.link_received, &d.link_received),
        (&mut t.link_pending, &d.link_pending),
        (&mut t.link_conflict, &d.link_conflict),
    ];
    for (value, default) in fields {
        if value.trim().is_empty() {
            *value = default.clone();
        }
        if value.chars().count() > 2000 {
            return Err(AppError::BadRequest("a template must have at most 2000 characters".into()));
        }
    }
    let (settings, _) = repo::settings(&state.db, &owner.tenant_id).await?;
    repo::save_settings(&state.db, &owner.tenant_id, &settings, &t).await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(t))
}
