//! An anonymous flood against a running server process: 500 parallel invite acceptances with
//! bogus tokens and 200 parallel sign-ups, while the process's memory and `/api/health` are
//! sampled from a thread of their own. Shared by the real-process test and `bench-flood`.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

pub struct Figures {
    pub peak_rss_mb: u64,
    pub health_ms: Vec<f64>,
    pub statuses: Vec<u16>,
    pub wall_ms: u128,
    pub server_cpu_ms: u64,
}

impl Figures {
    pub fn slowest_health_ms(&self) -> f64 {
        self.health_ms.iter().copied().fold(0.0, f64::max)
    }
    pub fn count(&self, status: u16) -> usize {
        self.statuses.iter().filter(|s| **s == status).count()
    }
}

pub fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// User plus system CPU time of a process, in ms (clock ticks of 10 ms).
pub fn cpu_ms(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    fields.get(11..13).map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum::<u64>()).unwrap_or(0) * 10
}

/// Waits until `/api/health` answers.
pub async fn wait_healthy(base: &str) -> bool {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client.get(format!("{base}/api/health")).send().await.is_ok_and(|r| r.status().is_success()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

pub async fn flood(base: &str, pid: u32) -> Figures {
    let (cpu_before, started) = (cpu_ms(pid), Instant::now());
    let done = Arc::new(AtomicBool::new(false));
    // The probe runs on its own thread and runtime, so the flood's client tasks in this process
    // do not delay its measurements.
    let probe = {
        let (done, base) = (done.clone(), base.to_string());
        std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return (0, Vec::new());
            };
            rt.block_on(async move {
                let client = reqwest::Client::new();
                let (mut peak, mut latencies) = (0u64, Vec::new());
                while !done.load(Ordering::SeqCst) {
                    peak = peak.max(rss_kb(pid));
                    let at = Instant::now();
                    let ok =
                        client.get(format!("{base}/api/health")).send().await.is_ok_and(|r| r.status().is_success());
                    latencies.push(if ok { at.elapsed().as_secs_f64() * 1000.0 } else { f64::INFINITY });
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                (peak, latencies)
            })
        })
    };
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap_or_default();
    let password = "a perfectly strong passphrase 7";
    let accepts = (0..500).map(|n| {
        let req = client
            .post(format!("{base}/api/invites/accept"))
            .json(&json!({"token": format!("bogus-{n}"), "password": password}));
        tokio::spawn(async move { req.send().await.map(|r| r.status().as_u16()).unwrap_or(0) })
    });
    let signups = (0..200).map(|n| {
        let req = client.post(format!("{base}/api/auth/signup")).json(&json!({
            "email": format!("flood{n}@flood.test"), "password": password, "workspace_name": format!("Flood {n}")}));
        tokio::spawn(async move { req.send().await.map(|r| r.status().as_u16()).unwrap_or(0) })
    });
    let handles: Vec<_> = accepts.chain(signups).collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.unwrap_or(0));
    }
    let (wall_ms, server_cpu_ms) = (started.elapsed().as_millis(), cpu_ms(pid).saturating_sub(cpu_before));
    // Memory is what the process keeps, not only its peak: sample once more after the flood.
    tokio::time::sleep(Duration::from_millis(300)).await;
    done.store(true, Ordering::SeqCst);
    let (peak, health_ms) = probe.join().unwrap_or((0, Vec::new()));
    Figures { peak_rss_mb: peak.max(rss_kb(pid)) / 1024, health_ms, statuses, wall_ms, server_cpu_ms }
}
