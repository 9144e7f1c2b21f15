//! The platform's master admin: customers (list, delete, view as), platform texts and hidden
//! backups. Billing's admin routes are in `billing`, support's in `support`.
pub mod backups_routes;
pub mod customers;
pub mod platform_routes;
pub mod routes;
pub mod seed;
