//! The v2 client's ticket calls against the fake panel: paging, the detail thread, replies, and
//! the ways a panel can lack them.
use std::time::Duration;

use fakes::panel::{FakePanel, FakeTicket, FakeTicketMessage, sample_data};
use panelrelay::panels::client::{
    PanelAdminClient, PanelConfig, PanelError, PanelKind, Ticket, TicketEndpoints, Transport, build_client_with,
};
use panelrelay::secrets::Secret;

const KEY: &str = "fake-admin-key-4f1c";

fn panel() -> FakePanel {
    let fake = FakePanel::start(sample_data("alpha-provider.example", "bravo-provider.example")).expect("fake panel");
    // Three more tickets, newest first: 9004, 9003, 9002 (then the sample 9001).
    for (id, day) in [(9002_u64, 22), (9003, 23), (9004, 24)] {
        let created = format!("2026-11-{day} 09:00:00");
        fake.add_ticket(FakeTicket {
            id,
            user: "karan_smm".into(),
            subject: format!("ticket {id}"),
            status: "pending".into(),
            created: created.clone(),
            order_id: Some(2274218),
            messages: vec![
                FakeTicketMessage { id: id * 10, text: "where is it?".into(), staff: false, created },
                FakeTicketMessage {
                    id: id * 10 + 1,
                    text: "checking".into(),
                    staff: true,
                    created: format!("2026-11-{day} 09:05:00"),
                },
            ],
        });
    }
    fake
}

fn v2(fake: &FakePanel) -> Box<dyn PanelAdminClient> {
    let mut config = PanelConfig::new(PanelKind::PerfectpanelV2, &fake.admin_v2_url(), Secret::new(KEY.to_string()));
    config.rps = 1000;
    config.timeout = Duration::from_secs(2);
    let transport = Transport::new(reqwest::Client::new(), config.rps).with_backoff(Duration::from_millis(10));
    build_client_with(config, transport)
}

fn ids(page: &[Ticket]) -> Vec<&str> {
    page.iter().map(|t| t.id.as_str()).collect()
}

#[tokio::test]
async fn pages_come_newest_first_with_the_list_fields() {
    let fake = panel();
    let c = v2(&fake);
    let first = c.tickets_page(3, 0).await.expect("page 1");
    assert_eq!(ids(&first), ["9004", "9003", "9002"]);
    let second = c.tickets_page(3, 3).await.expect("page 2");
    assert_eq!(ids(&second), ["9001"], "a short page is the last one");
    let t = &second[0];
    assert_eq!((t.username.as_deref(), t.subject.as_deref()), (Some("mira_boost"), Some("2274209 refill")));
    assert_eq!(t.order_ids, ["2274209"]);
    assert_eq!(t.status_raw, "pending");
    assert!(t.created_at.is_some());
    let opening = t.messages.as_ref().expect("the list item carries the opening message");
    assert_eq!(opening.len(), 1);
    assert_eq!(opening[0].text, "please refill 2274209");
    assert!(!opening[0].from_staff);
    let req = &fake.requests()[1];
    assert_eq!((req.method.as_str(), req.path.as_str()), ("GET", "/adminapi/v2/tickets"));
    for part in ["limit=3", "offset=3", "sort=date-desc"] {
        assert!(req.query.contains(part), "{}", req.query);
    }
    assert_eq!(req.header("x-api-key"), Some(KEY));
    assert!(!req.query.contains(KEY));
}

#[tokio::test]
async fn the_detail_carries_the_thread_with_the_staff_flag() {
    let fake = panel();
    let c = v2(&fake);
    let t = c.ticket("9003", &TicketEndpoints::default()).await.expect("ticket");
    assert_eq!(t.id, "9003");
    assert_eq!(t.order_ids, ["2274218"]);
    let thread = t.messages.clone().expect("thread");
    let seen: Vec<(&str, &str, bool)> =
        thread.iter().map(|m| (m.key.as_str(), m.text.as_str(), m.from_staff)).collect();
    assert_eq!(seen, [("90030", "where is it?", false), ("90031", "checking", true)]);
    assert!(thread.iter().all(|m| m.created_at.is_some()));
    // Numbers as strings ("1") still mark staff; the same read gives the same keys.
    fake.set_quirks(|q| q.numbers_as_strings = true);
    let again = c.ticket("9003", &TicketEndpoints::default()).await.expect("ticket");
    assert_eq!(again.messages, Some(thread));
    assert_ne!(again.fingerprint, t.fingerprint, "the raw JSON changed shape");
    assert_eq!(fake.requests()[0].path, "/adminapi/v2/tickets/9003");
}

