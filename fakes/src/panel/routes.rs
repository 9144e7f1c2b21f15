//! One handler for every path: faults first, then the API the path names.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::render::{service, user, v1_order, v2_order};
use super::{FakeOrder, PanelState, Quirks, UnknownOrder};
use crate::recorder::Recorder;

const CLOUDFLARE_PAGE: &str = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>\
<div id=\"cf-wrapper\">Checking your browser before accessing. Cloudflare Ray ID: 8a1b2c3d4e5f cf-ray</div></body></html>";
pub(super) const NOT_FOUND_PAGE: &str =
    "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";

pub(super) fn json_response(status: StatusCode, body: Value) -> HttpResponse {
    HttpResponse::build(status).content_type("application/json").body(body.to_string())
}

pub(super) fn html(status: StatusCode, page: &'static str) -> HttpResponse {
    HttpResponse::build(status).content_type("text/html; charset=UTF-8").body(page)
}

pub(super) fn envelope(data: Value) -> Value {
    json!({"data": data, "error_message": "", "error_code": 0})
}

pub(crate) fn params(req: &HttpRequest, body: &[u8]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map(|q| q.into_inner())
        .unwrap_or_default();
    if let Ok(form) = serde_urlencoded_like(body) {
        out.extend(form);
    }
    out
}

/// Form bodies (`a=1&b=2`) and JSON object bodies, both accepted as the real panels do.
fn serde_urlencoded_like(body: &[u8]) -> Result<HashMap<String, String>, ()> {
    if body.is_empty() {
        return Err(());
    }
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
        return Ok(map
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
            .collect());
    }
    let text = std::str::from_utf8(body).map_err(|_| ())?;
    web::Query::<HashMap<String, String>>::from_query(text).map(|q| q.into_inner()).map_err(|_| ())
}

pub async fn handle(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Arc<Mutex<PanelState>>>,
    recorder: web::Data<Recorder>,
) -> HttpResponse {
    recorder.record(&req, &body);
    let (quirks, served) = {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        s.served += 1;
        (s.quirks.clone(), s.served)
    };
    if quirks.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(quirks.delay_ms)).await;
    }
    if quirks.rate_limit_after_n.is_some_and(|n| served > n) {
        return HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", "1"))
            .content_type("application/json")
            .body(json!({"data": [], "error_message": "Too many requests", "error_code": 429}).to_string());
    }
    if quirks.cloudflare {
        return html(StatusCode::FORBIDDEN, CLOUDFLARE_PAGE);
    }
    if quirks.not_admin_api {
        return html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE);
    }
    if quirks.server_error {
        return HttpResponse::InternalServerError().body("internal server error");
    }
    if quirks.malformed_json {
        return HttpResponse::Ok().content_type("application/json").body("{\"data\": {\"id\": 1, \"status\": ");
    }
    let path = req.path().trim_end_matches('/').to_string();
    let p = params(&req, &body);
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(rest) = path.strip_prefix("/adminapi/v2") {
        let key_ok = req.headers().get("X-Api-Key").and_then(|v| v.to_str().ok()) == Some(s.data.admin_key.as_str());
        if !key_ok {
            return json_response(
                StatusCode::UNAUTHORIZED,
                json!({"data": [], "error_message": "Invalid API key", "error_code": 401}),
            );
        }
        return v2(&mut s, &quirks, req.method().as_str(), rest, &p, &body);
    }
    if path == "/adminapi/v1" {
        if p.get("key") != Some(&s.data.admin_key) {
            return json_response(StatusCode::OK, json!({"error": "bad_auth"}));
        }
        return v1(&s, &quirks, &p);
    }
    if path == "/api/v2" {
        if p.get("key") != Some(&s.data.user_api_key) {
            return json_response(StatusCode::OK, json!({"error": "Invalid API key"}));
        }
        return match p.get("action").map(String::as_str) {
            Some("services") => json_response(
                StatusCode::OK,
                Value::Array(s.data.services.iter().map(|x| service(x, &quirks)).collect()),
            ),
            Some("balance") => json_response(StatusCode::OK, json!({"balance": "100.00000", "currency": "USD"})),
            _ => json_response(StatusCode::OK, json!({"error": "Incorrect action"})),
        };
    }
    html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE)
}

fn not_found_order(q: &Quirks) -> HttpResponse {
    let body = json!({"data": [], "error_message": "Order not found", "error_code": 100});
    match q.unknown_order {
        UnknownOrder::Envelope100 => json_response(StatusCode::OK, body),
        UnknownOrder::Http404 => json_response(StatusCode::NOT_FOUND, body),
    }
}

