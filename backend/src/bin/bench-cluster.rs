//! `bench-cluster`: commands per second end to end (WhatsApp webhook → stored → command engine →
//! provider message queued and sent) with 1, 2 and 3 release `panelrelay serve` processes on one
//! PostgreSQL database, the webhooks of 4 workspaces spread over the instances, against the in-process fake panel
//! and fake Green API; the servers' CPU use in the same run; and the failover time of a polled
//! Telegram bot when the instance polling it is killed with SIGKILL.
//! Run: `cargo build --release -p backend --bins && target/release/bench-cluster`
//! (`BENCH_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/test`; `BENCH_COMMANDS`, default 600).
mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fakes::greenapi::FakeGreenApi;
use fakes::telegram::FakeTelegram;
use sea_orm::ConnectionTrait;
use support::BenchResult;
use support::flood::cpu_ms;
use support::procs::{
    Server, add_polled_bot, command_count, configure, panel_with_orders, pid_of, poller, post_all, refill_notes,
};

const TG_TOKEN: &str = "525252:AAF-bench-cluster-bot";
/// The panel's request budget: the most a panel allows (100/s), shared by the instances, so the
/// figures show what the pipeline does rather than the budget (at the default 5/s every cluster
/// size does 5 commands/s).
const RPS: u32 = 100;
/// Workspaces (each its own panel budget and WhatsApp number) the commands are spread over.
const WORKSPACES: usize = 4;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-cluster: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A fresh database on the server, dropped by `drop_db`.
async fn fresh_db(base: &str, label: &str) -> BenchResult<(String, sea_orm::DatabaseConnection, String)> {
    let name = format!("pr_cluster_{}_{label}", std::process::id());
    let admin = sea_orm::Database::connect(base).await?;
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await?;
    let (prefix, _) = base.rsplit_once('/').ok_or("BENCH_DATABASE_URL must name a database")?;
    Ok((format!("{prefix}/{name}"), admin, name))
}

async fn drop_db(admin: sea_orm::DatabaseConnection, name: &str) {
    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
}

struct Round {
    instances: usize,
    accepted: usize,
    secs: f64,
    cpu_cores: f64,
}

