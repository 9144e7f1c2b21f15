//! The workspace's runtime health at a glance: each channel (mode, last update and send, queue,
//! the instance polling it), each panel's Admin API (last good call, calls and errors in the last
//! hour, the last error in plain words, request budget use), each job (the panel's service-list
//! refresh and ticket reading: last run, outcome, next run), and the configuration checks that
//! name what stops requests from going through, each with the page that fixes it.
pub mod checks;
pub mod routes;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::health::{ChannelRuntime, JobHealth, PanelRuntime, WorkspaceHealth};

use crate::channels::pollers::POLL_LEASE_PREFIX;
use crate::commands::engine::Engine;
use crate::db::entities::{channels, panels, ticket_intake};
use crate::error::AppError;

pub async fn workspace(
    engine: &Engine,
    public_url: Option<&str>,
    tenant_id: &str,
    now: DateTime<Utc>,
) -> Result<WorkspaceHealth, AppError> {
    let db = &engine.db;
    let channel_rows = channels::Entity::find().filter(channels::Column::TenantId.eq(tenant_id)).all(db).await?;
    let panel_rows = crate::panels::repo::list(db, tenant_id).await?;
    let leases = crate::cluster::leases::holders(db, POLL_LEASE_PREFIX).await?;
    let mut channels_out = Vec::with_capacity(channel_rows.len());
    for c in &channel_rows {
        let polled_by = leases
            .get(&format!("{POLL_LEASE_PREFIX}{}", c.id))
            .filter(|(_, until)| *until > now && c.mode == channels::Mode::Polling)
            .map(|(holder, _)| holder.clone());
        channels_out.push(ChannelRuntime {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind.as_str().into(),
            mode: c.mode.as_str().into(),
            enabled: c.enabled,
            status: c.status.clone(),
            status_reason: c.status_reason.clone(),
            last_update_at: c.last_update_at,
            last_send_at: c.last_send_at,
            queue: crate::channels::repo::queue_len(db, c).await?,
            polled_by,
        });
    }
    let panels_out = panel_rows.iter().map(|p| panel_runtime(engine, p, now)).collect();
    let mut jobs = crate::scheduler::repo::health(db, Some(tenant_id)).await?;
    jobs.extend(ticket_jobs(db, tenant_id, &panel_rows).await?);
    jobs.sort_by_key(|j| j.last_outcome.as_deref() != Some("failed"));
    let checks = checks::run(db, public_url, tenant_id, &channel_rows, &panel_rows, now).await?;
    Ok(WorkspaceHealth { channels: channels_out, panels: panels_out, jobs, checks })
}

fn panel_runtime(engine: &Engine, p: &panels::Model, now: DateTime<Utc>) -> PanelRuntime {
    let stats = engine.panels.stats(&p.id, now).unwrap_or_default();
    let rps = p.rps.max(1) as u32;
    PanelRuntime {
        id: p.id.clone(),
        name: p.name.clone(),
        last_ok_at: stats.last_ok_at,
        calls_last_hour: stats.calls_last_hour,
        errors_last_hour: stats.errors_last_hour,
        last_error: stats.last_error,
        last_error_at: stats.last_error_at,
        rps,
        budget_used_pct: (stats.busiest_second.saturating_mul(100) / rps).min(100),
    }
}

/// Each panel's ticket reading, shown as a job.
async fn ticket_jobs(
    db: &crate::db::Db,
    tenant_id: &str,
    panel_rows: &[panels::Model],
) -> Result<Vec<JobHealth>, AppError> {
    let names: HashMap<&str, &str> = panel_rows.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    Ok(ticket_intake::Entity::find()
        .filter(ticket_intake::Column::TenantId.eq(tenant_id))
        .filter(ticket_intake::Column::Enabled.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|t| JobHealth {
            kind: "tickets".into(),
            subject: names.get(t.panel_id.as_str()).map_or_else(|| "a deleted panel".into(), |n| n.to_string()),
            workspace_id: Some(t.tenant_id.clone()),
            workspace_name: None,
            interval_secs: i64::from(t.interval_secs),
            last_started_at: t.last_run_at,
            last_finished_at: t.last_run_at,
            last_outcome: t.last_run_at.map(|_| if t.last_error.is_some() { "failed" } else { "ok" }.to_string()),
            last_error: t.last_error,
            last_duration_ms: None,
            next_run_at: t.next_run_at.unwrap_or(t.updated_at),
            running_on: t.lease_holder.filter(|_| t.lease_until.is_some_and(|u| u > crate::db::now())),
            runs: 0,
            failures: i64::from(t.failures),
        })
        .collect())
}

/// How old a panel's service list may get (in advanced mode) before a check flags it.
pub fn stale_after(refresh_hours: i32) -> Duration {
    Duration::hours(i64::from(refresh_hours.max(6)) * 2)
}
