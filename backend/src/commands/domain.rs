//! Order checks: does this command hold for this order, under this service's rules and the
//! tenant's settings? Pure: data in, verdict out.
use chrono::{DateTime, Duration, Utc};
use shared::commands::{CommandSettings, RefusalReason};
use shared::grammar::Command;

use crate::panels::client::{Order, OrderStatus};
use crate::service_rules::RefillPolicy;

/// A customer message, wherever it came from.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub tenant_id: String,
    pub panel_id: String,
    /// `telegram`, `whatsapp`, `ticket`, `api` or `simulate`.
    pub channel: String,
    pub chat: String,
    pub text: String,
    /// The panel username linked to the chat; `None` for an admin chat (may act on any order).
    pub username: Option<String>,
    /// A dry run: nothing is sent, no cooldown is consumed, the log marks it.
    pub dry_run: bool,
    /// A channel message's delivery key: recorded in the command's own transaction, so a
    /// message is either a logged command or not seen yet (a redelivery after a crash).
    pub delivery: Option<DeliveryKey>,
    /// Where in the chat answers and later notices go (forum topic, quoted message).
    pub reply: crate::dispatch::sender::ReplyTo,
}

/// Which delivery of which message: unique per (channel, source, message key).
#[derive(Debug, Clone)]
pub struct DeliveryKey {
    pub channel: String,
    pub source: String,
    pub message_key: String,
    /// The customer message's own key (`r:{chat}:{message id}`), shared by its edits: recorded
    /// with the command, so one message and its edits make at most one request.
    pub request_key: Option<String>,
}

/// The effective rule for an order's service (easy mode reading, or advanced mode with overrides).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFacts {
    pub refill: RefillPolicy,
    pub start_max_hours: Option<f64>,
    /// Per-service override of the tenant's "refill on Partial".
    pub refill_on_partial: Option<bool>,
    /// Per-service override: `Some(false)` forbids cancel.
    pub cancel_allowed: Option<bool>,
}

/// Whether the customer may act on this order: admin chats (no linked username) may act on any.
pub fn belongs_to(order: &Order, linked_username: Option<&str>) -> bool {
    match linked_username {
        None => true,
        Some(user) => order.owner_username.as_deref().is_some_and(|owner| owner.eq_ignore_ascii_case(user.trim())),
    }
}

fn status_key(status: &OrderStatus) -> Option<&'static str> {
    match status {
        OrderStatus::Pending => Some("pending"),
        OrderStatus::InProgress => Some("in_progress"),
        OrderStatus::Processing => Some("processing"),
        _ => None,
    }
}

fn running(status: &OrderStatus) -> bool {
    status_key(status).is_some()
}

/// When the refill window starts: when we first saw the order Completed (recorded before this
/// request), else the panel's last update, else creation.
pub fn refill_window_start(order: &Order, first_seen_completed: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    first_seen_completed.or(order.updated_at).or(order.created_at)
}

pub fn check_order(
    command: Command,
    order: &Order,
    facts: &ServiceFacts,
    first_seen_completed: Option<DateTime<Utc>>,
    settings: &CommandSettings,
    now: DateTime<Utc>,
) -> Result<(), RefusalReason> {
    match command {
        Command::Refill => {
            let partial_ok = facts.refill_on_partial.unwrap_or(settings.refill_on_partial);
            let status_ok =
                order.status == OrderStatus::Completed || (partial_ok && order.status == OrderStatus::Partial);
            if !status_ok {
                return Err(RefusalReason::NotCompleted);
            }
            match facts.refill {
                RefillPolicy::None => Err(RefusalReason::NoRefillForService),
                RefillPolicy::Unknown if !settings.allow_unknown_refill => Err(RefusalReason::RefillPolicyUnknown),
                RefillPolicy::Unknown | RefillPolicy::Lifetime => Ok(()),
                RefillPolicy::Days(days) => match refill_window_start(order, first_seen_completed) {
                    Some(start) if now - start > Duration::days(i64::from(days)) => {
                        Err(RefusalReason::RefillWindowOver)
                    }
                    _ => Ok(()),
                },
            }
        }
        Command::Speed => {
            if !running(&order.status) {
                return Err(RefusalReason::NotRunning);
            }
            if order.remains.is_some_and(|r| r <= 0) {
                return Err(RefusalReason::NothingRemaining);
            }
            if let (Some(hours), Some(created)) = (facts.start_max_hours, order.created_at) {
                let start_by = created + Duration::seconds((hours * 3600.0).round() as i64);
                if now < start_by {
                    return Err(RefusalReason::StartTimeNotPassed);
                }
            }
            Ok(())
        }
        Command::Cancel => {
            if facts.cancel_allowed == Some(false) {
                return Err(RefusalReason::CancelNotAllowed);
            }
            match status_key(&order.status) {
                Some(key) if settings.cancel_statuses.iter().any(|s| s == key) => Ok(()),
                _ => Err(RefusalReason::NotRunning),
            }
        }
        Command::Status | Command::Balance | Command::Help | Command::Silent => Ok(()),
    }
}

/// The cooldown window for an action, or `None` when the action has none.
pub fn cooldown_for(command: Command, settings: &CommandSettings) -> Option<Duration> {
    let hours = match command {
        Command::Refill => settings.cooldown_hours_refill,
        Command::Speed => settings.cooldown_hours_speed,
        Command::Cancel => settings.cooldown_hours_cancel,
        _ => return None,
    };
    (hours > 0.0).then(|| Duration::seconds((hours * 3600.0).round() as i64))
}

#[cfg(test)]
mod tests;
