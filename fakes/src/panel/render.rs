//! Orders, users and services in the shapes the contract describes, with the quirks applied.
use serde_json::{Value, json};

use super::{FakeOrder, FakeService, FakeUser, Quirks, StatusCase};

pub fn status_text(status: &str, case: StatusCase) -> String {
    match case {
        StatusCase::Lower => status.to_string(),
        StatusCase::Snake => status.replace(' ', "_"),
        StatusCase::Title => {
            let mut c = status.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        }
    }
}

pub fn num(n: i64, as_string: bool) -> Value {
    if as_string { json!(n.to_string()) } else { json!(n) }
}

pub fn v2_order(o: &FakeOrder, q: &Quirks) -> Value {
    let s = q.numbers_as_strings;
    json!({
        "id": num(o.id as i64, s),
        "user": o.user,
        "service_id": num(o.service_id as i64, s),
        "service_name": o.service_name,
        "link": o.link,
        "quantity": num(o.quantity, s),
        "start_count": num(o.start_count, s),
        "remains": num(o.remains, s),
        "status": status_text(&o.status, q.status_case),
        "charge": {"value": o.charge, "currency_code": "USD", "formatted": format!("${}", &o.charge[..o.charge.len().min(4)])},
        "created": o.created,
        "last_update": o.last_update,
        "mode": if o.provider.is_some() { "auto" } else { "manual" },
        "provider": o.provider.clone().unwrap_or_default(),
        "external_id": o.external_id.clone().unwrap_or_default(),
        "actions": {"refill": o.status == "completed", "cancel_and_refund": o.status != "completed", "request_cancel": false}
    })
}

/// v1 always sends numbers as strings and statuses in title case.
pub fn v1_order(o: &FakeOrder, with_provider: bool) -> Value {
    let mut v = json!({
        "id": o.id.to_string(),
        "username": o.user,
        "order_status": status_text(&o.status, StatusCase::Title),
        "service": o.service_name,
        "service_id": o.service_id.to_string(),
        "link": o.link,
        "quantity": o.quantity.to_string(),
        "charge": o.charge,
        "start_count": o.start_count.to_string(),
        "remains": o.remains.to_string(),
        "date": o.created,
        "current_date": "2026-11-22 02:30:00",
        "mode": if o.provider.is_some() { "Auto" } else { "Manual" },
    });
    if with_provider {
        v["provider"] = json!(o.provider.clone().unwrap_or_default());
        v["external_id"] = json!(o.external_id.clone().unwrap_or_default());
    }
    v
}

pub fn user(u: &FakeUser, q: &Quirks) -> Value {
    json!({"id": num(u.id as i64, q.numbers_as_strings), "username": u.username, "email": u.email, "balance": u.balance, "status": "active"})
}

pub fn service(s: &FakeService, q: &Quirks) -> Value {
    let mut v = json!({
        "service": num(s.id as i64, q.numbers_as_strings), "name": s.name, "type": "Default", "category": s.category,
        "rate": s.rate, "min": s.min.to_string(), "max": s.max.to_string(), "dripfeed": false, "refill": s.refill, "cancel": s.cancel
    });
    if q.services_with_provider {
        v["provider"] = json!(s.provider.clone().unwrap_or_default());
    }
    v
}
