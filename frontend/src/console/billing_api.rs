//! The console's billing endpoints (`/api/admin/...`): plans, payment methods, invoices,
//! subscriptions, billing settings and the audit log.
use frontend::api::{ApiError, Method, call, call_empty, to_json};
use serde::Deserialize;
use shared::billing::{
    AuditEntry, BillingSettings, ChangeSubscription, Invoice, PaymentMethod, PaymentMethodInput, Plan, PlanInput,
    Reason, Subscription,
};

/// One row of `GET /api/admin/subscriptions` (the server's `WorkspaceSubscription`, which is not
/// in `shared`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkspaceSubscription {
    pub workspace_id: String,
    pub workspace_name: String,
    pub subscription: Subscription,
}

/// A query value, percent-encoded (ids and action names; anything else is escaped).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `?k=v&…` with the non-empty values only ("" when there are none).
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> =
        pairs.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{k}={}", encode(v.trim()))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

pub async fn plans() -> Result<Vec<Plan>, ApiError> {
    call(Method::Get, "/api/admin/plans", None).await
}

pub async fn create_plan(plan: &PlanInput) -> Result<Plan, ApiError> {
    call(Method::Post, "/api/admin/plans", to_json(plan)).await
}

pub async fn update_plan(id: &str, plan: &PlanInput) -> Result<Plan, ApiError> {
    call(Method::Put, &format!("/api/admin/plans/{id}"), to_json(plan)).await
}

pub async fn archive_plan(id: &str, archived: bool) -> Result<Plan, ApiError> {
    let body = serde_json::json!({ "archived": archived });
    call(Method::Put, &format!("/api/admin/plans/{id}/archived"), Some(body)).await
}

/// A plan in use is refused (409) with the server's explanation.
pub async fn delete_plan(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/admin/plans/{id}"), None).await
}

pub async fn payment_methods() -> Result<Vec<PaymentMethod>, ApiError> {
    call(Method::Get, "/api/admin/payment-methods", None).await
}

pub async fn create_payment_method(method: &PaymentMethodInput) -> Result<PaymentMethod, ApiError> {
    call(Method::Post, "/api/admin/payment-methods", to_json(method)).await
}

pub async fn update_payment_method(id: &str, method: &PaymentMethodInput) -> Result<PaymentMethod, ApiError> {
    call(Method::Put, &format!("/api/admin/payment-methods/{id}"), to_json(method)).await
}

/// Every workspace's invoices, submitted first; `status` is an `InvoiceStatus` key or "" for all.
pub async fn invoices(status: &str) -> Result<Vec<Invoice>, ApiError> {
    call(Method::Get, &format!("/api/admin/invoices{}", query(&[("status", status)])), None).await
}

pub async fn approve_invoice(id: &str) -> Result<Invoice, ApiError> {
    call(Method::Post, &format!("/api/admin/invoices/{id}/approve"), None).await
}

pub async fn reject_invoice(id: &str, reason: &str) -> Result<Invoice, ApiError> {
    let body = Reason { reason: reason.to_string() };
    call(Method::Post, &format!("/api/admin/invoices/{id}/reject"), to_json(&body)).await
}

pub async fn subscriptions() -> Result<Vec<WorkspaceSubscription>, ApiError> {
    call(Method::Get, "/api/admin/subscriptions", None).await
}

/// Puts a workspace on a plan and/or moves its period end (audited with the reason).
pub async fn change_subscription(tenant_id: &str, change: &ChangeSubscription) -> Result<Subscription, ApiError> {
    call(Method::Put, &format!("/api/admin/tenants/{tenant_id}/subscription"), to_json(change)).await
}

/// Suspends (`true`) or resumes (`false`) a workspace, with the reason the audit log keeps.
pub async fn set_suspended(tenant_id: &str, suspended: bool, reason: &str) -> Result<Subscription, ApiError> {
    let what = if suspended { "suspend" } else { "resume" };
    let body = Reason { reason: reason.to_string() };
    call(Method::Post, &format!("/api/admin/tenants/{tenant_id}/{what}"), to_json(&body)).await
}

pub async fn billing_settings() -> Result<BillingSettings, ApiError> {
    call(Method::Get, "/api/admin/billing-settings", None).await
}

pub async fn save_billing_settings(settings: &BillingSettings) -> Result<BillingSettings, ApiError> {
    call(Method::Put, "/api/admin/billing-settings", to_json(settings)).await
}

/// The last 500 master admin actions, newest first; "" leaves a filter out.
pub async fn audit(action: &str, workspace_id: &str) -> Result<Vec<AuditEntry>, ApiError> {
    let q = query(&[("action", action), ("workspace_id", workspace_id)]);
    call(Method::Get, &format!("/api/admin/audit{q}"), None).await
}
