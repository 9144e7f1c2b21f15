//! The command engine's REST API: dry runs and integrator commands, settings and templates,
//! destinations and routes, service rules, and the logs.
use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::Deserialize;
use shared::ApiErrorBody;
use shared::commands::*;

use super::pipeline::{Inbound, handle_inbound};
use super::repo::{self, destination_dto, kind_to_db};
use crate::auth::domain::clean_name;
use crate::auth::{Actor, TenantMember, TenantOwner};
use crate::db::entities::{command_log, cooldowns, destinations, dispatches, provider_routes, service_routes};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(super::service_routes::configure)
        .service(simulate)
        .service(run_command)
        .service(get_settings)
        .service(put_settings)
        .service(get_templates)
        .service(put_templates)
        .service(list_destinations)
        .service(create_destination)
        .service(update_destination)
        .service(delete_destination)
        .service(list_provider_routes)
        .service(put_provider_route)
        .service(list_service_routes)
        .service(create_service_route)
        .service(delete_service_route)
        .service(command_logs)
        .service(dispatch_logs)
        .service(cooldown_logs);
}

const MAX_TEXT: usize = 10_000;

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
    member: TenantMember,
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
        username: b.username.filter(|u| !u.trim().is_empty()),
        dry_run: true,
    };
    Ok(web::Json(handle_inbound(&state, inbound).await?))
}

/// Run a customer's command for real (integrators, with an API key): the same pipeline as the
/// chat channels, for the given panel username.
#[utoipa::path(tag = "commands", security(("bearer" = [])), request_body = CommandRequest, responses(
    (status = 200, body = CommandResult), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/commands")]
async fn run_command(
    state: web::Data<AppState>,
    member: TenantMember,
    body: web::Json<CommandRequest>,
) -> AppResult<web::Json<CommandResult>> {
    let b = body.into_inner();
    check_text(&b.text)?;
    if b.username.trim().is_empty() {
        return Err(AppError::BadRequest("give the customer's panel username".into()));
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
    };
    Ok(web::Json(handle_inbound(&state, inbound).await?))
}

/// The command engine's settings.
#[utoipa::path(tag = "settings", security(("bearer" = [])), responses((status = 200, body = CommandSettings)))]
#[get("/settings")]
async fn get_settings(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<CommandSettings>> {
    Ok(web::Json(repo::settings(&state.db, &member.tenant_id).await?.0))
}

fn validate_settings(s: &CommandSettings) -> Result<(), AppError> {
    let bad = |m: &str| Err(AppError::BadRequest(m.to_string()));
    for h in [s.cooldown_hours_refill, s.cooldown_hours_speed, s.cooldown_hours_cancel] {
        if !(0.0..=720.0).contains(&h) {
            return bad("cooldowns must be between 0 and 720 hours");
        }
    }
    if !(1..=500).contains(&s.max_ids) {
        return bad("the bulk cap must be between 1 and 500 ids");
    }
    if s.cancel_statuses.iter().any(|c| !["pending", "in_progress", "processing"].contains(&c.as_str())) {
        return bad("cancel statuses are pending, in_progress and processing");
    }
    if !["easy", "advanced"].contains(&s.service_rules_mode.as_str()) {
        return bad("service rules mode is easy or advanced");
    }
    if s.extra_words.iter().any(|w| w.word.trim().is_empty() || w.word.chars().count() > 40) {
        return bad("extra words must have 1 to 40 characters");
    }
    Ok(())
}

/// Save the command engine's settings (owner only).
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = CommandSettings, responses(
    (status = 200, body = CommandSettings), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/settings")]
async fn put_settings(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CommandSettings>,
) -> AppResult<web::Json<CommandSettings>> {
    let settings = body.into_inner();
    validate_settings(&settings)?;
    for id in [&settings.manual_destination_id, &settings.fallback_destination_id].into_iter().flatten() {
        repo::destination(&state.db, &owner.tenant_id, id).await?;
    }
    let (_, templates) = repo::settings(&state.db, &owner.tenant_id).await?;
    repo::save_settings(&state.db, &owner.tenant_id, &settings, &templates).await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(settings))
}

/// The customer reply templates.
#[utoipa::path(tag = "settings", security(("bearer" = [])), responses((status = 200, body = Templates)))]
#[get("/templates")]
async fn get_templates(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Templates>> {
    Ok(web::Json(repo::settings(&state.db, &member.tenant_id).await?.1))
}

/// Save the customer reply templates (owner only). An empty template goes back to the default.
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = Templates, responses(
    (status = 200, body = Templates), (status = 400, body = ApiErrorBody)))]
