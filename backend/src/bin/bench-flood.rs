//! The anonymous-flood figures of a release build: `panelrelay serve` (the binary next to this
//! one) on a fresh SQLite folder, 500 parallel bogus invite acceptances and 200 parallel sign-ups,
//! with the default limits and with them lifted. Prints peak memory and `/api/health` latency
//! under the flood against the idle latency measured first in the same run.
//! `cargo build --release -p backend --bins && target/release/bench-flood`
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{BenchResult, flood, temp_dir};

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn run(label: &str, extra: &[(&str, &str)]) -> BenchResult<()> {
    let exe = std::env::current_exe()?.with_file_name("panelrelay");
    let dir = temp_dir(label);
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cmd = Command::new(exe);
    cmd.arg("serve")
        .env("PANELRELAY_LISTEN", format!("127.0.0.1:{port}"))
        .env("PANELRELAY_DATA_DIR", &dir)
        .env("PANELRELAY_ADMIN_PASSWORD", "bench-admin-password-77")
        .env("PANELRELAY_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let child = Child(cmd.spawn()?);
    if !flood::wait_healthy(&base).await {
        return Err("the server did not start".into());
    }
    let client = reqwest::Client::new();
    let mut idle = Vec::new();
    for _ in 0..50 {
        let at = Instant::now();
        client.get(format!("{base}/api/health")).send().await?;
        idle.push(at.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    idle.sort_by(f64::total_cmp);
    let idle_rss = flood::rss_kb(child.0.id()) / 1024;
    let f = flood::flood(&base, child.0.id()).await;
    let mut busy = f.health_ms.clone();
    busy.sort_by(f64::total_cmp);
    println!("bench-flood, {label}: 500 bogus invite acceptances + 200 sign-ups, all at once");
    println!("  idle:  RSS {idle_rss} MB; /api/health p50 {:.2} ms  p99 {:.2} ms", pct(&idle, 0.5), pct(&idle, 0.99));
    println!(
        "  flood: {} ms wall, server CPU {} ms; peak RSS {} MB; /api/health p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms ({} probes); ratio p99/idle p99 {:.1}x",
        f.wall_ms,
        f.server_cpu_ms,
        f.peak_rss_mb,
        pct(&busy, 0.5),
        pct(&busy, 0.99),
        f.slowest_health_ms(),
        busy.len(),
        pct(&busy, 0.99) / pct(&idle, 0.99).max(0.001)
    );
    println!(
        "  answers: {} created, {} not found, {} limited (429), {} busy (503)",
        f.count(201),
        f.count(404),
        f.count(429),
        f.count(503)
    );
    println!("  targets: peak RSS < 250 MB and /api/health < 50 ms throughout");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    run("default limits", &[]).await?;
    run(
        "limits lifted",
        &[("PANELRELAY_SIGNUPS_PER_HOUR", "100000"), ("PANELRELAY_INVITE_ATTEMPTS_PER_HOUR", "100000")],
    )
    .await
}
