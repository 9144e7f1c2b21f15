//! The master admin's view of the hidden backups (`crate::backups`): the list (names, aliases,
//! dates — never a domain) and the reveal, which is itself recorded.
use actix_web::{get, post, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use shared::ApiErrorBody;
use shared::panels::{Backup, BackupReveal, RevealRequest, RevealedBackup};

use crate::auth::MasterAdmin;
use crate::backups::{Payload, SCOPE_TENANT};
use crate::db::entities::{backup_reveals, backups};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::secrets::SealScope;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_backups).service(reveal_backup).service(list_reveals);
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

/// Reveal a backup's domain or panel URL (master admin only). The reveal is recorded with who,
/// when and the reason given (4 to 300 characters).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("backup_id" = String, Path)), request_body = RevealRequest,
    responses((status = 200, body = RevealedBackup), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)))]
#[post("/admin/backups/{backup_id}/reveal")]
async fn reveal_backup(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<RevealRequest>,
) -> AppResult<web::Json<RevealedBackup>> {
    let reason = body.reason.trim().to_string();
    let length = reason.chars().count();
    if !(4..=300).contains(&length) || reason.chars().any(char::is_control) {
        return Err(AppError::BadRequest(
            "say why you open this backup (4 to 300 characters, one line); the reason is recorded with the reveal"
                .into(),
        ));
    }
    let row =
        backups::Entity::find_by_id(path.into_inner()).one(&state.db).await?.ok_or(AppError::NotFound("backup"))?;
    let opened = state
        .vault
        .backups
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
        reason: Set(Some(reason)),
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
    let ids: Vec<String> = rows.iter().map(|r| r.backup_id.clone()).collect();
    let named: std::collections::HashMap<String, backups::Model> = backups::Entity::find()
        .filter(backups::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|b| (b.id.clone(), b))
        .collect();
    Ok(web::Json(
        rows.into_iter()
            .map(|r| {
                let b = named.get(&r.backup_id);
                BackupReveal {
                    id: r.id,
                    admin_email: r.admin_email,
                    revealed_at: r.revealed_at,
                    reason: r.reason,
                    tenant_name: b.map(|b| b.tenant_name.clone()),
                    kind: b.map(|b| b.kind.clone()),
                    panel_name: b.and_then(|b| b.panel_name.clone()),
                    alias: b.and_then(|b| b.alias.clone()),
                    backup_id: r.backup_id,
                }
            })
            .collect(),
    ))
}
