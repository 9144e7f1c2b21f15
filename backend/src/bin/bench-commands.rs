//! `bench-commands`: commands per second and p50/p99 latency of the command pipeline
//! (`handle_inbound`: parse, panel lookup, checks, routing, cooldown claim, log + outbox in one
//! transaction), single-id and 100-id bulk, against the in-process fake panel with zero added
//! latency. The baseline in the same run is the bare panel lookup (the fake's HTTP round trip),
//! so "own time" = command latency − lookup latency. SQLite by default; PostgreSQL with
//! `BENCH_DATABASE_URL=postgres://...` (a fresh database is created and dropped).
//! Run: `cargo run --release -p backend --bin bench-commands`.
mod support;

use fakes::panel::{FakeOrder, FakePanel, sample_data};
use panelrelay::commands::pipeline::{Inbound, handle_inbound};
use panelrelay::config::Config;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use support::{BenchResult, bench_tenant, ms, percentile, run_parallel};

const SINGLE: usize = 3000;
const BULK_COMMANDS: usize = 30;
const BULK_IDS: usize = 100;
fn concurrency() -> usize {
    std::env::var("BENCH_CONCURRENCY").ok().and_then(|v| v.parse().ok()).unwrap_or(4)
}
const PROVIDER: &str = "bench-provider.example";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-commands: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> BenchResult<()> {
    if std::env::var_os("PANELRELAY_SQL_TRACE").is_some() {
        tracing_subscriber::fmt().with_env_filter("sqlx=info,sea_orm=info").with_writer(std::io::stderr).init();
    }
    let data_dir = support::temp_dir("commands");
    let mut env = std::collections::HashMap::new();
    env.insert("PANELRELAY_LISTEN".to_string(), "127.0.0.1:0".to_string());
    env.insert("PANELRELAY_DATA_DIR".to_string(), data_dir.display().to_string());
    env.insert("PANELRELAY_WORKERS".to_string(), "off".to_string());
    env.insert("PANELRELAY_ADMIN_PASSWORD".to_string(), "bench-admin-password".to_string());
    // The fake panel listens on 127.0.0.1.
    env.insert("PANELRELAY_ALLOW_PRIVATE_URLS".to_string(), "true".to_string());
    let mut pg_drop = None;
    let engine = match std::env::var("BENCH_DATABASE_URL") {
        Ok(base) => {
            let name = format!("pr_bench_{}", std::process::id());
            let admin = sea_orm::Database::connect(&base).await?;
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await?;
            let (prefix, _) = base.rsplit_once('/').ok_or("url with database")?;
            env.insert("PANELRELAY_DATABASE_URL".to_string(), format!("{prefix}/{name}"));
            pg_drop = Some((admin, name));
            "PostgreSQL"
        }
        Err(_) => "SQLite",
    };
    let config = Config::from_sources(&env)?;
    let app = panelrelay::Application::build(config).await?;
    let state = app.state().clone();

    // A panel with enough completed orders for every command to be a fresh, accepted refill.
    let total_orders = SINGLE + BULK_COMMANDS * BULK_IDS + 200;
    let mut data = sample_data(PROVIDER, "other.example");
    let template = data.orders[0].clone();
    data.orders = (0..total_orders as u64)
        .map(|i| FakeOrder { id: 3_000_000 + i, external_id: Some((7_000_000 + i).to_string()), ..template.clone() })
        .collect();
    let fake = FakePanel::start(data)?;

    let bench = bench_tenant(&state, "Bench", &fake.admin_v2_url(), 1_000_000).await?;
    let panel_id = bench.panel_id.clone();
    panelrelay::providers::service::alias_for_domain(
        &state.db,
        &state.vault,
        &bench.tenant_id,
        PROVIDER,
        "Bench panel",
    )
    .await?;
    let provider = panelrelay::providers::repo::list(&state.db, &bench.tenant_id).await?.remove(0);
    let dest = panelrelay::db::new_id();
    panelrelay::db::entities::destinations::ActiveModel {
        id: Set(dest.clone()),
        tenant_id: Set(bench.tenant_id.clone()),
        name: Set("Provider group".into()),
        kind: Set("telegram_group".into()),
        address: Set("-100123".into()),
        enabled: Set(true),
        created_at: Set(panelrelay::db::now()),
    }
    .insert(&state.db)
    .await?;
    panelrelay::db::entities::provider_routes::ActiveModel {
        id: Set(panelrelay::db::new_id()),
        tenant_id: Set(bench.tenant_id.clone()),
        provider_id: Set(provider.id),
        destination_id: Set(dest),
        enabled: Set(true),
        templates: Set("{}".into()),
        created_at: Set(panelrelay::db::now()),
    }
    .insert(&state.db)
    .await?;

    let inbound = {
        let (tenant, panel) = (bench.tenant_id.clone(), panel_id.clone());
        move |text: String| Inbound {
            tenant_id: tenant.clone(),
            panel_id: panel.clone(),
            channel: "bench".into(),
            chat: "bench".into(),
            text,
            username: Some("mira_boost".into()),
            dry_run: false,
            delivery: None,
            reply: Default::default(),
        }
    };
    let mut next_id = 3_000_000u64;
    let mut take = |n: usize| -> Vec<String> {
        let ids = (next_id..next_id + n as u64).map(|i| i.to_string()).collect();
        next_id += n as u64;
        ids
    };

    // Warm-up (connections, caches, first provider lookups).
    for id in take(100) {
        handle_inbound(&state.engine, inbound(format!("{id} refill"))).await?;
    }

    // Baseline: the bare panel lookup through the same client (the fake's HTTP round trip).
    let panel_row = panelrelay::panels::repo::get(&state.db, &bench.tenant_id, &panel_id).await?;
    let client = state.engine.panels.client(&panel_row)?;
    let lookup_ids = take(100);
    let (_, lookup_times) = {
        let client = client.clone();
        run_parallel(lookup_ids.iter().cycle().take(SINGLE).cloned().collect(), concurrency(), move |id: String| {
            let client = client.clone();
            async move { client.order(&id).await.map(|_| ()).map_err(|e| format!("lookup {id}: {e}").into()) }
        })
        .await?
    };

    // Single-id commands.
    let singles: Vec<String> = take(SINGLE).into_iter().map(|id| format!("{id} refill")).collect();
    let (wall, times) = {
        let (state, inbound) = (state.clone(), inbound.clone());
        run_parallel(singles, concurrency(), move |text: String| {
            let (state, inbound) = (state.clone(), inbound.clone());
            async move {
                let r = handle_inbound(&state.engine, inbound(text)).await.map_err(|e| e.to_string())?;
                if r.messages.len() != 1 {
                    return Err(format!("a bench command was not dispatched: {:?}", r.verdicts).into());
                }
                Ok(())
            }
        })
        .await?
    };

    // 100-id bulk commands.
    let bulks: Vec<String> = (0..BULK_COMMANDS).map(|_| format!("{} refill", take(BULK_IDS).join(", "))).collect();
    let (bulk_wall, bulk_times) = {
        let (state, inbound) = (state.clone(), inbound.clone());
        run_parallel(bulks, concurrency(), move |text: String| {
            let (state, inbound) = (state.clone(), inbound.clone());
            async move {
                let r = handle_inbound(&state.engine, inbound(text)).await.map_err(|e| e.to_string())?;
                let accepted = r.verdicts.iter().filter(|v| v.outcome == shared::commands::Outcome::Accepted).count();
                if accepted != BULK_IDS {
                    return Err(format!("a bulk command accepted {accepted} of {BULK_IDS} ids").into());
                }
                Ok(())
            }
        })
        .await?
    };

    let lookup_p50 = percentile(&lookup_times, 0.5);
    let lookup_p99 = percentile(&lookup_times, 0.99);
    let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    println!("bench-commands on {engine}, {} concurrent, fake panel with zero added latency", concurrency());
    println!("baseline panel lookup:   p50 {:.3} ms  p99 {:.3} ms", ms(lookup_p50), ms(lookup_p99));
    println!(
        "single-id commands:      {} in {:.2} s = {:.0} commands/s; latency p50 {:.3} ms  p99 {:.3} ms",
        times.len(),
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64(),
        ms(p50),
        ms(p99)
    );
    println!(
        "  own processing (latency - lookup): p50 {:.3} ms  p99 {:.3} ms; command/lookup ratio p50 {:.2}x",
        ms(p50.saturating_sub(lookup_p50)),
        ms(p99.saturating_sub(lookup_p99)),
        p50.as_secs_f64() / lookup_p50.as_secs_f64().max(1e-9)
    );
    let (bp50, bp99) = (percentile(&bulk_times, 0.5), percentile(&bulk_times, 0.99));
    println!(
        "100-id bulk commands:    {} in {:.2} s = {:.1} commands/s ({:.0} ids/s); latency p50 {:.1} ms  p99 {:.1} ms",
        bulk_times.len(),
        bulk_wall.as_secs_f64(),
        bulk_times.len() as f64 / bulk_wall.as_secs_f64(),
        (bulk_times.len() * BULK_IDS) as f64 / bulk_wall.as_secs_f64(),
        ms(bp50),
        ms(bp99)
    );
    println!("targets: >= 2000 single-id commands/s and own p99 < 5 ms");
    drop(fake);
    if let Some((admin, name)) = pg_drop {
        drop(state);
        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    Ok(())
}
