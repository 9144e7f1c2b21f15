//! Telegram accepts parameters as a query string, a form, JSON or multipart; these read them all
//! into one JSON map, tolerating numbers sent as strings.
use actix_web::HttpRequest;
use serde_json::Value;

/// Parameters from the query string, a JSON body or a form body, as Telegram accepts.
pub(super) fn params(req: &HttpRequest, body: &[u8]) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for (k, v) in crate::panel::routes::params(req, &[]) {
        out.insert(k, Value::String(v));
    }
    let content_type = req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        out.extend(multipart(body, boundary.trim_matches('"')));
        return out;
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => out.extend(map),
        _ => {
            for (k, v) in crate::panel::routes::params(req, body) {
                out.entry(k).or_insert(Value::String(v));
            }
        }
    }
    out
}

/// The text fields of a `multipart/form-data` body (teloxide sends setWebhook this way, since it
/// may carry a certificate). Values that are JSON (arrays, booleans) are kept as JSON.
fn multipart(body: &[u8], boundary: &str) -> serde_json::Map<String, Value> {
    let text = String::from_utf8_lossy(body);
    let mut out = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let Some(name) = head.split("name=\"").nth(1).and_then(|n| n.split('"').next()) else { continue };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let parsed = match serde_json::from_str::<Value>(value) {
            Ok(v @ (Value::Array(_) | Value::Bool(_) | Value::Object(_))) => v,
            _ => Value::String(value.to_string()),
        };
        out.insert(name.to_string(), parsed);
    }
    out
}

pub(super) fn int(p: &serde_json::Map<String, Value>, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn text(p: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
