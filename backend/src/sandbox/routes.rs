//! The sandbox visitor's endpoints: whether a sandbox runs, a session in a workspace of one's
//! own, what the visitor types, the transcript and starting over.
use std::sync::Arc;

use actix_web::{HttpResponse, get, post, web};
use sea_orm::EntityTrait;
use serde_json::json;
use shared::ApiErrorBody;
use shared::channels::{SandboxMessage, SandboxTranscript};

use super::{Sandbox, Sandboxes};
use crate::auth::TenantMember;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(sandbox_status)
        .service(sandbox_session)
        .service(sandbox_say)
        .service(sandbox_transcript)
        .service(sandbox_reset);
}

fn running(state: &AppState) -> Result<Arc<Sandboxes>, AppError> {
    state.sandbox.get().cloned().ok_or(AppError::NotFound("sandbox"))
}

/// The caller's own sandbox workspace (404 for everyone else, real workspaces included).
fn mine(state: &AppState, member: &TenantMember) -> Result<Arc<Sandbox>, AppError> {
    running(state)?.find(&member.tenant_id).ok_or(AppError::NotFound("sandbox"))
}

/// Whether this server runs the sandbox (`panelrelay serve --sandbox`, which `make run` uses).
#[utoipa::path(tag = "sandbox", responses((status = 200, body = Object, example = json!({"available": true}))))]
#[get("/sandbox")]
async fn sandbox_status(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"available": state.sandbox.get().is_some()}))
}

/// Opens a fresh sandbox workspace of the caller's own and signs in to it as a visitor (no
/// account needed): the sandbox chat, the read pages and dry runs, nothing that changes the
/// workspace. 404 when the sandbox is off; 503 when every sandbox workspace is in use.
#[utoipa::path(tag = "sandbox", responses((status = 200, body = shared::api::Session), (status = 404, body = ApiErrorBody),
    (status = 429, body = ApiErrorBody), (status = 503, body = ApiErrorBody)))]
#[post("/sandbox/session")]
async fn sandbox_session(req: actix_web::HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let sandboxes = running(&state)?;
    let address = crate::http::client_address::client_address(&req, state.config.trust_proxy_headers);
    crate::auth::guards::take_attempt(
        &state.guards.sandbox_visits,
        &[format!("address:{address}")],
        "sandbox visits from your address",
    )?;
    let sandbox = sandboxes.open(&state).await?;
    let user = crate::db::entities::users::Entity::find_by_id(sandbox.visitor_id.clone())
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound("sandbox"))?;
    let session = crate::auth::routes::start_session(&state, &user).await?;
    Ok(crate::auth::routes::session_response(&state, &req, actix_web::http::StatusCode::OK, session))
}

/// Types a message as the sandbox customer, on Telegram or WhatsApp.
#[utoipa::path(tag = "sandbox", security(("bearer" = [])), request_body = SandboxMessage, responses(
    (status = 202), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/sandbox/messages")]
async fn sandbox_say(
    state: web::Data<AppState>,
    member: TenantMember,
    body: web::Json<SandboxMessage>,
) -> AppResult<HttpResponse> {
    let sandbox = mine(&state, &member)?;
    if body.text.trim().is_empty() {
        return Err(AppError::BadRequest("type a message first".into()));
    }
    sandbox.say(body.channel, body.shape, &body.text).await.map_err(AppError::BadRequest)?;
    Ok(HttpResponse::Accepted().finish())
}

/// The sandbox chats: what the customer typed, the bot's replies, and what each provider group got.
#[utoipa::path(tag = "sandbox", security(("bearer" = [])), responses(
    (status = 200, body = SandboxTranscript), (status = 404, body = ApiErrorBody)))]
#[get("/sandbox/transcript")]
async fn sandbox_transcript(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<SandboxTranscript>> {
    Ok(web::Json(mine(&state, &member)?.transcript()))
}

/// Starts the sandbox chat over: clears the transcripts and the visitor's sandbox workspace's
/// cooldowns, logs and provider messages (nothing real is touched).
#[utoipa::path(tag = "sandbox", security(("bearer" = [])), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[post("/sandbox/reset")]
async fn sandbox_reset(state: web::Data<AppState>, member: TenantMember) -> AppResult<HttpResponse> {
    mine(&state, &member)?.reset(&state.db).await?;
    Ok(HttpResponse::NoContent().finish())
}
