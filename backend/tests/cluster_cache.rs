//! Two instances on one PostgreSQL database: a change made through one reaches the other's
//! caches within 2 s (the change feed) — a workspace's settings, and a channel switched off.
mod common;

use std::time::{Duration, Instant};

use common::engine::setup;
use serde_json::json;

#[tokio::test]
async fn a_change_through_one_instance_reaches_the_other_within_two_seconds() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        println!("cluster_cache: several instances need PostgreSQL (TEST_DATABASE_URL is not set)");
        return;
    }
    let s = setup().await;
    let url = s.app.state.config.database_url.expose().to_string();
    let other = common::spawn_app_with(&[("PANELRELAY_DATABASE_URL", url.as_str())]).await;
    let tenant = s.owner.workspace_id.clone().expect("workspace");
    // The other instance has the workspace's configuration cached.
    let before = other.state.engine.config(&tenant).await.expect("config");
    assert_eq!(before.settings.service_rules_mode, "easy");
    // Changed through the first instance.
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["service_rules_mode"] = json!("advanced");
    let changed = Instant::now();
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let seen = loop {
        let now = other.state.engine.config(&tenant).await.expect("config");
        if now.settings.service_rules_mode == "advanced" {
            break changed.elapsed();
        }
        assert!(changed.elapsed() < Duration::from_secs(5), "the other instance still has the old settings");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    println!("a settings change reached the other instance after {} ms", seen.as_millis());
    assert!(seen < Duration::from_secs(2), "{} ms (limit 2 s)", seen.as_millis());
}
