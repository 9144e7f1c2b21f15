//! The ticket runners' loop: every few seconds, each panel whose tickets are due is taken under a
//! lease (one statement on the shared database, so one runner per panel across every instance),
//! run, and its outcome recorded on the panel's ticket health with the next run: the interval
//! after a good run, a growing back-off after panel errors (the panel's own `Retry-After` for a
//! 429, at least a minute for a Cloudflare page).
use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

use super::{repo, runner};
use crate::commands::engine::Engine;
use crate::db::Db;
use crate::db::entities::ticket_intake;
use crate::panels::client::PanelError;

/// How long a lease lasts without renewal: a dead holder's panel is taken over after this.
pub const LEASE_SECS: i64 = 90;

/// This instance's hold on one panel's tickets.
pub struct Lease {
    db: Db,
    panel_id: String,
    holder: String,
    renewed: Mutex<Instant>,
}

impl Lease {
    /// Renews the lease when a third of it has passed; `false` once it is lost.
    pub async fn keep(&self) -> bool {
        let due = self.renewed.lock().map(|t| t.elapsed().as_secs() >= (LEASE_SECS / 3) as u64).unwrap_or(true);
        if !due {
            return true;
        }
        let (panel, holder) = (&self.panel_id, &self.holder);
        let kept = self
            .db
            .write(async |c| repo::take_lease(c, panel, holder, crate::db::now(), Duration::seconds(LEASE_SECS)).await)
            .await
            .unwrap_or(false);
        if kept && let Ok(mut t) = self.renewed.lock() {
            *t = Instant::now();
        }
        kept
    }
}

/// When to run next after an outcome.
pub fn next_run(intake: &ticket_intake::Model, error: Option<&PanelError>, at: DateTime<Utc>) -> DateTime<Utc> {
    let interval = i64::from(intake.interval_secs.max(shared::tickets::MIN_INTERVAL_SECS as i32));
    let wait = match error {
        None => interval,
        Some(PanelError::RateLimited { retry_after_secs: Some(s) }) => (*s as i64).clamp(1, 3600).max(interval),
        Some(e) => {
            let doubled = interval.saturating_mul(1_i64 << intake.failures.clamp(0, 6));
            let floor = if matches!(e, PanelError::Cloudflare) { 60 } else { interval };
            doubled.clamp(floor, 3600)
        }
    };
    at + Duration::seconds(wait)
}

/// Runs one panel now if its lease can be taken; `false` when another runner holds it.
pub async fn run_panel(
    engine: &Engine,
    holder: &str,
    intake: ticket_intake::Model,
) -> Result<bool, crate::error::AppError> {
    let at = crate::db::now();
    let panel_id = intake.panel_id.clone();
    let took = engine
        .db
        .write(async |c| repo::take_lease(c, &panel_id, holder, at, Duration::seconds(LEASE_SECS)).await)
        .await?;
    if !took {
        return Ok(false);
    }
    let lease = Lease {
        db: engine.db.clone(),
        panel_id: panel_id.clone(),
        holder: holder.into(),
        renewed: Mutex::new(Instant::now()),
    };
    let (report, stop, plan_error) = match crate::panels::repo::get(&engine.db, &intake.tenant_id, &panel_id).await {
        Err(e) => (runner::Report::default(), Some(runner::Stop::Internal(e)), None),
        Ok(panel) => match plan_refusal(engine, &intake.tenant_id).await {
            Some(words) => (runner::Report::default(), None, Some(words)),
            None => {
                let (r, s) = runner::run(engine, &panel, &intake, &lease).await;
                (r, s, None)
            }
        },
    };
    let end_at = crate::db::now();
    let (error, next) = match (&stop, plan_error) {
        (_, Some(words)) => (Some(words), next_run(&intake, None, end_at)),
        (None, None) => (None, next_run(&intake, None, end_at)),
        (Some(runner::Stop::Panel(e)), None) => (Some(e.for_owner()), next_run(&intake, Some(e), end_at)),
        (Some(runner::Stop::Internal(e)), None) => {
            tracing::error!(panel = %panel_id, error = %e, "ticket run failed");
            (
                Some("an internal error stopped the run; it is retried".to_string()),
                next_run(&intake, Some(&PanelError::Timeout), end_at),
            )
        }
    };
    if report.handled > 0 || error.is_some() {
        tracing::info!(panel = %panel_id, seen = report.seen, handled = report.handled, failed = error.is_some(), "ticket run");
    }
    let end =
        repo::RunEnd { at: end_at, error, next_run_at: next, seen: report.seen, detail_missing: report.detail_missing };
    engine.db.write(async |c| repo::finish_run(c, &panel_id, holder, end).await).await?;
    Ok(true)
}

/// The plan's word when panel tickets are not included (or the workspace is paused).
async fn plan_refusal(engine: &Engine, tenant_id: &str) -> Option<String> {
    let ent = engine.billing.entitlements(&engine.db, tenant_id).await.ok()?;
    if let Err(e) = ent.require_medium(shared::billing::Medium::Tickets) {
        return Some(e.to_string());
    }
    None
}

/// One tick: every due panel, one after another (a panel's requests are paced by its own bucket).
pub async fn tick(engine: &Engine, holder: &str) -> Result<usize, crate::error::AppError> {
    let due = repo::due(engine.db.conn(), crate::db::now()).await?;
    let mut ran = 0;
    for intake in due {
        if run_panel(engine, holder, intake).await? {
            ran += 1;
        }
    }
    Ok(ran)
}
