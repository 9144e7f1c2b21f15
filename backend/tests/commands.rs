//! The command engine end to end on the fake panel: parse, check, cooldown, outbox, replies.
mod common;

use common::assert_error_shape;
use common::engine::{command, outcomes, setup};
use serde_json::json;

#[tokio::test]
async fn a_bulk_refill_becomes_one_grouped_provider_message_and_a_repeat_hits_the_cooldown() {
    let s = setup().await;
    let result = command(&s, "2274209, 2274210 refill", "mira_boost").await;
    assert_eq!(result["verdicts"][0]["outcome"], "accepted", "{result}");
    assert_eq!(result["verdicts"][1]["outcome"], "accepted");
    assert_eq!(result["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(result["messages"][0]["text"], "596723, 596724 refill");
    assert!(result["reply"].as_str().is_some_and(|r| r.contains("Refill requested for order 2274209")), "{result}");
    assert!(!result["reply"].as_str().unwrap_or_default().contains("596723"), "never the external id to the customer");
    assert_eq!(s.app.deliver().await, 1);
    let sent = s.app.sender.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].0.address.as_str(), sent[0].1.as_str()), ("-100123456780", "596723, 596724 refill"));

    let again = command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(again["verdicts"][0]["outcome"], "cooldown_active", "{again}");
    assert!(again["reply"].as_str().is_some_and(|r| r.contains("You can ask again in")));
    assert_eq!(s.app.deliver().await, 0, "nothing sent twice");

    let logs = s.app.get("/api/logs/commands?order_id=2274209", Some(&s.owner.access)).await;
    assert_eq!(logs.body["total"], 2, "{}", logs.text);
    let dispatches = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    assert_eq!(
        (dispatches.body["items"][0]["status"].as_str(), dispatches.body["items"][0]["provider_alias"].as_str()),
        (Some("sent"), Some("Provider 1"))
    );
    assert!(!dispatches.text.contains("alpha-prov"), "{}", dispatches.text);
    let cooldowns = s.app.get("/api/logs/cooldowns", Some(&s.owner.access)).await;
    assert_eq!(cooldowns.body["total"], 2);
}

