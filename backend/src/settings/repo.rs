//! Settings and templates of a tenant, stored as JSON; the tenant id first.
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use shared::commands::{CommandSettings, Templates};

use crate::db::entities::tenant_settings;
use crate::db::now;
use crate::error::AppError;

/// Settings and templates, with defaults for anything never saved.
pub async fn settings(db: &impl ConnectionTrait, tenant_id: &str) -> Result<(CommandSettings, Templates), AppError> {
    let row = tenant_settings::Entity::find_by_id(tenant_id.to_string()).one(db).await?;
    Ok(match row {
        Some(r) => (
            serde_json::from_str(&r.settings).unwrap_or_default(),
            serde_json::from_str(&r.templates).unwrap_or_default(),
        ),
        None => (CommandSettings::default(), Templates::default()),
    })
}

pub async fn save_settings(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    settings: &CommandSettings,
    templates: &Templates,
) -> Result<(), AppError> {
    let row = tenant_settings::ActiveModel {
        tenant_id: Set(tenant_id.to_string()),
        settings: Set(json(settings)),
        templates: Set(json(templates)),
        updated_at: Set(now()),
    };
    tenant_settings::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tenant_settings::Column::TenantId)
                .update_columns([
                    tenant_settings::Column::Settings,
                    tenant_settings::Column::Templates,
                    tenant_settings::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
