//! The console's endpoints (`/api/admin/...`); the client itself is the shared one.
pub use frontend::api::ApiError;
use frontend::api::{Method, call, call_empty, to_json};
use shared::api::{DeleteWorkspace, TenantSummary, ViewAs};
use shared::billing::Reason;
use shared::billing::platform::PlatformTexts;
use shared::panels::{Backup, BackupReveal, RevealedBackup};

use crate::billing_api::query;

/// Every workspace, searched by name or owner email (`q`) and filtered by subscription status
/// (`status`, e.g. `no_plan`); "" leaves either out.
pub async fn tenants(q: &str, status: &str) -> Result<Vec<TenantSummary>, ApiError> {
    call(Method::Get, &format!("/api/admin/tenants{}", query(&[("q", q), ("status", status)])), None).await
}

/// A short-lived, read-only token for the workspace app (audited with the reason).
pub async fn view_as(tenant_id: &str, reason: &str) -> Result<ViewAs, ApiError> {
    let body = Reason { reason: reason.to_string() };
    call(Method::Post, &format!("/api/admin/tenants/{tenant_id}/view-as"), to_json(&body)).await
}

/// Deletes a workspace and everything in it: its exact name typed again, and a reason.
pub async fn delete_tenant(tenant_id: &str, confirm: &DeleteWorkspace) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/admin/tenants/{tenant_id}"), to_json(confirm)).await
}

pub async fn platform_texts() -> Result<PlatformTexts, ApiError> {
    call(Method::Get, "/api/admin/platform-texts", None).await
}

/// Saves them; a 400 names the template or notice that is wrong.
pub async fn save_platform_texts(texts: &PlatformTexts) -> Result<PlatformTexts, ApiError> {
    call(Method::Put, "/api/admin/platform-texts", to_json(texts)).await
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

/// The platform's runtime health (instances, queues, problems across workspaces, database).
pub async fn health() -> Result<shared::health::PlatformHealth, ApiError> {
    call(Method::Get, "/api/admin/health", None).await
}
