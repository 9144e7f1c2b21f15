//! The platform's master admin: tenants and (later) plans, invoices and hidden backups.
pub mod backups_routes;
pub mod routes;
pub mod seed;
