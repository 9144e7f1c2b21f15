//! The console's endpoints (`/api/admin/...`); the client itself is the shared one.
pub use frontend::api::ApiError;
use frontend::api::{Method, call};
use shared::api::TenantSummary;
use shared::panels::{Backup, BackupReveal, RevealedBackup};

pub async fn tenants() -> Result<Vec<TenantSummary>, ApiError> {
    call(Method::Get, "/api/admin/tenants", None).await
}

pub async fn backups() -> Result<Vec<Backup>, ApiError> {
    call(Method::Get, "/api/admin/backups", None).await
}

pub async fn reveal_backup(id: &str, reason: &str) -> Result<RevealedBackup, ApiError> {
    call(Method::Post, &format!("/api/admin/backups/{id}/reveal"), Some(serde_json::json!({"reason": reason}))).await
}

pub async fn backup_reveals() -> Result<Vec<BackupReveal>, ApiError> {
    call(Method::Get, "/api/admin/backup-reveals", None).await
}
