//! The owner's logs: every command (with the panel error it met, in plain words), every provider
//! message and its delivery, and the cooldowns in force.
pub mod messages;
pub mod routes;
