//! Routing end to end: manual services, service-ID rules per panel (editable, switchable),
//! provider routes with their templates, and the validation of destinations and settings.
mod common;

use common::assert_error_shape;
use common::engine::{command, outcomes, setup};
use serde_json::{Value, json};

#[tokio::test]
async fn manual_services_route_to_the_manual_destination_and_nothing_routed_says_so() {
    let s = setup().await;
    let r = command(&s, "2274217 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["reason"], "refill_policy_unknown", "a manual service's refill terms are unknown: {r}");
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["allow_unknown_refill"] = json!(true);
    s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    let r = command(&s, "2274217 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "route_missing", "{r}");
    assert!(r["reply"].as_str().is_some_and(|t| t.contains("our team will handle it")));
    assert_eq!(s.app.get("/api/logs/commands?outcome=route_missing", Some(&s.owner.access)).await.body["total"], 1);
    let dest = s
        .app
        .post(
            "/api/destinations",
            Some(&s.owner.access),
            json!({"name": "Manual desk", "kind": "whatsapp_group", "address": "120363012345678901@g.us"}),
        )
        .await;
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["manual_destination_id"] = dest.body["id"].clone();
    let saved = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let r = command(&s, "2274217 refill", "mira_boost").await;
    assert_eq!(
        (r["verdicts"][0]["outcome"].as_str(), r["messages"][0]["text"].as_str()),
        (Some("accepted"), Some("2274217 refill")),
        "{r}"
    );
    assert_eq!(r["messages"][0]["destination_name"], "Manual desk");
}

#[tokio::test]
async fn a_service_id_rule_overrides_the_provider_route_and_templates_are_used() {
    let s = setup().await;
    let dest = s
        .app
        .post(
            "/api/destinations",
            Some(&s.owner.access),
            json!({"name": "Likes desk", "kind": "telegram_user", "address": "55501234"}),
        )
        .await;
    let r = s
        .app
        .post(
            "/api/routes/services",
            Some(&s.owner.access),
            json!({"panel_id": s.panel_id, "service_id": "1187", "destination_id": dest.body["id"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let routes = s.app.get("/api/routes/providers", Some(&s.owner.access)).await;
    let bravo = routes
        .body
        .as_array()
        .expect("routes")
        .iter()
        .find(|p| p["provider_alias"] == "Provider 2")
        .expect("p2")
        .clone();
    let r = s
        .app
        .call("PUT", &format!("/api/routes/providers/{}", bravo["provider_id"].as_str().expect("id")), Some(&s.owner.access),
            Some(json!({"destination_id": bravo["destination_id"], "templates": {"speed": "{external_ids} speed up please (#{order_ids})"}})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(r["messages"][0]["destination_name"], "Likes desk");
    let r = command(&s, "2274211 speed", "mira_boost").await;
    assert_eq!(r["messages"][0]["text"], "88301 speed up please (#2274211)");
    let bad = s
        .app
        .call(
            "PUT",
            &format!("/api/routes/providers/{}", bravo["provider_id"].as_str().expect("id")),
            Some(&s.owner.access),
            Some(json!({"destination_id": bravo["destination_id"], "templates": {"refill": "refill please"}})),
        )
        .await;
    assert_eq!(assert_error_shape(&bad, 400), "bad_request");
}

#[tokio::test]
async fn settings_templates_and_destinations_validate_their_input() {
    let s = setup().await;
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["max_ids"] = json!(0);
    assert_eq!(
        assert_error_shape(
            &s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings.clone())).await,
            400
        ),
        "bad_request"
    );
    settings["max_ids"] = json!(100);
    settings["fallback_destination_id"] = json!("not-mine");
    assert_eq!(
        assert_error_shape(&s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await, 404),
        "not_found"
    );
    let r = s
        .app
        .post(
            "/api/destinations",
            Some(&s.owner.access),
            json!({"name": "x", "kind": "whatsapp_group", "address": "not a group"}),
        )
        .await;
    assert_eq!(assert_error_shape(&r, 400), "bad_request");
    let mut t = s.app.get("/api/templates", Some(&s.owner.access)).await.body;
    t["refill_ok"] = json!("Done! {order_id} goes to refill.");
    t["help"] = json!("");
    let saved = s.app.call("PUT", "/api/templates", Some(&s.owner.access), Some(t)).await;
    assert!(saved.body["help"].as_str().is_some_and(|h| !h.is_empty()), "empty resets to default");
    let r = command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(r["reply"], "Done! 2274209 goes to refill.");
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["extra_words"] = json!([{"command": "refill", "word": "garansi"}]);
    s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    let r = command(&s, "garansi 2274210", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "accepted", "{r}");
}

/// The same service id on two panels is two rules; a rule can be edited (PUT), switched off
/// (PATCH) and removed; a second rule for the same id on the same panel is refused.
#[tokio::test]
async fn service_id_rules_belong_to_one_panel_and_are_edited_in_place() {
    let s = setup().await;
    let owner = Some(s.owner.access.as_str());
    let second = s.fake.admin_v2_url();
    let r = s
        .app
        .post(
            "/api/panels",
            owner,
            json!({"name": "Second", "kind": "perfectpanel_v2", "admin_base_url": second,
            "admin_key": "fake-admin-key-4f1c"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let other_panel = r.body["id"].as_str().expect("panel").to_string();
    let desk = |name: &str, address: &str| {
        let app = &s.app;
        let body = json!({"name": name, "kind": "telegram_user", "address": address});
        async move { app.post("/api/destinations", owner, body).await.body["id"].as_str().expect("dest").to_string() }
    };
    let (likes, views) = (desk("Likes desk", "55501234").await, desk("Views desk", "55501235").await);
    let rule = |panel: &str, dest: &str| json!({"panel_id": panel, "service_id": "1187", "destination_id": dest});
    let on_main = s.app.post("/api/routes/services", owner, rule(&s.panel_id, &likes)).await;
    assert_eq!(on_main.status, 201, "{}", on_main.text);
    assert_eq!(on_main.body["panel_id"], s.panel_id.as_str());
    let on_other = s.app.post("/api/routes/services", owner, rule(&other_panel, &views)).await;
    assert_eq!(on_other.status, 201, "the same service id on another panel: {}", on_other.text);
    let again = s.app.post("/api/routes/services", owner, rule(&s.panel_id, &views)).await;
    assert_eq!(assert_error_shape(&again, 409), "conflict");
    assert_eq!(s.app.get("/api/routes/services", owner).await.body.as_array().map(Vec::len), Some(2));

    let destination_of = |r: &Value| r["messages"][0]["destination_name"].as_str().unwrap_or_default().to_string();
    let r = command(&s, "2274209 status", "mira_boost").await;
    assert_eq!(outcomes(&r), ["accepted"], "{r}");
    let dry = |text: &str| {
        let app = &s.app;
        let body = json!({"panel_id": s.panel_id, "text": text, "username": "mira_boost"});
        async move { app.post("/api/commands/simulate", owner, body).await.body }
    };
    // Order 2274209 is service 1187 on the main panel: its rule (Likes desk) wins.
    assert_eq!(destination_of(&dry("2274209 refill").await), "Likes desk");
    let id = on_main.body["id"].as_str().expect("id");
    let r = s.app.call("PUT", &format!("/api/routes/services/{id}"), owner, Some(rule(&s.panel_id, &views))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(destination_of(&dry("2274209 refill").await), "Views desk", "edited in place");
    let r = s.app.call("PATCH", &format!("/api/routes/services/{id}"), owner, Some(json!({"enabled": false}))).await;
    assert_eq!((r.status, r.body["enabled"].clone()), (200, json!(false)), "{}", r.text);
    let routed = destination_of(&dry("2274209 refill").await);
    assert!(!routed.is_empty() && routed != "Views desk", "a rule switched off is skipped: {routed}");
    let bad = s
        .app
        .call("PATCH", &format!("/api/routes/services/{id}"), owner, Some(json!({"destination_id": "nope"})))
        .await;
    assert_eq!(assert_error_shape(&bad, 404), "not_found");
    assert_eq!(s.app.call("DELETE", &format!("/api/routes/services/{id}"), owner, None).await.status, 204);
    // Deleting the other panel removes its rules with it.
    assert_eq!(s.app.call("DELETE", &format!("/api/panels/{other_panel}"), owner, None).await.status, 204);
    assert_eq!(s.app.get("/api/routes/services", owner).await.body, json!([]));
}
