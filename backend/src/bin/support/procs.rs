//! Real `panelrelay serve` processes for the crash and cluster tests and `bench-cluster`: started
//! on shared data (a SQLite file, or one PostgreSQL database), killed with SIGKILL, started
//! again; and the workspace they configure through the REST API (a panel with one refillable
//! order per customer, a WhatsApp number in webhook mode, a provider group, linked customers).
#![allow(dead_code)]

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};

use fakes::greenapi::{AuthStyle, FakeGreenApi};
use fakes::panel::{FakeOrder, FakePanel, sample_data};
use serde_json::{Value, json};

use super::flood;

pub const INSTANCE: i64 = 1101555000;
pub const WA_TOKEN: &str = "wa-crash-token-0f3a9c";
pub const GROUP: &str = "120363099887766554@g.us";
pub const ADMIN_PASSWORD: &str = "master-admin-pw-1";
/// Every instance of a cluster opens the same sealed secrets.
const MASTER_KEY: &str = "4c1f0e2d3b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// One server process.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    bin: std::path::PathBuf,
    dir: std::path::PathBuf,
    database_url: Option<String>,
    env: Vec<(String, String)>,
}

impl Server {
    /// A server of `bin` on the data folder `dir` and the database (SQLite in `dir` when none).
    pub fn new(bin: &std::path::Path, dir: &std::path::Path, database_url: Option<&str>, env: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        Self {
            child: None,
            port,
            bin: bin.to_path_buf(),
            dir: dir.to_path_buf(),
            database_url: database_url.map(str::to_string),
            env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn running(&self) -> bool {
        self.child.is_some()
    }

    pub async fn start(&mut self) {
        let mut cmd = Command::new(&self.bin);
        cmd.arg("serve")
            .env("PANELRELAY_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("PANELRELAY_PUBLIC_URL", self.base())
            .env("PANELRELAY_DATA_DIR", &self.dir)
            .env("PANELRELAY_MASTER_KEY", MASTER_KEY)
            .env("PANELRELAY_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("PANELRELAY_ALLOW_PRIVATE_URLS", "true")
            .env("PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS", "true")
            .env("PANELRELAY_SIGNUPS_PER_HOUR", "100")
            .env("PANELRELAY_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(url) = &self.database_url {
            cmd.env("PANELRELAY_DATABASE_URL", url);
        }
        self.child = Some(cmd.spawn().expect("server starts"));
        assert!(flood::wait_healthy(&self.base()).await, "the server did not start");
    }

    /// SIGKILL: no shutdown hook runs.
    pub fn kill(&mut self) {
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

pub async fn call(http: &reqwest::Client, base: &str, token: &str, method: &str, path: &str, body: Value) -> Value {
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

pub fn customer(i: usize) -> String {
    format!("7990000{i:04}@c.us")
}

pub fn order_id(i: usize) -> u64 {
    3_100_000 + i as u64
}

/// One completed order with a 30-day refill per customer, each on its own external id; each
/// call takes `delay_ms`.
pub fn panel_with_orders(customers: usize, delay_ms: u64) -> FakePanel {
    let mut data = sample_data("alpha-prov.example", "bravo-prov.example");
    let template = data.orders.iter().find(|o| o.id == 2274209).cloned().expect("a refillable order");
    for i in 0..customers {
        data.orders.push(FakeOrder {
            id: order_id(i),
            external_id: Some(format!("77{i:04}")),
            created: chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            ..template.clone()
        });
    }
    let fake = FakePanel::start(data).expect("fake panel");
    fake.set_quirks(|q| q.delay_ms = delay_ms);
    fake
}

/// The configured workspace.
pub struct Workspace {
    pub token: String,
    pub panel_id: String,
    pub wa_channel_id: String,
    /// Its WhatsApp instance at the fake Green API.
    pub instance: i64,
}

/// A workspace with the panel (its request budget `rps`), a WhatsApp number in webhook mode and
/// one linked customer each.
/// `n` numbers the workspace (its owner, name and WhatsApp instance), for several on one server.
pub async fn configure(
    base: &str,
    panel: &FakePanel,
    wa: &FakeGreenApi,
    customers: usize,
    rps: u32,
    n: usize,
) -> Workspace {
    let instance = INSTANCE + n as i64;
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/api/auth/signup"))
        .json(&json!({"email": format!("owner{n}@b.co"), "password": "correct horse 1", "workspace_name": format!("Shop {n}")}))
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
        json!({"name": "Main", "kind": "perfectpanel_v2", "rps": rps,
        "admin_base_url": panel.admin_v2_url(), "admin_key": "fake-admin-key-4f1c"}),
    )
    .await["id"]
        .as_str()
        .expect("panel id")
        .to_string();
    call(&http, base, &token, "GET", &format!("/api/panels/{panel_id}/orders/{}", order_id(0)), Value::Null).await;
    wa.add_instance(instance, WA_TOKEN);
    let channel = call(
        &http,
        base,
        &token,
        "POST",
        "/api/channels/whatsapp",
        json!({"name": "WhatsApp support",
        "panel_id": panel_id, "id_instance": instance.to_string(), "api_url": wa.api_url(), "token": WA_TOKEN,
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
    for i in 0..customers {
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
    Workspace { token, panel_id, wa_channel_id: channel["id"].as_str().expect("channel id").to_string(), instance }
}

/// The customers' refill messages as Green API notifications: (customer index, body).
pub fn refill_notes(wa: &FakeGreenApi, instance: i64, customers: std::ops::Range<usize>) -> Vec<(usize, Value)> {
    customers
        .map(|i| {
            let text = format!("{} refill", order_id(i));
            (i, wa.text_notification(instance, &customer(i), &customer(i), "Mira", &text, false))
        })
        .collect()
}

/// Posts the messages in parallel, each to `hooks[i % hooks.len()]`; returns the ones acknowledged.
pub async fn post_all(
    wa: &std::sync::Arc<FakeGreenApi>,
    hooks: &[String],
    token: &str,
    notes: &[(usize, Value)],
) -> Vec<usize> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, note) in notes.iter().cloned() {
        let (wa, hook, token) = (wa.clone(), hooks[i % hooks.len()].clone(), token.to_string());
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

/// Logged commands per chat.
pub async fn logged_commands(base: &str, token: &str) -> HashMap<String, usize> {
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

/// Lines sent to the provider group, counted.
pub fn provider_lines(wa: &FakeGreenApi, instance: i64) -> HashMap<String, usize> {
    let mut sent: HashMap<String, usize> = HashMap::new();
    for text in wa.sent_to(instance, GROUP) {
        for line in text.lines() {
            *sent.entry(line.to_string()).or_default() += 1;
        }
    }
    sent
}

/// How many commands the workspace logged (one small page read).
pub async fn command_count(base: &str, token: &str) -> u64 {
    let http = reqwest::Client::new();
    call(&http, base, token, "GET", "/api/logs/commands?per_page=1", Value::Null).await["total"].as_u64().unwrap_or(0)
}

/// Adds a Telegram bot in polling mode; returns its channel id.
pub async fn add_polled_bot(base: &str, ws: &Workspace, api_url: &str, token: &str) -> String {
    let http = reqwest::Client::new();
    let bot = call(
        &http,
        base,
        &ws.token,
        "POST",
        "/api/channels/telegram",
        json!({"name": "Support bot", "panel_id": ws.panel_id, "token": token, "mode": "polling", "api_url": api_url}),
    )
    .await;
    bot["id"].as_str().expect("bot id").to_string()
}

/// The instance polling the channel (its id names the process id), as the Health page shows it.
pub async fn poller(base: &str, token: &str, channel_id: &str) -> Option<String> {
    let http = reqwest::Client::new();
    let health = call(&http, base, token, "GET", "/api/workspace/health", Value::Null).await;
    health["channels"].as_array()?.iter().find(|c| c["id"] == channel_id)?["polled_by"].as_str().map(str::to_string)
}

/// The process id inside an instance id (`host-pid-random`).
pub fn pid_of(instance: &str) -> Option<u32> {
    instance.rsplit('-').nth(1)?.parse().ok()
}
