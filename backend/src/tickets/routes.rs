//! The owner's REST for the ticket medium: per panel settings and health, the subject rules with
//! their "test a ticket" box, a "run now", and the ticket activity log. Staff read; the owner
//! changes; integrator keys read the activity log like the other logs.
use actix_web::{get, post, put, web};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use shared::ApiErrorBody;
use shared::commands::Page;
use shared::tickets::{TicketActivity, TicketDecision, TicketIntake, TicketIntakeView, TicketRule, TicketTest};

use super::repo;
use crate::auth::{TenantCaller, TenantMember, TenantOwner};
use crate::db::entities::{panels, ticket_activity, ticket_intake};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_intake)
        .service(save_intake)
        .service(run_now)
        .service(get_rules)
        .service(put_rules)
        .service(test_ticket)
        .service(activity);
}

fn view(p: &panels::Model, row: Option<&ticket_intake::Model>) -> TicketIntakeView {
    TicketIntakeView {
        panel_id: p.id.clone(),
        panel_name: p.name.clone(),
        intake: repo::intake_of(row),
        supported: p.kind == "perfectpanel_v2",
        last_run_at: row.and_then(|r| r.last_run_at),
        last_ok_at: row.and_then(|r| r.last_ok_at),
        last_error: row.and_then(|r| r.last_error.clone()),
        tickets_seen: row.map(|r| r.tickets_seen).unwrap_or(0),
        next_run_at: row.filter(|r| r.enabled).and_then(|r| r.next_run_at),
    }
}

/// Every panel's ticket medium: settings, and how its runner is doing.
#[utoipa::path(tag = "tickets", security(("bearer" = [])), responses((status = 200, body = Vec<TicketIntakeView>)))]
#[get("/tickets/panels")]
async fn list_intake(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<TicketIntakeView>>> {
    let panels = crate::panels::repo::list(&state.db, &member.tenant_id).await?;
    let rows = repo::intake_rows(&state.db, &member.tenant_id).await?;
    Ok(web::Json(panels.iter().map(|p| view(p, rows.iter().find(|r| r.panel_id == p.id))).collect()))
}

/// Switch a panel's tickets on or off, set the interval, the start time and the reply settings.
#[utoipa::path(tag = "tickets", security(("bearer" = [])), params(("panel_id" = String, Path)), request_body = TicketIntake,
    responses((status = 200, body = TicketIntakeView), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)))]
#[put("/tickets/panels/{panel_id}")]
async fn save_intake(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<TicketIntake>,
) -> AppResult<web::Json<TicketIntakeView>> {
    let panel = crate::panels::repo::get(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let intake = body.into_inner();
    intake.check().map_err(AppError::BadRequest)?;
    if intake.enabled {
        if panel.kind != "perfectpanel_v2" {
            return Err(AppError::BadRequest(
                "this panel's Admin API cannot list tickets (only Perfect Panel Admin API v2 can)".into(),
            ));
        }
        let medium = crate::billing::Need::Medium(shared::billing::Medium::Tickets);
        state.engine.billing.require(&state.db, &owner.tenant_id, medium).await?;
    }
    let (tenant, panel_id) = (owner.tenant_id.clone(), panel.id.clone());
    state.db.write(async |c| repo::save_intake(c, &tenant, &panel_id, intake).await.map(|_| ())).await?;
    let row = repo::intake_row(&state.db, &owner.tenant_id, &panel.id).await?;
    Ok(web::Json(view(&panel, row.as_ref())))
}

/// Read the panel's tickets now (it must be switched on); answers how the run went.
#[utoipa::path(tag = "tickets", security(("bearer" = [])), params(("panel_id" = String, Path)),
    responses((status = 200, body = TicketIntakeView), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)))]
#[post("/tickets/panels/{panel_id}/run")]
async fn run_now(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketIntakeView>> {
    let panel = crate::panels::repo::get(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let row = repo::intake_row(&state.db, &owner.tenant_id, &panel.id).await?;
    let Some(intake) = row.filter(|r| r.enabled) else {
        return Err(AppError::BadRequest("switch this panel's tickets on first".into()));
    };
    if !super::worker::run_panel(&state.engine, &state.engine.instance_id, intake).await? {
        return Err(AppError::Conflict(
            "the tickets of this panel are being read right now; try again in a minute".into(),
        ));
    }
    let row = repo::intake_row(&state.db, &owner.tenant_id, &panel.id).await?;
    Ok(web::Json(view(&panel, row.as_ref())))
}

/// The subject rules (the defaults until saved).
#[utoipa::path(tag = "tickets", security(("bearer" = [])), responses((status = 200, body = Vec<TicketRule>)))]
#[get("/tickets/rules")]
async fn get_rules(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<TicketRule>>> {
    Ok(web::Json(repo::rules(&state.db, &member.tenant_id).await?))
}

/// Replace the subject rules (the order is the order of matching).
#[utoipa::path(tag = "tickets", security(("bearer" = [])), request_body = Vec<TicketRule>,
    responses((status = 200, body = Vec<TicketRule>), (status = 400, body = ApiErrorBody)))]
#[put("/tickets/rules")]
async fn put_rules(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<Vec<TicketRule>>,
) -> AppResult<web::Json<Vec<TicketRule>>> {
    let rules: Vec<TicketRule> =
        body.into_inner().into_iter().map(|r| TicketRule { subject: r.subject.trim().to_string(), ..r }).collect();
    shared::tickets::check_rules(&rules).map_err(AppError::BadRequest)?;
    let tenant = owner.tenant_id.clone();
    state.db.write(async |c| repo::save_rules(c, &tenant, &rules).await).await?;
    Ok(web::Json(rules))
}

/// "Test a ticket": the decision for a subject and message, without touching the panel.
#[utoipa::path(tag = "tickets", security(("bearer" = [])), request_body = TicketTest,
    responses((status = 200, body = TicketDecision), (status = 400, body = ApiErrorBody)))]
