//! The v2 ticket routes: list (newest first, paged), detail with the thread, and reply; with the
//! ticket quirks applied. Dates are "YYYY-MM-DD HH:MM:SS" UTC strings, so they sort as text.
use std::collections::HashMap;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::{Value, json};

use super::render::num;
use super::routes::{NOT_FOUND_PAGE, envelope, html, json_response, list};
use super::{FakeTicket, FakeTicketMessage, PanelData, PanelState, Quirks};

/// Answers a ticket path, or `None` when the path is not a ticket route.
pub(super) fn route(
    s: &mut PanelState,
    q: &Quirks,
    method: &str,
    segments: &[&str],
    p: &HashMap<String, String>,
    body: &[u8],
) -> Option<HttpResponse> {
    if segments.first() != Some(&"tickets") {
        return None;
    }
    if q.no_tickets {
        return Some(html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE));
    }
    Some(match (method, segments) {
        ("GET", ["tickets"]) => list_page(s, q, p),
        ("GET", ["tickets", _]) if q.ticket_detail_missing => html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE),
        ("GET", ["tickets", id]) => match s.data.tickets.iter().find(|t| t.id.to_string() == *id) {
            Some(t) => json_response(StatusCode::OK, envelope(detail(t, q))),
            None => json_response(
                StatusCode::OK,
                json!({"data": [], "error_message": "Ticket not found", "error_code": 100}),
            ),
        },
        ("POST", ["tickets", _, "reply"]) if q.ticket_reply_missing => html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE),
        ("POST", ["tickets", id, "reply"]) => reply(s, q, id, body),
        _ => html(StatusCode::NOT_FOUND, NOT_FOUND_PAGE),
    })
}

fn list_page(s: &mut PanelState, q: &Quirks, p: &HashMap<String, String>) -> HttpResponse {
    let offset: usize = p.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
    if q.tickets_appear_while_paging && offset > 0 {
        add_newcomer(&mut s.data);
    }
    let mut tickets: Vec<&FakeTicket> = s.data.tickets.iter().collect();
    // Newest first, as `sort=date-desc` asks; the id breaks ties between equal stamps.
    tickets.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    let items = tickets.into_iter().map(|t| list_item(t, q)).collect();
    json_response(StatusCode::OK, envelope(list(items, p)))
}

fn head(t: &FakeTicket, q: &Quirks) -> Value {
    let mut v = json!({
        "id": num(t.id as i64, q.numbers_as_strings),
        "user": t.user,
        "subject": t.subject,
        "status": t.status,
        "created": t.created,
        "last_update": t.messages.iter().map(|m| m.created.as_str()).max().unwrap_or(t.created.as_str()),
    });
    if let Some(order) = t.order_id {
        v["order_id"] = num(order as i64, q.numbers_as_strings);
    }
    v
}

fn list_item(t: &FakeTicket, q: &Quirks) -> Value {
    if q.tickets_list_bare {
        return json!({"id": num(t.id as i64, q.numbers_as_strings), "status": t.status, "created": t.created});
    }
    let mut v = head(t, q);
    if let Some(first) = t.messages.iter().find(|m| !m.staff) {
        v["message"] = json!(first.text);
    }
    v
}

fn detail(t: &FakeTicket, q: &Quirks) -> Value {
    let mut v = head(t, q);
    v["messages"] = t
        .messages
        .iter()
        .map(|m| {
            json!({
                "id": num(m.id as i64, q.numbers_as_strings),
                "message": m.text,
                "is_admin": num(i64::from(m.staff), q.numbers_as_strings),
                "created": m.created,
            })
        })
        .collect();
    v
}

fn reply(s: &mut PanelState, q: &Quirks, id: &str, body: &[u8]) -> HttpResponse {
    let message = serde_json::from_slice::<Value>(body).ok().and_then(|v| v["message"].as_str().map(str::to_string));
    let id = id.parse::<u64>().ok().filter(|id| s.data.tickets.iter().any(|t| t.id == *id));
    match (id, message) {
        (Some(id), Some(text)) if !text.trim().is_empty() => {
            s.ticket_replies.push((id, text.clone()));
            if !q.ticket_reply_not_stored {
                append_message(&mut s.data, id, &text, true);
            }
            json_response(StatusCode::OK, envelope(json!({"id": id})))
        }
        _ => json_response(StatusCode::OK, json!({"data": [], "error_message": "Bad request", "error_code": 100})),
    }
}

fn next_message_id(data: &PanelData) -> u64 {
    data.tickets.iter().flat_map(|t| t.messages.iter().map(|m| m.id)).max().unwrap_or(0) + 1
}

/// Appends a message stamped now; `None` when there is no such ticket.
pub(super) fn append_message(data: &mut PanelData, ticket_id: u64, text: &str, staff: bool) -> Option<u64> {
    let id = next_message_id(data);
    let ticket = data.tickets.iter_mut().find(|t| t.id == ticket_id)?;
    ticket.messages.push(FakeTicketMessage { id, text: text.to_string(), staff, created: now_utc() });
    Some(id)
}

/// A customer's new ticket, newer than every other one (fixtures may be dated in the future, so
/// "now" alone would not always be the newest).
fn add_newcomer(data: &mut PanelData) {
    let newest = data.tickets.iter().filter_map(|t| parse_utc(&t.created)).max().unwrap_or(0);
    let created = format_utc(unix_now().max(newest + 1));
    let id = data.tickets.iter().map(|t| t.id).max().unwrap_or(0) + 1;
    let message_id = next_message_id(data);
    data.tickets.push(FakeTicket {
        id,
        user: "newcomer".into(),
        subject: "Other".into(),
        status: "pending".into(),
        created: created.clone(),
        order_id: None,
        messages: vec![FakeTicketMessage { id: message_id, text: "hello".into(), staff: false, created }],
    });
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The current UTC time as "YYYY-MM-DD HH:MM:SS".
pub(super) fn now_utc() -> String {
    format_utc(unix_now())
}

// Civil-date arithmetic (H. Hinnant's algorithms), so the fakes need no date crate.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn format_utc(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn parse_utc(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once(' ')?;
    let mut dp = date.split('-').map(|x| x.parse::<i64>().ok());
    let mut tp = time.split(':').map(|x| x.parse::<i64>().ok());
    let (y, m, d) = (dp.next()??, dp.next()??, dp.next()??);
    let (h, mi, s) = (tp.next()??, tp.next()??, tp.next()??);
    Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::{format_utc, parse_utc};

    #[test]
    fn dates_round_trip() {
        for text in ["1970-01-01 00:00:00", "2026-11-21 10:00:00", "2024-02-29 23:59:59", "2000-03-01 00:00:01"] {
            let secs = parse_utc(text).expect("a date");
            assert_eq!(format_utc(secs), text);
        }
        assert_eq!(parse_utc("2026-11-21 10:00:00"), Some(1_795_255_200));
        assert_eq!(parse_utc("yesterday"), None);
    }
}
