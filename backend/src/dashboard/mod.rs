//! The dashboard: the setup checklist read from live state and the workspace's figures.
pub mod repo;
pub mod routes;
