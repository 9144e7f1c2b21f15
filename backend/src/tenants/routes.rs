//! The workspace, its team (staff and invites) and its integrator API keys.
use actix_web::{HttpResponse, delete, get, post, web};
use shared::ApiErrorBody;
use shared::api::{
    ApiKey, CreateApiKeyRequest, CreatedApiKey, CreatedInvite, Invite, InviteRequest, Member, Workspace,
};

use super::{api_keys, repo};
use crate::auth::domain::{clean_name, looks_like_email, normalize_email};
use crate::auth::{TenantMember, TenantOwner};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_workspace)
        .service(list_members)
        .service(remove_member)
        .service(list_invites)
        .service(create_invite)
        .service(delete_invite)
        .service(list_api_keys)
        .service(create_api_key)
        .service(revoke_api_key);
}

/// The caller's workspace (works with an integrator API key too).
#[utoipa::path(tag = "workspace", security(("bearer" = [])), responses((status = 200, body = Workspace), (status = 401, body = ApiErrorBody)))]
#[get("/workspace")]
async fn get_workspace(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Workspace>> {
    repo::workspace(&state.db, &member.tenant_id).await?.map(web::Json).ok_or(AppError::NotFound("workspace"))
}

/// The workspace's owner and staff.
#[utoipa::path(tag = "team", security(("bearer" = [])), responses((status = 200, body = Vec<Member>)))]
#[get("/team/members")]
async fn list_members(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Member>>> {
    Ok(web::Json(repo::members(&state.db, &member.tenant_id).await?))
}

/// Remove a staff member (owner only). Their sessions end at once.
#[utoipa::path(tag = "team", security(("bearer" = [])), params(("member_id" = String, Path)), responses(
    (status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[delete("/team/members/{member_id}")]
async fn remove_member(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    repo::remove_staff(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Pending and used staff invites (owner only).
#[utoipa::path(tag = "team", security(("bearer" = [])), responses((status = 200, body = Vec<Invite>), (status = 403, body = ApiErrorBody)))]
#[get("/team/invites")]
async fn list_invites(state: web::Data<AppState>, owner: TenantOwner) -> AppResult<web::Json<Vec<Invite>>> {
    Ok(web::Json(repo::invites(&state.db, &owner.tenant_id).await?))
}

/// Invite a staff member by email. The link carries a one-time token, shown only in this response.
/// The answer is the same whether or not the email already has an account.
#[utoipa::path(tag = "team", security(("bearer" = [])), request_body = InviteRequest, responses(
    (status = 201, body = CreatedInvite), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/team/invites")]
async fn create_invite(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<InviteRequest>,
) -> AppResult<HttpResponse> {
    let email = normalize_email(&body.email);
    if !looks_like_email(&email) {
        return Err(AppError::BadRequest("enter a valid email address".into()));
    }
    // No "this email already has an account" here: any owner could probe which emails (the
    // master admin's, a competitor's) have accounts. An invite to such an email is created like
    // any other; accepting it answers that it can no longer be used.
    let token = crate::secrets::random_token(32);
    let invite = repo::create_invite(&state.db, &owner.tenant_id, &email, &token).await?;
    let invite_link = format!("/accept-invite?token={token}");
    Ok(HttpResponse::Created().json(CreatedInvite { invite, invite_link, token }))
}

/// Withdraw an invite (owner only).
#[utoipa::path(tag = "team", security(("bearer" = [])), params(("invite_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/team/invites/{invite_id}")]
async fn delete_invite(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    repo::delete_invite(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The workspace's integrator API keys (owner only); keys themselves are never shown again.
#[utoipa::path(tag = "api-keys", security(("bearer" = [])), responses((status = 200, body = Vec<ApiKey>), (status = 403, body = ApiErrorBody)))]
#[get("/api-keys")]
async fn list_api_keys(state: web::Data<AppState>, owner: TenantOwner) -> AppResult<web::Json<Vec<ApiKey>>> {
    Ok(web::Json(repo::api_keys(&state.db, &owner.tenant_id).await?))
}

/// Create an API key for integrators. The key is in this response only.
#[utoipa::path(tag = "api-keys", security(("bearer" = [])), request_body = CreateApiKeyRequest, responses(
    (status = 201, body = CreatedApiKey), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
#[post("/api-keys")]
async fn create_api_key(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CreateApiKeyRequest>,
) -> AppResult<HttpResponse> {
    let module = crate::billing::Need::Module(shared::billing::Module::IntegratorApi);
    state.engine.billing.require(&state.db, &owner.tenant_id, module).await?;
    let name = clean_name(&body.name, "key name").map_err(AppError::BadRequest)?;
    let key = api_keys::new_api_key();
    let api_key = repo::create_api_key(&state.db, &owner.tenant_id, &name, &key).await?;
    Ok(HttpResponse::Created().json(CreatedApiKey { api_key, key }))
}

/// Revoke an API key; it stops working at once.
#[utoipa::path(tag = "api-keys", security(("bearer" = [])), params(("key_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/api-keys/{key_id}")]
async fn revoke_api_key(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    repo::revoke_api_key(&state.db, &owner.tenant_id, &path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
