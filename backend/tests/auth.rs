//! Accounts, sessions, roles, invites and API keys through the real HTTP API.
mod common;

use common::{ADMIN_EMAIL, assert_error_shape, spawn_app};
use serde_json::json;

#[tokio::test]
async fn signup_creates_a_workspace_and_signs_the_owner_in() {
    let app = spawn_app().await;
    let owner = app.signup("Owner@Shop.test", "  Shop One ").await;
    let r = app.get("/api/me", Some(&owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["email"], "owner@shop.test");
    assert_eq!(r.body["role"], "owner");
    assert_eq!(r.body["workspace"]["name"], "Shop One");
    assert!(!r.text.contains("argon2"), "never serialise a password hash");
}

#[tokio::test]
async fn signup_rejects_bad_input_and_duplicate_emails() {
    let app = spawn_app().await;
    for body in [
        json!({"email": "nope", "password": "long enough 1", "workspace_name": "W"}),
        json!({"email": "a@b.co", "password": "short", "workspace_name": "W"}),
        json!({"email": "a@b.co", "password": "long enough 1", "workspace_name": "   "}),
    ] {
        let r = app.post("/api/auth/signup", None, body).await;
        assert_eq!(assert_error_shape(&r, 400), "bad_request");
    }
    app.signup("dup@b.co", "W").await;
    let r = app
        .post(
            "/api/auth/signup",
            None,
            json!({"email": "DUP@b.co", "password": "long enough 1", "workspace_name": "W2"}),
        )
        .await;
    assert_eq!(assert_error_shape(&r, 409), "conflict");
}

#[tokio::test]
async fn refresh_rotates_the_token_and_a_used_or_logged_out_token_is_refused() {
    let app = spawn_app().await;
    let s1 = app.signup("rot@b.co", "W").await;
    let r = app.post("/api/auth/refresh", None, json!({"refresh_token": s1.refresh})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let s2 = common::Session::from(&r.body);
    assert_ne!(s1.refresh, s2.refresh);
    let again = app.post("/api/auth/refresh", None, json!({"refresh_token": s1.refresh})).await;
    assert_eq!(assert_error_shape(&again, 401), "unauthorized");
    let r = app.post("/api/auth/logout", None, json!({"refresh_token": s2.refresh})).await;
    assert_eq!(r.status, 204);
    let after = app.post("/api/auth/refresh", None, json!({"refresh_token": s2.refresh})).await;
    assert_eq!(assert_error_shape(&after, 401), "unauthorized");
    let garbage = app.post("/api/auth/refresh", None, json!({"refresh_token": "garbage"})).await;
    assert_eq!(assert_error_shape(&garbage, 401), "unauthorized");
}

#[tokio::test]
async fn expired_forged_wrong_purpose_and_missing_tokens_are_401() {
    let app = spawn_app().await;
    let owner = app.signup("tok@b.co", "W").await;
    let expired = app.state.tokens.issue(&owner.user_id, "s", "access", -5).expect("issue");
    let wrong_purpose = app.state.tokens.issue(&owner.user_id, "s", "invite", 300).expect("issue");
    let other_keys = panelrelay::auth::tokens::TokenKeys::new(&panelrelay::secrets::MasterKey::from_bytes([9; 32]));
    let forged = other_keys.issue(&owner.user_id, "s", "access", 300).expect("issue");
    for token in [Some(expired.as_str()), Some(wrong_purpose.as_str()), Some(forged.as_str()), Some("x.y.z"), None] {
        let r = app.get("/api/me", token).await;
        assert_eq!(assert_error_shape(&r, 401), "unauthorized", "token {token:?}");
    }
    let r =
        app.client.get(format!("{}/api/me", app.base)).header("authorization", "Basic abc").send().await.expect("send");
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn failed_logins_are_throttled_per_account_with_429() {
    let app = spawn_app().await;
    app.signup("victim@b.co", "W").await;
    for _ in 0..5 {
        let r = app.login("victim@b.co", "wrong password").await;
        assert_eq!(assert_error_shape(&r, 401), "unauthorized");
    }
    let r = app.login("victim@b.co", "correct horse 1").await;
    assert_eq!(assert_error_shape(&r, 429), "too_many_requests");
    assert!(r.headers.get("retry-after").is_some());
}

#[tokio::test]
async fn failed_logins_are_throttled_per_client_address_across_accounts() {
    let app = spawn_app().await;
    for i in 0..5 {
        let r = app.login(&format!("nobody{i}@b.co"), "wrong password").await;
        assert_eq!(r.status, 401);
    }
    let r = app.login("someone-else@b.co", "wrong password").await;
    assert_eq!(assert_error_shape(&r, 429), "too_many_requests");
}

#[tokio::test]
async fn staff_are_invited_can_read_but_not_manage_and_lose_access_when_removed() {
    let app = spawn_app().await;
    let owner = app.signup("boss@b.co", "W").await;
    let (staff, _) = app.add_staff(&owner, "helper@b.co").await;
    let r = app.get("/api/me", Some(&staff.access)).await;
    assert_eq!(
        (r.body["role"].as_str(), r.body["workspace"]["id"].as_str()),
        (Some("staff"), owner.workspace_id.as_deref())
    );
    let r = app.get("/api/team/members", Some(&staff.access)).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(2));
    for (method, path, body) in [
        ("POST", "/api/team/invites", Some(json!({"email": "x@b.co"}))),
        ("GET", "/api/api-keys", None),
        ("POST", "/api/api-keys", Some(json!({"name": "k"}))),
        ("DELETE", &*format!("/api/team/members/{}", owner.user_id), None),
    ] {
        let r = app.call(method, path, Some(&staff.access), body).await;
        assert_eq!(assert_error_shape(&r, 403), "forbidden", "{method} {path}");
    }
    let r = app.call("DELETE", &format!("/api/team/members/{}", owner.user_id), Some(&owner.access), None).await;
    assert_eq!(assert_error_shape(&r, 400), "bad_request", "the owner cannot remove themself");
    let r = app.call("DELETE", &format!("/api/team/members/{}", staff.user_id), Some(&owner.access), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let r = app.get("/api/me", Some(&staff.access)).await;
    assert_eq!(r.status, 401, "removed staff lose access at once");
}

#[tokio::test]
async fn an_invite_token_works_once() {
    let app = spawn_app().await;
    let owner = app.signup("inv@b.co", "W").await;
    let r = app.post("/api/team/invites", Some(&owner.access), json!({"email": "new@b.co"})).await;
    let token = r.body["token"].as_str().expect("token").to_string();
    assert!(r.body["invite_link"].as_str().is_some_and(|l| l.contains(&token)));
    let first = app.post("/api/invites/accept", None, json!({"token": token, "password": "new staff pw 1"})).await;
    assert_eq!(first.status, 201);
    let second = app.post("/api/invites/accept", None, json!({"token": token, "password": "new staff pw 1"})).await;
    assert_eq!(assert_error_shape(&second, 404), "not_found");
    let r = app.get("/api/team/invites", Some(&owner.access)).await;
    assert_eq!(r.body[0]["accepted"], true);
}

#[tokio::test]
async fn api_keys_are_shown_once_work_as_bearer_and_stop_when_revoked() {
    let app = spawn_app().await;
    let owner = app.signup("int@b.co", "Integrations").await;
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "billing sync"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let key = r.body["key"].as_str().expect("key").to_string();
    let id = r.body["api_key"]["id"].as_str().expect("id").to_string();
    let list = app.get("/api/api-keys", Some(&owner.access)).await;
    assert!(!list.text.contains(&key), "the key is never shown again");
    let r = app.get("/api/logs/commands", Some(&key)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.get("/api/api-keys", Some(&key)).await;
    assert_eq!(r.status, 403, "an API key cannot manage keys");
    let r = app.get("/api/workspace", Some(&key)).await;
    assert_eq!(r.status, 403, "an API key reads commands, orders and logs only");
    let r = app.call("DELETE", &format!("/api/api-keys/{id}"), Some(&owner.access), None).await;
    assert_eq!(r.status, 204);
    let r = app.get("/api/logs/commands", Some(&key)).await;
    assert_eq!(assert_error_shape(&r, 401), "unauthorized");
}

#[tokio::test]
async fn only_the_master_admin_lists_tenants() {
    let app = spawn_app().await;
    let owner = app.signup("t1@b.co", "Tenant One").await;
    let admin = app.admin().await;
    let r = app.get("/api/admin/tenants", Some(&admin.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let row =
        r.body.as_array().and_then(|a| a.iter().find(|t| t["name"] == "Tenant One")).expect("tenant listed").clone();
    assert_eq!(row["owner_email"], "t1@b.co");
    let r = app.get("/api/admin/tenants", Some(&owner.access)).await;
    assert_eq!(assert_error_shape(&r, 403), "forbidden");
    let r = app.get("/api/me", Some(&admin.access)).await;
    assert_eq!((r.body["role"].as_str(), r.body["email"].as_str()), (Some("master_admin"), Some(ADMIN_EMAIL)));
    let r = app.get("/api/workspace", Some(&admin.access)).await;
    assert_eq!(r.status, 403, "the master admin has no workspace of their own");
}
