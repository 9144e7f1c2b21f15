//! A real `panelrelay serve` process killed with SIGKILL in the middle of a load of WhatsApp
//! webhook messages, twice, and started again on the same data (a SQLite file, or one
//! PostgreSQL database when `TEST_DATABASE_URL` is set). Every message the server answered 200
//! must end as exactly one logged command, and no provider message may go out twice.
mod common;

#[path = "../src/bin/support/flood.rs"]
#[allow(dead_code)]
mod flood;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fakes::greenapi::{AuthStyle, FakeGreenApi};
use fakes::panel::{FakeOrder, FakePanel, sample_data};
use serde_json::{Value, json};

const INSTANCE: i64 = 1101555000;
const WA_TOKEN: &str = "wa-crash-token-0f3a9c";
const GROUP: &str = "120363099887766554@g.us";
const MESSAGES: usize = 30;

/// The server process and what it runs on; the data outlives every process.
struct Server {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
    database_url: Option<String>,
    _pg: Option<common::PgDatabase>,
}

impl Server {
    async fn new() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let (mut database_url, mut pg) = (None, None);
        if let Ok(base) = std::env::var("TEST_DATABASE_URL") {
            let (url, guard) = common::fresh_postgres(&base).await;
            (database_url, pg) = (Some(url), Some(guard));
        }
        Self { child: None, port, dir: tempfile::tempdir().expect("tempdir"), database_url, _pg: pg }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn start(&mut self) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_panelrelay"));
        cmd.arg("serve")
            .env("PANELRELAY_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("PANELRELAY_PUBLIC_URL", self.base())
            .env("PANELRELAY_DATA_DIR", self.dir.path())
            .env("PANELRELAY_ADMIN_PASSWORD", common::ADMIN_PASSWORD)
            .env("PANELRELAY_ALLOW_PRIVATE_URLS", "true")
            .env("PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS", "true")
            .env("PANELRELAY_SIGNUPS_PER_HOUR", "100")
            .env("PANELRELAY_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(url) = &self.database_url {
            cmd.env("PANELRELAY_DATABASE_URL", url);
        }
        self.child = Some(cmd.spawn().expect("server starts"));
        assert!(flood::wait_healthy(&self.base()).await, "the server did not start");
    }

    /// SIGKILL: no shutdown hook runs.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn call(http: &reqwest::Client, base: &str, token: &str, method: &str, path: &str, body: Value) -> Value {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = http.request(method, format!("{base}{path}")).bearer_auth(token);
    if !body.is_null() {
        req = req.json(&body);
    }
    let res = req.send().await.expect("request sent");
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn customer(i: usize) -> String {
    format!("7990000{i:04}@c.us")
}

fn order_id(i: usize) -> u64 {
    3_100_000 + i as u64
}

/// One completed order with a 30-day refill per message, each on its own external id.
fn panel_with_orders() -> FakePanel {
    let mut data = sample_data("alpha-prov.example", "bravo-prov.example");
    let template = data.orders.iter().find(|o| o.id == 2274209).cloned().expect("a refillable order");
    for i in 0..MESSAGES {
        data.orders.push(FakeOrder {
            id: order_id(i),
            external_id: Some(format!("77{i:04}")),
            created: chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            ..template.clone()
        });
    }
    let fake = FakePanel::start(data).expect("fake panel");
    // Slow enough that commands are mid-way when the process dies.
    fake.set_quirks(|q| q.delay_ms = 150);
    fake
}

/// A workspace with the panel, a WhatsApp number in webhook mode and one linked customer per message.
async fn configure(base: &str, panel: &FakePanel, wa: &FakeGreenApi) -> (String, String) {
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/api/auth/signup"))
        .json(&json!({"email": "crash@b.co", "password": "correct horse 1", "workspace_name": "Crash"}))
        .send()
        .await
        .expect("signup");
    let owner: Value = r.json().await.expect("json");
    let token = owner["access_token"].as_str().expect("access token").to_string();
    let panel_id = call(
        &http,
        base,
        &token,
        "POST",
        "/api/panels",
        json!({"name": "Main", "kind": "perfectpanel_v2",
        "admin_base_url": panel.admin_v2_url(), "admin_key": "fake-admin-key-4f1c"}),
    )
    .await["id"]
        .as_str()
        .expect("panel id")
        .to_string();
    call(&http, base, &token, "GET", &format!("/api/panels/{panel_id}/orders/{}", order_id(0)), Value::Null).await;
    wa.add_instance(INSTANCE, WA_TOKEN);
    let channel = call(
        &http,
        base,
        &token,
        "POST",
        "/api/channels/whatsapp",
        json!({"name": "WhatsApp support",
        "panel_id": panel_id, "id_instance": INSTANCE.to_string(), "api_url": wa.api_url(), "token": WA_TOKEN,
        "mode": "webhook"}),
    )
    .await;
    let dest = call(
        &http,
        base,
        &token,
        "POST",
        "/api/destinations",
        json!({"name": "Provider WA group", "kind": "whatsapp_group", "address": GROUP}),
    )
    .await;
    for p in call(&http, base, &token, "GET", "/api/providers", Value::Null).await.as_array().expect("providers") {
        let path = format!("/api/routes/providers/{}", p["id"].as_str().expect("id"));
        call(&http, base, &token, "PUT", &path, json!({"destination_id": dest["id"]})).await;
    }
    for i in 0..MESSAGES {
        call(
            &http,
            base,
            &token,
            "POST",
            "/api/links",
            json!({"panel_id": panel_id, "channel": "whatsapp",
            "sender_id": customer(i), "username": "mira_boost"}),
        )
        .await;
    }
    (token, channel["id"].as_str().expect("channel id").to_string())
}

/// Posts the messages in parallel; returns the ones the server acknowledged.
async fn post_all(wa: &std::sync::Arc<FakeGreenApi>, hook: &str, token: &str, notes: &[(usize, Value)]) -> Vec<usize> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, note) in notes.iter().cloned() {
        let (wa, hook, token) = (wa.clone(), hook.to_string(), token.to_string());
        tasks.spawn(async move { (i, wa.post_webhook(&hook, &token, AuthStyle::Bearer, &note).await) });
    }
    let mut accepted = Vec::new();
    while let Some(Ok((i, status))) = tasks.join_next().await {
        if status == 200 {
            accepted.push(i);
        }
    }
    accepted
}

