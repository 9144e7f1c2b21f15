//! actix's own failures and ours come back as `{"code","message"}` with the right status.
mod common;

use common::{assert_error_shape, spawn_app};
use sea_orm::ConnectionTrait;
use serde_json::json;

#[tokio::test]
async fn health_and_ready_answer_with_a_request_id() {
    let app = spawn_app().await;
    let r = app.get("/api/health", None).await;
    assert_eq!(r.status, 200);
    assert!(r.headers.get("x-request-id").is_some());
    let r = app.get("/api/ready", None).await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("ready")), "{}", r.text);
}

#[tokio::test]
async fn malformed_json_wrong_types_and_missing_fields_are_400() {
    let app = spawn_app().await;
    let raw = app
        .client
        .post(format!("{}/api/auth/login", app.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(raw.status().as_u16(), 400);
    let body: serde_json::Value = raw.json().await.expect("json");
    assert_eq!(body["code"], "bad_request");
    for bad in [json!({"email": 5, "password": "x"}), json!({"email": "a@b.co"}), json!([1, 2])] {
        let r = app.post("/api/auth/login", None, bad).await;
        assert_eq!(assert_error_shape(&r, 400), "bad_request");
    }
    let no_type = app.client.post(format!("{}/api/auth/login", app.base)).body("{}").send().await.expect("send");
    assert_eq!(no_type.status().as_u16(), 400);
}

#[tokio::test]
async fn bodies_over_the_configured_limit_are_413() {
    let app = common::spawn_app_with(&[("PANELRELAY_BODY_LIMIT_BYTES", "2048")]).await;
    let big = json!({"email": "a@b.co", "password": "x".repeat(4096)});
    let r = app.post("/api/auth/login", None, big).await;
    assert_eq!(assert_error_shape(&r, 413), "payload_too_large");
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let app = spawn_app().await;
    let r = app.get("/api/no-such-route", None).await;
    assert_eq!(assert_error_shape(&r, 404), "not_found");
    let r = app.call("DELETE", "/api/health", None, None).await;
    assert_eq!(assert_error_shape(&r, 405), "method_not_allowed");
    assert_eq!(r.headers.get("allow").and_then(|v| v.to_str().ok()), Some("GET"));
    let r = app.call("PUT", "/api/team/members/some-id", None, None).await;
    assert_eq!(assert_error_shape(&r, 405), "method_not_allowed");
}

#[tokio::test]
async fn server_errors_carry_a_fixed_message_and_the_request_id_only() {
    let app = spawn_app().await;
    // Break the database under the running app: the cause must reach the log, not the client.
    app.state.db.execute_unprepared("DROP TABLE api_keys").await.expect("drop");
    let owner = app.signup("owner@five.test", "Five").await;
    let r = app.get("/api/api-keys", Some(&owner.access)).await;
    assert_eq!(assert_error_shape(&r, 500), "internal");
    let request_id = r.headers.get("x-request-id").and_then(|v| v.to_str().ok()).expect("request id").to_string();
    assert_eq!(r.body["request_id"].as_str(), Some(request_id.as_str()));
    assert!(!r.text.to_lowercase().contains("api_keys") && !r.text.contains("SQL"), "{}", r.text);
}

#[tokio::test]
async fn docs_page_and_openapi_document_are_served_offline() {
    let app = spawn_app().await;
    let r = app.get("/api/openapi.json", None).await;
    assert_eq!(r.status, 200);
    assert!(r.body["paths"]["/api/auth/login"].is_object());
    let r = app.get("/api/docs/", None).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("swagger"), "docs page: {}", &r.text[..r.text.len().min(200)]);
    let r = app.get("/api/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(r.status, 200, "bundled asset");
}
