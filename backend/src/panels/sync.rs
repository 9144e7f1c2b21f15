//! Reading a panel's service list: every service's texts stored for the advanced rules, and the
//! providers it names discovered (by alias; the domain is sealed). Run by the owner's "Sync
//! services" button and by the scheduler (every few hours per panel in advanced mode).
use shared::panels::SyncResult;

use super::client::PanelError;
use crate::commands::engine::Engine;
use crate::db::entities::panels;
use crate::error::AppError;
use crate::providers::service::{Source, upsert};

/// `Ok(Err(_))`: the panel answered with an error (in plain words through its `Display`).
pub async fn refresh_services(
    engine: &Engine,
    panel: &panels::Model,
) -> Result<Result<SyncResult, PanelError>, AppError> {
    let tenant_id = panel.tenant_id.as_str();
    let client = engine.panels.client(panel)?;
    let services = match client.services().await {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    for service in &services {
        crate::service_rules::repo::upsert_service_rule(&engine.db, tenant_id, &panel.id, service).await?;
    }
    let mut discovered = 0;
    for domain in services.iter().filter_map(|s| s.provider_domain.as_deref()) {
        if let Ok(domain) = crate::providers::domain::canonical_domain(domain)
            && upsert(&engine.db, &engine.vault, tenant_id, &domain, Source::Services, None, Some(&panel.name)).await?.1
        {
            discovered += 1;
        }
    }
    engine.config_cache.invalidate(tenant_id);
    Ok(Ok(SyncResult { services: services.len() as u64, providers_discovered: discovered }))
}
