//! What stands between an anonymous caller and expensive work: per-address and per-account rate
//! limits, and the bounded password-hashing queue.
use std::time::{Duration, Instant};

use super::passwords::PasswordHasherPool;
use super::throttle::RateLimiter;
use crate::config::Config;
use crate::error::AppError;

#[derive(Debug)]
pub struct AuthGuards {
    /// Sign-in attempts per account and per client address (a successful one is given back).
    pub logins: RateLimiter,
    /// Sign-ups per client address.
    pub signups: RateLimiter,
    /// Invite acceptances per client address, right or wrong.
    pub invites: RateLimiter,
    /// Sandbox visits per client address.
    pub sandbox_visits: RateLimiter,
    pub passwords: PasswordHasherPool,
}

const HOUR: Duration = Duration::from_secs(3600);

impl AuthGuards {
    pub fn new(config: &Config) -> Self {
        Self {
            logins: RateLimiter::per_minute(config.login_attempts_per_minute),
            signups: RateLimiter::new(config.signups_per_hour, HOUR),
            invites: RateLimiter::new(config.invite_attempts_per_hour, HOUR),
            sandbox_visits: RateLimiter::new(30, HOUR),
            passwords: PasswordHasherPool::default(),
        }
    }
}

/// Takes one attempt from `limiter` for `keys`, or answers 429 saying what was limited.
pub fn take_attempt(limiter: &RateLimiter, keys: &[String], what: &str) -> Result<Instant, AppError> {
    let now = Instant::now();
    limiter.try_acquire(keys, now).map(|()| now).map_err(|retry_after_secs| AppError::TooManyRequests {
        message: format!("too many {what}; try again in {retry_after_secs} seconds"),
        retry_after_secs,
    })
}
