//! `/metrics` in the Prometheus text format, written by the `prometheus-client` crate. Totals and
//! queues are read from the shared database at scrape time, so each instance of a cluster reports
//! the same platform-wide figures; the panel call latency is this process's own (a histogram per
//! instance, which Prometheus sums). Never a tenant id, a name, a chat or a domain.
pub mod routes;

use chrono::{DateTime, Utc};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use sea_orm::{ConnectionTrait, Statement};

use crate::error::AppError;

type Labels = Vec<(String, String)>;

type LatencyFamily = Family<
    Labels,
    prometheus_client::metrics::histogram::Histogram,
    fn() -> prometheus_client::metrics::histogram::Histogram,
>;

fn latency_histogram() -> prometheus_client::metrics::histogram::Histogram {
    // 5 ms to about 20 s.
    prometheus_client::metrics::histogram::Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.005, 2.0, 13,
    ))
}

/// Panel Admin API calls of this process, by result (`ok`, or the error's kind).
static PANEL_LATENCY: std::sync::LazyLock<LatencyFamily> =
    std::sync::LazyLock::new(|| Family::new_with_constructor(latency_histogram as fn() -> _));

/// Records one panel call (the time on the wire, not the wait for the panel's rate limit).
pub fn observe_panel_call(result: &'static str, seconds: f64) {
    PANEL_LATENCY.get_or_create(&vec![("result".to_string(), result.to_string())]).observe(seconds);
}

/// Sends through a channel of this process that failed, by medium and kind of failure.
static SEND_ERRORS: std::sync::LazyLock<Family<Labels, Counter>> = std::sync::LazyLock::new(Family::default);

pub fn count_send_error(medium: &str, kind: &'static str) {
    SEND_ERRORS
        .get_or_create(&vec![("medium".to_string(), medium.to_string()), ("kind".to_string(), kind.to_string())])
        .inc();
}

/// `(label value, count)` rows of a `SELECT x, COUNT(*) … GROUP BY x`.
async fn grouped(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<(String, i64)>, AppError> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let key: String = row.try_get_by_index(0).unwrap_or_default();
        let n: i64 = row.try_get_by_index(1).unwrap_or(0);
        out.push((key, n));
    }
    Ok(out)
}

/// Depth and the age of the oldest waiting item of one queue table.
pub(crate) async fn queue(db: &impl ConnectionTrait, sql: &str, now: DateTime<Utc>) -> Result<(i64, f64), AppError> {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let Some(row) = row else { return Ok((0, 0.0)) };
    let n: i64 = row.try_get_by_index(0).unwrap_or(0);
    let oldest: Option<DateTime<Utc>> = row.try_get_by_index(1).ok().flatten();
    let age = oldest.map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0).unwrap_or(0.0);
    Ok((n, age))
}

fn counter_family(registry: &mut Registry, name: &str, help: &str, label: &str, rows: &[(String, i64)]) {
    let family = Family::<Labels, Counter>::default();
    for (value, n) in rows {
        family.get_or_create(&vec![(label.to_string(), value.clone())]).inc_by(u64::try_from(*n).unwrap_or(0));
    }
    registry.register(name, help, family);
}

fn gauge_family(registry: &mut Registry, name: &str, help: &str, label: &str, rows: &[(String, i64)]) {
    let family = Family::<Labels, Gauge>::default();
    for (value, n) in rows {
        family.get_or_create(&vec![(label.to_string(), value.clone())]).set(*n);
    }
    registry.register(name, help, family);
}

/// Each queue: its name, and its depth with the time of its oldest waiting item.
pub(crate) const QUEUES: [(&str, &str); 2] = [
    ("inbox", "SELECT COUNT(*), MIN(received_at) FROM channel_inbox WHERE status IN ('new', 'working')"),
    ("outbox", "SELECT COUNT(*), MIN(created_at) FROM dispatches WHERE status IN ('pending', 'sending')"),
];

/// The scrape: every figure read now, encoded as Prometheus text.
pub async fn render(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<String, AppError> {
    let mut r = Registry::with_prefix("panelrelay");
    let commands =
        grouped(db, "SELECT outcome, COUNT(*) FROM command_log WHERE dry_run = false GROUP BY outcome").await?;
    counter_family(&mut r, "commands", "Customer requests by outcome (dry runs left out)", "outcome", &commands);
    let dispatches = grouped(db, "SELECT status, COUNT(*) FROM dispatches GROUP BY status").await?;
    gauge_family(&mut r, "dispatches", "Provider messages by delivery status", "status", &dispatches);
    let tickets = grouped(db, "SELECT outcome, COUNT(*) FROM ticket_activity GROUP BY outcome").await?;
    counter_family(&mut r, "ticket_messages", "Customer messages on panel tickets by outcome", "outcome", &tickets);
    let runners = grouped(
        db,
        "SELECT CASE WHEN last_error IS NULL THEN 'ok' ELSE 'failing' END, COUNT(*) FROM ticket_intake \
         WHERE enabled = true GROUP BY CASE WHEN last_error IS NULL THEN 'ok' ELSE 'failing' END",
    )
    .await?;
    gauge_family(
        &mut r,
        "ticket_runners",
        "Panels whose tickets are read, by the last run's health",
        "state",
        &runners,
    );
    let channels = grouped(db, "SELECT status, COUNT(*) FROM channels GROUP BY status").await?;
    gauge_family(&mut r, "channels", "Telegram bots and WhatsApp numbers by health status", "status", &channels);

    let runs = grouped(db, "SELECT kind, CAST(SUM(runs) AS BIGINT) FROM scheduled_jobs GROUP BY kind").await?;
    counter_family(&mut r, "job_runs", "Runs of the scheduled jobs (all instances), by job", "job", &runs);
    let failures = grouped(db, "SELECT kind, CAST(SUM(failures) AS BIGINT) FROM scheduled_jobs GROUP BY kind").await?;
    counter_family(
        &mut r,
        "job_failures",
        "Failed runs of the scheduled jobs (all instances), by job",
        "job",
        &failures,
    );
    let takeovers = Counter::<u64>::default();
    takeovers.inc_by(crate::cluster::takeovers());
    r.register(
        "lease_takeovers",
        "Poll leases this instance took over from an instance that stopped renewing them",
        takeovers,
    );
    r.register(
        "channel_send_errors",
        "Failed sends through Telegram and WhatsApp of this instance",
        SEND_ERRORS.clone(),
    );

    let depth = Family::<Labels, Gauge>::default();
    let age = Family::<Labels, Gauge<f64, std::sync::atomic::AtomicU64>>::default();
    for (name, sql) in QUEUES {
        let (n, oldest) = queue(db, sql, now).await?;
        let labels = vec![("queue".to_string(), name.to_string())];
        depth.get_or_create(&labels).set(n);
        age.get_or_create(&labels).set(oldest);
    }
    r.register("queue_depth", "Items waiting in a queue", depth);
    r.register("panel_call_seconds", "Panel Admin API calls of this instance, by result", PANEL_LATENCY.clone());
    r.register("queue_oldest_age_seconds", "Age of the oldest waiting item of a queue", age);

    let mut out = String::new();
    encode(&mut out, &r).map_err(|e| AppError::internal("metrics encoding", e))?;
    Ok(out)
}
