//! The scheduler's storage: one row per job (when it runs next, who runs it now, how the last
//! run ended) and the history of runs that did something or failed.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::db::entities::{job_runs, scheduled_jobs};
use crate::db::new_id;
use crate::error::AppError;

/// A job the scheduler should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub name: String,
    pub kind: String,
    pub tenant_id: Option<String>,
    pub subject_id: Option<String>,
    pub interval_ms: i64,
    /// When a job that is not known yet runs first.
    pub first_run_at: DateTime<Utc>,
}

/// Adds the jobs not known yet; a known job keeps its schedule and takes the new interval.
pub async fn ensure(db: &impl ConnectionTrait, specs: &[JobSpec]) -> Result<(), AppError> {
    if specs.is_empty() {
        return Ok(());
    }
    let rows = specs.iter().map(|s| scheduled_jobs::ActiveModel {
        name: Set(s.name.clone()),
        kind: Set(s.kind.clone()),
        tenant_id: Set(s.tenant_id.clone()),
        subject_id: Set(s.subject_id.clone()),
        interval_ms: Set(s.interval_ms),
        next_run_at: Set(s.first_run_at),
        holder: Set(None),
        lease_until: Set(None),
        last_started_at: Set(None),
        last_finished_at: Set(None),
        last_outcome: Set(None),
        last_error: Set(None),
        last_duration_ms: Set(None),
        runs: Set(0),
        failures: Set(0),
    });
    for chunk in rows.collect::<Vec<_>>().chunks(200) {
        scheduled_jobs::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(scheduled_jobs::Column::Name)
                    .update_column(scheduled_jobs::Column::IntervalMs)
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Forgets the jobs of `kind` not in `keep` (a panel deleted, or switched to easy mode).
pub async fn retire(db: &impl ConnectionTrait, kind: &str, keep: &[String]) -> Result<u64, AppError> {
    let mut q = scheduled_jobs::Entity::delete_many().filter(scheduled_jobs::Column::Kind.eq(kind));
    if !keep.is_empty() {
        q = q.filter(scheduled_jobs::Column::Name.is_not_in(keep.iter().cloned()));
    }
    Ok(q.exec(db).await?.rows_affected)
}

fn free(now: DateTime<Utc>) -> Condition {
    Condition::any().add(scheduled_jobs::Column::Holder.is_null()).add(scheduled_jobs::Column::LeaseUntil.lt(now))
}

/// Claims up to `limit` due jobs for `holder` in one statement: a job is due when its time came
/// and nobody holds it (or its holder's lease lapsed, which happens only when that instance died).
pub async fn claim_due(
    db: &impl ConnectionTrait,
    holder: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<scheduled_jobs::Model>, AppError> {
    let due = Query::select()
        .column(scheduled_jobs::Column::Name)
        .from(scheduled_jobs::Entity)
        .cond_where(Condition::all().add(scheduled_jobs::Column::NextRunAt.lte(now)).add(free(now)))
        .order_by(scheduled_jobs::Column::NextRunAt, sea_orm::Order::Asc)
        .limit(limit)
        .to_owned();
    Ok(scheduled_jobs::Entity::update_many()
        .col_expr(scheduled_jobs::Column::Holder, Expr::value(holder))
        .col_expr(scheduled_jobs::Column::LeaseUntil, Expr::value(now + lease))
        .col_expr(scheduled_jobs::Column::LastStartedAt, Expr::value(now))
        .filter(scheduled_jobs::Column::Name.in_subquery(due))
        .filter(scheduled_jobs::Column::NextRunAt.lte(now))
        .filter(free(now))
        .exec_with_returning(db)
        .await?)
}

/// How one run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It did something (the words say what).
    Ok(String),
    /// Nothing was due: counted, not kept in the history.
    Idle,
    /// It failed, in plain words.
    Failed(String),
}

impl Outcome {
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Ok(_) => "ok",
            Outcome::Idle => "idle",
            Outcome::Failed(_) => "failed",
        }
    }
}

