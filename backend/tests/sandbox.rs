//! The sandbox a new user can try without an account: the whole flow against built-in fakes,
//! kept apart from real workspaces, captions and forum topics, and Reset.
mod common;

use std::time::Duration;

use common::spawn_live_app;
use serde_json::{Value, json};

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
    // Starting the sandbox again removes every visitor workspace instead of piling them up.
    let again = panelrelay::sandbox::start(&app.state, &app.base).await.expect("restart");
    assert_eq!(sandbox_workspaces(&app).await, 0);
    drop(again);
}

async fn sandbox_workspaces(app: &common::TestApp) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    panelrelay::db::entities::tenants::Entity::find()
        .filter(panelrelay::db::entities::tenants::Column::Sandbox.eq(true))
        .count(&app.state.db)
        .await
        .expect("count")
}

async fn visit(app: &common::TestApp) -> String {
    let session = app.post("/api/sandbox/session", None, json!({})).await;
    assert_eq!(session.status, 200, "{}", session.text);
    session.body["access_token"].as_str().expect("token").to_string()
}

/// Every visitor gets a workspace of their own: a newcomer never meets a stranger's messages or
/// cooldowns; the number is capped, and idle workspaces go with everything in them.
#[tokio::test]
async fn each_visitor_gets_a_sandbox_of_their_own_capped_and_cleaned_up() {
    let app = spawn_live_app(&[]).await;
    let sandboxes = panelrelay::sandbox::start(&app.state, &app.base).await.expect("sandbox starts");
    let _ = app.state.sandbox.set(sandboxes.clone());
    sandboxes.set_limits(panelrelay::sandbox::Limits { max: 2, idle: Duration::from_secs(3600) });
    let first = visit(&app).await;
    let r =
        app.post("/api/sandbox/messages", Some(&first), json!({"channel": "telegram", "text": "2274209 refill"})).await;
    assert_eq!(r.status, 202, "{}", r.text);
    wait_for_lines(&app, &first, 3).await;

    let second = visit(&app).await;
    assert_eq!(sandbox_workspaces(&app).await, 2);
    let t = app.get("/api/sandbox/transcript", Some(&second)).await;
    assert_eq!(t.body["lines"], json!([]), "a newcomer starts with an empty chat: {}", t.text);
    let logs = app.get("/api/logs/commands", Some(&second)).await;
    assert_eq!(logs.status, 200, "{}", logs.text);
    assert!(logs.text.find("2274209").is_none(), "nor sees another visitor's log: {}", logs.text);
    // The suggested order works for the newcomer: no cooldown left by the first visitor.
    let r = app
        .post("/api/sandbox/messages", Some(&second), json!({"channel": "telegram", "text": "2274209 refill"}))
        .await;
    assert_eq!(r.status, 202);
    let lines = wait_for_lines(&app, &second, 3).await;
    let reply = lines.iter().find(|l| l["from"] == "bot").and_then(|l| l["text"].as_str()).unwrap_or_default();
    assert!(reply.contains("Refill requested"), "{reply}");
    assert_eq!(wait_for_lines(&app, &first, 3).await.len(), 3, "the first visitor's chat is untouched");

    // Full: both visitors are active, so a third is asked to come back later.
    let third = app.post("/api/sandbox/session", None, json!({})).await;
    assert_eq!(third.status, 503, "{}", third.text);
    assert!(third.text.contains("in use"), "{}", third.text);

    // A day without activity removes a workspace and everything in it; its session ends.
    sandboxes.set_limits(panelrelay::sandbox::Limits { max: 2, idle: Duration::ZERO });
    assert_eq!(sandboxes.sweep(&app.state).await.expect("sweep"), 2);
    assert_eq!(sandboxes.count(), 0);
    assert_eq!(sandbox_workspaces(&app).await, 0);
    use sea_orm::{EntityTrait, PaginatorTrait};
    let channels = panelrelay::db::entities::channels::Entity::find().count(&app.state.db).await.expect("count");
    assert_eq!(channels, 0, "their channels went with them");
    let r = app.get("/api/sandbox/transcript", Some(&first)).await;
    assert!(matches!(r.status, 401 | 404), "{}", r.status);
}

/// The sandbox can show the shapes customers really send: a picture's caption and a message in a
/// forum topic, answered in that topic.
#[tokio::test]
async fn the_sandbox_reads_a_caption_and_answers_in_the_forum_topic() {
    let app = spawn_live_app(&[]).await;
    let sandbox = panelrelay::sandbox::start(&app.state, &app.base).await.expect("sandbox starts");
    let _ = app.state.sandbox.set(sandbox);
    let session = app.post("/api/sandbox/session", None, json!({})).await;
    let token = session.body["access_token"].as_str().expect("token").to_string();
    for (channel, text, shape) in [
        ("telegram", "2274209 refill", "picture_with_caption"),
        ("telegram", "2274211 speed", "forum_topic"),
        ("whatsapp", "2274210 refill", "picture_with_caption"),
    ] {
        let r = app
            .post("/api/sandbox/messages", Some(&token), json!({"channel": channel, "text": text, "shape": shape}))
            .await;
        assert_eq!(r.status, 202, "{}", r.text);
    }
    let r = app
        .post(
            "/api/sandbox/messages",
            Some(&token),
            json!({"channel": "whatsapp", "text": "x", "shape": "forum_topic"}),
        )
        .await;
    assert_eq!(r.status, 400, "WhatsApp has no forum topics: {}", r.text);
    let lines = wait_for_lines(&app, &token, 9).await;
    let mut provider: Vec<&str> =
        lines.iter().filter(|l| l["from"] == "provider").filter_map(|l| l["text"].as_str()).collect();
    provider.sort();
    assert_eq!(provider, vec!["596723 refill", "596724 refill", "88301 speed"], "{lines:?}");
    let topic_reply =
        lines.iter().find(|l| l["from"] == "bot" && l["text"].as_str().is_some_and(|t| t.contains("2274211")));
    assert_eq!(topic_reply.map(|l| l["chat"].clone()), Some(json!("Mira's shop forum › Orders topic")), "{lines:?}");
    assert!(lines.iter().any(|l| l["from"] == "customer" && l["text"].as_str().is_some_and(|t| t.starts_with("📷"))));

    // Reset starts the chat over: no transcript, no cooldown, so the suggested order works again.
    let r = app.post("/api/sandbox/reset", Some(&token), json!({})).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let t = app.get("/api/sandbox/transcript", Some(&token)).await;
    assert_eq!(t.body["lines"], json!([]), "{}", t.text);
    let r =
        app.post("/api/sandbox/messages", Some(&token), json!({"channel": "telegram", "text": "2274209 refill"})).await;
    assert_eq!(r.status, 202);
    let lines = wait_for_lines(&app, &token, 3).await;
    let reply = lines.iter().find(|l| l["from"] == "bot").and_then(|l| l["text"].as_str()).unwrap_or_default();
    assert!(reply.contains("Refill requested"), "no cooldown left over: {reply}");
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
