//! Per-chat, per-group and per-account send limits, shared by every sender of one server.
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

fn quota(per_second: u32) -> Quota {
    Quota::per_second(NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN))
}

pub struct Limits {
    /// Telegram: about 1 message per second per chat.
    pub(super) per_chat: DefaultKeyedRateLimiter<String>,
    /// Telegram: at most 20 per minute per group.
    pub(super) per_group: DefaultKeyedRateLimiter<String>,
    /// Telegram: about 30 per second per bot; Green API: 50 sendMessage per second per instance.
    pub(super) per_account: DefaultKeyedRateLimiter<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_chat: RateLimiter::keyed(quota(1)),
            per_group: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN))
                    .allow_burst(NonZeroU32::new(3).unwrap_or(NonZeroU32::MIN)),
            ),
            per_account: RateLimiter::keyed(quota(30)),
        }
    }
}
