//! Tenant isolation, by construction and by proof: every route in the OpenAPI document is called
//! with a second tenant's credentials and the first tenant's ids. No answer may contain the first
//! tenant's data, an id from the first tenant must answer 404, and nothing of it may change.
//! Routes added later are covered automatically; a new path parameter must be added to `ids_for`.
mod common;

use std::collections::HashMap;

use common::openapi::body_for;
use common::spawn_app;
use serde_json::{Value, json};

struct TenantA {
    _panel: fakes::panel::FakePanel,
    _telegram: fakes::telegram::FakeTelegram,
    ids: HashMap<&'static str, String>,
    markers: Vec<String>,
    staff_access: String,
    owner_access: String,
    key: String,
}

async fn tenant_a(app: &common::TestApp) -> TenantA {
    let owner = app.signup("alpha-owner@alpha.test", "Alpha Secret Workspace").await;
    let (staff, _) = app.add_staff(&owner, "alpha-staff@alpha.test").await;
    let r = app.post("/api/team/invites", Some(&owner.access), json!({"email": "alpha-pending@alpha.test"})).await;
    let invite_id = r.body["invite"]["id"].as_str().expect("invite id").to_string();
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "Alpha Key Name"})).await;
    let key_id = r.body["api_key"]["id"].as_str().expect("key id").to_string();
    let key = r.body["key"].as_str().expect("key").to_string();
    let workspace_id = owner.workspace_id.clone().expect("workspace");
    let fake = fakes::panel::FakePanel::start(fakes::panel::sample_data("alpha-prov.example", "alpha-prov2.example"))
        .expect("fake");
    let r = app
        .post(
            "/api/panels",
            Some(&owner.access),
            json!({"name": "Alpha Panel Name", "kind": "perfectpanel_v2",
            "admin_base_url": fake.admin_v2_url(), "admin_key": "fake-admin-key-4f1c"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let panel_id = r.body["id"].as_str().expect("panel id").to_string();
    let r = app.get(&format!("/api/panels/{panel_id}/orders/2274209"), Some(&owner.access)).await;
    assert_eq!(r.body["provider_alias"], "Provider 1", "{}", r.text);
    let r = app
        .post(
            "/api/providers",
            Some(&owner.access),
            json!({"domain": "alpha-manual.example", "alias": "Alpha Alias X"}),
        )
        .await;
    let provider_id = r.body["id"].as_str().expect("provider id").to_string();
    let r = app
        .post(
            "/api/destinations",
            Some(&owner.access),
            json!({"name": "Alpha Dest Name", "kind": "telegram_group", "address": "-100777"}),
        )
        .await;
    let destination_id = r.body["id"].as_str().expect("destination").to_string();
    let r = app
        .post(
            "/api/routes/services",
            Some(&owner.access),
            json!({"panel_id": panel_id, "service_id": "1187", "destination_id": destination_id}),
        )
        .await;
    let route_id = r.body["id"].as_str().expect("route").to_string();
    let r = app
        .post(
            "/api/links",
            Some(&owner.access),
            json!({"panel_id": panel_id, "channel": "telegram", "sender_id": "424242", "username": "alpha_customer"}),
        )
        .await;
    let link_id = r.body["id"].as_str().expect("link").to_string();
    let r = app
        .post(
            "/api/admin-chats",
            Some(&owner.access),
            json!({"channel": "telegram", "chat_id": "-100424242", "label": "Alpha Support Chat"}),
        )
        .await;
    let admin_chat_id = r.body["id"].as_str().expect("admin chat").to_string();
    let telegram = fakes::telegram::FakeTelegram::start().expect("fake telegram");
    telegram.add_bot("7000000001:AAalpha-secret-bot-token-000000", "alpha_bot", "Alpha Bot");
    let r = app
        .post(
            "/api/channels/telegram",
            Some(&owner.access),
            json!({"name": "Alpha Channel Name", "panel_id": panel_id, "token": "7000000001:AAalpha-secret-bot-token-000000",
                "mode": "polling", "api_url": telegram.api_url()}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let channel_id = r.body["id"].as_str().expect("channel").to_string();
    let admin = app.admin().await;
    let backups = app.get("/api/admin/backups", Some(&admin.access)).await;
    let backup_id = backups.body[0]["id"].as_str().expect("backup").to_string();
    // Billing: a plan everyone starts on, a payment method, and A's invoice with its reference.
    let r = app
        .post(
            "/api/admin/plans",
            Some(&admin.access),
            json!({"name": "Everything", "currency": "USD", "price_month": 1900, "trial_days": 30, "signup": true,
                "mediums": ["telegram", "whatsapp", "tickets"],
                "modules": ["broadcasts", "advanced_rules", "integrator_api", "admin_chats"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let plan_id = r.body["id"].as_str().expect("plan").to_string();
    let r = app
        .post("/api/admin/payment-methods", Some(&admin.access), json!({"name": "Bank", "instructions": "IBAN XX00"}))
        .await;
    let method_id = r.body["id"].as_str().expect("method").to_string();
    let r = app
        .post(
            "/api/billing/invoices",
            Some(&owner.access),
            json!({"plan_id": plan_id, "months": 1, "method_id": method_id}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let invoice_id = r.body["id"].as_str().expect("invoice").to_string();
    let r = app
        .post(
            &format!("/api/billing/invoices/{invoice_id}/payment"),
            Some(&owner.access),
            json!({"reference": "Alpha Payment Ref 77"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Support: A's ticket with the platform, answered once.
    let r = app
        .post(
            "/api/support/tickets",
            Some(&owner.access),
            json!({"subject": "Alpha Ticket Subject", "message": "Alpha ticket body text"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let ticket_id = r.body["ticket"]["id"].as_str().expect("ticket").to_string();
    let r = app
        .post(
            &format!("/api/admin/support/tickets/{ticket_id}/replies"),
            Some(&admin.access),
            json!({"message": "Alpha platform answer"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let ids = HashMap::from([
        ("member_id", staff.user_id.clone()),
        ("invite_id", invite_id.clone()),
        ("key_id", key_id.clone()),
        ("panel_id", panel_id.clone()),
        ("order_id", "2274209".to_string()),
        ("provider_id", provider_id.clone()),
        ("backup_id", backup_id),
        ("tenant_id", workspace_id.clone()),
        ("destination_id", destination_id.clone()),
        ("route_id", route_id.clone()),
        ("service_id", "1187".to_string()),
        ("link_id", link_id.clone()),
        ("admin_chat_id", admin_chat_id.clone()),
        ("channel_id", channel_id.clone()),
        ("plan_id", plan_id),
        ("method_id", method_id),
        ("invoice_id", invoice_id.clone()),
        ("ticket_id", ticket_id.clone()),
    ]);
    let markers = vec![
        "Alpha Secret Workspace".into(),
        "alpha-owner@alpha.test".into(),
        "alpha-staff@alpha.test".into(),
        "alpha-pending@alpha.test".into(),
        "Alpha Key Name".into(),
        "Alpha Panel Name".into(),
        "Alpha Dest Name".into(),
        "alpha_customer".into(),
        "Alpha Support Chat".into(),
        "Alpha Channel Name".into(),
        "alpha_bot".into(),
        channel_id,
        link_id,
        admin_chat_id,
        destination_id,
        route_id,
        "Alpha Alias X".into(),
        "Alpha Payment Ref 77".into(),
        "Alpha Ticket Subject".into(),
        "Alpha ticket body text".into(),
        "Alpha platform answer".into(),
        ticket_id,
        invoice_id,
        "596723".into(),
        panel_id,
        provider_id,
        workspace_id,
        owner.user_id.clone(),
        staff.user_id.clone(),
        invite_id,
        key_id,
    ];
    TenantA {
        _panel: fake,
        _telegram: telegram,
        ids,
        markers,
        staff_access: staff.access,
        owner_access: owner.access,
        key,
    }
}

fn path_with_ids(path: &str, ids: &HashMap<&'static str, String>) -> (String, bool) {
    let mut has_param = false;
    let filled = path
        .split('/')
        .map(|seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                has_param = true;
                ids.get(name)
                    .cloned()
                    .unwrap_or_else(|| panic!("path parameter {{{name}}} in {path}: add it to tenant_a's ids"))
            }
            None => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/");
    (filled, has_param)
}

#[tokio::test]
async fn no_route_answers_a_second_tenant_with_the_first_tenants_data() {
    let app = spawn_app().await;
    let a = tenant_a(&app).await;
    let b_owner = app.signup("bravo-owner@bravo.test", "Bravo Workspace").await;
    let r = app.post("/api/api-keys", Some(&b_owner.access), json!({"name": "bravo key"})).await;
    let b_key = r.body["key"].as_str().expect("key").to_string();
    let (b_staff, _) = app.add_staff(&b_owner, "bravo-staff@bravo.test").await;

    let doc = app.get("/api/openapi.json", None).await.body;
    let paths = doc["paths"].as_object().expect("paths").clone();
    assert!(paths.len() >= 10, "the document lists the routes");
    let mut calls = 0;
    for (path, item) in &paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let (url, has_param) = path_with_ids(path, &a.ids);
            let body = op["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|s| body_for(&doc, &Value::Object(s.clone()), &a.ids));
            for token in [b_owner.access.as_str(), b_staff.access.as_str(), b_key.as_str()] {
                let r = app.call(&method.to_uppercase(), &url, Some(token), body.clone()).await;
                calls += 1;
                for marker in &a.markers {
                    assert!(
                        !r.text.contains(marker.as_str()),
                        "{method} {url} leaked {marker:?} to another tenant: {}",
                        r.text
                    );
                }
                if has_param {
                    assert!(
                        matches!(r.status, 403 | 404),
                        "{method} {url} answered {} for another tenant's id: {}",
                        r.status,
                        r.text
                    );
                }
                assert!(r.status < 500, "{method} {url} failed: {}", r.text);
            }
        }
    }
    assert!(calls >= 30, "walked {calls} calls");

    // Nothing of tenant A changed.
    let r = app.get("/api/team/members", Some(&a.owner_access)).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(2), "{}", r.text);
    let r = app.get("/api/me", Some(&a.staff_access)).await;
    assert_eq!(r.status, 200, "A's staff still signed in");
    let r = app.get("/api/team/invites", Some(&a.owner_access)).await;
    assert!(r.body.as_array().is_some_and(|l| l.iter().any(|i| i["email"] == "alpha-pending@alpha.test")));
    let r = app.get("/api/logs/commands", Some(&a.key)).await;
    assert_eq!(r.status, 200, "A's key still works");
    let r = app.get("/api/panels", Some(&a.owner_access)).await;
    assert_eq!(r.body[0]["name"], "Alpha Panel Name", "A's panel unchanged: {}", r.text);
    let r = app.get("/api/providers", Some(&a.owner_access)).await;
    assert!(r.text.contains("Alpha Alias X"), "A's provider unchanged: {}", r.text);
    let r = app.get("/api/destinations", Some(&a.owner_access)).await;
    assert!(r.text.contains("Alpha Dest Name"), "A's destination unchanged: {}", r.text);
    let r = app.get("/api/routes/services", Some(&a.owner_access)).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "A's service rule unchanged");
    let r = app.get("/api/links", Some(&a.owner_access)).await;
    assert_eq!(r.body[0]["status"], "approved", "A's link unchanged: {}", r.text);
    let r = app.get("/api/admin-chats", Some(&a.owner_access)).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "A's admin chat unchanged");
}
