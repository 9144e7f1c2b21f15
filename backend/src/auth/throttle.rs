//! Sliding-window rate limits keyed by strings (an account, a client address). Checking and
//! recording are one step under one lock: an attempt over the limit is refused before any work
//! is done for it, and many simultaneous attempts cannot all pass a check made before any of
//! them was recorded.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<String, Vec<Instant>>>,
}

/// Bound memory under a spraying attack: past this many keys, windows that have passed are forgotten.
const MAX_KEYS: usize = 100_000;

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit: limit.max(1) as usize, window, hits: Mutex::new(HashMap::new()) }
    }

    pub fn per_minute(limit: u32) -> Self {
        Self::new(limit, Duration::from_secs(60))
    }

    /// Takes one attempt for every key, or none: `Err(seconds to wait)` when any key has used up
    /// its attempts in the window.
    pub fn try_acquire(&self, keys: &[String], now: Instant) -> Result<(), u64> {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let window = self.window;
        let mut wait = None;
        for key in keys {
            let Some(list) = map.get_mut(key) else { continue };
            list.retain(|t| now.duration_since(*t) < window);
            if list.len() >= self.limit {
                let oldest = list.first().copied().unwrap_or(now);
                let secs = (window.saturating_sub(now.duration_since(oldest))).as_secs().max(1);
                wait = Some(wait.map_or(secs, |w: u64| w.max(secs)));
            }
        }
        if let Some(secs) = wait {
            return Err(secs);
        }
        if map.len() > MAX_KEYS {
            map.retain(|_, list| list.iter().any(|t| now.duration_since(*t) < window));
        }
        for key in keys {
            map.entry(key.clone()).or_default().push(now);
        }
        Ok(())
    }

    /// Gives back the attempt taken at `at` (a sign-in that succeeded does not count as a failure).
    pub fn release(&self, keys: &[String], at: Instant) {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            if let Some(list) = map.get_mut(key)
                && let Some(pos) = list.iter().rposition(|t| *t == at)
            {
                list.remove(pos);
            }
        }
    }

    pub fn clear(&self, key: &str) {
        self.hits.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Duration = Duration::from_secs(60);

    #[test]
    fn the_sixth_attempt_within_a_minute_is_refused_and_the_window_slides() {
        let t = RateLimiter::per_minute(5);
        let keys = vec!["acct:a".to_string(), "ip:1".to_string()];
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(t.try_acquire(&keys, start), Ok(()));
        }
        assert!(t.try_acquire(&keys, start).is_err());
        assert!(t.try_acquire(&["ip:1".to_string()], start).is_err());
        assert_eq!(t.try_acquire(&["acct:b".to_string()], start), Ok(()));
        assert_eq!(t.try_acquire(&keys, start + WINDOW), Ok(()));
    }

    #[test]
    fn a_refused_attempt_takes_nothing_and_a_released_one_is_given_back() {
        let t = RateLimiter::per_minute(2);
        let (a, b) = (vec!["a".to_string()], vec!["a".to_string(), "b".to_string()]);
        let now = Instant::now();
        t.try_acquire(&a, now).expect("first");
        t.try_acquire(&a, now).expect("second");
        // "a" is full: the pair is refused and "b" is not charged for it.
        assert!(t.try_acquire(&b, now).is_err());
        assert_eq!(t.try_acquire(&["b".to_string()], now), Ok(()));
        t.release(&a, now);
        assert_eq!(t.try_acquire(&a, now), Ok(()));
    }

    #[test]
    fn many_threads_at_once_get_exactly_the_limit() {
        let t = std::sync::Arc::new(RateLimiter::per_minute(5));
        let now = Instant::now();
        let passed: usize = (0..60)
            .map(|_| {
                let t = t.clone();
                std::thread::spawn(move || t.try_acquire(&["acct:x".to_string()], now).is_ok() as usize)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap_or(0))
            .sum();
        assert_eq!(passed, 5);
    }
}
