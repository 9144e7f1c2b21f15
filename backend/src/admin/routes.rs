use actix_web::{HttpResponse, delete, get, web};
use sea_orm::{EntityTrait, QueryOrder};
use shared::ApiErrorBody;
use shared::api::TenantSummary;

use crate::auth::MasterAdmin;
use crate::db::entities::{tenants, users};
use crate::error::AppResult;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tenants).service(delete_tenant).configure(super::backups_routes::configure);
}

/// Every workspace on the platform (master admin only).
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = Vec<TenantSummary>), (status = 403, body = ApiErrorBody)))]
#[get("/admin/tenants")]
async fn list_tenants(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<Vec<TenantSummary>>> {
    let rows = tenants::Entity::find().order_by_desc(tenants::Column::CreatedAt).all(&state.db).await?;
    let all_users = users::Entity::find().all(&state.db).await?;
    let summaries = rows
        .into_iter()
        .map(|t| {
            let members: Vec<&users::Model> =
                all_users.iter().filter(|u| u.tenant_id.as_deref() == Some(&t.id)).collect();
            TenantSummary {
                owner_email: members.iter().find(|u| u.role == "owner").map(|u| u.email.clone()),
                members: members.len() as u64,
                id: t.id,
                name: t.name,
                created_at: t.created_at,
                status: t.status,
                sandbox: t.sandbox,
            }
        })
        .collect();
    Ok(web::Json(summaries))
}

/// Delete a workspace and everything in it (master admin only). Backups are kept.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("tenant_id" = String, Path)), responses(
    (status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[delete("/admin/tenants/{tenant_id}")]
async fn delete_tenant(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let result = tenants::Entity::delete_by_id(path.into_inner()).exec(&state.db).await?;
    if result.rows_affected == 0 {
        return Err(crate::error::AppError::NotFound("tenant"));
    }
    Ok(HttpResponse::NoContent().finish())
}
