//! The command engine's REST API: dry runs and integrator commands, settings and templates,
//! destinations and routes, service rules, and the logs.
use actix_web::{post, web};
use shared::ApiErrorBody;
use shared::commands::*;

use super::pipeline::{Inbound, handle_inbound};
use crate::auth::{Actor, CommandRunner, TenantCaller};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(simulate).service(run_command);
}

const MAX_TEXT: usize = 10_000;
/// Panel usernames are short; anything longer is not one.
const MAX_USERNAME: usize = 100;

fn check_text(text: &str) -> Result<(), AppError> {
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::BadRequest(format!("the message is longer than {MAX_TEXT} characters")));
    }
    Ok(())
}

/// A dry run of the whole pipeline: per-id verdicts, the customer reply and the exact provider
/// messages. Nothing is sent and no cooldown is consumed.
#[utoipa::path(tag = "commands", security(("bearer" = [])), request_body = SimulateRequest, responses(
    (status = 200, body = CommandResult), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/commands/simulate")]
async fn simulate(
    state: web::Data<AppState>,
    member: TenantCaller,
    body: web::Json<SimulateRequest>,
) -> AppResult<web::Json<CommandResult>> {
    let b = body.into_inner();
    check_text(&b.text)?;
    crate::panels::repo::get(&state.db, &member.tenant_id, &b.panel_id).await?;
    let inbound = Inbound {
        tenant_id: member.tenant_id,
        panel_id: b.panel_id,
        channel: "simulate".into(),
        chat: "test box".into(),
        text: b.text,
        username: match b.username.filter(|u| !u.trim().is_empty()) {
            Some(u) if u.trim().chars().count() > MAX_USERNAME || u.chars().any(char::is_control) => {
                return Err(AppError::BadRequest(format!("the username must have at most {MAX_USERNAME} characters")));
            }
            other => other,
        },
        dry_run: true,
        delivery: None,
        reply: Default::default(),
    };
    Ok(web::Json(handle_inbound(&state.engine, inbound).await?))
}

/// Run a customer's command for real (integrators, with an API key): the same pipeline as the
/// chat channels, for the given panel username.
#[utoipa::path(tag = "commands", security(("bearer" = [])), request_body = CommandRequest, responses(
    (status = 200, body = CommandResult), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/commands")]
async fn run_command(
    state: web::Data<AppState>,
    member: CommandRunner,
    body: web::Json<CommandRequest>,
) -> AppResult<web::Json<CommandResult>> {
    let b = body.into_inner();
    check_text(&b.text)?;
    let username = b.username.trim();
    if username.is_empty() || username.chars().count() > MAX_USERNAME || username.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "give the customer's panel username (1 to {MAX_USERNAME} characters, no control characters)"
        )));
    }
    crate::panels::repo::get(&state.db, &member.tenant_id, &b.panel_id).await?;
    let chat = match (&b.chat, &member.actor) {
        (Some(c), _) => c.chars().take(100).collect(),
        (None, Actor::ApiKey { key_id }) => format!("api key {}", &key_id[..8.min(key_id.len())]),
        (None, Actor::User { .. }) => "api".into(),
    };
    let inbound = Inbound {
        tenant_id: member.tenant_id,
        panel_id: b.panel_id,
        channel: "api".into(),
        chat,
        text: b.text,
        username: Some(b.username.trim().to_string()),
        dry_run: false,
        delivery: None,
        reply: Default::default(),
    };
    Ok(web::Json(handle_inbound(&state.engine, inbound).await?))
}
