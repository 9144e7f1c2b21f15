//! Routing and message planning: which destination an accepted order goes to, and the grouped,
//! length-limited messages each destination receives. Pure.
use std::collections::HashMap;

use shared::commands::{DestinationKind, PlannedMessage, RouteTemplates, SaveDestination};
use shared::grammar::Command;
use shared::templates::render;

/// Telegram's text limit; Green API accepts more, so this is the safe common limit.
pub const MAX_MESSAGE_CHARS: usize = 4096;
pub const DEFAULT_TEMPLATE: &str = "{external_ids} {command}";

#[derive(Debug, Clone, PartialEq)]
pub struct DestinationInfo {
    pub id: String,
    pub name: String,
    pub kind: DestinationKind,
    pub address: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RoutingTable {
    pub destinations: HashMap<String, DestinationInfo>,
    /// (panel id, service id) → (destination id, enabled)
    pub service_routes: HashMap<(String, String), (String, bool)>,
    /// provider id → (destination id, enabled, templates)
    pub provider_routes: HashMap<String, (String, bool, RouteTemplates)>,
    pub manual_destination: Option<String>,
    pub fallback_destination: Option<String>,
}

/// The chosen destination and the message template for an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub destination: DestinationInfo,
    pub template: String,
}

fn template_for(templates: Option<&RouteTemplates>, action: Command) -> String {
    let chosen = templates.map(|t| match action {
        Command::Refill => t.refill.as_str(),
        Command::Speed => t.speed.as_str(),
        Command::Cancel => t.cancel.as_str(),
        _ => "",
    });
    match chosen {
        Some(t) if !t.trim().is_empty() => t.to_string(),
        _ => DEFAULT_TEMPLATE.to_string(),
    }
}

impl RoutingTable {
    fn live(&self, id: &str) -> Option<&DestinationInfo> {
        self.destinations.get(id).filter(|d| d.enabled)
    }

    /// Service-ID rule → the provider's route → the manual destination (no provider) → fallback.
    pub fn choose(
        &self,
        panel_id: &str,
        service_id: Option<&str>,
        provider_id: Option<&str>,
        action: Command,
    ) -> Option<Route> {
        let provider_templates = provider_id.and_then(|p| self.provider_routes.get(p)).map(|(_, _, t)| t);
        let by_service = service_id
            .and_then(|s| self.service_routes.get(&(panel_id.to_string(), s.to_string())))
            .filter(|(_, enabled)| *enabled)
            .and_then(|(d, _)| self.live(d));
        let by_provider = provider_id
            .and_then(|p| self.provider_routes.get(p))
            .filter(|(_, enabled, _)| *enabled)
            .and_then(|(d, _, _)| self.live(d));
        let manual =
            if provider_id.is_none() { self.manual_destination.as_deref().and_then(|d| self.live(d)) } else { None };
        let fallback = self.fallback_destination.as_deref().and_then(|d| self.live(d));
        let destination = by_service.or(by_provider).or(manual).or(fallback)?;
        Some(Route { destination: destination.clone(), template: template_for(provider_templates, action) })
    }
}

/// One accepted order on its way to a destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub destination: DestinationInfo,
    pub template: String,
    pub action: Command,
    pub panel_order_id: String,
    /// The provider's order id; for a manual service, the panel's own order id.
    pub external_id: String,
}

fn render_group(template: &str, action: Command, items: &[&Accepted]) -> String {
    let external: Vec<&str> = items.iter().map(|a| a.external_id.as_str()).collect();
    let panel: Vec<&str> = items.iter().map(|a| a.panel_order_id.as_str()).collect();
    render(
        template,
        &[
            ("external_ids", external.join(", ")),
            ("external_id", external.first().copied().unwrap_or_default().to_string()),
            ("order_ids", panel.join(", ")),
            ("order_id", panel.first().copied().unwrap_or_default().to_string()),
            ("command", action.as_str().to_string()),
            ("count", items.len().to_string()),
        ],
    )
}

/// One message per (destination, action, template) listing all its ids, split only where a
/// message would pass the channel's length limit. Order of first appearance is kept.
pub fn plan_messages(accepted: &[Accepted], max_chars: usize) -> Vec<PlannedMessage> {
    let mut groups: Vec<(String, Command, String, Vec<&Accepted>)> = Vec::new();
    for a in accepted {
        match groups.iter_mut().find(|(d, c, t, _)| *d == a.destination.id && *c == a.action && *t == a.template) {
            Some((_, _, _, items)) => items.push(a),
            None => groups.push((a.destination.id.clone(), a.action, a.template.clone(), vec![a])),
        }
    }
    let mut out = Vec::new();
    for (_, action, template, items) in groups {
        let mut chunk: Vec<&Accepted> = Vec::new();
        for item in items {
            chunk.push(item);
            if chunk.len() > 1 && render_group(&template, action, &chunk).chars().count() > max_chars {
                chunk.pop();
                out.push(message(&template, action, &chunk));
                chunk = vec![item];
            }
        }
        if !chunk.is_empty() {
            out.push(message(&template, action, &chunk));
        }
    }
    out
}

fn message(template: &str, action: Command, chunk: &[&Accepted]) -> PlannedMessage {
    let first = chunk[0];
    PlannedMessage {
        destination_id: first.destination.id.clone(),
        destination_name: first.destination.name.clone(),
        action,
        text: render_group(template, action, chunk),
    }
}

