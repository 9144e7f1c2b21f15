//! The console's support endpoints (`/api/admin/support/...`): every workspace's tickets with
//! the platform.
use frontend::api::{ApiError, Method, call};
use shared::support::{Reply, Ticket, TicketThread, Unread};

use crate::billing_api::query;

/// The queue, waiting tickets first; `status` is `open`, `answered`, `closed` or "" for all.
pub async fn tickets(status: &str) -> Result<Vec<Ticket>, ApiError> {
    call(Method::Get, &format!("/api/admin/support/tickets{}", query(&[("status", status)])), None).await
}

/// A ticket with its thread; reading it marks the workspace's messages read.
pub async fn ticket(id: &str) -> Result<TicketThread, ApiError> {
    call(Method::Get, &format!("/api/admin/support/tickets/{id}"), None).await
}

pub async fn reply(id: &str, message: &str) -> Result<TicketThread, ApiError> {
    let body = Reply { message: message.to_string() };
    call(Method::Post, &format!("/api/admin/support/tickets/{id}/replies"), frontend::api::to_json(&body)).await
}

pub async fn close(id: &str) -> Result<TicketThread, ApiError> {
    call(Method::Post, &format!("/api/admin/support/tickets/{id}/close"), Some(serde_json::json!({}))).await
}

/// Workspace messages the platform has not opened yet.
pub async fn unread() -> Result<Unread, ApiError> {
    call(Method::Get, "/api/admin/support/unread", None).await
}
