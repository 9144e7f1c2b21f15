//! Panels, order lookup, providers by alias and the master admin's backups, over HTTP against the fake panel.
mod common;

use common::{Session, TestApp, assert_error_shape, spawn_app};
use fakes::panel::{FakePanel, sample_data};
use serde_json::{Value, json};

const KEY: &str = "fake-admin-key-4f1c";

fn fake() -> FakePanel {
    FakePanel::start(sample_data("first-prov.example", "second-prov.example")).expect("fake panel")
}

async fn connect(app: &TestApp, owner: &Session, fake: &FakePanel, extra: Value) -> String {
    // Names are unique in a workspace.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut body = json!({"name": format!("Main panel {n}"), "kind": "perfectpanel_v2", "admin_base_url": fake.admin_v2_url(), "admin_key": KEY, "save_anyway": true});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let r = app.post("/api/panels", Some(&owner.access), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_connected_panel_never_echoes_its_keys_and_editing_keeps_them() {
    let app = spawn_app().await;
    let owner = app.signup("p1@b.co", "W").await;
    let fake = fake();
    let id = connect(
        &app,
        &owner,
        &fake,
        json!({"user_api_url": fake.user_api_url(), "user_api_key": "fake-user-api-key-9d2e"}),
    )
    .await;
    let list = app.get("/api/panels", Some(&owner.access)).await;
    assert!(!list.text.contains(KEY) && !list.text.contains("fake-user-api-key"), "{}", list.text);
    assert_eq!((list.body[0]["has_admin_key"].as_bool(), list.body[0]["rps"].as_u64()), (Some(true), Some(5)));
    let r = app
        .call(
            "PUT",
            &format!("/api/panels/{id}"),
            Some(&owner.access),
            Some(json!({"name": "Renamed", "admin_key": ""})),
        )
        .await;
    assert_eq!((r.status, r.body["name"].as_str()), (200, Some("Renamed")), "{}", r.text);
    let r = app.post(&format!("/api/panels/{id}/test"), Some(&owner.access), json!({})).await;
    assert_eq!(r.body["outcome"], "connected", "the stored key was kept: {}", r.text);
    let r = app.get("/api/panels", Some(&owner.access)).await;
    assert_eq!(r.body[0]["last_test"], "connected");
}

#[tokio::test]
async fn test_connection_names_each_failure() {
    let app = spawn_app().await;
    let owner = app.signup("p2@b.co", "W").await;
    let fake = fake();
    let good = connect(&app, &owner, &fake, json!({"timeout_secs": 1})).await;
    let wrong_key = connect(&app, &owner, &fake, json!({"admin_key": "not-the-key"})).await;
    let unreachable =
        connect(&app, &owner, &fake, json!({"admin_base_url": "http://127.0.0.1:9/adminapi/v2", "timeout_secs": 1}))
            .await;
    let test = |id: String| {
        let (app, owner) = (&app, &owner);
        async move {
            app.post(&format!("/api/panels/{id}/test"), Some(&owner.access), json!({})).await.body["outcome"].clone()
        }
    };
    assert_eq!(test(wrong_key).await, "key_rejected");
    assert_eq!(test(unreachable).await, "unreachable");
    fake.set_quirks(|q| q.not_admin_api = true);
    assert_eq!(test(good.clone()).await, "not_admin_api");
    fake.set_quirks(|q| q.cloudflare = true);
    assert_eq!(test(good.clone()).await, "cloudflare");
    fake.set_quirks(|q| q.delay_ms = 1500);
    assert_eq!(test(good).await, "timed_out");
}