/// The destination's name and address as stored, or why they cannot be.
pub fn clean_destination(b: &SaveDestination) -> Result<(String, String), String> {
    let name = crate::auth::domain::clean_name(&b.name, "destination name")?;
    let address = b.address.trim().to_string();
    let ok = match b.kind {
        DestinationKind::TelegramGroup | DestinationKind::TelegramUser => {
            address.strip_prefix('-').unwrap_or(&address).chars().all(|c| c.is_ascii_digit())
                && !address.trim_start_matches('-').is_empty()
                && address.len() <= 20
        }
        DestinationKind::WhatsappGroup => address.ends_with("@g.us") && address.len() <= 60,
        DestinationKind::WhatsappNumber => {
            let digits = address.trim_end_matches("@c.us").trim_start_matches('+');
            (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        }
    };
    if !ok {
        return Err(
            "the address must be a Telegram chat id (e.g. -1001234567890), a WhatsApp group id ending in @g.us, or a phone number with country code".into(),
        );
    }
    Ok((name, address))
}

/// A provider message template must name the ids it carries.
pub fn check_template(t: &RouteTemplates) -> Result<(), String> {
    for text in [&t.refill, &t.speed, &t.cancel] {
        if text.chars().count() > 500 {
            return Err("a message template must have at most 500 characters".into());
        }
        if !text.trim().is_empty() && !text.contains("{external_id") && !text.contains("{order_id") {
            return Err("a message template must contain {external_ids} (or {order_ids})".into());
        }
    }
    Ok(())
}

/// A service id is the number on the panel's Services page.
pub fn clean_service_id(id: &str) -> Result<String, String> {
    let id = id.trim();
    if id.is_empty() || id.len() > 20 || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err("the service id is the number from your panel's Services page".into());
    }
    Ok(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dest(id: &str, enabled: bool) -> DestinationInfo {
        DestinationInfo {
            id: id.into(),
            name: format!("Group {id}"),
            kind: DestinationKind::TelegramGroup,
            address: "-100".into(),
            enabled,
        }
    }

    fn table() -> RoutingTable {
        let mut t = RoutingTable::default();
        for d in ["svc", "prov", "manual", "fallback", "off"] {
            t.destinations.insert(d.into(), dest(d, d != "off"));
        }
        t.service_routes.insert(("panel".into(), "1234".into()), ("svc".into(), true));
        t.service_routes.insert(("panel".into(), "999".into()), ("svc".into(), false));
        t.provider_routes.insert(
            "p1".into(),
            ("prov".into(), true, RouteTemplates { refill: "{external_ids} refill pls".into(), ..Default::default() }),
        );
        t.provider_routes.insert("p2".into(), ("off".into(), true, RouteTemplates::default()));
        t.manual_destination = Some("manual".into());
        t.fallback_destination = Some("fallback".into());
        t
    }

    #[test]
    fn routes_are_chosen_in_the_documented_order() {
        let t = table();
        let id = |r: Option<Route>| r.map(|r| r.destination.id);
        assert_eq!(
            id(t.choose("panel", Some("1234"), Some("p1"), Command::Refill)),
            Some("svc".into()),
            "service rule first"
        );
        assert_eq!(
            id(t.choose("other", Some("1234"), Some("p1"), Command::Refill)),
            Some("prov".into()),
            "a service id is the panel's own: the same id on another panel is another service"
        );
        assert_eq!(
            id(t.choose("panel", Some("999"), Some("p1"), Command::Refill)),
            Some("prov".into()),
            "a disabled rule is skipped"
        );
        assert_eq!(
            id(t.choose("panel", Some("1"), None, Command::Refill)),
            Some("manual".into()),
            "no provider: manual services"
        );
        assert_eq!(
            id(t.choose("panel", Some("1"), Some("p2"), Command::Refill)),
            Some("fallback".into()),
            "disabled destination: fallback"
        );
        assert_eq!(id(t.choose("panel", Some("1"), Some("p9"), Command::Refill)), Some("fallback".into()));
        assert_eq!(
            RoutingTable::default().choose("panel", Some("1"), Some("p1"), Command::Refill),
            None,
            "no route at all"
        );
        assert_eq!(
            t.choose("panel", None, Some("p1"), Command::Refill).map(|r| r.template),
            Some("{external_ids} refill pls".into())
        );
        assert_eq!(
            t.choose("panel", None, Some("p1"), Command::Speed).map(|r| r.template),
            Some(DEFAULT_TEMPLATE.into())
        );
    }

    fn accepted(dest_id: &str, action: Command, n: usize) -> Vec<Accepted> {
        (0..n)
            .map(|i| Accepted {
                destination: dest(dest_id, true),
                template: DEFAULT_TEMPLATE.into(),
                action,
                panel_order_id: format!("{}", 2274209 + i),
                external_id: format!("{}", 596723 + i),
            })
            .collect()
    }

    #[test]
    fn one_message_per_destination_and_action_listing_all_ids() {
        let mut items = accepted("a", Command::Refill, 2);
        items.extend(accepted("b", Command::Refill, 1));
        let plan = plan_messages(&items, MAX_MESSAGE_CHARS);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].text, "596723, 596724 refill");
        assert_eq!(plan[1].text, "596723 refill");
    }

    #[test]
    fn long_lists_are_split_only_at_the_length_limit() {
        let items = accepted("a", Command::Speed, 100);
        assert_eq!(plan_messages(&items, MAX_MESSAGE_CHARS).len(), 1);
        let plan = plan_messages(&items, 100);
        assert!(plan.len() > 1 && plan.iter().all(|m| m.text.chars().count() <= 100));
        let listed: usize = plan.iter().map(|m| m.text.matches(", ").count() + 1).sum();
        assert_eq!(listed, 100, "every id is sent exactly once");
    }

    #[test]
    fn templates_fill_known_variables_only() {
        assert_eq!(
            render(
                "{order_id} -> {external_id} {command} {nope}",
                &[("order_id", "1".into()), ("external_id", "2".into()), ("command", "refill".into())]
            ),
            "1 -> 2 refill {nope}"
        );
    }
}
