//! The platform's texts (reply templates for new workspaces, top-bar notices), kept as JSON in
//! `platform_settings` under `templates` and `notices`; the code's defaults until edited.
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use shared::billing::platform::{Notices, PlatformTexts};
use shared::commands::Templates;

use crate::db::entities::platform_settings;
use crate::error::AppError;

async fn stored<T: serde::de::DeserializeOwned>(db: &impl ConnectionTrait, key: &str) -> Result<Option<T>, AppError> {
    let row = platform_settings::Entity::find_by_id(key.to_string()).one(db).await?;
    Ok(row.and_then(|r| serde_json::from_str(&r.value).ok()))
}

/// The reply templates a new workspace starts with, when the master admin has edited them.
pub async fn stored_templates(db: &impl ConnectionTrait) -> Result<Option<Templates>, AppError> {
    stored(db, "templates").await
}

pub async fn notices(db: &impl ConnectionTrait) -> Result<Notices, AppError> {
    Ok(stored(db, "notices").await?.unwrap_or_default())
}

pub async fn texts(db: &impl ConnectionTrait) -> Result<PlatformTexts, AppError> {
    Ok(PlatformTexts { templates: stored_templates(db).await?.unwrap_or_default(), notices: notices(db).await? })
}

/// Saves both (checked by the caller), in one transaction.
pub async fn save(db: &crate::db::Db, texts: &PlatformTexts) -> Result<(), AppError> {
    let rows = [
        ("templates", serde_json::to_string(&texts.templates).unwrap_or_default()),
        ("notices", serde_json::to_string(&texts.notices).unwrap_or_default()),
    ];
    db.transaction(async |tx| {
        for (key, value) in rows {
            let row = platform_settings::ActiveModel { key: Set(key.into()), value: Set(value) };
            platform_settings::Entity::insert(row)
                .on_conflict(
                    OnConflict::column(platform_settings::Column::Key)
                        .update_column(platform_settings::Column::Value)
                        .to_owned(),
                )
                .exec_without_returning(tx)
                .await?;
        }
        Ok(())
    })
    .await
}
