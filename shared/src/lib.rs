//! Types both sides of PanelRelay use: the JSON shapes of the REST API and its error codes.
//! This crate must stay a client crate: it compiles to `wasm32-unknown-unknown` and pulls in
//! no tokio, sea-orm or actix (checked by `make test`).

pub mod api;
pub mod badges;
pub mod billing;
pub mod channels;
pub mod chats;
pub mod commands;
pub mod dashboard;
pub mod error;
pub mod grammar;
pub mod health;
pub mod panels;
pub mod service_rules;
pub mod support;
pub mod templates;
pub mod tickets;

pub use error::{ApiErrorBody, ErrorCode};