async fn logged_commands(base: &str, token: &str) -> HashMap<String, usize> {
    let http = reqwest::Client::new();
    let mut by_chat = HashMap::new();
    for page in 1.. {
        let path = format!("/api/logs/commands?per_page=200&page={page}");
        let body = call(&http, base, token, "GET", &path, Value::Null).await;
        let items = body["items"].as_array().cloned().unwrap_or_default();
        for entry in &items {
            *by_chat.entry(entry["chat"].as_str().unwrap_or_default().to_string()).or_default() += 1;
        }
        if items.len() < 200 {
            break;
        }
    }
    by_chat
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_message_survives_sigkill_as_exactly_one_command() {
    let panel = panel_with_orders();
    let wa = std::sync::Arc::new(FakeGreenApi::start().expect("fake green api"));
    let mut server = Server::new().await;
    server.start().await;
    let base = server.base();
    let (token, channel_id) = configure(&base, &panel, &wa).await;
    let hook = format!("{base}/wa/{channel_id}");
    let hook_token = wa.settings(INSTANCE)["webhookUrlToken"].as_str().expect("webhook token").to_string();
    let notes: Vec<(usize, Value)> = (0..MESSAGES)
        .map(|i| {
            let text = format!("{} refill", order_id(i));
            (i, wa.text_notification(INSTANCE, &customer(i), &customer(i), "Mira", &text, false))
        })
        .collect();

    // Two rounds: a third of the load each time, the process killed while it works on it.
    let mut accepted = Vec::new();
    for round in notes.chunks(MESSAGES / 3).take(2) {
        accepted.extend(post_all(&wa, &hook, &hook_token, round).await);
        tokio::time::sleep(Duration::from_millis(200)).await;
        server.kill();
        server.start().await;
    }
    // The last third, plus Green API redelivering everything already acknowledged.
    accepted.extend(post_all(&wa, &hook, &hook_token, &notes[2 * (MESSAGES / 3)..]).await);
    let again: Vec<(usize, Value)> = notes.iter().filter(|(i, _)| accepted.contains(i)).cloned().collect();
    post_all(&wa, &hook, &hook_token, &again).await;
    assert!(accepted.len() >= MESSAGES * 2 / 3, "most messages were acknowledged: {accepted:?}");

    let deadline = Instant::now() + Duration::from_secs(90);
    let commands = loop {
        let commands = logged_commands(&base, &token).await;
        if accepted.iter().all(|i| commands.contains_key(&customer(*i))) || Instant::now() > deadline {
            break commands;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let lost: Vec<usize> = accepted.iter().copied().filter(|i| !commands.contains_key(&customer(*i))).collect();
    assert!(lost.is_empty(), "{} acknowledged messages never became a command: {lost:?}", lost.len());
    let doubled: Vec<(&String, &usize)> = commands.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "messages logged twice: {doubled:?}");

    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut sent: HashMap<String, usize> = HashMap::new();
    for text in wa.sent_to(INSTANCE, GROUP) {
        for line in text.lines() {
            *sent.entry(line.to_string()).or_default() += 1;
        }
    }
    let twice: Vec<(&String, &usize)> = sent.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "provider messages sent twice: {twice:?}");
    println!(
        "{}: {} acknowledged, {} commands, {} provider lines",
        common::engine(),
        accepted.len(),
        commands.len(),
        sent.len()
    );
}
