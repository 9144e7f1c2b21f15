//! Provider storage; every function takes the tenant id first.
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::panels::Provider;

use crate::db::entities::providers;
use crate::db::now;
use crate::error::AppError;

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

pub async fn by_hash(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    hash: &str,
) -> Result<Option<providers::Model>, AppError> {
    Ok(providers::Entity::find()
        .filter(providers::Column::TenantId.eq(tenant_id))
        .filter(providers::Column::DomainHash.eq(hash))
        .one(db)
        .await?)
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
