//! Panel rows; every function takes the tenant id first. Keys are sealed per tenant and row.
use std::time::Duration;

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::panels::{Panel, PanelKind as KindDto};

use super::client::{PanelConfig, PanelKind};
use super::domain::outcome_from_name;
use crate::db::entities::panels;
use crate::error::AppError;
use crate::secrets::{SealScope, Secret, SecretBox};

pub fn kind_to_dto(kind: &str) -> KindDto {
    match kind {
        "adminapi_v1" => KindDto::AdminapiV1,
        _ => KindDto::PerfectpanelV2,
    }
}

pub fn kind_from_dto(kind: KindDto) -> PanelKind {
    match kind {
        KindDto::AdminapiV1 => PanelKind::AdminapiV1,
        KindDto::PerfectpanelV2 => PanelKind::PerfectpanelV2,
    }
}

pub fn to_dto(p: panels::Model) -> Panel {
    Panel {
        kind: kind_to_dto(&p.kind),
        has_admin_key: !p.admin_key_sealed.is_empty(),
        has_user_api_key: p.user_api_key_sealed.is_some(),
        rps: u32::try_from(p.rps).unwrap_or(5),
        timeout_secs: u32::try_from(p.timeout_secs).unwrap_or(15),
        orders_user_param: p.orders_user_param.clone(),
        bulk_ids: p.v2_bulk_ids,
        services_refresh_hours: p.services_refresh_hours.max(0) as u32,
        last_test: p.last_test_outcome.as_deref().and_then(outcome_from_name),
        last_tested_at: p.last_tested_at,
        id: p.id,
        name: p.name,
        admin_base_url: p.admin_base_url,
        user_api_url: p.user_api_url,
        created_at: p.created_at,
    }
}

pub fn seal_key(
    secrets: &SecretBox,
    tenant_id: &str,
    panel_id: &str,
    which: &str,
    key: &str,
) -> Result<String, crate::secrets::SealError> {
    let row = format!("{panel_id}:{which}");
    secrets.seal(SealScope { tenant: tenant_id, table: "panels", row: &row }, key)
}

fn open_key(secrets: &SecretBox, p: &panels::Model, which: &str, sealed: &str) -> Result<Secret<String>, AppError> {
    let row = format!("{}:{which}", p.id);
    secrets
        .open(SealScope { tenant: &p.tenant_id, table: "panels", row: &row }, sealed)
        .map_err(|e| AppError::internal("open panel key", e))
}

/// The client configuration for a stored panel, keys opened.
pub fn client_config(secrets: &SecretBox, p: &panels::Model) -> Result<PanelConfig, AppError> {
    let kind =
        PanelKind::parse(&p.kind).ok_or_else(|| AppError::Internal(format!("unknown panel kind {:?}", p.kind)))?;
    let mut config = PanelConfig::new(kind, &p.admin_base_url, open_key(secrets, p, "admin", &p.admin_key_sealed)?);
    config.rps = u32::try_from(p.rps).unwrap_or(5).max(1);
    config.timeout = Duration::from_secs(u64::try_from(p.timeout_secs).unwrap_or(15).max(1));
    config.orders_user_param = p.orders_user_param.clone();
    config.v2_bulk_ids = p.v2_bulk_ids;
    config.user_api_url = p.user_api_url.clone();
    config.user_api_key = p.user_api_key_sealed.as_deref().map(|s| open_key(secrets, p, "user_api", s)).transpose()?;
    Ok(config)
}

pub async fn list(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<panels::Model>, AppError> {
    Ok(panels::Entity::find()
        .filter(panels::Column::TenantId.eq(tenant_id))
        .order_by_asc(panels::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<panels::Model, AppError> {
    panels::Entity::find_by_id(id.to_string())
        .filter(panels::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("panel"))
}

pub async fn insert(db: &impl ConnectionTrait, row: panels::ActiveModel) -> Result<panels::Model, AppError> {
    Ok(row.insert(db).await?)
}

pub async fn save(db: &impl ConnectionTrait, row: panels::ActiveModel) -> Result<panels::Model, AppError> {
    Ok(row.update(db).await?)
}

pub async fn record_test(db: &impl ConnectionTrait, tenant_id: &str, id: &str, outcome: &str) -> Result<(), AppError> {
    let row = get(db, tenant_id, id).await?;
    let mut active: panels::ActiveModel = row.into();
    active.last_test_outcome = Set(Some(outcome.to_string()));
    active.last_tested_at = Set(Some(crate::db::now()));
    active.update(db).await?;
    Ok(())
}

/// The panel and its service-ID rules, in one transaction.
pub async fn delete(db: &crate::db::Db, tenant_id: &str, id: &str) -> Result<(), AppError> {
    use crate::db::entities::service_routes;
    db.transaction(async |txn| {
        let result = panels::Entity::delete_many()
            .filter(panels::Column::TenantId.eq(tenant_id))
            .filter(panels::Column::Id.eq(id))
            .exec(txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(AppError::NotFound("panel"));
        }
        service_routes::Entity::delete_many()
            .filter(service_routes::Column::TenantId.eq(tenant_id))
            .filter(service_routes::Column::PanelId.eq(id))
            .exec(txn)
            .await?;
        Ok(())
    })
    .await
}
