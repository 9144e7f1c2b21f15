//! The command engine: from a customer's text to one clean message in the right provider group.
//! Decisions are pure functions in `domain` and `replies` (routing is `crate::routing`); IO lives
//! in `pipeline` (panel lookups, checks) and `commit` (the transaction that claims cooldowns, logs
//! and queues the messages that `crate::dispatch` sends).
pub mod cache;
mod commit;
pub mod domain;
pub mod engine;
pub mod pipeline;
pub mod replies;
pub mod repo;
pub mod routes;
