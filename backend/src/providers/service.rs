//! Provider discovery: a domain reported by the panel becomes a sealed provider row with the
//! next free alias and a backup record for the master admin; orders seen are counted.
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::domain::next_alias;
use super::repo::{by_hash, count_seen, list};
use crate::db::entities::providers;
use crate::db::{Db, new_id, now};
use crate::error::AppError;
use crate::secrets::{SealScope, Vault};

/// How a provider came to be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Manual,
    /// Seen in an order: counted and stamped here.
    Order,
    /// Seen in an order by the command pipeline, which counts it inside its own transaction.
    OrderCountedByCaller,
    Services,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Order | Source::OrderCountedByCaller => "order",
            Source::Services => "services",
        }
    }
}

/// Finds or creates the provider for a canonical `domain`; a new one gets the next free alias
/// (or `alias`) and a backup record. Returns the row and whether it is new. Seeing it in an
/// order counts the order and stamps the time.
pub async fn upsert(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    domain: &str,
    source: Source,
    alias: Option<String>,
    via_panel: Option<&str>,
) -> Result<(providers::Model, bool), AppError> {
    let hash = vault.domain_lookup.hash(&[tenant_id, domain]);
    if let Some(existing) = by_hash(db, tenant_id, &hash).await? {
        if source == Source::Order {
            providers::Entity::update_many()
                .col_expr(providers::Column::OrdersSeen, Expr::col(providers::Column::OrdersSeen).add(1))
                .col_expr(providers::Column::LastSeenAt, Expr::value(now()))
                .filter(providers::Column::Id.eq(existing.id.clone()))
                .exec(db)
                .await?;
        }
        return Ok((existing, false));
    }
    let taken: Vec<String> = list(db, tenant_id).await?.into_iter().map(|p| p.alias).collect();
    let alias = match alias {
        Some(a) if taken.iter().any(|t| t.eq_ignore_ascii_case(&a)) => {
            return Err(AppError::Conflict(format!("the alias {a:?} is already used")));
        }
        Some(a) => a,
        None => next_alias(&taken),
    };
    let id = new_id();
    let sealed = vault.secrets.seal(SealScope { tenant: tenant_id, table: "providers", row: &id }, domain)?;
    let seen = matches!(source, Source::Order | Source::OrderCountedByCaller);
    let row = providers::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant_id.to_string()),
        domain_sealed: Set(sealed),
        domain_hash: Set(hash.clone()),
        alias: Set(alias),
        enabled: Set(true),
        orders_seen: Set(i64::from(seen)),
        last_seen_at: Set(seen.then(now)),
        source: Set(source.as_str().to_string()),
        created_at: Set(now()),
    };
    match row.insert(db).await {
        Ok(row) => {
            crate::backups::record_provider(db, vault, tenant_id, &row.alias, domain, via_panel).await?;
            Ok((row, true))
        }
        // Two lookups discovered the same provider at once: the other insert won.
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            let row = by_hash(db, tenant_id, &hash).await?.ok_or_else(|| AppError::internal("provider upsert", e))?;
            Ok((row, false))
        }
        Err(e) => Err(e.into()),
    }
}

/// The alias for a domain reported by the panel, discovering the provider if it is new.
pub async fn alias_for_domain(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    reported: &str,
    via_panel: &str,
) -> Result<Option<String>, AppError> {
    let Some(domain) = reported_domain(reported) else { return Ok(None) };
    Ok(Some(upsert(db, vault, tenant_id, &domain, Source::Order, None, Some(via_panel)).await?.0.alias))
}

/// The canonical domain of a panel's `provider` field; a value that is not a domain (some
/// panels send an internal name) is still a provider, kept under its lower-case text.
pub fn reported_domain(reported: &str) -> Option<String> {
    match super::domain::canonical_domain(reported) {
        Ok(d) => Some(d),
        Err(_) if !reported.trim().is_empty() => Some(reported.trim().to_lowercase()),
        Err(_) => None,
    }
}

/// Orders seen per (tenant, provider) since the last flush: the providers' "orders seen"
/// counters are written outside the commands' transactions (a statistic may lag, a command's
/// commit does not wait for it).
#[derive(Clone, Default)]
pub struct SeenCounts(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<(String, String), i64>>>);

impl SeenCounts {
    pub fn add(&self, tenant_id: &str, provider_ids: &[String]) {
        let mut seen = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for provider_id in provider_ids {
            *seen.entry((tenant_id.to_string(), provider_id.clone())).or_default() += 1;
        }
    }

    fn take(&self) -> std::collections::HashMap<(String, String), i64> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Writes the gathered counts every two seconds.
pub fn spawn_seen_flusher(db: Db, seen: SeenCounts) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            for ((tenant, provider), n) in seen.take() {
                if let Err(e) = db.write(async |c| count_seen(c, &tenant, &provider, n).await).await {
                    tracing::warn!(error = %e, "cannot update a provider's order count");
                }
            }
        }
    });
}

/// Renames a provider's alias; the master admin's backup keeps the history (old and new alias).
pub async fn rename(
    db: &Db,
    vault: &Vault,
    tenant_id: &str,
    id: &str,
    alias: Option<String>,
    enabled: Option<bool>,
) -> Result<providers::Model, AppError> {
    let before = super::repo::get(db, tenant_id, id).await?;
    let row = super::repo::update(db, tenant_id, id, alias, enabled).await?;
    if row.alias != before.alias {
        let domain = vault
            .secrets
            .open(SealScope { tenant: tenant_id, table: "providers", row: &row.id }, &row.domain_sealed)
            .map_err(|e| AppError::internal("open provider domain", e))?;
        crate::backups::record_rename(db, vault, tenant_id, &before.alias, &row.alias, domain.expose()).await?;
    }
    Ok(row)
}
