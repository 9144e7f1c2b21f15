//! The scheduler: every periodic job of every instance in one place. A job is a row
//! (`scheduled_jobs`); an instance runs it only after claiming the row in one statement (it is
//! due and nobody holds it), so one run happens at a time across all instances sharing the
//! database, each run is recorded (start, end, outcome, duration), and a job whose holder died
//! is run by another instance once the holder's lease lapsed. On SQLite there is one instance
//! and the same claim is its in-process lock.
pub mod jobs;
pub mod notices;
pub mod repo;

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use repo::Outcome;

use crate::commands::engine::Engine;
use crate::error::AppError;

/// A claimed job is this instance's for this long; no job runs longer (it is cut off first).
const LEASE: i64 = 600;
const RUN_LIMIT: StdDuration = StdDuration::from_secs(540);
/// How often the list of jobs is brought up to date with the panels.
const SYNC_EVERY: i64 = 60;

/// Brings the job list up to date: the platform's jobs and one refresh job per advanced panel.
pub async fn sync_jobs(engine: &Engine, ticket_tick_ms: u64, now: DateTime<Utc>) -> Result<(), AppError> {
    let platform = jobs::platform(ticket_tick_ms, now);
    let panels = jobs::panel_jobs(engine, now).await?;
    let keep: Vec<String> = panels.iter().map(|j| j.name.clone()).collect();
    engine
        .db
        .write(async |c| {
            repo::ensure(c, &platform).await?;
            repo::ensure(c, &panels).await?;
            repo::retire(c, jobs::SERVICES, &keep).await
        })
        .await?;
    Ok(())
}

/// Claims the due jobs and runs them one after another (tests call this as one step).
pub async fn step(engine: &Engine, holder: &str, now: DateTime<Utc>) -> Result<Vec<(String, Outcome)>, AppError> {
    let claimed =
        engine.db.write(async |c| repo::claim_due(c, holder, now, Duration::seconds(LEASE), 32).await).await?;
    let mut done = Vec::new();
    for job in claimed {
        let outcome = run_claimed(engine, holder, &job).await;
        done.push((job.name.clone(), outcome));
    }
    Ok(done)
}

async fn run_claimed(engine: &Engine, holder: &str, job: &crate::db::entities::scheduled_jobs::Model) -> Outcome {
    let started = crate::db::now();
    let outcome = match tokio::time::timeout(RUN_LIMIT, jobs::run(engine, holder, job)).await {
        Ok(o) => o,
        Err(_) => Outcome::Failed(format!("it did not finish within {} minutes", RUN_LIMIT.as_secs() / 60)),
    };
    if let Outcome::Failed(why) = &outcome {
        tracing::warn!(job = %job.name, reason = %why, "a scheduled job failed");
    }
    let finished = crate::db::now();
    match engine.db.write(async |c| repo::finish(c, job, holder, started, finished, &outcome).await).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(job = %job.name, "a scheduled job's lease was lost during its run"),
        Err(e) => tracing::error!(job = %job.name, error = %e, "cannot record a scheduled job's run"),
    }
    outcome
}

/// The background loop: wakes every `period`, keeps the job list current, and runs each claimed
/// job in its own task (a slow service-list refresh never delays the ticket runners).
pub fn spawn(engine: Engine, ticket_tick_ms: u64) {
    let period = StdDuration::from_millis(ticket_tick_ms.clamp(50, 1000));
    let holder = engine.instance_id.clone();
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(period);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut synced_at: Option<DateTime<Utc>> = None;
        loop {
            timer.tick().await;
            let now = crate::db::now();
            if synced_at.is_none_or(|at| now - at >= Duration::seconds(SYNC_EVERY)) {
                match sync_jobs(&engine, ticket_tick_ms, now).await {
                    Ok(()) => synced_at = Some(now),
                    Err(e) => tracing::warn!(error = %e, "cannot bring the scheduled jobs up to date"),
                }
            }
            let claimed =
                engine.db.write(async |c| repo::claim_due(c, &holder, now, Duration::seconds(LEASE), 32).await).await;
            match claimed {
                Ok(jobs) => {
                    for job in jobs {
                        let (engine, holder) = (engine.clone(), holder.clone());
                        tokio::spawn(async move { run_claimed(&engine, &holder, &job).await });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot claim scheduled jobs"),
            }
        }
    });
}
