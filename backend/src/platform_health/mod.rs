//! Runtime health of the platform: every instance writes a heartbeat to the shared database;
//! the master admin's health page lists the instances, the queues, and the channels and ticket
//! readers in error across workspaces, with the database's size and migrations.
pub mod routes;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, Statement};
use shared::health::{DatabaseHealth, HealthProblem, InstanceHealth, PlatformHealth, QueueHealth};

use crate::db::Db;
use crate::db::entities::{channels, instances, tenants, ticket_intake};
use crate::error::AppError;

/// An instance whose last heartbeat is older than this is shown as stopped.
pub const ALIVE_SECS: i64 = 30;
const BEAT_SECS: u64 = 10;
/// Stopped instances are listed for a day, then forgotten.
const FORGET_AFTER_HOURS: i64 = 24;

pub async fn beat(
    db: &impl ConnectionTrait,
    id: &str,
    started_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = instances::ActiveModel {
        id: Set(id.chars().take(100).collect()),
        version: Set(env!("CARGO_PKG_VERSION").into()),
        started_at: Set(started_at),
        heartbeat_at: Set(at),
    };
    instances::Entity::insert(row)
        .on_conflict(OnConflict::column(instances::Column::Id).update_column(instances::Column::HeartbeatAt).to_owned())
        .exec_without_returning(db)
        .await?;
    instances::Entity::delete_many()
        .filter(instances::Column::HeartbeatAt.lt(at - Duration::hours(FORGET_AFTER_HOURS)))
        .exec(db)
        .await?;
    Ok(())
}

/// How many instances wrote a heartbeat within the last 30 seconds.
pub async fn alive(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(instances::Entity::find()
        .filter(instances::Column::HeartbeatAt.gt(now - Duration::seconds(ALIVE_SECS)))
        .count(db)
        .await?)
}

/// Writes this instance's heartbeat now and every 10 seconds, and tells the panel clients how
/// many instances share each panel's request budget.
pub fn spawn_heartbeat(db: Db, id: String, panels: crate::panels::clients::PanelClients) {
    let started_at = crate::db::now();
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(std::time::Duration::from_secs(BEAT_SECS));
        loop {
            timer.tick().await;
            let at = crate::db::now();
            if let Err(e) = db.write(async |c| beat(c, &id, started_at, at).await).await {
                tracing::warn!(error = %e, "instance heartbeat failed");
            }
            if let Ok(n) = alive(&db, at).await {
                panels.set_instances(u32::try_from(n).unwrap_or(u32::MAX));
            }
            // The inbox items this instance works on stay its own while it lives.
            let until = at + Duration::seconds(crate::channels::repo::INBOX_LEASE_SECS);
            if let Err(e) = db.write(async |c| crate::channels::repo::renew_claims(c, &id, until).await).await {
                tracing::warn!(error = %e, "cannot extend this instance's inbox claims");
            }
        }
    });
}

async fn database(db: &impl ConnectionTrait) -> Result<DatabaseHealth, AppError> {
    let backend = db.get_database_backend();
    let (engine, size_sql) = match backend {
        sea_orm::DbBackend::Postgres => ("postgres", "SELECT pg_database_size(current_database())"),
        _ => ("sqlite", "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"),
    };
    let size = db
        .query_one_raw(Statement::from_string(backend, size_sql))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get_by_index::<i64>(0).ok());
    let migrations = db
        .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) FROM seaql_migrations"))
        .await?
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0);
    Ok(DatabaseHealth { engine: engine.into(), size_bytes: size, migrations_applied: migrations })
}

/// The platform's health now.
pub async fn platform(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<PlatformHealth, AppError> {
    let instances = instances::Entity::find()
        .order_by_desc(instances::Column::HeartbeatAt)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InstanceHealth {
            uptime_secs: (i.heartbeat_at - i.started_at).num_seconds().max(0),
            alive: now - i.heartbeat_at <= Duration::seconds(ALIVE_SECS),
            id: i.id,
            version: i.version,
            started_at: i.started_at,
            heartbeat_at: i.heartbeat_at,
        })
        .collect();
    let mut queues = Vec::new();
    for (name, sql) in crate::metrics::QUEUES {
        let (depth, oldest_age_secs) = crate::metrics::queue(db, sql, now).await?;
        queues.push(QueueHealth { queue: name.into(), depth, oldest_age_secs });
    }
    let names: std::collections::HashMap<String, String> =
        tenants::Entity::find().all(db).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let workspace = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut problems: Vec<HealthProblem> = channels::Entity::find()
        .filter(channels::Column::Status.eq("unhealthy"))
        .all(db)
        .await?
        .into_iter()
        .map(|c| HealthProblem {
            workspace_name: workspace(&c.tenant_id),
            workspace_id: c.tenant_id,
            kind: "channel".into(),
            name: c.name,
            status: c.status,
            reason: c.status_reason.unwrap_or_default(),
            since: None,
        })
        .collect();
    let readers = ticket_intake::Entity::find()
        .filter(ticket_intake::Column::Enabled.eq(true))
        .filter(ticket_intake::Column::LastError.is_not_null())
        .all(db)
        .await?;
    let panel_names: std::collections::HashMap<String, String> =
        crate::db::entities::panels::Entity::find().all(db).await?.into_iter().map(|p| (p.id, p.name)).collect();
    for r in readers {
        problems.push(HealthProblem {
            workspace_name: workspace(&r.tenant_id),
            workspace_id: r.tenant_id,
            kind: "tickets".into(),
            name: panel_names.get(&r.panel_id).cloned().unwrap_or_default(),
            status: format!("{} failed runs", r.failures),
            reason: r.last_error.unwrap_or_default(),
            since: r.last_ok_at,
        });
    }
    let jobs = crate::scheduler::repo::health(db, None).await?;
    Ok(PlatformHealth { instances, queues, problems, jobs, database: database(db).await? })
}
