//! The sandbox: try the whole flow in the browser without an account. Each visitor who picks
//! "Try the sandbox" gets a workspace of their own, wired to the built-in fake panel, a fake
//! Telegram bot and a fake WhatsApp number of its own, with routes to two provider groups. The
//! workspaces are flagged in the database, reachable only through their visitor's session (no
//! password exists for them), capped in number and removed after a day without activity (and at
//! every sandbox start). `start` builds the fakes and each workspace through the server's own
//! REST API, as an owner would; `chat` is what a visitor does; `routes` are the endpoints.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fakes::greenapi::FakeGreenApi;
use fakes::panel::FakePanel;
use fakes::telegram::FakeTelegram;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::db::entities::tenants;
use crate::error::AppError;
use crate::state::AppState;

mod chat;
pub mod routes;
mod start;

pub use start::start;

pub(crate) const CUSTOMER_TG: i64 = 6_600_112_233;
pub(crate) const CUSTOMER_WA: &str = "15550001111@c.us";
pub(crate) const CUSTOMER: &str = "mira_boost";
pub(crate) const CUSTOMER_CHAT: &str = "Mira (customer)";
/// A forum supergroup where Mira asks in the "Orders" topic (the bot answers in that topic).
pub(crate) const FORUM_GROUP: i64 = -1_001_555_000_045;
pub(crate) const FORUM_THREAD: i64 = 45;
pub(crate) const FORUM_TOPIC: &str = "Mira's shop forum › Orders topic";
pub(crate) const GROUPS: [(&str, &str, &str); 3] = [
    ("Provider 1 group (Telegram)", "telegram_group", "-1001000000001"),
    ("Provider 2 group (WhatsApp)", "whatsapp_group", "120363000000000002@g.us"),
    ("Manual services (Telegram)", "telegram_group", "-1001000000003"),
];

/// How many sandbox workspaces may live at once, and how long one lives without activity.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max: usize,
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max: 50, idle: Duration::from_secs(24 * 3600) }
    }
}

/// A full sandbox recycles the least recently used workspace only when it has been left alone
/// this long; a visitor who is trying things is never thrown out.
const RECYCLE_AFTER: Duration = Duration::from_secs(15 * 60);

/// The built-in fake servers every sandbox workspace talks to (each with a bot and a WhatsApp
/// instance of its own).
pub(crate) struct Fakes {
    pub(crate) panel: FakePanel,
    pub(crate) telegram: FakeTelegram,
    pub(crate) green: FakeGreenApi,
    pub(crate) admin_key: String,
    pub(crate) user_key: String,
}

/// The sandbox of this server: the fakes and the live visitor workspaces.
pub struct Sandboxes {
    pub(crate) fakes: Arc<Fakes>,
    /// Our own address: workspaces are set up through the public API.
    base: String,
    live: Mutex<HashMap<String, Arc<Sandbox>>>,
    /// One workspace is set up at a time, so the cap holds.
    opening: tokio::sync::Mutex<()>,
    next: AtomicU64,
    limits: Mutex<Limits>,
}

/// One visitor's sandbox workspace.
pub struct Sandbox {
    pub tenant_id: String,
    /// The account the visitor's session signs in as: role `sandbox_visitor`, no password.
    pub(crate) visitor_id: String,
    pub(crate) bot_token: String,
    pub(crate) instance_id: i64,
    pub(crate) fakes: Arc<Fakes>,
    /// What the visitor typed: (time in µs, channel, chat, text).
    pub(crate) typed: Mutex<Vec<(u64, &'static str, &'static str, String)>>,
    /// Unix seconds of the visitor's last call.
    last_active: AtomicU64,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl Sandbox {
    fn touch(&self) {
        self.last_active.store(unix_now(), Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        Duration::from_secs(unix_now().saturating_sub(self.last_active.load(Ordering::Relaxed)))
    }
}

impl Sandboxes {
    pub fn set_limits(&self, limits: Limits) {
        *self.limits.lock().unwrap_or_else(|p| p.into_inner()) = limits;
    }

    fn limits(&self) -> Limits {
        *self.limits.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Sandbox>>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many visitor workspaces are alive.
    pub fn count(&self) -> usize {
        self.live().len()
    }

    /// The visitor workspace `tenant_id`, marked as used now.
    pub fn find(&self, tenant_id: &str) -> Option<Arc<Sandbox>> {
        let found = self.live().get(tenant_id).cloned();
        if let Some(s) = &found {
            s.touch();
        }
        found
    }

    /// A fresh workspace for a new visitor. Workspaces idle past the limit are removed first;
    /// when the cap is still reached, the least recently used one is recycled if it has been left
    /// alone for a while, otherwise the visitor is asked to come back later.
    pub async fn open(&self, state: &AppState) -> Result<Arc<Sandbox>, AppError> {
        let _one_at_a_time = self.opening.lock().await;
        self.sweep(state).await?;
        let limits = self.limits();
        if self.count() >= limits.max {
            let oldest = self.live().values().max_by_key(|s| s.idle_for()).cloned();
            match oldest {
                Some(s) if s.idle_for() >= RECYCLE_AFTER.min(limits.idle) => self.remove(state, &[s]).await?,
                _ => {
                    return Err(AppError::Busy {
                        message: format!(
                            "all {} sandbox workspaces are in use right now; try again in a few minutes",
                            limits.max
                        ),
                        retry_after_secs: 300,
                    });
                }
            }
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let sandbox = Arc::new(start::workspace(state, &self.base, &self.fakes, n).await?);
        sandbox.touch();
        self.live().insert(sandbox.tenant_id.clone(), sandbox.clone());
        Ok(sandbox)
    }

    /// Removes the workspaces nobody used within the idle limit. Returns how many went.
    pub async fn sweep(&self, state: &AppState) -> Result<usize, AppError> {
        let idle = self.limits().idle;
        let gone: Vec<Arc<Sandbox>> = self.live().values().filter(|s| s.idle_for() >= idle).cloned().collect();
        self.remove(state, &gone).await?;
        Ok(gone.len())
    }

    async fn remove(&self, state: &AppState, gone: &[Arc<Sandbox>]) -> Result<(), AppError> {
        if gone.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = gone.iter().map(|s| s.tenant_id.clone()).collect();
        // Everything of the workspace goes with it (foreign keys cascade), its sessions included.
        tenants::Entity::delete_many()
            .filter(tenants::Column::Sandbox.eq(true))
            .filter(tenants::Column::Id.is_in(ids.clone()))
            .exec(&state.db)
            .await?;
        let mut live = self.live();
        for s in gone {
            live.remove(&s.tenant_id);
            self.fakes.telegram.clear_sent(&s.bot_token);
            self.fakes.green.clear_sent(s.instance_id);
        }
        drop(live);
        // Their pollers stop.
        state.channels.changed.notify_one();
        tracing::info!(removed = ids.len(), "sandbox workspaces removed");
        Ok(())
    }
}
