//! Telegram end to end against the fake Bot API: the live app (workers on, real senders),
//! webhook and polling modes, dedupe, bad input and faults; and the sandbox.
mod common;

use std::time::Duration;

use common::channels::*;
use common::spawn_live_app;
use fakes::greenapi::FakeGreenApi;
use fakes::telegram::{Failure, FakeTelegram};
use serde_json::json;

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

#[tokio::test]
async fn a_provider_group_that_removed_the_bot_dead_letters_and_tells_the_customer_once() {
    let s = live_setup().await;
    let tg = FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "webhook").await;
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    tg.kick_from(TOKEN, GROUP_A);
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209, 2274210 refill").await;
    let problem = wait_for("the undelivered follow-up", || {
        tg.sent_to(TOKEN, CUSTOMER).into_iter().find(|t| t.contains("did not reach our team"))
    })
    .await;
    assert!(problem.contains("refill request for order 2274209, 2274210"), "names the action and orders: {problem}");
    assert!(!problem.to_lowercase().contains("kicked") && !problem.contains("403"), "{problem}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let follow_ups = tg.sent_to(TOKEN, CUSTOMER).into_iter().filter(|t| t.contains("did not reach our team")).count();
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
