//! The outbox worker: sends queued provider messages through the `Sender`, at most once each.
//! A message is claimed (pending → sending) before it is sent; a failed send is retried with
//! backoff and ends in a visible dead-letter state. A send interrupted by a crash is not
//! resent (that could duplicate it at the provider) but marked dead for the owner to see.
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use super::sender::{Address, ReplyTo, Route, SendError, Sender};
use super::{DispatchStatus, repo};
use crate::db::entities::{command_log, dispatches};
use crate::db::now;
use crate::error::AppError;
use crate::routing::repo::kind_from_db;

/// The queue's handle: the database, the wake-up a command rings after queuing, and when
/// interrupted sends were last looked for.
#[derive(Clone)]
pub struct Outbox {
    pub db: crate::db::Db,
    pub wakeup: Arc<tokio::sync::Notify>,
    swept_at: Arc<std::sync::atomic::AtomicI64>,
}

impl Outbox {
    pub fn new(db: crate::db::Db) -> Self {
        Self { db, wakeup: Arc::default(), swept_at: Arc::default() }
    }

    /// A command queued messages: send them now, not at the next tick.
    pub fn wake(&self) {
        self.wakeup.notify_one();
    }
}

pub const MAX_ATTEMPTS: i32 = 5;
/// A message still "sending" after this long was interrupted.
const SENDING_LEASE: i64 = 120;

fn backoff(attempts: i32) -> Duration {
    Duration::seconds(5 * 2_i64.pow(attempts.clamp(0, 10) as u32))
}

/// Sends every due message once. Returns how many were sent. Tests call this as the "one step".
pub async fn deliver_due(outbox: &Outbox, sender: &dyn Sender, limit: u64) -> Result<usize, AppError> {
    let now = now();
    let db = &outbox.db;
    // Interrupted sends: never resent automatically. Looked for once a minute, not every step.
    let swept = outbox.swept_at.load(std::sync::atomic::Ordering::Relaxed);
    if now.timestamp() - swept >= 60 {
        outbox.swept_at.store(now.timestamp(), std::sync::atomic::Ordering::Relaxed);
        db.write(async |c| repo::bury_interrupted(c, now - Duration::seconds(SENDING_LEASE)).await).await?;
    }
    let mut sent = 0;
    for d in repo::due(db, now, limit).await? {
        if !db.write(async |c| repo::claim(c, &d.id, now).await).await? {
            continue; // another worker has it
        }
        let destination = repo::destination(db, &d).await?;
        let command = repo::command(db, &d.tenant_id, &d.command_id).await?;
        let route = Route { tenant_id: &d.tenant_id, panel_id: command.as_ref().and_then(|c| c.panel_id.as_deref()) };
        let result = match &destination {
            Some(dest) => {
                sender
                    .send(route, &Address { kind: kind_from_db(&dest.kind), address: dest.address.clone() }, &d.message)
                    .await
            }
            None => Err(SendError::Permanent("the destination was deleted".into())),
        };
        let attempt = next_state(d.attempts + 1, result, now);
        if attempt.status == DispatchStatus::Sent {
            sent += 1;
        }
        let dead = attempt.status == DispatchStatus::Dead;
        let first_dead = dead && repo::none_dead_yet(db, &d.command_id).await?;
        let attempts = attempt.attempts;
        db.write(async |c| repo::record_attempt(c, &d.id, attempt).await).await?;
        if dead {
            tracing::warn!(dispatch = %d.id, attempts, "dispatch moved to dead letter");
        }
        if first_dead && let Some(c) = &command {
            tell_customer_it_failed(db, sender, route, c, &d).await;
        }
    }
    Ok(sent)
}

