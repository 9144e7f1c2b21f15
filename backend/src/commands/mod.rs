//! The command engine: from a customer's text to one clean message in the right provider group.
//! Decisions are pure functions in `domain` (and `replies`, `routing`); IO lives in `pipeline`
//! (panel lookups, the transaction that logs, claims cooldowns and queues the outbox) and in
//! `outbox` (the worker that sends through a `Sender`).
pub mod cache;
pub mod domain;
pub mod outbox;
pub mod pipeline;
pub mod replies;
pub mod repo;
pub mod routes;
pub mod routing;
pub mod sender;
pub mod service_routes;
