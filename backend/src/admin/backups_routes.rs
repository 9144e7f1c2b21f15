//! The master admin's hidden backup: an append-only record written whenever a panel is added or
//! a provider is discovered. Sealed with its own key scope, with no foreign keys so it outlives
//! the provider, the panel and the tenant. Tenants never see it; revealing is itself recorded.
use actix_web::{get, post, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use shared::ApiErrorBody;
use shared::panels::{Backup, BackupReveal, RevealedBackup};

use crate::auth::MasterAdmin;
use crate::db::entities::{backup_reveals, backups, tenants};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::secrets::SealScope;
use crate::state::AppState;

const SCOPE_TENANT: &str = "platform:backup";

#[derive(Serialize, Deserialize, Default)]
struct Payload {
    admin_base_url: Option<String>,
    domain: Option<String>,
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_backups).service(reveal_backup).service(list_reveals);
}

/// What one backup record names besides its sealed payload.
#[derive(Default)]
struct Names<'a> {
    panel_name: Option<&'a str>,
    alias: Option<&'a str>,
    previous_alias: Option<&'a str>,
}

async fn append(state: &AppState, tenant_id: &str, kind: &str, names: Names<'_>, payload: Payload) -> Result<(), AppError> {
    let tenant_name =
        tenants::Entity::find_by_id(tenant_id.to_string()).one(&state.db).await?.map(|t| t.name).unwrap_or_default();
    let id = new_id();
    let json = serde_json::to_string(&payload).map_err(|e| AppError::internal("backup payload", e))?;
    let sealed = state.backup_secrets.seal(SealScope { tenant: SCOPE_TENANT, table: "backups", row: &id }, &json);
    backups::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant_id.to_string()),
        tenant_name: Set(tenant_name),
        kind: Set(kind.to_string()),
        panel_name: Set(names.panel_name.map(str::to_string)),
        alias: Set(names.alias.map(str::to_string)),
        previous_alias: Set(names.previous_alias.map(str::to_string)),
        sealed: Set(sealed),
        created_at: Set(now()),
    }
    .insert(&state.db)
    .await?;
    Ok(())
}

pub async fn record_panel(
    state: &AppState,
    tenant_id: &str,
    panel_name: &str,
    admin_base_url: &str,
) -> Result<(), AppError> {
    let payload = Payload { admin_base_url: Some(admin_base_url.to_string()), domain: None };
    append(state, tenant_id, "panel", Names { panel_name: Some(panel_name), ..Names::default() }, payload).await
}

/// A provider discovered through `via_panel` (None: added by hand on the Providers page).
pub async fn record_provider(
    state: &AppState,
    tenant_id: &str,
    alias: &str,
    domain: &str,
    via_panel: Option<&str>,
) -> Result<(), AppError> {
    let payload = Payload { admin_base_url: None, domain: Some(domain.to_string()) };
    let names = Names { panel_name: via_panel, alias: Some(alias), ..Names::default() };
    append(state, tenant_id, "provider", names, payload).await
}

/// A rename: a new record, so that the history of aliases stays (the old one is never overwritten).
pub async fn record_rename(
    state: &AppState,
    tenant_id: &str,
    previous_alias: &str,
    alias: &str,
    domain: &str,
) -> Result<(), AppError> {
    let payload = Payload { admin_base_url: None, domain: Some(domain.to_string()) };
    let names = Names { alias: Some(alias), previous_alias: Some(previous_alias), ..Names::default() };
    append(state, tenant_id, "provider_renamed", names, payload).await
}

async fn to_dto(state: &AppState, b: backups::Model) -> Result<Backup, AppError> {
    let reveals = backup_reveals::Entity::find()
        .filter(backup_reveals::Column::BackupId.eq(b.id.clone()))
        .count(&state.db)
        .await?;
    Ok(Backup {
        id: b.id,
        tenant_id: b.tenant_id,
        tenant_name: b.tenant_name,
        kind: b.kind,
        panel_name: b.panel_name,
        alias: b.alias,
        previous_alias: b.previous_alias,
        created_at: b.created_at,
        reveals,
    })
}

/// Every backup record (master admin only): names, aliases, tenant and dates — no domains.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<Backup>), (status = 403, body = ApiErrorBody)))]
#[get("/admin/backups")]
async fn list_backups(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<Vec<Backup>>> {
    let rows = backups::Entity::find().order_by_desc(backups::Column::CreatedAt).all(&state.db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(to_dto(&state, row).await?);
    }
    Ok(web::Json(out))
}

/// Reveal a backup's domain or panel URL (master admin only). The reveal is recorded.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("backup_id" = String, Path)), responses(
    (status = 200, body = RevealedBackup), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/admin/backups/{backup_id}/reveal")]
async fn reveal_backup(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
) -> AppResult<web::Json<RevealedBackup>> {
    let row =
        backups::Entity::find_by_id(path.into_inner()).one(&state.db).await?.ok_or(AppError::NotFound("backup"))?;
    let opened = state
        .backup_secrets
        .open(SealScope { tenant: SCOPE_TENANT, table: "backups", row: &row.id }, &row.sealed)
        .map_err(|e| AppError::internal("open backup", e))?;
    let payload: Payload =
        serde_json::from_str(opened.expose()).map_err(|e| AppError::internal("backup payload", e))?;
    let admin_email =
        crate::auth::repo::user_by_id(&state.db, &admin.user_id).await?.map(|u| u.email).unwrap_or_default();
    backup_reveals::ActiveModel {
        id: Set(new_id()),
        backup_id: Set(row.id.clone()),
        admin_user_id: Set(admin.user_id.clone()),
        admin_email: Set(admin_email),
        revealed_at: Set(now()),
    }
    .insert(&state.db)
    .await?;
    tracing::info!(backup_id = %row.id, admin = %admin.user_id, "backup revealed");
    Ok(web::Json(RevealedBackup {
        backup: to_dto(&state, row).await?,
        admin_base_url: payload.admin_base_url,
        domain: payload.domain,
    }))
}

/// Who revealed which backup, and when (master admin only).
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<BackupReveal>), (status = 403, body = ApiErrorBody)))]
#[get("/admin/backup-reveals")]
async fn list_reveals(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<Vec<BackupReveal>>> {
    let rows = backup_reveals::Entity::find().order_by_desc(backup_reveals::Column::RevealedAt).all(&state.db).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| BackupReveal {
                id: r.id,
                backup_id: r.backup_id,
                admin_email: r.admin_email,
                revealed_at: r.revealed_at,
            })
            .collect(),
    ))
}
