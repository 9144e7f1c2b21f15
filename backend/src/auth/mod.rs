//! Accounts, sessions and the role extractors that give handlers a verified tenant.
pub mod domain;
pub mod extractors;
pub mod guards;
pub mod passwords;
pub mod repo;
pub mod routes;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use extractors::{Actor, AnyUser, CommandRunner, MasterAdmin, TenantCaller, TenantMember, TenantOwner};
