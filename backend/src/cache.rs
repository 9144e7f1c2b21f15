//! The one cache type: entries live for a fixed time, the map holds at most `capacity` of them
//! (when full, expired entries go first, then everything: a flood of unknown keys cannot grow
//! it), and a poisoned lock is recovered (a cache never takes the server down).
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Arc<Mutex<HashMap<K, (Instant, V)>>>,
}

impl<K, V> Clone for TtlCache<K, V> {
    fn clone(&self) -> Self {
        Self { ttl: self.ttl, capacity: self.capacity, entries: self.entries.clone() }
    }
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self { ttl, capacity: capacity.max(1), entries: Arc::default() }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, (Instant, V)>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value, if stored less than the lifetime ago.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.lock().get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut map = self.lock();
        if map.len() >= self.capacity {
            let ttl = self.ttl;
            map.retain(|_, (at, _)| at.elapsed() < ttl);
            if map.len() >= self.capacity {
                map.clear();
            }
        }
        map.insert(key, (Instant::now(), value));
    }

    /// Stores the value unless a live one is there; `true` when this call stored it (e.g. "was
    /// this chat already asked within the hour?").
    pub fn put_if_absent(&self, key: K, value: V) -> bool {
        if self.lock().get(&key).is_some_and(|(at, _)| at.elapsed() < self.ttl) {
            return false;
        }
        self.put(key, value);
        true
    }

    pub fn remove<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.lock().remove(key);
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::TtlCache;

    #[test]
    fn entries_expire_and_the_map_never_passes_its_capacity() {
        let c = TtlCache::new(Duration::from_millis(30), 3);
        c.put("a", 1);
        assert_eq!(c.get("a"), Some(1));
        assert!(!c.put_if_absent("a", 2), "a live entry stays");
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get("a"), None, "expired");
        assert!(c.put_if_absent("a", 3), "an expired entry is replaced");
        for k in ["b", "c", "d", "e"] {
            c.put(k, 0);
            assert!(c.len() <= 3);
        }
        c.remove("e");
        assert_eq!(c.get("e"), None);
        c.clear();
        assert!(c.is_empty());
    }
}
