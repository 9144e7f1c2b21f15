//! The platform's side of SaaS support: the support queue (waiting tickets first), answers and
//! closing, and the unread count for the console's top bar. Master admin only.
use actix_web::{get, post, web};
use serde::Deserialize;
use shared::ApiErrorBody;
use shared::support::{Reply, Ticket, TicketStatus, TicketThread, Unread};

use super::repo;
use super::routes::email_of;
use crate::auth::MasterAdmin;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(queue).service(unread).service(show).service(reply).service(close);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct QueueFilter {
    /// `open`, `answered` or `closed`; every ticket when absent.
    pub status: Option<String>,
}

/// Every workspace's tickets: those waiting for the platform first, then the most recent.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(QueueFilter), responses(
    (status = 200, body = Vec<Ticket>), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
#[get("/admin/support/tickets")]
async fn queue(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    filter: web::Query<QueueFilter>,
) -> AppResult<web::Json<Vec<Ticket>>> {
    let status = match filter.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            TicketStatus::parse(s)
                .ok_or_else(|| AppError::BadRequest(format!("unknown status {s:?}: use open, answered or closed")))?,
        ),
    };
    Ok(web::Json(repo::list(&state.db, None, status).await?))
}

/// Workspace messages the platform has not opened yet.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = Unread), (status = 403, body = ApiErrorBody)))]
#[get("/admin/support/unread")]
async fn unread(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<Unread>> {
    Ok(web::Json(repo::unread(&state.db, None).await?))
}

/// A ticket and its thread; opening it marks the workspace's messages read.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("ticket_id" = String, Path)), responses(
    (status = 200, body = TicketThread), (status = 404, body = ApiErrorBody)))]
#[get("/admin/support/tickets/{ticket_id}")]
async fn show(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketThread>> {
    Ok(web::Json(repo::thread(&state.db, None, &path, true).await?))
}

/// Answer a ticket (it becomes `answered`).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("ticket_id" = String, Path)), request_body = Reply,
    responses((status = 200, body = TicketThread), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/admin/support/tickets/{ticket_id}/replies")]
async fn reply(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<Reply>,
) -> AppResult<web::Json<TicketThread>> {
    let author = email_of(&state, &admin.user_id).await?;
    Ok(web::Json(repo::reply(&state.db, None, &path, &author, &body.message).await?))
}

/// Close a ticket.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("ticket_id" = String, Path)), responses(
    (status = 200, body = TicketThread), (status = 404, body = ApiErrorBody)))]
#[post("/admin/support/tickets/{ticket_id}/close")]
async fn close(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketThread>> {
    Ok(web::Json(repo::close(&state.db, None, &path).await?))
}
