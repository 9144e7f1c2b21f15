//! The outbox's storage: every query on `dispatches` the worker and the delivery reports need.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::DispatchStatus;
use crate::db::entities::{command_log, destinations, dispatches};
use crate::error::AppError;

/// Sends still "sending" since before `older_than` were interrupted: they become dead with the
/// reason, never resent (that could duplicate them at the provider).
pub async fn bury_interrupted(db: &impl ConnectionTrait, older_than: DateTime<Utc>) -> Result<u64, AppError> {
    Ok(dispatches::Entity::update_many()
        .col_expr(dispatches::Column::Status, Expr::value(DispatchStatus::Dead.as_str()))
        .col_expr(
            dispatches::Column::LastError,
            Expr::value("the send was interrupted; not resent to avoid a duplicate"),
        )
        .filter(dispatches::Column::Status.eq(DispatchStatus::Sending))
        .filter(dispatches::Column::NextAttemptAt.lte(older_than))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<dispatches::Model>, AppError> {
    Ok(dispatches::Entity::find()
        .filter(dispatches::Column::Status.eq(DispatchStatus::Pending))
        .filter(dispatches::Column::NextAttemptAt.lte(now))
        .order_by_asc(dispatches::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// pending → sending; `false` when another worker took it first.
pub async fn claim(db: &impl ConnectionTrait, id: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
    let claimed = dispatches::Entity::update_many()
        .col_expr(dispatches::Column::Status, Expr::value(DispatchStatus::Sending.as_str()))
        .col_expr(dispatches::Column::NextAttemptAt, Expr::value(now))
        .filter(dispatches::Column::Id.eq(id))
        .filter(dispatches::Column::Status.eq(DispatchStatus::Pending))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// What one send attempt ended as.
pub struct Attempt {
    pub status: DispatchStatus,
    pub attempts: i32,
    pub error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub provider_message_id: Option<String>,
}

pub async fn record_attempt(db: &impl ConnectionTrait, id: &str, a: Attempt) -> Result<(), AppError> {
    dispatches::Entity::update_many()
        .col_expr(dispatches::Column::Status, Expr::value(a.status.as_str()))
        .col_expr(dispatches::Column::Attempts, Expr::value(a.attempts))
        .col_expr(dispatches::Column::LastError, Expr::value(a.error))
        .col_expr(dispatches::Column::NextAttemptAt, Expr::value(a.next_attempt_at))
        .col_expr(dispatches::Column::SentAt, Expr::value(a.sent_at))
        .col_expr(dispatches::Column::ProviderMessageId, Expr::value(a.provider_message_id))
        .filter(dispatches::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn by_message_id(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    message_id: &str,
) -> Result<Option<dispatches::Model>, AppError> {
    Ok(dispatches::Entity::find()
        .filter(dispatches::Column::TenantId.eq(tenant_id))
        .filter(dispatches::Column::ProviderMessageId.eq(message_id))
        .one(db)
        .await?)
}

pub async fn mark_dead(db: &impl ConnectionTrait, id: &str, reason: String) -> Result<(), AppError> {
    dispatches::Entity::update_many()
        .col_expr(dispatches::Column::Status, Expr::value(DispatchStatus::Dead.as_str()))
        .col_expr(dispatches::Column::LastError, Expr::value(reason))
        .filter(dispatches::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// No message of this request has died yet: the customer has not been told of a failure.
pub async fn none_dead_yet(db: &impl ConnectionTrait, command_id: &str) -> Result<bool, AppError> {
    Ok(dispatches::Entity::find()
        .filter(dispatches::Column::CommandId.eq(command_id))
        .filter(dispatches::Column::Status.eq(DispatchStatus::Dead))
        .one(db)
        .await?
        .is_none())
}

pub async fn destination(
    db: &impl ConnectionTrait,
    d: &dispatches::Model,
) -> Result<Option<destinations::Model>, AppError> {
    Ok(destinations::Entity::find_by_id(d.destination_id.clone())
        .filter(destinations::Column::TenantId.eq(d.tenant_id.clone()))
        .one(db)
        .await?)
}

pub async fn command(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    command_id: &str,
) -> Result<Option<command_log::Model>, AppError> {
    Ok(command_log::Entity::find_by_id(command_id.to_string())
        .filter(command_log::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?)
}
