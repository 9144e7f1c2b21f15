//! What the channel tests share: the fake bot and instance, a live workspace, links and waits.
#![allow(dead_code)]
use std::time::Duration;

use fakes::greenapi::FakeGreenApi;
use fakes::telegram::FakeTelegram;
use serde_json::{Value, json};

use super::engine::{Setup, setup_on};
use super::spawn_live_app;

pub const TOKEN: &str = "7012345678:AAF-test-bot-token_0123456789abc";
pub const CUSTOMER: i64 = 6_600_112_233;
pub const GROUP_A: i64 = -100_123_456_780;
pub const INSTANCE: i64 = 3_301_448_207;
pub const WA_TOKEN: &str = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
pub const WA_CUSTOMER: &str = "15550001111@c.us";

pub async fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(v) = check() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

pub async fn live_setup() -> Setup {
    setup_on(spawn_live_app(&[]).await).await
}

pub async fn add_bot(s: &Setup, tg: &FakeTelegram, mode: &str) -> Value {
    tg.add_bot(TOKEN, "panel_support_bot", "Panel Support");
    let r = s
        .app
        .post(
            "/api/channels/telegram",
            Some(&s.owner.access),
            json!({"name": "Support bot", "panel_id": s.panel_id, "token": TOKEN, "mode": mode, "api_url": tg.api_url()}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(!r.text.contains("AAF-test-bot-token"), "the token is never echoed");
    r.body
}

pub async fn link_customer(s: &Setup, channel: &str, sender: &str) {
    let r = s
        .app
        .post(
            "/api/links",
            Some(&s.owner.access),
            json!({"panel_id": s.panel_id, "channel": channel, "sender_id": sender, "username": "mira_boost"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

pub async fn wait_for_health(s: &Setup, status: &str) -> String {
    for _ in 0..100 {
        let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
        if list.body[0]["health"]["status"] == status {
            return list.body[0]["health"]["last_error"].as_str().unwrap_or("").to_string();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the channel never became {status}");
}

pub async fn add_instance(s: &Setup, wa: &FakeGreenApi, mode: &str) -> Value {
    wa.add_instance(INSTANCE, WA_TOKEN);
    let r = s
        .app
        .post(
            "/api/channels/whatsapp",
            Some(&s.owner.access),
            json!({"name": "WhatsApp support", "panel_id": s.panel_id, "id_instance": INSTANCE.to_string(),
                "api_url": wa.api_url(), "token": WA_TOKEN, "mode": mode}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(!r.text.contains(WA_TOKEN));
    // Provider routes go to a WhatsApp group.
    let d = s
        .app
        .post(
            "/api/destinations",
            Some(&s.owner.access),
            json!({"name": "Provider WA group", "kind": "whatsapp_group", "address": "120363099887766554@g.us"}),
        )
        .await;
    let providers = s.app.get("/api/providers", Some(&s.owner.access)).await.body;
    for p in providers.as_array().expect("providers") {
        let r = s
            .app
            .call(
                "PUT",
                &format!("/api/routes/providers/{}", p["id"].as_str().expect("id")),
                Some(&s.owner.access),
                Some(json!({"destination_id": d.body["id"]})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    r.body
}
