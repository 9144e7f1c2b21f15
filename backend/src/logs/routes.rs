//! The command, dispatch and cooldown logs.
use actix_web::{get, web};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use shared::commands::*;

use crate::auth::TenantCaller;
use crate::db::entities::{command_log, cooldowns, dispatches};
use crate::db::now;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(command_logs).service(dispatch_logs).service(cooldown_logs).service(message_logs);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LogQuery {
    /// Only entries at or after this time (RFC 3339).
    from: Option<chrono::DateTime<chrono::Utc>>,
    /// Only entries before this time (RFC 3339).
    to: Option<chrono::DateTime<chrono::Utc>>,
    /// Only entries about this order id.
    order_id: Option<String>,
    /// Only this command (refill, speed, cancel, status, balance, help).
    command: Option<String>,
    /// Only this outcome (accepted, refused, ...) or dispatch status (pending, sent, dead).
    outcome: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

const MAX_PAGE: u64 = 1_000_000;
const MAX_PER_PAGE: u64 = 200;
const MAX_FILTER_LEN: usize = 64;

/// A log query's text filters and page, checked: each filter bounded and without control
/// characters, the page and its size bounded (a page far past the end must not overflow the
/// database's offset arithmetic). Every log route reads its page through this.
pub(crate) fn checked_page(
    filters: &[&Option<String>],
    page: Option<u64>,
    per_page: Option<u64>,
) -> Result<(u64, u64), AppError> {
    if filters.iter().any(|v| v.as_ref().is_some_and(|v| v.chars().count() > 160 || v.chars().any(char::is_control))) {
        return Err(AppError::BadRequest("filters have at most 160 characters and no control characters".into()));
    }
    LogQuery { from: None, to: None, order_id: None, command: None, outcome: None, page, per_page }.paging()
}

impl LogQuery {
    /// The page and its size, both bounded.
    fn paging(&self) -> Result<(u64, u64), AppError> {
        for (name, value) in [("order_id", &self.order_id), ("command", &self.command), ("outcome", &self.outcome)] {
            if value.as_ref().is_some_and(|v| v.chars().count() > MAX_FILTER_LEN || v.chars().any(char::is_control)) {
                return Err(AppError::BadRequest(format!(
                    "{name} must have at most {MAX_FILTER_LEN} characters and no control characters"
                )));
            }
        }
        let page = self.page.unwrap_or(1);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(AppError::BadRequest(format!("page must be between 1 and {MAX_PAGE}")));
        }
        let per_page = self.per_page.unwrap_or(50);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(AppError::BadRequest(format!("per_page must be between 1 and {MAX_PER_PAGE}")));
        }
        Ok((page, per_page))
    }
}

/// The command log, newest first, with filters and pagination.
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(LogQuery), responses((status = 200, body = Page<CommandLogEntry>)))]
#[get("/logs/commands")]
async fn command_logs(
    state: web::Data<AppState>,
    member: TenantCaller,
    q: web::Query<LogQuery>,
) -> AppResult<web::Json<Page<CommandLogEntry>>> {
    let mut find = command_log::Entity::find().filter(command_log::Column::TenantId.eq(member.tenant_id));
    if let Some(from) = q.from {
        find = find.filter(command_log::Column::CreatedAt.gte(from));
    }
    if let Some(to) = q.to {
        find = find.filter(command_log::Column::CreatedAt.lt(to));
    }
    if let Some(id) = q.order_id.as_ref().filter(|s| s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty()) {
        find = find.filter(command_log::Column::OrderIds.contains(format!("\"{id}\"")));
    }
    if let Some(c) = &q.command {
        find = find.filter(command_log::Column::Command.eq(c.clone()));
    }
    if let Some(o) = &q.outcome {
        find = find.filter(command_log::Column::Outcome.eq(o.clone()));
    }
    let (page, per_page) = q.paging()?;
    let paginator = find.order_by_desc(command_log::Column::CreatedAt).paginate(&state.db, per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let items = rows
        .into_iter()
        .map(|r| CommandLogEntry {
            id: r.id,
            created_at: r.created_at,
            channel: r.channel,
            chat: r.chat,
            text: r.text,
            command: r.command,
            order_ids: serde_json::from_str(&r.order_ids).unwrap_or_default(),
            outcome: r.outcome,
            verdicts: serde_json::from_str(&r.verdicts).unwrap_or_default(),
            reply: r.reply,
            dry_run: r.dry_run,
            problem: r.problem,
        })
        .collect();
    Ok(web::Json(Page { items, total, page, per_page }))
}

/// The dispatch log: each provider message, its destination by name and provider by alias.
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(LogQuery), responses((status = 200, body = Page<DispatchLogEntry>)))]
#[get("/logs/dispatches")]
async fn dispatch_logs(
    state: web::Data<AppState>,
    member: TenantCaller,
    q: web::Query<LogQuery>,
) -> AppResult<web::Json<Page<DispatchLogEntry>>> {
    let mut find = dispatches::Entity::find().filter(dispatches::Column::TenantId.eq(member.tenant_id));
    if let Some(from) = q.from {
        find = find.filter(dispatches::Column::CreatedAt.gte(from));
    }
    if let Some(to) = q.to {
        find = find.filter(dispatches::Column::CreatedAt.lt(to));
    }
    if let Some(c) = &q.command {
        find = find.filter(dispatches::Column::Action.eq(c.clone()));
    }
    if let Some(o) = &q.outcome {
        find = find.filter(dispatches::Column::Status.eq(o.clone()));
    }
    let (page, per_page) = q.paging()?;
    let paginator = find.order_by_desc(dispatches::Column::CreatedAt).paginate(&state.db, per_page);
    let total = paginator.num_items().await?;
    let items = paginator
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|d| DispatchLogEntry {
            id: d.id,
            command_id: d.command_id,
            created_at: d.created_at,
            destination_name: d.destination_name,
            provider_alias: d.provider_alias,
            action: d.action,
            message: d.message,
            status: d.status.as_str().to_string(),
            attempts: u32::try_from(d.attempts).unwrap_or(0),
            last_error: d.last_error,
            sent_at: d.sent_at,
        })
        .collect();
    Ok(web::Json(Page { items, total, page, per_page }))
}

