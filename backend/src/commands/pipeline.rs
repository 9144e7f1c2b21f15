//! `handle_inbound`: parse → read the orders from the panel → check ownership and rules →
//! route → in one transaction claim cooldowns, log the command and queue the provider
//! messages → reply. Every channel, the owner's dry run and the integrator API come through here.
use std::collections::HashMap;

use shared::commands::{CommandResult, CommandSettings, OrderVerdict, Outcome, RefusalReason};
use shared::grammar::{Command, ParsedCommand, parse_command};

use super::cache::TenantConfig;
use super::commit::{Decided, Facts, commit, finish};
pub use super::domain::{DeliveryKey, Inbound};
use super::domain::{ServiceFacts, belongs_to, check_order};
use super::replies::{ReplyLine, StatusInfo};
use super::repo;
use crate::commands::engine::Engine;
use crate::db::entities::service_rules;
use crate::db::now;
use crate::error::AppError;
use crate::panels::client::{Order, OrderStatus, PanelError};
use crate::routing::domain::Accepted;
use crate::service_rules::{RefillPolicy, ServiceText};
use crate::settings::domain::grammar;

fn facts_for(
    order: &Order,
    settings: &CommandSettings,
    advanced: &HashMap<String, service_rules::Model>,
    parsed_services: &super::cache::ParsedServices,
) -> ServiceFacts {
    let row =
        order.service_id.as_ref().and_then(|id| advanced.get(id)).filter(|_| settings.service_rules_mode == "advanced");
    let name = row.map(|r| r.name.as_str()).or(order.service_name.as_deref()).unwrap_or("");
    let (description, category) = row.map(|r| (r.description.as_str(), r.category.as_str())).unwrap_or(("", ""));
    let parsed = parsed_services.get_or_parse(ServiceText { name, description, category });
    let refill = row
        .and_then(|r| r.refill_override.as_deref())
        .map(|o| match o {
            "none" => RefillPolicy::None,
            "lifetime" => RefillPolicy::Lifetime,
            "unknown" => RefillPolicy::Unknown,
            days => days.parse().map(RefillPolicy::Days).unwrap_or(RefillPolicy::Unknown),
        })
        .unwrap_or(parsed.refill);
    ServiceFacts {
        refill,
        start_max_hours: row.and_then(|r| r.start_override_hours).or(parsed.start_max_hours),
        refill_on_partial: row.and_then(|r| r.refill_on_partial),
        cancel_allowed: row.and_then(|r| r.cancel_allowed),
    }
}

fn verdict(order_id: &str, outcome: Outcome, reason: Option<RefusalReason>, alias: Option<String>) -> Decided {
    Decided {
        verdict: OrderVerdict {
            order_id: order_id.to_string(),
            outcome,
            reason,
            provider_alias: alias,
            destination_name: None,
        },
        line: ReplyLine { order_id: order_id.to_string(), outcome, reason, status: None, cooldown_left: None },
        accepted: None,
    }
}

/// Parses the message with the tenant's grammar settings, then `handle_parsed`.
pub async fn handle_inbound(engine: &Engine, inbound: Inbound) -> Result<CommandResult, AppError> {
    let config = engine.config(&inbound.tenant_id).await?;
    let parsed = parse_command(&inbound.text, &grammar(&config.settings));
    handle_parsed(engine, &config, inbound, parsed).await
}

/// A message already parsed (the chats parse it once to decide who may act, and hand it here).
pub async fn handle_parsed(
    engine: &Engine,
    config: &TenantConfig,
    inbound: Inbound,
    parsed: ParsedCommand,
) -> Result<CommandResult, AppError> {
    let templates = &config.templates;
    let silent = CommandResult {
        command_id: None,
        command: Command::Silent,
        order_ids: Vec::new(),
        verdicts: Vec::new(),
        reply: String::new(),
        messages: Vec::new(),
        dry_run: inbound.dry_run,
    };
    if !inbound.dry_run
        && parsed.command != Command::Silent
        && let Some(why) = engine.billing.pause_reason(&engine.db, &inbound.tenant_id).await?
    {
        return paused(engine, config, &inbound, &parsed, why).await;
    }
    match parsed.command {
        Command::Silent => Ok(silent),
        Command::Help => finish(engine, &inbound, &parsed, Vec::new(), templates.help.clone(), Vec::new(), None).await,
        Command::Balance => {
            let (reply, problem) = balance_reply(engine, &inbound, config).await?;
            finish(engine, &inbound, &parsed, Vec::new(), reply, Vec::new(), problem).await
        }
        _ => order_command(engine, &inbound, &parsed, config).await,
    }
}

