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

/// Ends the session; the server finds it by the refresh cookie.
pub async fn logout() -> Result<(), ApiError> {
    call_empty(Method::Post, "/api/auth/logout", to_json(&RefreshRequest { refresh_token: None })).await
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

use shared::panels::*;

pub async fn panels() -> Result<Vec<Panel>, ApiError> {
    call(Method::Get, "/api/panels", None).await
}

pub async fn create_panel(req: &CreatePanel) -> Result<Panel, ApiError> {
    call(Method::Post, "/api/panels", to_json(req)).await
}

pub async fn update_panel(id: &str, req: &UpdatePanel) -> Result<Panel, ApiError> {
    call(Method::Put, &format!("/api/panels/{id}"), to_json(req)).await
}

pub async fn delete_panel(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/panels/{id}"), None).await
}

pub async fn test_panel(id: &str) -> Result<ConnectionTest, ApiError> {
    call(Method::Post, &format!("/api/panels/{id}/test"), Some(serde_json::json!({}))).await
}

pub async fn sync_services(id: &str) -> Result<SyncResult, ApiError> {
    call(Method::Post, &format!("/api/panels/{id}/sync-services"), Some(serde_json::json!({}))).await
}

pub async fn lookup_order(panel_id: &str, order_id: &str) -> Result<OrderLookup, ApiError> {
    let order: String = order_id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    // Never ask for `/api/panels//orders/…` or `/orders/`: say what is missing instead.
    if panel_id.is_empty() {
        return Err(ApiError::plain("Connect a panel first (Panels), then look its orders up."));
    }
    if order.is_empty() {
        return Err(ApiError::plain("Type an order id, e.g. 2274209."));
    }
    call(Method::Get, &format!("/api/panels/{panel_id}/orders/{order}"), None).await
}

pub async fn providers() -> Result<Vec<Provider>, ApiError> {
    call(Method::Get, "/api/providers", None).await
}

pub async fn add_provider(req: &AddProvider) -> Result<Provider, ApiError> {
    call(Method::Post, "/api/providers", to_json(req)).await
}

pub async fn update_provider(id: &str, req: &UpdateProvider) -> Result<Provider, ApiError> {
    call(Method::Patch, &format!("/api/providers/{id}"), to_json(req)).await
}

pub async fn delete_provider(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/providers/{id}"), None).await
}

use shared::commands::*;

pub async fn simulate(req: &SimulateRequest) -> Result<CommandResult, ApiError> {
    call(Method::Post, "/api/commands/simulate", to_json(req)).await
}

pub async fn settings() -> Result<CommandSettings, ApiError> {
    call(Method::Get, "/api/settings", None).await
}

pub async fn save_settings(s: &CommandSettings) -> Result<CommandSettings, ApiError> {
    call(Method::Put, "/api/settings", to_json(s)).await
}

pub async fn templates() -> Result<Templates, ApiError> {
    call(Method::Get, "/api/templates", None).await
}

pub async fn save_templates(t: &Templates) -> Result<Templates, ApiError> {
    call(Method::Put, "/api/templates", to_json(t)).await
}

pub async fn destinations() -> Result<Vec<Destination>, ApiError> {
    call(Method::Get, "/api/destinations", None).await
}

pub async fn create_destination(d: &SaveDestination) -> Result<Destination, ApiError> {
    call(Method::Post, "/api/destinations", to_json(d)).await
}

pub async fn update_destination(id: &str, d: &SaveDestination) -> Result<Destination, ApiError> {
    call(Method::Put, &format!("/api/destinations/{id}"), to_json(d)).await
}

pub async fn delete_destination(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/destinations/{id}"), None).await
}

pub async fn provider_routes() -> Result<Vec<ProviderRoute>, ApiError> {
    call(Method::Get, "/api/routes/providers", None).await
}

pub async fn save_provider_route(provider_id: &str, r: &SaveProviderRoute) -> Result<ProviderRoute, ApiError> {
    call(Method::Put, &format!("/api/routes/providers/{provider_id}"), to_json(r)).await
}

pub async fn service_routes() -> Result<Vec<ServiceRoute>, ApiError> {
    call(Method::Get, "/api/routes/services", None).await
}

pub async fn create_service_route(r: &SaveServiceRoute) -> Result<ServiceRoute, ApiError> {
    call(Method::Post, "/api/routes/services", to_json(r)).await
}

pub async fn update_service_route(id: &str, r: &SaveServiceRoute) -> Result<ServiceRoute, ApiError> {
    call(Method::Put, &format!("/api/routes/services/{id}"), to_json(r)).await
}

pub async fn patch_service_route(id: &str, r: &PatchServiceRoute) -> Result<ServiceRoute, ApiError> {
    call(Method::Patch, &format!("/api/routes/services/{id}"), to_json(r)).await
}

pub async fn delete_service_route(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/routes/services/{id}"), None).await
}

pub async fn services(panel_id: &str) -> Result<Vec<ServiceRuleRow>, ApiError> {
    call(Method::Get, &format!("/api/panels/{panel_id}/services"), None).await
}

pub async fn override_service(
    panel_id: &str,
    service_id: &str,
    o: &ServiceOverride,
) -> Result<ServiceRuleRow, ApiError> {
    call(Method::Put, &format!("/api/panels/{panel_id}/services/{service_id}"), to_json(o)).await
}

pub async fn check_service(c: &ServiceTextCheck) -> Result<ServiceTextResult, ApiError> {
    call(Method::Post, "/api/service-rules/check", to_json(c)).await
}

/// `kind` is `commands`, `messages`, `dispatches`, `tickets` or `cooldowns`; `query` is already URL-encoded.
pub async fn logs<T: serde::de::DeserializeOwned>(kind: &str, query: &str) -> Result<Page<T>, ApiError> {
    call(Method::Get, &format!("/api/logs/{kind}?{query}"), None).await
}

pub async fn links() -> Result<Vec<ChatLink>, ApiError> {
    call(Method::Get, "/api/links", None).await
}

pub async fn add_link(l: &SaveChatLink) -> Result<ChatLink, ApiError> {
    call(Method::Post, "/api/links", to_json(l)).await
}

pub async fn update_link(id: &str, u: &UpdateChatLink) -> Result<ChatLink, ApiError> {
    call(Method::Put, &format!("/api/links/{id}"), to_json(u)).await
}

pub async fn delete_link(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/links/{id}"), None).await
}

pub async fn admin_chats() -> Result<Vec<AdminChat>, ApiError> {
    call(Method::Get, "/api/admin-chats", None).await
}

pub async fn add_admin_chat(c: &SaveAdminChat) -> Result<AdminChat, ApiError> {
    call(Method::Post, "/api/admin-chats", to_json(c)).await
}

pub async fn delete_admin_chat(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/admin-chats/{id}"), None).await
}

// Channels and the sandbox.
use shared::channels::{
    Channel, CheckResult, CreateTelegramChannel, CreateWhatsappChannel, SandboxMessage, SandboxTranscript,
    UpdateChannel,
};

pub async fn channels() -> Result<Vec<Channel>, ApiError> {
    call(Method::Get, "/api/channels", None).await
}

pub async fn create_telegram_channel(req: &CreateTelegramChannel) -> Result<Channel, ApiError> {
    call(Method::Post, "/api/channels/telegram", to_json(req)).await
}

pub async fn create_whatsapp_channel(req: &CreateWhatsappChannel) -> Result<Channel, ApiError> {
    call(Method::Post, "/api/channels/whatsapp", to_json(req)).await
}

pub async fn update_channel(id: &str, req: &UpdateChannel) -> Result<Channel, ApiError> {
    call(Method::Patch, &format!("/api/channels/{id}"), to_json(req)).await
}

pub async fn delete_channel(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/channels/{id}"), None).await
}

pub async fn check_channel(id: &str) -> Result<CheckResult, ApiError> {
    call(Method::Post, &format!("/api/channels/{id}/check"), None).await
}

pub async fn test_destination(id: &str) -> Result<CheckResult, ApiError> {
    call(Method::Post, &format!("/api/destinations/{id}/test"), None).await
}

#[derive(serde::Deserialize)]
pub struct SandboxStatus {
    pub available: bool,
}

pub async fn sandbox_status() -> Result<SandboxStatus, ApiError> {
    call(Method::Get, "/api/sandbox", None).await
}

pub async fn sandbox_session() -> Result<Session, ApiError> {
    call(Method::Post, "/api/sandbox/session", None).await
}

pub async fn sandbox_say(req: &SandboxMessage) -> Result<(), ApiError> {
    call_empty(Method::Post, "/api/sandbox/messages", to_json(req)).await
}

pub async fn sandbox_transcript() -> Result<SandboxTranscript, ApiError> {
    call(Method::Get, "/api/sandbox/transcript", None).await
}

pub async fn dashboard() -> Result<shared::dashboard::Dashboard, ApiError> {
    call(Method::Get, "/api/dashboard", None).await
}

pub async fn sandbox_reset() -> Result<(), ApiError> {
    call_empty(Method::Post, "/api/sandbox/reset", None).await
}

pub async fn workspace_health() -> Result<shared::health::WorkspaceHealth, ApiError> {
    call(Method::Get, "/api/workspace/health", None).await
}
