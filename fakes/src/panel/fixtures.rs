//! Sample data: customers with orders in every status, two providers and manual services.
use super::{FakeOrder, FakeService, FakeTicket, FakeTicketMessage, FakeUser, PanelData};

pub const SAMPLE_ADMIN_KEY: &str = "fake-admin-key-4f1c";
pub const SAMPLE_USER_API_KEY: &str = "fake-user-api-key-9d2e";

fn order(
    id: u64,
    user: &str,
    service: (u64, &str),
    status: &str,
    provider: Option<(&str, &str)>,
    created: &str,
) -> FakeOrder {
    let completed = matches!(status, "completed" | "partial" | "canceled");
    FakeOrder {
        id,
        user: user.to_string(),
        service_id: service.0,
        service_name: service.1.to_string(),
        link: format!("https://instagram.com/p/EXAMPLE{id}/"),
        quantity: 1000,
        start_count: 120,
        remains: if status == "completed" {
            0
        } else if status == "partial" {
            340
        } else {
            1000
        },
        status: status.to_string(),
        charge: "1.87500".to_string(),
        created: created.to_string(),
        last_update: if completed { created.replace(" 1", " 2") } else { created.to_string() },
        provider: provider.map(|(p, _)| p.to_string()),
        external_id: provider.map(|(_, e)| e.to_string()),
    }
}

/// Orders, users, services and tickets for tests and the sandbox. Providers are named by the
/// domains given (tests pass canaries), so nothing here is a real provider.
pub fn sample_data(provider_a: &str, provider_b: &str) -> PanelData {
    let refill30 = (1187, "Instagram Likes | Instant | 30D Refill");
    let lifetime = (1201, "Instagram Followers [Refill: Lifetime] [Start: 0-1 Hour]");
    let norefill = (1310, "TikTok Views [No Refill] [Instant]");
    let manual = (1400, "Custom Comments (manual)");
    let a = |e: &'static str| Some((provider_a, e));
    let b = |e: &'static str| Some((provider_b, e));
    let orders = vec![
        order(2274209, "mira_boost", refill30, "completed", a("596723"), "2026-11-18 10:05:51"),
        order(2274210, "mira_boost", refill30, "completed", a("596724"), "2026-11-18 10:06:12"),
        order(2274211, "mira_boost", lifetime, "in progress", b("88301"), "2026-11-21 09:00:00"),
        order(2274212, "mira_boost", lifetime, "pending", b("88302"), "2026-11-22 01:00:00"),
        order(2274213, "mira_boost", norefill, "completed", a("596730"), "2026-11-15 12:00:00"),
        order(2274214, "mira_boost", refill30, "partial", a("596731"), "2026-11-16 12:00:00"),
        order(2274215, "mira_boost", refill30, "canceled", a("596732"), "2026-11-16 13:00:00"),
        order(2274216, "mira_boost", refill30, "processing", a("596733"), "2026-11-22 00:30:00"),
        order(2274217, "mira_boost", manual, "completed", None, "2026-11-19 08:00:00"),
        order(2274218, "karan_smm", refill30, "completed", a("596740"), "2026-11-19 08:30:00"),
        order(2274219, "karan_smm", lifetime, "in progress", b("88310"), "2026-11-21 22:00:00"),
        order(2274220, "mira_boost", refill30, "completed", a("596741"), "2026-09-01 08:00:00"),
    ];
    let users = vec![
        FakeUser {
            id: 501,
            username: "mira_boost".into(),
            email: "mira@customer.example".into(),
            balance: "12.50000".into(),
        },
        FakeUser {
            id: 502,
            username: "karan_smm".into(),
            email: "karan@customer.example".into(),
            balance: "3.10000".into(),
        },
        FakeUser {
            id: 503,
            username: "mira_boost2".into(),
            email: "mira2@customer.example".into(),
            balance: "0.00000".into(),
        },
    ];
    let services = vec![
        FakeService {
            id: 1187,
            name: refill30.1.into(),
            category: "Instagram Likes".into(),
            rate: "0.75".into(),
            min: 100,
            max: 100000,
            refill: true,
            cancel: true,
            provider: Some(provider_a.into()),
        },
        FakeService {
            id: 1201,
            name: lifetime.1.into(),
            category: "Instagram Followers [Guaranteed]".into(),
            rate: "1.20".into(),
            min: 50,
            max: 50000,
            refill: true,
            cancel: false,
            provider: Some(provider_b.into()),
        },
        FakeService {
            id: 1310,
            name: norefill.1.into(),
            category: "TikTok Views".into(),
            rate: "0.02".into(),
            min: 100,
            max: 1000000,
            refill: false,
            cancel: true,
            provider: Some(provider_a.into()),
        },
        FakeService {
            id: 1400,
            name: manual.1.into(),
            category: "Manual".into(),
            rate: "5.00".into(),
            min: 10,
            max: 1000,
            refill: false,
            cancel: false,
            provider: None,
        },
    ];
    let tickets = vec![FakeTicket {
        id: 9001,
        user: "mira_boost".into(),
        subject: "2274209 refill".into(),
        status: "pending".into(),
        created: "2026-11-21 10:00:00".into(),
        order_id: Some(2274209),
        messages: vec![FakeTicketMessage {
            id: 1,
            text: "please refill 2274209".into(),
            staff: false,
            created: "2026-11-21 10:00:00".into(),
        }],
    }];
    PanelData {
        admin_key: SAMPLE_ADMIN_KEY.into(),
        user_api_key: SAMPLE_USER_API_KEY.into(),
        orders,
        users,
        tickets,
        services,
    }
}
