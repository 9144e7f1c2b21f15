//! The SaaS layer: self-hosted mode, plans enforced at every point with a 403 naming the plan,
//! downgrades that switch channels off without deleting them, invoices numbered gap-free under
//! concurrency, approval that extends a subscription exactly once, and the subscription's
//! status walked through trial, active, grace and expiry with a controllable clock.
mod common;

use chrono::Duration;
use common::channels::{add_bot, live_setup};
use common::spawn_app;
use serde_json::{Value, json};

fn plan(name: &str, mediums: &[&str], modules: &[&str], limits: Value, signup: bool) -> Value {
    json!({"name": name, "description": "", "currency": "USD", "price_month": 2500, "mediums": mediums,
        "modules": modules, "limits": limits, "trial_days": 14, "signup": signup})
}

async fn create(app: &common::TestApp, token: &str, path: &str, body: Value) -> String {
    let r = app.post(path, Some(token), body).await;
    assert_eq!(r.status, 201, "{path}: {}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn plans_restrict_mediums_modules_and_limits_and_a_downgrade_switches_channels_off() {
    let s = live_setup().await;
    let (app, owner) = (&s.app, &s.owner.access);
    let admin = app.admin().await;
    // Self-hosted: no plan exists, nothing is limited and there is nothing to buy.
    let b = app.get("/api/billing", Some(owner)).await;
    assert_eq!((b.body["self_hosted"].clone(), b.body["status"].clone()), (json!(true), json!("unrestricted")));
    let r =
        app.post("/api/billing/invoices", Some(owner), json!({"plan_id": "x", "months": 1, "method_id": "y"})).await;
    assert_eq!(r.status, 409, "{}", r.text);
    let tg = fakes::telegram::FakeTelegram::start().expect("fake telegram");
    let bot = add_bot(&s, &tg, "polling").await;

    let limits = json!({"panels": 1, "channels": 1, "linked_chats": 5});
    let tg_plan =
        create(app, &admin.access, "/api/admin/plans", plan("Telegram Starter", &["telegram"], &[], limits, true))
            .await;
    let wa_plan =
        create(app, &admin.access, "/api/admin/plans", plan("WhatsApp Only", &["whatsapp"], &[], json!({}), false))
            .await;
    // The workspace made before billing started is on the sign-up plan's trial.
    let b = app.get("/api/billing", Some(owner)).await;
    assert_eq!(b.body["status"], "trial", "{}", b.text);
    assert_eq!(b.body["plan_name"], "Telegram Starter");
    assert!(matches!(b.body["days_left"].as_i64(), Some(13 | 14)), "{}", b.text);
    assert_eq!(b.body["usage"]["channels"], 1);

    // Every enforcement point answers 403 and names the plan.
    let r = app
        .post(
            "/api/panels",
            Some(owner),
            json!({"name": "Second", "kind": "perfectpanel_v2",
            "admin_base_url": s.fake.admin_v2_url(), "admin_key": "k", "save_anyway": true}),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("Telegram Starter") && r.text.contains("allows 1 panels"), "{}", r.text);
    let r = app
        .post("/api/channels/whatsapp", Some(owner), json!({"name": "WA", "panel_id": s.panel_id,
            "id_instance": "1101000042", "api_url": "https://api.green-api.com", "token": "abcdefabcdefabcdefabcdef", "mode": "polling"}))
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("allows Telegram only"), "{}", r.text);
    let r = app.post("/api/api-keys", Some(owner), json!({"name": "integrator"})).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("does not include the integrator API"), "{}", r.text);
    let r = app.get("/api/logs/commands", Some(&s.key)).await;
    assert_eq!(r.status, 403, "a key made before is switched off by the plan: {}", r.text);
    let r = app
        .post(
            "/api/admin-chats",
            Some(owner),
            json!({"panel_id": s.panel_id, "channel": "telegram",
        "chat_id": "-1001", "label": "Team"}),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    let mut settings = app.get("/api/settings", Some(owner)).await.body;
    settings["service_rules_mode"] = json!("advanced");
    let r = app.call("PUT", "/api/settings", Some(owner), Some(settings)).await;
    assert_eq!(r.status, 403, "{}", r.text);

    // A downgrade to a plan without Telegram switches the bot off; nothing is deleted.
    let workspace = s.owner.workspace_id.clone().expect("workspace");
    let path = format!("/api/admin/tenants/{workspace}/subscription");
    let r = app.call("PUT", &path, Some(&admin.access), Some(json!({"plan_id": wa_plan, "reason": "ok"}))).await;
    assert_eq!(r.status, 400, "a reason of at least 4 characters: {}", r.text);
    let r = app
        .call("PUT", &path, Some(&admin.access), Some(json!({"plan_id": wa_plan, "reason": "moved by request"})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = app.get("/api/channels", Some(owner)).await;
    assert_eq!(list.body[0]["id"], bot["id"]);
    assert_eq!(list.body[0]["plan_blocked"], true, "{}", list.text);
    assert_eq!(list.body[0]["health"]["status"], "off");
    assert!(list.body[0]["health"]["last_error"].as_str().is_some_and(|e| e.contains("plan")));
    // ... and an upgrade brings it back.
    let r = app
        .call("PUT", &path, Some(&admin.access), Some(json!({"plan_id": tg_plan, "reason": "back to Telegram"})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = app.get("/api/channels", Some(owner)).await;
    assert_eq!(list.body[0]["plan_blocked"], false, "{}", list.text);
    let audit = app.get("/api/admin/audit?action=subscription_changed", Some(&admin.access)).await;
    let reasons: Vec<&str> =
        audit.body.as_array().expect("audit").iter().filter_map(|a| a["reason"].as_str()).collect();
    assert_eq!(reasons, vec!["back to Telegram", "moved by request"], "{}", audit.text);
    // A plan in use cannot be deleted, only archived.
    let r = app.call("DELETE", &format!("/api/admin/plans/{tg_plan}"), Some(&admin.access), None).await;
    assert_eq!(r.status, 409, "{}", r.text);
}

#[tokio::test]
async fn invoices_are_numbered_without_gaps_and_approved_exactly_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let owner = app.signup("billing-owner@b.co", "Billing Workspace").await;
    let other = app.signup("billing-other@b.co", "Other Workspace").await;
    let pro =
        create(&app, &admin.access, "/api/admin/plans", plan("Pro", &["telegram", "whatsapp"], &[], json!({}), true))
            .await;
    let method = create(
        &app,
        &admin.access,
        "/api/admin/payment-methods",
        json!({"name": "USDT (TRC20)", "instructions": "Send to wallet TQ1x… and paste the transaction id."}),
    )
    .await;
    let b = app.get("/api/billing", Some(&owner.access)).await;
    assert_eq!(b.body["status"], "trial", "{}", b.text);

    // Eight invoices at once: numbers 1..8 of this year, no gap, no repeat.
    let calls = (0..8).map(|i| {
        let months = [1, 3, 12][i % 3];
        let body = json!({"plan_id": pro, "months": months, "method_id": method});
        let token = if i % 2 == 0 { owner.access.clone() } else { other.access.clone() };
        let app = &app;
        async move { app.post("/api/billing/invoices", Some(&token), body).await }
    });
    let made = futures_util::future::join_all(calls).await;
    let mut numbers: Vec<String> = made
        .iter()
        .map(|r| {
            assert_eq!(r.status, 201, "{}", r.text);
            r.body["number"].as_str().expect("number").to_string()
        })
        .collect();
    numbers.sort();
    let year = chrono::Utc::now().format("%Y");
    let expected: Vec<String> = (1..=8).map(|n| format!("PR-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected);
    let three = made.iter().find(|r| r.body["months"] == 3 && r.body["workspace_name"] == "Billing Workspace");
    let three = three.expect("a 3-month invoice").body.clone();
    assert_eq!(three["amount"], 7500, "three months of 25.00 USD");
    assert!(three["instructions"].as_str().is_some_and(|i| i.contains("TQ1x")));
    let id = three["id"].as_str().expect("id").to_string();
    // Another workspace cannot see or pay it.
    assert_eq!(app.get(&format!("/api/billing/invoices/{id}"), Some(&other.access)).await.status, 404);
    let pay = format!("/api/billing/invoices/{id}/payment");
    assert_eq!(app.post(&pay, Some(&other.access), json!({"reference": "x"})).await.status, 404);
    // Not approvable before the payment reference arrives.
    let approve = format!("/api/admin/invoices/{id}/approve");
    assert_eq!(app.post(&approve, Some(&admin.access), json!({})).await.status, 409);
    let r = app.post(&pay, Some(&owner.access), json!({"reference": "  ", "note": null})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.post(&pay, Some(&owner.access), json!({"reference": "TX-99812", "note": "paid from Binance"})).await;
    assert_eq!((r.status, r.body["status"].clone()), (200, json!("submitted")), "{}", r.text);
    let queue = app.get("/api/admin/invoices", Some(&admin.access)).await;
    assert_eq!(queue.body[0]["id"], json!(id), "submitted invoices come first");

    // Two approvals at once extend the subscription once.
    let (a, b) = tokio::join!(
        app.post(&approve, Some(&admin.access), json!({})),
        app.post(&approve, Some(&admin.access), json!({}))
    );
    let mut statuses = vec![a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "{} / {}", a.text, b.text);
    let sub = app.get("/api/billing", Some(&owner.access)).await.body;
    assert_eq!(sub["status"], "active", "{sub}");
    let days = sub["days_left"].as_i64().expect("days");
    assert!((88..=92).contains(&days), "three months from now (the trial's rest is not added): {days}");

    // The clock walks the subscription through grace into expiry.
    let clock = app.state.engine.billing.clock.clone();
    let forget = || app.state.engine.billing.forget(None);
    clock.advance(Duration::days(days + 1));
    forget();
    let sub = app.get("/api/billing", Some(&owner.access)).await.body;
    assert_eq!(sub["status"], "grace", "{sub}");
    assert!(sub["banner"].as_str().is_some_and(|b| b.contains("still works")), "{sub}");
    clock.advance(Duration::days(3));
    forget();
    let sub = app.get("/api/billing", Some(&owner.access)).await.body;
    assert_eq!(sub["status"], "expired", "{sub}");
    assert!(sub["banner"].as_str().is_some_and(|b| b.contains("paused")), "{sub}");
    // Open invoices expired meanwhile; a rejected one tells the owner why.
    let mine = app.get("/api/billing/invoices", Some(&owner.access)).await.body;
    assert!(mine.as_array().expect("list").iter().filter(|i| i["id"] != json!(id)).all(|i| i["status"] == "expired"));
    let fresh =
        create(&app, &owner.access, "/api/billing/invoices", json!({"plan_id": pro, "months": 1, "method_id": method}))
            .await;
    app.post(&format!("/api/billing/invoices/{fresh}/payment"), Some(&owner.access), json!({"reference": "TX-1"}))
        .await;
    let r = app
        .post(
            &format!("/api/admin/invoices/{fresh}/reject"),
            Some(&admin.access),
            json!({"reason": "no such transaction"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let seen = app.get(&format!("/api/billing/invoices/{fresh}"), Some(&owner.access)).await.body;
    assert_eq!(
        (seen["status"].clone(), seen["reject_reason"].clone()),
        (json!("rejected"), json!("no such transaction"))
    );
    let audit = app.get("/api/admin/audit", Some(&admin.access)).await.body;
    let actions: Vec<&str> = audit.as_array().expect("audit").iter().filter_map(|a| a["action"].as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "invoice_approved").count(), 1, "{actions:?}");
    assert!(actions.contains(&"invoice_rejected"));
}

/// Past grace the bot pauses: requests are logged as paused, nothing reaches a provider, the
/// customer hears "temporarily unavailable" once a day per chat; after renewal new requests are
/// handled and the paused ones are not replayed.
#[tokio::test]
async fn an_expired_workspace_pauses_its_bot_and_renewal_resumes_it() {
    use common::channels::{CUSTOMER, GROUP_A, TOKEN, link_customer, wait_for};
    let s = live_setup().await;
    let (app, owner) = (&s.app, &s.owner.access);
    let admin = app.admin().await;
    let tg = fakes::telegram::FakeTelegram::start().expect("fake telegram");
    add_bot(&s, &tg, "polling").await;
    link_customer(&s, "telegram", &CUSTOMER.to_string()).await;
    let modules = ["integrator_api"];
    let all = plan("All in", &["telegram", "whatsapp"], &modules, json!({}), true);
    let plan_id = create(app, &admin.access, "/api/admin/plans", all).await;
    assert_eq!(app.get("/api/billing", Some(owner)).await.body["status"], "trial");
    // Fifteen days later the 14-day trial and the 3 grace days are over... almost: grace first.
    let clock = app.state.engine.billing.clock.clone();
    clock.advance(Duration::days(15));
    app.state.engine.billing.forget(None);
    assert_eq!(app.get("/api/billing", Some(owner)).await.body["status"], "grace");
    clock.advance(Duration::days(3));
    app.state.engine.billing.forget(None);
    assert_eq!(app.get("/api/billing", Some(owner)).await.body["status"], "expired");

    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill").await;
    let told = wait_for("the paused reply", || tg.sent_to(TOKEN, CUSTOMER).first().cloned()).await;
    assert!(told.contains("temporarily unavailable"), "{told}");
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274210 refill").await;
    let logged = || async {
        let r = app.get("/api/logs/commands", Some(owner)).await;
        r.body["items"].as_array().cloned().or_else(|| r.body.as_array().cloned()).unwrap_or_default()
    };
    for _ in 0..100 {
        if logged().await.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let rows = logged().await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r["outcome"] == "paused"), "{rows:?}");
    assert_eq!(tg.sent_to(TOKEN, CUSTOMER).len(), 1, "told once a day per chat");
    assert!(tg.sent_to(TOKEN, GROUP_A).is_empty(), "nothing reached a provider");

    // Renewed by hand: the next request is handled; the paused ones are not replayed.
    let path = format!("/api/admin/tenants/{}/subscription", s.owner.workspace_id.clone().expect("workspace"));
    let body = json!({"plan_id": plan_id, "extend_days": 40, "reason": "paid by bank transfer"});
    let r = app.call("PUT", &path, Some(&admin.access), Some(body)).await;
    assert_eq!((r.status, r.body["status"].clone()), (200, json!("active")), "{}", r.text);
    tg.inject(TOKEN, CUSTOMER, CUSTOMER, "mira", "2274209 refill").await;
    let sent = wait_for("the provider message", || tg.sent_to(TOKEN, GROUP_A).first().cloned()).await;
    assert!(sent.contains("596723"), "{sent}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let all = tg.sent_to(TOKEN, GROUP_A);
    assert!(all.iter().all(|m| !m.contains("596724")), "paused requests are not replayed: {all:?}");
}

/// A plan's requests per month: past the limit, requests are paused like an expiry (logged,
/// nothing to a provider); dry runs and paused requests do not count.
#[tokio::test]
async fn the_monthly_request_limit_pauses_further_requests() {
    let s = common::engine::setup().await;
    let admin = s.app.admin().await;
    let limited = plan("Two a month", &["telegram"], &["integrator_api"], json!({"commands_per_month": 2}), true);
    create(&s.app, &admin.access, "/api/admin/plans", limited).await;
    let r = s
        .app
        .post(
            "/api/commands/simulate",
            Some(&s.key),
            json!({"panel_id": s.panel_id, "text": "2274209 refill", "username": "mira_boost"}),
        )
        .await;
    assert_eq!(r.status, 200, "a dry run is not a request: {}", r.text);
    for text in ["2274209 refill", "2274211 speed"] {
        let r = common::engine::command(&s, text, "mira_boost").await;
        assert_ne!(r["verdicts"], json!([]), "{r}");
    }
    let r = common::engine::command(&s, "2274210 refill", "mira_boost").await;
    assert_eq!(r["verdicts"], json!([]), "{r}");
    assert!(r["reply"].as_str().is_some_and(|t| t.contains("temporarily unavailable")), "{r}");
    let logs = s.app.get("/api/logs/commands", Some(&s.owner.access)).await;
    assert!(logs.text.contains("the plan's 2 requests this month are used"), "{}", logs.text);
    let b = s.app.get("/api/billing", Some(&s.owner.access)).await;
    assert_eq!(b.body["usage"]["commands_this_month"], 2, "{}", b.text);
}

#[tokio::test]
async fn the_scheduler_tells_the_owner_once_in_support_that_the_trial_ends_then_that_it_is_in_grace() {
    use panelrelay::scheduler::{notices, repo::Outcome};
    let app = spawn_app().await;
    let admin = app.admin().await;
    let owner = app.signup("notice-owner@b.co", "Notice Shop").await;
    create(&app, &admin.access, "/api/admin/plans", plan("Pro", &["telegram"], &[], json!({}), true)).await;
    assert_eq!(app.get("/api/billing", Some(&owner.access)).await.body["status"], "trial");
    let engine = &app.state.engine;
    let clock = engine.billing.clock.clone();
    // A fresh 14-day trial: nothing to say.
    assert_eq!(notices::send_due(engine, engine.billing.now()).await.expect("run"), Outcome::Idle);
    // Five days before the end: one notice, however often the job runs (and from two instances).
    clock.advance(Duration::days(9));
    let now = engine.billing.now();
    let (a, b) = tokio::join!(notices::send_due(engine, now), notices::send_due(engine, now));
    let sent = [a.expect("a"), b.expect("b")].into_iter().filter(|o| matches!(o, Outcome::Ok(_))).count();
    assert_eq!(sent, 1, "sent once");
    assert_eq!(notices::send_due(engine, now).await.expect("again"), Outcome::Idle);
    let list = app.get("/api/support/tickets", Some(&owner.access)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let thread = &list.body.as_array().expect("tickets")[0];
    assert_eq!(thread["subject"], notices::SUBJECT);
    assert_eq!(thread["unread"], 1, "{thread}");
    // In grace: a second message in the same thread.
    clock.advance(Duration::days(6));
    engine.billing.forget(None);
    assert!(matches!(notices::send_due(engine, engine.billing.now()).await.expect("grace"), Outcome::Ok(_)));
    let list = app.get("/api/support/tickets", Some(&owner.access)).await.body;
    assert_eq!(list.as_array().expect("tickets").len(), 1, "one thread for the notices: {list}");
    let id = list[0]["id"].as_str().expect("id");
    let thread = app.get(&format!("/api/support/tickets/{id}"), Some(&owner.access)).await.body;
    let messages = thread["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 2, "{thread}");
    assert!(messages.iter().all(|m| m["from_platform"] == true), "{thread}");
}