pub(super) fn list(items: Vec<Value>, p: &HashMap<String, String>) -> Value {
    let offset: usize = p.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: usize = p.get("limit").and_then(|v| v.parse().ok()).unwrap_or(100);
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    json!({"count": page.len(), "list": page})
}

fn order_matches(o: &FakeOrder, p: &HashMap<String, String>) -> bool {
    let user = p.get("user").or_else(|| p.get("username"));
    user.is_none_or(|u| &o.user == u)
        && p.get("order_status").is_none_or(|st| o.status.replace(' ', "") == st.to_lowercase().replace(['_', ' '], ""))
        && p.get("provider").is_none_or(|pr| o.provider.as_deref() == Some(pr.as_str()))
        && p.get("ids").is_none_or(|ids| ids.split(',').any(|i| i.trim().parse() == Ok(o.id)))
}

fn v2(
    s: &mut PanelState,
    q: &Quirks,
    method: &str,
    rest: &str,
    p: &HashMap<String, String>,
    body: &[u8],
) -> HttpResponse {
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("GET", ["orders", id]) => {
            match id.parse::<u64>().ok().and_then(|n| s.data.orders.iter().find(|o| o.id == n)) {
                Some(o) => json_response(StatusCode::OK, envelope(v2_order(o, q))),
                None => not_found_order(q),
            }
        }
        ("GET", ["orders"]) => {
            let items = s
                .data
                .orders
                .iter()
                .filter(|o| q.ignore_filters || order_matches(o, p))
                .map(|o| v2_order(o, q))
                .collect();
            json_response(StatusCode::OK, envelope(list(items, p)))
        }
        ("GET", ["users"]) => {
            let items = s
                .data
                .users
                .iter()
                .filter(|u| p.get("username").is_none_or(|n| u.username.to_lowercase().contains(&n.to_lowercase())))
                .filter(|u| p.get("email").is_none_or(|e| &u.email == e))
                .map(|u| user(u, q))
                .collect();
            json_response(StatusCode::OK, envelope(list(items, p)))
        }
        (_, ["tickets", ..]) => super::tickets::route(s, q, method, &segments, p, body)
            .unwrap_or_else(|| html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE)),
        _ => html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE),
    }
}

fn v1_orders(orders: Vec<&FakeOrder>, with_provider: bool, q: &Quirks) -> Value {
    let status = if q.misspelt_success { "sucess" } else { "success" };
    if q.v1_orders_as_map {
        let map: serde_json::Map<String, Value> =
            orders.iter().map(|o| (o.id.to_string(), v1_order(o, with_provider))).collect();
        json!({"status": status, "orders": map})
    } else {
        json!({"status": status, "orders": orders.iter().map(|o| v1_order(o, with_provider)).collect::<Vec<_>>()})
    }
}

fn v1(s: &PanelState, q: &Quirks, p: &HashMap<String, String>) -> HttpResponse {
    let with_provider = p.get("provider").is_some_and(|v| v == "1");
    let limit: usize = p.get("limit").and_then(|v| v.parse().ok()).unwrap_or(100);
    let body = match p.get("action").map(String::as_str) {
        Some("getOrders-by-id") => {
            let wanted: Vec<u64> = p
                .get("orders")
                .map(|o| o.split(',').filter_map(|i| i.trim().parse().ok()).collect())
                .unwrap_or_default();
            let found = s.data.orders.iter().filter(|o| wanted.contains(&o.id)).collect();
            v1_orders(found, with_provider, q)
        }
        Some("getOrders") => v1_orders(s.data.orders.iter().take(limit).collect(), with_provider, q),
        Some("getOrders-by-user") => {
            let name = p.get("username").cloned().unwrap_or_default();
            v1_orders(
                s.data.orders.iter().filter(|o| q.ignore_filters || o.user == name).take(limit).collect(),
                with_provider,
                q,
            )
        }
        Some("getUser") => match s.data.users.iter().find(|u| Some(&u.username) == p.get("username")) {
            Some(u) => {
                json!({"status": "success", "user": {"id": u.id.to_string(), "username": u.username, "email": u.email, "balance": u.balance}})
            }
            None => json!({"status": "error", "error": "user_not_found"}),
        },
        _ => json!({"error": "bad_action"}),
    };
    json_response(StatusCode::OK, body)
}
