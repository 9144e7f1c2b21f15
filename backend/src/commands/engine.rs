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
