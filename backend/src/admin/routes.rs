use actix_web::{HttpResponse, delete, get, post, web};
use sea_orm::EntityTrait;
use serde::Deserialize;
use shared::ApiErrorBody;
use shared::api::{DeleteWorkspace, TenantSummary, ViewAs};
use shared::billing::Reason;
use shared::billing::SubscriptionStatus;

use crate::auth::MasterAdmin;
use crate::db::entities::tenants;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tenants)
        .service(delete_tenant)
        .service(view_as)
        .configure(super::platform_routes::configure)
        .configure(super::backups_routes::configure);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CustomerFilter {
    /// Part of the workspace name or the owner's email.
    pub q: Option<String>,
    /// A subscription status: `trial`, `active`, `grace`, `expired`, `suspended`, `no_plan`, `unrestricted`.
    pub status: Option<String>,
}

/// Every workspace on the platform with its owner, plan, status, channels and activity
/// (master admin only), searched by name or owner email and filtered by status.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(CustomerFilter), responses(
    (status = 200, body = Vec<TenantSummary>), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
#[get("/admin/tenants")]
async fn list_tenants(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    query: web::Query<CustomerFilter>,
) -> AppResult<web::Json<Vec<TenantSummary>>> {
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            serde_json::from_value::<SubscriptionStatus>(serde_json::Value::String(s.to_string()))
                .map_err(|_| AppError::BadRequest(format!("unknown status {s:?}")))?,
        ),
    };
    let filter = super::customers::Filter { search: query.q.clone(), status };
    Ok(web::Json(super::customers::list(&state.db, &state.engine.billing, &filter).await?))
}

/// Delete a workspace and everything in it (master admin only): its name typed again and a
/// reason (audited). Invoices are kept with the workspace's name; backups are kept.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("tenant_id" = String, Path)), request_body = DeleteWorkspace,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)))]
#[delete("/admin/tenants/{tenant_id}")]
async fn delete_tenant(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<DeleteWorkspace>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let tenant = match id.len() {
        0..=36 => tenants::Entity::find_by_id(id).one(&state.db).await?,
        _ => None,
    }
    .ok_or(AppError::NotFound("tenant"))?;
    if body.confirm_name.trim() != tenant.name {
        return Err(AppError::BadRequest(format!(
            "type the workspace's name exactly (“{}”) to confirm the deletion",
            tenant.name
        )));
    }
    let reason = crate::billing::admin_routes::reason_of(&body.reason)?;
    crate::billing::admin_routes::audit(
        &state,
        &admin,
        "workspace_deleted",
        Some(&tenant.id),
        tenant.name.clone(),
        Some(reason),
    )
    .await?;
    let tid = tenant.id.clone();
    state.db.write(async |c| Ok(tenants::Entity::delete_by_id(tid).exec(c).await?)).await?;
    state.engine.billing.forget(Some(&tenant.id));
    state.channels.webhooks.invalidate();
    state.channels.changed.notify_one();
    Ok(HttpResponse::NoContent().finish())
}

/// Look at a workspace as its staff would, read-only, for a reason (audited). The answer's token
/// reads the workspace's pages for the access-token lifetime and cannot change anything.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("tenant_id" = String, Path)), request_body = Reason,
    responses((status = 200, body = ViewAs), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)))]
#[post("/admin/tenants/{tenant_id}/view-as")]
async fn view_as(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<Reason>,
) -> AppResult<web::Json<ViewAs>> {
    let reason = crate::billing::admin_routes::reason_of(&body.reason)?;
    let id = path.into_inner();
    let tenant = match id.len() {
        0..=36 => tenants::Entity::find_by_id(id).one(&state.db).await?,
        _ => None,
    }
    .ok_or(AppError::NotFound("tenant"))?;
    crate::billing::admin_routes::audit(&state, &admin, "view_as", Some(&tenant.id), tenant.name.clone(), Some(reason))
        .await?;
    let admin_id = admin.user_id.clone();
    let session = state.db.write(async |c| crate::auth::sessions::start(c, &admin_id).await).await?;
    let ttl = state.config.access_token_ttl_secs;
    let purpose = format!("{}{}", crate::auth::tokens::VIEW_PREFIX, tenant.id);
    let access_token =
        state.tokens.issue(&admin.user_id, &session, &purpose, ttl).map_err(|e| AppError::internal("jwt", e))?;
    Ok(web::Json(ViewAs { access_token, expires_in: ttl, workspace_name: tenant.name }))
}