#[put("/templates")]
async fn put_templates(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<Templates>,
) -> AppResult<web::Json<Templates>> {
    let mut t = body.into_inner();
    let d = Templates::default();
    let fields: [(&mut String, &String); 15] = [
        (&mut t.refill_ok, &d.refill_ok),
        (&mut t.speed_ok, &d.speed_ok),
        (&mut t.cancel_ok, &d.cancel_ok),
        (&mut t.status, &d.status),
        (&mut t.refused, &d.refused),
        (&mut t.not_your_order, &d.not_your_order),
        (&mut t.not_found, &d.not_found),
        (&mut t.provider_missing, &d.provider_missing),
        (&mut t.route_missing, &d.route_missing),
        (&mut t.api_problem, &d.api_problem),
        (&mut t.cooldown, &d.cooldown),
        (&mut t.bulk_summary, &d.bulk_summary),
        (&mut t.help, &d.help),
        (&mut t.balance, &d.balance),
        (&mut t.balance_unavailable, &d.balance_unavailable),
    ];
    for (value, default) in fields {
        if value.trim().is_empty() {
            *value = default.clone();
        }
        if value.chars().count() > 2000 {
            return Err(AppError::BadRequest("a template must have at most 2000 characters".into()));
        }
    }
    let (settings, _) = repo::settings(&state.db, &owner.tenant_id).await?;
    repo::save_settings(&state.db, &owner.tenant_id, &settings, &t).await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(t))
}

fn clean_destination(b: &SaveDestination) -> Result<(String, String), AppError> {
    let name = clean_name(&b.name, "destination name").map_err(AppError::BadRequest)?;
    let address = b.address.trim().to_string();
    let ok = match b.kind {
        DestinationKind::TelegramGroup | DestinationKind::TelegramUser => {
            address.strip_prefix('-').unwrap_or(&address).chars().all(|c| c.is_ascii_digit())
                && !address.trim_start_matches('-').is_empty()
                && address.len() <= 20
        }
        DestinationKind::WhatsappGroup => address.ends_with("@g.us") && address.len() <= 60,
        DestinationKind::WhatsappNumber => {
            let digits = address.trim_end_matches("@c.us").trim_start_matches('+');
            (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        }
    };
    if !ok {
        return Err(AppError::BadRequest(
            "the address must be a Telegram chat id (e.g. -1001234567890), a WhatsApp group id ending in @g.us, or a phone number with country code".into(),
        ));
    }
    Ok((name, address))
}

/// Provider destinations: WhatsApp groups and numbers, Telegram groups and users.
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<Destination>)))]
#[get("/destinations")]
async fn list_destinations(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Destination>>> {
    Ok(web::Json(repo::destinations(&state.db, &member.tenant_id).await?.into_iter().map(destination_dto).collect()))
}

/// Add a destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), request_body = SaveDestination, responses(
    (status = 201, body = Destination), (status = 400, body = ApiErrorBody)))]
#[post("/destinations")]
async fn create_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveDestination>,
) -> AppResult<HttpResponse> {
    let (name, address) = clean_destination(&body)?;
    let row = destinations::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(owner.tenant_id.clone()),
        name: Set(name),
        kind: Set(kind_to_db(body.kind).to_string()),
        address: Set(address),
        enabled: Set(body.enabled),
        created_at: Set(now()),
    }
    .insert(&state.db)
    .await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::Created().json(destination_dto(row)))
}

/// Edit a destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("destination_id" = String, Path)), request_body = SaveDestination,
    responses((status = 200, body = Destination), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/destinations/{destination_id}")]
async fn update_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<SaveDestination>,
) -> AppResult<web::Json<Destination>> {
    let row = repo::destination(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let (name, address) = clean_destination(&body)?;
    let mut active: destinations::ActiveModel = row.into();
    active.name = Set(name);
    active.kind = Set(kind_to_db(body.kind).to_string());
    active.address = Set(address);
    active.enabled = Set(body.enabled);
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(destination_dto(active.update(&state.db).await?)))
}

/// Delete a destination and the routes that use it (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("destination_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/destinations/{destination_id}")]
async fn delete_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = repo::destination(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    provider_routes::Entity::delete_many()
        .filter(provider_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(provider_routes::Column::DestinationId.eq(row.id.clone()))
        .exec(&state.db)
        .await?;
    service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_routes::Column::DestinationId.eq(row.id.clone()))
        .exec(&state.db)
        .await?;
    destinations::Entity::delete_by_id(row.id).exec(&state.db).await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
}

