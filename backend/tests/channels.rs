//! The channels end to end against the fake Telegram Bot API and the fake Green API: the live
//! app (workers on, real senders), webhook and polling modes, dedupe, bad input and faults.
mod common;

use std::time::Duration;

use common::engine::{Setup, setup_on};
use common::spawn_live_app;
use fakes::greenapi::{AuthStyle, FakeGreenApi};
use fakes::telegram::{Failure, FakeTelegram};
use serde_json::{Value, json};

const TOKEN: &str = "7012345678:AAF-test-bot-token_0123456789abc";
const CUSTOMER: i64 = 6_600_112_233;
const GROUP_A: i64 = -100_123_456_780;
const INSTANCE: i64 = 3_301_448_207;
const WA_TOKEN: &str = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
const WA_CUSTOMER: &str = "15550001111@c.us";

async fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(v) = check() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn live_setup() -> Setup {
    setup_on(spawn_live_app(&[]).await).await
}

async fn add_bot(s: &Setup, tg: &FakeTelegram, mode: &str) -> Value {
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

async fn link_customer(s: &Setup, channel: &str, sender: &str) {
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

#[tokio::test]
async fn telegram_webhook_links_a_customer_and_forwards_one_grouped_message() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    let channel = add_bot(&s, &tg, "webhook").await;
    let id = channel["id"].as_str().expect("id");
    assert_eq!(channel["account_name"], "@panel_support_bot");
    assert_eq!(channel["privacy_on"], true);
    let (url, secret) = tg.webhook(TOKEN).expect("setWebhook was called");
    assert_eq!(url, format!("{}/tg/{id}", s.app.base));
    let secret = secret.expect("a secret token");
    assert!(secret.len() >= 32);

    // Self-service link, approved by the owner.
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "link mira_boost").await;
    wait_for("the link reply", || tg.sent_to(TOKEN, CUSTOMER).into_iter().find(|t| t.contains("mira_boost"))).await;
    let links = s.app.get("/api/links", Some(&s.owner.access)).await;
    let link = links.body[0]["id"].as_str().expect("link").to_string();
    let r = s
        .app
        .call("PUT", &format!("/api/links/{link}"), Some(&s.owner.access), Some(json!({"status": "approved"})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209, 2274210 refill").await;
    let sent = wait_for("the provider message", || {
        let got = tg.sent_to(TOKEN, GROUP_A);
        (!got.is_empty()).then_some(got)
    })
    .await;
    assert_eq!(sent, vec!["596723, 596724 refill"], "one grouped message");
    let reply = wait_for("the customer reply", || {
        tg.sent_to(TOKEN, CUSTOMER).into_iter().find(|t| t.contains("Refill requested"))
    })
    .await;
    assert!(!reply.contains("596723"), "never the external id: {reply}");

    // The same update delivered twice at once: one dispatch.
    let update = tg.message_update(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274211 speed");
    let hook = format!("{}/tg/{id}", s.app.base);
    let (a, b) =
        tokio::join!(tg.post_webhook(&hook, Some(&secret), &update), tg.post_webhook(&hook, Some(&secret), &update));
    assert_eq!((a, b), (200, 200));
    wait_for("the speed dispatch", || {
        let all = [tg.sent_to(TOKEN, GROUP_A), tg.sent_to(TOKEN, GROUP_A - 1)].concat();
        all.iter().any(|t| t.ends_with("speed")).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let speed: Vec<String> = [tg.sent_to(TOKEN, GROUP_A), tg.sent_to(TOKEN, GROUP_A - 1)]
        .concat()
        .into_iter()
        .filter(|t| t.ends_with("speed"))
        .collect();
    assert_eq!(speed.len(), 1, "dispatched once: {speed:?}");

    // Bad input: wrong or missing secret and unknown paths get the same 401; junk is acknowledged.
    let wrong = tg.post_webhook(&hook, Some("wrong-secret"), &update).await;
    let missing = tg.post_webhook(&hook, None, &update).await;
    let unknown = tg.post_webhook(&format!("{}/tg/no-such-bot", s.app.base), Some(&secret), &update).await;
    assert_eq!((wrong, missing, unknown), (401, 401, 401));
    let junk = s
        .app
        .client
        .post(&hook)
        .header("X-Telegram-Bot-Api-Secret-Token", &secret)
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(junk.status().as_u16(), 200);
    let long = tg.message_update(TOKEN, CUSTOMER, CUSTOMER, "mira", &"2274209 refill ".repeat(400));
    assert_eq!(tg.post_webhook(&hook, Some(&secret), &long).await, 200);
    let from_bot = json!({"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": CUSTOMER, "type": "private", "first_name": "x"},
        "from": {"id": 42, "is_bot": true, "first_name": "other bot"}, "text": "2274210 cancel"}});
    assert_eq!(tg.post_webhook(&hook, Some(&secret), &from_bot).await, 200);

    // Health: updates received, sends made, nothing stuck.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
    let h = &list.body[0]["health"];
    assert_eq!(h["status"], "ok", "{}", list.text);
    assert!(h["last_update_at"].is_string() && h["last_send_at"].is_string(), "{}", list.text);
    assert!(!list.text.contains(TOKEN) && !list.text.contains(&secret));
    // Logs show the commands.
    let logs = s.app.get("/api/logs/commands", Some(&s.owner.access)).await;
    assert!(logs.text.contains("2274211 speed"), "{}", logs.text);
}

#[tokio::test]
async fn telegram_polling_persists_the_offset_and_reports_a_conflict_in_plain_words() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    let channel = add_bot(&s, &tg, "polling").await;
    let id = channel["id"].as_str().expect("id").to_string();
    assert!(tg.webhook(TOKEN).is_none());
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill").await;
    wait_for("the provider message", || tg.sent_to(TOKEN, GROUP_A).first().cloned()).await;
    wait_for("the customer reply", || tg.sent_to(TOKEN, CUSTOMER).first().cloned()).await;
    // The offset moved past the stored update, so Telegram drops it and a restart does not replay it.
    use sea_orm::EntityTrait;
    let row = panelrelay::db::entities::channels::Entity::find_by_id(id.clone())
        .one(&s.app.state.db)
        .await
        .expect("db")
        .expect("row");
    assert!(row.poll_offset > 815_000_000, "offset {}", row.poll_offset);
    wait_for("the update to be confirmed", || (tg.pending_updates(TOKEN) == 0).then_some(())).await;

    // Someone sets a webhook on the same bot: polling gets 409 and the channel says why.
    let r = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/setWebhook", tg.api_url()))
        .json(&json!({"url": "https://elsewhere.example/hook"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 200);
    let text = wait_for_health(&s, "unhealthy").await;
    assert!(text.contains("webhook"), "{text}");
}

async fn wait_for_health(s: &Setup, status: &str) -> String {
    for _ in 0..100 {
        let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
        if list.body[0]["health"]["status"] == status {
            return list.body[0]["health"]["last_error"].as_str().unwrap_or("").to_string();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the channel never became {status}");
}

#[tokio::test]
async fn a_provider_group_that_removed_the_bot_dead_letters_and_tells_the_customer_once() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    tg.kick_from(TOKEN, GROUP_A);
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209, 2274210 refill").await;
    let problem = wait_for("the API problem follow-up", || {
        tg.sent_to(TOKEN, CUSTOMER).into_iter().find(|t| t.contains("couldn't check"))
    })
    .await;
    assert!(!problem.to_lowercase().contains("kicked") && !problem.contains("403"), "{problem}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let follow_ups = tg.sent_to(TOKEN, CUSTOMER).into_iter().filter(|t| t.contains("couldn't check")).count();
    assert_eq!(follow_ups, 1);
    let logs = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    assert!(logs.text.contains("dead") && logs.text.contains("removed from this group"), "{}", logs.text);
    let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
    assert!(list.body[0]["health"]["last_error"].as_str().unwrap_or("").contains("removed"), "{}", list.text);
}

#[tokio::test]
async fn a_429_is_waited_out_and_the_message_still_goes_once() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    tg.fail_next(
        TOKEN,
        Failure {
            method: "sendMessage".into(),
            status: 429,
            description: "Too Many Requests: retry after 1".into(),
            retry_after: Some(1),
            migrate_to_chat_id: None,
            count: 1,
            chat_id: None,
        },
    );
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill").await;
    wait_for("the provider message", || tg.sent_to(TOKEN, GROUP_A).first().cloned()).await;
    wait_for("the reply", || tg.sent_to(TOKEN, CUSTOMER).first().cloned()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(tg.sent_to(TOKEN, GROUP_A).len(), 1);
}

async fn add_instance(s: &Setup, wa: &FakeGreenApi, mode: &str) -> Value {
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

#[tokio::test]
async fn whatsapp_webhook_accepts_both_token_forms_and_handles_a_redelivery_once() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    let channel = add_instance(&s, &wa, "webhook").await;
    let id = channel["id"].as_str().expect("id");
    let settings = wa.settings(INSTANCE);
    let hook = format!("{}/wa/{id}", s.app.base);
    assert_eq!(settings["webhookUrl"], hook.as_str());
    assert_eq!(settings["incomingWebhook"], "yes");
    let token = settings["webhookUrlToken"].as_str().expect("token").to_string();
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;

    let note = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "2274209 refill", false);
    for (style, tok, expect) in [
        (AuthStyle::Bearer, "wrong-token", 401),
        (AuthStyle::None, token.as_str(), 401),
        (AuthStyle::Bare, "", 401),
        (AuthStyle::Bearer, token.as_str(), 200),
        (AuthStyle::Bare, token.as_str(), 200),
    ] {
        assert_eq!(wa.post_webhook(&hook, tok, style, &note).await, expect, "{style:?} {tok:?}");
    }
    let sent = wait_for("the provider message", || {
        let got = wa.sent_to(INSTANCE, "120363099887766554@g.us");
        (!got.is_empty()).then_some(got)
    })
    .await;
    assert_eq!(sent, vec!["596723 refill"]);
    wait_for("the reply", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(wa.sent_to(INSTANCE, "120363099887766554@g.us").len(), 1, "the redelivery counted once");

    // Our own echo and a status notification never start a conversation.
    let replies_before = wa.sent_to(INSTANCE, WA_CUSTOMER).len();
    let mut echo = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "2274210 refill", false);
    echo["typeWebhook"] = json!("outgoingAPIMessageReceived");
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &echo).await, 200);
    let status = json!({"typeWebhook": "outgoingMessageStatus", "chatId": WA_CUSTOMER, "status": "failed",
        "idMessage": "BAE5X", "instanceData": {"idInstance": INSTANCE}, "timestamp": 1});
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &status).await, 200);
    assert_eq!(
        s.app
            .client
            .post(&hook)
            .header("Authorization", format!("Bearer {token}"))
            .body("{oops")
            .send()
            .await
            .expect("sent")
            .status()
            .as_u16(),
        200,
        "malformed JSON is stored and acknowledged"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(wa.sent_to(INSTANCE, WA_CUSTOMER).len(), replies_before);
}

#[tokio::test]
async fn a_whatsapp_delivery_report_of_not_in_group_dead_letters_the_message_and_tells_the_customer_once() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "webhook").await;
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;
    // Accepted by sendMessage, then reported: our number is not in the provider's group. Every
    // message gets the report, the customer's replies too (those match no dispatch).
    wa.set_switches(INSTANCE, |w| w.report = Some("notInGroup".into()));
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274209 refill").await;
    let problem = wait_for("the API problem follow-up", || {
        wa.sent_to(INSTANCE, WA_CUSTOMER).into_iter().find(|t| t.contains("couldn't check"))
    })
    .await;
    assert!(!problem.contains("notInGroup") && !problem.contains("member"), "{problem}");
    assert_eq!(wa.sent_to(INSTANCE, "120363099887766554@g.us"), vec!["596723 refill"], "sent once, not resent");
    let logs = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    assert_eq!(logs.body["items"][0]["status"], "dead", "{}", logs.text);
    assert!(logs.body["items"][0]["last_error"].as_str().is_some_and(|e| e.contains("not a member")), "{}", logs.text);

    // A second report for the same message (or a redelivery) changes nothing more.
    let to_group = wa.sent(INSTANCE).into_iter().find(|m| m.chat_id == "120363099887766554@g.us").expect("sent");
    let report = json!({"typeWebhook": "outgoingMessageStatus", "chatId": "120363099887766554@g.us",
        "status": "failed", "idMessage": to_group.id_message, "instanceData": {"idInstance": INSTANCE}, "timestamp": 2});
    let token = wa.settings(INSTANCE)["webhookUrlToken"].as_str().expect("token").to_string();
    let channels = s.app.get("/api/channels", Some(&s.owner.access)).await;
    let hook = format!("{}/wa/{}", s.app.base, channels.body[0]["id"].as_str().expect("id"));
    assert_eq!(wa.post_webhook(&hook, &token, AuthStyle::Bearer, &report).await, 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let follow_ups = wa.sent_to(INSTANCE, WA_CUSTOMER).into_iter().filter(|t| t.contains("couldn't check")).count();
    assert_eq!(follow_ups, 1);

    // Delivered reports leave a sent message sent.
    wa.set_switches(INSTANCE, |w| w.report = Some("delivered".into()));
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274210 refill").await;
    wait_for("the second provider message", || {
        let sent = wa.sent_to(INSTANCE, "120363099887766554@g.us");
        (sent.len() == 2).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let logs = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    let statuses: Vec<&str> =
        logs.body["items"].as_array().expect("items").iter().filter_map(|d| d["status"].as_str()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "sent").count(), 1, "{}", logs.text);
    assert_eq!(statuses.iter().filter(|s| **s == "dead").count(), 1, "{}", logs.text);
}

#[tokio::test]
async fn whatsapp_polling_deletes_only_after_storing_and_466_shows_in_health() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "polling").await;
    link_customer(&s, "whatsapp", WA_CUSTOMER).await;
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274209 refill").await;
    wait_for("the provider message", || wa.sent_to(INSTANCE, "120363099887766554@g.us").first().cloned()).await;
    wait_for("the reply", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    wait_for("the notification to be deleted", || (wa.queued(INSTANCE) == 0).then_some(())).await;

    wa.set_switches(INSTANCE, |w| w.quota = true);
    wa.inject(INSTANCE, WA_CUSTOMER, None, "Mira", "2274210 refill").await;
    for _ in 0..100 {
        let list = s.app.get("/api/channels", Some(&s.owner.access)).await;
        if list.body[0]["health"]["last_error"].as_str().is_some_and(|e| e.contains("quota")) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the quota problem never showed on the channel");
}

#[tokio::test]
async fn a_bad_token_is_refused_in_plain_words_and_nothing_is_stored() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    let r = s
        .app
        .post(
            "/api/channels/telegram",
            Some(&s.owner.access),
            json!({"name": "Bot", "panel_id": s.panel_id, "token": "123:AAnot-a-real-token-at-all-xyz", "mode": "polling", "api_url": tg.api_url()}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("BotFather"), "{}", r.text);
    let r = s
        .app
        .post(
            "/api/channels/telegram",
            Some(&s.owner.access),
            json!({"name": "Bot", "panel_id": s.panel_id, "token": "not a token", "mode": "polling"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(s.app.get("/api/channels", Some(&s.owner.access)).await.body, json!([]));
}

#[tokio::test]
async fn the_sandbox_shows_the_whole_flow_and_stays_apart_from_real_tenants() {
    let app = spawn_live_app(&[]).await;
    let real = app.signup("real-owner@b.co", "Real Workspace").await;
    let off = app.post("/api/sandbox/session", None, json!({})).await;
    assert_eq!(off.status, 404, "no sandbox unless the server runs one");
    let sandbox = panelrelay::sandbox::start(&app.state, &app.base).await.expect("sandbox starts");
    let _ = app.state.sandbox.set(sandbox);
    assert_eq!(app.get("/api/sandbox", None).await.body["available"], true);
    let session = app.post("/api/sandbox/session", None, json!({})).await;
    assert_eq!(session.status, 200, "{}", session.text);
    let token = session.body["access_token"].as_str().expect("token").to_string();
    for (channel, text) in [("telegram", "2274209 refill"), ("whatsapp", "2274211 speed")] {
        let r = app.post("/api/sandbox/messages", Some(&token), json!({"channel": channel, "text": text})).await;
        assert_eq!(r.status, 202, "{}", r.text);
    }
    let lines = wait_for_lines(&app, &token, 6).await;
    let mut provider: Vec<&str> =
        lines.iter().filter(|l| l["from"] == "provider").filter_map(|l| l["text"].as_str()).collect();
    provider.sort();
    assert_eq!(provider, vec!["596723 refill", "88301 speed"], "{lines:?}");
    assert!(lines.iter().any(|l| l["from"] == "bot" && l["text"].as_str().is_some_and(|t| t.contains("2274209"))));
    let text = serde_json::to_string(&lines).expect("json");
    assert!(!text.contains("sandbox-provider-one.example"), "aliases only");
    // A real tenant cannot use the sandbox's chat, and does not see its data.
    let r = app.post("/api/sandbox/messages", Some(&real.access), json!({"channel": "telegram", "text": "x"})).await;
    assert_eq!(r.status, 404);
    assert_eq!(app.get("/api/sandbox/transcript", Some(&real.access)).await.status, 404);
    assert_eq!(app.get("/api/channels", Some(&real.access)).await.body, json!([]));
    // Starting again replaces the sandbox instead of piling up workspaces.
    let again = panelrelay::sandbox::start(&app.state, &app.base).await.expect("restart");
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let flagged = panelrelay::db::entities::tenants::Entity::find()
        .filter(panelrelay::db::entities::tenants::Column::Sandbox.eq(true))
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(flagged, 1);
    drop(again);
}

async fn wait_for_lines(app: &common::TestApp, token: &str, n: usize) -> Vec<Value> {
    for _ in 0..100 {
        let t = app.get("/api/sandbox/transcript", Some(token)).await;
        let lines = t.body["lines"].as_array().cloned().unwrap_or_default();
        if lines.len() >= n {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the sandbox transcript never reached {n} lines");
}

#[tokio::test]
async fn tokens_and_webhook_secrets_are_sealed_in_the_database() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "webhook").await;
    let (_, tg_secret) = tg.webhook(TOKEN).expect("webhook");
    let wa_secret = wa.settings(INSTANCE)["webhookUrlToken"].as_str().expect("token").to_string();
    if common::engine() != "sqlite" {
        return;
    }
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(b) = std::fs::read(s.app.data_dir.path().join(format!("panelrelay.db{suffix}"))) {
            bytes.extend(b);
        }
    }
    assert!(bytes.len() > 4096);
    for secret in [TOKEN.to_string(), WA_TOKEN.to_string(), tg_secret.expect("secret"), wa_secret] {
        let needle = secret.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "a channel secret is stored in plain text");
    }
}

#[tokio::test]
async fn a_revoked_token_marks_the_polling_bot_unhealthy_in_plain_words() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "polling").await;
    tg.revoke(TOKEN);
    let text = wait_for_health(&s, "unhealthy").await;
    assert!(text.contains("BotFather"), "{text}");
    assert!(!text.contains(TOKEN));
}

#[tokio::test]
async fn a_group_upgraded_to_a_supergroup_gets_its_new_id_and_the_message() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    let upgraded = -1_001_555_666_777_i64;
    tg.fail_next(
        TOKEN,
        Failure {
            method: "sendMessage".into(),
            status: 400,
            description: "Bad Request: group chat was upgraded to a supergroup chat".into(),
            retry_after: None,
            migrate_to_chat_id: Some(upgraded),
            count: 1,
            chat_id: Some(GROUP_A.to_string()),
        },
    );
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill").await;
    let got = wait_for("the message in the supergroup", || tg.sent_to(TOKEN, upgraded).first().cloned()).await;
    assert_eq!(got, "596723 refill");
    let dests = s.app.get("/api/destinations", Some(&s.owner.access)).await;
    assert!(dests.text.contains(&upgraded.to_string()), "the stored id was replaced: {}", dests.text);
}

