pub mod api_keys;
pub mod invites;
pub mod refresh_tokens;
pub mod tenant_secrets;
pub mod tenants;
pub mod users;
