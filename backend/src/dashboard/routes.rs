//! `GET /api/dashboard`: the setup checklist and the figures, for every member of the workspace.
use actix_web::{get, web};
use chrono::{Duration, Utc};
use shared::ApiErrorBody;
use shared::dashboard::Dashboard;

use super::repo;
use crate::auth::TenantMember;
use crate::error::AppResult;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(dashboard);
}

/// The workspace at a glance: which setup steps are done (from live state), requests and
/// provider messages today (UTC) and over the last seven days, the queue, and the busiest
/// providers by alias.
#[utoipa::path(tag = "dashboard", security(("bearer" = [])), responses(
    (status = 200, body = Dashboard), (status = 401, body = ApiErrorBody)))]
#[get("/dashboard")]
async fn dashboard(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Dashboard>> {
    let (db, tenant) = (&state.db, member.tenant_id.as_str());
    let now = Utc::now();
    let midnight = now.date_naive().and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
    let week = midnight - Duration::days(6);
    Ok(web::Json(Dashboard {
        checklist: repo::checklist(db, tenant).await?,
        today: repo::figures(db, tenant, midnight).await?,
        week: repo::figures(db, tenant, week).await?,
        days: repo::days(db, tenant, now).await?,
        queue_length: repo::queue_length(db, tenant).await?,
        busiest_providers: repo::busiest(db, tenant, week).await?,
    }))
}
