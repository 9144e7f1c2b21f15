pub mod admin_tenants;
pub mod api_keys;
pub mod auth;
pub mod dashboard;
pub mod team;
