//! The Admin API clients against the fake panel: one test per quirk and fault of the contract.
use std::time::{Duration, Instant};

use fakes::panel::{FakePanel, StatusCase, UnknownOrder, sample_data};
use panelrelay::panels::client::{
    OrderStatus, PanelAdminClient, PanelConfig, PanelError, PanelKind, Transport, build_client_with,
};
use panelrelay::secrets::Secret;

const KEY: &str = "fake-admin-key-4f1c";
const PROVIDER_A: &str = "alpha-provider.example";

fn panel() -> FakePanel {
    FakePanel::start(sample_data(PROVIDER_A, "bravo-provider.example")).expect("fake panel")
}

fn client(
    fake: &FakePanel,
    kind: PanelKind,
    key: &str,
    tweak: impl FnOnce(&mut PanelConfig),
) -> Box<dyn PanelAdminClient> {
    let url = match kind {
        PanelKind::PerfectpanelV2 => fake.admin_v2_url(),
        PanelKind::AdminapiV1 => fake.admin_v1_url(),
    };
    let mut config = PanelConfig::new(kind, &url, Secret::new(key.to_string()));
    config.rps = 1000;
    config.timeout = Duration::from_secs(2);
    config.user_api_url = Some(fake.user_api_url());
    config.user_api_key = Some(Secret::new("fake-user-api-key-9d2e".into()));
    tweak(&mut config);
    let transport = Transport::new(reqwest::Client::new(), config.rps).with_backoff(Duration::from_millis(10));
    build_client_with(config, transport)
}

fn v2(fake: &FakePanel) -> Box<dyn PanelAdminClient> {
    client(fake, PanelKind::PerfectpanelV2, KEY, |_| {})
}

#[tokio::test]
async fn v2_reads_an_order_with_the_key_in_the_header_only() {
    let fake = panel();
    let order = v2(&fake).order("2274209").await.expect("order");
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.owner_username.as_deref(), Some("mira_boost"));
    assert_eq!(order.external_id.as_deref(), Some("596723"));
    assert_eq!(order.provider_domain.as_deref(), Some(PROVIDER_A));
    assert_eq!(order.quantity, Some(1000));
    assert!(order.created_at.is_some() && order.charge.is_some());
    let req = &fake.requests()[0];
    assert_eq!((req.method.as_str(), req.path.as_str()), ("GET", "/adminapi/v2/orders/2274209"));
    assert_eq!(req.header("x-api-key"), Some(KEY));
    assert!(!req.query.contains(KEY) && !req.body.contains(KEY));
}

#[tokio::test]
async fn numbers_as_strings_are_accepted() {
    let fake = panel();
    fake.set_quirks(|q| q.numbers_as_strings = true);
    let order = v2(&fake).order("2274211").await.expect("order");
    assert_eq!((order.panel_order_id.as_str(), order.remains, order.start_count), ("2274211", Some(1000), Some(120)));
}

#[tokio::test]
async fn status_spellings_are_normalised() {
    let fake = panel();
    for case in [StatusCase::Lower, StatusCase::Title, StatusCase::Snake] {
        fake.set_quirks(|q| q.status_case = case);
        assert_eq!(v2(&fake).order("2274211").await.expect("order").status, OrderStatus::InProgress, "{case:?}");
        assert_eq!(v2(&fake).order("2274215").await.expect("order").status, OrderStatus::Canceled, "{case:?}");
    }
}

