//! The outbound policy seen from the API, with the operator's switches left at their defaults:
//! tenant-given addresses on the inside are refused on save and never called, channel APIs must be
//! the official ones, and a panel that redirects is reported in plain words without the key ever
//! reaching the redirect's target.
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Session, TestApp, spawn_app, spawn_app_with};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const STRICT: [(&str, &str); 2] =
    [("PANELRELAY_ALLOW_PRIVATE_URLS", "false"), ("PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS", "false")];

async fn add_panel(app: &TestApp, owner: &Session, url: &str) -> common::Resp {
    app.post(
        "/api/panels",
        Some(&owner.access),
        json!({"name": format!("Panel {}", url.len()), "kind": "perfectpanel_v2", "admin_base_url": url, "admin_key": "k-123",
            "save_anyway": true}),
    )
    .await
}

#[tokio::test]
async fn inside_addresses_are_refused_when_a_panel_is_saved() {
    let app = spawn_app_with(&STRICT).await;
    let owner = app.signup("ssrf@outbound.test", "Outbound").await;
    for url in [
        "http://127.0.0.1:9/adminapi/v2",
        "http://localhost/adminapi/v2",
        "http://2130706433/adminapi/v2",
        "http://[::1]/adminapi/v2",
        "http://[::ffff:127.0.0.1]/adminapi/v2",
        "http://10.0.0.5/adminapi/v2",
        "http://169.254.169.254/adminapi/v2",
        "http://metadata.google.internal/adminapi/v2",
    ] {
        let r = add_panel(&app, &owner, url).await;
        assert_eq!(r.status, 400, "{url} was accepted: {}", r.text);
        assert!(r.text.contains("public internet"), "{url}: {}", r.text);
    }
    let r = app
        .post(
            "/api/panels",
            Some(&owner.access),
            json!({"name": "P", "kind": "perfectpanel_v2", "admin_base_url": "https://panel.example/adminapi/v2",
                "admin_key": "k", "user_api_url": "http://192.168.1.1/api/v2", "user_api_key": "u"}),
        )
        .await;
    assert_eq!(r.status, 400, "the user API address too: {}", r.text);
}

#[tokio::test]
async fn a_panel_saved_before_is_still_never_called_on_the_inside() {
    // Saved while private addresses were allowed, called after the operator turned that off.
    let fake = fakes::panel::FakePanel::start(fakes::panel::sample_data("p1.example", "p2.example")).expect("fake");
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().display().to_string();
    let open = spawn_app_with(&[("PANELRELAY_DATA_DIR", data.as_str())]).await;
    let owner = open.signup("later@outbound.test", "Later").await;
    let r = add_panel(&open, &owner, &fake.admin_v2_url()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let panel_id = r.body["id"].as_str().expect("id").to_string();
    let strict = panelrelay::outbound::OutboundPolicy::new(false, false);
    let row = panelrelay::panels::repo::get(&open.state.db, owner.workspace_id.as_deref().expect("ws"), &panel_id)
        .await
        .expect("panel");
    let config = panelrelay::panels::repo::client_config(&open.state.vault.secrets, &row).expect("config");
    let client =
        panelrelay::panels::client::build_client(config, strict.default_client(), strict, Default::default(), 1);
    let before = fake.requests().len();
    let err = client.test_connection().await.expect_err("refused");
    assert!(matches!(err, panelrelay::panels::client::PanelError::Refused(_)), "{err:?}");
    assert_eq!(fake.requests().len(), before, "no request reached the inside address");
}

#[tokio::test]
async fn channel_apis_must_be_the_official_ones() {
    let app = spawn_app_with(&STRICT).await;
    let owner = app.signup("channels@outbound.test", "Channels").await;
    let r = add_panel(&app, &owner, "https://panel.example/adminapi/v2").await;
    let panel_id = r.body["id"].as_str().expect("panel").to_string();
    let r = app
        .post(
            "/api/channels/telegram",
            Some(&owner.access),
            json!({"name": "Bot", "panel_id": panel_id, "token": "7000000001:AAsquatting-attempt-token-000",
                "mode": "polling", "api_url": "https://my-fake-telegram.example"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("api.telegram.org"), "{}", r.text);
    let r = app
        .post(
            "/api/channels/whatsapp",
            Some(&owner.access),
            json!({"name": "WA", "panel_id": panel_id, "id_instance": "3301448207",
                "api_url": "http://127.0.0.1:9", "token": "abcdef0123456789", "mode": "polling"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app
        .post(
            "/api/channels/telegram",
            Some(&owner.access),
            json!({"name": "Bot", "panel_id": panel_id, "token": format!("7000000001:AA{}", "x".repeat(900_000)),
                "mode": "polling"}),
        )
        .await;
    assert_eq!(r.status, 400, "a 900 KB token is not a bot token");
}

/// A server that answers every request with a redirect to `target`, and one that counts visits.
async fn redirecting_server(target: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let target = target.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let answer = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}")
}

async fn counting_server(visits: Arc<AtomicUsize>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            visits.fetch_add(1, Ordering::SeqCst);
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").await;
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_redirecting_panel_is_reported_in_plain_words_and_the_key_never_travels() {
    let app = spawn_app().await; // local servers stand in for the panel: private addresses allowed
    let owner = app.signup("redirect@outbound.test", "Redirect").await;
    let visits = Arc::new(AtomicUsize::new(0));
    let elsewhere = counting_server(visits.clone()).await;
    let panel = redirecting_server(format!("{elsewhere}/adminapi/v2/orders")).await;
    let r = add_panel(&app, &owner, &format!("{panel}/adminapi/v2")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().expect("id");
    let r = app.post(&format!("/api/panels/{id}/test"), Some(&owner.access), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let message = r.body["message"].as_str().unwrap_or_default();
    assert!(message.contains("redirected"), "{message}");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(visits.load(Ordering::SeqCst), 0, "the redirect's target was never called (nor given the key)");
}

#[tokio::test]
async fn the_default_settings_refuse_what_the_tests_allow() {
    // The suite allows private addresses for its fakes; a default start does not.
    let app = spawn_app_with(&STRICT).await;
    assert!(app.state.channels.outbound.check("http://127.0.0.1:8080/").is_err());
    let default = panelrelay::config::Config::from_sources(&Default::default()).expect("defaults");
    assert!(!default.allow_private_urls && !default.allow_custom_channel_apis);
}