/// Cooldowns still running.
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(LogQuery), responses((status = 200, body = Page<CooldownEntry>)))]
#[get("/logs/cooldowns")]
async fn cooldown_logs(
    state: web::Data<AppState>,
    member: TenantCaller,
    q: web::Query<LogQuery>,
) -> AppResult<web::Json<Page<CooldownEntry>>> {
    let mut find = cooldowns::Entity::find()
        .filter(cooldowns::Column::TenantId.eq(member.tenant_id))
        .filter(cooldowns::Column::Until.gt(now()));
    if let Some(id) = &q.order_id {
        find = find.filter(cooldowns::Column::OrderId.eq(id.clone()));
    }
    if let Some(c) = &q.command {
        find = find.filter(cooldowns::Column::Action.eq(c.clone()));
    }
    let (page, per_page) = q.paging()?;
    let paginator = find.order_by_desc(cooldowns::Column::CreatedAt).paginate(&state.db, per_page);
    let total = paginator.num_items().await?;
    let items = paginator
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|c| CooldownEntry { order_id: c.order_id, action: c.action, until: c.until, created_at: c.created_at })
        .collect();
    Ok(web::Json(Page { items, total, page, per_page }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MessageQuery {
    /// `telegram` or `whatsapp`
    channel: Option<String>,
    /// `in` or `out`
    direction: Option<String>,
    /// `command`, `reply`, `ignored`, `link`, `duplicate`, `paused`, `sent`, `failed`
    outcome: Option<String>,
    /// One chat (its id as the channel gives it).
    chat: Option<String>,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    page: Option<u64>,
    per_page: Option<u64>,
}

/// The message log, newest first: every chat message in (also the ignored ones, with why) and
/// every answer out, for the workspace's retention (Settings).
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(MessageQuery),
    responses((status = 200, body = Page<shared::tickets::MessageLogRow>), (status = 400, body = shared::ApiErrorBody)))]
#[get("/logs/messages")]
async fn message_logs(
    state: web::Data<AppState>,
    member: TenantCaller,
    q: web::Query<MessageQuery>,
) -> AppResult<web::Json<Page<shared::tickets::MessageLogRow>>> {
    use crate::db::entities::message_log::{Column as C, Entity};
    let (page, per_page) = checked_page(&[&q.channel, &q.direction, &q.outcome, &q.chat], q.page, q.per_page)?;
    let mut find = Entity::find().filter(C::TenantId.eq(member.tenant_id));
    for (col, value) in
        [(C::Channel, &q.channel), (C::Direction, &q.direction), (C::Outcome, &q.outcome), (C::Chat, &q.chat)]
    {
        if let Some(v) = value {
            find = find.filter(col.eq(v.clone()));
        }
    }
    if let Some(from) = q.from {
        find = find.filter(C::At.gte(from));
    }
    if let Some(to) = q.to {
        find = find.filter(C::At.lt(to));
    }
    let pages = find.order_by_desc(C::At).paginate(state.db.conn(), per_page);
    let total = pages.num_items().await?;
    let items = pages.fetch_page(page - 1).await?.into_iter().map(crate::logs::messages::to_api).collect();
    Ok(web::Json(Page { items, total, page, per_page }))
}
