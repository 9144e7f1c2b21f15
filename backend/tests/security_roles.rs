//! The role walk: every route in the OpenAPI document, called as staff, as an integrator API key
//! and as a sandbox visitor. Each role reaches only what it is for — staff read and run dry runs,
//! a key runs commands and dry runs, looks orders up and reads the logs, a sandbox visitor uses
//! the sandbox chat, the read pages and dry runs — and everything else answers 403 before any
//! work is done. New routes are walked automatically.
mod common;

use common::openapi::body_for;
use common::spawn_app;
use serde_json::{Value, json};

/// Routes anyone may call without signing in.
const PUBLIC: [&str; 9] = [
    "/api/health",
    "/api/ready",
    "/api/auth/signup",
    "/api/auth/login",
    "/api/auth/refresh",
    "/api/auth/logout",
    "/api/invites/accept",
    "/api/sandbox",
    "/api/sandbox/session",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Staff,
    ApiKey,
    Visitor,
}

/// What each role may reach besides the read pages (`GET`), as "METHOD path".
fn allowed(who: Who, method: &str, path: &str) -> bool {
    let call = format!("{method} {path}");
    let dry_runs = ["POST /api/commands/simulate", "POST /api/service-rules/check", "POST /api/tickets/rules/test"];
    let sandbox_chat = ["POST /api/sandbox/messages", "POST /api/sandbox/reset"];
    // The owner's own pages: the team's pending invites and the integrator keys.
    let owner_pages = ["GET /api/team/invites", "GET /api/api-keys"];
    let read_page = method == "GET" && !path.starts_with("/api/admin/") && !owner_pages.contains(&call.as_str());
    match who {
        // A real workspace's staff reach the sandbox chat's route but not a sandbox: 404.
        Who::Staff => read_page || dry_runs.contains(&call.as_str()) || sandbox_chat.contains(&call.as_str()),
        Who::Visitor => read_page || dry_runs.contains(&call.as_str()) || sandbox_chat.contains(&call.as_str()),
        Who::ApiKey => [
            "POST /api/commands",
            "POST /api/commands/simulate",
            "GET /api/panels/{panel_id}/orders/{order_id}",
            "GET /api/logs/commands",
            "GET /api/logs/dispatches",
            "GET /api/logs/cooldowns",
            "GET /api/logs/messages",
            "GET /api/logs/tickets",
            "GET /api/workspace/health",
        ]
        .contains(&call.as_str()),
    }
}

fn fill(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "0190aaaa-0000-7000-8000-000000000000" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_refuses_the_roles_it_is_not_for() {
    let app = spawn_app().await;
    let owner = app.signup("roles-owner@roles.test", "Roles Workspace").await;
    let (staff, _) = app.add_staff(&owner, "roles-staff@roles.test").await;
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "roles key"})).await;
    let key = r.body["key"].as_str().expect("key").to_string();
    let sandbox = panelrelay::sandbox::start(&app.state, &app.base).await.expect("sandbox starts");
    let _ = app.state.sandbox.set(sandbox);
    let r = app.post("/api/sandbox/session", None, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["user"]["role"], "sandbox_visitor", "the sandbox signs in a restricted visitor");
    let visitor = r.body["access_token"].as_str().expect("token").to_string();

    let doc = app.get("/api/openapi.json", None).await.body;
    let paths = doc["paths"].as_object().expect("paths").clone();
    let mut checked = 0;
    for (path, item) in &paths {
        if PUBLIC.contains(&path.as_str()) {
            continue;
        }
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            let method = method.to_uppercase();
            let body = item[method.to_lowercase()]["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|schema| body_for(&doc, &Value::Object(schema.clone()), &Default::default()));
            for (who, token) in [(Who::Staff, &staff.access), (Who::ApiKey, &key), (Who::Visitor, &visitor)] {
                let r = app.call(&method, &fill(path), Some(token), body.clone()).await;
                checked += 1;
                assert!(r.status < 500, "{who:?} {method} {path} failed: {}", r.text);
                if allowed(who, &method, path) {
                    assert_ne!(r.status, 403, "{who:?} may {method} {path}: {}", r.text);
                } else {
                    assert_eq!(r.status, 403, "{who:?} must not {method} {path}: {}", r.text);
                    assert_eq!(r.body["code"], Value::from("forbidden"), "{}", r.text);
                }
            }
        }
    }
    assert!(checked >= 150, "walked {checked} calls");
}

#[tokio::test]
async fn a_sandbox_visitor_cannot_make_anything_that_outlives_the_visit() {
    let app = spawn_app().await;
    let sandbox = panelrelay::sandbox::start(&app.state, &app.base).await.expect("sandbox starts");
    let _ = app.state.sandbox.set(sandbox);
    let r = app.post("/api/sandbox/session", None, json!({})).await;
    let visitor = r.body["access_token"].as_str().expect("token").to_string();
    for (path, body) in [
        ("/api/api-keys", json!({"name": "mine forever"})),
        ("/api/team/invites", json!({"email": "friend@visitor.test"})),
        (
            "/api/panels",
            json!({"name": "x", "kind": "perfectpanel_v2", "admin_base_url": "https://p.example/adminapi/v2", "admin_key": "k"}),
        ),
    ] {
        let r = app.post(path, Some(&visitor), body).await;
        assert_eq!(r.status, 403, "{path}: {}", r.text);
    }
    let r = app.call("PUT", "/api/templates", Some(&visitor), Some(json!({}))).await;
    assert_eq!(r.status, 403, "{}", r.text);
    // What a visitor is for still works: the sandbox chat.
    let r = app
        .post("/api/sandbox/messages", Some(&visitor), json!({"channel": "telegram", "text": "2274209 refill"}))
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
}
