//! The platform's master admin: tenants and (later) plans, invoices and hidden backups.
pub mod backups;
pub mod routes;
pub mod seed;
