//! Three `panelrelay serve` processes on one PostgreSQL database with the fakes: WhatsApp
//! webhooks reach random instances, one Telegram bot is polled, and the instance polling it is
//! killed with SIGKILL in the middle of the load. Every acknowledged message ends as exactly one
//! command, no provider message goes out twice, the bot is taken over within 15 s and polled by
//! exactly one instance afterwards (no more 409s at the fake), and each scheduled job ran once
//! per interval across the cluster. PostgreSQL only (SQLite is one process by design).
mod common;

#[path = "../src/bin/support/flood.rs"]
#[allow(dead_code)]
mod flood;

#[path = "../src/bin/support/procs.rs"]
mod process;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fakes::greenapi::FakeGreenApi;
use fakes::telegram::FakeTelegram;
use process::{
    Server, add_polled_bot, call, configure, customer, logged_commands, pid_of, poller, post_all, provider_lines,
    refill_notes,
};
use serde_json::{Value, json};

const CUSTOMERS: usize = 60;
const TG_TOKEN: &str = "424242:AAF-cluster-bot-token";
const TICK_MS: u64 = 500;

async fn admin_jobs(base: &str) -> Vec<Value> {
    let http = reqwest::Client::new();
    let r: Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"email": panelrelay::config::DEFAULT_ADMIN_EMAIL, "password": process::ADMIN_PASSWORD}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = r["access_token"].as_str().expect("admin token");
    call(&http, base, token, "GET", "/api/admin/health", Value::Null).await["jobs"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_share_the_load_and_survive_one_killed() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        println!(
            "cluster: several instances need PostgreSQL (TEST_DATABASE_URL is not set); the SQLite run checks one process"
        );
        return;
    }
    let panel = process::panel_with_orders(CUSTOMERS, 60);
    let wa = Arc::new(FakeGreenApi::start().expect("fake green api"));
    let tg = FakeTelegram::start().expect("fake telegram");
    tg.add_bot(TG_TOKEN, "cluster_support_bot", "Cluster support");
    let data = common::ProcessData::new().await;
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_panelrelay"));
    let tick = TICK_MS.to_string();
    let env = [("PANELRELAY_TICKET_TICK_MS", tick.as_str()), ("PANELRELAY_POLL_TIMEOUT_SECS", "2")];
    let mut servers: Vec<Server> =
        (0..3).map(|_| Server::new(bin, data.dir.path(), data.database_url.as_deref(), &env)).collect();
    let began = Instant::now();
    // The first one creates the schema and the master admin; the others join it.
    servers[0].start().await;
    let first = servers[0].base();
    let ws = configure(&first, &panel, &wa, CUSTOMERS, 5, 0).await;
    let bot_id = add_polled_bot(&first, &ws, &tg.api_url(), TG_TOKEN).await;
    servers[1].start().await;
    servers[2].start().await;

    // One instance polls the bot.
    let deadline = Instant::now() + Duration::from_secs(20);
    let holder = loop {
        if let Some(h) = poller(&first, &ws.token, &bot_id).await {
            break h;
        }
        assert!(Instant::now() < deadline, "nobody polls the bot");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let victim = servers.iter().position(|s| s.pid() == pid_of(&holder)).expect("the poller is one of the three");
    let survivor = (victim + 1) % 3;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(tg.poll_conflicts(TG_TOKEN), 0, "two instances polled the bot at the same time");

    // The load: the first half spread over the three instances, the poller killed mid-way, the
    // second half to the two that are left (as a load balancer does once a backend is down).
    let hooks: Vec<String> = servers.iter().map(|s| format!("{}/wa/{}", s.base(), ws.wa_channel_id)).collect();
    let hook_token = wa.settings(ws.instance)["webhookUrlToken"].as_str().expect("webhook token").to_string();
    let notes = refill_notes(&wa, ws.instance, 0..CUSTOMERS);
    let load = {
        let (wa, hooks, hook_token, notes) = (wa.clone(), hooks.clone(), hook_token.clone(), notes.clone());
        tokio::spawn(async move { post_all(&wa, &hooks, &hook_token, &notes[..CUSTOMERS / 2]).await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    servers[victim].kill();
    let killed = Instant::now();
    let mut accepted = load.await.expect("load");
    let alive: Vec<String> = hooks.iter().enumerate().filter(|(i, _)| *i != victim).map(|(_, h)| h.clone()).collect();
    accepted.extend(post_all(&wa, &alive, &hook_token, &notes[CUSTOMERS / 2..]).await);

    // Takeover: an update sent after the kill is fetched by another instance.
    tg.inject(TG_TOKEN, 5551234, 5551234, "late_customer", "hello").await;
    let takeover = loop {
        if tg.pending_updates(TG_TOKEN) == 0 {
            break killed.elapsed();
        }
        assert!(killed.elapsed() < Duration::from_secs(30), "no instance took the bot over");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let conflicts_at_takeover = tg.poll_conflicts(TG_TOKEN);
    let base = servers[survivor].base();

    // Every acknowledged message: exactly one command; no provider line twice.
    let deadline = Instant::now() + Duration::from_secs(90);
    let commands = loop {
        let commands = logged_commands(&base, &ws.token).await;
        if accepted.iter().all(|i| commands.contains_key(&customer(*i))) || Instant::now() > deadline {
            break commands;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let lost: Vec<usize> = accepted.iter().copied().filter(|i| !commands.contains_key(&customer(*i))).collect();
    assert!(lost.is_empty(), "{} acknowledged messages never became a command: {lost:?}", lost.len());
    let doubled: Vec<_> = commands.iter().filter(|(c, n)| c.ends_with("@c.us") && **n > 1).collect();
    assert!(doubled.is_empty(), "messages logged twice: {doubled:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = provider_lines(&wa, ws.instance);
    let twice: Vec<_> = sent.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "provider messages sent twice: {twice:?}");

    // Polled by exactly one instance afterwards, and a survivor.
    let after = poller(&base, &ws.token, &bot_id).await.expect("the bot is polled");
    assert_ne!(pid_of(&after), pid_of(&holder), "the dead instance still holds the bot");
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(tg.poll_conflicts(TG_TOKEN), conflicts_at_takeover, "two pollers after the takeover");

    // Each scheduled job ran once per interval across the three instances.
    let elapsed_ms = began.elapsed().as_millis() as i64;
    let jobs = admin_jobs(&base).await;
    let runs = |kind: &str| jobs.iter().find(|j| j["kind"] == kind).and_then(|j| j["runs"].as_i64()).unwrap_or(-1);
    let ticket_runs = runs("tickets");
    let most = elapsed_ms / TICK_MS as i64 + 2;
    assert!(
        ticket_runs <= most,
        "the ticket job ran {ticket_runs} times in {elapsed_ms} ms: more than once per interval"
    );
    assert!(ticket_runs >= most / 4, "the ticket job ran only {ticket_runs} times in {elapsed_ms} ms");
    assert_eq!(runs("retention"), 1, "the hourly retention ran once, not once per instance");

    println!(
        "cluster (3 instances, PostgreSQL): {} acknowledged, {} commands, {} provider lines; poller killed, taken over in {:.1} s; \
         ticket job {ticket_runs} runs in {:.1} s (interval {TICK_MS} ms), retention 1 run",
        accepted.len(),
        commands.len(),
        sent.len(),
        takeover.as_secs_f64(),
        elapsed_ms as f64 / 1000.0
    );
    assert!(takeover <= Duration::from_secs(15), "the takeover took {:.1} s (limit 15 s)", takeover.as_secs_f64());
}
