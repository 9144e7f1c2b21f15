//! What every response carries and how the server behaves at its edges: security headers, JSON
//! errors for actix's and the file server's own refusals, bounded query parameters, private data
//! files, and webhook authentication that one receiver's path cannot poison for the other.
mod common;

use common::engine::setup_on;
use common::{spawn_app, spawn_live_app};
use serde_json::{Value, json};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/api/health", "/api/no-such-route", "/", "/api/docs/"] {
        let r = app.get(path, None).await;
        let csp = r.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(r.headers.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "{path}");
        assert!(r.headers.get("referrer-policy").is_some(), "{path}");
        assert!(r.headers.get("strict-transport-security").is_none(), "no HSTS on a plain-http address");
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app = common::spawn_app_with(&[("PANELRELAY_PUBLIC_URL", "https://relay.example.com")]).await;
    let r = app.get("/api/health", None).await;
    assert!(r.headers.get("strict-transport-security").is_some());
}

#[tokio::test]
async fn oversized_webhook_bodies_and_odd_methods_get_the_json_error_shape() {
    let app = spawn_app().await;
    let big = vec![b'x'; 10 * 1024 * 1024];
    let r = app.client.post(format!("{}/tg/some-channel", app.base)).body(big).send().await.expect("send");
    assert_eq!(r.status().as_u16(), 413);
    let body: Value = r.json().await.expect("a JSON body");
    assert_eq!(body["code"], "payload_too_large");
    let trace = reqwest::Method::from_bytes(b"TRACE").expect("method");
    let r = app.client.request(trace, format!("{}/", app.base)).send().await.expect("send");
    assert_eq!(r.status().as_u16(), 405);
    let body: Value = r.json().await.expect("a JSON body");
    assert_eq!(body["code"], "method_not_allowed");
}

#[tokio::test]
async fn every_query_parameter_of_every_route_takes_extreme_values_without_a_500() {
    let app = spawn_app().await;
    let owner = app.signup("extreme@params.test", "Extreme").await;
    let doc = app.get("/api/openapi.json", None).await.body;
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if path.contains('{') {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            for param in op["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "query") {
                let name = param["name"].as_str().expect("name");
                for value in ["9223372036854775808", "18446744073709551616", "-1", "0", &"9".repeat(400), "%00"] {
                    let url = format!("{path}?{name}={value}");
                    let r = app.call(&method.to_uppercase(), &url, Some(&owner.access), None).await;
                    walked += 1;
                    assert!(r.status < 500, "{method} {url} answered {}: {}", r.status, r.text);
                    assert!(r.body["code"].is_string() || r.status == 200, "{url}: {}", r.text);
                }
            }
        }
    }
    assert!(walked >= 30, "walked {walked}");
    let r = app.get("/api/logs/commands?page=9223372036854775808", Some(&owner.access)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.get("/api/logs/commands?page=1000001", Some(&owner.access)).await;
    assert_eq!(r.status, 400, "a page past the bound is refused: {}", r.text);
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_the_database_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    app.signup("files@private.test", "Files").await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
    assert_eq!(mode(app.data_dir.path()), 0o700);
    if common::engine() == "sqlite" {
        for name in ["panelrelay.db", "panelrelay.db-wal", "panelrelay.db-shm"] {
            let file = app.data_dir.path().join(name);
            assert!(file.exists(), "{name}");
            assert_eq!(mode(&file), 0o600, "{name}");
        }
    }
    assert_eq!(mode(&app.data_dir.path().join("master.key")), 0o600);
}

#[tokio::test]
async fn calls_to_the_other_receivers_path_do_not_lock_out_real_deliveries() {
    let s = setup_on(spawn_live_app(&[]).await).await;
    let tg = fakes::telegram::FakeTelegram::start().expect("fake telegram");
    let token = "7012345678:AAF-poison-test-token_0123456789ab";
    tg.add_bot(token, "poison_bot", "Poison");
    let r = s
        .app
        .post(
            "/api/channels/telegram",
            Some(&s.owner.access),
            json!({"name": "Bot", "panel_id": s.panel_id, "token": token, "mode": "webhook", "api_url": tg.api_url()}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().expect("id").to_string();
    let (_, secret) = tg.webhook(token).expect("webhook set");
    let secret = secret.expect("secret");
    for n in 0..5 {
        // Unauthenticated calls to the WhatsApp receiver with the Telegram channel's id...
        let r = s.app.client.post(format!("{}/wa/{id}", s.app.base)).body("{}").send().await.expect("send");
        assert_eq!(r.status().as_u16(), 401);
        // ...never make a genuine Telegram delivery answer 401.
        let update = tg.message_update(token, 6_600_000_000 + n, 6_600_000_000 + n, "mira", "hello");
        let status = tg.post_webhook(&format!("{}/tg/{id}", s.app.base), Some(&secret), &update).await;
        assert_eq!(status, 200, "delivery {n} refused");
    }
}
