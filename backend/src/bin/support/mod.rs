//! What the benchmarks share: percentiles, a parallel runner, temporary folders, and a bench
//! tenant with a panel on a fake (no Argon2: a bench account never signs in).
#![allow(dead_code)]

pub mod channels;
pub mod flood;
pub mod memory;
pub mod procs;

use std::time::{Duration, Instant};

use sea_orm::{ActiveModelTrait, Set};

pub type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A fresh temporary folder for one benchmark part.
pub fn temp_dir(label: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("panelrelay-bench-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Runs every job on `concurrency` tasks; any failed job fails the benchmark (never a silent
/// gap). Returns the wall time and the sorted job latencies.
pub async fn run_parallel<J, F, Fut>(
    jobs: Vec<J>,
    concurrency: usize,
    work: F,
) -> BenchResult<(Duration, Vec<Duration>)>
where
    J: Send + 'static,
    F: Fn(J) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = BenchResult<()>> + Send,
{
    let queue = std::sync::Arc::new(std::sync::Mutex::new(jobs));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (queue, work) = (queue.clone(), work.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let job = queue.lock().unwrap_or_else(|p| p.into_inner()).pop();
                let Some(job) = job else { break };
                let t = Instant::now();
                work(job).await?;
                times.push(t.elapsed());
            }
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(times)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    all.sort();
    Ok((started.elapsed(), all))
}

pub struct BenchTenant {
    pub tenant_id: String,
    pub owner_id: String,
    pub panel_id: String,
}

/// A tenant and its owner, and a panel on the fake at `admin_v2_url` with a generous rate.
pub async fn bench_tenant(
    state: &panelrelay::state::AppState,
    name: &str,
    admin_v2_url: &str,
    rps: i32,
) -> BenchResult<BenchTenant> {
    let email = format!("{}@bench.example", name.to_lowercase().replace(' ', "-"));
    let (tenant, owner) =
        panelrelay::auth::repo::create_tenant_with_owner(&state.db, name, &email, "$argon2id$bench".into()).await?;
    let panel_id = panelrelay::db::new_id();
    panelrelay::db::entities::panels::ActiveModel {
        id: Set(panel_id.clone()),
        tenant_id: Set(tenant.id.clone()),
        name: Set("Bench panel".into()),
        kind: Set("perfectpanel_v2".into()),
        admin_base_url: Set(admin_v2_url.to_string()),
        admin_key_sealed: Set(panelrelay::panels::repo::seal_key(
            &state.vault.secrets,
            &tenant.id,
            &panel_id,
            "admin",
            "fake-admin-key-4f1c",
        )?),
        user_api_url: Set(None),
        user_api_key_sealed: Set(None),
        rps: Set(rps),
        timeout_secs: Set(15),
        orders_user_param: Set("user".into()),
        v2_bulk_ids: Set(false),
        last_test_outcome: Set(None),
        last_tested_at: Set(None),
        created_at: Set(panelrelay::db::now()),
        services_refresh_hours: Set(6),
    }
    .insert(&state.db)
    .await?;
    Ok(BenchTenant { tenant_id: tenant.id, owner_id: owner.id, panel_id })
}
