//! Hardening of the anonymous and account routes: invite tokens are looked up before any password
//! work, sign-ups and invite attempts are limited per address, sign-in attempts are reserved before
//! the password is checked, weak passwords are refused, invites do not reveal which emails have
//! accounts, and simultaneous acceptances of one invite never fail with a 500.
mod common;

use common::{ADMIN_EMAIL, assert_error_shape, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn a_bogus_invite_token_is_refused_before_any_password_work_and_attempts_are_limited_per_address() {
    let app = spawn_app_with(&[("PANELRELAY_INVITE_ATTEMPTS_PER_HOUR", "20")]).await;
    for n in 0..20 {
        // A password far too weak to hash: the token is looked up first, so the answer is 404.
        let r = app.post("/api/invites/accept", None, json!({"token": format!("bogus-{n}"), "password": "x"})).await;
        assert_eq!(assert_error_shape(&r, 404), "not_found");
    }
    let r = app.post("/api/invites/accept", None, json!({"token": "bogus-21", "password": "x"})).await;
    assert_eq!(assert_error_shape(&r, 429), "too_many_requests");
    assert!(r.headers.get("retry-after").is_some(), "429 says when to come back");
}

#[tokio::test]
async fn sign_ups_are_limited_per_address() {
    let app = spawn_app_with(&[("PANELRELAY_SIGNUPS_PER_HOUR", "3")]).await;
    for n in 0..3 {
        app.signup(&format!("owner{n}@limits.test"), &format!("Workspace {n}")).await;
    }
    let r = app
        .post(
            "/api/auth/signup",
            None,
            json!({"email": "owner9@limits.test", "password": "correct horse 1", "workspace_name": "Nine"}),
        )
        .await;
    assert_eq!(assert_error_shape(&r, 429), "too_many_requests");
    assert!(r.headers.get("retry-after").is_some());
}

#[tokio::test]
async fn sixty_simultaneous_sign_ins_evaluate_only_the_allowed_five() {
    let app = spawn_app().await;
    app.signup("race@login.test", "Race").await;
    let attempts = (0..60).map(|n| {
        let password = if n == 44 { "correct horse 1" } else { "wrong password here" };
        app.login("race@login.test", password)
    });
    let answers = futures_util::future::join_all(attempts).await;
    let evaluated = answers.iter().filter(|r| r.status != 429).count();
    assert_eq!(evaluated, 5, "statuses: {:?}", answers.iter().map(|r| r.status).collect::<Vec<_>>());
    assert!(answers.iter().all(|r| matches!(r.status, 200 | 401 | 429)));
}

#[tokio::test]
async fn weak_passwords_are_refused_with_a_helpful_message() {
    let app = spawn_app().await;
    for weak in [" ".repeat(10), "\0".repeat(10), "aaaaaaaaaa".into(), "1234567890".into(), "weak@pw.test".into()] {
        let r = app
            .post("/api/auth/signup", None, json!({"email": "weak@pw.test", "password": weak, "workspace_name": "W"}))
            .await;
        assert_eq!(assert_error_shape(&r, 400), "bad_request", "{weak:?}");
        assert!(r.body["message"].as_str().is_some_and(|m| m.contains("password")), "{}", r.text);
    }
}

#[tokio::test]
async fn an_invite_does_not_reveal_which_emails_have_accounts() {
    let app = spawn_app().await;
    let owner = app.signup("curious@owner.test", "Curious").await;
    let other = app.signup("taken@owner.test", "Taken").await;
    let _ = other;
    let fresh = app.post("/api/team/invites", Some(&owner.access), json!({"email": "nobody@owner.test"})).await;
    for email in [ADMIN_EMAIL, "taken@owner.test"] {
        let r = app.post("/api/team/invites", Some(&owner.access), json!({"email": email})).await;
        assert_eq!(r.status, fresh.status, "{email}: {}", r.text);
        assert!(!r.text.to_lowercase().contains("already"), "{}", r.text);
        // Whoever holds the link learns only that it cannot be used.
        let token = r.body["token"].as_str().expect("token");
        let r = app.post("/api/invites/accept", None, json!({"token": token, "password": "correct horse 1"})).await;
        assert_eq!(assert_error_shape(&r, 409), "conflict");
        assert!(!r.text.contains("account"), "{}", r.text);
    }
}

#[tokio::test]
async fn ten_simultaneous_acceptances_of_one_invite_make_one_account_and_no_500() {
    let app = spawn_app().await;
    let owner = app.signup("team@race.test", "Race Team").await;
    let r = app.post("/api/team/invites", Some(&owner.access), json!({"email": "joiner@race.test"})).await;
    let token = r.body["token"].as_str().expect("token").to_string();
    let accepts = (0..10).map(|_| {
        app.post("/api/invites/accept", None, json!({"token": token.clone(), "password": "staff password 1"}))
    });
    let answers = futures_util::future::join_all(accepts).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| matches!(s, 201 | 404 | 409)), "{statuses:?}");
}