#[tokio::test]
async fn a_whatsapp_picture_gets_one_ask_for_text_per_hour_and_groups_stay_silent() {
    let s = live_setup().await;
    let wa = FakeGreenApi::start().expect("fake green api");
    add_instance(&s, &wa, "polling").await;
    let mut picture = wa.text_notification(INSTANCE, WA_CUSTOMER, WA_CUSTOMER, "Mira", "x", false);
    picture["messageData"] = json!({"typeMessage": "imageMessage", "fileMessageData": {"caption": ""}});
    for n in 0..2 {
        let mut again = picture.clone();
        again["idMessage"] = json!(format!("IMG{n}"));
        wa.deliver(INSTANCE, again).await;
    }
    let mut in_group = picture.clone();
    in_group["idMessage"] = json!("IMG-group");
    in_group["senderData"]["chatId"] = json!("120363099887766554@g.us");
    wa.deliver(INSTANCE, in_group).await;
    wait_for("the ask for text", || wa.sent_to(INSTANCE, WA_CUSTOMER).first().cloned()).await;
    wait_for("the queue to drain", || (wa.queued(INSTANCE) == 0).then_some(())).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let asked = wa.sent_to(INSTANCE, WA_CUSTOMER);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].contains("text message"));
    assert!(wa.sent_to(INSTANCE, "120363099887766554@g.us").is_empty());
}

