//! `handle_inbound`: parse → read the orders from the panel → check ownership and rules →
//! route → in one transaction claim cooldowns, log the command and queue the provider
//! messages → reply. Every channel, the owner's dry run and the integrator API come through here.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, QueryTrait, Set};
use shared::commands::{CommandResult, CommandSettings, OrderVerdict, Outcome, RefusalReason};
use shared::grammar::{Command, GrammarSettings, ParsedCommand, parse_command};

use super::domain::{ServiceFacts, belongs_to, check_order, cooldown_for};
use super::replies::{ReplyLine, StatusInfo, compose};
use super::repo;
use super::routing::{Accepted, MAX_MESSAGE_CHARS, plan_messages};
use crate::db::entities::{command_log, dispatches, service_rules};
use crate::db::txn::WriteTxn;
use crate::db::{new_id, now};
use crate::error::AppError;
use crate::panels::client::{Order, OrderStatus, PanelError};
use crate::service_rules::{RefillPolicy, ServiceText};
use crate::state::AppState;

/// A customer message, wherever it came from.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub tenant_id: String,
    pub panel_id: String,
    /// `telegram`, `whatsapp`, `ticket`, `api` or `simulate`.
    pub channel: String,
    pub chat: String,
    pub text: String,
    /// The panel username linked to the chat; `None` for an admin chat (may act on any order).
    pub username: Option<String>,
    /// A dry run: nothing is sent, no cooldown is consumed, the log marks it.
    pub dry_run: bool,
}

/// What was decided for one id, with what the reply and the dispatch need.
#[derive(Clone)]
struct Decided {
    verdict: OrderVerdict,
    line: ReplyLine,
    accepted: Option<Accepted>,
}

fn grammar(settings: &CommandSettings) -> GrammarSettings {
    GrammarSettings {
        extra_words: settings.extra_words.iter().map(|w| (w.command, w.word.clone())).collect(),
        max_ids: settings.max_ids.clamp(1, 500),
    }
}

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

pub async fn handle_inbound(state: &AppState, inbound: Inbound) -> Result<CommandResult, AppError> {
    let config = super::cache::tenant_config(state, &inbound.tenant_id).await?;
    let (settings, templates) = (&config.settings, &config.templates);
    let parsed = parse_command(&inbound.text, &grammar(settings));
    let silent = CommandResult {
        command_id: None,
        command: Command::Silent,
        order_ids: Vec::new(),
        verdicts: Vec::new(),
        reply: String::new(),
        messages: Vec::new(),
        dry_run: inbound.dry_run,
    };
    match parsed.command {
        Command::Silent => Ok(silent),
        Command::Help => finish(state, &inbound, &parsed, Vec::new(), templates.help.clone(), Vec::new()).await,
        Command::Balance => {
            let reply = balance_reply(state, &inbound, &config).await?;
            finish(state, &inbound, &parsed, Vec::new(), reply, Vec::new()).await
        }
        _ => order_command(state, &inbound, &parsed, &config).await,
    }
}

async fn balance_reply(
    state: &AppState,
    inbound: &Inbound,
    config: &super::cache::TenantConfig,
) -> Result<String, AppError> {
    let t = &config.templates;
    let Some(username) = &inbound.username else { return Ok(t.balance_unavailable.clone()) };
    let client = state.panel_client(&config.panel(state, &inbound.tenant_id, &inbound.panel_id).await?)?;
    Ok(match client.user(username).await {
        Ok(Some(user)) => match user.balance {
            Some(b) => super::routing::render(&t.balance, &[("balance", format!("${:.2}", b))]),
            None => t.balance_unavailable.clone(),
        },
        Ok(None) | Err(_) => t.balance_unavailable.clone(),
    })
}

