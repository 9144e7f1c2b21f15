//! Normalised panel types and the loose parsing the real Admin APIs need (contract §5–§7).
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderStatus {
    Pending,
    Processing,
    InProgress,
    Completed,
    Partial,
    Canceled,
    Refunded,
    Awaiting,
    Failed,
    Other(String),
}

impl OrderStatus {
    /// Contract §6: trim, lower-case, `_`/`-` to spaces, collapse spaces; also try without spaces.
    pub fn parse(raw: &str) -> Self {
        let lowered = raw.trim().to_lowercase().replace(['_', '-'], " ");
        let spaced = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
        let squashed = spaced.replace(' ', "");
        match squashed.as_str() {
            "pending" => Self::Pending,
            "processing" => Self::Processing,
            "inprogress" => Self::InProgress,
            "completed" | "2" => Self::Completed,
            "partial" => Self::Partial,
            "canceled" | "cancelled" => Self::Canceled,
            "refunded" => Self::Refunded,
            "awaiting" => Self::Awaiting,
            "fail" | "failed" | "error" => Self::Failed,
            _ => Self::Other(raw.trim().to_string()),
        }
    }

    /// The name panel owners know from their admin tables.
    pub fn label(&self) -> &str {
        match self {
            Self::Pending => "Pending",
            Self::Processing => "Processing",
            Self::InProgress => "In progress",
            Self::Completed => "Completed",
            Self::Partial => "Partial",
            Self::Canceled => "Canceled",
            Self::Refunded => "Refunded",
            Self::Awaiting => "Awaiting",
            Self::Failed => "Failed",
            Self::Other(raw) => raw,
        }
    }
}

/// An order as both backends report it, normalised. `provider_domain` is internal: it never
/// leaves the server (it is turned into the provider's alias).
#[derive(Clone, PartialEq)]
pub struct Order {
    pub panel_order_id: String,
    pub owner_username: Option<String>,
    pub status: OrderStatus,
    pub status_raw: String,
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub link: Option<String>,
    pub quantity: Option<i64>,
    pub start_count: Option<i64>,
    pub remains: Option<i64>,
    pub charge: Option<Decimal>,
    pub currency: Option<String>,
    pub provider_domain: Option<String>,
    pub external_id: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub panel_now: Option<DateTime<Utc>>,
    pub can_refill: Option<bool>,
    pub can_cancel: Option<bool>,
}

impl std::fmt::Debug for Order {
    // The provider's domain is kept out of Debug so that it cannot reach a log by accident.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Order")
            .field("panel_order_id", &self.panel_order_id)
            .field("status", &self.status)
            .field("service_id", &self.service_id)
            .field("has_provider", &self.provider_domain.is_some())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PanelUser {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub balance: Option<Decimal>,
}

/// One message of a ticket's thread.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketMessage {
    /// The message's own id where the panel gives one, else a stable hash of (created, text,
    /// position among identical texts) — the same message read twice gets the same key.
    pub key: String,
    pub text: String,
    /// Written by the panel's staff (admin/support), not by the customer.
    pub from_staff: bool,
    pub created_at: Option<DateTime<Utc>>,
}

/// A panel ticket, parsed by `tickets::ticket_from` from a list item or the detail object.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: String,
    pub status_raw: String,
    pub created_at: Option<DateTime<Utc>>,
    pub subject: Option<String>,
    /// The customer's panel username (`user`, `username`, `user_name`, `login`; or
    /// `user: {username}` object).
    pub username: Option<String>,
    /// Order ids from the ticket's own order field (`order_id`, `order`, `orders`, `order_ids`: a
    /// number, a string, a comma/space list or an array), empty when absent.
    pub order_ids: Vec<String>,
    /// The thread, when this read carried one (`messages`, `replies`, `thread`, `conversation`
    /// arrays; or a single `message`/`text`/`content` field on a list item, which becomes one
    /// customer message). `None` when the item has no message fields at all (then the detail path
    /// must be read).
    pub messages: Option<Vec<TicketMessage>>,
    /// A fingerprint (hex hash) of the raw item JSON: changes when anything about the ticket
    /// changes (a new message, a status change, a new `updated`/`last_update`).
    pub fingerprint: String,
}

#[derive(Clone, PartialEq)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub category: Option<String>,
    pub rate: Option<Decimal>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub refill: Option<bool>,
    pub cancel: Option<bool>,
    /// Only where the panel exposes it; internal like `Order::provider_domain`.
    pub provider_domain: Option<String>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("id", &self.id).field("name", &self.name).finish_non_exhaustive()
    }
}

/// An id as a number or a string → `String`.
pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A count as a number, `"380"` or `"380.00"`; `""` and `null` are `None`.
pub fn count_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| s.parse::<Decimal>().ok().and_then(|d| d.trunc().to_string().parse().ok()))
        }
        _ => None,
    }
}

pub fn money_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.trim().trim_start_matches('$').parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