/// Saving runs the connection test: a failure keeps nothing and says why (and how to save anyway),
/// a bare domain gets the Admin API path suggested, and names are unique in a workspace.
#[tokio::test]
async fn a_panel_is_checked_before_it_is_saved() {
    let app = spawn_app().await;
    let owner = app.signup("p-check@b.co", "W").await;
    let fake = fake();
    let body = |name: &str, url: &str, key: &str| json!({"name": name, "kind": "perfectpanel_v2", "admin_base_url": url, "admin_key": key});
    let r = app.post("/api/panels", Some(&owner.access), body("Shop", &fake.admin_v2_url(), "not-the-key")).await;
    let message = assert_error_shape(&r, 400);
    assert!(r.text.contains("rejected the admin key") && r.text.contains("Save anyway"), "{}", r.text);
    assert_eq!(message, "bad_request");
    let r = app.post("/api/panels", Some(&owner.access), body("Shop", "http://127.0.0.1:9/adminapi/v2", KEY)).await;
    assert!(r.status == 400 && r.text.contains("cannot be reached"), "{}", r.text);
    let bare = fake.admin_v2_url().replace("/adminapi/v2", "");
    let r = app.post("/api/panels", Some(&owner.access), body("Shop", &bare, KEY)).await;
    assert!(r.status == 400 && r.text.contains(&format!("Did you mean {bare}/adminapi/v2")), "{}", r.text);
    assert_eq!(app.get("/api/panels", Some(&owner.access)).await.body, json!([]), "nothing was saved");

    let r = app.post("/api/panels", Some(&owner.access), body("Shop", &fake.admin_v2_url(), KEY)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["last_test"], "connected", "the save-time test is recorded");
    let r = app.post("/api/panels", Some(&owner.access), body("shop", &fake.admin_v2_url(), KEY)).await;
    assert_eq!(assert_error_shape(&r, 409), "conflict");
    let mut down = body("Backup shop", "http://127.0.0.1:9/adminapi/v2", KEY);
    down["save_anyway"] = json!(true);
    down["timeout_secs"] = json!(1);
    let r = app.post("/api/panels", Some(&owner.access), down).await;
    assert_eq!(r.status, 201, "saved anyway: {}", r.text);
    assert_eq!(r.body["last_test"], "unreachable");
}

#[tokio::test]
async fn bad_panel_input_is_refused_clearly() {
    let app = spawn_app().await;
    let owner = app.signup("p3@b.co", "W").await;
    for body in [
        json!({"name": "P", "kind": "perfectpanel_v2", "admin_base_url": "yourpanel.com", "admin_key": "k"}),
        json!({"name": "P", "kind": "perfectpanel_v2", "admin_base_url": "https://p.example/adminapi/v2", "admin_key": "  "}),
        json!({"name": "P", "kind": "perfectpanel_v2", "admin_base_url": "https://p.example/adminapi/v2", "admin_key": "k", "rps": 0}),
        json!({"name": "P", "kind": "smartpanel", "admin_base_url": "https://p.example/adminapi/v2", "admin_key": "k"}),
    ] {
        let r = app.post("/api/panels", Some(&owner.access), body).await;
        assert_eq!(assert_error_shape(&r, 400), "bad_request");
    }
    let (staff, _) = app.add_staff(&owner, "s3@b.co").await;
    let r = app.post("/api/panels", Some(&staff.access), json!({"name": "P", "kind": "adminapi_v1", "admin_base_url": "https://p.example/adminapi/v1", "admin_key": "k"})).await;
    assert_eq!(assert_error_shape(&r, 403), "forbidden");
}

#[tokio::test]
async fn order_lookup_shows_the_provider_by_alias_and_discovers_it() {
    let app = spawn_app().await;
    let owner = app.signup("p4@b.co", "W").await;
    let fake = fake();
    let id = connect(&app, &owner, &fake, json!({})).await;
    let r = app.get(&format!("/api/panels/{id}/orders/2274209"), Some(&owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["status"].as_str(), r.body["external_id"].as_str()), (Some("Completed"), Some("596723")));
    assert_eq!(
        (r.body["provider_alias"].as_str(), r.body["owner_username"].as_str()),
        (Some("Provider 1"), Some("mira_boost"))
    );
    assert!(!r.text.contains("first-prov"), "{}", r.text);
    let r = app.get(&format!("/api/panels/{id}/orders/2274211"), Some(&owner.access)).await;
    assert_eq!(r.body["provider_alias"], "Provider 2");
    app.get(&format!("/api/panels/{id}/orders/2274210"), Some(&owner.access)).await;
    let manual = app.get(&format!("/api/panels/{id}/orders/2274217"), Some(&owner.access)).await;
    assert_eq!(
        (manual.body["manual_service"].as_bool(), manual.body["provider_alias"].clone()),
        (Some(true), Value::Null)
    );
    let providers = app.get("/api/providers", Some(&owner.access)).await;
    assert_eq!(providers.body.as_array().map(Vec::len), Some(2));
    assert_eq!(
        (providers.body[0]["orders_seen"].as_u64(), providers.body[0]["source"].as_str()),
        (Some(2), Some("order"))
    );
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "k"})).await;
    let key = r.body["key"].as_str().expect("key").to_string();
    let r = app.get(&format!("/api/panels/{id}/orders/2274209"), Some(&key)).await;
    assert_eq!(r.status, 200, "integrators look orders up with an API key");
}

