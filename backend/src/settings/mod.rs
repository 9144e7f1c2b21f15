//! Settings: the command engine's settings (cooldowns, rules, words, destinations of last resort)
//! and the customer reply templates.
pub mod domain;
pub mod repo;
pub mod routes;
