use actix_web::{get, web};
use shared::ApiErrorBody;
use shared::api::Health;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(health).service(ready);
}

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/health")]
async fn health() -> web::Json<Health> {
    web::Json(Health { status: "ok".into() })
}

/// The database answers and every migration is applied.
#[utoipa::path(tag = "health", responses((status = 200, body = Health), (status = 503, body = ApiErrorBody)))]
#[get("/ready")]
async fn ready(state: web::Data<AppState>) -> AppResult<web::Json<Health>> {
    crate::db::readiness(state.db.conn()).await.map_err(AppError::Unavailable)?;
    Ok(web::Json(Health { status: "ready".into() }))
}
