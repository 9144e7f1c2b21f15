//! `spawn_app()`: the real application on port 0 with a fresh database — a temporary SQLite
//! file, or a new PostgreSQL database when `TEST_DATABASE_URL` is set (dropped afterwards).
#![allow(dead_code)]

pub mod channels;
pub mod engine;
pub mod openapi;

use std::collections::HashMap;

use panelrelay::config::Config;
use serde_json::{Value, json};

pub const ADMIN_EMAIL: &str = "root@panelrelay.test";
pub const ADMIN_PASSWORD: &str = "master-admin-pw-1";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: panelrelay::state::AppState,
    pub data_dir: tempfile::TempDir,
    /// Records what the outbox sends to provider destinations.
    pub sender: panelrelay::dispatch::sender::RecordingSender,
    pg: Option<PgDatabase>,
}

pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs outside async; use a private runtime on a plain thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                use sea_orm::ConnectionTrait;
                if let Ok(db) = sea_orm::Database::connect(url).await {
                    let _ = db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                    let _ = db.close().await;
                }
            });
        })
        .join();
    }
}

pub async fn fresh_postgres(base_url: &str) -> (String, PgDatabase) {
    use sea_orm::ConnectionTrait;
    let name = format!("pr_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sea_orm::Database::connect(base_url).await.expect("connect to TEST_DATABASE_URL");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    let _ = admin.close().await;
    let (prefix, _) = base_url.rsplit_once('/').expect("database url has a path");
    (format!("{prefix}/{name}"), PgDatabase { admin_url: base_url.to_string(), name })
}

/// What outlives the server processes of a test: a data folder, and a fresh PostgreSQL database
/// when `TEST_DATABASE_URL` is set (SQLite in the folder otherwise).
pub struct ProcessData {
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
    _pg: Option<PgDatabase>,
}

impl ProcessData {
    pub async fn new() -> Self {
        let (mut database_url, mut pg) = (None, None);
        if let Ok(base) = std::env::var("TEST_DATABASE_URL") {
            let (url, guard) = fresh_postgres(&base).await;
            (database_url, pg) = (Some(url), Some(guard));
        }
        Self { dir: tempfile::tempdir().expect("tempdir"), database_url, _pg: pg }
    }
}

pub fn engine() -> &'static str {
    if std::env::var("TEST_DATABASE_URL").is_ok() { "postgres" } else { "sqlite" }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the app with extra `PANELRELAY_*` settings.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    spawn(extra, false).await
}

/// The app as in production: workers on, the real channels as the sender, and a public URL
/// (for webhooks) pointing at itself.
pub async fn spawn_live_app(extra: &[(&str, &str)]) -> TestApp {
    spawn(extra, true).await
}

async fn spawn(extra: &[(&str, &str)], live: bool) -> TestApp {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let mut env: HashMap<String, String> = HashMap::new();
    env.insert("PANELRELAY_LISTEN".into(), "127.0.0.1:0".into());
    env.insert("PANELRELAY_DATA_DIR".into(), data_dir.path().display().to_string());
    env.insert("PANELRELAY_ADMIN_EMAIL".into(), ADMIN_EMAIL.into());
    env.insert("PANELRELAY_ADMIN_PASSWORD".into(), ADMIN_PASSWORD.into());
    env.insert("PANELRELAY_DIST_DIR".into(), data_dir.path().join("no-dist").display().to_string());
    let mut pg = None;
    if let Ok(base) = std::env::var("TEST_DATABASE_URL") {
        let (url, guard) = fresh_postgres(&base).await;
        env.insert("PANELRELAY_DATABASE_URL".into(), url);
        pg = Some(guard);
    }
    for (k, v) in extra {
        env.insert((*k).to_string(), (*v).to_string());
    }
    if live {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
        env.insert("PANELRELAY_LISTEN".into(), format!("127.0.0.1:{port}"));
        env.insert("PANELRELAY_PUBLIC_URL".into(), format!("http://127.0.0.1:{port}"));
        env.insert("PANELRELAY_WORKERS".into(), "on".into());
        env.entry("PANELRELAY_POLL_TIMEOUT_SECS".into()).or_insert_with(|| "1".into());
    }
    env.entry("PANELRELAY_WORKERS".into()).or_insert_with(|| "off".into());
    // The fakes listen on 127.0.0.1; the outbound policy's own tests turn these off.
    env.entry("PANELRELAY_ALLOW_PRIVATE_URLS".into()).or_insert_with(|| "true".into());
    env.entry("PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS".into()).or_insert_with(|| "true".into());
    let config = Config::from_sources(&env).expect("test config");
    let sender = panelrelay::dispatch::sender::RecordingSender::default();
    let recording: std::sync::Arc<dyn panelrelay::dispatch::sender::Sender> = std::sync::Arc::new(sender.clone());
    let app =
        panelrelay::Application::build_with_sender(config, (!live).then_some(recording)).await.expect("app starts");
    let base = format!("http://{}", app.addr());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp { base, client: reqwest::Client::new(), state, data_dir, pg, sender }
}

