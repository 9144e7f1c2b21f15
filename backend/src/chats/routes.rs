//! Linked customer chats (approve, reject, add, edit, remove) and admin chats.
use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::ApiErrorBody;
use shared::commands::{AdminChat, ChatLink, SaveAdminChat, SaveChatLink, UpdateChatLink};

use super::domain::parse_link_request;
use super::repo::{self, admin_dto, link_dto};
use crate::auth::{TenantMember, TenantOwner};
use crate::db::entities::chat_links::LinkStatus;
use crate::db::entities::{admin_chats, chat_links};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_links)
        .service(add_link)
        .service(update_link)
        .service(delete_link)
        .service(list_admin_chats)
        .service(add_admin_chat)
        .service(delete_admin_chat);
}

fn clean_channel(c: &str) -> Result<String, AppError> {
    match c.trim() {
        "telegram" | "whatsapp" => Ok(c.trim().to_string()),
        _ => Err(AppError::BadRequest("the channel is telegram or whatsapp".into())),
    }
}

fn clean_chat_id(id: &str, what: &str) -> Result<String, AppError> {
    let id = id.trim();
    if id.is_empty() || id.len() > 64 || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::BadRequest(format!(
            "the {what} is a Telegram id or a WhatsApp id like 79001234567@c.us"
        )));
    }
    Ok(id.to_string())
}

fn clean_username(u: &str) -> Result<String, AppError> {
    parse_link_request(&format!("link {}", u.trim())).ok_or_else(|| {
        AppError::BadRequest("the username is the customer's panel username (letters, digits, _ . - @)".into())
    })
}

/// Customers' chats and the panel usernames they are linked to (pending ones wait for approval).
#[utoipa::path(tag = "chats", security(("bearer" = [])), responses((status = 200, body = Vec<ChatLink>)))]
#[get("/links")]
async fn list_links(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<ChatLink>>> {
    Ok(web::Json(repo::links(&state.db, &member.tenant_id).await?.into_iter().map(link_dto).collect()))
}

/// Link a chat to a username by hand (owner only); it is approved at once.
#[utoipa::path(tag = "chats", security(("bearer" = [])), request_body = SaveChatLink, responses(
    (status = 201, body = ChatLink), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/links")]
async fn add_link(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveChatLink>,
) -> AppResult<HttpResponse> {
    state
        .engine
        .billing
        .require(&state.db, &owner.tenant_id, crate::billing::Need::Room(crate::billing::Limit::LinkedChats))
        .await?;
    let b = body.into_inner();
    let panel = crate::panels::repo::get(&state.db, &owner.tenant_id, &b.panel_id).await?;
    let (channel, sender, username) =
        (clean_channel(&b.channel)?, clean_chat_id(&b.sender_id, "chat id")?, clean_username(&b.username)?);
    if repo::link_of(&state.db, &owner.tenant_id, &panel.id, &channel, &sender).await?.is_some() {
        return Err(AppError::Conflict("this chat is already linked on this panel; edit that link instead".into()));
    }
    let row =
        repo::request_link(&state.db, &owner.tenant_id, &panel.id, &channel, &sender, &username, LinkStatus::Approved)
            .await?;
    Ok(HttpResponse::Created().json(link_dto(row)))
}

/// Approve, reject or change a link (owner only).
#[utoipa::path(tag = "chats", security(("bearer" = [])), params(("link_id" = String, Path)), request_body = UpdateChatLink, responses(
    (status = 200, body = ChatLink), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/links/{link_id}")]
async fn update_link(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<UpdateChatLink>,
) -> AppResult<web::Json<ChatLink>> {
    let row = repo::link(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    let b = body.into_inner();
    let was_approved = row.status == LinkStatus::Approved;
    let mut active: chat_links::ActiveModel = row.into();
    if let Some(u) = b.username {
        active.username = Set(clean_username(&u)?);
    }
    if let Some(s) = b.status {
        let status = match s.as_str() {
            "approved" => LinkStatus::Approved,
            "rejected" => LinkStatus::Rejected,
            "pending" => LinkStatus::Pending,
            _ => return Err(AppError::BadRequest("the status is approved, rejected or pending".into())),
        };
        if status == LinkStatus::Approved && !was_approved {
            let room = crate::billing::Need::Room(crate::billing::Limit::LinkedChats);
            state.engine.billing.require(&state.db, &owner.tenant_id, room).await?;
        }
        active.status = Set(status);
        active.decided_at = Set(Some(now()));
    }
    Ok(web::Json(link_dto(active.update(&state.db).await?)))
}

/// Remove a link (owner only).
#[utoipa::path(tag = "chats", security(("bearer" = [])), params(("link_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/links/{link_id}")]
async fn delete_link(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = repo::link(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    chat_links::Entity::delete_by_id(row.id).exec(&state.db).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Chats whose members may act on any order.
#[utoipa::path(tag = "chats", security(("bearer" = [])), responses((status = 200, body = Vec<AdminChat>)))]
#[get("/admin-chats")]
async fn list_admin_chats(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<AdminChat>>> {
    let rows = admin_chats::Entity::find()
        .filter(admin_chats::Column::TenantId.eq(member.tenant_id))
        .order_by_asc(admin_chats::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(admin_dto).collect()))
}

/// Mark a chat as an admin chat (owner only).
#[utoipa::path(tag = "chats", security(("bearer" = [])), request_body = SaveAdminChat, responses(
    (status = 201, body = AdminChat), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/admin-chats")]
async fn add_admin_chat(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<SaveAdminChat>,
) -> AppResult<HttpResponse> {
    let module = crate::billing::Need::Module(shared::billing::Module::AdminChats);
    state.engine.billing.require(&state.db, &owner.tenant_id, module).await?;
    let b = body.into_inner();
    let label = crate::auth::domain::clean_name(&b.label, "label").map_err(AppError::BadRequest)?;
    let row = admin_chats::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(owner.tenant_id.clone()),
        channel: Set(clean_channel(&b.channel)?),
        chat_id: Set(clean_chat_id(&b.chat_id, "chat id")?),
        label: Set(label),
        created_at: Set(now()),
    }
    .insert(&state.db)
    .await
    .map_err(|e| crate::auth::repo::unique_violation(e, "this chat is already an admin chat"))?;
    Ok(HttpResponse::Created().json(admin_dto(row)))
}

/// Stop treating a chat as an admin chat (owner only).
#[utoipa::path(tag = "chats", security(("bearer" = [])), params(("admin_chat_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/admin-chats/{admin_chat_id}")]
async fn delete_admin_chat(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let result = admin_chats::Entity::delete_many()
        .filter(admin_chats::Column::TenantId.eq(owner.tenant_id))
        .filter(admin_chats::Column::Id.eq(path.into_inner()))
        .exec(&state.db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound("admin chat"));
    }
    Ok(HttpResponse::NoContent().finish())
}