#[tokio::test]
async fn nothing_a_bot_sends_names_a_provider_domain() {
    const CANARY_A: &str = "kx7qv2mzpt.io";
    const CANARY_B: &str = "rb4wn9cjhd.io";
    let s = common::engine::setup_with_domains(spawn_live_app(&[]).await, CANARY_A, CANARY_B).await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    let r = s
        .app
        .post(
            "/api/admin-chats",
            Some(&s.owner.access),
            json!({"channel": "telegram", "chat_id": "-100777000111", "label": "Support team"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    for text in [
        "2274209 refill",
        "2274211 speed",
        "2274212 cancel",
        "status 2274211",
        "2274217 refill",
        "2274218 refill",
        "help",
        "balance",
        "2274213 refill",
    ] {
        tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", text).await;
    }
    tg.inject(TOKEN, -100_777_000_111, 6_600_999_999, "support", "status 2274209, 2274211").await;
    wait_for("the admin chat's status reply", || tg.sent_to(TOKEN, -100_777_000_111).first().cloned()).await;
    wait_for("replies to every message", || (tg.sent_to(TOKEN, CUSTOMER).len() >= 9).then_some(())).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let everything: Vec<String> = tg.sent(TOKEN).into_iter().map(|m| m.text.to_lowercase()).collect();
    assert!(everything.iter().any(|t| t.contains("provider")), "the admin status names the alias: {everything:?}");
    for canary in [CANARY_A, CANARY_B] {
        let chars: Vec<char> = canary.chars().collect();
        for piece in chars.windows(6).map(|w| w.iter().collect::<String>()) {
            for t in &everything {
                assert!(!t.contains(&piece), "a sent message contains {piece:?} of a provider domain: {t}");
            }
        }
    }
}
