//! Provider discovery: a domain reported by the panel becomes a sealed provider row with the
//! next free alias and a backup record for the master admin; orders seen are counted.
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::domain::next_alias;
use super::repo::{by_hash, count_seen, list};
use crate::db::entities::providers;
use crate::db::{new_id, now};
use crate::error::AppError;
use crate::secrets::SealScope;
use crate::state::AppState;

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
    state: &AppState,
    tenant_id: &str,
    domain: &str,
    source: Source,
    alias: Option<String>,
    via_panel: Option<&str>,
) -> Result<(providers::Model, bool), AppError> {
    let db = &state.db;
    let hash = state.domain_lookup.hash(&[tenant_id, domain]);
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
    let sealed = state.secrets.seal(SealScope { tenant: tenant_id, table: "providers", row: &id }, domain);
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
            crate::admin::backups::record_provider(state, tenant_id, &row.alias, domain, via_panel).await?;
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
    state: &AppState,
    tenant_id: &str,
    reported: &str,
    via_panel: &str,
) -> Result<Option<String>, AppError> {
    match super::domain::canonical_domain(reported) {
        Ok(domain) => Ok(Some(upsert(state, tenant_id, &domain, Source::Order, None, Some(via_panel)).await?.0.alias)),
        // A provider value that is not a domain (some panels send an internal name) is still
        // a provider: keep it sealed under its lower-case text.
        Err(_) if !reported.trim().is_empty() => {
            Ok(Some(upsert(state, tenant_id, &reported.trim().to_lowercase(), Source::Order, None, Some(via_panel)).await?.0.alias))
        }
        Err(_) => Ok(None),
    }
}

/// The provider for a domain reported in an order, discovered if new (then `true`: its row
/// already counts this first sighting); the caller counts the others.
pub async fn resolve_for_order(
    state: &AppState,
    tenant_id: &str,
    reported: &str,
    via_panel: &str,
) -> Result<Option<(providers::Model, bool)>, AppError> {
    let domain = match super::domain::canonical_domain(reported) {
        Ok(d) => d,
        Err(_) if !reported.trim().is_empty() => reported.trim().to_lowercase(),
        Err(_) => return Ok(None),
    };
    let hash = state.domain_lookup.hash(&[tenant_id, &domain]);
    let config = crate::commands::cache::tenant_config(state, tenant_id).await?;
    if let Some(known) = config.providers_by_hash.get(&hash) {
        return Ok(Some((known.clone(), false)));
    }
    let found = upsert(state, tenant_id, &domain, Source::OrderCountedByCaller, None, Some(via_panel)).await?;
    state.config_cache.invalidate(tenant_id);
    Ok(Some(found))
}

/// Counts orders seen per provider (inside the caller's transaction).
/// Adds to the providers' "orders seen" counters outside the commands' transactions: the
/// counts gather in memory and are written every two seconds (a statistic may lag, a command's
/// commit does not wait for it).
pub fn spawn_seen_flusher(state: crate::state::AppState) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            let pending = std::mem::take(&mut *state.seen_counts.lock().unwrap_or_else(|p| p.into_inner()));
            for ((tenant, provider), n) in pending {
                if let Err(e) = state.db.write(async |db| count_seen(db, &tenant, &provider, n).await).await {
                    tracing::warn!(error = %e, "cannot update a provider's order count");
                }
            }
        }
    });
}


/// Renames a provider's alias; the master admin's backup keeps the history (old and new alias).
pub async fn rename(
    state: &AppState,
    tenant_id: &str,
    id: &str,
    alias: Option<String>,
    enabled: Option<bool>,
) -> Result<providers::Model, AppError> {
    let before = super::repo::get(&state.db, tenant_id, id).await?;
    let row = super::repo::update(&state.db, tenant_id, id, alias, enabled).await?;
    if row.alias != before.alias {
        let domain = state
            .secrets
            .open(SealScope { tenant: tenant_id, table: "providers", row: &row.id }, &row.domain_sealed)
            .map_err(|e| AppError::internal("open provider domain", e))?;
        crate::admin::backups::record_rename(state, tenant_id, &before.alias, &row.alias, domain.expose()).await?;
    }
    Ok(row)
}
