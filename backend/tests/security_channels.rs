//! A bot or WhatsApp instance claimed through an address of the tenant's choosing proves nothing:
//! it cannot be taken over by another unproven claim, and when a proven claim takes it over the
//! earlier workspace sees its channel switched off with the reason.
mod common;

use common::engine::setup_on;
use common::spawn_app;
use serde_json::json;

const TOKEN: &str = "7000000009:AAsquatted-bot-token-0000000000";

#[tokio::test]
async fn an_unproven_claim_blocks_nobody_and_gives_way_to_a_proven_one() {
    let s = setup_on(spawn_app().await).await;
    let tg = fakes::telegram::FakeTelegram::start().expect("fake telegram");
    tg.add_bot(TOKEN, "squatted_bot", "Squatted");
    let body = |panel: &str| json!({"name": "Bot", "panel_id": panel, "token": TOKEN, "mode": "polling", "api_url": tg.api_url()});
    let r = s.app.post("/api/channels/telegram", Some(&s.owner.access), body(&s.panel_id)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let squatter_channel = r.body["id"].as_str().expect("id").to_string();

    // A second workspace, also through an address of its choosing: refused, nothing revealed.
    let other = s.app.signup("second@claims.test", "Second").await;
    let fake = fakes::panel::FakePanel::start(fakes::panel::sample_data("x1.example", "x2.example")).expect("fake");
    let r = s
        .app
        .post(
            "/api/panels",
            Some(&other.access),
            json!({"name": "P", "kind": "perfectpanel_v2", "admin_base_url": fake.admin_v2_url(), "admin_key": "k-1", "save_anyway": true}),
        )
        .await;
    let other_panel = r.body["id"].as_str().expect("panel").to_string();
    let r = s.app.post("/api/channels/telegram", Some(&other.access), body(&other_panel)).await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(!r.text.contains("Commands"), "the holder's workspace is not named: {}", r.text);

    // The real owner proves the token against Telegram itself (done here at the repository level:
    // this machine cannot reach api.telegram.org): the earlier claim is switched off, with the reason.
    let holder = panelrelay::channels::claims::holder(&s.app.state.db, "telegram", "7000000009")
        .await
        .expect("read")
        .expect("held");
    assert_eq!(
        panelrelay::channels::claims::decide(Some(&holder.tenant_id), other.workspace_id.as_deref().expect("ws"), true),
        panelrelay::channels::claims::Claim::Supersede
    );
    panelrelay::channels::claims::supersede(&s.app.state.db, holder).await.expect("supersede");
    let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
    let row = list.body.as_array().and_then(|l| l.iter().find(|c| c["id"] == squatter_channel.as_str())).cloned();
    let row = row.expect("the earlier channel is still listed");
    assert_eq!(row["enabled"], false, "{row}");
    assert!(row.to_string().contains("another workspace connected this account"), "{row}");
    // The account id is free again for the proven owner.
    assert!(
        panelrelay::channels::claims::holder(&s.app.state.db, "telegram", "7000000009").await.expect("read").is_none()
    );
}
