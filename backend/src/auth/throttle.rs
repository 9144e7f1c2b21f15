//! Failed-login throttling per account and per client address (a sliding one-minute window).
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct LoginThrottle {
    limit: usize,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginThrottle {
    pub fn new(limit_per_minute: u32) -> Self {
        Self { limit: limit_per_minute as usize, failures: Mutex::new(HashMap::new()) }
    }

    /// Seconds to wait when any of `keys` has used up its failures in the window.
    pub fn retry_after(&self, keys: &[String], now: Instant) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|key| {
                let list = map.get_mut(key)?;
                list.retain(|t| now.duration_since(*t) < WINDOW);
                if list.len() < self.limit {
                    return None;
                }
                let oldest = list.first().copied()?;
                Some((WINDOW - now.duration_since(oldest)).as_secs().max(1))
            })
            .max()
    }

    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a spraying attack: forget windows that have passed.
            map.retain(|_, list| list.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        for key in keys {
            map.entry(key.clone()).or_default().push(now);
        }
    }

    pub fn clear(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_within_a_minute_is_throttled_and_the_window_slides() {
        let t = LoginThrottle::new(5);
        let keys = vec!["acct:a".to_string(), "ip:1".to_string()];
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(t.retry_after(&keys, start), None);
            t.record_failure(&keys, start);
        }
        assert!(t.retry_after(&keys, start).is_some());
        assert!(t.retry_after(&["ip:1".to_string()], start).is_some());
        assert_eq!(t.retry_after(&["acct:b".to_string()], start), None);
        assert_eq!(t.retry_after(&keys, start + WINDOW), None);
    }
}
