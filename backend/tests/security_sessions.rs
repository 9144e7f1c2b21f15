//! Sessions: a rotated refresh token used again ends its whole family, signing out ends the
//! session's access tokens too, and browsers get the refresh token only as an HttpOnly cookie.
mod common;

use common::{Session, assert_error_shape, spawn_app};
use serde_json::json;

#[tokio::test]
async fn reusing_a_rotated_refresh_token_ends_the_whole_session() {
    let app = spawn_app().await;
    let s1 = app.signup("family@sessions.test", "Family").await;
    let r = app.post("/api/auth/refresh", None, json!({"refresh_token": s1.refresh})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let s2 = Session::from(&r.body);
    // Someone replays the first token (stolen): refused, and the successor dies with it.
    let replay = app.post("/api/auth/refresh", None, json!({"refresh_token": s1.refresh})).await;
    assert_eq!(assert_error_shape(&replay, 401), "unauthorized");
    let r = app.post("/api/auth/refresh", None, json!({"refresh_token": s2.refresh})).await;
    assert_eq!(assert_error_shape(&r, 401), "unauthorized", "the successor is revoked too");
    let r = app.get("/api/me", Some(&s2.access)).await;
    assert_eq!(r.status, 401, "its access tokens stop as well");
    // Another sign-in of the same account is a session of its own and is untouched.
    let other = app.login("family@sessions.test", "correct horse 1").await;
    assert_eq!(other.status, 200);
}

#[tokio::test]
async fn signing_out_ends_the_access_tokens_of_that_session_only() {
    let app = spawn_app().await;
    let laptop = app.signup("logout@sessions.test", "Logout").await;
    let phone = Session::from(&app.login("logout@sessions.test", "correct horse 1").await.body);
    assert_eq!(app.get("/api/me", Some(&laptop.access)).await.status, 200);
    let r = app.post("/api/auth/logout", None, json!({"refresh_token": laptop.refresh})).await;
    assert_eq!(r.status, 204);
    let r = app.get("/api/me", Some(&laptop.access)).await;
    assert_eq!(assert_error_shape(&r, 401), "unauthorized");
    assert_eq!(app.get("/api/me", Some(&phone.access)).await.status, 200, "the other session goes on");
}

#[tokio::test]
async fn browsers_get_the_refresh_token_as_an_http_only_cookie_and_can_refresh_with_it_alone() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/auth/signup",
            None,
            json!({"email": "cookie@sessions.test", "password": "correct horse 1", "workspace_name": "Cookie"}),
        )
        .await;
    let cookie = r.headers.get("set-cookie").and_then(|v| v.to_str().ok()).expect("a cookie").to_string();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/auth"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let pair = cookie.split(';').next().expect("name=value").to_string();
    let r = app
        .client
        .post(format!("{}/api/auth/refresh", app.base))
        .header("cookie", &pair)
        .json(&json!({}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 200);
    let rotated = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(rotated.starts_with("panelrelay_refresh=") && !rotated.starts_with(&pair), "a new cookie: {rotated}");
    // Signing out clears it.
    let new_pair = rotated.split(';').next().unwrap_or_default().to_string();
    let r = app
        .client
        .post(format!("{}/api/auth/logout", app.base))
        .header("cookie", &new_pair)
        .json(&json!({}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 204);
    let cleared = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
}

#[tokio::test]
async fn a_browser_never_finds_the_refresh_token_in_a_body_a_script_can_read() {
    let app = spawn_app().await;
    app.signup("browser@sessions.test", "Browser").await;
    let r = app
        .client
        .post(format!("{}/api/auth/login", app.base))
        .header("sec-fetch-site", "same-origin")
        .header("sec-fetch-mode", "cors")
        .json(&json!({"email": "browser@sessions.test", "password": "correct horse 1"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 200);
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cookie.starts_with("panelrelay_refresh=") && cookie.contains("HttpOnly"), "{cookie}");
    let body: serde_json::Value = r.json().await.expect("json");
    assert!(body["access_token"].is_string());
    assert!(body.get("refresh_token").is_none(), "{body}");
}
