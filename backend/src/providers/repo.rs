//! Provider queries; every function takes the tenant id first.
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::panels::Provider;

use super::domain::next_alias;
use crate::db::entities::providers;
use crate::db::{new_id, now};
use crate::error::AppError;
use crate::secrets::SealScope;
use crate::state::AppState;

pub fn to_dto(p: providers::Model) -> Provider {
    Provider {
        id: p.id,
        alias: p.alias,
        enabled: p.enabled,
        orders_seen: u64::try_from(p.orders_seen).unwrap_or(0),
        last_seen_at: p.last_seen_at,
        source: p.source,
        created_at: p.created_at,
    }
}

pub async fn list(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<providers::Model>, AppError> {
    Ok(providers::Entity::find()
        .filter(providers::Column::TenantId.eq(tenant_id))
        .order_by_asc(providers::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<providers::Model, AppError> {
    providers::Entity::find_by_id(id.to_string())
        .filter(providers::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("provider"))
}

async fn by_hash(db: &impl ConnectionTrait, tenant_id: &str, hash: &str) -> Result<Option<providers::Model>, AppError> {
    Ok(providers::Entity::find()
        .filter(providers::Column::TenantId.eq(tenant_id))
        .filter(providers::Column::DomainHash.eq(hash))
        .one(db)
        .await?)
}

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
            crate::admin::backups::record_provider(state, tenant_id, &row.alias, domain).await?;
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

pub async fn update(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    id: &str,
    alias: Option<String>,
    enabled: Option<bool>,
) -> Result<providers::Model, AppError> {
    let row = get(db, tenant_id, id).await?;
    if let Some(a) = &alias {
        let clash = list(db, tenant_id).await?.into_iter().any(|p| p.id != row.id && p.alias.eq_ignore_ascii_case(a));
        if clash {
            return Err(AppError::Conflict(format!("the alias {a:?} is already used")));
        }
    }
    let mut active: providers::ActiveModel = row.into();
    if let Some(a) = alias {
        active.alias = Set(a);
    }
    if let Some(e) = enabled {
        active.enabled = Set(e);
    }
    Ok(active.update(db).await?)
}

pub async fn delete(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<(), AppError> {
    let result = providers::Entity::delete_many()
        .filter(providers::Column::TenantId.eq(tenant_id))
        .filter(providers::Column::Id.eq(id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 { Err(AppError::NotFound("provider")) } else { Ok(()) }
}

/// The alias for a domain reported by the panel, discovering the provider if it is new.
pub async fn alias_for_domain(state: &AppState, tenant_id: &str, reported: &str) -> Result<Option<String>, AppError> {
    match super::domain::canonical_domain(reported) {
        Ok(domain) => Ok(Some(upsert(state, tenant_id, &domain, Source::Order, None).await?.0.alias)),
        // A provider value that is not a domain (some panels send an internal name) is still
        // a provider: keep it sealed under its lower-case text.
        Err(_) if !reported.trim().is_empty() => {
            Ok(Some(upsert(state, tenant_id, &reported.trim().to_lowercase(), Source::Order, None).await?.0.alias))
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
    let found = upsert(state, tenant_id, &domain, Source::OrderCountedByCaller, None).await?;
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
                let _writer = state.write_gate().await;
                if let Err(e) = count_seen(&state.db, &tenant, &provider, n).await {
                    tracing::warn!(error = %e, "cannot update a provider's order count");
                }
            }
        }
    });
}

pub async fn count_seen(db: &impl ConnectionTrait, tenant_id: &str, provider_id: &str, n: i64) -> Result<(), AppError> {
    providers::Entity::update_many()
        .col_expr(providers::Column::OrdersSeen, Expr::col(providers::Column::OrdersSeen).add(n))
        .col_expr(providers::Column::LastSeenAt, Expr::value(now()))
        .filter(providers::Column::TenantId.eq(tenant_id))
        .filter(providers::Column::Id.eq(provider_id))
        .exec(db)
        .await?;
    Ok(())
}
