use actix_web::{get, web};
use sea_orm::{EntityTrait, QueryOrder};
use shared::ApiErrorBody;
use shared::api::TenantSummary;

use crate::auth::MasterAdmin;
use crate::db::entities::{tenants, users};
use crate::error::AppResult;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tenants);
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
            }
        })
        .collect();
    Ok(web::Json(summaries))
}
