//! Panel connections: the tenant's panels, their Admin API clients, "Test connection", the
//! service-list sync that discovers providers, and order lookup with providers shown by alias.
pub mod client;
pub mod clients;
pub mod domain;
pub mod repo;
pub mod routes;
pub mod sync;