/// Records the run, frees the job and schedules its next run (one interval after this one
/// started, or now when it is already behind). Only the holder can do this.
#[allow(clippy::too_many_arguments)]
pub async fn finish(
    db: &impl ConnectionTrait,
    job: &scheduled_jobs::Model,
    holder: &str,
    started: DateTime<Utc>,
    finished: DateTime<Utc>,
    outcome: &Outcome,
) -> Result<bool, AppError> {
    let duration_ms = (finished - started).num_milliseconds().max(0);
    let next = (started + Duration::milliseconds(job.interval_ms.max(1))).max(finished);
    let failed = matches!(outcome, Outcome::Failed(_));
    let error = match outcome {
        Outcome::Failed(e) => Some(e.clone()),
        _ => None,
    };
    let freed = scheduled_jobs::Entity::update_many()
        .col_expr(scheduled_jobs::Column::Holder, Expr::value(Option::<String>::None))
        .col_expr(scheduled_jobs::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(scheduled_jobs::Column::NextRunAt, Expr::value(next))
        .col_expr(scheduled_jobs::Column::LastFinishedAt, Expr::value(finished))
        .col_expr(scheduled_jobs::Column::LastOutcome, Expr::value(outcome.name()))
        .col_expr(scheduled_jobs::Column::LastError, Expr::value(error))
        .col_expr(scheduled_jobs::Column::LastDurationMs, Expr::value(duration_ms))
        .col_expr(
            scheduled_jobs::Column::Runs,
            sea_orm::sea_query::ExprTrait::add(Expr::col(scheduled_jobs::Column::Runs), 1),
        )
        .col_expr(
            scheduled_jobs::Column::Failures,
            sea_orm::sea_query::ExprTrait::add(Expr::col(scheduled_jobs::Column::Failures), if failed { 1 } else { 0 }),
        )
        .filter(scheduled_jobs::Column::Name.eq(job.name.clone()))
        .filter(scheduled_jobs::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    if *outcome != Outcome::Idle {
        let detail = match outcome {
            Outcome::Ok(d) | Outcome::Failed(d) => Some(d.chars().take(500).collect::<String>()),
            Outcome::Idle => None,
        };
        job_runs::Entity::insert(job_runs::ActiveModel {
            id: Set(new_id()),
            job: Set(job.name.clone()),
            kind: Set(job.kind.clone()),
            tenant_id: Set(job.tenant_id.clone()),
            instance: Set(holder.chars().take(100).collect()),
            started_at: Set(started),
            finished_at: Set(finished),
            duration_ms: Set(duration_ms),
            outcome: Set(outcome.name().into()),
            detail: Set(detail),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(freed.rows_affected == 1)
}

/// Extends the holder's lease on a long run.
pub async fn renew(
    db: &impl ConnectionTrait,
    name: &str,
    holder: &str,
    until: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(scheduled_jobs::Entity::update_many()
        .col_expr(scheduled_jobs::Column::LeaseUntil, Expr::value(until))
        .filter(scheduled_jobs::Column::Name.eq(name))
        .filter(scheduled_jobs::Column::Holder.eq(holder))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Every job, or a workspace's jobs; failures first, then by name.
pub async fn list(db: &impl ConnectionTrait, tenant_id: Option<&str>) -> Result<Vec<scheduled_jobs::Model>, AppError> {
    let mut q = scheduled_jobs::Entity::find();
    if let Some(t) = tenant_id {
        q = q.filter(scheduled_jobs::Column::TenantId.eq(t));
    }
    let mut jobs = q.order_by_asc(scheduled_jobs::Column::Name).all(db).await?;
    jobs.sort_by_key(|j| j.last_outcome.as_deref() != Some("failed"));
    Ok(jobs)
}

/// The runs of one job, newest first.
pub async fn runs(db: &impl ConnectionTrait, job: &str, limit: u64) -> Result<Vec<job_runs::Model>, AppError> {
    Ok(job_runs::Entity::find()
        .filter(job_runs::Column::Job.eq(job))
        .order_by_desc(job_runs::Column::StartedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Forgets runs older than `before`.
pub async fn prune_runs(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, AppError> {
    Ok(job_runs::Entity::delete_many().filter(job_runs::Column::StartedAt.lt(before)).exec(db).await?.rows_affected)
}

/// The jobs as the Health pages show them (all, or one workspace's), failures first, with the
/// panel's name and the workspace's name where they belong to one.
pub async fn health(
    db: &impl ConnectionTrait,
    tenant_id: Option<&str>,
) -> Result<Vec<shared::health::JobHealth>, AppError> {
    use crate::db::entities::{panels, tenants};
    let jobs = list(db, tenant_id).await?;
    let mut panel_q = panels::Entity::find();
    if let Some(t) = tenant_id {
        panel_q = panel_q.filter(panels::Column::TenantId.eq(t));
    }
    let panel_names: std::collections::HashMap<String, String> =
        panel_q.all(db).await?.into_iter().map(|p| (p.id, p.name)).collect();
    let workspace_names: std::collections::HashMap<String, String> = if tenant_id.is_some() {
        Default::default()
    } else {
        tenants::Entity::find().all(db).await?.into_iter().map(|t| (t.id, t.name)).collect()
    };
    Ok(jobs
        .into_iter()
        .map(|j| shared::health::JobHealth {
            subject: match &j.subject_id {
                Some(p) => panel_names.get(p).cloned().unwrap_or_else(|| "a deleted panel".into()),
                None => "all workspaces".into(),
            },
            workspace_name: j.tenant_id.as_ref().and_then(|t| workspace_names.get(t).cloned()),
            workspace_id: j.tenant_id,
            interval_secs: j.interval_ms / 1000,
            last_started_at: j.last_started_at,
            last_finished_at: j.last_finished_at,
            last_outcome: j.last_outcome,
            last_error: j.last_error,
            last_duration_ms: j.last_duration_ms,
            next_run_at: j.next_run_at,
            running_on: j.holder,
            runs: j.runs,
            failures: j.failures,
            kind: j.kind,
        })
        .collect())
}
