//! Channel rows (tokens and webhook secrets sealed per tenant and row) and the durable inbox.
//! Every owner-facing function takes the tenant id first; the webhook receivers find a channel
//! by the id in their URL and then prove it with the channel's secret.
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::db::entities::channel_inbox::InboxStatus;
use crate::db::entities::channels::Kind;
use crate::db::entities::{channel_inbox, channels, destinations, dispatches};
use crate::db::now;
use crate::dispatch::DispatchStatus;
use crate::error::AppError;
use crate::secrets::{SealScope, Secret, SecretBox};

pub fn seal(
    secrets: &SecretBox,
    tenant_id: &str,
    channel_id: &str,
    which: &str,
    value: &str,
) -> Result<String, crate::secrets::SealError> {
    let row = format!("{channel_id}:{which}");
    secrets.seal(SealScope { tenant: tenant_id, table: "channels", row: &row }, value)
}

fn open(secrets: &SecretBox, c: &channels::Model, which: &str, sealed: &str) -> Result<Secret<String>, AppError> {
    let row = format!("{}:{which}", c.id);
    secrets
        .open(SealScope { tenant: &c.tenant_id, table: "channels", row: &row }, sealed)
        .map_err(|e| AppError::internal("open channel secret", e))
}

pub fn token(secrets: &SecretBox, c: &channels::Model) -> Result<Secret<String>, AppError> {
    open(secrets, c, "token", &c.token_sealed)
}

pub fn hook_secret(secrets: &SecretBox, c: &channels::Model) -> Result<Option<Secret<String>>, AppError> {
    c.hook_secret_sealed.as_deref().map(|s| open(secrets, c, "hook", s)).transpose()
}

