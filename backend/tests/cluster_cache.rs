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

#[tokio::test]
async fn a_channel_switched_off_through_one_instance_is_refused_by_the_other_within_two_seconds() {
    use common::channels::{INSTANCE, add_instance};
    use fakes::greenapi::{AuthStyle, FakeGreenApi};
    if std::env::var("TEST_DATABASE_URL").is_err() {
        println!("cluster_cache: several instances need PostgreSQL (TEST_DATABASE_URL is not set)");
        return;
    }
    // Every instance opens the same sealed secrets (the webhook's secret here).
    const KEY: &str = "7d1f0e2d3b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    let app = common::spawn_app_with(&[
        ("PANELRELAY_PUBLIC_URL", "https://relay.example.test"),
        ("PANELRELAY_MASTER_KEY", KEY),
    ])
    .await;
    let s = common::engine::setup_on(app).await;
    let wa = FakeGreenApi::start().expect("fake green api");
    let channel = add_instance(&s, &wa, "webhook").await;
    let id = channel["id"].as_str().expect("channel id").to_string();
    let url = s.app.state.config.database_url.expose().to_string();
    let other =
        common::spawn_app_with(&[("PANELRELAY_DATABASE_URL", url.as_str()), ("PANELRELAY_MASTER_KEY", KEY)]).await;
    let token = wa.settings(INSTANCE)["webhookUrlToken"].as_str().expect("token").to_string();
    let hook = format!("{}/wa/{id}", other.base);
    let note = |n: u32| {
        wa.text_notification(INSTANCE, "79990000001@c.us", "79990000001@c.us", "Mira", &format!("hello {n}"), false)
    };
    // The other instance accepts the channel's webhooks (and now has it cached).
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &note(0)).await, 200);
    // Switched off through the first instance.
    let r = s
        .app
        .call("PATCH", &format!("/api/channels/{id}"), Some(&s.owner.access), Some(json!({"enabled": false})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let off = Instant::now();
    let mut n = 1;
    let refused = loop {
        if wa.post_webhook(&hook, &token, AuthStyle::Bearer, &note(n)).await != 200 {
            break off.elapsed();
        }
        assert!(off.elapsed() < Duration::from_secs(6), "the other instance still accepts the switched-off channel");
        n += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    println!("a channel switched off was refused by the other instance after {} ms", refused.as_millis());
    assert!(refused < Duration::from_secs(2), "{} ms (limit 2 s)", refused.as_millis());
}