/// The workspace's subscription expired, it is suspended or has no plan, or its plan's requests
/// for the month are used up: the request is
/// logged as paused, nothing goes to a provider (nor is it replayed later: it would be stale),
/// and the customer hears "temporarily unavailable" at most once a day per chat.
async fn paused(
    engine: &Engine,
    config: &TenantConfig,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    why: String,
) -> Result<CommandResult, AppError> {
    let chat_key: String = format!("{}:{}", inbound.channel, inbound.chat).chars().take(160).collect();
    let now = engine.billing.now();
    let tell = engine.db.write(async |c| repo::take_paused_reply(c, &inbound.tenant_id, &chat_key, now).await).await?;
    let reply = if tell { config.templates.service_paused.clone() } else { String::new() };
    let problem = format!("paused: {why}");
    super::commit::finish_paused(engine, inbound, parsed, reply, problem).await
}

async fn balance_reply(
    engine: &Engine,
    inbound: &Inbound,
    config: &super::cache::TenantConfig,
) -> Result<(String, Option<String>), AppError> {
    let t = &config.templates;
    let Some(username) = &inbound.username else { return Ok((t.balance_unavailable.clone(), None)) };
    let client = engine.panels.client(&config.panel(&engine.db, &inbound.tenant_id, &inbound.panel_id).await?)?;
    Ok(match client.user(username).await {
        Ok(Some(user)) => match user.balance {
            Some(b) => (shared::templates::render(&t.balance, &[("balance", format!("${:.2}", b))]), None),
            None => (t.balance_unavailable.clone(), None),
        },
        Ok(None) => (t.balance_unavailable.clone(), None),
        Err(e) => (t.balance_unavailable.clone(), Some(e.for_owner())),
    })
}

/// The provider an order names: from the snapshot, or discovered now (then `true`: its new row
/// already counts this first sighting, and the snapshot is renewed).
async fn provider_for_order(
    engine: &Engine,
    config: &super::cache::TenantConfig,
    tenant_id: &str,
    reported: &str,
    via_panel: &str,
) -> Result<Option<(crate::db::entities::providers::Model, bool)>, AppError> {
    use crate::providers::service::{Source, reported_domain, upsert};
    let Some(domain) = reported_domain(reported) else { return Ok(None) };
    let hash = engine.vault.domain_lookup.hash(&[tenant_id, &domain]);
    if let Some(known) = config.providers_by_hash.get(&hash) {
        return Ok(Some((known.clone(), false)));
    }
    let source = Source::OrderCountedByCaller;
    let found = upsert(&engine.db, &engine.vault, tenant_id, &domain, source, None, Some(via_panel)).await?;
    engine.config_cache.invalidate(tenant_id);
    Ok(Some(found))
}