#[tokio::test]
async fn ownership_rules_and_missing_orders_get_their_own_replies() {
    let s = setup().await;
    let r = command(&s, "2274218 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "not_your_order");
    let r = command(&s, "9999999 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "not_found");
    let r = command(&s, "2274213 refill", "mira_boost").await;
    assert_eq!(
        (r["verdicts"][0]["outcome"].as_str(), r["verdicts"][0]["reason"].as_str()),
        (Some("refused"), Some("no_refill_for_service"))
    );
    let r = command(&s, "2274220 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["reason"], "refill_window_over", "{r}");
    let r = command(&s, "2274211 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["reason"], "not_completed");
    let r = command(&s, "2274211 speed", "MIRA_BOOST").await;
    assert_eq!(r["verdicts"][0]["outcome"], "accepted", "{r}");
    assert_eq!(r["messages"][0]["text"], "88301 speed");
    let r = command(&s, "2274216 cancel", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "accepted");
    let r = command(&s, "2274209 status", "mira_boost").await;
    assert_eq!(r["reply"], "📦 Order 2274209: Completed. Start count 120, remains 0.");
    assert!(r["messages"].as_array().is_some_and(Vec::is_empty));
    let r = command(&s, "hello there", "mira_boost").await;
    assert_eq!((r["command"].as_str(), r["reply"].as_str()), (Some("silent"), Some("")));
    let r = command(&s, "help", "mira_boost").await;
    assert!(r["reply"].as_str().is_some_and(|t| t.contains("2274209 refill")));
    let r = command(&s, "balance", "mira_boost").await;
    assert_eq!(r["reply"], "💰 Your balance is $12.50.");
}

#[tokio::test]
async fn the_dry_run_shows_everything_but_sends_and_consumes_nothing() {
    let s = setup().await;
    let r = s
        .app
        .post(
            "/api/commands/simulate",
            Some(&s.owner.access),
            json!({"panel_id": s.panel_id, "text": "2274209 2274210 refill", "username": "mira_boost"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.body["dry_run"].as_bool(), r.body["messages"][0]["text"].as_str()),
        (Some(true), Some("596723, 596724 refill"))
    );
    assert_eq!(s.app.deliver().await, 0);
    let real = command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(real["verdicts"][0]["outcome"], "accepted", "the dry run consumed no cooldown");
}

#[tokio::test]
async fn concurrent_identical_requests_pass_exactly_once() {
    let s = setup().await;
    let calls = (0..8).map(|_| {
        s.app.post(
            "/api/commands",
            Some(&s.key),
            json!({"panel_id": s.panel_id, "text": "2274209 refill", "username": "mira_boost"}),
        )
    });
    let results = futures_util::future::join_all(calls).await;
    let accepted = results.iter().filter(|r| r.body["verdicts"][0]["outcome"] == "accepted").count();
    let cooling = results.iter().filter(|r| r.body["verdicts"][0]["outcome"] == "cooldown_active").count();
    assert_eq!((accepted, cooling), (1, 7), "{:?}", results.iter().map(|r| r.text.clone()).collect::<Vec<_>>());
    assert_eq!(s.app.deliver().await, 1);
    assert_eq!(s.app.sender.sent().len(), 1);
}

#[tokio::test]
async fn a_bulk_with_one_order_cooling_down_sends_the_rest_and_an_expired_cooldown_is_claimed_again() {
    use sea_orm::{ConnectionTrait, Statement};
    let s = setup().await;
    let first = command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(first["verdicts"][0]["outcome"], "accepted", "{first}");

    // One of two ids is cooling down: the other still goes out, alone, once.
    let both = command(&s, "2274209 2274210 refill", "mira_boost").await;
    assert_eq!(outcomes(&both), ["cooldown_active", "accepted"], "{both}");
    assert_eq!(both["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(both["messages"][0]["text"], "596724 refill");

    // The window ends: the same order can be asked for again, and is held again after that.
    let db = &s.app.state.db;
    let past = db.get_database_backend();
    let sql = match past {
        sea_orm::DbBackend::Postgres => "UPDATE cooldowns SET until = until - INTERVAL '2 days'",
        _ => "UPDATE cooldowns SET until = '2000-01-01 00:00:00+00:00'",
    };
    db.execute_raw(Statement::from_string(past, sql)).await.expect("expire the cooldowns");
    let again = command(&s, "2274209 2274210 refill", "mira_boost").await;
    assert_eq!(outcomes(&again), ["accepted", "accepted"], "{again}");
    assert_eq!(again["messages"][0]["text"], "596723, 596724 refill");
    let held = command(&s, "2274210 refill", "mira_boost").await;
    assert_eq!(held["verdicts"][0]["outcome"], "cooldown_active", "{held}");

    assert_eq!(s.app.deliver().await, 3);
    let mut texts: Vec<String> = s.app.sender.sent().into_iter().map(|(_, text)| text).collect();
    texts.sort();
    assert_eq!(texts, ["596723 refill", "596723, 596724 refill", "596724 refill"]);
    let cooldowns = s.app.get("/api/logs/cooldowns", Some(&s.owner.access)).await;
    assert_eq!(cooldowns.body["total"], 2, "one row per order and action: {}", cooldowns.text);
}

#[tokio::test]
async fn a_write_transaction_dropped_or_failed_half_way_leaves_nothing_and_blocks_nobody() {
    use panelrelay::db::txn::WriteTxn;
    use sea_orm::{ConnectionTrait, Statement};
    let s = setup().await;
    let state = &s.app.state;
    let backend = state.db.get_database_backend();
    let count = "SELECT COUNT(*) AS n FROM command_log";
    let logged = || async {
        let row = state.db.query_one_raw(Statement::from_string(backend, count)).await.expect("count").expect("row");
        row.try_get::<i64>("", "n").expect("n")
    };
    let before = logged().await;
    let insert_log = || {
        Statement::from_string(
            backend,
            "INSERT INTO command_log (id, tenant_id, panel_id, channel, chat, text, command, order_ids, outcome, \
             verdicts, reply, dry_run, created_at) SELECT 'half-way', id, NULL, 'api', 'x', 'x', 'refill', '[]', \
             'answered', '[]', '', false, created_at FROM tenants LIMIT 1",
        )
    };
    {
        let mut txn = WriteTxn::begin(&state.db).await.expect("begin");
        txn.run(vec![insert_log()]).await.expect("first step");
        // dropped here, neither committed nor rolled back by the caller
    }
    // A failing step rolls back what came before it in the same transaction.
    let mut txn = WriteTxn::begin(&state.db).await.expect("begin after a drop");
    txn.run(vec![insert_log()]).await.expect("insert");
    let failed = txn.run(vec![Statement::from_string(backend, "INSERT INTO no_such_table VALUES (1)")]).await;
    assert!(failed.is_err());
    drop(txn);
    assert_eq!(logged().await, before, "nothing of either transaction stayed");
    // And the next command goes through as usual.
    let r = command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "accepted", "{r}");
    assert_eq!(logged().await, before + 1);
}

#[tokio::test]
async fn failed_sends_retry_then_end_in_a_visible_dead_letter() {
    use panelrelay::dispatch::sender::SendError;
    let s = setup().await;
    s.app.sender.fail_next(vec![SendError::Temporary("telegram 502".into())]);
    command(&s, "2274209 refill", "mira_boost").await;
    assert_eq!(s.app.deliver().await, 0);
    let log = s.app.get("/api/logs/dispatches", Some(&s.owner.access)).await;
    assert_eq!(
        (log.body["items"][0]["status"].as_str(), log.body["items"][0]["attempts"].as_u64()),
        (Some("pending"), Some(1))
    );
    assert_eq!(log.body["items"][0]["last_error"], "telegram 502");
    s.app.sender.fail_next(vec![SendError::Permanent("the bot was removed from the group".into())]);
    command(&s, "2274210 refill", "mira_boost").await;
    s.app.deliver().await;
    let dead = s.app.get("/api/logs/dispatches?outcome=dead", Some(&s.owner.access)).await;
    assert_eq!(dead.body["total"], 1, "{}", dead.text);
    assert_eq!(dead.body["items"][0]["last_error"], "the bot was removed from the group");
}

#[tokio::test]
async fn a_panel_failure_mid_bulk_keeps_the_checked_ids_and_reports_the_rest_as_an_api_problem() {
    let s = setup().await;
    s.fake.set_quirks(|q| q.rate_limit_after_n = Some(2));
    let r = command(&s, "2274209 2274210 2274213 2274214 2274220 2274218 refill", "mira_boost").await;
    let verdicts = r["verdicts"].as_array().expect("verdicts").clone();
    assert_eq!(verdicts.len(), 6, "every id has a verdict");
    let problems: Vec<&str> =
        verdicts.iter().filter(|v| v["outcome"] == "api_problem").filter_map(|v| v["order_id"].as_str()).collect();
    let accepted: Vec<&str> =
        verdicts.iter().filter(|v| v["outcome"] == "accepted").filter_map(|v| v["order_id"].as_str()).collect();
    assert!(!problems.is_empty() && problems.len() < 6, "the panel failed part-way: {r}");
    let sent: String = r["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let external = |id: &str| {
        let map = [
            ("2274209", "596723"),
            ("2274210", "596724"),
            ("2274213", "596730"),
            ("2274214", "596731"),
            ("2274220", "596741"),
            ("2274218", "596740"),
        ];
        map.iter().find(|(o, _)| *o == id).map(|(_, e)| e.to_string()).unwrap_or_default()
    };
    for id in &accepted {
        assert!(sent.contains(&external(id)), "accepted {id} is dispatched: {sent}");
    }
    for id in &problems {
        assert!(!sent.contains(&external(id)), "{id} had a panel problem and must not be dispatched: {sent}");
    }
    let reply = r["reply"].as_str().unwrap_or_default();
    assert!(reply.contains("of 6 orders accepted") && reply.contains("couldn't check order"), "{reply}");
    assert!(
        !reply.to_lowercase().contains("429") && !reply.to_lowercase().contains("rate"),
        "no technical text: {reply}"
    );
    // The same request again later: checked ids are now cooling down, the others pass.
    s.fake.set_quirks(|q| q.rate_limit_after_n = None);
    let again = command(&s, "2274209 2274210 2274213 2274214 2274220 2274218 refill", "mira_boost").await;
    for v in again["verdicts"].as_array().expect("verdicts") {
        let id = v["order_id"].as_str().unwrap_or_default();
        if accepted.contains(&id) {
            assert_eq!(v["outcome"], "cooldown_active", "{id} is not sent twice");
        }
    }
}

#[tokio::test]
async fn hostile_texts_are_silent_or_clearly_refused() {
    let s = setup().await;
    let huge = "refill ".repeat(20_000);
    let r = s
        .app
        .post("/api/commands", Some(&s.key), json!({"panel_id": s.panel_id, "text": huge, "username": "mira_boost"}))
        .await;
    assert_eq!(assert_error_shape(&r, 400), "bad_request");
    for text in ["", "🔥🔥", "\u{202e}\u{0} refill", "refill 1234567890123456789012345678901234567890"] {
        let r = command(&s, text, "mira_boost").await;
        assert_eq!(r["command"], "silent", "{text:?}");
    }
    let r = s
        .app
        .post("/api/commands", Some(&s.key), json!({"panel_id": "nope", "text": "2274209 refill", "username": "x"}))
        .await;
    assert_eq!(assert_error_shape(&r, 404), "not_found");
}

#[tokio::test]
async fn advanced_mode_uses_the_synced_services_and_the_owners_overrides() {
    let s = setup().await;
    let r = s.app.post(&format!("/api/panels/{}/sync-services", s.panel_id), Some(&s.owner.access), json!({})).await;
    assert_eq!(r.body["services"], 4, "{}", r.text);
    let services = s.app.get(&format!("/api/panels/{}/services", s.panel_id), Some(&s.owner.access)).await;
    let row = |id: &str| {
        services.body.as_array().expect("rows").iter().find(|r| r["service_id"] == id).cloned().expect("row")
    };
    assert_eq!(
        (row("1187")["parsed_refill"].as_str(), row("1310")["parsed_refill"].as_str()),
        (Some("30"), Some("none"))
    );
    assert_eq!(row("1201")["parsed_start_max_hours"], 1.0);
    assert!(row("1310")["refill_matched"].as_str().is_some_and(|m| m.contains("no refill")));
    let r = command(&s, "2274213 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["reason"], "no_refill_for_service");
    let url = format!("/api/panels/{}/services/1310", s.panel_id);
    let bad = s.app.call("PUT", &url, Some(&s.owner.access), Some(json!({"refill_override": "forever"}))).await;
    assert_eq!(assert_error_shape(&bad, 400), "bad_request");
    let r = s.app.call("PUT", &url, Some(&s.owner.access), Some(json!({"refill_override": "30"}))).await;
    assert_eq!(r.body["refill_override"], "30", "{}", r.text);
    let r = command(&s, "2274213 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["reason"], "no_refill_for_service", "easy mode ignores overrides");
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["service_rules_mode"] = json!("advanced");
    s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    let r = command(&s, "2274213 refill", "mira_boost").await;
    assert_eq!(r["verdicts"][0]["outcome"], "accepted", "{r}");
    let check = s
        .app
        .post(
            "/api/service-rules/check",
            Some(&s.owner.access),
            json!({"name": "TikTok Likes [R30] [Start: 0-2 hours]"}),
        )
        .await;
    assert_eq!((check.body["refill"].as_str(), check.body["start_max_hours"].as_f64()), (Some("30"), Some(2.0)));
}
