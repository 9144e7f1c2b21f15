//! The workspace's Health page.
use actix_web::{get, web};
use shared::ApiErrorBody;
use shared::health::WorkspaceHealth;

use crate::auth::TenantCaller;
use crate::error::AppResult;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(workspace_health);
}

/// Channels (mode, last update and send, queue, polling instance), panels (last good call,
/// errors in the last hour, request budget), jobs, and configuration checks with fix links.
#[utoipa::path(tag = "health", security(("bearer" = [])), responses(
    (status = 200, body = WorkspaceHealth), (status = 401, body = ApiErrorBody)))]
#[get("/workspace/health")]
async fn workspace_health(state: web::Data<AppState>, caller: TenantCaller) -> AppResult<web::Json<WorkspaceHealth>> {
    let public_url = state.config.public_url.as_deref();
    Ok(web::Json(super::workspace(&state.engine, public_url, &caller.tenant_id, crate::db::now()).await?))
}
