//! The platform's runtime health for the master admin.
use actix_web::{get, web};
use shared::ApiErrorBody;
use shared::health::PlatformHealth;

use crate::auth::MasterAdmin;
use crate::error::AppResult;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(platform_health);
}

/// Instances (heartbeat, version, uptime), queues (depth and oldest item), channels and ticket
/// readers in error across workspaces, and the database's size and migrations.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = PlatformHealth), (status = 403, body = ApiErrorBody)))]
#[get("/admin/health")]
async fn platform_health(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<PlatformHealth>> {
    Ok(web::Json(super::platform(state.db.conn(), crate::db::now()).await?))
}