/// Every provider alias with its route (destination, toggle, message templates).
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<ProviderRoute>)))]
#[get("/routes/providers")]
async fn list_provider_routes(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<Vec<ProviderRoute>>> {
    let routes = provider_routes::Entity::find()
        .filter(provider_routes::Column::TenantId.eq(member.tenant_id.clone()))
        .all(&state.db)
        .await?;
    let providers = crate::providers::repo::list(&state.db, &member.tenant_id).await?;
    Ok(web::Json(
        providers
            .into_iter()
            .map(|p| {
                let route = routes.iter().find(|r| r.provider_id == p.id);
                ProviderRoute {
                    provider_id: p.id,
                    provider_alias: p.alias,
                    destination_id: route.map(|r| r.destination_id.clone()),
                    enabled: route.is_some_and(|r| r.enabled),
                    templates: route.and_then(|r| serde_json::from_str(&r.templates).ok()).unwrap_or_default(),
                }
            })
            .collect(),
    ))
}

fn check_template(t: &RouteTemplates) -> Result<(), AppError> {
    for text in [&t.refill, &t.speed, &t.cancel] {
        if text.chars().count() > 500 {
            return Err(AppError::BadRequest("a message template must have at most 500 characters".into()));
        }
        if !text.trim().is_empty() && !text.contains("{external_id") && !text.contains("{order_id") {
            return Err(AppError::BadRequest("a message template must contain {external_ids} (or {order_ids})".into()));
        }
    }
    Ok(())
}

/// Route a provider alias to a destination (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("provider_id" = String, Path)), request_body = SaveProviderRoute,
    responses((status = 200, body = ProviderRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/routes/providers/{provider_id}")]
async fn put_provider_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<SaveProviderRoute>,
) -> AppResult<web::Json<ProviderRoute>> {
    let b = body.into_inner();
    let provider = crate::providers::repo::get(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    repo::destination(&state.db, &owner.tenant_id, &b.destination_id).await?;
    check_template(&b.templates)?;
    let existing = provider_routes::Entity::find()
        .filter(provider_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(provider_routes::Column::ProviderId.eq(provider.id.clone()))
        .one(&state.db)
        .await?;
    let templates = serde_json::to_string(&b.templates).unwrap_or_default();
    match existing {
        Some(row) => {
            let mut active: provider_routes::ActiveModel = row.into();
            active.destination_id = Set(b.destination_id.clone());
            active.enabled = Set(b.enabled);
            active.templates = Set(templates);
            active.update(&state.db).await?;
        }
        None => {
            provider_routes::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(owner.tenant_id.clone()),
                provider_id: Set(provider.id.clone()),
                destination_id: Set(b.destination_id.clone()),
                enabled: Set(b.enabled),
                templates: Set(templates),
                created_at: Set(now()),
            }
            .insert(&state.db)
            .await?;
        }
    }
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(web::Json(ProviderRoute {
        provider_id: provider.id,
        provider_alias: provider.alias,
        destination_id: Some(b.destination_id),
        enabled: b.enabled,
        templates: b.templates,
    }))
}

fn service_route_dto(r: service_routes::Model) -> ServiceRoute {
    ServiceRoute { id: r.id, service_id: r.service_id, destination_id: r.destination_id, enabled: r.enabled }
}

/// Service-ID rules: a service id that always goes to one destination.
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses((status = 200, body = Vec<ServiceRoute>)))]
#[get("/routes/services")]
async fn list_service_routes(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<Vec<ServiceRoute>>> {
    let rows = service_routes::Entity::find()
        .filter(service_routes::Column::TenantId.eq(member.tenant_id))
        .order_by_asc(service_routes::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(service_route_dto).collect()))
}

/// Add or replace a service-ID rule (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), request_body = SaveServiceRoute, responses(
    (status = 201, body = ServiceRoute), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/routes/services")]
async fn create_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveServiceRoute>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let service_id = b.service_id.trim().to_string();
    if service_id.is_empty() || service_id.len() > 20 || !service_id.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::BadRequest("the service id is the number from your panel's Services page".into()));
    }
    repo::destination(&state.db, &owner.tenant_id, &b.destination_id).await?;
    service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_routes::Column::ServiceId.eq(service_id.clone()))
        .exec(&state.db)
        .await?;
    let row = service_routes::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(owner.tenant_id.clone()),
        service_id: Set(service_id),
        destination_id: Set(b.destination_id),
        enabled: Set(b.enabled),
        created_at: Set(now()),
    }
    .insert(&state.db)
    .await?;
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::Created().json(service_route_dto(row)))
}

/// Remove a service-ID rule (owner only).
#[utoipa::path(tag = "routing", security(("bearer" = [])), params(("route_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/routes/services/{route_id}")]
async fn delete_service_route(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let result = service_routes::Entity::delete_many()
        .filter(service_routes::Column::TenantId.eq(owner.tenant_id.clone()))
        .filter(service_routes::Column::Id.eq(path.into_inner()))
        .exec(&state.db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound("service rule"));
    }
    state.config_cache.invalidate(&owner.tenant_id);
    Ok(HttpResponse::NoContent().finish())
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

impl LogQuery {
    fn paging(&self) -> (u64, u64) {
        (self.page.unwrap_or(1).max(1), self.per_page.unwrap_or(50).clamp(1, 200))
    }
}

/// The command log, newest first, with filters and pagination.
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(LogQuery), responses((status = 200, body = Page<CommandLogEntry>)))]
#[get("/logs/commands")]
async fn command_logs(
    state: web::Data<AppState>,
    member: TenantMember,
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
    let (page, per_page) = q.paging();
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
        })
        .collect();
    Ok(web::Json(Page { items, total, page, per_page }))
}

/// The dispatch log: each provider message, its destination by name and provider by alias.
#[utoipa::path(tag = "logs", security(("bearer" = [])), params(LogQuery), responses((status = 200, body = Page<DispatchLogEntry>)))]
#[get("/logs/dispatches")]
async fn dispatch_logs(
    state: web::Data<AppState>,
    member: TenantMember,
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
    let (page, per_page) = q.paging();
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
            status: d.status,
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
    member: TenantMember,
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
    let (page, per_page) = q.paging();
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