async fn order_command(
    engine: &Engine,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &super::cache::TenantConfig,
) -> Result<CommandResult, AppError> {
    let settings = &config.settings;
    let tenant = inbound.tenant_id.as_str();
    let panel = config.panel(&engine.db, tenant, &inbound.panel_id).await?;
    let client = engine.panels.client(&panel)?;
    // The panel's answer and what we recorded about these orders, read side by side.
    let (looked_up, seen) =
        tokio::join!(client.orders(&parsed.ids), repo::first_completed(&engine.db, tenant, &panel.id, &parsed.ids));
    let seen = seen?;
    let table = &config.routing;
    let no_rules = HashMap::new();
    let advanced = config.service_rules.get(&panel.id).unwrap_or(&no_rules);
    let now = now();
    let mut facts = Facts::default();
    let mut providers: HashMap<String, Option<(crate::db::entities::providers::Model, bool)>> = HashMap::new();
    let command = parsed.command;

    let mut decided = Vec::with_capacity(looked_up.len());
    for (id, result) in looked_up {
        let order = match result {
            Ok(order) => order,
            Err(PanelError::NotFound) => {
                decided.push(verdict(&id, Outcome::NotFound, None, None));
                continue;
            }
            Err(e) => {
                // The details go to the owner's logs; the customer gets the "API problem" template.
                tracing::warn!(order = %id, error = %e, "panel lookup failed");
                facts.problem(e.for_owner());
                decided.push(verdict(&id, Outcome::ApiProblem, None, None));
                continue;
            }
        };
        if !belongs_to(&order, inbound.username.as_deref()) {
            decided.push(verdict(&id, Outcome::NotYourOrder, None, None));
            continue;
        }
        if order.status == OrderStatus::Completed && !seen.contains_key(&id) {
            facts.completed.push((id.clone(), order.updated_at.unwrap_or(now).min(now)));
        }
        let provider = match order.provider_domain.as_deref() {
            Some(domain) => match providers.get(domain) {
                Some(known) => known.clone(),
                None => {
                    let found = provider_for_order(engine, config, tenant, domain, &panel.name).await?;
                    providers.insert(domain.to_string(), found.clone());
                    found
                }
            },
            None => None,
        };
        if let Some((p, _)) = &provider {
            facts.seen_by_provider.push(p.id.clone());
        }
        let provider = provider.as_ref().map(|(p, _)| p);
        let alias = provider.map(|p| p.alias.clone());
        if command == Command::Status {
            // Admin chats (support staff) see more; customers never see the provider or external id.
            let detail = inbound.username.is_none().then(|| {
                format!(
                    "Service {} · quantity {} · provider {} · external id {}",
                    order.service_name.as_deref().unwrap_or("—"),
                    order.quantity.map(|q| q.to_string()).unwrap_or_else(|| "—".into()),
                    alias.as_deref().unwrap_or("manual"),
                    order.external_id.as_deref().unwrap_or("—"),
                )
            });
            let mut d = verdict(&id, Outcome::Accepted, None, alias);
            d.line.status = Some(StatusInfo {
                label: order.status.label().to_string(),
                start_count: order.start_count,
                remains: order.remains,
                detail,
            });
            decided.push(d);
            continue;
        }
        let rule = facts_for(&order, settings, advanced, &config.parsed_services);
        if let Err(reason) = check_order(command, &order, &rule, seen.get(&id).copied(), settings, now) {
            decided.push(verdict(&id, Outcome::Refused, Some(reason), alias));
            continue;
        }
        if provider.is_some_and(|p| !p.enabled) {
            decided.push(verdict(&id, Outcome::Refused, Some(RefusalReason::ProviderDisabled), alias));
            continue;
        }
        let external_id = match (&alias, &order.external_id) {
            (Some(_), Some(ext)) => ext.clone(),
            (Some(_), None) => {
                decided.push(verdict(&id, Outcome::ProviderMissing, None, alias));
                continue;
            }
            // A manual service: the owner's own group gets the panel's order id.
            (None, _) => id.clone(),
        };
        let Some(route) =
            table.choose(&panel.id, order.service_id.as_deref(), provider.map(|p| p.id.as_str()), command)
        else {
            decided.push(verdict(&id, Outcome::RouteMissing, None, alias));
            continue;
        };
        let mut d = verdict(&id, Outcome::Accepted, None, alias);
        d.verdict.destination_name = Some(route.destination.name.clone());
        d.accepted = Some(Accepted {
            destination: route.destination,
            template: route.template,
            action: command,
            panel_order_id: id.clone(),
            external_id,
        });
        decided.push(d);
    }
    // A provider discovered by this command already counted its first order.
    for (p, _) in providers.values().flatten().filter(|(_, created)| *created) {
        if let Some(i) = facts.seen_by_provider.iter().position(|id| *id == p.id) {
            facts.seen_by_provider.remove(i);
        }
    }
    commit(engine, inbound, parsed, config, decided, facts, now).await
}
