//! The workspace's billing and support endpoints.
use serde::Deserialize;
use shared::billing::{CreateInvoice, Invoice, SubmitPayment, Subscription};
use shared::support::{OpenTicket, Reply, Ticket, TicketThread, Unread};

use super::{ApiError, Method, call, to_json};

/// The plans and payment methods on offer (`GET /api/billing/plans`), read as flat records of
/// what buying needs (the server's `Plan` flattens its input, and serde's flatten support would
/// weigh on the first load of every owner).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Offer {
    pub plans: Vec<OfferedPlan>,
    pub methods: Vec<OfferedMethod>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OfferedPlan {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub price_month: i64,
    pub price_3_months: Option<i64>,
    pub price_12_months: Option<i64>,
}

impl OfferedPlan {
    /// The price of `months` (1, 3 or 12) in minor units, as the server computes it.
    pub fn price_for(&self, months: u32) -> Option<i64> {
        match months {
            1 => Some(self.price_month),
            3 => Some(self.price_3_months.unwrap_or(self.price_month.saturating_mul(3))),
            12 => Some(self.price_12_months.unwrap_or(self.price_month.saturating_mul(12))),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OfferedMethod {
    pub id: String,
    pub name: String,
}

pub async fn billing() -> Result<Subscription, ApiError> {
    call(Method::Get, "/api/billing", None).await
}

pub async fn offer() -> Result<Offer, ApiError> {
    call(Method::Get, "/api/billing/plans", None).await
}

pub async fn invoices() -> Result<Vec<Invoice>, ApiError> {
    call(Method::Get, "/api/billing/invoices", None).await
}

pub async fn invoice(id: &str) -> Result<Invoice, ApiError> {
    call(Method::Get, &format!("/api/billing/invoices/{id}"), None).await
}

pub async fn create_invoice(req: &CreateInvoice) -> Result<Invoice, ApiError> {
    call(Method::Post, "/api/billing/invoices", to_json(req)).await
}

pub async fn submit_payment(id: &str, req: &SubmitPayment) -> Result<Invoice, ApiError> {
    call(Method::Post, &format!("/api/billing/invoices/{id}/payment"), to_json(req)).await
}

pub async fn cancel_invoice(id: &str) -> Result<Invoice, ApiError> {
    call(Method::Post, &format!("/api/billing/invoices/{id}/cancel"), Some(serde_json::json!({}))).await
}

pub async fn tickets() -> Result<Vec<Ticket>, ApiError> {
    call(Method::Get, "/api/support/tickets", None).await
}

pub async fn ticket(id: &str) -> Result<TicketThread, ApiError> {
    call(Method::Get, &format!("/api/support/tickets/{id}"), None).await
}

pub async fn open_ticket(req: &OpenTicket) -> Result<TicketThread, ApiError> {
    call(Method::Post, "/api/support/tickets", to_json(req)).await
}

pub async fn reply_ticket(id: &str, message: &str) -> Result<TicketThread, ApiError> {
    let body = Reply { message: message.to_string() };
    call(Method::Post, &format!("/api/support/tickets/{id}/replies"), to_json(&body)).await
}

pub async fn close_ticket(id: &str) -> Result<TicketThread, ApiError> {
    call(Method::Post, &format!("/api/support/tickets/{id}/close"), Some(serde_json::json!({}))).await
}

pub async fn support_unread() -> Result<Unread, ApiError> {
    call(Method::Get, "/api/support/unread", None).await
}
