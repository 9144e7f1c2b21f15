//! The command engine: from a customer's text to one clean message in the right provider group.
//! Decisions are pure functions in `domain` (and `replies`, `routing`); IO lives in `pipeline`
//! (panel lookups, checks), `commit` (the transaction that claims cooldowns, logs and queues the
//! outbox) and `outbox` (the worker that sends through a `Sender`).
pub mod cache;
mod commit;
pub mod domain;
pub mod outbox;
pub mod pipeline;
pub mod replies;
pub mod repo;
pub mod routes;
pub mod sender;
pub mod service_routes;