#[tokio::test]
async fn order_lookup_faults_are_specific_and_never_panic() {
    let app = spawn_app().await;
    let owner = app.signup("p5@b.co", "W").await;
    let fake = fake();
    let id = connect(&app, &owner, &fake, json!({"timeout_secs": 2})).await;
    let get = |order: &'static str| {
        let (app, owner, id) = (&app, &owner, id.clone());
        async move { app.get(&format!("/api/panels/{id}/orders/{order}"), Some(&owner.access)).await }
    };
    assert_eq!(assert_error_shape(&get("9999999").await, 404), "not_found");
    assert_eq!(assert_error_shape(&get("-5").await, 400), "bad_request");
    assert_eq!(assert_error_shape(&get("1234567890123456789012345678901234567890").await, 400), "bad_request");
    fake.set_quirks(|q| q.rate_limit_after_n = Some(0));
    let r = get("2274209").await;
    assert_eq!(assert_error_shape(&r, 429), "panel_rate_limited");
    fake.set_quirks(|q| {
        q.rate_limit_after_n = None;
        q.cloudflare = true;
    });
    let r = get("2274209").await;
    assert_eq!(assert_error_shape(&r, 502), "panel_error");
    assert!(r.text.contains("Cloudflare"), "{}", r.text);
    fake.set_quirks(|q| {
        q.cloudflare = false;
        q.malformed_json = true;
    });
    assert_eq!(assert_error_shape(&get("2274209").await, 502), "panel_error");
    fake.set_quirks(|q| {
        q.malformed_json = false;
        q.not_admin_api = true;
    });
    assert_eq!(assert_error_shape(&get("2274209").await, 502), "panel_error");
    let r = app.get("/api/panels/not-a-panel/orders/2274209", Some(&owner.access)).await;
    assert_eq!(assert_error_shape(&r, 404), "not_found");
}

#[tokio::test]
async fn an_unreachable_panel_answers_a_clear_502() {
    let app = spawn_app().await;
    let owner = app.signup("p6@b.co", "W").await;
    let r = app
        .post("/api/panels", Some(&owner.access), json!({"name": "Down", "kind": "adminapi_v1", "admin_base_url": "http://127.0.0.1:9/adminapi/v1", "admin_key": "k", "timeout_secs": 1, "save_anyway": true}))
        .await;
    let id = r.body["id"].as_str().expect("id");
    let r = app.get(&format!("/api/panels/{id}/orders/2274209"), Some(&owner.access)).await;
    assert_eq!(assert_error_shape(&r, 502), "panel_error");
    assert!(r.text.contains("cannot be reached"), "{}", r.text);
}

