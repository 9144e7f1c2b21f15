//! The command engine's handle: what the pipeline needs to turn a message into a logged command
//! and queued provider messages. Built once by `AppState`; cheap to clone.
use crate::db::Db;
use crate::dispatch::outbox::Outbox;
use crate::panels::clients::PanelClients;
use crate::providers::service::SeenCounts;
use crate::secrets::Vault;

#[derive(Clone)]
pub struct Engine {
    pub db: Db,
    pub vault: Vault,
    pub panels: PanelClients,
    /// Per-tenant snapshot of the engine's configuration.
    pub config_cache: super::cache::ConfigCache,
    /// Orders seen per provider since the last flush (`providers::service::spawn_seen_flusher`).
    pub seen: SeenCounts,
    /// The provider messages' queue, woken when a command queued messages.
    pub outbox: Outbox,
    /// What each workspace's plan allows, and the clock billing reads.
    pub billing: crate::billing::Billing,
    /// This process among the instances sharing the database: names it in leases.
    pub instance_id: String,
    /// Tells the other instances what changed here (their caches drop it).
    pub changes: crate::cluster::changes::ChangeFeed,
}

/// A name for this process: the host, the process id and a random part (two servers in one
/// process, as in tests, are two instances).
pub fn new_instance_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    let mut r = [0u8; 4];
    crate::secrets::fill_random(&mut r);
    let tail: String = r.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{tail}", host.chars().take(32).collect::<String>(), std::process::id())
}

impl Engine {
    /// The tenant's configuration snapshot (settings, templates, routing, rules, providers, panels).
    pub async fn config(
        &self,
        tenant_id: &str,
    ) -> Result<std::sync::Arc<super::cache::TenantConfig>, crate::error::AppError> {
        self.config_cache.load(&self.db, tenant_id).await
    }
}
