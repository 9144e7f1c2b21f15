//! Panels, providers (aliases only), order lookup and the master admin's backups.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PanelKind {
    /// Perfect Panel Admin API v2 (`/adminapi/v2`).
    PerfectpanelV2,
    /// Action-based `/adminapi/v1` (Rental Panel style).
    AdminapiV1,
}

/// The outcome of "Test connection".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectionOutcome {
    Connected,
    KeyRejected,
    NotAdminApi,
    Cloudflare,
    Unreachable,
    TimedOut,
    RateLimited,
    PanelError,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Panel {
    pub id: String,
    pub name: String,
    pub kind: PanelKind,
    pub admin_base_url: String,
    /// Whether an admin key is stored (the key itself is never shown again).
    pub has_admin_key: bool,
    pub user_api_url: Option<String>,
    pub has_user_api_key: bool,
    pub rps: u32,
    pub timeout_secs: u32,
    pub orders_user_param: String,
    pub bulk_ids: bool,
    /// How often the service list is read again for advanced rules, in hours (0 = only by hand).
    #[serde(default)]
    pub services_refresh_hours: u32,
    pub last_test: Option<ConnectionOutcome>,
    pub last_tested_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePanel {
    pub name: String,
    pub kind: PanelKind,
    /// e.g. `https://yourpanel.com/adminapi/v2`
    pub admin_base_url: String,
    pub admin_key: String,
    #[serde(default)]
    pub user_api_url: Option<String>,
    #[serde(default)]
    pub user_api_key: Option<String>,
    /// Requests per second to this panel (default 5).
    #[serde(default)]
    pub rps: Option<u32>,
    /// Whole-request timeout in seconds (default 15).
    #[serde(default)]
    pub timeout_secs: Option<u32>,
    /// The filter name for a user's orders: `user` (default) or `username` (some panels).
    #[serde(default)]
    pub orders_user_param: Option<String>,
    /// Look many orders up with one `GET /orders?ids=` (only where the panel supports it).
    #[serde(default)]
    pub bulk_ids: Option<bool>,
    /// Read the service list again every this many hours in advanced mode (default 6, 0 = only by hand, at most 168).
    #[serde(default)]
    pub services_refresh_hours: Option<u32>,
    /// Save even though the connection test fails (a panel that is down right now). Without it a
    /// failed test answers 400 with the reason and nothing is saved.
    #[serde(default)]
    pub save_anyway: bool,
}

/// Every field optional; an absent or empty key keeps the stored one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePanel {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<PanelKind>,
    #[serde(default)]
    pub admin_base_url: Option<String>,
    #[serde(default)]
    pub admin_key: Option<String>,
    #[serde(default)]
    pub user_api_url: Option<String>,
    #[serde(default)]
    pub user_api_key: Option<String>,
    #[serde(default)]
    pub rps: Option<u32>,
    #[serde(default)]
    pub timeout_secs: Option<u32>,
    #[serde(default)]
    pub orders_user_param: Option<String>,
    #[serde(default)]
    pub bulk_ids: Option<bool>,
    /// 0–168 hours; 0 = only by hand.
    #[serde(default)]
    pub services_refresh_hours: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionTest {
    pub outcome: ConnectionOutcome,
    /// What to do about it, in plain words.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResult {
    pub services: u64,
    pub providers_discovered: u64,
}

/// A provider as tenants see it: by alias only, never its domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provider {
    pub id: String,
    pub alias: String,
    pub enabled: bool,
    pub orders_seen: u64,
    pub last_seen_at: Option<DateTime<Utc>>,
    /// How it was found: `manual`, `order` or `services`.
    pub source: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddProvider {
    /// The provider's domain. Write-only: it is never shown again.
    pub domain: String,
    #[serde(default)]
    pub alias: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateProvider {
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// An order read through the panel's Admin API, with the provider shown by alias.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLookup {
    pub panel_id: String,
    pub order_id: String,
    pub status: String,
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub owner_username: Option<String>,
    pub link: Option<String>,
    pub quantity: Option<i64>,
    pub start_count: Option<i64>,
    pub remains: Option<i64>,
    pub external_id: Option<String>,
    /// `None` for a manual service (no provider).
    pub provider_alias: Option<String>,
    pub manual_service: bool,
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Backup {
    pub id: String,
    pub tenant_id: String,
    pub tenant_name: String,
    /// `panel`, `provider` (discovered through `panel_name`, or added by hand) or `provider_renamed`.
    pub kind: String,
    pub panel_name: Option<String>,
    pub alias: Option<String>,
    /// A rename: the alias it replaced.
    #[serde(default)]
    pub previous_alias: Option<String>,
    pub created_at: DateTime<Utc>,
    pub reveals: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedBackup {
    pub backup: Backup,
    pub admin_base_url: Option<String>,
    pub domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BackupReveal {
    pub id: String,
    pub backup_id: String,
    pub admin_email: String,
    pub revealed_at: DateTime<Utc>,
    /// Why it was opened.
    #[serde(default)]
    pub reason: Option<String>,
    /// What was opened, by name (the backup's workspace, kind, panel and alias).
    #[serde(default)]
    pub tenant_name: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub panel_name: Option<String>,
    #[serde(default)]
    pub alias: Option<String>,
}

/// Opening a hidden backup: the master admin says why (recorded with the reveal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealRequest {
    pub reason: String,
}