#[tokio::test]
async fn providers_are_added_by_domain_renamed_and_toggled_by_alias_only() {
    let app = spawn_app().await;
    let owner = app.signup("p7@b.co", "W").await;
    let r = app
        .post("/api/providers", Some(&owner.access), json!({"domain": "https://www.Hidden-Prov.example/api/v2"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["alias"], "Provider 1");
    assert!(!r.text.to_lowercase().contains("hidden-prov"));
    let id = r.body["id"].as_str().expect("id").to_string();
    let dup = app.post("/api/providers", Some(&owner.access), json!({"domain": "hidden-prov.example"})).await;
    assert_eq!(assert_error_shape(&dup, 409), "conflict");
    assert!(!dup.text.contains("hidden-prov"));
    for bad in [json!({"domain": "not a domain"}), json!({"domain": "ok.example", "alias": "other.example"})] {
        assert_eq!(assert_error_shape(&app.post("/api/providers", Some(&owner.access), bad).await, 400), "bad_request");
    }
    let r = app
        .call(
            "PATCH",
            &format!("/api/providers/{id}"),
            Some(&owner.access),
            Some(json!({"alias": "FastLikes_A", "enabled": false})),
        )
        .await;
    assert_eq!(
        (r.body["alias"].as_str(), r.body["enabled"].as_bool()),
        (Some("FastLikes_A"), Some(false)),
        "{}",
        r.text
    );
    let r = app.call("DELETE", &format!("/api/providers/{id}"), Some(&owner.access), None).await;
    assert_eq!(r.status, 204);
}

#[tokio::test]
async fn syncing_services_discovers_providers_where_the_panel_names_them() {
    let app = spawn_app().await;
    let owner = app.signup("p8@b.co", "W").await;
    let fake = fake();
    let id = connect(
        &app,
        &owner,
        &fake,
        json!({"user_api_url": fake.user_api_url(), "user_api_key": "fake-user-api-key-9d2e"}),
    )
    .await;
    let r = app.post(&format!("/api/panels/{id}/sync-services"), Some(&owner.access), json!({})).await;
    assert_eq!(
        (r.body["services"].as_u64(), r.body["providers_discovered"].as_u64()),
        (Some(4), Some(0)),
        "{}",
        r.text
    );
    fake.set_quirks(|q| q.services_with_provider = true);
    let r = app.post(&format!("/api/panels/{id}/sync-services"), Some(&owner.access), json!({})).await;
    assert_eq!(r.body["providers_discovered"].as_u64(), Some(2), "{}", r.text);
    let providers = app.get("/api/providers", Some(&owner.access)).await;
    assert_eq!(providers.body[0]["source"], "services");
}

#[tokio::test]
async fn backups_are_hidden_from_tenants_survive_deletion_and_reveals_are_recorded() {
    let app = spawn_app().await;
    let owner = app.signup("p9@b.co", "Backup Tenant").await;
    let fake = fake();
    let panel = connect(&app, &owner, &fake, json!({})).await;
    app.get(&format!("/api/panels/{panel}/orders/2274209"), Some(&owner.access)).await;
    for path in ["/api/admin/backups", "/api/admin/backup-reveals"] {
        assert_eq!(app.get(path, Some(&owner.access)).await.status, 403);
    }
    let providers = app.get("/api/providers", Some(&owner.access)).await;
    let provider = providers.body[0]["id"].as_str().expect("provider").to_string();
    app.call("DELETE", &format!("/api/providers/{provider}"), Some(&owner.access), None).await;
    app.call("DELETE", &format!("/api/panels/{panel}"), Some(&owner.access), None).await;
    let admin = app.admin().await;
    let tenant = owner.workspace_id.clone().expect("ws");
    // The workspace's name must be typed again, with a reason for the audit log.
    let path = format!("/api/admin/tenants/{tenant}");
    let wrong = json!({"confirm_name": "not it", "reason": "owner asked to close"});
    let r = app.call("DELETE", &path, Some(&admin.access), Some(wrong)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("type the workspace"), "{}", r.text);
    let right = json!({"confirm_name": "Backup Tenant", "reason": "owner asked to close"});
    assert_eq!(app.call("DELETE", &path, Some(&admin.access), Some(right)).await.status, 204);
    let audit = app.get("/api/admin/audit", Some(&admin.access)).await;
    assert!(audit.text.contains("workspace_deleted") && audit.text.contains("owner asked to close"), "{}", audit.text);
    let backups = app.get("/api/admin/backups", Some(&admin.access)).await;
    let list = backups.body.as_array().expect("list").clone();
    assert_eq!(list.len(), 2, "{}", backups.text);
    assert!(!backups.text.contains("first-prov"), "the list shows no domains");
    let provider_backup = list.iter().find(|b| b["kind"] == "provider").expect("provider backup");
    assert_eq!(
        (provider_backup["alias"].as_str(), provider_backup["tenant_name"].as_str()),
        (Some("Provider 1"), Some("Backup Tenant"))
    );
    let id = provider_backup["id"].as_str().expect("id");
    let url = format!("/api/admin/backups/{id}/reveal");
    for no_reason in [json!({}), json!({"reason": "  "}), json!({"reason": "x\ny"})] {
        let r = app.post(&url, Some(&admin.access), no_reason).await;
        assert!(r.status == 400 || r.status == 422, "a reason is required: {}", r.text);
        assert!(!r.text.contains("first-prov"), "nothing is revealed without a reason");
    }
    let r = app.post(&url, Some(&admin.access), json!({"reason": "owner lost access to the provider"})).await;
    assert_eq!(r.body["domain"], "first-prov.example", "{}", r.text);
    let reveals = app.get("/api/admin/backup-reveals", Some(&admin.access)).await;
    assert_eq!(
        (reveals.body[0]["backup_id"].as_str(), reveals.body[0]["admin_email"].as_str()),
        (Some(id), Some(common::ADMIN_EMAIL))
    );
    assert_eq!(reveals.body[0]["reason"], "owner lost access to the provider");
    assert_eq!(
        (reveals.body[0]["tenant_name"].as_str(), reveals.body[0]["alias"].as_str()),
        (Some("Backup Tenant"), Some("Provider 1")),
        "the log names what was opened"
    );
    assert_eq!(reveals.body.as_array().map(Vec::len), Some(1), "refused attempts reveal nothing and are not logged");
    let panel_backup = list.iter().find(|b| b["kind"] == "panel").expect("panel backup");
    let r = app
        .post(
            &format!("/api/admin/backups/{}/reveal", panel_backup["id"].as_str().expect("id")),
            Some(&admin.access),
            json!({"reason": "panel moved to a new domain"}),
        )
        .await;
    assert_eq!(r.body["admin_base_url"], fake.admin_v2_url());
}

/// A provider's backup names the panel it was discovered through; a rename is a new record
/// (old and new alias), so the master admin keeps the alias history.
#[tokio::test]
async fn backups_name_the_panel_and_keep_every_alias_of_a_provider() {
    let app = spawn_app().await;
    let owner = app.signup("p10@b.co", "History Tenant").await;
    let fake = fake();
    let panel = connect(&app, &owner, &fake, json!({"name": "Main panel"})).await;
    app.get(&format!("/api/panels/{panel}/orders/2274209"), Some(&owner.access)).await;
    let providers = app.get("/api/providers", Some(&owner.access)).await;
    let provider = providers.body[0]["id"].as_str().expect("provider").to_string();
    for alias in ["Fast Likes", "Cheap Likes"] {
        let r = app
            .call("PATCH", &format!("/api/providers/{provider}"), Some(&owner.access), Some(json!({"alias": alias})))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let switched = app
        .call("PATCH", &format!("/api/providers/{provider}"), Some(&owner.access), Some(json!({"enabled": false})))
        .await;
    assert_eq!(switched.status, 200, "a toggle is not a rename");
    let admin = app.admin().await;
    let backups = app.get("/api/admin/backups", Some(&admin.access)).await;
    let list = backups.body.as_array().expect("list").clone();
    let discovered = list.iter().find(|b| b["kind"] == "provider").expect("discovery record");
    assert_eq!(discovered["panel_name"], "Main panel", "{}", backups.text);
    assert_eq!(discovered["alias"], "Provider 1");
    let mut renames: Vec<(String, String)> = list
        .iter()
        .filter(|b| b["kind"] == "provider_renamed")
        .map(|b| (b["previous_alias"].as_str().unwrap_or("").into(), b["alias"].as_str().unwrap_or("").into()))
        .collect();
    renames.sort();
    assert_eq!(
        renames,
        [("Fast Likes".to_string(), "Cheap Likes".to_string()), ("Provider 1".to_string(), "Fast Likes".to_string())]
    );
    assert!(!backups.text.contains("first-prov"), "the list shows no domains");
    let rename = list.iter().find(|b| b["alias"] == "Cheap Likes").expect("rename");
    let r = app
        .post(
            &format!("/api/admin/backups/{}/reveal", rename["id"].as_str().expect("id")),
            Some(&admin.access),
            json!({"reason": "check the alias history"}),
        )
        .await;
    assert_eq!(r.body["domain"], "first-prov.example", "{}", r.text);
}