#[tokio::test]
async fn a_bare_list_needs_the_detail() {
    let fake = panel();
    fake.set_quirks(|q| q.tickets_list_bare = true);
    let c = v2(&fake);
    let page = c.tickets_page(10, 0).await.expect("page");
    assert_eq!(page.len(), 4);
    let t = &page[0];
    assert_eq!((t.subject.as_ref(), t.username.as_ref(), t.messages.as_ref()), (None, None, None));
    assert!(t.order_ids.is_empty());
    let full = c.ticket(&t.id, &TicketEndpoints::default()).await.expect("detail");
    assert_eq!(full.username.as_deref(), Some("karan_smm"));
    assert_eq!(full.messages.map(|m| m.len()), Some(2));
}

#[tokio::test]
async fn a_reply_is_posted_once_and_read_back() {
    let fake = panel();
    let c = v2(&fake);
    let before = c.ticket("9001", &TicketEndpoints::default()).await.expect("ticket");
    c.reply_ticket("9001", "Refill requested for 2274209.", &TicketEndpoints::default()).await.expect("reply");
    assert_eq!(fake.ticket_replies(), [(9001, "Refill requested for 2274209.".to_string())]);
    let post = fake.requests().into_iter().find(|r| r.method == "POST").expect("a POST");
    assert_eq!(post.path, "/adminapi/v2/tickets/9001/reply");
    assert_eq!(post.header("x-api-key"), Some(KEY));
    assert!(post.header("content-type").is_some_and(|ct| ct.contains("application/json")));
    assert!(!post.body.contains(KEY) && !post.query.contains(KEY));
    let after = c.ticket("9001", &TicketEndpoints::default()).await.expect("ticket");
    assert_ne!(after.fingerprint, before.fingerprint);
    let last = after.messages.as_ref().and_then(|m| m.last()).expect("a message");
    assert_eq!((last.text.as_str(), last.from_staff), ("Refill requested for 2274209.", true));
    // The panel acknowledges but drops it: reading back is how the caller finds out.
    fake.set_quirks(|q| q.ticket_reply_not_stored = true);
    c.reply_ticket("9001", "lost", &TicketEndpoints::default()).await.expect("acknowledged");
    assert_eq!(c.ticket("9001", &TicketEndpoints::default()).await.expect("ticket").messages, after.messages);
}

#[tokio::test]
async fn missing_detail_or_reply_paths_are_endpoint_missing() {
    let fake = panel();
    let c = v2(&fake);
    fake.set_quirks(|q| q.ticket_detail_missing = true);
    assert_eq!(c.ticket("9001", &TicketEndpoints::default()).await.err(), Some(PanelError::EndpointMissing));
    assert_eq!(c.tickets_page(1, 0).await.map(|p| p.len()), Ok(1), "the list still works");
    fake.set_quirks(|q| {
        q.ticket_detail_missing = false;
        q.ticket_reply_missing = true;
    });
    assert_eq!(
        c.reply_ticket("9001", "hi", &TicketEndpoints::default()).await.err(),
        Some(PanelError::EndpointMissing)
    );
    assert!(fake.ticket_replies().is_empty());
    // An unknown ticket is the panel's error, not a missing endpoint.
    assert!(matches!(c.ticket("1", &TicketEndpoints::default()).await, Err(PanelError::Api { .. })));
}

#[tokio::test]
async fn a_rate_limited_panel_is_reported_and_the_reply_is_not_retried() {
    let fake = panel();
    let c = v2(&fake);
    fake.set_quirks(|q| q.rate_limit_after_n = Some(0));
    // A GET retries (3 times) and then gives up with the 429.
    assert!(matches!(c.tickets_page(10, 0).await, Err(PanelError::RateLimited { retry_after_secs: Some(1) })));
    fake.clear_requests();
    assert!(matches!(
        c.reply_ticket("9001", "hi", &TicketEndpoints::default()).await,
        Err(PanelError::RateLimited { .. })
    ));
    assert_eq!(fake.requests().len(), 1, "a POST is sent once");
}

#[tokio::test]
async fn configured_paths_and_reply_field_are_used() {
    let fake = panel();
    let mut config = PanelConfig::new(PanelKind::PerfectpanelV2, &fake.admin_v2_url(), Secret::new(KEY.to_string()));
    config.rps = 1000;
    let endpoints =
        TicketEndpoints { get_path: "tickets/{id}".into(), reply_field: "text".into(), ..TicketEndpoints::default() };
    let c = build_client_with(config, Transport::new(reqwest::Client::new(), 1000));
    assert_eq!(
        c.ticket("9002", &endpoints).await.map(|t| t.id),
        Ok("9002".to_string()),
        "a relative path gets its slash"
    );
    // The fake reads only `message`, so a reply under another field name is refused.
    assert!(matches!(c.reply_ticket("9002", "hi", &endpoints).await, Err(PanelError::Api { .. })));
    let post = fake.requests().into_iter().find(|r| r.method == "POST").expect("a POST");
    assert_eq!(post.body, r#"{"text":"hi"}"#);
    assert_eq!(c.ticket("../orders", &endpoints).await.map(|t| t.id).ok(), None);
}
