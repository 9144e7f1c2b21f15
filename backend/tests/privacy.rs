//! Provider privacy, proven with canary domains entered through every path (manual entry,
//! discovery from an order, discovery from the service list): no tenant-facing response of any
//! route in the OpenAPI document, no server log line and no byte of the SQLite file contains a
//! canary or any 6-character piece of one; only the master admin's audited reveal returns it.
mod common;

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use fakes::panel::{FakePanel, sample_data};
use serde_json::{Value, json};

const MANUAL: &str = "qz7kx9vwmn.io";
const FROM_ORDER: &str = "jh4tp2rcbf.io";
const FROM_SERVICES: &str = "vw8yd3lqxe.io";

#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn pieces() -> Vec<String> {
    let mut out = Vec::new();
    for canary in [MANUAL, FROM_ORDER, FROM_SERVICES] {
        let chars: Vec<char> = canary.chars().collect();
        out.extend(chars.windows(6).map(|w| w.iter().collect::<String>()));
    }
    out
}

fn assert_clean(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for piece in pieces() {
        assert!(
            !lower.contains(&piece),
            "{what} contains {piece:?} of a provider domain: {}",
            &text[..text.len().min(400)]
        );
    }
}

fn fill(path: &str, ids: &HashMap<&str, String>) -> String {
    path.split('/')
        .map(|seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => ids.get(name).cloned().unwrap_or_else(|| panic!("add an id for {{{name}}} in {path}")),
            None => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn no_tenant_facing_route_page_log_or_database_byte_reveals_a_provider_domain() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let _ = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_env_filter("debug")
        .try_init();

    let app = common::spawn_app().await;
    let owner = app.signup("privacy-owner@b.co", "Privacy Shop").await;
    let (staff, _) = app.add_staff(&owner, "privacy-staff@b.co").await;
    let fake = FakePanel::start(sample_data(FROM_ORDER, "other-prov.example")).expect("fake");
    fake.update_data(|d| d.services.iter_mut().for_each(|s| s.provider = Some(FROM_SERVICES.to_string())));
    fake.set_quirks(|q| q.services_with_provider = true);

    // Every path by which a domain enters.
    let r = app
        .post("/api/panels", Some(&owner.access), json!({"name": "Shop panel", "kind": "perfectpanel_v2", "admin_base_url": fake.admin_v2_url(),
            "admin_key": "fake-admin-key-4f1c", "user_api_url": fake.user_api_url(), "user_api_key": "fake-user-api-key-9d2e"}))
        .await;
    let panel_id = r.body["id"].as_str().expect("panel").to_string();
    let r =
        app.post("/api/providers", Some(&owner.access), json!({"domain": format!("https://{MANUAL}/api/v2")})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_clean("adding a provider", &r.text);
    let r = app.get(&format!("/api/panels/{panel_id}/orders/2274209"), Some(&owner.access)).await;
    assert_eq!(r.body["provider_alias"], "Provider 2", "{}", r.text);
    assert_clean("order lookup", &r.text);
    let r = app.post(&format!("/api/panels/{panel_id}/sync-services"), Some(&owner.access), json!({})).await;
    assert_eq!(r.body["providers_discovered"].as_u64(), Some(1), "{}", r.text);
    let providers = app.get("/api/providers", Some(&owner.access)).await;
    assert_eq!(providers.body.as_array().map(Vec::len), Some(3), "{}", providers.text);
    let provider_id = providers.body[0]["id"].as_str().expect("id").to_string();
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "privacy key"})).await;
    let key = r.body["key"].as_str().expect("key").to_string();
    let key_id = r.body["api_key"]["id"].as_str().expect("id").to_string();

    // Commands through the whole pipeline: replies, provider messages and logs stay alias-only.
    let dest = app
        .post(
            "/api/destinations",
            Some(&owner.access),
            json!({"name": "Provider group", "kind": "telegram_group", "address": "-100555"}),
        )
        .await;
    for p in providers.body.as_array().expect("providers") {
        let url = format!("/api/routes/providers/{}", p["id"].as_str().expect("id"));
        app.call("PUT", &url, Some(&owner.access), Some(json!({"destination_id": dest.body["id"]}))).await;
    }
    for text in ["2274209 2274216 refill", "2274211 speed", "2274216 cancel", "2274209 status"] {
        let r = app
            .post("/api/commands", Some(&key), json!({"panel_id": panel_id, "text": text, "username": "mira_boost"}))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_clean(&format!("command {text:?}"), &r.text);
    }
    // A panel ticket through the ticket medium, answered on the ticket.
    let intake = json!({"enabled": true, "interval_secs": 60, "since": "2026-01-01T00:00:00Z", "reply_enabled": true,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    let r = app.call("PUT", &format!("/api/tickets/panels/{panel_id}"), Some(&owner.access), Some(intake)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.post(&format!("/api/tickets/panels/{panel_id}/run"), Some(&owner.access), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["last_error"].is_null(), "{}", r.text);
    for (_, reply) in fake.ticket_replies() {
        assert_clean("a reply posted on a panel ticket", &reply);
    }
    assert!(app.deliver().await >= 2);
    for (_, text) in app.sender.sent() {
        assert_clean("a provider message", &text);
    }

    // Every route in the OpenAPI document, as every kind of tenant credential; deletes last.
    let ids: HashMap<&str, String> = HashMap::from([
        ("panel_id", panel_id.clone()),
        ("order_id", "2274209".to_string()),
        ("provider_id", provider_id),
        ("member_id", staff.user_id.clone()),
        ("invite_id", "no-such-invite".to_string()),
        ("key_id", key_id),
        ("backup_id", "no-such-backup".to_string()),
        ("tenant_id", owner.workspace_id.clone().expect("ws")),
        ("destination_id", "no-such-destination".to_string()),
        ("route_id", "no-such-route".to_string()),
        ("service_id", "1187".to_string()),
        ("link_id", "no-such-link".to_string()),
        ("admin_chat_id", "no-such-chat".to_string()),
        ("channel_id", "no-such-channel".to_string()),
        ("invoice_id", "no-such-invoice".to_string()),
        ("ticket_id", "no-such-ticket".to_string()),
        ("plan_id", "no-such-plan".to_string()),
        ("method_id", "no-such-method".to_string()),
    ]);
    let doc = app.get("/api/openapi.json", None).await.body;
    let mut calls = 0;
    for method in ["get", "post", "put", "patch", "delete"] {
        for (path, item) in doc["paths"].as_object().expect("paths") {
            if item.get(method).is_none() {
                continue;
            }
            let url = fill(path, &ids);
            for token in [staff.access.as_str(), key.as_str(), owner.access.as_str()] {
                let body = (method != "get" && method != "delete").then(|| json!({}));
                let r = app.call(&method.to_uppercase(), &url, Some(token), body).await;
                assert_clean(&format!("{method} {url}"), &r.text);
                calls += 1;
            }
        }
    }
    assert!(calls > 60, "{calls} calls");
    let _: Value = app.get("/api/providers", Some(&owner.access)).await.body;

    // The server's own log (not even tenant-visible) has none of it either.
    let log_text = String::from_utf8_lossy(&logs.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    assert!(log_text.matches("request done").count() >= calls, "the log was captured");
    assert_clean("the server log", &log_text);

    // At rest: sealed, so not in the database file.
    if common::engine() == "sqlite" {
        let mut bytes = Vec::new();
        for suffix in ["", "-wal"] {
            bytes.extend(std::fs::read(app.data_dir.path().join(format!("panelrelay.db{suffix}"))).unwrap_or_default());
        }
        assert!(bytes.len() > 4096);
        for canary in [MANUAL, FROM_ORDER, FROM_SERVICES] {
            assert!(!bytes.windows(canary.len()).any(|w| w == canary.as_bytes()), "{canary} is in the SQLite file");
        }
    }

    // Only the master admin's reveal returns the domains, and each reveal is recorded.
    let admin = app.admin().await;
    let backups = app.get("/api/admin/backups", Some(&admin.access)).await;
    assert_clean("the backup list", &backups.text);
    let mut revealed = Vec::new();
    for b in backups.body.as_array().expect("list").iter().filter(|b| b["kind"] == "provider") {
        let r = app
            .post(
                &format!("/api/admin/backups/{}/reveal", b["id"].as_str().expect("id")),
                Some(&admin.access),
                json!({"reason": "privacy test: the canary must come back"}),
            )
            .await;
        revealed.push(r.body["domain"].as_str().unwrap_or_default().to_string());
    }
    for canary in [MANUAL, FROM_ORDER, FROM_SERVICES] {
        assert!(revealed.iter().any(|d| d == canary), "{canary} not revealed: {revealed:?}");
    }
    let reveals = app.get("/api/admin/backup-reveals", Some(&admin.access)).await;
    assert_eq!(reveals.body.as_array().map(Vec::len), Some(revealed.len()));
}
