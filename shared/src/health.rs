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
    pub database: DatabaseHealth,
}
