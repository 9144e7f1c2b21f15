//! Workspaces: members, staff invites, integrator API keys and sealed tenant settings.
pub mod api_keys;
pub mod repo;
pub mod routes;
