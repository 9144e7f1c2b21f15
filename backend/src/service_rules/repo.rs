//! Advanced mode's storage: the panel's synced service list with the owner's overrides.
use std::collections::HashMap;

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::service_rules;
use crate::db::{new_id, now};
use crate::error::AppError;

pub async fn service_rule_rows(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
) -> Result<HashMap<String, service_rules::Model>, AppError> {
    let rows = service_rules::Entity::find()
        .filter(service_rules::Column::TenantId.eq(tenant_id))
        .filter(service_rules::Column::PanelId.eq(panel_id))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.service_id.clone(), r)).collect())
}

pub async fn upsert_service_rule(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    service: &crate::panels::client::Service,
) -> Result<(), AppError> {
    let row = service_rules::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        panel_id: Set(panel_id.to_string()),
        service_id: Set(service.id.clone()),
        name: Set(service.name.clone()),
        category: Set(service.category.clone().unwrap_or_default()),
        description: Set(String::new()),
        refill_override: Set(None),
        start_override_hours: Set(None),
        refill_on_partial: Set(None),
        cancel_allowed: Set(service.cancel.filter(|c| !c)),
        synced_at: Set(now()),
    };
    service_rules::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                service_rules::Column::TenantId,
                service_rules::Column::PanelId,
                service_rules::Column::ServiceId,
            ])
            .update_columns([
                service_rules::Column::Name,
                service_rules::Column::Category,
                service_rules::Column::SyncedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn save_service_override(
    db: &impl ConnectionTrait,
    row: service_rules::Model,
) -> Result<service_rules::Model, AppError> {
    let mut active: service_rules::ActiveModel = row.clone().into();
    active.refill_override = Set(row.refill_override);
    active.start_override_hours = Set(row.start_override_hours);
    active.refill_on_partial = Set(row.refill_on_partial);
    active.cancel_allowed = Set(row.cancel_allowed);
    Ok(active.reset_all().update(db).await?)
}

pub async fn all_service_rules(
    db: &impl ConnectionTrait,
    tenant_id: &str,
) -> Result<Vec<service_rules::Model>, AppError> {
    Ok(service_rules::Entity::find().filter(service_rules::Column::TenantId.eq(tenant_id)).all(db).await?)
}

/// When each panel's service list was last read (all panels, or one workspace's): panel id → time.
pub async fn last_synced(
    db: &impl ConnectionTrait,
    tenant_id: Option<&str>,
) -> Result<HashMap<String, chrono::DateTime<chrono::Utc>>, AppError> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, Func};
    let mut q = service_rules::Entity::find()
        .select_only()
        .column(service_rules::Column::PanelId)
        .column_as(Expr::from(Func::max(Expr::col(service_rules::Column::SyncedAt))), "synced");
    if let Some(t) = tenant_id {
        q = q.filter(service_rules::Column::TenantId.eq(t));
    }
    Ok(q.group_by(service_rules::Column::PanelId)
        .into_tuple::<(String, chrono::DateTime<chrono::Utc>)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
