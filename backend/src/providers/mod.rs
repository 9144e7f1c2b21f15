//! Providers: what the panel reports in an order's `provider` field. Their domains are
//! write-only for tenants — sealed, looked up by a keyed hash, shown only as aliases.
pub mod domain;
pub mod repo;
pub mod routes;
pub mod service;
