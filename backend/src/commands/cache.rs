//! A per-tenant snapshot of what the pipeline reads for every command (settings, templates,
//! routing, service rules, providers), so a command costs two reads and one write transaction.
//! Every route that changes one of these invalidates the tenant's snapshot; a short lifetime
//! bounds staleness should a write path ever forget to.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use shared::commands::{CommandSettings, Templates};

use super::routing::RoutingTable;
use crate::db::entities::{providers, service_rules};
use crate::error::AppError;
use crate::state::AppState;

const LIFETIME: Duration = Duration::from_secs(5);

pub struct TenantConfig {
    pub settings: CommandSettings,
    pub templates: Templates,
    pub routing: RoutingTable,
    /// panel id → service id → synced rule
    pub service_rules: HashMap<String, HashMap<String, service_rules::Model>>,
    /// keyed hash of the domain → provider
    pub providers_by_hash: HashMap<String, providers::Model>,
}

type Snapshots = HashMap<String, (Instant, Arc<TenantConfig>)>;

#[derive(Default, Clone)]
pub struct ConfigCache(Arc<Mutex<Snapshots>>);

impl ConfigCache {
    pub fn invalidate(&self, tenant_id: &str) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(tenant_id);
    }

    fn cached(&self, tenant_id: &str) -> Option<Arc<TenantConfig>> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(tenant_id).filter(|(at, _)| at.elapsed() < LIFETIME).map(|(_, c)| c.clone())
    }
}

pub async fn tenant_config(state: &AppState, tenant_id: &str) -> Result<Arc<TenantConfig>, AppError> {
    if let Some(c) = state.config_cache.cached(tenant_id) {
        return Ok(c);
    }
    let (settings, templates) = super::repo::settings(&state.db, tenant_id).await?;
    let routing = super::repo::routing_table(&state.db, tenant_id, &settings).await?;
    let mut rules: HashMap<String, HashMap<String, service_rules::Model>> = HashMap::new();
    if settings.service_rules_mode == "advanced" {
        for r in super::repo::all_service_rules(&state.db, tenant_id).await? {
            rules.entry(r.panel_id.clone()).or_default().insert(r.service_id.clone(), r);
        }
    }
    let providers_by_hash = crate::providers::repo::list(&state.db, tenant_id)
        .await?
        .into_iter()
        .map(|p| (p.domain_hash.clone(), p))
        .collect();
    let config = Arc::new(TenantConfig { settings, templates, routing, service_rules: rules, providers_by_hash });
    state
        .config_cache
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(tenant_id.to_string(), (Instant::now(), config.clone()));
    Ok(config)
}