async fn round(bin: &Path, base_url: &str, instances: usize, commands: usize) -> BenchResult<Round> {
    let (url, admin, name) = fresh_db(base_url, &format!("n{instances}")).await?;
    let dir = support::temp_dir(&format!("cluster-{instances}"));
    let per = commands.div_ceil(WORKSPACES);
    let panel = panel_with_orders(per, 0);
    let wa = Arc::new(FakeGreenApi::start()?);
    let mut servers: Vec<Server> =
        (0..instances).map(|_| Server::new(bin, &dir, Some(&url), &[("PANELRELAY_LOG", "error")])).collect();
    servers[0].start().await;
    let first = servers[0].base();
    let mut workspaces = Vec::new();
    for n in 0..WORKSPACES {
        workspaces.push(configure(&first, &panel, &wa, per, RPS, n).await);
    }
    for s in servers.iter_mut().skip(1) {
        s.start().await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await; // every instance has read the configuration
    // Each workspace's messages, spread over the instances.
    let mut loads = Vec::new();
    for ws in &workspaces {
        let hooks: Vec<String> = servers.iter().map(|s| format!("{}/wa/{}", s.base(), ws.wa_channel_id)).collect();
        let token = wa.settings(ws.instance)["webhookUrlToken"].as_str().ok_or("webhook token")?.to_string();
        loads.push((hooks, token, refill_notes(&wa, ws.instance, 0..per)));
    }
    let pids: Vec<u32> = servers.iter().filter_map(Server::pid).collect();
    let cpu_before: u64 = pids.iter().map(|p| cpu_ms(*p)).sum();
    let started = Instant::now();
    let mut accepted = 0;
    for start in (0..per).step_by(25) {
        let mut batch = tokio::task::JoinSet::new();
        for (hooks, token, notes) in &loads {
            let (wa, hooks, token) = (wa.clone(), hooks.clone(), token.clone());
            let chunk = notes[start..(start + 25).min(per)].to_vec();
            batch.spawn(async move { post_all(&wa, &hooks, &token, &chunk).await.len() });
        }
        while let Some(n) = batch.join_next().await {
            accepted += n.unwrap_or(0);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let mut logged = 0;
        for ws in &workspaces {
            logged += command_count(&first, &ws.token).await as usize;
        }
        if logged >= accepted {
            break;
        }
        if Instant::now() > deadline {
            return Err("the commands did not all arrive within 5 minutes".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu_ms_used = pids.iter().map(|p| cpu_ms(*p)).sum::<u64>().saturating_sub(cpu_before);
    drop(servers);
    drop_db(admin, &name).await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Round { instances, accepted, secs, cpu_cores: cpu_ms_used as f64 / 1000.0 / secs })
}

/// Three instances, a polled bot; the poller is killed; how long until another instance polls it.
async fn failover(bin: &Path, base_url: &str) -> BenchResult<(f64, u64)> {
    let (url, admin, name) = fresh_db(base_url, "failover").await?;
    let dir = support::temp_dir("cluster-failover");
    let panel = panel_with_orders(1, 0);
    let wa = Arc::new(FakeGreenApi::start()?);
    let tg = FakeTelegram::start()?;
    tg.add_bot(TG_TOKEN, "bench_cluster_bot", "Bench cluster");
    let env = [("PANELRELAY_LOG", "error"), ("PANELRELAY_POLL_TIMEOUT_SECS", "2")];
    let mut servers: Vec<Server> = (0..3).map(|_| Server::new(bin, &dir, Some(&url), &env)).collect();
    servers[0].start().await;
    let first = servers[0].base();
    let ws = configure(&first, &panel, &wa, 1, RPS, 0).await;
    let bot = add_polled_bot(&first, &ws, &tg.api_url(), TG_TOKEN).await;
    servers[1].start().await;
    servers[2].start().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let holder = loop {
        if let Some(h) = poller(&first, &ws.token, &bot).await {
            break h;
        }
        if Instant::now() > deadline {
            return Err("nobody polls the bot".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let victim = servers.iter().position(|s| s.pid() == pid_of(&holder)).ok_or("the poller is not ours")?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    servers[victim].kill();
    let killed = Instant::now();
    tg.inject(TG_TOKEN, 5551234, 5551234, "late_customer", "hello").await;
    while tg.pending_updates(TG_TOKEN) > 0 {
        if killed.elapsed() > Duration::from_secs(60) {
            return Err("no instance took the bot over within a minute".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let takeover = killed.elapsed().as_secs_f64();
    let conflicts = tg.poll_conflicts(TG_TOKEN);
    drop(servers);
    drop_db(admin, &name).await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok((takeover, conflicts))
}

async fn run() -> BenchResult<()> {
    let base_url =
        std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let commands = support::env_num("BENCH_COMMANDS", 600);
    let bin = std::env::current_exe()?.parent().ok_or("no bin folder")?.join("panelrelay");
    if !bin.is_file() {
        return Err(format!("{} is missing: cargo build --release -p backend --bins", bin.display()).into());
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "bench-cluster: {commands} refill commands through the WhatsApp webhooks of {WORKSPACES} workspaces (each panel's \
         budget {RPS} req/s, shared by the instances), PostgreSQL, {cores} cores, fakes in this process"
    );
    let mut rounds = Vec::new();
    for n in 1..=3 {
        let r = round(&bin, &base_url, n, commands).await?;
        println!(
            "  {} instance(s): {} commands in {:.2} s = {:.0} commands/s; servers' CPU {:.2} cores",
            r.instances,
            r.accepted,
            r.secs,
            r.accepted as f64 / r.secs,
            r.cpu_cores
        );
        rounds.push(r);
    }
    let one = rounds[0].accepted as f64 / rounds[0].secs;
    for r in &rounds[1..] {
        println!("  {} instances vs 1: {:.2}x the throughput", r.instances, (r.accepted as f64 / r.secs) / one);
    }
    let (takeover, conflicts) = failover(&bin, &base_url).await?;
    println!(
        "  failover: the polled bot's instance killed (SIGKILL), another polls it after {takeover:.1} s (target < 15 s); \
         409 conflicts at the fake: {conflicts} (the dead poller's own request)"
    );
    Ok(())
}
