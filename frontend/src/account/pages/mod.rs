pub mod api_keys;
pub mod billing;
pub mod health;
pub mod support;
pub mod team;
pub mod tickets;
