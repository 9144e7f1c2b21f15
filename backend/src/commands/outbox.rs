//! The outbox worker: sends queued provider messages through the `Sender`, at most once each.
//! A message is claimed (pending → sending) before it is sent; a failed send is retried with
//! backoff and ends in a visible dead-letter state. A send interrupted by a crash is not
//! resent (that could duplicate it at the provider) but marked dead for the owner to see.
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::routing::repo::kind_from_db;
use super::sender::{Address, Route, SendError, Sender};
use crate::db::entities::{command_log, destinations, dispatches};
use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;

pub const MAX_ATTEMPTS: i32 = 5;
/// A message still "sending" after this long was interrupted.
const SENDING_LEASE: i64 = 120;

fn backoff(attempts: i32) -> Duration {
    Duration::seconds(5 * 2_i64.pow(attempts.clamp(0, 10) as u32))
}

/// Sends every due message once. Returns how many were sent. Tests call this as the "one step".
pub async fn deliver_due(state: &AppState, sender: &dyn Sender, limit: u64) -> Result<usize, AppError> {
    let now = now();
    // Interrupted sends: never resent automatically. Looked for once a minute, not every step.
    let swept = state.outbox_swept_at.load(std::sync::atomic::Ordering::Relaxed);
    if now.timestamp() - swept >= 60 {
        state.outbox_swept_at.store(now.timestamp(), std::sync::atomic::Ordering::Relaxed);
        let writer = state.write_gate().await;
        dispatches::Entity::update_many()
            .col_expr(dispatches::Column::Status, Expr::value("dead"))
            .col_expr(
                dispatches::Column::LastError,
                Expr::value("the send was interrupted; not resent to avoid a duplicate"),
            )
            .filter(dispatches::Column::Status.eq("sending"))
            .filter(dispatches::Column::NextAttemptAt.lte(now - Duration::seconds(SENDING_LEASE)))
            .exec(&state.db)
            .await?;
        drop(writer);
    }
    let due = dispatches::Entity::find()
        .filter(dispatches::Column::Status.eq("pending"))
        .filter(dispatches::Column::NextAttemptAt.lte(now))
        .order_by_asc(dispatches::Column::CreatedAt)
        .limit(limit)
        .all(&state.db)
        .await?;
    let mut sent = 0;
    for d in due {
        let writer = state.write_gate().await;
        let claimed = dispatches::Entity::update_many()
            .col_expr(dispatches::Column::Status, Expr::value("sending"))
            .col_expr(dispatches::Column::NextAttemptAt, Expr::value(now))
            .filter(dispatches::Column::Id.eq(d.id.clone()))
            .filter(dispatches::Column::Status.eq("pending"))
            .exec(&state.db)
            .await?;
        drop(writer);
        if claimed.rows_affected != 1 {
            continue; // another worker has it
        }
        let destination = destinations::Entity::find_by_id(d.destination_id.clone())
            .filter(destinations::Column::TenantId.eq(d.tenant_id.clone()))
            .one(&state.db)
            .await?;
        let command = command_log::Entity::find_by_id(d.command_id.clone())
            .filter(command_log::Column::TenantId.eq(d.tenant_id.clone()))
            .one(&state.db)
            .await?;
        let route = Route { tenant_id: &d.tenant_id, panel_id: command.as_ref().and_then(|c| c.panel_id.as_deref()) };
        let result = match &destination {
            Some(dest) => {
                sender
                    .send(route, &Address { kind: kind_from_db(&dest.kind), address: dest.address.clone() }, &d.message)
                    .await
            }
            None => Err(SendError::Permanent("the destination was deleted".into())),
        };
        let attempts = d.attempts + 1;
        let (status, error, next, message_id) = match result {
            Ok(id) => {
                sent += 1;
                ("sent", None, now, id)
            }
            Err(SendError::Temporary(e)) if attempts < MAX_ATTEMPTS => {
                ("pending", Some(e), now + backoff(attempts), None)
            }
            Err(SendError::Temporary(e) | SendError::Permanent(e)) => ("dead", Some(e), now, None),
        };
        let first_dead = status == "dead" && no_dead_dispatch_yet(state, &d.command_id).await?;
        let writer = state.write_gate().await;
        dispatches::Entity::update_many()
            .col_expr(dispatches::Column::Status, Expr::value(status))
            .col_expr(dispatches::Column::Attempts, Expr::value(attempts))
            .col_expr(dispatches::Column::LastError, Expr::value(error))
            .col_expr(dispatches::Column::NextAttemptAt, Expr::value(next))
            .col_expr(dispatches::Column::SentAt, Expr::value((status == "sent").then_some(now)))
            .col_expr(dispatches::Column::ProviderMessageId, Expr::value(message_id))
            .filter(dispatches::Column::Id.eq(d.id.clone()))
            .exec(&state.db)
            .await?;
        drop(writer);
        if status == "dead" {
            tracing::warn!(dispatch = %d.id, attempts, "dispatch moved to dead letter");
        }
        if first_dead && let Some(c) = &command {
            tell_customer_it_failed(state, sender, route, c).await;
        }
    }
    Ok(sent)
}