pub async fn list(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<channels::Model>, AppError> {
    Ok(channels::Entity::find()
        .filter(channels::Column::TenantId.eq(tenant_id))
        .order_by_asc(channels::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<channels::Model, AppError> {
    channels::Entity::find_by_id(id.to_string())
        .filter(channels::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("channel"))
}

/// For the webhook receivers only: the caller must then check the channel's secret.
pub async fn find_for_webhook(
    db: &impl ConnectionTrait,
    id: &str,
    kind: &str,
) -> Result<Option<channels::Model>, AppError> {
    if id.len() > 36 {
        return Ok(None);
    }
    Ok(channels::Entity::find_by_id(id.to_string()).filter(channels::Column::Kind.eq(kind)).one(db).await?)
}

/// Every enabled channel its workspace's plan allows (the pollers and senders start from this).
pub async fn enabled(db: &impl ConnectionTrait) -> Result<Vec<channels::Model>, AppError> {
    Ok(channels::Entity::find()
        .filter(channels::Column::Enabled.eq(true))
        .filter(channels::Column::PlanBlocked.eq(false))
        .all(db)
        .await?)
}

/// The channel a provider message or reply goes out through: the panel's own channel of that
/// kind first, else any enabled channel of that kind of the tenant.
pub async fn for_sending(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: Option<&str>,
    kind: &str,
) -> Result<Option<channels::Model>, AppError> {
    let candidates = channels::Entity::find()
        .filter(channels::Column::TenantId.eq(tenant_id))
        .filter(channels::Column::Kind.eq(kind))
        .filter(channels::Column::Enabled.eq(true))
        .filter(channels::Column::PlanBlocked.eq(false))
        .order_by_asc(channels::Column::CreatedAt)
        .all(db)
        .await?;
    let preferred = panel_id.and_then(|p| candidates.iter().position(|c| c.panel_id == p));
    Ok(match preferred {
        Some(i) => candidates.into_iter().nth(i),
        None => candidates.into_iter().next(),
    })
}

pub async fn insert(db: &impl ConnectionTrait, row: channels::ActiveModel) -> Result<channels::Model, AppError> {
    row.insert(db).await.map_err(|e| {
        crate::auth::repo::unique_violation(e, "this bot or WhatsApp instance is already connected to a workspace")
    })
}

pub async fn save(db: &impl ConnectionTrait, row: channels::ActiveModel) -> Result<channels::Model, AppError> {
    Ok(row.update(db).await?)
}

pub async fn delete(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<(), AppError> {
    let result = channels::Entity::delete_many()
        .filter(channels::Column::TenantId.eq(tenant_id))
        .filter(channels::Column::Id.eq(id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 { Err(AppError::NotFound("channel")) } else { Ok(()) }
}

/// Health: `ok` clears the reason; `unhealthy` keeps the channel on but explains what is wrong.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: &str,
    status: &str,
    reason: Option<&str>,
) -> Result<(), AppError> {
    channels::Entity::update_many()
        .col_expr(channels::Column::Status, Expr::value(status))
        .col_expr(channels::Column::StatusReason, Expr::value(reason.map(str::to_string)))
        .filter(channels::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn touch_send(db: &impl ConnectionTrait, id: &str) -> Result<(), AppError> {
    channels::Entity::update_many()
        .col_expr(channels::Column::LastSendAt, Expr::value(now()))
        .filter(channels::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn save_offset(db: &impl ConnectionTrait, id: &str, offset: i64) -> Result<(), AppError> {
    channels::Entity::update_many()
        .col_expr(channels::Column::PollOffset, Expr::value(offset))
        .filter(channels::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// How long an inbox item stays with the instance that claimed it; that instance's heartbeat
/// extends it every 10 seconds, so only a dead instance's items lapse.
pub const INBOX_LEASE_SECS: i64 = 30;

fn claimable(now: chrono::DateTime<chrono::Utc>) -> sea_orm::Condition {
    use sea_orm::Condition;
    Condition::any().add(channel_inbox::Column::Status.eq(InboxStatus::New)).add(
        Condition::all().add(channel_inbox::Column::Status.eq(InboxStatus::Working)).add(
            Condition::any()
                .add(channel_inbox::Column::LeaseUntil.is_null())
                .add(channel_inbox::Column::LeaseUntil.lt(now)),
        ),
    )
}

/// The oldest waiting inbox items, claimed (→ working, with `holder`'s lease) in one statement,
/// so that two workers never process the same one. Waiting means new, or left `working` by an
/// instance whose lease lapsed (it died): the engine's own dedupe key makes sure a message that
/// was already handled there is not handled twice. A live instance's items are never taken.
pub async fn claim_new(
    db: &impl ConnectionTrait,
    holder: &str,
    limit: u64,
) -> Result<Vec<channel_inbox::Model>, AppError> {
    use sea_orm::sea_query::{ExprTrait, Query};
    let now = now();
    let oldest = Query::select()
        .column(channel_inbox::Column::Id)
        .from(channel_inbox::Entity)
        .cond_where(claimable(now))
        .order_by(channel_inbox::Column::ReceivedAt, sea_orm::Order::Asc)
        .limit(limit)
        .to_owned();
    let mut rows = channel_inbox::Entity::update_many()
        .col_expr(channel_inbox::Column::Status, Expr::value(InboxStatus::Working.as_str()))
        .col_expr(channel_inbox::Column::Attempts, Expr::col(channel_inbox::Column::Attempts).add(1))
        .col_expr(channel_inbox::Column::ClaimedBy, Expr::value(holder))
        .col_expr(channel_inbox::Column::LeaseUntil, Expr::value(now + chrono::Duration::seconds(INBOX_LEASE_SECS)))
        .filter(claimable(now))
        .filter(channel_inbox::Column::Id.in_subquery(oldest))
        .exec_with_returning(db)
        .await?;
    rows.sort_by_key(|r| r.received_at);
    Ok(rows)
}

/// SQLite at start-up: only one process uses the file, so every `working` item was left by a
/// process that is gone and can be claimed at once (PostgreSQL waits for the leases to lapse).
pub async fn release_stale_claims(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(channel_inbox::Entity::update_many()
        .col_expr(channel_inbox::Column::LeaseUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .filter(channel_inbox::Column::Status.eq(InboxStatus::Working))
        .exec(db)
        .await?
        .rows_affected)
}

/// Extends the leases of the items `holder` is working on (its heartbeat).
pub async fn renew_claims(
    db: &impl ConnectionTrait,
    holder: &str,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<u64, AppError> {
    Ok(channel_inbox::Entity::update_many()
        .col_expr(channel_inbox::Column::LeaseUntil, Expr::value(until))
        .filter(channel_inbox::Column::Status.eq(InboxStatus::Working))
        .filter(channel_inbox::Column::ClaimedBy.eq(holder))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn finish(
    db: &impl ConnectionTrait,
    id: &str,
    status: InboxStatus,
    error: Option<String>,
) -> Result<(), AppError> {
    channel_inbox::Entity::update_many()
        .col_expr(channel_inbox::Column::Status, Expr::value(status.as_str()))
        .col_expr(channel_inbox::Column::Error, Expr::value(error))
        .col_expr(channel_inbox::Column::ProcessedAt, Expr::value(now()))
        .filter(channel_inbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn last_update(
    db: &impl ConnectionTrait,
    channel_id: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
    Ok(channel_inbox::Entity::find()
        .filter(channel_inbox::Column::ChannelId.eq(channel_id))
        .order_by_desc(channel_inbox::Column::ReceivedAt)
        .one(db)
        .await?
        .map(|r| r.received_at))
}

/// Updates of a channel that could not be read in the last 24 hours, and the latest reason.
pub async fn unreadable(db: &impl ConnectionTrait, channel_id: &str) -> Result<(u64, Option<String>), AppError> {
    use sea_orm::QueryOrder;
    let recent = || {
        channel_inbox::Entity::find()
            .filter(channel_inbox::Column::ChannelId.eq(channel_id))
            .filter(channel_inbox::Column::Status.eq(InboxStatus::Unreadable))
            .filter(channel_inbox::Column::ReceivedAt.gt(now() - chrono::Duration::hours(24)))
    };
    let count = recent().count(db).await?;
    if count == 0 {
        return Ok((0, None));
    }
    let latest = recent().order_by_desc(channel_inbox::Column::ReceivedAt).one(db).await?.and_then(|r| r.error);
    Ok((count, latest))
}

/// Waiting work for a channel: received items not yet handled, plus the tenant's provider
/// messages waiting to go out over this kind of channel.
pub async fn queue_len(db: &impl ConnectionTrait, c: &channels::Model) -> Result<u64, AppError> {
    let inbox = channel_inbox::Entity::find()
        .filter(channel_inbox::Column::ChannelId.eq(c.id.clone()))
        .filter(channel_inbox::Column::Status.is_in([InboxStatus::New, InboxStatus::Working]))
        .count(db)
        .await?;
    let kinds: &[&str] = if c.kind == Kind::Telegram {
        &["telegram_group", "telegram_user"]
    } else {
        &["whatsapp_group", "whatsapp_number"]
    };
    let dest_ids: Vec<String> = destinations::Entity::find()
        .filter(destinations::Column::TenantId.eq(c.tenant_id.clone()))
        .filter(destinations::Column::Kind.is_in(kinds.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let outbox = if dest_ids.is_empty() {
        0
    } else {
        dispatches::Entity::find()
            .filter(dispatches::Column::TenantId.eq(c.tenant_id.clone()))
            .filter(dispatches::Column::DestinationId.is_in(dest_ids))
            .filter(dispatches::Column::Status.is_in([DispatchStatus::Pending, DispatchStatus::Sending]))
            .count(db)
            .await?
    };
    Ok(inbox + outbox)
}
