//! PanelRelay server library: `main.rs` only parses the command line and calls in here, so that
//! tests start the real application.
pub mod admin;
pub mod auth;
pub mod backups;
pub mod billing;
pub mod cache;
pub mod channels;
pub mod chats;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod commands;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod dispatch;
pub mod error;
pub mod http;
pub mod logs;
pub mod metrics;
pub mod outbound;
pub mod panels;
pub mod platform_health;
pub mod providers;
pub mod routing;
pub mod sandbox;
pub mod scheduler;
pub mod secrets;
pub mod service_rules;
pub mod settings;
pub mod state;
pub mod support;
pub mod telemetry;
pub mod tenants;
pub mod tickets;
pub mod workspace_health;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::{App, HttpServer, web};

use crate::config::Config;
use crate::secrets::{MasterKey, load_or_create_master_key};
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("master key: {0}")]
    Key(#[from] secrets::key::KeyError),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("first start: {0}")]
    Seed(error::AppError),
    #[error("{0}")]
    Patterns(String),
}

/// A started (bound, migrated) application, not yet serving until `run_until_stopped`.
pub struct Application {
    server: actix_web::dev::Server,
    addr: SocketAddr,
    state: AppState,
    runtime: Arc<channels::runtime::ChannelRuntime>,
}

impl Application {
    /// Starts with the given sender for provider messages (tests pass a recording sender).
    /// Starts with the real channels (Telegram, WhatsApp) as the sender.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        Self::build_with_sender(config, None).await
    }

    /// `sender: None` sends through the tenant's channels; tests may pass a recording sender.
    pub async fn build_with_sender(
        config: Config,
        sender: Option<Arc<dyn dispatch::sender::Sender>>,
    ) -> Result<Self, StartError> {
        service_rules::check_patterns().map_err(StartError::Patterns)?;
        db::files::create_private_dir(&config.data_dir)
            .map_err(|source| StartError::DataDir { path: config.data_dir.display().to_string(), source })?;
        if config.is_sqlite() {
            db::files::prepare_sqlite_file(config.database_url.expose())
                .map_err(|source| StartError::DataDir { path: config.data_dir.display().to_string(), source })?;
        }
        let master = match &config.master_key {
            Some(hex) => MasterKey::from_hex(hex.expose())?,
            None => load_or_create_master_key(&config.data_dir.join("master.key"))?,
        };
        let db = db::Db::open(config.database_url.expose()).await?;
        admin::seed::ensure_master_admin(db.conn(), &config).await.map_err(StartError::Seed)?;
        let listener =
            TcpListener::bind(config.listen).map_err(|source| StartError::Listen { addr: config.listen, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen { addr: config.listen, source })?;
        let workers = config.workers;
        let state = AppState::new(db, &master, config);
        if state.db.is_sqlite() {
            db::spawn_checkpointer(state.db.conn().clone());
        }
        providers::service::spawn_seen_flusher(state.db.clone(), state.engine.seen.clone());
        platform_health::spawn_heartbeat(
            state.db.clone(),
            state.engine.instance_id.clone(),
            state.engine.panels.clone(),
        );
        spawn_change_feed(&state);
        let runtime = channels::runtime::ChannelRuntime::new(state.channels.clone());
        let sender = sender.unwrap_or_else(|| runtime.clone());
        if workers {
            dispatch::outbox::spawn_worker(state.engine.outbox.clone(), sender);
            runtime.spawn();
            scheduler::spawn(state.engine.clone(), state.config.ticket_tick_ms);
        }
        let server = serve(listener, state.clone()).map_err(|source| StartError::Listen { addr, source })?;
        Ok(Self { server, addr, state, runtime })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The channels' runtime (tests step its inbox by hand when the workers are off).
    pub fn runtime(&self) -> Arc<channels::runtime::ChannelRuntime> {
        self.runtime.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn serve(listener: TcpListener, state: AppState) -> std::io::Result<actix_web::dev::Server> {
    let doc = http::openapi::document();
    let body_limit = state.config.body_limit_bytes;
    let dist = state.config.dist_dir.clone();
    let public_url = state.config.public_url.clone();
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .wrap(actix_web::middleware::from_fn(http::assets::middleware))
            .wrap(actix_web::middleware::Compress::default())
            .wrap(actix_web::middleware::from_fn(http::request_id::middleware))
            .wrap(http::security_headers::headers(&dist, public_url.as_deref()))
            .configure(|cfg| http::configure_app(cfg, body_limit, &doc, &dist))
    })
    .listen(listener)?
    .run();
    Ok(server)
}

/// Applies the other instances' configuration changes to this instance's caches.
fn spawn_change_feed(state: &AppState) {
    use cluster::changes::Change;
    let (cache, webhooks, billing) =
        (state.engine.config_cache.clone(), state.channels.webhooks.clone(), state.engine.billing.clone());
    let changed = state.channels.changed.clone();
    cluster::changes::spawn(
        state.db.clone(),
        &state.engine.changes,
        state.engine.instance_id.clone(),
        move |c| match c {
            Change::Tenant(t) => cache.drop_local(&t),
            Change::Channels => {
                webhooks.drop_local();
                changed.notify_one();
            }
            Change::Billing(t) => billing.forget_local(t.as_deref()),
        },
    );
}
