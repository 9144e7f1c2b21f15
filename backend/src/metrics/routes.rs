//! `GET /metrics`: only when `PANELRELAY_METRICS_TOKEN` is set, and only to
//! `Authorization: Bearer <that token>`; 404 otherwise (the route does not reveal itself).
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/metrics", web::get().to(metrics));
}

fn bearer_matches(req: &HttpRequest, token: &str) -> bool {
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    use subtle::ConstantTimeEq;
    given.len() == token.len() && bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let allowed = state.config.metrics_token.as_ref().is_some_and(|t| bearer_matches(&req, t.expose()));
    if !allowed {
        return Err(AppError::NotFound("page"));
    }
    let body = super::render(state.db.conn(), crate::db::now()).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(body))
}
