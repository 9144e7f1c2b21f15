//! The master admin console's customer side: the customer list with plan, status and activity
//! (searched and filtered), a suspension that keeps staff out, the recorded read-only view of a
//! workspace, and the platform texts new workspaces start with.
mod common;

use common::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn customers_are_listed_filtered_suspended_and_viewed_read_only_with_an_audit() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let alpha = app.signup("alpha@console.test", "Alpha Followers").await;
    let (staff, _) = app.add_staff(&alpha, "staff@console.test").await;
    let _beta = app.signup("beta@console.test", "Beta Views").await;
    let alpha_id = alpha.workspace_id.clone().expect("workspace");

    // Self-hosted: unrestricted, with owner, members and activity.
    let list = app.get("/api/admin/tenants", Some(&admin.access)).await;
    let row = |list: &Value, name: &str| {
        list.as_array().expect("list").iter().find(|t| t["name"] == name).cloned().unwrap_or(Value::Null)
    };
    let a = row(&list.body, "Alpha Followers");
    assert_eq!((a["owner_email"].as_str(), a["members"].as_u64()), (Some("alpha@console.test"), Some(2)), "{a}");
    assert_eq!((a["subscription"].as_str(), a["channels"].as_u64()), (Some("unrestricted"), Some(0)), "{a}");
    assert_eq!(a["commands_30d"], 0);
    // Search by name or owner email (any case), filter by status.
    let found = app.get("/api/admin/tenants?q=BETA%40", Some(&admin.access)).await.body;
    assert_eq!(
        found.as_array().map(|l| l.iter().map(|t| t["name"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("Beta Views")])
    );
    let none = app.get("/api/admin/tenants?status=expired", Some(&admin.access)).await.body;
    assert_eq!(none, json!([]));
    assert_eq!(app.get("/api/admin/tenants?status=bogus", Some(&admin.access)).await.status, 400);

    // A plan puts everyone on trial; suspending Alpha keeps its staff out, not its owner.
    let plan = json!({"name": "All", "description": "", "currency": "USD", "price_month": 1000,
        "mediums": ["telegram", "whatsapp", "tickets"], "modules": [], "limits": {}, "trial_days": 14, "signup": true});
    let r = app.post("/api/admin/plans", Some(&admin.access), plan).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let trial = app.get("/api/admin/tenants?status=trial", Some(&admin.access)).await.body;
    assert_eq!(trial.as_array().map(Vec::len), Some(2), "{trial}");
    assert_eq!(row(&trial, "Alpha Followers")["plan"], "All");
    let r = app
        .post(&format!("/api/admin/tenants/{alpha_id}/suspend"), Some(&admin.access), json!({"reason": "chargeback"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.state.engine.billing.forget(None);
    let r = app.get("/api/me", Some(&staff.access)).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("suspended") && r.text.contains("chargeback"), "{}", r.text);
    let r = app.login("staff@console.test", "staff password 1").await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = app.get("/api/billing", Some(&alpha.access)).await;
    assert_eq!(r.body["status"], "suspended", "{}", r.text);
    assert!(r.body["banner"].as_str().is_some_and(|b| b.contains("chargeback")), "{}", r.text);
    let suspended = app.get("/api/admin/tenants?status=suspended", Some(&admin.access)).await.body;
    assert_eq!(row(&suspended, "Alpha Followers")["suspended_reason"], "chargeback");

    // View as: a reason is required; the token reads Alpha's pages and changes nothing.
    let path = format!("/api/admin/tenants/{alpha_id}/view-as");
    assert_eq!(app.post(&path, Some(&admin.access), json!({"reason": "x"})).await.status, 400);
    assert_eq!(app.post(&path, Some(&alpha.access), json!({"reason": "looking around"})).await.status, 403);
    let r = app.post(&path, Some(&admin.access), json!({"reason": "owner reports missing replies"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let view = r.body["access_token"].as_str().expect("token").to_string();
    let me = app.get("/api/me", Some(&view)).await;
    assert_eq!((me.status, me.body["workspace"]["name"].as_str()), (200, Some("Alpha Followers")), "{}", me.text);
    assert_eq!(app.get("/api/panels", Some(&view)).await.status, 200);
    let r = app.post("/api/support/tickets", Some(&view), json!({"subject": "s", "message": "m"})).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("read-only"), "{}", r.text);
    assert_eq!(app.get("/api/admin/tenants", Some(&view)).await.status, 403, "the view is not the admin");
    let audit = app.get("/api/admin/audit", Some(&admin.access)).await.body;
    let entry = audit.as_array().expect("audit").iter().find(|e| e["action"] == "view_as").cloned();
    let entry = entry.expect("view_as recorded");
    assert_eq!(
        (entry["workspace_name"].as_str(), entry["reason"].as_str()),
        (Some("Alpha Followers"), Some("owner reports missing replies"))
    );
}

#[tokio::test]
async fn platform_texts_seed_new_workspaces_and_word_the_notices() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let old = app.signup("old@texts.test", "Old Workspace").await;
    let texts = app.get("/api/admin/platform-texts", Some(&admin.access)).await;
    assert_eq!(texts.status, 200, "{}", texts.text);
    let mut body = texts.body.clone();
    let default_refill = body["templates"]["refill_ok"].clone();
    body["templates"]["refill_ok"] = json!("Platform default: refill for {order_id} is on its way.");
    body["notices"]["suspended"] = json!("Paused by PanelRelay ({reason}). Write to support.");
    let r = app.call("PUT", "/api/admin/platform-texts", Some(&admin.access), Some(body.clone())).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let mut empty = body.clone();
    empty["notices"]["grace"] = json!("  ");
    let r = app.call("PUT", "/api/admin/platform-texts", Some(&admin.access), Some(empty)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("In grace"), "{}", r.text);
    assert_eq!(app.call("PUT", "/api/admin/platform-texts", Some(&old.access), Some(body)).await.status, 403);

    // A new workspace starts with the platform's templates; the old one keeps its own.
    let new = app.signup("new@texts.test", "New Workspace").await;
    let t = app.get("/api/templates", Some(&new.access)).await.body;
    assert_eq!(t["refill_ok"], "Platform default: refill for {order_id} is on its way.", "{t}");
    let t = app.get("/api/templates", Some(&old.access)).await.body;
    assert_eq!(t["refill_ok"], default_refill);

    // The notice is the platform's words.
    let plan = json!({"name": "All", "description": "", "currency": "USD", "price_month": 1000,
        "mediums": ["telegram"], "modules": [], "limits": {}, "trial_days": 14, "signup": true});
    app.post("/api/admin/plans", Some(&admin.access), plan).await;
    let id = new.workspace_id.clone().expect("ws");
    app.post(&format!("/api/admin/tenants/{id}/suspend"), Some(&admin.access), json!({"reason": "unpaid"})).await;
    app.state.engine.billing.forget(None);
    let b = app.get("/api/billing", Some(&new.access)).await.body;
    assert_eq!(b["banner"], "Paused by PanelRelay (unpaid). Write to support.", "{b}");
}
