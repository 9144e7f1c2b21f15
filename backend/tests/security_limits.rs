//! Caps on everything stored or passed on: extra command words, cancel statuses, the username
//! of an integrator's command, names with invisible characters, aliases that hide a domain.
mod common;

use common::engine::setup;
use serde_json::json;

#[tokio::test]
async fn settings_lists_are_capped_and_only_known_values_are_kept() {
    let s = setup().await;
    let settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    let mut many = settings.clone();
    many["extra_words"] =
        json!((0..20_000).map(|n| json!({"command": "refill", "word": format!("w{n}")})).collect::<Vec<_>>());
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(many)).await;
    assert_eq!(r.status, 400, "20,000 extra words: {}", r.text);
    let mut twice = settings.clone();
    twice["cancel_statuses"] = json!(["pending", "pending"]);
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(twice)).await;
    assert_eq!(r.status, 400, "a duplicated cancel status: {}", r.text);
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    assert_eq!(r.status, 200, "the settings as they were still save: {}", r.text);
}

#[tokio::test]
async fn an_integrators_username_is_a_username() {
    let s = setup().await;
    let r = s
        .app
        .post(
            "/api/commands",
            Some(&s.key),
            json!({"panel_id": s.panel_id, "text": "2274209 refill", "username": "u".repeat(5000)}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
}

#[tokio::test]
async fn names_with_invisible_characters_and_aliases_that_hide_a_domain_are_refused() {
    let s = setup().await;
    for name in ["My\u{200b}Panel", "Panel\u{202e}lenaP"] {
        let r = s
            .app
            .post(
                "/api/destinations",
                Some(&s.owner.access),
                json!({"name": name, "kind": "telegram_group", "address": "-100555"}),
            )
            .await;
        assert_eq!(r.status, 400, "{name:?}: {}", r.text);
    }
    for alias in ["provider-a\u{200b}.example", "provider-a．example", "provider-а.example"] {
        let r = s
            .app
            .post("/api/providers", Some(&s.owner.access), json!({"domain": "hidden-prov.example", "alias": alias}))
            .await;
        assert_eq!(r.status, 400, "{alias:?}: {}", r.text);
    }
}
