pub mod billing;
pub mod support;
pub mod tickets;