/// What a send's result makes of the message (pure): sent, retried later with backoff, or dead.
fn next_state(attempts: i32, result: Result<Option<String>, SendError>, now: DateTime<Utc>) -> repo::Attempt {
    let (status, error, next_attempt_at, provider_message_id) = match result {
        Ok(id) => (DispatchStatus::Sent, None, now, id),
        Err(SendError::Temporary(e)) if attempts < MAX_ATTEMPTS => {
            (DispatchStatus::Pending, Some(e), now + backoff(attempts), None)
        }
        Err(SendError::Temporary(e) | SendError::Permanent(e)) => (DispatchStatus::Dead, Some(e), now, None),
    };
    let sent_at = (status == DispatchStatus::Sent).then_some(now);
    repo::Attempt { status, attempts, error, next_attempt_at, sent_at, provider_message_id }
}

/// A channel reported, after the send, that a provider message will not arrive (WhatsApp:
/// not in the group, no account, failed): the dispatch becomes dead with the reason in plain
/// words, and the customer gets the "API problem" text once per request. Unknown or foreign ids
/// change nothing.
pub async fn delivery_failed(
    db: &crate::db::Db,
    sender: &dyn Sender,
    tenant_id: &str,
    message_id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let Some(d) = repo::by_message_id(db, tenant_id, message_id).await? else { return Ok(()) };
    if d.status == DispatchStatus::Dead {
        return Ok(());
    }
    let first_dead = repo::none_dead_yet(db, &d.command_id).await?;
    db.write(async |c| repo::mark_dead(c, &d.id, format!("not delivered: {reason}")).await).await?;
    tracing::warn!(dispatch = %d.id, reason, "the channel reported a provider message undelivered");
    let command = repo::command(db, tenant_id, &d.command_id).await?;
    if first_dead && let Some(c) = &command {
        let route = Route { tenant_id, panel_id: c.panel_id.as_deref() };
        tell_customer_it_failed(db, sender, route, c, &d).await;
    }
    Ok(())
}

/// The customer was told the request went through; it did not reach the provider after all, so
/// they get the follow-up for that action once per request (never the technical reason), in the
/// topic they asked in, quoting their message in a group.
async fn tell_customer_it_failed(
    db: &crate::db::Db,
    sender: &dyn Sender,
    route: Route<'_>,
    c: &command_log::Model,
    d: &dispatches::Model,
) {
    if !(c.channel == "telegram" || c.channel == "whatsapp") || c.dry_run {
        return;
    }
    let Ok((_, t)) = crate::settings::repo::settings(db, &c.tenant_id).await else { return };
    let template = match d.action.as_str() {
        "refill" => t.undelivered_refill,
        "speed" => t.undelivered_speed,
        "cancel" => t.undelivered_cancel,
        _ => t.api_problem,
    };
    let text = shared::templates::render(&template, &[("order_id", undelivered_orders(c, d).join(", "))]);
    let reply = ReplyTo { thread: c.reply_thread, message: c.reply_message.clone() };
    if let Err(e) = sender.notify_customer(route, &c.channel, &c.chat, &reply, &text).await {
        tracing::warn!(command = %c.id, error = %e, "could not tell the customer a request failed");
    }
}

/// The customer's orders that the undelivered message carried: the accepted ones routed to its
/// destination; all the request's orders when the log cannot tell.
fn undelivered_orders(c: &command_log::Model, d: &dispatches::Model) -> Vec<String> {
    let verdicts: Vec<shared::commands::OrderVerdict> = serde_json::from_str(&c.verdicts).unwrap_or_default();
    let carried: Vec<String> = verdicts
        .into_iter()
        .filter(|v| v.destination_name.as_deref() == Some(d.destination_name.as_str()))
        .map(|v| v.order_id)
        .collect();
    if carried.is_empty() { serde_json::from_str(&c.order_ids).unwrap_or_default() } else { carried }
}

/// The production loop: wakes when a command queued messages, or every second for retries.
pub fn spawn_worker(outbox: Outbox, sender: Arc<dyn Sender>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_due(&outbox, sender.as_ref(), 100).await {
                tracing::error!(error = %e, "outbox step failed");
            }
            let _ = tokio::time::timeout(StdDuration::from_secs(1), outbox.wakeup.notified()).await;
        }
    });
}
