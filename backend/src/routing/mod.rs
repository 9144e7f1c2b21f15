//! Routing: destinations (provider groups and numbers), provider routes, service-ID rules per
//! panel, and how an accepted order becomes a grouped message for one destination.
pub mod domain;
pub mod repo;
pub mod routes;
