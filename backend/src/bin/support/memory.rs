//! The memory measurement of `bench-channels`: a separate `panelrelay serve` process (the binary
//! next to the bench) on a data folder, and its resident memory once it settled.
use std::time::{Duration, Instant};

use super::BenchResult;
use super::channels::free_port;

pub fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Starts `panelrelay serve` on `dir` and returns its RSS after it settled.
pub async fn server_rss(dir: &std::path::Path, settle: impl Fn() -> bool) -> BenchResult<u64> {
    let bin = std::env::current_exe()?.with_file_name("panelrelay");
    if !bin.exists() {
        return Err("build the server first: cargo build --release -p backend --bins (make bench-channels does)".into());
    }
    let port = free_port()?;
    let mut child = tokio::process::Command::new(bin)
        .arg("serve")
        .env("PANELRELAY_DATA_DIR", dir)
        .env("PANELRELAY_LISTEN", format!("127.0.0.1:{port}"))
        .env("PANELRELAY_ADMIN_PASSWORD", "bench-admin-password")
        .env("PANELRELAY_POLL_TIMEOUT_SECS", "10")
        // The fake Bot API listens on 127.0.0.1.
        .env("PANELRELAY_ALLOW_PRIVATE_URLS", "true")
        .env("PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS", "true")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let pid = child.id().ok_or("no child pid")?;
    let started = Instant::now();
    while !settle() && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let rss = rss_kb(pid);
    child.kill().await?;
    Ok(rss)
}