async fn order_command(
    state: &AppState,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &super::cache::TenantConfig,
) -> Result<CommandResult, AppError> {
    let settings = &config.settings;
    let tenant = inbound.tenant_id.as_str();
    let panel = config.panel(state, tenant, &inbound.panel_id).await?;
    let client = state.panel_client(&panel)?;
    // The panel's answer and what we recorded about these orders, read side by side.
    let (looked_up, seen) =
        tokio::join!(client.orders(&parsed.ids), repo::first_completed(&state.db, tenant, &panel.id, &parsed.ids));
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
                    let found = crate::providers::repo::resolve_for_order(state, tenant, domain).await?;
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
        let Some(route) = table.choose(order.service_id.as_deref(), provider.map(|p| p.id.as_str()), command) else {
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
    commit(state, inbound, parsed, config, decided, facts, now).await
}

/// Observations made while checking, written in the command's transaction.
#[derive(Default)]
struct Facts {
    /// Orders seen Completed for the first time, with when they completed.
    completed: Vec<(String, DateTime<Utc>)>,
    /// One entry per order seen, by provider id.
    seen_by_provider: Vec<String>,
}

/// What one command writes and answers, once its cooldowns are settled.
struct Planned {
    verdicts: Vec<OrderVerdict>,
    reply: String,
    messages: Vec<shared::commands::PlannedMessage>,
    /// First sightings, the command log and the queued provider messages.
    statements: Vec<sea_orm::Statement>,
}

/// Claims cooldowns, logs the command and queues its messages in one transaction.
async fn commit(
    state: &AppState,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &super::cache::TenantConfig,
    decided: Vec<Decided>,
    facts: Facts,
    now: DateTime<Utc>,
) -> Result<CommandResult, AppError> {
    let command_id = new_id();
    let window = cooldown_for(parsed.command, &config.settings);
    let free = match inbound.dry_run {
        true => None,
        false => {
            commit_expecting_free(state, inbound, parsed, config, &decided, &facts, window, &command_id, now).await?
        }
    };
    let planned = match free {
        Some(planned) => planned,
        None => commit_claiming(state, inbound, parsed, config, decided, &facts, window, &command_id, now).await?,
    };
    {
        let mut seen = state.seen_counts.lock().unwrap_or_else(|p| p.into_inner());
        for provider_id in &facts.seen_by_provider {
            *seen.entry((inbound.tenant_id.clone(), provider_id.clone())).or_default() += 1;
        }
    }
    if !inbound.dry_run && !planned.messages.is_empty() {
        state.outbox_wakeup.notify_one();
    }
    Ok(CommandResult {
        command_id: Some(command_id),
        command: parsed.command,
        order_ids: parsed.ids.clone(),
        verdicts: planned.verdicts,
        reply: planned.reply,
        messages: planned.messages,
        dry_run: inbound.dry_run,
    })
}

/// The common case in one trip to the database (one script on SQLite, one statement on
/// PostgreSQL, see `db::txn`): plan as if no accepted order is cooling down, and insert the
/// cooldowns strictly (expired ones cleared first) together with the log and the messages. A
/// cooldown still held breaks its unique key, which undoes all of it: `None`, and the command
/// goes the claiming way. (On PostgreSQL the clearing and the insert run against one snapshot,
/// so an expired cooldown may also send the command the claiming way; the outcome is the same.)
#[allow(clippy::too_many_arguments)]
async fn commit_expecting_free(
    state: &AppState,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &super::cache::TenantConfig,
    decided: &[Decided],
    facts: &Facts,
    window: Option<chrono::Duration>,
    command_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Planned>, AppError> {
    let backend = state.db.get_database_backend();
    let mut statements = Vec::new();
    if let Some(window) = window {
        let wanted: Vec<&str> =
            decided.iter().filter(|d| d.accepted.is_some()).map(|d| d.verdict.order_id.as_str()).collect();
        let (tenant, panel_id, action) =
            (inbound.tenant_id.as_str(), inbound.panel_id.as_str(), parsed.command.as_str());
        statements.extend(repo::insert_free_cooldowns(
            backend,
            tenant,
            panel_id,
            &wanted,
            action,
            now + window,
            command_id,
            now,
        ));
    }
    let mut planned = plan(backend, inbound, parsed, config, decided.to_vec(), facts, command_id, now);
    statements.append(&mut planned.statements);
    match WriteTxn::begin(state).await?.commit_with(statements).await {
        Ok(_) => Ok(Some(planned)),
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Claims the cooldowns first (reading when they end for the orders that are cooling down),
/// then plans and writes. Dry runs only read the cooldowns.
#[allow(clippy::too_many_arguments)]
async fn commit_claiming(
    state: &AppState,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &super::cache::TenantConfig,
    mut decided: Vec<Decided>,
    facts: &Facts,
    window: Option<chrono::Duration>,
    command_id: &str,
    now: DateTime<Utc>,
) -> Result<Planned, AppError> {
    let tenant = inbound.tenant_id.as_str();
    let mut txn = WriteTxn::begin(state).await?;
    if let Some(window) = window {
        let wanted: Vec<&str> =
            decided.iter().filter(|d| d.accepted.is_some()).map(|d| d.verdict.order_id.as_str()).collect();
        let (panel_id, action) = (inbound.panel_id.as_str(), parsed.command.as_str());
        let held = if inbound.dry_run {
            repo::active_cooldowns(&mut txn, tenant, panel_id, &wanted, action).await?
        } else {
            repo::claim_cooldowns(&mut txn, tenant, panel_id, &wanted, action, now + window, command_id).await?
        };
        for d in decided.iter_mut().filter(|d| d.accepted.is_some()) {
            if let Some(until) = held.get(&d.verdict.order_id) {
                d.accepted = None;
                d.verdict.outcome = Outcome::CooldownActive;
                d.verdict.destination_name = None;
                d.line.outcome = Outcome::CooldownActive;
                d.line.cooldown_left = Some(*until - now);
            }
        }
    }
    let mut planned = plan(txn.backend(), inbound, parsed, config, decided, facts, command_id, now);
    txn.commit_with(std::mem::take(&mut planned.statements)).await?;
    Ok(planned)
}

/// The reply, the grouped provider messages and the statements that record them (pure).
#[allow(clippy::too_many_arguments)]
fn plan(
    backend: sea_orm::DbBackend,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &super::cache::TenantConfig,
    decided: Vec<Decided>,
    facts: &Facts,
    command_id: &str,
    now: DateTime<Utc>,
) -> Planned {
    let tenant = inbound.tenant_id.as_str();
    let mut statements = Vec::with_capacity(3);
    statements.extend(repo::record_completed(backend, tenant, &inbound.panel_id, &facts.completed));
    let accepted: Vec<Accepted> = decided.iter().filter_map(|d| d.accepted.clone()).collect();
    let messages = plan_messages(&accepted, MAX_MESSAGE_CHARS);
    let lines: Vec<ReplyLine> = decided.iter().map(|d| d.line.clone()).collect();
    let reply = compose(parsed.command, &lines, &config.templates);
    let verdicts: Vec<OrderVerdict> = decided.into_iter().map(|d| d.verdict).collect();
    statements.push(log_command(backend, command_id, inbound, parsed, &verdicts, &reply));
    if !inbound.dry_run && !messages.is_empty() {
        let mut parts: HashMap<(&str, &str), i32> = HashMap::new();
        let rows = messages.iter().map(|m| {
            let part = parts.entry((m.destination_id.as_str(), m.action.as_str())).or_insert(0);
            *part += 1;
            let alias = accepted
                .iter()
                .find(|a| a.destination.id == m.destination_id)
                .and_then(|a| verdicts.iter().find(|v| v.order_id == a.panel_order_id))
                .and_then(|v| v.provider_alias.clone());
            dispatches::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(tenant.to_string()),
                command_id: Set(command_id.to_string()),
                destination_id: Set(m.destination_id.clone()),
                destination_name: Set(m.destination_name.clone()),
                provider_alias: Set(alias),
                action: Set(m.action.as_str().to_string()),
                part: Set(*part),
                message: Set(m.text.clone()),
                status: Set("pending".into()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                last_error: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
            }
        });
        statements.push(dispatches::Entity::insert_many(rows).build(backend));
    }
    Planned { verdicts, reply, messages, statements }
}

fn overall(verdicts: &[OrderVerdict]) -> &'static str {
    match verdicts {
        [] => "answered",
        v if v.iter().all(|x| x.outcome == Outcome::Accepted) => "accepted",
        v if v.iter().any(|x| x.outcome == Outcome::Accepted) => "partly_accepted",
        [one, ..] => one.outcome.as_str(),
    }
}

fn log_command(
    backend: sea_orm::DbBackend,
    id: &str,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    verdicts: &[OrderVerdict],
    reply: &str,
) -> sea_orm::Statement {
    let row = command_log::ActiveModel {
        id: Set(id.to_string()),
        tenant_id: Set(inbound.tenant_id.clone()),
        panel_id: Set(Some(inbound.panel_id.clone())),
        channel: Set(inbound.channel.clone()),
        chat: Set(inbound.chat.clone()),
        text: Set(inbound.text.chars().take(2000).collect()),
        command: Set(parsed.command.as_str().to_string()),
        order_ids: Set(serde_json::to_string(&parsed.ids).unwrap_or_default()),
        outcome: Set(overall(verdicts).to_string()),
        verdicts: Set(serde_json::to_string(verdicts).unwrap_or_default()),
        reply: Set(reply.to_string()),
        dry_run: Set(inbound.dry_run),
        created_at: Set(now()),
    };
    command_log::Entity::insert(row).build(backend)
}

async fn finish(
    state: &AppState,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    verdicts: Vec<OrderVerdict>,
    reply: String,
    messages: Vec<shared::commands::PlannedMessage>,
) -> Result<CommandResult, AppError> {
    let id = new_id();
    let txn = WriteTxn::begin(state).await?;
    let log = log_command(txn.backend(), &id, inbound, parsed, &verdicts, &reply);
    txn.commit_with(vec![log]).await?;
    Ok(CommandResult {
        command_id: Some(id),
        command: parsed.command,
        order_ids: parsed.ids.clone(),
        verdicts,
        reply,
        messages,
        dry_run: inbound.dry_run,
    })
}
