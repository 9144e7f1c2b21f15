//! The fake panel's ticket routes: paging newest first, the detail thread, replies, and every
//! ticket switch.
use fakes::panel::{FakePanel, FakeTicket, FakeTicketMessage, sample_data};
use serde_json::{Value, json};

const KEY: &str = "fake-admin-key-4f1c";

fn message(id: u64, text: &str, staff: bool, created: &str) -> FakeTicketMessage {
    FakeTicketMessage { id, text: text.into(), staff, created: created.into() }
}

/// The sample ticket 9001 (Nov 21) plus four more, each with a customer message and a staff
/// answer; newest first the list is 9005, 9003, 9002, 9001, 9004.
fn start() -> FakePanel {
    let fake = FakePanel::start(sample_data("alpha.example", "bravo.example")).expect("fake panel");
    for (id, day, order) in [(9002, 22, None), (9003, 23, Some(2274210)), (9004, 20, None), (9005, 24, None)] {
        fake.add_ticket(FakeTicket {
            id,
            user: "karan_smm".into(),
            subject: format!("ticket {id}"),
            status: "pending".into(),
            created: format!("2026-11-{day} 09:00:00"),
            order_id: order,
            messages: vec![
                message(id * 10, "where is my order", false, &format!("2026-11-{day} 09:00:00")),
                message(id * 10 + 1, "checking", true, &format!("2026-11-{day} 09:05:00")),
            ],
        });
    }
    fake
}

async fn call(fake: &FakePanel, method: &str, path: &str, body: Option<Value>) -> (u16, String) {
    let url = format!("{}{path}", fake.admin_v2_url());
    let client = reqwest::Client::new();
    let req = match method {
        "GET" => client.get(url),
        _ => client.post(url).json(&body.unwrap_or(Value::Null)),
    };
    let r = req.header("X-Api-Key", KEY).send().await.expect("request");
    (r.status().as_u16(), r.text().await.expect("body"))
}

async fn data(fake: &FakePanel, path: &str) -> Value {
    let (status, body) = call(fake, "GET", path, None).await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["error_code"], 0, "{v}");
    v["data"].clone()
}

fn ids(page: &Value) -> Vec<u64> {
    page["list"].as_array().expect("list").iter().map(|t| t["id"].as_u64().expect("id")).collect()
}

#[tokio::test]
async fn the_list_pages_newest_first() {
    let fake = start();
    assert_eq!(ids(&data(&fake, "/tickets?limit=2&offset=0&sort=date-desc").await), [9005, 9003]);
    assert_eq!(ids(&data(&fake, "/tickets?limit=2&offset=2").await), [9002, 9001]);
    assert_eq!(ids(&data(&fake, "/tickets?limit=2&offset=4").await), [9004]);
    assert_eq!(ids(&data(&fake, "/tickets?limit=2&offset=6").await), Vec::<u64>::new());
    let first = &data(&fake, "/tickets?limit=1").await["list"][0];
    assert_eq!(first["user"], "karan_smm");
    assert_eq!(first["subject"], "ticket 9005");
    assert_eq!(first["message"], "where is my order", "the first customer message");
    assert_eq!(first["last_update"], "2026-11-24 09:05:00", "the newest message's date");
    assert!(first.get("order_id").is_none());
    let sample = &data(&fake, "/tickets?limit=1&offset=3").await["list"][0];
    assert_eq!((sample["id"].as_u64(), sample["order_id"].as_u64()), (Some(9001), Some(2274209)));
}

#[tokio::test]
async fn the_detail_carries_the_thread_with_staff_flags() {
    let fake = start();
    let t = data(&fake, "/tickets/9003").await;
    assert_eq!(t["order_id"], 2274210);
    assert_eq!(
        t["messages"],
        json!([
            {"id": 90030, "message": "where is my order", "is_admin": 0, "created": "2026-11-23 09:00:00"},
            {"id": 90031, "message": "checking", "is_admin": 1, "created": "2026-11-23 09:05:00"},
        ])
    );
    fake.set_quirks(|q| q.numbers_as_strings = true);
    let t = data(&fake, "/tickets/9003").await;
    assert_eq!((t["id"].clone(), t["messages"][1]["is_admin"].clone()), (json!("9003"), json!("1")));
    let (_, body) = call(&fake, "GET", "/tickets/1", None).await;
    assert!(body.contains("\"error_code\":100"), "{body}");
}

