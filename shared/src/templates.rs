//! Reply and message templates: `{name}` variables filled in (the server's replies and provider
//! messages, and the workspace's previews use the same function).

/// Fills `{name}` variables; unknown ones stay as written.
pub fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every reply template (its field name in `Templates`) with the name owners see.
pub const LABELS: [(&str, &str); 24] = [
    ("refill_ok", "Refill accepted"),
    ("speed_ok", "Speed accepted"),
    ("cancel_ok", "Cancel accepted"),
    ("status", "Order status"),
    ("refused", "Refused (with the reason)"),
    ("not_your_order", "Not your order"),
    ("not_found", "Order not found"),
    ("provider_missing", "Provider missing"),
    ("route_missing", "Route missing"),
    ("api_problem", "Panel problem"),
    ("cooldown", "Cooldown active"),
    ("bulk_summary", "Bulk summary (more than 5 ids)"),
    ("help", "Help"),
    ("balance", "Balance"),
    ("balance_unavailable", "Balance unavailable"),
    ("link_required", "Please link your account"),
    ("text_only", "Please send text (WhatsApp media, unreadable message)"),
    ("link_received", "Link request received"),
    ("link_pending", "Link still pending"),
    ("link_conflict", "Chat linked to another account"),
    ("undelivered_refill", "Refill did not reach the provider"),
    ("undelivered_speed", "Speed-up did not reach the provider"),
    ("undelivered_cancel", "Cancel did not reach the provider"),
    ("service_paused", "Support paused (subscription expired)"),
];

/// The name owners see for a template key.
pub fn label(key: &str) -> &str {
    LABELS.iter().find(|(k, _)| *k == key).map_or(key, |(_, l)| l)
}

/// The variables each reply template may use (by its field name in `Templates`).
pub fn variables(key: &str) -> &'static [&'static str] {
    match key {
        "refill_ok" | "speed_ok" | "cancel_ok" | "not_your_order" | "not_found" | "provider_missing"
        | "route_missing" | "api_problem" => &["order_id", "command"],
        "status" => &["order_id", "command", "status", "start_count", "remains"],
        "refused" => &["order_id", "command", "reason"],
        "cooldown" => &["order_id", "command", "time_left"],
        "bulk_summary" => &["command", "total", "accepted", "refused", "not_found", "other"],
        "balance" => &["balance"],
        "link_received" => &["username"],
        "undelivered_refill" | "undelivered_speed" | "undelivered_cancel" => &["order_id"],
        _ => &[],
    }
}

/// Checks a template's `{variables}`: every `{` closed, every name one this template knows.
/// The error names the problem and what may be used instead.
pub fn check(template: &str, allowed: &[&str]) -> Result<(), String> {
    let offer = || {
        if allowed.is_empty() {
            "this reply has no variables".to_string()
        } else {
            format!("it can use {}", allowed.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(", "))
        }
    };
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}');
        let next_open = after.find('{');
        let Some(close) = close.filter(|c| next_open.is_none_or(|o| *c < o)) else {
            let shown: String = rest[open..].chars().take(20).collect();
            return Err(format!("“{shown}” opens a {{ that is never closed; {}", offer()));
        };
        let name = &after[..close];
        if !allowed.contains(&name) {
            let shown: String = name.chars().take(40).collect();
            return Err(format!("{{{shown}}} is not a variable of this reply; {}", offer()));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check, variables};

    #[test]
    fn variables_are_checked_by_template() {
        assert!(check("✅ Refill requested for order {order_id}.", variables("refill_ok")).is_ok());
        assert!(check("No braces at all", variables("help")).is_ok());
        let unknown = check("Order {order_id} {foo}", variables("refill_ok")).expect_err("unknown");
        assert!(unknown.contains("{foo}") && unknown.contains("{order_id}"), "{unknown}");
        let unclosed = check("Order {order_id is late", variables("refill_ok")).expect_err("unclosed");
        assert!(unclosed.contains("never closed"), "{unclosed}");
        assert!(check("Order {order_id {command}", variables("refill_ok")).is_err(), "a {{ before the close");
        assert!(check("{time_left}", variables("refill_ok")).is_err(), "another template's variable");
        assert!(check("in {time_left}", variables("cooldown")).is_ok());
        let none = check("Hi {username}", variables("help")).expect_err("no variables");
        assert!(none.contains("no variables"), "{none}");
    }

    #[test]
    fn known_variables_are_filled_and_unknown_ones_stay() {
        let out =
            super::render("{order_id} is {status} {nope}", &[("order_id", "7".into()), ("status", "done".into())]);
        assert_eq!(out, "7 is done {nope}");
    }
}
