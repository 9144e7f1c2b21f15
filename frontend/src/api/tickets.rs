//! The ticket medium's endpoints: each panel's ticket reading, the subject rules and their test
//! box. The activity log is read with `logs("tickets", …)`.
use shared::tickets::{TicketDecision, TicketIntake, TicketIntakeView, TicketRule, TicketTest};

use super::{ApiError, Method, call, to_json};

pub async fn ticket_panels() -> Result<Vec<TicketIntakeView>, ApiError> {
    call(Method::Get, "/api/tickets/panels", None).await
}

pub async fn save_ticket_intake(panel_id: &str, intake: &TicketIntake) -> Result<TicketIntakeView, ApiError> {
    call(Method::Put, &format!("/api/tickets/panels/{panel_id}"), to_json(intake)).await
}

/// "Read tickets now": answers how the run went (409 while a run is going on).
pub async fn run_ticket_intake(panel_id: &str) -> Result<TicketIntakeView, ApiError> {
    call(Method::Post, &format!("/api/tickets/panels/{panel_id}/run"), Some(serde_json::json!({}))).await
}

pub async fn ticket_rules() -> Result<Vec<TicketRule>, ApiError> {
    call(Method::Get, "/api/tickets/rules", None).await
}

pub async fn save_ticket_rules(rules: &[TicketRule]) -> Result<Vec<TicketRule>, ApiError> {
    call(Method::Put, "/api/tickets/rules", to_json(&rules)).await
}

pub async fn test_ticket(req: &TicketTest) -> Result<TicketDecision, ApiError> {
    call(Method::Post, "/api/tickets/rules/test", to_json(req)).await
}
