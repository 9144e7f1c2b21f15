//! The master admin's runtime health: instances with their heartbeat, the queues, what is in
//! error across workspaces, and the database. Only the master admin reads it.
mod common;

use common::engine::setup;
use serde_json::json;

#[tokio::test]
async fn the_platform_health_lists_instances_queues_problems_and_the_database() {
    let s = setup().await;
    let admin = s.app.admin().await;
    // A panel whose ticket reading fails shows up with its workspace and the reason in words.
    s.fake.set_quirks(|q| q.server_error = true);
    let body = json!({"enabled": true, "interval_secs": 60, "since": "2026-01-01T00:00:00Z", "reply_enabled": false,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    let r = s.app.call("PUT", &format!("/api/tickets/panels/{}", s.panel_id), Some(&s.owner.access), Some(body)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = s.app.post(&format!("/api/tickets/panels/{}/run", s.panel_id), Some(&s.owner.access), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);

    let mut health = json!(null);
    for _ in 0..50 {
        health = s.app.get("/api/admin/health", Some(&admin.access)).await.body;
        if health["instances"].as_array().is_some_and(|i| !i.is_empty()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let me = &health["instances"][0];
    assert_eq!(me["id"], s.app.state.engine.instance_id.as_str(), "{health}");
    assert_eq!(me["alive"], true);
    assert_eq!(me["version"], env!("CARGO_PKG_VERSION"));
    let queues: Vec<&str> =
        health["queues"].as_array().expect("queues").iter().filter_map(|q| q["queue"].as_str()).collect();
    assert_eq!(queues, ["inbox", "outbox"]);
    let problem =
        health["problems"].as_array().and_then(|p| p.iter().find(|p| p["kind"] == "tickets")).expect("problem");
    assert_eq!(problem["workspace_name"], "Commands");
    assert_eq!(problem["name"], "Main");
    assert!(problem["reason"].as_str().is_some_and(|r| r.contains("internal error")), "{problem}");
    assert_eq!(health["database"]["engine"], common::engine());
    assert!(health["database"]["migrations_applied"].as_i64().is_some_and(|n| n >= 14), "{health}");
    assert!(health["database"]["size_bytes"].as_i64().is_some_and(|n| n > 0), "{health}");

    let r = s.app.get("/api/admin/health", Some(&s.owner.access)).await;
    assert_eq!(r.status, 403, "{}", r.text);
}
