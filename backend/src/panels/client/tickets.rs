//! Panel tickets: tolerant parsing of list items, detail objects and their message threads
//! (contract §2.4 and §7), plus the detail/reply paths. No panel documents the ticket shapes, so
//! every field has several accepted spellings and nothing here fails on an unknown one.
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::types::{Ticket, TicketMessage, bool_of, date_of, id_of, lower_keys, text_of};

/// Array fields that carry a whole thread.
const THREAD_FIELDS: [&str; 4] = ["messages", "replies", "thread", "conversation"];
/// Single-text fields of a list item (the opening customer message).
const SINGLE_TEXT_FIELDS: [&str; 3] = ["message", "text", "content"];
/// Text fields of one message item.
const MESSAGE_TEXT_FIELDS: [&str; 4] = ["message", "text", "content", "body"];
/// Boolean flags that mark a staff message.
const STAFF_FLAGS: [&str; 5] = ["is_admin", "admin", "is_staff", "staff", "support"];
/// Fields naming who wrote a message, and the values that mean staff.
const ROLE_FIELDS: [&str; 5] = ["from", "author", "sender", "role", "type"];
const STAFF_ROLES: [&str; 5] = ["admin", "support", "staff", "moderator", "manager"];
const ORDER_FIELDS: [&str; 4] = ["order_id", "order", "orders", "order_ids"];

/// The first field of `names` that is present and not null.
fn first<'a>(o: &'a Value, names: &[&str]) -> Option<&'a Value> {
    names.iter().filter_map(|n| o.get(*n)).find(|v| !v.is_null())
}

fn first_text(o: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| o.get(*n).and_then(text_of))
}

/// Hex of SHA-256 over `bytes`.
fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The same value with every object's keys sorted, so that the serialisation does not depend on
/// the key order the panel sent (or on serde_json's `preserve_order` feature being on somewhere).
fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), canonical(&map[k]))).collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// Hex hash of the item's canonical JSON: any change to the ticket (a message, a status, an
/// `updated` stamp) changes it, and the same item read twice gives the same value.
pub fn fingerprint(raw: &Value) -> String {
    hex_sha256(canonical(raw).to_string().as_bytes())
}

/// Staff if any flag says so: a loose boolean, a role word, or a non-empty staff id.
fn is_staff(m: &Value) -> bool {
    let flagged = STAFF_FLAGS.iter().any(|f| m.get(*f).and_then(bool_of) == Some(true));
    let by_role = ROLE_FIELDS.iter().any(|f| {
        m.get(*f).and_then(Value::as_str).is_some_and(|r| STAFF_ROLES.contains(&r.trim().to_lowercase().as_str()))
    });
    // PHP panels write 0 for "no admin", so "0" counts as empty.
    let by_id = ["admin_id", "staff_id"].iter().any(|f| m.get(*f).and_then(id_of).is_some_and(|id| id != "0"));
    flagged || by_role || by_id
}

/// One raw message before its key is settled.
struct Draft {
    id: Option<String>,
    text: String,
    from_staff: bool,
    created_raw: String,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn draft(item: &Value) -> Option<Draft> {
    let draft = match item {
        // A bare string is a customer's message.
        Value::String(s) => Draft {
            id: None,
            text: s.trim().to_string(),
            from_staff: false,
            created_raw: String::new(),
            created_at: None,
        },
        Value::Object(_) => {
            let m = lower_keys(item);
            let created = first(&m, &["created", "created_at", "date"]);
            Draft {
                id: first(&m, &["id", "message_id"]).and_then(id_of),
                text: first_text(&m, &MESSAGE_TEXT_FIELDS).unwrap_or_default(),
                from_staff: is_staff(&m),
                created_raw: created
                    .map(|c| c.as_str().map(str::to_string).unwrap_or_else(|| c.to_string()))
                    .unwrap_or_default(),
                created_at: created.and_then(date_of),
            }
        }
        _ => return None,
    };
    (!draft.text.is_empty()).then_some(draft)
}

/// Messages in the panel's order, keyed. A message without its own id gets a hash of (created,
/// text, how many earlier messages had the same text), so two identical "ok"s differ and a
/// re-read gives the same keys.
pub fn thread(items: &[Value]) -> Vec<TicketMessage> {
    let drafts: Vec<Draft> = items.iter().filter_map(draft).collect();
    let mut out = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let key = match &d.id {
            Some(id) => id.clone(),
            None => {
                let position = drafts[..i].iter().filter(|earlier| earlier.text == d.text).count();
                let material = serde_json::json!([d.created_raw, d.text, position]).to_string();
                format!("h{}", &hex_sha256(material.as_bytes())[..16])
            }
        };
        out.push(TicketMessage { key, text: d.text.clone(), from_staff: d.from_staff, created_at: d.created_at });
    }
    // Some panels list the newest first: when every message is dated, put them oldest first
    // (a stable sort keeps the panel's order for equal stamps).
    if out.iter().all(|m| m.created_at.is_some()) {
        out.sort_by_key(|m| m.created_at);
    }
    out
}

