//! Named leases in the shared database. A lease is acquired in one conditional statement (insert
//! when absent, or update when it is ours or has lapsed), so two instances never both hold it;
//! a holder that stops renewing loses it when it lapses, never earlier.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::leases;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    /// Nobody held it: ours now.
    Acquired,
    /// Ours already: extended.
    Renewed,
    /// Its holder stopped renewing it: ours now.
    TakenOver { from: String },
    /// Someone else holds it.
    Held { by: String },
}

impl Lease {
    pub fn is_ours(&self) -> bool {
        !matches!(self, Lease::Held { .. })
    }
}

/// Acquires, renews or takes over `name` for `holder` until `now + ttl`.
pub async fn acquire(
    db: &impl ConnectionTrait,
    name: &str,
    holder: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<Lease, AppError> {
    let until = now + ttl;
    let current = leases::Entity::find_by_id(name.to_string()).one(db).await?;
    let Some(current) = current else {
        let inserted = leases::Entity::insert(leases::ActiveModel {
            name: Set(name.to_string()),
            holder: Set(holder.to_string()),
            acquired_at: Set(now),
            expires_at: Set(until),
        })
        .on_conflict(OnConflict::column(leases::Column::Name).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
        return Ok(if inserted == 1 { Lease::Acquired } else { held(db, name).await? });
    };
    if current.holder == holder {
        let renewed = leases::Entity::update_many()
            .col_expr(leases::Column::ExpiresAt, Expr::value(until))
            .filter(leases::Column::Name.eq(name))
            .filter(leases::Column::Holder.eq(holder))
            .exec(db)
            .await?;
        return Ok(if renewed.rows_affected == 1 { Lease::Renewed } else { held(db, name).await? });
    }
    if current.expires_at > now {
        return Ok(Lease::Held { by: current.holder });
    }
    // Compare and swap: only if the lapsed holder is still the holder (two instances racing for
    // the same lapsed lease: the second finds the first's name there and gets nothing).
    let taken = leases::Entity::update_many()
        .col_expr(leases::Column::Holder, Expr::value(holder))
        .col_expr(leases::Column::AcquiredAt, Expr::value(now))
        .col_expr(leases::Column::ExpiresAt, Expr::value(until))
        .filter(leases::Column::Name.eq(name))
        .filter(leases::Column::Holder.eq(current.holder.clone()))
        .filter(leases::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    if taken.rows_affected == 1 {
        super::LEASE_TAKEOVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Lease::TakenOver { from: current.holder })
    } else {
        held(db, name).await
    }
}

async fn held(db: &impl ConnectionTrait, name: &str) -> Result<Lease, AppError> {
    let by = leases::Entity::find_by_id(name.to_string()).one(db).await?.map(|l| l.holder).unwrap_or_default();
    Ok(Lease::Held { by })
}

/// Extends every lease with this prefix that `holder` holds, in one statement.
pub async fn renew_all(
    db: &impl ConnectionTrait,
    prefix: &str,
    holder: &str,
    until: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(leases::Entity::update_many()
        .col_expr(leases::Column::ExpiresAt, Expr::value(until))
        .filter(leases::Column::Name.starts_with(prefix))
        .filter(leases::Column::Holder.eq(holder))
        .exec(db)
        .await?
        .rows_affected)
}

/// Gives `name` up (only if `holder` still holds it), so another instance need not wait for it to lapse.
pub async fn release(db: &impl ConnectionTrait, name: &str, holder: &str) -> Result<(), AppError> {
    leases::Entity::delete_many()
        .filter(leases::Column::Name.eq(name))
        .filter(leases::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives up every lease `holder` has (a clean shutdown).
pub async fn release_all(db: &impl ConnectionTrait, holder: &str) -> Result<u64, AppError> {
    Ok(leases::Entity::delete_many().filter(leases::Column::Holder.eq(holder)).exec(db).await?.rows_affected)
}

/// Forgets every lease with this prefix (SQLite at start-up: only one process uses the file, so
/// whatever a killed process held is nobody's).
pub async fn forget_prefix(db: &impl ConnectionTrait, prefix: &str) -> Result<u64, AppError> {
    Ok(leases::Entity::delete_many().filter(leases::Column::Name.starts_with(prefix)).exec(db).await?.rows_affected)
}

/// The current holders of the leases with this prefix: name → (holder, expires at).
pub async fn holders(
    db: &impl ConnectionTrait,
    prefix: &str,
) -> Result<std::collections::HashMap<String, (String, DateTime<Utc>)>, AppError> {
    Ok(leases::Entity::find()
        .filter(leases::Column::Name.starts_with(prefix))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.name, (l.holder, l.expires_at)))
        .collect())
}