/// A channel reported, after the send, that a provider message will not arrive (WhatsApp:
/// not in the group, no account, failed): the dispatch becomes dead with the reason in plain
/// words, and the customer gets the "API problem" text once per request. Unknown or foreign ids
/// change nothing.
pub async fn delivery_failed(
    state: &AppState,
    sender: &dyn Sender,
    tenant_id: &str,
    message_id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let Some(d) = dispatches::Entity::find()
        .filter(dispatches::Column::TenantId.eq(tenant_id))
        .filter(dispatches::Column::ProviderMessageId.eq(message_id))
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    if d.status == "dead" {
        return Ok(());
    }
    let first_dead = no_dead_dispatch_yet(state, &d.command_id).await?;
    {
        let _writer = state.write_gate().await;
        dispatches::Entity::update_many()
            .col_expr(dispatches::Column::Status, Expr::value("dead"))
            .col_expr(dispatches::Column::LastError, Expr::value(format!("not delivered: {reason}")))
            .filter(dispatches::Column::Id.eq(d.id.clone()))
            .exec(&state.db)
            .await?;
    }
    tracing::warn!(dispatch = %d.id, reason, "the channel reported a provider message undelivered");
    let command = command_log::Entity::find_by_id(d.command_id.clone())
        .filter(command_log::Column::TenantId.eq(tenant_id))
        .one(&state.db)
        .await?;
    if first_dead && let Some(c) = &command {
        let route = Route { tenant_id, panel_id: c.panel_id.as_deref() };
        tell_customer_it_failed(state, sender, route, c).await;
    }
    Ok(())
}

/// No message of this request has died yet: the customer has not been told of a failure.
async fn no_dead_dispatch_yet(state: &AppState, command_id: &str) -> Result<bool, AppError> {
    Ok(dispatches::Entity::find()
        .filter(dispatches::Column::CommandId.eq(command_id))
        .filter(dispatches::Column::Status.eq("dead"))
        .one(&state.db)
        .await?
        .is_none())
}

/// The customer was told the request went through; it did not reach the provider after all, so
/// they get the friendly "API problem" text once per request (never the technical reason).
async fn tell_customer_it_failed(state: &AppState, sender: &dyn Sender, route: Route<'_>, c: &command_log::Model) {
    if !(c.channel == "telegram" || c.channel == "whatsapp") || c.dry_run {
        return;
    }
    let templates = match super::cache::tenant_config(state, &c.tenant_id).await {
        Ok(config) => config.templates.api_problem.clone(),
        Err(_) => return,
    };
    let ids: Vec<String> = serde_json::from_str(&c.order_ids).unwrap_or_default();
    let text = shared::templates::render(&templates, &[("order_id", ids.join(", "))]);
    if let Err(e) = sender.notify_customer(route, &c.channel, &c.chat, &text).await {
        tracing::warn!(command = %c.id, error = %e, "could not tell the customer a request failed");
    }
}

/// The production loop: wakes when a command queued messages, or every second for retries.
pub fn spawn_worker(state: AppState, sender: Arc<dyn Sender>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_due(&state, sender.as_ref(), 100).await {
                tracing::error!(error = %e, "outbox step failed");
            }
            let _ = tokio::time::timeout(StdDuration::from_secs(1), state.outbox_wakeup.notified()).await;
        }
    });
}
