//! `/metrics`: hidden (404) unless a token is configured and presented; then Prometheus text
//! with platform-wide figures read from the database, naming no workspace.
mod common;

use common::engine::{command, setup_on};
use common::spawn_app_with;

const TOKEN: &str = "scrape-token-0123456789abcdef";

async fn scrape(app: &common::TestApp, token: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(format!("{}/metrics", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("scrape");
    (resp.status().as_u16(), resp.text().await.unwrap_or_default())
}

#[tokio::test]
async fn metrics_are_hidden_without_a_token_and_report_commands_and_queues_with_one() {
    let plain = common::spawn_app().await;
    assert_eq!(scrape(&plain, Some(TOKEN)).await.0, 404, "no token configured: no such page");

    let s = setup_on(spawn_app_with(&[("PANELRELAY_METRICS_TOKEN", TOKEN)]).await).await;
    assert_eq!(scrape(&s.app, None).await.0, 404);
    assert_eq!(scrape(&s.app, Some("scrape-token-0123456789abcdeX")).await.0, 404);
    command(&s, "2274209 refill", "mira_boost").await;
    command(&s, "2274218 refill", "mira_boost").await;
    let (status, body) = scrape(&s.app, Some(TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    for line in [
        "panelrelay_commands_total{outcome=\"accepted\"} 1",
        "panelrelay_commands_total{outcome=\"not_your_order\"} 1",
        "panelrelay_dispatches{status=\"pending\"} 1",
        "panelrelay_queue_depth{queue=\"outbox\"} 1",
        "panelrelay_queue_depth{queue=\"inbox\"} 0",
        "# EOF",
    ] {
        assert!(body.lines().any(|l| l == line), "missing {line:?} in:\n{body}");
    }
    assert!(body.contains("panelrelay_queue_oldest_age_seconds{queue=\"outbox\"}"), "{body}");
    let calls = body
        .lines()
        .find_map(|l| l.strip_prefix("panelrelay_panel_call_seconds_count{result=\"ok\"} "))
        .and_then(|n| n.parse::<u64>().ok());
    assert!(calls.is_some_and(|n| n >= 2), "the panel lookups are timed: {body}");
    s.app.deliver().await;
    let (_, body) = scrape(&s.app, Some(TOKEN)).await;
    assert!(body.lines().any(|l| l == "panelrelay_queue_depth{queue=\"outbox\"} 0"), "{body}");
    assert!(body.lines().any(|l| l == "panelrelay_dispatches{status=\"sent\"} 1"), "{body}");
    for private in ["mira_boost", "alpha-prov", "Commands", &s.panel_id] {
        assert!(!body.contains(private), "{private} must not appear:\n{body}");
    }
}

#[test]
fn a_short_metrics_token_is_refused_at_start() {
    let mut env = std::collections::HashMap::new();
    env.insert("PANELRELAY_METRICS_TOKEN".to_string(), "short".to_string());
    let err = panelrelay::config::Config::from_sources(&env).expect_err("refused");
    assert!(err.to_string().contains("at least 16"), "{err}");
}
