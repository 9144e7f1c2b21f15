//! `bench-channels`: the channels' three figures, against the in-process fakes with zero added
//! latency.
//! 1. Webhook ingest: Telegram webhook requests answered 200 per second (secret checked, body
//!    stored once), with `GET /api/health` on the same client as the baseline (HTTP overhead).
//! 2. End to end: webhook → provider message recorded by the fake Telegram, p50/p99, with the
//!    outside round trips it contains (panel lookup, sendMessage) measured alone as the baseline.
//! 3. Memory: the resident memory of a separate `panelrelay serve` process polling 1,000 fake
//!    bots (one per tenant), against the same process with no channels.
//!
//! Run: `make bench-channels` (builds the release binaries, then runs this one).
//! `BENCH_TENANTS` (end to end, default 100) and `BENCH_POLLING_BOTS` (default 1000) scale it.
mod support;

use std::time::{Duration, Instant};

use fakes::panel::{FakePanel, sample_data};
use fakes::telegram::FakeTelegram;
use serde_json::{Value, json};
use support::channels::{api, app, bot_token, connect_bot, tenant};
use support::memory::server_rss;
use support::{BenchResult, env_num, ms, percentile, run_parallel, temp_dir};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-channels: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> BenchResult<()> {
    if std::env::var_os("PANELRELAY_SQL_TRACE").is_some() {
        tracing_subscriber::fmt().with_env_filter("sqlx=info,sea_orm=info").with_writer(std::io::stderr).init();
    }
    let fake_panel = FakePanel::start(sample_data("bench-a.example", "bench-b.example"))?;
    let tg = FakeTelegram::start()?;
    let http = reqwest::Client::builder().pool_max_idle_per_host(256).build()?;
    ingest(&fake_panel, &tg, &http).await?;
    end_to_end(&fake_panel, &tg, &http).await?;
    memory(&fake_panel, &tg, &http).await?;
    Ok(())
}