#[tokio::test]
async fn an_unknown_order_is_not_found_in_both_error_styles() {
    let fake = panel();
    for style in [UnknownOrder::Envelope100, UnknownOrder::Http404] {
        fake.set_quirks(|q| q.unknown_order = style);
        assert_eq!(v2(&fake).order("9999999").await.err(), Some(PanelError::NotFound), "{style:?}");
    }
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_on_both_backends() {
    let fake = panel();
    let bad_v2 = client(&fake, PanelKind::PerfectpanelV2, "wrong", |_| {});
    assert_eq!(bad_v2.test_connection().await.err(), Some(PanelError::Unauthorized));
    let bad_v1 = client(&fake, PanelKind::AdminapiV1, "wrong", |_| {});
    assert_eq!(bad_v1.test_connection().await.err(), Some(PanelError::Unauthorized));
}

#[tokio::test]
async fn a_cloudflare_page_is_recognised() {
    let fake = panel();
    fake.set_quirks(|q| q.cloudflare = true);
    assert_eq!(v2(&fake).test_connection().await.err(), Some(PanelError::Cloudflare));
}

#[tokio::test]
async fn an_html_404_means_no_admin_api_here() {
    let fake = panel();
    fake.set_quirks(|q| q.not_admin_api = true);
    assert_eq!(v2(&fake).test_connection().await.err(), Some(PanelError::EndpointMissing));
}

#[tokio::test]
async fn malformed_json_is_a_clear_error() {
    let fake = panel();
    fake.set_quirks(|q| q.malformed_json = true);
    assert_eq!(v2(&fake).order("2274209").await.err(), Some(PanelError::Malformed));
}

#[tokio::test]
async fn rate_limiting_is_retried_then_reported_with_retry_after() {
    let fake = panel();
    fake.set_quirks(|q| q.rate_limit_after_n = Some(0));
    let started = Instant::now();
    let err = v2(&fake).order("2274209").await.err();
    assert_eq!(err, Some(PanelError::RateLimited { retry_after_secs: Some(1) }));
    assert_eq!(fake.requests().len(), 4, "one try and three retries");
    assert!(started.elapsed() >= Duration::from_secs(3), "Retry-After was honoured");
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_only_three_times() {
    let fake = panel();
    fake.set_quirks(|q| q.server_error = true);
    assert_eq!(v2(&fake).order("2274209").await.err(), Some(PanelError::Server { status: 500 }));
    assert_eq!(fake.requests().len(), 4);
}

#[tokio::test]
async fn slow_answers_time_out() {
    let fake = panel();
    fake.set_quirks(|q| q.delay_ms = 1500);
    let c = client(&fake, PanelKind::PerfectpanelV2, KEY, |c| c.timeout = Duration::from_millis(300));
    assert_eq!(c.order("2274209").await.err(), Some(PanelError::Timeout));
}

#[tokio::test]
async fn an_unreachable_panel_is_reported_without_its_url() {
    let mut config =
        PanelConfig::new(PanelKind::AdminapiV1, "http://127.0.0.1:9/adminapi/v1", Secret::new("secret-key-xyz".into()));
    config.timeout = Duration::from_secs(1);
    let c =
        build_client_with(config, Transport::new(reqwest::Client::new(), 100).with_backoff(Duration::from_millis(5)));
    match c.test_connection().await {
        Err(PanelError::Unreachable(text)) => {
            assert!(!text.contains("secret-key-xyz") && !text.contains("adminapi"), "{text}")
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

#[tokio::test]
async fn the_user_filter_is_reapplied_locally_when_the_panel_ignores_it() {
    let fake = panel();
    fake.set_quirks(|q| q.ignore_filters = true);
    let orders = v2(&fake).orders_of_user("karan_smm", 100).await.expect("orders");
    assert_eq!(orders.len(), 2);
    assert!(orders.iter().all(|o| o.owner_username.as_deref() == Some("karan_smm")));
}

#[tokio::test]
async fn the_username_filter_variant_is_configurable() {
    let fake = panel();
    let c = client(&fake, PanelKind::PerfectpanelV2, KEY, |c| c.orders_user_param = "username".into());
    assert_eq!(c.orders_of_user("karan_smm", 10).await.expect("orders").len(), 2);
    assert!(fake.requests()[0].query.contains("username=karan_smm"));
}

#[tokio::test]
async fn users_are_matched_exactly_ignoring_case_despite_partial_filters() {
    let fake = panel();
    let user = v2(&fake).user("MIRA_BOOST").await.expect("user").expect("found");
    assert_eq!((user.username.as_str(), user.balance.map(|b| b.to_string())), ("mira_boost", Some("12.50000".into())));
    assert!(v2(&fake).user("nobody").await.expect("ok").is_none());
}

#[tokio::test]
async fn bulk_ids_form_checks_every_returned_id() {
    let fake = panel();
    let c = client(&fake, PanelKind::PerfectpanelV2, KEY, |c| c.v2_bulk_ids = true);
    let ids: Vec<String> = ["2274209", "2274210", "9999999"].iter().map(|s| s.to_string()).collect();
    let results = c.orders(&ids).await;
    assert_eq!(fake.requests().len(), 1, "one bulk request");
    assert!(results[0].1.is_ok() && results[1].1.is_ok());
    assert_eq!(results[2].1.as_ref().err(), Some(&PanelError::NotFound));
}

#[tokio::test]
async fn many_lookups_keep_order_and_respect_the_panel_rate() {
    let fake = panel();
    let c = client(&fake, PanelKind::PerfectpanelV2, KEY, |c| c.rps = 50);
    let ids: Vec<String> = (0..26).map(|i| (2274209 + (i % 12)).to_string()).collect();
    let started = Instant::now();
    let results = c.orders(&ids).await;
    let elapsed = started.elapsed();
    assert_eq!(results.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), ids);
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    assert!(elapsed >= Duration::from_millis(480), "26 lookups at 50/s took only {elapsed:?}");
}

#[tokio::test]
async fn v1_reads_orders_with_provider_columns_and_string_numbers() {
    let fake = panel();
    let c = client(&fake, PanelKind::AdminapiV1, KEY, |_| {});
    let order = c.order("2274211").await.expect("order");
    assert_eq!(order.status, OrderStatus::InProgress);
    assert_eq!((order.external_id.as_deref(), order.remains), (Some("88301"), Some(1000)));
    assert!(order.panel_now.is_some());
    assert!(fake.requests()[0].query.contains("provider=1"));
    assert_eq!(c.order("9999999").await.err(), Some(PanelError::NotFound));
}

#[tokio::test]
async fn v1_orders_as_a_map_and_misspelt_success_are_accepted() {
    let fake = panel();
    fake.set_quirks(|q| {
        q.v1_orders_as_map = true;
        q.misspelt_success = true;
    });
    let c = client(&fake, PanelKind::AdminapiV1, KEY, |_| {});
    let results = c.orders(&["2274209".into(), "2274217".into()]).await;
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    let manual = results[1].1.as_ref().expect("order");
    assert_eq!(manual.provider_domain, None, "a manual service has no provider");
}

#[tokio::test]
async fn tickets_are_listed_on_v2_and_a_capability_gap_on_v1() {
    let fake = panel();
    assert_eq!(v2(&fake).tickets_page(10, 0).await.expect("tickets")[0].id, "9001");
    fake.set_quirks(|q| q.no_tickets = true);
    assert_eq!(v2(&fake).tickets_page(10, 0).await.err(), Some(PanelError::EndpointMissing));
    let c = client(&fake, PanelKind::AdminapiV1, KEY, |_| {});
    assert!(matches!(c.tickets_page(10, 0).await, Err(PanelError::CapabilityUnavailable(_))));
    assert!(matches!(c.ticket("9001", &Default::default()).await, Err(PanelError::CapabilityUnavailable(_))));
    assert!(matches!(
        c.reply_ticket("9001", "hi", &Default::default()).await,
        Err(PanelError::CapabilityUnavailable(_))
    ));
}

#[tokio::test]
async fn services_come_from_the_user_api_with_provider_only_where_exposed() {
    let fake = panel();
    let services = v2(&fake).services().await.expect("services");
    assert_eq!(services.len(), 4);
    assert!(services.iter().all(|s| s.provider_domain.is_none()));
    fake.set_quirks(|q| q.services_with_provider = true);
    let services = v2(&fake).services().await.expect("services");
    assert_eq!(services[0].provider_domain.as_deref(), Some(PROVIDER_A));
    assert_eq!(services[0].refill, Some(true));
}

#[tokio::test]
async fn test_connection_tries_once_so_the_owner_gets_a_prompt_answer() {
    let fake = panel();
    fake.set_quirks(|q| q.server_error = true);
    assert_eq!(v2(&fake).test_connection().await.err(), Some(PanelError::Server { status: 500 }));
    assert_eq!(fake.requests().len(), 1);
    let v1 = client(&fake, PanelKind::AdminapiV1, KEY, |_| {});
    fake.clear_requests();
    assert!(v1.test_connection().await.is_err());
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn two_instances_each_use_half_of_the_panel_rate() {
    let fake = panel();
    let url = fake.admin_v2_url();
    let mut config = PanelConfig::new(PanelKind::PerfectpanelV2, &url, Secret::new(KEY.to_string()));
    config.rps = 50;
    // This instance's share when two live instances call the panel: 25 per second.
    let transport = Transport::new_shared(reqwest::Client::new(), config.rps, 2);
    let c = build_client_with(config, transport);
    let ids: Vec<String> = (0..13).map(|i| (2274209 + (i % 12)).to_string()).collect();
    let started = Instant::now();
    let results = c.orders(&ids).await;
    let elapsed = started.elapsed();
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    assert!(elapsed >= Duration::from_millis(480), "13 lookups at half of 50/s took only {elapsed:?}");
}
