//! Customer chats: who may act on which orders. A chat (by its sender) is linked to one panel
//! username per panel — asked for with `link <username>` and approved by the owner — and chats
//! the owner marks as admin chats may act on any order. `inbound::receive` is where every
//! channel (Telegram, WhatsApp) hands over a message: dedupe first, then linking, then the
//! command pipeline.
pub mod domain;
pub mod inbound;
pub mod repo;
pub mod routes;
