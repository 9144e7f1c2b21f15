//! The ticket medium: the panel's own support tickets read as a third intake next to Telegram and
//! WhatsApp (not the SaaS support tickets of `crate::support`). `runner` reads one panel's tickets,
//! `worker` runs every due panel under a lease, `repo` stores settings, rules, fingerprints and the
//! activity log, `routes` is the owner's REST.
pub mod repo;
pub mod routes;
pub mod runner;
pub mod worker;
