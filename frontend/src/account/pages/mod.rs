pub mod billing;
pub mod support;
