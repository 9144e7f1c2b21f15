//! Several `panelrelay serve` processes on one database. `leases`: named leases (one poller per
//! channel), renewed by their holder and taken over only after they lapsed. `changes`: the change
//! feed that tells every instance to drop what it cached when another instance changed it.
//! (Queued work has its own claims: inbox items carry a lease the holder's heartbeat extends,
//! outbox sends are claimed in one statement, and the scheduler's jobs lease their own rows.)
pub mod changes;
pub mod leases;

use std::sync::atomic::{AtomicU64, Ordering};

/// Leases this process took over from a holder that had stopped renewing them (for `/metrics`).
pub static LEASE_TAKEOVERS: AtomicU64 = AtomicU64::new(0);

pub fn takeovers() -> u64 {
    LEASE_TAKEOVERS.load(Ordering::Relaxed)
}
