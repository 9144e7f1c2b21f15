//! What one panel's Admin API calls looked like lately, for the workspace's Health page: the
//! last good call, calls and failures per minute over the last hour, the last error in plain
//! words, and the busiest second of the last minute against the panel's request budget. Kept in
//! memory by the instance that made the calls.
use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

#[derive(Default)]
pub struct CallStats(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    last_ok_at: Option<DateTime<Utc>>,
    last_error: Option<(String, DateTime<Utc>)>,
    /// (minute, calls, errors), oldest first, the last 60 minutes.
    minutes: VecDeque<(i64, u64, u64)>,
    /// (second, calls), oldest first, the last 60 seconds.
    seconds: VecDeque<(i64, u32)>,
}

/// A copy for a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSnapshot {
    pub last_ok_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub calls_last_hour: u64,
    pub errors_last_hour: u64,
    pub busiest_second: u32,
}

impl CallStats {
    pub fn record(&self, at: DateTime<Utc>, error: Option<String>) {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (minute, second) = (at.timestamp() / 60, at.timestamp());
        let failed = u64::from(error.is_some());
        match error {
            None => s.last_ok_at = Some(at),
            Some(e) => s.last_error = Some((e, at)),
        }
        match s.minutes.back_mut() {
            Some(m) if m.0 == minute => {
                m.1 += 1;
                m.2 += failed;
            }
            _ => s.minutes.push_back((minute, 1, failed)),
        }
        match s.seconds.back_mut() {
            Some(x) if x.0 == second => x.1 += 1,
            _ => s.seconds.push_back((second, 1)),
        }
        while s.minutes.front().is_some_and(|m| m.0 <= minute - 60) {
            s.minutes.pop_front();
        }
        while s.seconds.front().is_some_and(|x| x.0 <= second - 60) {
            s.seconds.pop_front();
        }
    }

    pub fn snapshot(&self, now: DateTime<Utc>) -> CallSnapshot {
        let s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (minute, second) = (now.timestamp() / 60, now.timestamp());
        let recent = s.minutes.iter().filter(|m| m.0 > minute - 60);
        CallSnapshot {
            last_ok_at: s.last_ok_at,
            last_error: s.last_error.as_ref().map(|e| e.0.clone()),
            last_error_at: s.last_error.as_ref().map(|e| e.1),
            calls_last_hour: recent.clone().map(|m| m.1).sum(),
            errors_last_hour: recent.map(|m| m.2).sum(),
            busiest_second: s.seconds.iter().filter(|x| x.0 > second - 60).map(|x| x.1).max().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_last_hour_and_the_busiest_second() {
        let stats = CallStats::default();
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).expect("a valid time");
        stats.record(t0, None);
        stats.record(t0, Some("the panel did not answer in time".into()));
        stats.record(t0 + chrono::Duration::seconds(1), None);
        let now = t0 + chrono::Duration::seconds(2);
        let s = stats.snapshot(now);
        assert_eq!((s.calls_last_hour, s.errors_last_hour, s.busiest_second), (3, 1, 2));
        assert_eq!(s.last_error.as_deref(), Some("the panel did not answer in time"));
        let later = stats.snapshot(t0 + chrono::Duration::minutes(61));
        assert_eq!((later.calls_last_hour, later.busiest_second), (0, 0), "an hour later nothing is counted");
        assert_eq!(later.last_ok_at, Some(t0 + chrono::Duration::seconds(1)), "the last good call stays known");
    }
}