/// The thread this item carries: a thread array (or an object keyed by message id), else a single
/// text field as one customer message; `None` when the item has no message field at all.
fn messages_of(o: &Value) -> Option<Vec<TicketMessage>> {
    if let Some(field) = first(o, &THREAD_FIELDS) {
        return Some(match field {
            Value::Array(items) => thread(items),
            Value::Object(map) => thread(&map.values().cloned().collect::<Vec<_>>()),
            single => thread(std::slice::from_ref(single)),
        });
    }
    // A list item carries only the opening text (a string: no id, no date of its own).
    let single = first(o, &SINGLE_TEXT_FIELDS)?;
    Some(thread(std::slice::from_ref(single)))
}

fn username_of(o: &Value) -> Option<String> {
    if let Some(user) = o.get("user").filter(|u| u.is_object()) {
        return first_text(&lower_keys(user), &["username", "login", "user_name", "name"]);
    }
    first_text(o, &["user", "username", "user_name", "login"])
}

/// Order ids from one order field value: a number, `"12, 13 #14"`, an array of those, or an
/// object with an `id`. Only digit tokens count (and not `0`), so "none" or "-" add nothing.
fn collect_order_ids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Number(_) => {
            if let Some(id) = id_of(v) {
                push_order_id(&id, out);
            }
        }
        Value::String(s) => {
            s.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).for_each(|t| push_order_id(t, out));
        }
        Value::Array(items) => items.iter().for_each(|i| collect_order_ids(i, out)),
        Value::Object(map) => {
            if let Some(id) = map.get("id") {
                collect_order_ids(id, out);
            }
        }
        _ => {}
    }
}

fn push_order_id(token: &str, out: &mut Vec<String>) {
    let t = token.trim().trim_start_matches('#');
    let t = t.trim_start_matches('0');
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) && !out.iter().any(|o| o == t) {
        out.push(t.to_string());
    }
}

fn order_ids_of(o: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for field in ORDER_FIELDS {
        if let Some(v) = o.get(field) {
            collect_order_ids(v, &mut out);
        }
    }
    out
}

/// A ticket from a list item or a detail object; `None` without an id. Some panels wrap the
/// detail as `{ticket: {...}, messages: [...]}`: the wrapper's thread joins the ticket.
pub fn ticket_from(raw: &Value) -> Option<Ticket> {
    let mut o = lower_keys(raw);
    if let Some(inner) = o.get("ticket").filter(|t| t.is_object()).map(lower_keys) {
        let mut merged = inner;
        for field in THREAD_FIELDS {
            if merged.get(field).is_none()
                && let Some(v) = o.get(field)
            {
                merged[field] = v.clone();
            }
        }
        o = merged;
    }
    Some(Ticket {
        id: first(&o, &["id", "ticket_id"]).and_then(id_of)?,
        status_raw: text_of(&o["status"]).unwrap_or_default(),
        created_at: first(&o, &["created", "created_at", "date"]).and_then(date_of),
        subject: first_text(&o, &["subject", "title"]),
        username: username_of(&o),
        order_ids: order_ids_of(&o),
        messages: messages_of(&o),
        fingerprint: fingerprint(raw),
    })
}

/// `template` with `{id}` replaced by the path-encoded id; a template without a leading `/` is
/// taken as relative to the base URL. `None` for an empty id or a dot segment (`.`, `..`), which
/// URL parsing would resolve into another path even when percent-encoded.
pub fn ticket_path(template: &str, id: &str) -> Option<String> {
    let id = id.trim();
    if id.is_empty() || id.chars().all(|c| c == '.') {
        return None;
    }
    let path = template.trim().replace("{id}", &encode_path_segment(id));
    Some(if path.starts_with('/') { path } else { format!("/{path}") })
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so an id can never add a
/// path segment, a query or a fragment.
fn encode_path_segment(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
