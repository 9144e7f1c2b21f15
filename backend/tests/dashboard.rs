//! The dashboard: the setup checklist ticks from live state, and the figures count what happened.
mod common;

use common::engine::{command, setup};
use common::spawn_app;

fn steps(body: &serde_json::Value) -> Vec<(String, bool)> {
    body["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .map(|s| (s["key"].as_str().unwrap_or("").to_string(), s["done"].as_bool().unwrap_or(false)))
        .collect()
}

#[tokio::test]
async fn a_new_workspace_starts_with_every_step_open_and_no_figures() {
    let app = spawn_app().await;
    let owner = app.signup("dash-new@b.co", "Fresh").await;
    let r = app.get("/api/dashboard", Some(&owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let keys: Vec<(String, bool)> = steps(&r.body);
    assert_eq!(
        keys,
        ["panel", "channel", "routes", "customer", "test"].iter().map(|k| (k.to_string(), false)).collect::<Vec<_>>()
    );
    assert_eq!(r.body["today"]["commands"], 0);
    assert_eq!(r.body["days"].as_array().map(Vec::len), Some(7));
    assert_eq!(r.body["busiest_providers"], serde_json::json!([]));
}

#[tokio::test]
async fn steps_tick_and_figures_count_from_live_state() {
    let s = setup().await;
    command(&s, "2274209, 2274210 refill", "mira_boost").await;
    command(&s, "2274218 refill", "mira_boost").await; // another customer's order
    let r = s.app.get("/api/dashboard", Some(&s.owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let done: Vec<(String, bool)> = steps(&r.body);
    assert!(done.contains(&("panel".into(), true)), "the tested panel: {done:?}");
    assert!(done.contains(&("routes".into(), true)), "destinations and routes: {done:?}");
    assert!(done.contains(&("test".into(), true)), "{done:?}");
    assert!(done.contains(&("channel".into(), false)) && done.contains(&("customer".into(), false)), "{done:?}");
    let today = &r.body["today"];
    assert_eq!(today["commands"], 2, "{today}");
    let outcomes = today["by_outcome"].to_string();
    assert!(outcomes.contains("accepted") && outcomes.contains("not_your_order"), "{outcomes}");
    assert_eq!(today["dispatches_waiting"], 1, "one message to the provider group, not sent yet: {today}");
    assert_eq!(r.body["week"]["commands"], 2);
    let last = &r.body["days"][6];
    assert_eq!((last["sent"].as_u64(), last["other"].as_u64()), (Some(1), Some(1)), "{last}");
    assert_eq!(r.body["busiest_providers"][0]["alias"], "Provider 1", "aliases only: {}", r.text);
    assert!(r.body["queue_length"].as_u64().is_some_and(|n| n >= 1));
    // Another workspace sees its own, empty figures.
    let other = s.app.signup("dash-other@b.co", "Other").await;
    let theirs = s.app.get("/api/dashboard", Some(&other.access)).await;
    assert_eq!(theirs.body["today"]["commands"], 0);
}