#[post("/tickets/rules/test")]
async fn test_ticket(
    state: web::Data<AppState>,
    member: TenantMember,
    body: web::Json<TicketTest>,
) -> AppResult<web::Json<TicketDecision>> {
    let t = body.into_inner();
    if t.subject.chars().count() > 300 || t.message.chars().count() > 5_000 {
        return Err(AppError::BadRequest("the subject has at most 300 characters and the message 5000".into()));
    }
    let rules = match t.rules {
        Some(r) => {
            shared::tickets::check_rules(&r).map_err(AppError::BadRequest)?;
            r
        }
        None => repo::rules(&state.db, &member.tenant_id).await?,
    };
    let config = state.engine.config(&member.tenant_id).await?;
    let grammar = crate::settings::domain::grammar(&config.settings);
    let order: Vec<String> =
        t.order_id.iter().flat_map(|s| s.split([',', ' '])).filter(|s| !s.is_empty()).map(str::to_string).collect();
    if order.iter().any(|id| id.len() > 20 || !id.chars().all(|c| c.is_ascii_digit())) {
        return Err(AppError::BadRequest("the order field holds order ids (digits), separated by commas".into()));
    }
    Ok(web::Json(shared::tickets::decide(&rules, &t.subject, &t.message, &order, &grammar)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ActivityQuery {
    panel_id: Option<String>,
    /// `handled`, `left`, `refused`, `error`, `paused`, `working`
    outcome: Option<String>,
    ticket_id: Option<String>,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    page: Option<u64>,
    per_page: Option<u64>,
}

/// The ticket activity log, newest first: every customer message on a ticket and what became of it.
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(ActivityQuery),
    responses((status = 200, body = Page<TicketActivity>), (status = 400, body = ApiErrorBody)))]
#[get("/logs/tickets")]
async fn activity(
    state: web::Data<AppState>,
    caller: TenantCaller,
    q: web::Query<ActivityQuery>,
) -> AppResult<web::Json<Page<TicketActivity>>> {
    use ticket_activity::Column as C;
    let (page, per_page) =
        crate::logs::routes::checked_page(&[&q.panel_id, &q.outcome, &q.ticket_id], q.page, q.per_page)?;
    let mut find = ticket_activity::Entity::find().filter(C::TenantId.eq(caller.tenant_id.clone()));
    if let Some(p) = &q.panel_id {
        find = find.filter(C::PanelId.eq(p.clone()));
    }
    if let Some(o) = &q.outcome {
        find = find.filter(C::Outcome.eq(o.clone()));
    }
    if let Some(t) = &q.ticket_id {
        find = find.filter(C::TicketId.eq(t.clone()));
    }
    if let Some(from) = q.from {
        find = find.filter(C::At.gte(from));
    }
    if let Some(to) = q.to {
        find = find.filter(C::At.lt(to));
    }
    let pages = find.order_by_desc(C::At).paginate(state.db.conn(), per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(page - 1).await?;
    let names: std::collections::HashMap<String, String> =
        crate::panels::repo::list(&state.db, &caller.tenant_id).await?.into_iter().map(|p| (p.id, p.name)).collect();
    let items = rows
        .into_iter()
        .map(|r| TicketActivity {
            panel_name: names.get(&r.panel_id).cloned().unwrap_or_else(|| "(deleted panel)".into()),
            order_ids: serde_json::from_str(&r.order_ids).unwrap_or_default(),
            id: r.id,
            at: r.at,
            panel_id: r.panel_id,
            ticket_id: r.ticket_id,
            subject: r.subject,
            username: r.username,
            outcome: r.outcome,
            rule: r.rule,
            command: r.command,
            detail: r.detail,
            command_id: r.command_id,
            reply: r.reply,
            reply_state: r.reply_state,
        })
        .collect();
    Ok(web::Json(Page { items, total, page, per_page }))
}