pub struct Resp {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl TestApp {
    /// Runs one outbox step (the worker loop is off in tests).
    pub async fn deliver(&self) -> usize {
        panelrelay::dispatch::outbox::deliver_due(&self.state.engine.outbox, &self.sender, 1000)
            .await
            .expect("outbox step")
    }

    pub async fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, body, text, headers }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.call("GET", path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call("POST", path, token, Some(body)).await
    }

    /// Signs up a workspace; returns (access token, refresh token, body).
    pub async fn signup(&self, email: &str, workspace: &str) -> Session {
        let r = self
            .post(
                "/api/auth/signup",
                None,
                json!({"email": email, "password": "correct horse 1", "workspace_name": workspace}),
            )
            .await;
        assert_eq!(r.status, 201, "signup: {}", r.text);
        Session::from(&r.body)
    }

    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.post("/api/auth/login", None, json!({"email": email, "password": password})).await
    }

    pub async fn admin(&self) -> Session {
        let r = self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(r.status, 200, "admin login: {}", r.text);
        Session::from(&r.body)
    }

    /// Invites `email` as staff of the owner's workspace and accepts; returns the staff session.
    pub async fn add_staff(&self, owner: &Session, email: &str) -> (Session, String) {
        let r = self.post("/api/team/invites", Some(&owner.access), json!({"email": email})).await;
        assert_eq!(r.status, 201, "invite: {}", r.text);
        let token = r.body["token"].as_str().expect("token").to_string();
        let invite_id = r.body["invite"]["id"].as_str().expect("id").to_string();
        let r = self.post("/api/invites/accept", None, json!({"token": token, "password": "staff password 1"})).await;
        assert_eq!(r.status, 201, "accept: {}", r.text);
        (Session::from(&r.body), invite_id)
    }
}

#[derive(Clone, Debug)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub user_id: String,
    pub workspace_id: Option<String>,
}

impl From<&Value> for Session {
    fn from(v: &Value) -> Self {
        Session {
            access: v["access_token"].as_str().expect("access_token").to_string(),
            refresh: v["refresh_token"].as_str().expect("refresh_token").to_string(),
            user_id: v["user"]["user_id"].as_str().expect("user_id").to_string(),
            workspace_id: v["user"]["workspace"]["id"].as_str().map(str::to_string),
        }
    }
}

/// Asserts the API's one error shape and returns the code.
pub fn assert_error_shape(r: &Resp, status: u16) -> String {
    assert_eq!(r.status, status, "status for body {}", r.text);
    let code = r.body["code"].as_str().unwrap_or_else(|| panic!("no code in {}", r.text));
    assert!(r.body["message"].as_str().is_some_and(|m| !m.is_empty()), "no message in {}", r.text);
    code.to_string()
}
