//! The setup `bench-channels` shares across its parts: an in-process app on a fresh SQLite file,
//! bench tenants with an owner session, the owner's REST API, and Telegram bots on the fake.
use std::collections::HashMap;

use fakes::panel::FakePanel;
use fakes::telegram::FakeTelegram;
use panelrelay::config::Config;
use serde_json::{Value, json};

use super::{BenchResult, bench_tenant};

pub fn free_port() -> BenchResult<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// An in-process app on a fresh SQLite file.
pub async fn app(data_dir: &std::path::Path, workers: bool) -> BenchResult<(panelrelay::state::AppState, String)> {
    let port = free_port()?;
    let env: HashMap<String, String> = [
        ("PANELRELAY_LISTEN", format!("127.0.0.1:{port}")),
        ("PANELRELAY_PUBLIC_URL", format!("http://127.0.0.1:{port}")),
        ("PANELRELAY_DATA_DIR", data_dir.display().to_string()),
        ("PANELRELAY_WORKERS", if workers { "on" } else { "off" }.to_string()),
        ("PANELRELAY_ADMIN_PASSWORD", "bench-admin-password".to_string()),
        ("PANELRELAY_LOG_FORMAT", "json".to_string()),
        // The fakes listen on 127.0.0.1.
        ("PANELRELAY_ALLOW_PRIVATE_URLS", "true".to_string()),
        ("PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS", "true".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let app = panelrelay::Application::build(Config::from_sources(&env)?).await?;
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    Ok((state, format!("http://127.0.0.1:{port}")))
}

pub struct Tenant {
    pub token: String,
    pub panel_id: String,
}

/// A bench tenant with an owner session token and a panel on the fake.
pub async fn tenant(state: &panelrelay::state::AppState, i: usize, fake: &FakePanel) -> BenchResult<Tenant> {
    let t = bench_tenant(state, &format!("Bench {i}"), &fake.admin_v2_url(), 1000).await?;
    let session = panelrelay::auth::sessions::start(&state.db, &t.owner_id).await?;
    // Within the server's access-token lifetime (longer ones are refused), long enough for a benchmark.
    let ttl = state.config.access_token_ttl_secs;
    let token = state.tokens.issue(&t.owner_id, &session, panelrelay::auth::tokens::ACCESS_PURPOSE, ttl)?;
    Ok(Tenant { token, panel_id: t.panel_id })
}

pub async fn api(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Value,
) -> BenchResult<Value> {
    let resp = http
        .request(reqwest::Method::from_bytes(method.as_bytes())?, format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await?;
    let status = resp.status();
    let value: Value = resp.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(format!("{method} {path}: {status} {value}").into());
    }
    Ok(value)
}

/// Adds a bot to the fake and connects it to the tenant through the API.
pub async fn connect_bot(
    http: &reqwest::Client,
    base: &str,
    t: &Tenant,
    tg: &FakeTelegram,
    token: &str,
    username: &str,
    mode: &str,
) -> BenchResult<Value> {
    tg.add_bot(token, username, "Bench");
    let body = json!({"name": "Bench", "panel_id": t.panel_id, "token": token, "mode": mode, "api_url": tg.api_url()});
    api(http, base, &t.token, "POST", "/api/channels/telegram", body).await
}

pub fn bot_token(i: usize) -> String {
    format!("{}:AAbench-token-{i:08}-xxxxxxxxxx", 8_000_000_000_u64 + i as u64)
}
