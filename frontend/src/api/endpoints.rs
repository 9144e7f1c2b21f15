use shared::api::*;

use super::{ApiError, Method, call, call_empty, to_json};

pub async fn login(req: &LoginRequest) -> Result<Session, ApiError> {
    call(Method::Post, "/api/auth/login", to_json(req)).await
}

pub async fn signup(req: &SignupRequest) -> Result<Session, ApiError> {
    call(Method::Post, "/api/auth/signup", to_json(req)).await
}

pub async fn accept_invite(req: &AcceptInviteRequest) -> Result<Session, ApiError> {
    call(Method::Post, "/api/invites/accept", to_json(req)).await
}

pub async fn logout(refresh_token: &str) -> Result<(), ApiError> {
    call_empty(Method::Post, "/api/auth/logout", to_json(&RefreshRequest { refresh_token: refresh_token.to_string() }))
        .await
}

pub async fn members() -> Result<Vec<Member>, ApiError> {
    call(Method::Get, "/api/team/members", None).await
}

pub async fn remove_member(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/team/members/{id}"), None).await
}

pub async fn invites() -> Result<Vec<Invite>, ApiError> {
    call(Method::Get, "/api/team/invites", None).await
}

pub async fn create_invite(email: &str) -> Result<CreatedInvite, ApiError> {
    call(Method::Post, "/api/team/invites", to_json(&InviteRequest { email: email.to_string() })).await
}

pub async fn delete_invite(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/team/invites/{id}"), None).await
}

pub async fn api_keys() -> Result<Vec<ApiKey>, ApiError> {
    call(Method::Get, "/api/api-keys", None).await
}

pub async fn create_api_key(name: &str) -> Result<CreatedApiKey, ApiError> {
    call(Method::Post, "/api/api-keys", to_json(&CreateApiKeyRequest { name: name.to_string() })).await
}

pub async fn revoke_api_key(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/api-keys/{id}"), None).await
}

pub async fn tenants() -> Result<Vec<TenantSummary>, ApiError> {
    call(Method::Get, "/api/admin/tenants", None).await
}
