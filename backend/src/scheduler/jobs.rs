//! What the scheduled jobs are and what each run does: the ticket runners' tick, the retention
//! cleanup (message log per workspace setting, old job runs), the subscription notices (hourly),
//! and one service-list refresh per panel in advanced mode (its own interval, default 6 hours).
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::EntityTrait;

use super::repo::{JobSpec, Outcome};
use crate::commands::engine::Engine;
use crate::db::entities::{panels, scheduled_jobs};
use crate::error::AppError;

pub const TICKETS: &str = "tickets";
pub const RETENTION: &str = "retention";
pub const SERVICES: &str = "services";
pub const NOTICES: &str = "subscription-notices";

/// Job runs are kept this long.
const KEEP_RUNS_DAYS: i64 = 14;

/// The platform's jobs.
pub fn platform(ticket_tick_ms: u64, now: DateTime<Utc>) -> Vec<JobSpec> {
    let job = |name: &str, interval_ms: i64| JobSpec {
        name: name.into(),
        kind: name.into(),
        tenant_id: None,
        subject_id: None,
        interval_ms,
        first_run_at: now,
    };
    vec![job(TICKETS, ticket_tick_ms.clamp(50, 3_600_000) as i64), job(RETENTION, 3_600_000), job(NOTICES, 3_600_000)]
}

/// One service-list refresh job per panel whose workspace uses advanced rules and whose refresh
/// interval is not 0. A panel never synced runs at once; one synced before, an interval after.
pub async fn panel_jobs(engine: &Engine, now: DateTime<Utc>) -> Result<Vec<JobSpec>, AppError> {
    let db = &engine.db;
    let synced = crate::service_rules::repo::last_synced(db.conn(), None).await?;
    let mut advanced: HashMap<String, bool> = HashMap::new();
    let mut specs = Vec::new();
    for p in panels::Entity::find().all(db.conn()).await? {
        if p.services_refresh_hours <= 0 {
            continue;
        }
        let is_advanced = match advanced.get(&p.tenant_id) {
            Some(a) => *a,
            None => {
                let (settings, _) = crate::settings::repo::settings(db.conn(), &p.tenant_id).await?;
                let a = settings.service_rules_mode == "advanced";
                advanced.insert(p.tenant_id.clone(), a);
                a
            }
        };
        if !is_advanced {
            continue;
        }
        let interval = Duration::hours(i64::from(p.services_refresh_hours));
        specs.push(JobSpec {
            name: format!("{SERVICES}:{}", p.id),
            kind: SERVICES.into(),
            tenant_id: Some(p.tenant_id.clone()),
            subject_id: Some(p.id.clone()),
            interval_ms: interval.num_milliseconds(),
            first_run_at: synced.get(&p.id).map_or(now, |at| (*at + interval).max(now)),
        });
    }
    Ok(specs)
}

/// Runs one claimed job.
pub async fn run(engine: &Engine, holder: &str, job: &scheduled_jobs::Model) -> Outcome {
    let result = match job.kind.as_str() {
        TICKETS => tickets(engine, holder).await,
        RETENTION => retention(engine).await,
        SERVICES => services(engine, job).await,
        NOTICES => super::notices::send_due(engine, engine.billing.now()).await,
        other => Ok(Outcome::Failed(format!("unknown job kind {other}"))),
    };
    result.unwrap_or_else(|e| Outcome::Failed(format!("the database answered with an error: {e}")))
}

async fn tickets(engine: &Engine, holder: &str) -> Result<Outcome, AppError> {
    let ran = crate::tickets::worker::tick(engine, holder).await?;
    Ok(if ran == 0 { Outcome::Idle } else { Outcome::Ok(format!("{ran} panel(s) read")) })
}

async fn retention(engine: &Engine) -> Result<Outcome, AppError> {
    let now = crate::db::now();
    let messages = crate::logs::messages::clean_all(&engine.db, now).await?;
    let before = now - Duration::days(KEEP_RUNS_DAYS);
    let runs = engine.db.write(async |c| super::repo::prune_runs(c, before).await).await?;
    Ok(Outcome::Ok(format!("{messages} message log row(s) and {runs} job run(s) removed")))
}

async fn services(engine: &Engine, job: &scheduled_jobs::Model) -> Result<Outcome, AppError> {
    let (Some(tenant), Some(panel_id)) = (&job.tenant_id, &job.subject_id) else {
        return Ok(Outcome::Failed("the job names no panel".into()));
    };
    let panel = match crate::panels::repo::get(&engine.db, tenant, panel_id).await {
        Ok(p) => p,
        Err(AppError::NotFound(_)) => return Ok(Outcome::Failed("the panel was deleted".into())),
        Err(e) => return Err(e),
    };
    Ok(match crate::panels::sync::refresh_services(engine, &panel).await? {
        Ok(r) => Outcome::Ok(format!(
            "{} service(s) read, {} new provider(s) discovered",
            r.services, r.providers_discovered
        )),
        Err(e) => Outcome::Failed(format!("the panel's service list could not be read: {e}")),
    })
}
