//! The ticket medium end to end against the fake panel: subject rules, ownership, at most one
//! dispatch per customer message (concurrent runners, restarts, two instances on PostgreSQL),
//! replies posted and read back or only logged, and a panel 429 in the middle of a run.
mod common;

use common::engine::{Setup, setup, setup_on};
use common::{TestApp, spawn_app_with};
use fakes::panel::{FakeTicket, FakeTicketMessage};
use panelrelay::tickets::worker;
use serde_json::{Value, json};

fn ticket(id: u64, user: &str, subject: &str, order: Option<u64>, messages: &[&str]) -> FakeTicket {
    FakeTicket {
        id,
        user: user.into(),
        subject: subject.into(),
        status: "pending".into(),
        created: format!("2026-11-30 10:{:02}:00", id % 60),
        order_id: order,
        messages: messages
            .iter()
            .enumerate()
            .map(|(i, m)| FakeTicketMessage {
                id: id * 100 + i as u64,
                text: (*m).into(),
                staff: false,
                created: format!("2026-11-30 10:{:02}:00", id % 60),
            })
            .collect(),
    }
}

/// Tickets switched on for the workspace's panel, counted from 2026-01-01, with `extra` settings.
async fn switch_on(s: &Setup, extra: Value) -> Value {
    let mut body = json!({"enabled": true, "interval_secs": 30, "since": "2026-01-01T00:00:00Z", "reply_enabled": false,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let r = s.app.call("PUT", &format!("/api/tickets/panels/{}", s.panel_id), Some(&s.owner.access), Some(body)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

/// One pass over the panel as instance `holder` (the background loop is off in tests).
async fn run(app: &TestApp, holder: &str, panel_id: &str) -> bool {
    let intake = panelrelay::tickets::repo::intake_row(&app.state.db, &tenant_of(app, panel_id).await, panel_id)
        .await
        .expect("intake")
        .expect("switched on");
    worker::run_panel(&app.state.engine, holder, intake).await.expect("run")
}

async fn tenant_of(app: &TestApp, panel_id: &str) -> String {
    use sea_orm::EntityTrait;
    panelrelay::db::entities::panels::Entity::find_by_id(panel_id.to_string())
        .one(app.state.db.conn())
        .await
        .expect("query")
        .expect("panel")
        .tenant_id
}

async fn activity(s: &Setup) -> Vec<Value> {
    let r = s.app.get("/api/logs/tickets", Some(&s.owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"].as_array().cloned().unwrap_or_default()
}

fn refills(s: &Setup) -> Vec<String> {
    s.app.sender.sent().into_iter().map(|(_, text)| text).filter(|t| t.ends_with("refill")).collect()
}

async fn fresh(s: &Setup) {
    s.fake.update_data(|d| d.tickets.clear());
}

#[tokio::test]
async fn a_refill_ticket_from_the_orders_owner_is_dispatched_once_through_concurrent_runs_and_restarts() {
    let s = setup().await;
    fresh(&s).await;
    s.fake.add_ticket(ticket(9101, "mira_boost", "Refill", None, &["2274209"]));
    switch_on(&s, json!({})).await;
    let (a, b) = tokio::join!(run(&s.app, "instance-a", &s.panel_id), run(&s.app, "instance-b", &s.panel_id));
    assert!(a ^ b, "one runner per panel at a time: {a} {b}");
    s.app.deliver().await;
    assert_eq!(refills(&s), vec!["596723 refill"]);

    let logged = activity(&s).await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["ticket_id"], "9101");
    assert_eq!(logged[0]["command"], "refill");
    assert_eq!(logged[0]["reply_state"], "off", "replying is off by default: logged only");
    assert!(logged[0]["reply"].as_str().is_some_and(|r| r.contains("Refill requested")), "{}", logged[0]);
    let r = s.app.get("/api/logs/commands", Some(&s.owner.access)).await;
    let cmd = &r.body["items"][0];
    assert_eq!(cmd["channel"], "ticket", "{cmd}");
    assert!(cmd["chat"].as_str().is_some_and(|c| c.contains("9101")), "{cmd}");
    assert!(s.fake.ticket_replies().is_empty(), "nothing posted while replying is off");

    // A restart that forgot every fingerprint, then even the activity: the delivery key holds.
    use sea_orm::ConnectionTrait;
    let db = s.app.state.db.conn();
    db.execute_unprepared("DELETE FROM ticket_seen").await.expect("forget");
    assert!(run(&s.app, "instance-a", &s.panel_id).await);
    db.execute_unprepared("DELETE FROM ticket_seen").await.expect("forget");
    db.execute_unprepared("DELETE FROM ticket_activity").await.expect("forget");
    assert!(run(&s.app, "instance-b", &s.panel_id).await);
    s.app.deliver().await;
    assert_eq!(refills(&s), vec!["596723 refill"], "never a second dispatch");

    let again = activity(&s).await;
    assert_eq!(again.len(), 1, "{again:?}");
    assert!(again[0]["detail"].as_str().is_some_and(|d| d.contains("interruption")), "{}", again[0]);
    assert_eq!(again[0]["reply_state"], "none", "an answer is never sent twice");

    // A new customer message on the handled ticket is a new request (refused here: cooldown).
    s.fake.add_ticket_message(9101, "please refill 2274210 too", false);
    assert!(run(&s.app, "instance-a", &s.panel_id).await);
    s.app.deliver().await;
    assert_eq!(refills(&s), vec!["596723 refill", "596724 refill"], "{:?}", activity(&s).await);
}

#[tokio::test]
async fn a_ticket_for_another_users_order_is_refused_and_one_that_is_no_request_is_left_alone() {
    let s = setup().await;
    fresh(&s).await;
    s.fake.add_ticket(ticket(9201, "karan_smm", "Orders - Refill", Some(2274209), &["refill please"]));
    s.fake.add_ticket(ticket(9202, "mira_boost", "Payment", None, &["I paid 20 USD, transaction 2274209"]));
    s.fake.add_ticket(ticket(9203, "mira_boost", "Order", None, &["how do I order followers?"]));
    switch_on(&s, json!({})).await;
    assert!(run(&s.app, "a", &s.panel_id).await);
    s.app.deliver().await;
    assert!(s.app.sender.sent().is_empty(), "nothing dispatched: {:?}", s.app.sender.sent());
    let logged = activity(&s).await;
    let by_ticket = |id: &str| logged.iter().find(|a| a["ticket_id"] == id).cloned().expect("logged");
    assert_eq!(by_ticket("9201")["outcome"], "refused");
    assert!(by_ticket("9201")["command_id"].is_string());
    for id in ["9202", "9203"] {
        let a = by_ticket(id);
        assert_eq!(a["outcome"], "left", "{a}");
        assert!(a["detail"].as_str().is_some_and(|d| d.contains("left for you")), "{a}");
        assert!(a["command_id"].is_null());
    }
    // Filters.
    let r = s.app.get("/api/logs/tickets?outcome=left", Some(&s.owner.access)).await;
    assert_eq!(r.body["total"], 2);
}

#[tokio::test]
async fn replies_are_posted_and_read_back_or_reported_when_the_panel_drops_them() {
    let s = setup().await;
    fresh(&s).await;
    s.fake.add_ticket(ticket(9301, "mira_boost", "Refill", Some(2274209), &["dropped"]));
    switch_on(&s, json!({"reply_enabled": true})).await;
    assert!(run(&s.app, "a", &s.panel_id).await);
    let replies = s.fake.ticket_replies();
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(replies[0].1.contains("Refill requested") && !replies[0].1.contains("596723"), "{replies:?}");
    assert_eq!(activity(&s).await[0]["reply_state"], "posted");

    s.fake.set_quirks(|q| q.ticket_reply_not_stored = true);
    s.fake.add_ticket(ticket(9302, "mira_boost", "Speed Up", Some(2274211), &["slow"]));
    assert!(run(&s.app, "a", &s.panel_id).await);
    let a = activity(&s).await.into_iter().find(|a| a["ticket_id"] == "9302").expect("logged");
    assert_eq!(a["reply_state"], "unverified", "{a}");

    s.fake.set_quirks(|q| {
        q.ticket_reply_not_stored = false;
        q.ticket_reply_missing = true;
    });
    s.fake.add_ticket(ticket(9303, "mira_boost", "Refill", Some(2274210), &["again"]));
    assert!(run(&s.app, "a", &s.panel_id).await);
    let a = activity(&s).await.into_iter().find(|a| a["ticket_id"] == "9303").expect("logged");
    assert_eq!(a["reply_state"], "failed", "{a}");
    let posts = s.fake.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/9303/reply")).count();
    assert_eq!(posts, 1, "a failed reply is never retried blindly");
}

#[tokio::test]
async fn a_panel_429_mid_page_is_backed_off_and_the_next_run_resumes_where_it_stopped() {
    let s = setup().await;
    fresh(&s).await;
    for (id, order) in [(9401, 2274209), (9402, 2274210), (9403, 2274211)] {
        s.fake.add_ticket(ticket(id, "mira_boost", "Refill", None, &[&order.to_string()]));
    }
    // The list has no threads: each ticket needs its detail read (then its order is looked up);
    // the panel stops after 5 requests: the list and two tickets.
    s.fake.set_quirks(|q| {
        q.tickets_list_bare = true;
        q.rate_limit_after_n = Some(5);
    });
    switch_on(&s, json!({})).await;
    assert!(run(&s.app, "a", &s.panel_id).await);
    let view = s.app.get("/api/tickets/panels", Some(&s.owner.access)).await.body[0].clone();
    assert!(view["last_error"].as_str().is_some_and(|e| e.contains("rate limiting")), "{view}");
    let first = activity(&s).await;
    assert_eq!(first.len(), 2, "two tickets were read before the 429: {first:?}");
    let next: chrono::DateTime<chrono::Utc> = serde_json::from_value(view["next_run_at"].clone()).expect("next run");
    assert!(next > chrono::Utc::now() + chrono::Duration::seconds(20), "backed off: {next}");

    s.fake.set_quirks(|q| q.tickets_list_bare = true);
    s.fake.clear_requests();
    assert!(run(&s.app, "a", &s.panel_id).await);
    let details: Vec<String> =
        s.fake.requests().into_iter().filter(|r| r.path.contains("/tickets/")).map(|r| r.path).collect();
    assert_eq!(details.len(), 1, "only the ticket not read yet: {details:?}");
    assert_eq!(activity(&s).await.len(), 3);
    s.app.deliver().await;
    let mut sent = refills(&s);
    sent.sort();
    assert_eq!(sent, vec!["596723 refill", "596724 refill"], "88301 is in progress: refused, not sent");
    let view = s.app.get("/api/tickets/panels", Some(&s.owner.access)).await.body[0].clone();
    assert!(view["last_error"].is_null(), "{view}");
}

#[tokio::test]
async fn rules_are_edited_and_tested_without_touching_the_panel_and_staff_only_read() {
    let s = setup().await;
    let (staff, _) = s.app.add_staff(&s.owner, "staff-t@b.co").await;
    let rules = s.app.get("/api/tickets/rules", Some(&staff.access)).await;
    assert_eq!(rules.status, 200);
    assert!(rules.body.as_array().is_some_and(|r| r.len() >= 4));
    s.fake.clear_requests();
    let test = json!({"subject": "Réclamation", "message": "2274209", "rules": [
        {"enabled": true, "match": "equals", "subject": "reclamation", "action": "refill"}]});
    let r = s.app.post("/api/tickets/rules/test", Some(&staff.access), test).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["command"], "refill");
    assert_eq!(r.body["ids"], json!(["2274209"]));
    assert!(s.fake.requests().is_empty(), "the test box never calls the panel");

    let new_rules = json!([{"enabled": true, "match": "starts_with", "subject": "garansi", "action": "refill"}]);
    let r = s.app.call("PUT", "/api/tickets/rules", Some(&staff.access), Some(new_rules.clone())).await;
    assert_eq!(r.status, 403, "staff only read");
    let r = s.app.call("PUT", "/api/tickets/rules", Some(&s.owner.access), Some(new_rules)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let bad = json!([{"enabled": true, "match": "equals", "subject": " ", "action": "refill"}]);
    let r = s.app.call("PUT", "/api/tickets/rules", Some(&s.owner.access), Some(bad)).await;
    assert_eq!(r.status, 400);
    let r = s
        .app
        .post(
            "/api/tickets/rules/test",
            Some(&s.owner.access),
            json!({"subject": "Garansi order", "message": "2274209"}),
        )
        .await;
    assert_eq!(r.body["command"], "refill", "{}", r.text);

    // Settings are checked; staff cannot switch tickets on.
    let body = json!({"enabled": true, "interval_secs": 5, "reply_enabled": false, "since": null,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    let path = format!("/api/tickets/panels/{}", s.panel_id);
    assert_eq!(s.app.call("PUT", &path, Some(&s.owner.access), Some(body.clone())).await.status, 400);
    assert_eq!(s.app.call("PUT", &path, Some(&staff.access), Some(body)).await.status, 403);
}

#[tokio::test]
async fn two_instances_on_one_postgres_database_handle_each_ticket_once() {
    if common::engine() != "postgres" {
        return; // several instances share PostgreSQL only; SQLite runs one process
    }
    let s = setup().await;
    fresh(&s).await;
    let url = s.app.state.config.database_url.expose().clone();
    let key = std::fs::read_to_string(s.app.data_dir.path().join("master.key")).expect("master key");
    let other = spawn_app_with(&[("PANELRELAY_DATABASE_URL", &url), ("PANELRELAY_MASTER_KEY", key.trim())]).await;
    let twin = other;
    switch_on(&s, json!({})).await;
    for round in 0..4u64 {
        for (i, order) in [2274209u64, 2274210, 2274211, 2274212].iter().enumerate() {
            let id = 9500 + round * 10 + i as u64;
            s.fake.add_ticket(ticket(id, "mira_boost", "Order", None, &[&format!("{order} status")]));
        }
        let (a, b) = tokio::join!(
            run(&s.app, &s.app.state.engine.instance_id, &s.panel_id),
            run(&twin, &twin.state.engine.instance_id, &s.panel_id)
        );
        assert!(a || b);
        // The one that lost the lease runs after; it must find nothing new.
        run(&s.app, "late-a", &s.panel_id).await;
        run(&twin, "late-b", &s.panel_id).await;
    }
    let logged = activity(&s).await;
    assert_eq!(logged.len(), 16, "each ticket once");
    let r = s.app.get("/api/logs/commands?per_page=200", Some(&s.owner.access)).await;
    assert_eq!(r.body["total"], 16, "one command per ticket");
}

#[tokio::test]
async fn tickets_need_a_panel_that_lists_them() {
    let s = setup_on(common::spawn_app().await).await;
    let r = s
        .app
        .post(
            "/api/panels",
            Some(&s.owner.access),
            json!({"name": "V1", "kind": "adminapi_v1", "admin_base_url": s.fake.admin_v1_url(), "admin_key": "fake-admin-key-4f1c"}),
        )
        .await;
    let v1 = r.body["id"].as_str().expect("panel").to_string();
    let body = json!({"enabled": true, "interval_secs": 60, "reply_enabled": false, "since": null,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    let r = s.app.call("PUT", &format!("/api/tickets/panels/{v1}"), Some(&s.owner.access), Some(body)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("cannot list tickets"), "{}", r.text);
    let list = s.app.get("/api/tickets/panels", Some(&s.owner.access)).await.body;
    let v1_view = list.as_array().and_then(|l| l.iter().find(|p| p["panel_id"] == v1.as_str())).cloned().expect("v1");
    assert_eq!(v1_view["supported"], false);
}

#[tokio::test]
async fn a_plan_without_panel_tickets_refuses_them_and_stops_the_runner() {
    let s = setup().await;
    fresh(&s).await;
    s.fake.add_ticket(ticket(9601, "mira_boost", "Refill", None, &["2274209"]));
    switch_on(&s, json!({})).await; // self-hosted: no plan, nothing restricted
    let admin = s.app.admin().await;
    let plan = json!({"name": "Telegram Starter", "description": "", "currency": "USD", "price_month": 2500,
        "mediums": ["telegram"], "modules": [], "limits": {}, "trial_days": 14, "signup": true});
    let r = s.app.post("/api/admin/plans", Some(&admin.access), plan).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let body = json!({"enabled": true, "interval_secs": 60, "reply_enabled": false, "since": null,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    let r = s.app.call("PUT", &format!("/api/tickets/panels/{}", s.panel_id), Some(&s.owner.access), Some(body)).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("panel tickets") && r.text.contains("Telegram Starter"), "{}", r.text);
    s.fake.clear_requests();
    assert!(run(&s.app, "a", &s.panel_id).await);
    assert!(s.fake.requests().is_empty(), "the panel is not read");
    let view = s.app.get("/api/tickets/panels", Some(&s.owner.access)).await.body[0].clone();
    assert!(view["last_error"].as_str().is_some_and(|e| e.contains("panel tickets")), "{view}");
    assert!(activity(&s).await.is_empty());
}

#[tokio::test]
async fn a_message_claimed_by_a_runner_that_died_is_finished_once_by_the_next_run() {
    let s = setup().await;
    fresh(&s).await;
    s.fake.add_ticket(ticket(9701, "mira_boost", "Refill", None, &["2274209"]));
    switch_on(&s, json!({})).await;
    // A runner claimed the message and was killed before deciding it.
    let tenant = tenant_of(&s.app, &s.panel_id).await;
    let row = panelrelay::tickets::repo::new_activity(&tenant, &s.panel_id, "9701", "970100");
    let (db, claimed) = (&s.app.state.db, row.clone());
    assert!(db.write(async |c| panelrelay::tickets::repo::claim_message(c, claimed).await).await.expect("claim"));
    assert!(run(&s.app, "next", &s.panel_id).await);
    s.app.deliver().await;
    assert_eq!(refills(&s), vec!["596723 refill"]);
    let logged = activity(&s).await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["outcome"], "handled");
    assert!(logged[0]["command_id"].is_string());
    assert!(run(&s.app, "again", &s.panel_id).await);
    s.app.deliver().await;
    assert_eq!(refills(&s), vec!["596723 refill"], "once");
}

#[tokio::test]
async fn tickets_that_appear_while_paging_are_neither_missed_nor_handled_twice() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let s = setup().await;
    fresh(&s).await;
    // More than one page (100) of order requests; a fast panel so the test stays short.
    panelrelay::db::entities::panels::Entity::update_many()
        .col_expr(panelrelay::db::entities::panels::Column::Rps, Expr::value(50))
        .filter(panelrelay::db::entities::panels::Column::Id.eq(s.panel_id.clone()))
        .exec(s.app.state.db.conn())
        .await
        .expect("rps");
    s.app.state.engine.config_cache.invalidate(&tenant_of(&s.app, &s.panel_id).await);
    s.fake.update_data(|d| {
        for i in 0..120u64 {
            let mut t = ticket(20_000 + i, "mira_boost", "Order", None, &["2274211 status"]);
            t.created = format!("2026-11-{:02} {:02}:{:02}:00", 1 + i / 60, 10 + (i % 60) / 10, i % 60);
            d.tickets.push(t);
        }
    });
    s.fake.set_quirks(|q| q.tickets_appear_while_paging = true);
    switch_on(&s, json!({})).await;
    assert!(run(&s.app, "a", &s.panel_id).await);
    assert!(run(&s.app, "a", &s.panel_id).await);
    let r = s.app.get("/api/logs/tickets?per_page=200", Some(&s.owner.access)).await;
    let items = r.body["items"].as_array().cloned().unwrap_or_default();
    let mut ids: Vec<&str> = items.iter().filter_map(|a| a["ticket_id"].as_str()).collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no ticket twice");
    assert_eq!(items.iter().filter(|a| a["command"] == "status").count(), 120, "every order request once");
    assert!(items.iter().any(|a| a["subject"] == "Other" && a["outcome"] == "left"), "the newcomers were seen too");
}
