//! Links, admin chats and dedupe keys; every function takes the tenant id first.
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::commands::{AdminChat, ChatLink};

use super::domain::LinkState;
use crate::db::entities::chat_links::LinkStatus;
use crate::db::entities::{admin_chats, chat_links, inbound_keys};
use crate::db::{new_id, now};
use crate::error::AppError;

pub fn link_dto(l: chat_links::Model) -> ChatLink {
    ChatLink {
        id: l.id,
        panel_id: l.panel_id,
        channel: l.channel,
        sender_id: l.sender_id,
        username: l.username,
        status: l.status.as_str().to_string(),
        created_at: l.created_at,
    }
}

pub fn admin_dto(a: admin_chats::Model) -> AdminChat {
    AdminChat { id: a.id, channel: a.channel, chat_id: a.chat_id, label: a.label, created_at: a.created_at }
}

/// Whether this message was handled before (its delivery key is recorded with its outcome).
pub async fn delivered_before(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    channel: &str,
    source: &str,
    key: &str,
) -> Result<bool, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(inbound_keys::Entity::find()
        .filter(inbound_keys::Column::TenantId.eq(tenant_id))
        .filter(inbound_keys::Column::Channel.eq(channel))
        .filter(inbound_keys::Column::Source.eq(source))
        .filter(inbound_keys::Column::MessageKey.eq(key))
        .count(db)
        .await?
        > 0)
}

/// Records a delivered message that became no command; `false` when it was delivered before.
pub async fn first_delivery(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    channel: &str,
    source: &str,
    key: &str,
) -> Result<bool, AppError> {
    let row = inbound_keys::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        channel: Set(channel.to_string()),
        source: Set(source.to_string()),
        message_key: Set(key.to_string()),
        received_at: Set(now()),
    };
    let inserted = inbound_keys::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                inbound_keys::Column::Channel,
                inbound_keys::Column::Source,
                inbound_keys::Column::MessageKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

pub async fn link_of(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    channel: &str,
    sender_id: &str,
) -> Result<Option<chat_links::Model>, AppError> {
    Ok(chat_links::Entity::find()
        .filter(chat_links::Column::TenantId.eq(tenant_id))
        .filter(chat_links::Column::PanelId.eq(panel_id))
        .filter(chat_links::Column::Channel.eq(channel))
        .filter(chat_links::Column::SenderId.eq(sender_id))
        .one(db)
        .await?)
}

pub fn state_of(link: Option<&chat_links::Model>) -> LinkState {
    match link.map(|l| (l.status, l.username.clone())) {
        Some((LinkStatus::Approved, u)) => LinkState::Approved(u),
        Some((LinkStatus::Pending, u)) => LinkState::Pending(u),
        Some((LinkStatus::Rejected, _)) => LinkState::Rejected,
        None => LinkState::None,
    }
}

/// Stores a link request (or re-opens a rejected one) as pending.
pub async fn request_link(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    channel: &str,
    sender_id: &str,
    username: &str,
    status: LinkStatus,
) -> Result<chat_links::Model, AppError> {
    if let Some(existing) = link_of(db, tenant_id, panel_id, channel, sender_id).await? {
        let mut active: chat_links::ActiveModel = existing.into();
        active.username = Set(username.to_string());
        active.status = Set(status);
        active.decided_at = Set(None);
        return Ok(active.update(db).await?);
    }
    let row = chat_links::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        panel_id: Set(panel_id.to_string()),
        channel: Set(channel.to_string()),
        sender_id: Set(sender_id.to_string()),
        username: Set(username.to_string()),
        status: Set(status),
        created_at: Set(now()),
        decided_at: Set((status == LinkStatus::Approved).then(now)),
    };
    row.insert(db)
        .await
        .map_err(|e| crate::auth::repo::unique_violation(e, "this chat is already linked on this panel"))
}

pub async fn links(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<chat_links::Model>, AppError> {
    Ok(chat_links::Entity::find()
        .filter(chat_links::Column::TenantId.eq(tenant_id))
        .order_by_desc(chat_links::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn link(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<chat_links::Model, AppError> {
    chat_links::Entity::find_by_id(id.to_string())
        .filter(chat_links::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("linked chat"))
}

pub async fn is_admin_chat(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    channel: &str,
    chat_id: &str,
) -> Result<bool, AppError> {
    Ok(admin_chats::Entity::find()
        .filter(admin_chats::Column::TenantId.eq(tenant_id))
        .filter(admin_chats::Column::Channel.eq(channel))
        .filter(admin_chats::Column::ChatId.eq(chat_id))
        .one(db)
        .await?
        .is_some())
}
