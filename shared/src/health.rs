//! Runtime health as the master admin reads it: the instances sharing the database, the queues,
//! and what is in error across workspaces.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceHealth {
    pub id: String,
    pub version: String,
    pub started_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
    pub uptime_secs: i64,
    /// A heartbeat within the last 30 seconds.
    pub alive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueHealth {
    /// `inbox` (received chat updates) or `outbox` (provider messages)
    pub queue: String,
    pub depth: i64,
    pub oldest_age_secs: f64,
}

/// A channel or a panel's ticket reading in error, in one workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthProblem {
    pub workspace_id: String,
    pub workspace_name: String,
    /// `channel` or `tickets`
    pub kind: String,
    pub name: String,
    pub status: String,
    pub reason: String,
    pub since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseHealth {
    /// `sqlite` or `postgres`
    pub engine: String,
    pub size_bytes: Option<i64>,
    pub migrations_applied: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformHealth {
    pub instances: Vec<InstanceHealth>,
    pub queues: Vec<QueueHealth>,
    /// Channels and ticket readers in error, across workspaces.
    pub problems: Vec<HealthProblem>,
    /// Scheduled jobs across workspaces, failures first.
    #[serde(default)]
    pub jobs: Vec<JobHealth>,
    pub database: DatabaseHealth,
}

/// A scheduled job and how its last run ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobHealth {
    /// `tickets`, `retention`, `subscription-notices`, or `services` (a panel's service-list refresh)
    pub kind: String,
    /// What it works on, in words (`all workspaces`, or the panel's name).
    pub subject: String,
    pub workspace_id: Option<String>,
    pub workspace_name: Option<String>,
    pub interval_secs: i64,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    /// `ok`, `idle` (nothing was due), `failed`, or none before the first run
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub last_duration_ms: Option<i64>,
    pub next_run_at: DateTime<Utc>,
    /// The instance running it now.
    pub running_on: Option<String>,
    pub runs: i64,
    pub failures: i64,
}

/// A channel as the workspace's Health page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelRuntime {
    pub id: String,
    pub name: String,
    /// `telegram` or `whatsapp`
    pub kind: String,
    /// `webhook` or `polling`
    pub mode: String,
    pub enabled: bool,
    pub status: String,
    pub status_reason: Option<String>,
    pub last_update_at: Option<DateTime<Utc>>,
    pub last_send_at: Option<DateTime<Utc>>,
    /// Received updates not handled yet, plus provider messages waiting for this medium.
    pub queue: u64,
    /// Polling: the instance that polls it now (none: nobody yet, or webhook mode).
    pub polled_by: Option<String>,
}

/// A panel's Admin API as this workspace's Health page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelRuntime {
    pub id: String,
    pub name: String,
    pub last_ok_at: Option<DateTime<Utc>>,
    /// Calls and failed calls in the last hour (as seen by the instance that answered).
    pub calls_last_hour: u64,
    pub errors_last_hour: u64,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// The panel's request budget (requests per second) and how much of it the busiest second of
    /// the last minute used, in percent.
    pub rps: u32,
    pub budget_used_pct: u32,
}

/// Something in the configuration that will stop requests from going through, with where to fix it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfigCheck {
    /// `provider_unrouted`, `destination_unreachable`, `webhook_without_public_url`,
    /// `channel_without_panel`, `stale_service_list`
    pub code: String,
    pub message: String,
    /// The workspace page that fixes it.
    pub fix_path: String,
}

/// The workspace's Health page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceHealth {
    pub channels: Vec<ChannelRuntime>,
    pub panels: Vec<PanelRuntime>,
    pub jobs: Vec<JobHealth>,
    pub checks: Vec<ConfigCheck>,
}
