//! The master admin's hidden backup: an append-only record written whenever a panel is added, a
//! provider is discovered (naming the panel it came through) or renamed (old and new alias: a
//! history, never an overwrite). Sealed with its own key scope, with no foreign keys so it
//! outlives the provider, the panel and the tenant. Tenants never see it; `admin` lists and
//! reveals it.
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde::{Deserialize, Serialize};

use crate::db::entities::{backups, tenants};
use crate::db::{Db, new_id, now};
use crate::error::AppError;
use crate::secrets::{SealScope, Vault};

pub const SCOPE_TENANT: &str = "platform:backup";

#[derive(Serialize, Deserialize, Default)]
pub struct Payload {
    pub admin_base_url: Option<String>,
    pub domain: Option<String>,
}

/// What one backup record names besides its sealed payload.
#[derive(Default)]
struct Names<'a> {
    panel_name: Option<&'a str>,
    alias: Option<&'a str>,
    previous_alias: Option<&'a str>,
}

async fn append(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    kind: &str,
    names: Names<'_>,
    payload: Payload,
) -> Result<(), AppError> {
    let tenant_name =
        tenants::Entity::find_by_id(tenant_id.to_string()).one(db).await?.map(|t| t.name).unwrap_or_default();
    let id = new_id();
    let json = serde_json::to_string(&payload).map_err(|e| AppError::internal("backup payload", e))?;
    let sealed = vault.backups.seal(SealScope { tenant: SCOPE_TENANT, table: "backups", row: &id }, &json)?;
    backups::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant_id.to_string()),
        tenant_name: Set(tenant_name),
        kind: Set(kind.to_string()),
        panel_name: Set(names.panel_name.map(str::to_string)),
        alias: Set(names.alias.map(str::to_string)),
        previous_alias: Set(names.previous_alias.map(str::to_string)),
        sealed: Set(sealed),
        created_at: Set(now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn record_panel(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    panel_name: &str,
    admin_base_url: &str,
) -> Result<(), AppError> {
    let payload = Payload { admin_base_url: Some(admin_base_url.to_string()), domain: None };
    append(db, vault, tenant_id, "panel", Names { panel_name: Some(panel_name), ..Names::default() }, payload).await
}

/// A provider discovered through `via_panel` (None: added by hand on the Providers page).
pub async fn record_provider(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    alias: &str,
    domain: &str,
    via_panel: Option<&str>,
) -> Result<(), AppError> {
    let payload = Payload { admin_base_url: None, domain: Some(domain.to_string()) };
    let names = Names { panel_name: via_panel, alias: Some(alias), ..Names::default() };
    append(db, vault, tenant_id, "provider", names, payload).await
}

/// A rename: a new record, so that the history of aliases stays (the old one is never overwritten).
pub async fn record_rename(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    previous_alias: &str,
    alias: &str,
    domain: &str,
) -> Result<(), AppError> {
    let payload = Payload { admin_base_url: None, domain: Some(domain.to_string()) };
    let names = Names { alias: Some(alias), previous_alias: Some(previous_alias), ..Names::default() };
    append(db, vault, tenant_id, "provider_renamed", names, payload).await
}
