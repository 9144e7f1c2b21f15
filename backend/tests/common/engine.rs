//! A workspace wired for commands: the fake panel, both providers routed to a Telegram group
//! destination each, and an integrator API key.
use fakes::panel::{FakePanel, sample_data};
use serde_json::{Value, json};

use super::{Session, TestApp, spawn_app};

pub struct Setup {
    pub app: TestApp,
    pub owner: Session,
    pub panel_id: String,
    pub key: String,
    pub fake: FakePanel,
}

/// A workspace with the fake panel, a destination per provider and an API key.
pub async fn setup() -> Setup {
    setup_on(spawn_app().await).await
}

/// The same workspace on a given app (e.g. a live one with the real channels).
pub async fn setup_on(app: TestApp) -> Setup {
    setup_with_domains(app, "alpha-prov.example", "bravo-prov.example").await
}

/// The workspace with the fake panel's two providers at the given domains (canaries for privacy tests).
pub async fn setup_with_domains(app: TestApp, provider_a: &str, provider_b: &str) -> Setup {
    let owner = app.signup("cmd-owner@b.co", "Commands").await;
    let fake = FakePanel::start(sample_data(provider_a, provider_b)).expect("fake");
    let r = app
        .post("/api/panels", Some(&owner.access), json!({"name": "Main", "kind": "perfectpanel_v2", "admin_base_url": fake.admin_v2_url(), "admin_key": "fake-admin-key-4f1c",
            "user_api_url": fake.user_api_url(), "user_api_key": "fake-user-api-key-9d2e"}))
        .await;
    let panel_id = r.body["id"].as_str().expect("panel").to_string();
    // Discover both providers.
    for id in ["2274209", "2274211"] {
        app.get(&format!("/api/panels/{panel_id}/orders/{id}"), Some(&owner.access)).await;
    }
    let providers = app.get("/api/providers", Some(&owner.access)).await.body;
    for (i, p) in providers.as_array().expect("providers").iter().enumerate() {
        let r = app.post("/api/destinations", Some(&owner.access), json!({"name": format!("Provider group {i}"), "kind": "telegram_group", "address": format!("-10012345678{i}")})).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let dest = r.body["id"].as_str().expect("dest").to_string();
        let r = app
            .call(
                "PUT",
                &format!("/api/routes/providers/{}", p["id"].as_str().expect("id")),
                Some(&owner.access),
                Some(json!({"destination_id": dest})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "bot"})).await;
    let key = r.body["key"].as_str().expect("key").to_string();
    Setup { app, owner, panel_id, key, fake }
}

/// Runs a command through the integrator API as `username`.
pub async fn command(s: &Setup, text: &str, username: &str) -> Value {
    let r = s
        .app
        .post("/api/commands", Some(&s.key), json!({"panel_id": s.panel_id, "text": text, "username": username}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

/// The outcome of every order, in order.
pub fn outcomes(result: &Value) -> Vec<&str> {
    result["verdicts"].as_array().map(|v| v.iter().filter_map(|v| v["outcome"].as_str()).collect()).unwrap_or_default()
}
