//! A per-tenant snapshot of what the pipeline reads for every command (settings, templates,
//! routing, service rules, providers, panels), so a command costs one read and one write
//! transaction.
//! Every route that changes one of these invalidates the tenant's snapshot, on every instance (the
//! change feed); a short lifetime bounds staleness should a write path ever forget to.
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use shared::commands::{CommandSettings, Templates};

use crate::cache::TtlCache;
use crate::cluster::changes::{Change, ChangeFeed};
use crate::db::Db;
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
pub struct ParsedServices(TtlCache<String, Arc<ServiceRules>>);

impl Default for ParsedServices {
    /// Lives as long as its snapshot (the lifetime here only bounds a snapshot held longer).
    fn default() -> Self {
        Self(TtlCache::new(Duration::from_secs(3600), 4096))
    }
}

impl ParsedServices {
    pub fn get_or_parse(&self, text: ServiceText<'_>) -> Arc<ServiceRules> {
        let key = format!("{}\u{0}{}\u{0}{}", text.name, text.description, text.category);
        if let Some(known) = self.0.get(&key) {
            return known;
        }
        let parsed = Arc::new(parse_service(text));
        self.0.put(key, parsed.clone());
        parsed
    }
}

impl TenantConfig {
    /// The panel from the snapshot; one added since the snapshot was taken is read from the database.
    pub async fn panel(&self, db: &Db, tenant_id: &str, panel_id: &str) -> Result<panels::Model, AppError> {
        match self.panels.get(panel_id) {
            Some(p) => Ok(p.clone()),
            None => crate::panels::repo::get(db, tenant_id, panel_id).await,
        }
    }
}

/// The snapshots, the feed that tells the other instances, and a generation counter: a snapshot
/// read while an invalidation happened is returned but not kept (it may predate the change).
#[derive(Clone)]
pub struct ConfigCache(TtlCache<String, Arc<TenantConfig>>, ChangeFeed, Arc<AtomicU64>);

impl Default for ConfigCache {
    fn default() -> Self {
        Self::with_feed(ChangeFeed::default())
    }
}

impl ConfigCache {
    /// A cache whose invalidations also reach the other instances through `feed`.
    pub fn with_feed(feed: ChangeFeed) -> Self {
        Self(TtlCache::new(LIFETIME, 10_000), feed, Arc::default())
    }

    /// Drops the tenant's snapshot here and on every other instance.
    pub fn invalidate(&self, tenant_id: &str) {
        self.2.fetch_add(1, Ordering::SeqCst);
        self.0.remove(tenant_id);
        self.1.publish(Change::Tenant(tenant_id.to_string()));
    }

    /// Drops the tenant's snapshot here only (another instance changed it).
    pub fn drop_local(&self, tenant_id: &str) {
        self.2.fetch_add(1, Ordering::SeqCst);
        self.0.remove(tenant_id);
    }

    /// The tenant's snapshot, read afresh when older than its lifetime or invalidated.
    pub async fn load(&self, db: &Db, tenant_id: &str) -> Result<Arc<TenantConfig>, AppError> {
        if let Some(c) = self.0.get(tenant_id) {
            return Ok(c);
        }
        let generation = self.2.load(Ordering::SeqCst);
        let config = Arc::new(read(db, tenant_id).await?);
        if self.2.load(Ordering::SeqCst) == generation {
            self.0.put(tenant_id.to_string(), config.clone());
        }
        Ok(config)
    }
}

async fn read(db: &Db, tenant_id: &str) -> Result<TenantConfig, AppError> {
    let (settings, templates) = crate::settings::repo::settings(db, tenant_id).await?;
    let routing = crate::routing::repo::routing_table(db, tenant_id, &settings).await?;
    let mut rules: HashMap<String, HashMap<String, service_rules::Model>> = HashMap::new();
    if settings.service_rules_mode == "advanced" {
        for r in crate::service_rules::repo::all_service_rules(db, tenant_id).await? {
            rules.entry(r.panel_id.clone()).or_default().insert(r.service_id.clone(), r);
        }
    }
    let providers_by_hash =
        crate::providers::repo::list(db, tenant_id).await?.into_iter().map(|p| (p.domain_hash.clone(), p)).collect();
    let panels = crate::panels::repo::list(db, tenant_id).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    Ok(TenantConfig {
        settings,
        templates,
        routing,
        service_rules: rules,
        providers_by_hash,
        panels,
        parsed_services: ParsedServices::default(),
    })
}
