//! A per-tenant snapshot of what the pipeline reads for every command (settings, templates,
//! routing, service rules, providers, panels), so a command costs one read and one write
//! transaction.
//! Every route that changes one of these invalidates the tenant's snapshot; a short lifetime
//! bounds staleness should a write path ever forget to.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use shared::commands::{CommandSettings, Templates};

use crate::commands::engine::Engine;
use crate::db::entities::{panels, providers, service_rules};
use crate::error::AppError;
use crate::routing::domain::RoutingTable;
use crate::service_rules::{ServiceRules, ServiceText, parse_service};

const LIFETIME: Duration = Duration::from_secs(5);

pub struct TenantConfig {
    pub settings: CommandSettings,
    pub templates: Templates,
    pub routing: RoutingTable,
    /// panel id → service id → synced rule
    pub service_rules: HashMap<String, HashMap<String, service_rules::Model>>,
    /// keyed hash of the domain → provider
    pub providers_by_hash: HashMap<String, providers::Model>,
    /// panel id → panel (its sealed key stays sealed; the client cache opens it once)
    pub panels: HashMap<String, panels::Model>,
    /// Service texts already read by the easy-mode parser, for as long as the snapshot lives.
    pub parsed_services: ParsedServices,
}

/// Remembers what `parse_service` read from a service's texts: a panel has a few hundred
/// services, and the same few are ordered again and again.
#[derive(Default)]
pub struct ParsedServices(Mutex<HashMap<String, Arc<ServiceRules>>>);

impl ParsedServices {
    const MAX_ENTRIES: usize = 4096;

    pub fn get_or_parse(&self, text: ServiceText<'_>) -> Arc<ServiceRules> {
        let key = format!("{}\u{0}{}\u{0}{}", text.name, text.description, text.category);
        if let Some(known) = self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return known.clone();
        }
        let parsed = Arc::new(parse_service(text));
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= Self::MAX_ENTRIES {
            map.clear();
        }
        map.insert(key, parsed.clone());
        parsed
    }
}

impl TenantConfig {
    /// The panel from the snapshot; one added since the snapshot was taken is read from the database.
    pub async fn panel(&self, engine: &Engine, tenant_id: &str, panel_id: &str) -> Result<panels::Model, AppError> {
        match self.panels.get(panel_id) {
            Some(p) => Ok(p.clone()),
            None => crate::panels::repo::get(&engine.db, tenant_id, panel_id).await,
        }
    }
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

pub async fn tenant_config(engine: &Engine, tenant_id: &str) -> Result<Arc<TenantConfig>, AppError> {
    if let Some(c) = engine.config_cache.cached(tenant_id) {
        return Ok(c);
    }
    let (settings, templates) = crate::settings::repo::settings(&engine.db, tenant_id).await?;
    let routing = crate::routing::repo::routing_table(&engine.db, tenant_id, &settings).await?;
    let mut rules: HashMap<String, HashMap<String, service_rules::Model>> = HashMap::new();
    if settings.service_rules_mode == "advanced" {
        for r in crate::service_rules::repo::all_service_rules(&engine.db, tenant_id).await? {
            rules.entry(r.panel_id.clone()).or_default().insert(r.service_id.clone(), r);
        }
    }
    let providers_by_hash = crate::providers::repo::list(&engine.db, tenant_id)
        .await?
        .into_iter()
        .map(|p| (p.domain_hash.clone(), p))
        .collect();
    let panels =
        crate::panels::repo::list(&engine.db, tenant_id).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let config = Arc::new(TenantConfig {
        settings,
        templates,
        routing,
        service_rules: rules,
        providers_by_hash,
        panels,
        parsed_services: ParsedServices::default(),
    });
    engine
        .config_cache
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(tenant_id.to_string(), (Instant::now(), config.clone()));
    Ok(config)
}