async fn ingest(fake_panel: &FakePanel, tg: &FakeTelegram, http: &reqwest::Client) -> BenchResult<()> {
    let dir = temp_dir("ingest");
    let (state, base) = app(&dir, false).await?;
    let t = tenant(&state, 0, fake_panel).await?;
    let token = bot_token(999_999);
    let c = connect_bot(http, &base, &t, tg, &token, "bench_ingest_bot", "webhook").await?;
    let hook = format!("{base}/tg/{}", c["id"].as_str().unwrap_or_default());
    let (_, secret) = tg.webhook(&token).ok_or("setWebhook was not called")?;
    let secret = secret.unwrap_or_default();
    let n = env_num("BENCH_INGEST", 20_000);
    let concurrency = 32;
    let url = format!("{base}/api/health");
    let client = http.clone();
    let (base_wall, base_lat) = run_parallel((0..n).collect(), concurrency, move |_: usize| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let r = client.get(&url).send().await?;
            if !r.status().is_success() {
                return Err(format!("health answered {}", r.status()).into());
            }
            Ok(())
        }
    })
    .await?;
    let client = http.clone();
    let (wall, lat) = run_parallel((0..n).collect(), concurrency, move |i: usize| {
        let (client, hook, secret) = (client.clone(), hook.clone(), secret.clone());
        async move {
            let update = json!({"update_id": 900_000_000 + i, "message": {"message_id": i, "date": 1764590400,
                "chat": {"id": 6_600_000_000_i64 + i as i64, "first_name": "C", "type": "private"},
                "from": {"id": 6_600_000_000_i64 + i as i64, "is_bot": false, "first_name": "C"},
                "text": "2274209 refill"}});
            let r = client.post(&hook).header("X-Telegram-Bot-Api-Secret-Token", &secret).json(&update).send().await?;
            if r.status().as_u16() != 200 {
                return Err(format!("webhook answered {}", r.status()).into());
            }
            Ok(())
        }
    })
    .await?;
    let stored = {
        use sea_orm::{EntityTrait, PaginatorTrait};
        panelrelay::db::entities::channel_inbox::Entity::find().count(&state.db).await?
    };
    if stored as usize != n {
        return Err(format!("{stored} of {n} webhook updates were stored").into());
    }
    let rate = n as f64 / wall.as_secs_f64();
    let base_rate = n as f64 / base_wall.as_secs_f64();
    println!("== webhook ingest (SQLite, {n} updates, {concurrency} connections)");
    println!(
        "  webhook → 200: {rate:.0}/s, p50 {:.2} ms, p99 {:.2} ms   (all {n} stored once)",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
    println!(
        "  baseline GET /api/health: {base_rate:.0}/s, p50 {:.2} ms   → ingest runs at {:.0}% of the bare HTTP rate",
        ms(percentile(&base_lat, 0.5)),
        100.0 * rate / base_rate
    );
    println!("  target ≥ 5,000/s: {}", if rate >= 5000.0 { "met" } else { "NOT met" });
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

async fn end_to_end(fake_panel: &FakePanel, tg: &FakeTelegram, http: &reqwest::Client) -> BenchResult<()> {
    let dir = temp_dir("e2e");
    let (state, base) = app(&dir, true).await?;
    let tenants = env_num("BENCH_TENANTS", 100);
    // Three messages per tenant, each from its own customer chat, to two provider groups: within
    // Telegram's per-chat and per-group limits, so the figures are our time, not a throttle.
    let plan = [
        ("2274209 refill", "596723 refill", 0),
        ("2274210 refill", "596724 refill", 0),
        ("2274211 speed", "88301 speed", 1),
    ];
    let mut hooks = Vec::new();
    for i in 0..tenants {
        let t = tenant(&state, i, fake_panel).await?;
        for order in ["2274209", "2274211"] {
            api(http, &base, &t.token, "GET", &format!("/api/panels/{}/orders/{order}", t.panel_id), Value::Null)
                .await?;
        }
        let providers = api(http, &base, &t.token, "GET", "/api/providers", Value::Null).await?;
        for (k, p) in providers.as_array().into_iter().flatten().enumerate() {
            let group = -1_002_000_000_000_i64 - (i as i64) * 10 - k as i64;
            let d = api(
                http,
                &base,
                &t.token,
                "POST",
                "/api/destinations",
                json!({"name": format!("G{k}"), "kind": "telegram_group", "address": group.to_string()}),
            )
            .await?;
            api(
                http,
                &base,
                &t.token,
                "PUT",
                &format!("/api/routes/providers/{}", p["id"].as_str().unwrap_or_default()),
                json!({"destination_id": d["id"]}),
            )
            .await?;
        }
        let token = bot_token(i);
        let c = connect_bot(http, &base, &t, tg, &token, &format!("bench_bot_{i}"), "webhook").await?;
        let (_, secret) = tg.webhook(&token).ok_or("setWebhook was not called")?;
        let row = {
            use sea_orm::EntityTrait;
            panelrelay::db::entities::channels::Entity::find_by_id(c["id"].as_str().unwrap_or_default().to_string())
                .one(&state.db)
                .await?
                .ok_or("channel row")?
        };
        for k in 0..plan.len() {
            let customer = 5_000_000_000_i64 + (i as i64) * 10 + k as i64;
            panelrelay::chats::repo::request_link(
                &state.db,
                &row.tenant_id,
                &t.panel_id,
                "telegram",
                &customer.to_string(),
                "mira_boost",
                panelrelay::db::entities::chat_links::LinkStatus::Approved,
            )
            .await?;
        }
        hooks.push((token, format!("{base}/tg/{}", row.id), secret.unwrap_or_default(), i));
    }
    // Baseline: the outside round trips one message contains, measured alone.
    let mut lookups = Vec::new();
    let mut sends = Vec::new();
    let lookup_url = format!("{}/orders/2274209", fake_panel.admin_v2_url());
    let probe_bot = bot_token(0);
    for _ in 0..200 {
        let t = Instant::now();
        http.get(&lookup_url).header("X-Api-Key", "fake-admin-key-4f1c").send().await?.bytes().await?;
        lookups.push(t.elapsed());
        let t = Instant::now();
        http.post(format!("{}/bot{probe_bot}/SendMessage", tg.api_url()))
            .json(&json!({"chat_id": 1, "text": "probe"}))
            .send()
            .await?
            .bytes()
            .await?;
        sends.push(t.elapsed());
    }
    lookups.sort();
    sends.sort();
    // Fire at a steady rate (default 100 messages per second) and time each to the provider group.
    let rate = env_num("BENCH_RATE", 100).max(1) as u64;
    let mut sent_at: Vec<(String, i64, &str, u64)> = Vec::new();
    let started = Instant::now();
    let mut n = 0;
    for (k, (text, expect, group)) in plan.iter().enumerate() {
        for (token, hook, secret, i) in &hooks {
            let customer = 5_000_000_000_i64 + (*i as i64) * 10 + k as i64;
            let update = tg.message_update(token, customer, customer, "mira", text);
            let at = fakes::now_us();
            let status = tg.post_webhook(hook, Some(secret), &update).await;
            if status != 200 {
                return Err(format!("webhook answered {status}").into());
            }
            let group_id = -1_002_000_000_000_i64 - (*i as i64) * 10 - *group as i64;
            sent_at.push((token.clone(), group_id, expect, at));
            n += 1;
            let due = started + Duration::from_micros(1_000_000 * n / rate);
            tokio::time::sleep_until(due.into()).await;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut latencies = Vec::new();
    for (token, group, expect, at) in &sent_at {
        loop {
            let hit = tg.sent(token).into_iter().find(|m| m.chat_id == group.to_string() && m.text == *expect);
            if let Some(m) = hit {
                latencies.push(Duration::from_micros(m.at_us.saturating_sub(*at)));
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("{expect} never reached group {group}").into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    latencies.sort();
    let (p50, p99) = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
    let outside = percentile(&lookups, 0.5) + percentile(&sends, 0.5);
    println!(
        "== end to end: webhook → provider message (SQLite, {} messages, {tenants} tenants, {rate} msg/s)",
        latencies.len()
    );
    println!(
        "  p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(p50),
        ms(p99),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "  baseline round trips inside one message: panel lookup p50 {:.2} ms + sendMessage p50 {:.2} ms = {:.2} ms",
        ms(percentile(&lookups, 0.5)),
        ms(percentile(&sends, 0.5)),
        ms(outside)
    );
    let own = p99.saturating_sub(outside);
    println!(
        "  own time at p99 ≈ {:.2} ms; target < 20 ms: {}",
        ms(own),
        if own < Duration::from_millis(20) { "met" } else { "NOT met" }
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

async fn memory(fake_panel: &FakePanel, tg: &FakeTelegram, http: &reqwest::Client) -> BenchResult<()> {
    let bots = env_num("BENCH_POLLING_BOTS", 1000);
    let empty = temp_dir("mem-empty");
    {
        let _ = app(&empty, false).await?;
    }
    let idle = server_rss(&empty, || true).await?;
    let dir = temp_dir("mem");
    let (state, base) = app(&dir, false).await?;
    for i in 0..bots {
        let t = tenant(&state, i, fake_panel).await?;
        let token = bot_token(100_000 + i);
        connect_bot(http, &base, &t, tg, &token, &format!("bench_poll_{i}"), "polling").await?;
    }
    let polling = |tg: &FakeTelegram| {
        let mut seen = std::collections::HashSet::new();
        for r in tg.requests() {
            if r.path.to_ascii_lowercase().ends_with("/getupdates") && r.path.contains("bench-token-0010") {
                seen.insert(r.path);
            }
        }
        seen.len()
    };
    let before = polling(tg);
    let rss = server_rss(&dir, || polling(tg) >= before + bots).await?;
    let reached = polling(tg) - before;
    println!("== memory: a separate `panelrelay serve` process (SQLite)");
    println!("  idle, no channels: {:.1} MB", idle as f64 / 1024.0);
    println!(
        "  polling {bots} bots ({reached} seen polling): {:.1} MB (+{:.1} KB per bot); target < 250 MB: {}",
        rss as f64 / 1024.0,
        (rss.saturating_sub(idle)) as f64 / bots.max(1) as f64,
        if rss < 250 * 1024 { "met" } else { "NOT met" }
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&empty);
    Ok(())
}
