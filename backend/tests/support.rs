//! SaaS support: an owner's ticket goes back and forth with the platform, each side sees what it
//! has not read, staff read only, and another workspace or an integrator key never reaches it.
mod common;

use common::spawn_app;
use serde_json::json;

#[tokio::test]
async fn a_support_ticket_goes_back_and_forth_with_unread_counts_on_both_sides() {
    let app = spawn_app().await;
    let owner = app.signup("owner@support.test", "Support Workspace").await;
    let (staff, _) = app.add_staff(&owner, "staff@support.test").await;
    let admin = app.admin().await;

    // Bad input is refused with the reason; nothing is stored.
    let r = app.post("/api/support/tickets", Some(&owner.access), json!({"subject": "  ", "message": "x"})).await;
    assert_eq!((r.status, r.body["message"].as_str()), (400, Some("the subject is empty")), "{}", r.text);
    let r = app
        .post("/api/support/tickets", Some(&owner.access), json!({"subject": "s", "message": "m".repeat(5001)}))
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    // Staff read but do not write.
    let r = app.post("/api/support/tickets", Some(&staff.access), json!({"subject": "s", "message": "m"})).await;
    assert_eq!(r.status, 403, "{}", r.text);

    let r = app
        .post(
            "/api/support/tickets",
            Some(&owner.access),
            json!({"subject": "Refills not reaching the provider", "message": "Since this morning nothing goes out."}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["ticket"]["status"], "open");
    assert_eq!(r.body["messages"][0]["author"], "owner@support.test");
    let id = r.body["ticket"]["id"].as_str().expect("id").to_string();

    // The platform sees it waiting, unread.
    let u = app.get("/api/admin/support/unread", Some(&admin.access)).await;
    assert_eq!(u.body, json!({"tickets": 1, "messages": 1}), "{}", u.text);
    let q = app.get("/api/admin/support/tickets?status=open", Some(&admin.access)).await;
    assert_eq!(q.body[0]["workspace_name"], "Support Workspace", "{}", q.text);
    assert_eq!(q.body[0]["unread"], 1);
    let r = app.get("/api/admin/support/tickets?status=bogus", Some(&admin.access)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    // Opening it marks it read; the answer makes it `answered` and unread for the owner.
    let t = app.get(&format!("/api/admin/support/tickets/{id}"), Some(&admin.access)).await;
    assert_eq!(t.body["messages"].as_array().map(Vec::len), Some(1));
    let u = app.get("/api/admin/support/unread", Some(&admin.access)).await;
    assert_eq!(u.body, json!({"tickets": 0, "messages": 0}));
    let path = format!("/api/admin/support/tickets/{id}/replies");
    let r = app.post(&path, Some(&admin.access), json!({"message": "Your provider group was renamed; fixed."})).await;
    assert_eq!((r.status, r.body["ticket"]["status"].as_str()), (200, Some("answered")), "{}", r.text);
    let u = app.get("/api/support/unread", Some(&owner.access)).await;
    assert_eq!(u.body, json!({"tickets": 1, "messages": 1}), "{}", u.text);
    // Staff reading does not clear the owner's count; the owner's reading does.
    let t = app.get(&format!("/api/support/tickets/{id}"), Some(&staff.access)).await;
    assert_eq!(t.body["messages"][1]["from_platform"], true, "{}", t.text);
    assert_eq!(app.get("/api/support/unread", Some(&owner.access)).await.body["messages"], 1);
    let r = app.post(&format!("/api/support/tickets/{id}/replies"), Some(&staff.access), json!({"message": "x"})).await;
    assert_eq!(r.status, 403);
    app.get(&format!("/api/support/tickets/{id}"), Some(&owner.access)).await;
    assert_eq!(app.get("/api/support/unread", Some(&owner.access)).await.body["messages"], 0);

    // Closed, then the owner's reply opens it again for the platform.
    let r = app.post(&format!("/api/support/tickets/{id}/close"), Some(&owner.access), json!({})).await;
    assert_eq!(r.body["ticket"]["status"], "closed", "{}", r.text);
    let r = app
        .post(&format!("/api/support/tickets/{id}/replies"), Some(&owner.access), json!({"message": "Again today."}))
        .await;
    assert_eq!(r.body["ticket"]["status"], "open", "{}", r.text);
    assert_eq!(r.body["messages"].as_array().map(Vec::len), Some(3));
    assert_eq!(app.get("/api/admin/support/unread", Some(&admin.access)).await.body["messages"], 1);

    // Another workspace and an integrator key never reach it.
    let other = app.signup("other@support.test", "Other Workspace").await;
    assert_eq!(app.get(&format!("/api/support/tickets/{id}"), Some(&other.access)).await.status, 404);
    assert_eq!(app.get("/api/support/tickets", Some(&other.access)).await.body, json!([]));
    let r = app.post("/api/api-keys", Some(&owner.access), json!({"name": "integrator"})).await;
    let key = r.body["key"].as_str().expect("key").to_string();
    assert_eq!(app.get("/api/support/tickets", Some(&key)).await.status, 403);
    // The owner cannot use the platform's side.
    assert_eq!(app.get("/api/admin/support/tickets", Some(&owner.access)).await.status, 403);
}