#[tokio::test]
async fn a_reply_joins_the_thread_as_staff_and_is_recorded() {
    let fake = start();
    let (status, body) =
        call(&fake, "POST", "/tickets/9001/reply", Some(json!({"message": "Refill requested."}))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(fake.ticket_replies(), [(9001, "Refill requested.".to_string())]);
    let messages = data(&fake, "/tickets/9001").await["messages"].clone();
    let last = messages.as_array().and_then(|m| m.last()).expect("a message");
    assert_eq!((last["message"].as_str(), last["is_admin"].as_i64()), (Some("Refill requested."), Some(1)));
    assert!(last["id"].as_u64() > Some(90051), "the next message id of the whole panel");
    let (_, body) = call(&fake, "POST", "/tickets/1/reply", Some(json!({"message": "x"}))).await;
    assert!(body.contains("\"error_code\":100"), "an unknown ticket: {body}");
}

#[tokio::test]
async fn messages_added_by_the_test_are_dated_now() {
    let fake = start();
    let id = fake.add_ticket_message(9001, "any news?", false).expect("ticket exists");
    assert_eq!(fake.add_ticket_message(1, "x", false), None);
    let t = data(&fake, "/tickets/9001").await;
    let last = t["messages"].as_array().and_then(|m| m.last()).cloned().expect("message");
    assert_eq!((last["id"].as_u64(), last["is_admin"].as_i64()), (Some(id), Some(0)));
    let created = last["created"].as_str().expect("created");
    assert_eq!(created.len(), 19, "{created}");
    assert_eq!(t["last_update"], created);
}

#[tokio::test]
async fn a_bare_list_has_only_id_status_and_created() {
    let fake = start();
    fake.set_quirks(|q| q.tickets_list_bare = true);
    let item = data(&fake, "/tickets?limit=1").await["list"][0].clone();
    let mut keys: Vec<&String> = item.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["created", "id", "status"]);
    assert!(data(&fake, "/tickets/9005").await["messages"].is_array(), "the detail is unchanged");
}

#[tokio::test]
async fn the_detail_or_the_reply_path_can_be_missing() {
    let fake = start();
    fake.set_quirks(|q| q.ticket_detail_missing = true);
    assert_eq!(call(&fake, "GET", "/tickets/9001", None).await.0, 404);
    assert_eq!(ids(&data(&fake, "/tickets?limit=1").await), [9005], "the list still works");
    let (status, _) = call(&fake, "POST", "/tickets/9001/reply", Some(json!({"message": "ok"}))).await;
    assert_eq!(status, 200, "only the detail is missing");

    fake.set_quirks(|q| {
        q.ticket_detail_missing = false;
        q.ticket_reply_missing = true;
    });
    let (status, body) = call(&fake, "POST", "/tickets/9001/reply", Some(json!({"message": "again"}))).await;
    assert_eq!(status, 404);
    assert!(body.starts_with("<html"), "{body}");
    assert_eq!(fake.ticket_replies().len(), 1, "the missing path stored nothing");
    assert_eq!(call(&fake, "GET", "/tickets/9001", None).await.0, 200);
}

#[tokio::test]
async fn a_reply_can_be_acknowledged_but_not_stored() {
    let fake = start();
    fake.set_quirks(|q| q.ticket_reply_not_stored = true);
    let before = data(&fake, "/tickets/9001").await["messages"].clone();
    let (status, body) = call(&fake, "POST", "/tickets/9001/reply", Some(json!({"message": "lost"}))).await;
    assert_eq!(status, 200);
    assert!(body.contains("\"error_code\":0"), "{body}");
    assert_eq!(fake.ticket_replies(), [(9001, "lost".to_string())], "received");
    assert_eq!(data(&fake, "/tickets/9001").await["messages"], before, "but not in the thread");
}

#[tokio::test]
async fn tickets_appear_while_we_page() {
    let fake = start();
    fake.set_quirks(|q| q.tickets_appear_while_paging = true);
    assert_eq!(ids(&data(&fake, "/tickets?limit=2&offset=0").await), [9005, 9003], "offset 0 adds nothing");
    // The newcomer takes the top, so everything shifts down by one.
    assert_eq!(ids(&data(&fake, "/tickets?limit=2&offset=2").await), [9003, 9002]);
    let top = data(&fake, "/tickets?limit=1&offset=0").await["list"][0].clone();
    assert_eq!((top["id"].as_u64(), top["user"].as_str()), (Some(9006), Some("newcomer")));
    assert_eq!((top["subject"].as_str(), top["message"].as_str()), (Some("Other"), Some("hello")));
    assert!(top["created"].as_str() > Some("2026-11-24 09:00:00"), "newest of all");
    assert_eq!(ids(&data(&fake, "/tickets?limit=10&offset=1").await).first(), Some(&9006));
    assert_eq!(data(&fake, "/tickets/9007").await["user"], "newcomer");
}

#[tokio::test]
async fn ticket_paths_are_rate_limited_too() {
    let fake = start();
    fake.set_quirks(|q| q.rate_limit_after_n = Some(2));
    assert_eq!(call(&fake, "GET", "/tickets?limit=1", None).await.0, 200);
    assert_eq!(call(&fake, "GET", "/tickets/9001", None).await.0, 200);
    assert_eq!(call(&fake, "GET", "/tickets/9001", None).await.0, 429);
    assert_eq!(call(&fake, "POST", "/tickets/9001/reply", Some(json!({"message": "x"}))).await.0, 429);
    assert!(fake.ticket_replies().is_empty());
}