pub fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `"YYYY-MM-DD HH:MM:SS"` (panel time, taken as UTC), unix seconds, or ISO-8601.
pub fn date_of(v: &Value) -> Option<DateTime<Utc>> {
    let text = match v {
        Value::Number(n) => return n.as_i64().and_then(|s| Utc.timestamp_opt(s, 0).single()),
        Value::String(s) => s.trim(),
        _ => return None,
    };
    if let Ok(secs) = text.parse::<i64>() {
        return Utc.timestamp_opt(secs, 0).single();
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok().map(|n| Utc.from_utc_datetime(&n))
}

/// `""`, `"0"` and `"-1"` mean the order has not reached a provider.
pub fn external_id_of(v: &Value) -> Option<String> {
    id_of(v).filter(|s| s != "0" && s != "-1")
}

/// Lower-cases the keys of an object (some panels capitalise them).
pub fn lower_keys(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.to_lowercase(), v.clone())).collect()),
        other => other.clone(),
    }
}

pub fn order_from_v2(raw: &Value) -> Option<Order> {
    let o = lower_keys(raw);
    Some(Order {
        panel_order_id: id_of(&o["id"])?,
        owner_username: text_of(&o["user"]),
        status: OrderStatus::parse(&text_of(&o["status"]).unwrap_or_default()),
        status_raw: text_of(&o["status"]).unwrap_or_default(),
        service_id: id_of(&o["service_id"]),
        service_name: text_of(&o["service_name"]),
        link: text_of(&o["link"]),
        quantity: count_of(&o["quantity"]).or_else(|| count_of(&o["count"])),
        start_count: count_of(&o["start_count"]),
        remains: count_of(&o["remains"]),
        charge: money_of(&o["charge"]["value"]).or_else(|| money_of(&o["charge"])),
        currency: text_of(&o["charge"]["currency_code"]),
        provider_domain: text_of(&o["provider"]),
        external_id: external_id_of(&o["external_id"]),
        created_at: date_of(&o["created"]).or_else(|| date_of(&o["created_at"])),
        updated_at: date_of(&o["last_update"]),
        panel_now: None,
        can_refill: bool_of(&o["actions"]["refill"]),
        can_cancel: bool_of(&o["actions"]["cancel_and_refund"]),
    })
}

pub fn order_from_v1(raw: &Value) -> Option<Order> {
    let o = lower_keys(raw);
    Some(Order {
        panel_order_id: id_of(&o["id"])?,
        owner_username: text_of(&o["username"]),
        status: OrderStatus::parse(&text_of(&o["order_status"]).unwrap_or_default()),
        status_raw: text_of(&o["order_status"]).unwrap_or_default(),
        service_id: id_of(&o["service_id"]),
        service_name: text_of(&o["service"]),
        link: text_of(&o["link"]),
        quantity: count_of(&o["quantity"]),
        start_count: count_of(&o["start_count"]),
        remains: count_of(&o["remains"]),
        charge: money_of(&o["charge"]),
        currency: None,
        provider_domain: text_of(&o["provider"]),
        external_id: external_id_of(&o["external_id"]),
        created_at: date_of(&o["date"]),
        updated_at: None,
        panel_now: date_of(&o["current_date"]),
        can_refill: None,
        can_cancel: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_status_token_in_the_contract_normalises() {
        use OrderStatus::*;
        for (raw, want) in [
            ("pending", Pending),
            ("Pending", Pending),
            ("processing", Processing),
            ("Processing", Processing),
            ("in progress", InProgress),
            ("In progress", InProgress),
            ("in_progress", InProgress),
            ("inprogress", InProgress),
            ("IN-PROGRESS", InProgress),
            ("completed", Completed),
            ("Completed", Completed),
            ("2", Completed),
            ("partial", Partial),
            ("Partial", Partial),
            ("canceled", Canceled),
            ("Canceled", Canceled),
            ("cancelled", Canceled),
            ("Refunded", Refunded),
            ("Awaiting", Awaiting),
            ("fail", Failed),
            ("Fail", Failed),
            ("failed", Failed),
            ("error", Failed),
            ("Error", Failed),
        ] {
            assert_eq!(OrderStatus::parse(raw), want, "{raw}");
        }
        assert_eq!(OrderStatus::parse(" Active "), Other("Active".into()));
    }

    #[test]
    fn loose_scalars() {
        assert_eq!(count_of(&json!("380.00")), Some(380));
        assert_eq!(count_of(&json!("")), None);
        assert_eq!(count_of(&json!(null)), None);
        assert_eq!(id_of(&json!(48213377)), Some("48213377".into()));
        assert_eq!(bool_of(&json!("yes")), Some(true));
        assert_eq!(money_of(&json!("1.87500")), Some("1.875".parse().expect("decimal")));
        assert_eq!(external_id_of(&json!("-1")), None);
        assert!(date_of(&json!("2025-03-02 14:05:51")).is_some());
        assert!(date_of(&json!(1740924351)).is_some());
        assert!(date_of(&json!("2025-03-02T14:05:51Z")).is_some());
        assert!(date_of(&json!("yesterday")).is_none());
    }

    #[test]
    fn debug_never_shows_the_provider_domain() {
        let o = order_from_v2(&json!({"id": 1, "provider": "secret-provider.example", "status": "completed"}))
            .expect("order");
        assert!(!format!("{o:?}").contains("secret-provider"));
    }
}
