//! The workspace's side of SaaS support: members read the tickets, only the owner opens, replies
//! and closes. Integrator API keys never reach support.
use actix_web::{HttpResponse, get, post, web};
use shared::ApiErrorBody;
use shared::support::{OpenTicket, Reply, Ticket, TicketThread, Unread};

use super::repo;
use crate::auth::{TenantMember, TenantOwner};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(open).service(unread).service(show).service(reply).service(close);
}

pub(super) async fn email_of(state: &AppState, user_id: &str) -> Result<String, AppError> {
    Ok(crate::auth::repo::user_by_id(&state.db, user_id).await?.map(|u| u.email).unwrap_or_default())
}

/// The workspace's support tickets, those with a reply waiting first.
#[utoipa::path(tag = "support", security(("bearer" = [])), responses(
    (status = 200, body = Vec<Ticket>), (status = 403, body = ApiErrorBody)))]
#[get("/support/tickets")]
async fn list(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Ticket>>> {
    Ok(web::Json(repo::list(&state.db, Some(&member.tenant_id), None).await?))
}

/// Open a ticket with the platform (subject up to 200 characters, message up to 5000).
#[utoipa::path(tag = "support", security(("bearer" = [])), request_body = OpenTicket, responses(
    (status = 201, body = TicketThread), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
#[post("/support/tickets")]
async fn open(state: web::Data<AppState>, owner: TenantOwner, body: web::Json<OpenTicket>) -> AppResult<HttpResponse> {
    let author = email_of(&state, &owner.user_id).await?;
    let thread = repo::open(&state.db, &owner.tenant_id, &author, &body).await?;
    Ok(HttpResponse::Created().json(thread))
}

/// Platform replies the workspace has not opened yet (for the top bar).
#[utoipa::path(tag = "support", security(("bearer" = [])), responses(
    (status = 200, body = Unread), (status = 403, body = ApiErrorBody)))]
#[get("/support/unread")]
async fn unread(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Unread>> {
    Ok(web::Json(repo::unread(&state.db, Some(&member.tenant_id)).await?))
}

/// A ticket and its thread. The owner opening it marks the platform's replies read.
#[utoipa::path(tag = "support", security(("bearer" = [])), params(("ticket_id" = String, Path)), responses(
    (status = 200, body = TicketThread), (status = 404, body = ApiErrorBody)))]
#[get("/support/tickets/{ticket_id}")]
async fn show(
    state: web::Data<AppState>,
    member: TenantMember,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketThread>> {
    let owner = matches!(member.actor, crate::auth::Actor::User { role: shared::api::Role::Owner, .. });
    Ok(web::Json(repo::thread(&state.db, Some(&member.tenant_id), &path, owner).await?))
}

/// Reply in a ticket (a closed ticket opens again).
#[utoipa::path(tag = "support", security(("bearer" = [])), params(("ticket_id" = String, Path)), request_body = Reply,
    responses((status = 200, body = TicketThread), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/support/tickets/{ticket_id}/replies")]
async fn reply(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<Reply>,
) -> AppResult<web::Json<TicketThread>> {
    let author = email_of(&state, &owner.user_id).await?;
    Ok(web::Json(repo::reply(&state.db, Some(&owner.tenant_id), &path, &author, &body.message).await?))
}

/// Close a ticket.
#[utoipa::path(tag = "support", security(("bearer" = [])), params(("ticket_id" = String, Path)), responses(
    (status = 200, body = TicketThread), (status = 404, body = ApiErrorBody)))]
#[post("/support/tickets/{ticket_id}/close")]
async fn close(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketThread>> {
    Ok(web::Json(repo::close(&state.db, Some(&owner.tenant_id), &path).await?))
}
