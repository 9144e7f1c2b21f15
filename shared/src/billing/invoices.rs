//! Payment methods, invoices, the master admin's changes and audit entries, and money formatting.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodInput {
    pub name: String,
    /// What the owner must do: a wallet address, bank details, a payment link.
    pub instructions: String,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethod {
    pub id: String,
    #[serde(flatten)]
    pub input: PaymentMethodInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Waiting for the owner's payment reference.
    Open,
    /// The owner sent a payment reference: waiting for the master admin.
    Submitted,
    Paid,
    Rejected,
    Cancelled,
    /// Left open past its due date.
    Expired,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 6] =
        [Self::Open, Self::Submitted, Self::Paid, Self::Rejected, Self::Cancelled, Self::Expired];

    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Submitted => "submitted",
            Self::Paid => "paid",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    pub id: String,
    /// `PR-2026-000123`: unique, gap-free per year.
    pub number: String,
    pub workspace_id: String,
    pub workspace_name: String,
    pub plan_id: String,
    pub plan_name: String,
    pub months: u32,
    pub amount: i64,
    pub currency: String,
    pub method_name: String,
    pub instructions: String,
    pub status: InvoiceStatus,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInvoice {
    pub plan_id: String,
    /// 1, 3 or 12.
    pub months: u32,
    pub method_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitPayment {
    /// The transaction id or reference of the payment.
    pub reference: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub reason: String,
}

/// The master admin's change to one workspace's subscription (a reason is required).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeSubscription {
    pub plan_id: String,
    /// Move the period end by this many days (may be 0).
    #[serde(default)]
    pub extend_days: i64,
    pub reason: String,
}

/// The platform's billing settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingSettings {
    /// Days after the period end during which everything still works.
    pub grace_days: u32,
    /// Days an invoice stays open before it expires.
    pub invoice_days: u32,
}

impl Default for BillingSettings {
    fn default() -> Self {
        BillingSettings { grace_days: 3, invoice_days: 7 }
    }
}

/// One master admin action, append-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    pub admin_email: String,
    /// `invoice_approved`, `invoice_rejected`, `subscription_changed`, `suspended`, `resumed`…
    pub action: String,
    pub workspace_id: Option<String>,
    pub workspace_name: Option<String>,
    /// What it concerned, in words (an invoice number, a plan name).
    pub subject: String,
    pub reason: Option<String>,
}

/// `1250, "USD"` → `12.50 USD`.
pub fn money(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02} {currency}", m / 100, m % 100)
}
